<?php
/**
 * REST routes for the settings page's Webhooks section: a narrow proxy to the backend's
 * admin/webhooks routes, behind manage_options and the wp_rest nonce like the Calendars
 * routes. The signing secret passes through only in the create and rotate answers.
 *
 * @package LumaLeasing
 */

namespace LumaLeasing;

defined( 'ABSPATH' ) || exit;

/**
 * lumaleasing/v1/webhooks…
 */
final class Webhooks_Rest {

	const EVENT_TYPES = array( 'lead.created', 'lead.updated', 'tour.booked', 'tour.rescheduled', 'tour.cancelled', 'tour.completed', 'tour.no_show' );
	const ID          = '(?P<id>[0-9a-fA-F-]{36})';
	const STATUSES    = array( 'pending', 'delivered', 'failed', 'skipped' );

	/**
	 * Registers the routes (rest_api_init). Parameters are checked in the callbacks (see Rest).
	 */
	public static function register_routes() {
		$routes = array(
			array( '/webhooks', 'GET', 'index' ),
			array( '/webhooks', 'POST', 'create' ),
			array( '/webhooks/deliveries/(?P<delivery>\d{1,18})/resend', 'POST', 'resend' ),
			array( '/webhooks/' . self::ID, 'POST', 'update' ),
			array( '/webhooks/' . self::ID . '/rotate-secret', 'POST', 'rotate' ),
			array( '/webhooks/' . self::ID . '/delete', 'POST', 'delete' ),
			array( '/webhooks/' . self::ID . '/test', 'POST', 'test' ),
			array( '/webhooks/' . self::ID . '/deliveries', 'GET', 'deliveries' ),
		);
		foreach ( $routes as $route ) {
			register_rest_route(
				Rest::NAMESPACE_V1,
				$route[0],
				array(
					'methods'             => $route[1],
					'callback'            => array( __CLASS__, $route[2] ),
					'permission_callback' => array( Rest::class, 'can_manage' ),
				)
			);
		}
	}

	/**
	 * GET webhooks.
	 *
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function index() {
		return self::proxy(
			function ( Backend_Client $client ) {
				return $client->list_webhooks();
			},
			function ( array $data ) {
				$endpoints = isset( $data['endpoints'] ) && is_array( $data['endpoints'] ) ? $data['endpoints'] : array();
				return array(
					'success'    => true,
					'eventTypes' => self::EVENT_TYPES,
					'endpoints'  => array_values( array_filter( array_map( array( __CLASS__, 'shape_endpoint' ), $endpoints ) ) ),
				);
			}
		);
	}

	/**
	 * POST webhooks { url, events }: the secret comes back this once.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function create( $request ) {
		$fields = self::input( (array) $request->get_json_params(), false );
		if ( is_wp_error( $fields ) ) {
			return $fields;
		}
		return self::proxy(
			function ( Backend_Client $client ) use ( $fields ) {
				return $client->create_webhook( $fields );
			},
			array( __CLASS__, 'shape_secret_answer' )
		);
	}

	/**
	 * POST webhooks/:id { url?, events?, enabled? }.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function update( $request ) {
		$fields = self::input( (array) $request->get_json_params(), true );
		if ( is_wp_error( $fields ) ) {
			return $fields;
		}
		$id = (string) $request->get_param( 'id' );
		return self::proxy(
			function ( Backend_Client $client ) use ( $id, $fields ) {
				return $client->update_webhook( $id, $fields );
			},
			function ( array $data ) {
				return array(
					'success'  => true,
					'endpoint' => self::shape_endpoint( $data['endpoint'] ?? null ),
				);
			}
		);
	}

	/**
	 * POST webhooks/:id/rotate-secret: the new secret, this once.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function rotate( $request ) {
		return self::action( $request, 'rotate-secret', array( __CLASS__, 'shape_secret_answer' ) );
	}

	/**
	 * POST webhooks/:id/delete.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function delete( $request ) {
		return self::action(
			$request,
			'delete',
			function () {
				return array( 'success' => true );
			}
		);
	}

	/**
	 * POST webhooks/:id/test: a test event queued.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function test( $request ) {
		return self::action( $request, 'test', array( __CLASS__, 'shape_delivery_answer' ) );
	}

	/**
	 * GET webhooks/:id/deliveries: the delivery log.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function deliveries( $request ) {
		$id = (string) $request->get_param( 'id' );
		return self::proxy(
			function ( Backend_Client $client ) use ( $id ) {
				return $client->webhook_deliveries( $id, 50 );
			},
			function ( array $data ) {
				$rows = isset( $data['deliveries'] ) && is_array( $data['deliveries'] ) ? $data['deliveries'] : array();
				return array(
					'success'    => true,
					'deliveries' => array_values( array_filter( array_map( array( __CLASS__, 'shape_delivery' ), $rows ) ) ),
				);
			}
		);
	}

	/**
	 * POST webhooks/deliveries/:delivery/resend: "send again".
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function resend( $request ) {
		$delivery = (string) $request->get_param( 'delivery' );
		return self::proxy(
			function ( Backend_Client $client ) use ( $delivery ) {
				return $client->resend_webhook_delivery( $delivery );
			},
			array( __CLASS__, 'shape_delivery_answer' )
		);
	}

	/**
	 * Checks a create (all of url and events) or update (any of url, events, enabled) body.
	 *
	 * @param array $params  Decoded JSON body.
	 * @param bool  $partial Update: every field optional, at least one.
	 * @return array|\WP_Error The fields to send on.
	 */
	public static function input( array $params, bool $partial ) {
		$fields = array();
		if ( array_key_exists( 'url', $params ) || ! $partial ) {
			$url = isset( $params['url'] ) && is_string( $params['url'] ) ? trim( $params['url'] ) : '';
			if ( '' === $url || strlen( $url ) > 2000 || ! preg_match( '#^https?://[^\s<>"\'\\\\]+$#i', $url ) ) {
				return self::invalid( __( 'Enter the endpoint\'s full https:// URL.', 'lumaleasing' ) );
			}
			$fields['url'] = $url;
		}
		if ( array_key_exists( 'events', $params ) || ! $partial ) {
			$events = isset( $params['events'] ) && is_array( $params['events'] ) ? array_values( array_unique( $params['events'], SORT_REGULAR ) ) : array();
			foreach ( $events as $event ) {
				if ( ! is_string( $event ) || ! in_array( $event, self::EVENT_TYPES, true ) ) {
					return self::invalid( __( 'Pick events from the list.', 'lumaleasing' ) );
				}
			}
			if ( ! $events ) {
				return self::invalid( __( 'Pick at least one event.', 'lumaleasing' ) );
			}
			$fields['events'] = $events;
		}
		if ( array_key_exists( 'enabled', $params ) ) {
			if ( ! is_bool( $params['enabled'] ) ) {
				return self::invalid( __( 'enabled must be true or false.', 'lumaleasing' ) );
			}
			$fields['enabled'] = $params['enabled'];
		}
		if ( $partial && ! $fields ) {
			return self::invalid( __( 'Nothing to change.', 'lumaleasing' ) );
		}
		return $fields;
	}

	/**
	 * An endpoint with known fields only, typed; null when it is not one.
	 *
	 * @param mixed $row Backend endpoint.
	 * @return array|null
	 */
	public static function shape_endpoint( $row ) {
		if ( ! is_array( $row ) || ! isset( $row['id'] ) || ! is_string( $row['id'] ) || ! preg_match( '/^[0-9a-fA-F-]{36}$/', $row['id'] ) ) {
			return null;
		}
		$events = isset( $row['events'] ) && is_array( $row['events'] ) ? $row['events'] : array();
		return array(
			'id'              => $row['id'],
			'url'             => isset( $row['url'] ) && is_string( $row['url'] ) ? esc_url_raw( $row['url'], array( 'http', 'https' ) ) : '',
			'events'          => array_values( array_intersect( self::EVENT_TYPES, $events ) ),
			'enabled'         => true === ( $row['enabled'] ?? null ),
			'createdAt'       => self::text( $row, 'createdAt' ),
			'secretRotatedAt' => '' === self::text( $row, 'secretRotatedAt' ) ? null : self::text( $row, 'secretRotatedAt' ),
		);
	}

	/**
	 * A delivery log row with known fields only; null when it is not one.
	 *
	 * @param mixed $row Backend delivery.
	 * @return array|null
	 */
	public static function shape_delivery( $row ) {
		if ( ! is_array( $row ) || ! isset( $row['id'] ) || ! is_string( $row['id'] ) || ! preg_match( '/^\d{1,18}$/', $row['id'] ) ) {
			return null;
		}
		$status = self::text( $row, 'status' );
		return array(
			'id'             => $row['id'],
			'eventId'        => self::text( $row, 'eventId' ),
			'eventType'      => self::text( $row, 'eventType' ),
			'status'         => in_array( $status, self::STATUSES, true ) ? $status : 'pending',
			'responseStatus' => isset( $row['responseStatus'] ) && is_int( $row['responseStatus'] ) ? $row['responseStatus'] : null,
			'attempts'       => isset( $row['attempts'] ) && is_int( $row['attempts'] ) ? $row['attempts'] : 0,
			'createdAt'      => self::text( $row, 'createdAt' ),
			'lastAttemptAt'  => '' === self::text( $row, 'lastAttemptAt' ) ? null : self::text( $row, 'lastAttemptAt' ),
			'error'          => '' === self::text( $row, 'error' ) ? null : self::text( $row, 'error' ),
		);
	}

	/**
	 * Create and rotate: the endpoint and its secret (only a well-formed whsec_ secret passes).
	 *
	 * @param array $data Backend body.
	 * @return array|\WP_Error
	 */
	public static function shape_secret_answer( array $data ) {
		$secret   = isset( $data['secret'] ) && is_string( $data['secret'] ) ? $data['secret'] : '';
		$endpoint = self::shape_endpoint( $data['endpoint'] ?? null );
		if ( ! preg_match( '#^whsec_[A-Za-z0-9+/]+=*$#', $secret ) || null === $endpoint ) {
			return new \WP_Error( 'lumaleasing_bad_response', __( 'The backend sent an answer this site does not understand.', 'lumaleasing' ), array( 'status' => 502 ) );
		}
		return array(
			'success'  => true,
			'endpoint' => $endpoint,
			'secret'   => $secret,
		);
	}

	/**
	 * Test and resend: the queued delivery.
	 *
	 * @param array $data Backend body.
	 * @return array
	 */
	public static function shape_delivery_answer( array $data ): array {
		return array(
			'success'  => true,
			'delivery' => self::shape_delivery( $data['delivery'] ?? null ),
		);
	}

	/**
	 * A refusal the backend explained (404, 409, 422) is passed on with its words; anything
	 * else is a 502 like the Calendars routes'.
	 *
	 * @param array $result Backend_Client failure.
	 * @return \WP_Error
	 */
	public static function backend_error( array $result ) {
		$status = (int) $result['status'];
		if ( 'backend_error' === $result['error'] && in_array( $status, array( 404, 409, 422 ), true ) ) {
			$message = (string) $result['message'];
			$colon   = strpos( $message, ': ' );
			$message = false === $colon ? $message : substr( $message, $colon + 2 );
			return new \WP_Error(
				404 === $status ? 'lumaleasing_webhook_not_found' : 'lumaleasing_webhook_refused',
				'' === trim( $message ) ? __( 'The backend refused this change.', 'lumaleasing' ) : sanitize_text_field( $message ),
				array( 'status' => $status )
			);
		}
		if ( 'unauthorized' === $result['error'] ) {
			return new \WP_Error(
				'lumaleasing_backend_unauthorized',
				__( 'The backend no longer accepts this site key. Paste a new site key in the Connection section.', 'lumaleasing' ),
				array( 'status' => 502 )
			);
		}
		return new \WP_Error(
			'unreachable' === $result['error'] ? 'lumaleasing_backend_unreachable' : 'lumaleasing_backend_error',
			__( 'Could not reach the LumaLeasing backend. Try again in a moment.', 'lumaleasing' ),
			array(
				'status'        => 502,
				'backendStatus' => $status,
			)
		);
	}

	/**
	 * One backend call and its shaping.
	 *
	 * @param callable $call  Backend_Client → result.
	 * @param callable $shape Backend body → answer (or WP_Error).
	 * @return \WP_REST_Response|\WP_Error
	 */
	private static function proxy( callable $call, callable $shape ) {
		$client = Backend_Client::from_settings();
		if ( null === $client ) {
			return new \WP_Error(
				'lumaleasing_not_configured',
				__( 'Paste your site key in the Connection section and save it first.', 'lumaleasing' ),
				array( 'status' => 409 )
			);
		}
		$result = $call( $client );
		if ( ! $result['ok'] ) {
			return self::backend_error( $result );
		}
		$answer = $shape( $result['data'] );
		return is_wp_error( $answer ) ? $answer : rest_ensure_response( $answer );
	}

	/**
	 * rotate-secret, delete or test on the route's endpoint.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @param string           $action  Backend action.
	 * @param callable         $shape   Backend body → answer.
	 * @return \WP_REST_Response|\WP_Error
	 */
	private static function action( $request, string $action, callable $shape ) {
		$id = (string) $request->get_param( 'id' );
		return self::proxy(
			function ( Backend_Client $client ) use ( $id, $action ) {
				return $client->webhook_action( $id, $action );
			},
			$shape
		);
	}

	/**
	 * @param string $message What to fix.
	 * @return \WP_Error
	 */
	private static function invalid( string $message ) {
		return new \WP_Error( 'lumaleasing_bad_webhook', $message, array( 'status' => 400 ) );
	}

	/**
	 * @param array  $row   Array.
	 * @param string $field Key.
	 * @return string
	 */
	private static function text( array $row, string $field ): string {
		return isset( $row[ $field ] ) && is_scalar( $row[ $field ] ) ? sanitize_text_field( (string) $row[ $field ] ) : '';
	}
}
