<?php
/**
 * REST routes for the Tours page: a narrow proxy to the backend's admin/tours routes, behind
 * the lumaleasing_manage_tours capability and the wp_rest nonce. Each change names the
 * WordPress user who made it (taken here from the session, never from the browser) and,
 * once the backend has made it, fires `lumaleasing_tour_changed` with the tour's id.
 *
 * @package LumaLeasing
 */

namespace LumaLeasing;

defined( 'ABSPATH' ) || exit;

/**
 * lumaleasing/v1/office/…: list, slots, agents, detail, book, and each action on a tour.
 */
final class Rest_Tours {

	const ID_PATTERN = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

	/** What each action passes on, besides `by`. */
	const ACTION_FIELDS = array(
		'outcome'    => array( 'outcome' ),
		'cancel'     => array( 'message' ),
		'reschedule' => array( 'start' ),
		'reassign'   => array( 'agentCalendarId' ),
		'notes'      => array( 'text' ),
	);

	/** What a phone or walk-in booking passes on, besides `by`. */
	const BOOK_FIELDS = array(
		'start',
		'firstName',
		'lastName',
		'email',
		'phone',
		'source',
		'moveInDate',
		'bedrooms',
		'pets',
		'specialRequests',
		'smsConsent',
		'smsConsentText',
		'language',
	);

	/** The list's filters passed on (status may repeat). */
	const LIST_FILTERS = array( 'from', 'to', 'days', 'agent', 'source', 'q', 'perDay' );

	/** Largest request body passed on (bytes). */
	const MAX_BYTES = 16000;

	/**
	 * Registers the routes (rest_api_init).
	 */
	public static function register_routes() {
		$can = array( __CLASS__, 'can_manage_tours' );
		$id  = '(?P<id>' . self::ID_PATTERN . ')';
		$routes = array(
			'/office/tours'        => array(
				array( 'GET', 'index' ),
				array( 'POST', 'book' ),
			),
			'/office/slots'        => array( array( 'GET', 'slots' ) ),
			'/office/agents'       => array( array( 'GET', 'agents' ) ),
			'/office/tours/' . $id => array( array( 'GET', 'detail' ) ),
			'/office/tours/' . $id . '/(?P<action>outcome|cancel|reschedule|reassign|notes)' => array( array( 'POST', 'act' ) ),
		);
		foreach ( $routes as $path => $methods ) {
			$handlers = array();
			foreach ( $methods as list( $method, $callback ) ) {
				$handlers[] = array(
					'methods'             => $method,
					'callback'            => array( __CLASS__, $callback ),
					'permission_callback' => $can,
				);
			}
			register_rest_route( Rest::NAMESPACE_V1, $path, $handlers );
		}
	}

	/**
	 * permission_callback: the leasing team's capability.
	 *
	 * @return bool
	 */
	public static function can_manage_tours(): bool {
		return current_user_can( Tours_Page::CAP );
	}

	/**
	 * The WordPress user who acts, as the backend records it.
	 *
	 * @return array{wpUserId:int,wpUserName:string}
	 */
	public static function acting_user(): array {
		$user = wp_get_current_user();
		$name = trim( (string) $user->display_name );
		if ( '' === $name ) {
			$name = (string) $user->user_login;
		}
		return array(
			'wpUserId'   => (int) $user->ID,
			'wpUserName' => substr( '' !== $name ? $name : 'user ' . (int) $user->ID, 0, 200 ),
		);
	}

	/**
	 * GET office/tours?from=&to=&agent=&status=&source=&q=
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function index( $request ) {
		$client = Backend_Client::from_settings();
		if ( null === $client ) {
			return Rest::not_configured();
		}
		return self::answer( ( new Tours_Client( $client ) )->office_tours( self::list_query( $request->get_params() ) ) );
	}

	/**
	 * The list's known filters as text; status may be a list or comma-separated.
	 *
	 * @param array $params Request parameters.
	 * @return array
	 */
	public static function list_query( array $params ): array {
		$query = array();
		foreach ( self::LIST_FILTERS as $key ) {
			if ( isset( $params[ $key ] ) && is_scalar( $params[ $key ] ) && '' !== (string) $params[ $key ] ) {
				$query[ $key ] = substr( (string) $params[ $key ], 0, 300 );
			}
		}
		if ( isset( $params['status'] ) ) {
			$statuses = array();
			foreach ( (array) $params['status'] as $status ) {
				if ( is_scalar( $status ) ) {
					$statuses = array_merge( $statuses, array_filter( explode( ',', (string) $status ), 'strlen' ) );
				}
			}
			if ( $statuses ) {
				$query['status'] = array_slice( $statuses, 0, 5 );
			}
		}
		return $query;
	}

	/**
	 * GET office/slots?from=YYYY-MM-DD&days=N
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function slots( $request ) {
		$client = Backend_Client::from_settings();
		if ( null === $client ) {
			return Rest::not_configured();
		}
		$from = (string) $request->get_param( 'from' );
		if ( '' !== $from && ! preg_match( '/^\d{4}-\d{2}-\d{2}$/', $from ) ) {
			return self::refused( __( 'Use a date like 2026-12-01.', 'lumaleasing' ), array( 'from' => __( 'Use a date like 2026-12-01.', 'lumaleasing' ) ) );
		}
		$days = absint( $request->get_param( 'days' ) );
		return self::answer( ( new Tours_Client( $client ) )->office_slots( $from, $days ? $days : 14 ) );
	}

	/**
	 * GET office/agents: the connected agents (for the legend and reassigning).
	 *
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function agents() {
		return Rest::status();
	}

	/**
	 * GET office/tours/:id
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function detail( $request ) {
		$client = Backend_Client::from_settings();
		if ( null === $client ) {
			return Rest::not_configured();
		}
		return self::answer( ( new Tours_Client( $client ) )->office_tour( strtolower( (string) $request->get_param( 'id' ) ) ) );
	}

	/**
	 * POST office/tours: book for someone who phoned or walked in.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function book( $request ) {
		$client = Backend_Client::from_settings();
		if ( null === $client ) {
			return Rest::not_configured();
		}
		return self::book_with( $client, $request->get_body() );
	}

	/**
	 * Books through `$client`: the known fields, `by` from the session, the action on success.
	 *
	 * @param Backend_Client $client Backend.
	 * @param mixed          $raw    Raw JSON body.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function book_with( Backend_Client $client, $raw ) {
		$body = self::fields( $raw, self::BOOK_FIELDS );
		if ( null === $body ) {
			return self::bad_body();
		}
		$result = ( new Tours_Client( $client ) )->office_book( array( 'by' => self::acting_user() ) + $body );
		if ( $result['ok'] && isset( $result['data']['booking']['id'] ) && is_string( $result['data']['booking']['id'] ) ) {
			do_action( 'lumaleasing_tour_changed', $result['data']['booking']['id'] );
		}
		return self::answer( $result, 201 );
	}

	/**
	 * POST office/tours/:id/{outcome|cancel|reschedule|reassign|notes}
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function act( $request ) {
		$client = Backend_Client::from_settings();
		if ( null === $client ) {
			return Rest::not_configured();
		}
		return self::act_with( $client, (string) $request->get_param( 'id' ), (string) $request->get_param( 'action' ), $request->get_body() );
	}

	/**
	 * Acts through `$client`: the action's known fields, `by` from the session, the action hook on success.
	 *
	 * @param Backend_Client $client Backend.
	 * @param string         $id     Tour id.
	 * @param string         $action outcome, cancel, reschedule, reassign or notes.
	 * @param mixed          $raw    Raw JSON body.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function act_with( Backend_Client $client, string $id, string $action, $raw ) {
		$id = strtolower( $id );
		if ( ! isset( self::ACTION_FIELDS[ $action ] ) || ! preg_match( '/^' . self::ID_PATTERN . '$/', $id ) ) {
			return self::bad_body();
		}
		$body = self::fields( $raw, self::ACTION_FIELDS[ $action ] );
		if ( null === $body ) {
			return self::bad_body();
		}
		$result = ( new Tours_Client( $client ) )->office_action( $id, $action, array( 'by' => self::acting_user() ) + $body );
		if ( $result['ok'] ) {
			do_action( 'lumaleasing_tour_changed', $id );
		}
		return self::answer( $result, 'notes' === $action ? 201 : 200 );
	}

	/**
	 * The known fields of a JSON object body (anything else, `by` included, is dropped);
	 * null when the body is not one JSON object or is too large.
	 *
	 * @param mixed    $body  Raw body.
	 * @param string[] $known Fields passed on.
	 * @return array|null
	 */
	public static function fields( $body, array $known ) {
		if ( ! is_string( $body ) || strlen( $body ) > self::MAX_BYTES ) {
			return null;
		}
		$decoded = '' === trim( $body ) ? array() : json_decode( $body, true );
		if ( ! is_array( $decoded ) || ( array() !== $decoded && array_keys( $decoded ) === range( 0, count( $decoded ) - 1 ) ) ) {
			return null;
		}
		return array_intersect_key( $decoded, array_flip( $known ) );
	}

	/**
	 * 400 for a body that is not one JSON object.
	 *
	 * @return \WP_Error
	 */
	private static function bad_body() {
		return new \WP_Error(
			'lumaleasing_bad_request',
			__( 'Send the fields as one JSON object.', 'lumaleasing' ),
			array( 'status' => 400 )
		);
	}

	/**
	 * A 422 with each field's message.
	 *
	 * @param string $message Summary.
	 * @param array  $fields  Field => message.
	 * @return \WP_Error
	 */
	private static function refused( string $message, array $fields ) {
		return new \WP_Error(
			'lumaleasing_invalid_input',
			$message,
			array(
				'status' => 422,
				'fields' => (object) $fields,
			)
		);
	}

	/**
	 * The backend's answer for the app: the data as it came on success; the backend's own
	 * status and code for the refusals a person can act on (422 fields, 409 with the
	 * alternatives, 404, 410, 503); anything else as the settings page reports it.
	 *
	 * @param array $result  Backend_Client result.
	 * @param int   $success Status for a success.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function answer( array $result, int $success = 200 ) {
		if ( $result['ok'] ) {
			$data = $result['data'];
			unset( $data['error'] );
			$response = rest_ensure_response( $data );
			$response->set_status( $success );
			return $response;
		}
		$status = (int) $result['status'];
		if ( in_array( $status, array( 404, 409, 410, 422, 503 ), true ) ) {
			$parts  = explode( ': ', (string) $result['message'], 2 );
			$fields = array();
			foreach ( isset( $result['fields'] ) ? $result['fields'] : array() as $field => $message ) {
				$fields[ $field ] = sanitize_text_field( $message );
			}
			$data = array(
				'status' => $status,
				'fields' => (object) $fields,
			);
			if ( isset( $result['alternatives'] ) ) {
				$data['alternatives'] = $result['alternatives'];
			}
			$code = isset( $result['code'] ) ? $result['code'] : 'refused';
			return new \WP_Error( 'lumaleasing_' . $code, sanitize_text_field( $parts[1] ?? $parts[0] ), $data );
		}
		return Rest::backend_error( $result );
	}
}
