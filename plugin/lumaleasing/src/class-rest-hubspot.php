<?php
/**
 * REST routes for the settings page's HubSpot section: a narrow proxy to the backend.
 *
 * Every route needs manage_options and the wp_rest nonce, like the Calendars routes. The
 * private-app token goes to the backend once and is never stored here or sent back.
 *
 * @package LumaLeasing
 */

namespace LumaLeasing;

defined( 'ABSPATH' ) || exit;

/**
 * lumaleasing/v1/hubspot: status, connect, disconnect, settings.
 */
final class Rest_HubSpot {

	const LEAD_STATUSES = array( 'NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'BAD_TIMING' );
	const OUTCOMES      = array( 'booked', 'completed', 'no_show', 'cancelled' );

	/**
	 * Registers the routes (rest_api_init).
	 */
	public static function register_routes() {
		$can = array( Rest::class, 'can_manage' );
		register_rest_route(
			Rest::NAMESPACE_V1,
			'/hubspot',
			array(
				array(
					'methods'             => 'GET',
					'callback'            => array( __CLASS__, 'status' ),
					'permission_callback' => $can,
				),
				array(
					'methods'             => 'POST',
					'callback'            => array( __CLASS__, 'connect' ),
					'permission_callback' => $can,
				),
			)
		);
		register_rest_route(
			Rest::NAMESPACE_V1,
			'/hubspot/disconnect',
			array(
				'methods'             => 'POST',
				'callback'            => array( __CLASS__, 'disconnect' ),
				'permission_callback' => $can,
			)
		);
		register_rest_route(
			Rest::NAMESPACE_V1,
			'/hubspot/settings',
			array(
				'methods'             => 'POST',
				'callback'            => array( __CLASS__, 'settings' ),
				'permission_callback' => $can,
			)
		);
	}

	/**
	 * GET hubspot.
	 *
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function status() {
		$client = Backend_Client::from_settings();
		if ( null === $client ) {
			return Rest::not_configured();
		}
		return self::answer( $client->hubspot_status() );
	}

	/**
	 * POST hubspot { token }.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function connect( $request ) {
		$client = Backend_Client::from_settings();
		if ( null === $client ) {
			return Rest::not_configured();
		}
		$token = $request->get_param( 'token' );
		if ( ! self::valid_token( $token ) ) {
			return new \WP_Error(
				'lumaleasing_bad_hubspot_token',
				__( 'Paste the private app access token from HubSpot (it starts with pat-).', 'lumaleasing' ),
				array( 'status' => 400 )
			);
		}
		return self::answer( $client->hubspot_connect( trim( $token ) ) );
	}

	/**
	 * POST hubspot/disconnect.
	 *
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function disconnect() {
		$client = Backend_Client::from_settings();
		if ( null === $client ) {
			return Rest::not_configured();
		}
		return self::answer( $client->hubspot_disconnect() );
	}

	/**
	 * POST hubspot/settings { leadStatusMap }.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function settings( $request ) {
		$client = Backend_Client::from_settings();
		if ( null === $client ) {
			return Rest::not_configured();
		}
		$map = self::lead_status_map( $request->get_param( 'leadStatusMap' ) );
		if ( null === $map ) {
			return new \WP_Error(
				'lumaleasing_bad_lead_status_map',
				__( 'Each tour outcome maps to one of HubSpot\'s lead statuses, or to none.', 'lumaleasing' ),
				array( 'status' => 400 )
			);
		}
		return self::answer( $client->hubspot_settings( $map ) );
	}

	/**
	 * Whether a submitted token looks like a private app's access token.
	 *
	 * @param mixed $value Submitted token.
	 * @return bool
	 */
	public static function valid_token( $value ): bool {
		return is_string( $value ) && strlen( trim( $value ) ) <= 200 && 1 === preg_match( '/^pat-[a-z0-9]+-[A-Za-z0-9-]+$/', trim( $value ) );
	}

	/**
	 * The submitted map with known outcomes and statuses only, or null when anything else is in it.
	 *
	 * @param mixed $value Submitted map.
	 * @return array|null
	 */
	public static function lead_status_map( $value ) {
		if ( ! is_array( $value ) || array() === $value ) {
			return null;
		}
		$map = array();
		foreach ( $value as $outcome => $status ) {
			if ( ! in_array( $outcome, self::OUTCOMES, true ) ) {
				return null;
			}
			if ( null === $status || '' === $status ) {
				$map[ $outcome ] = null;
			} elseif ( is_string( $status ) && in_array( $status, self::LEAD_STATUSES, true ) ) {
				$map[ $outcome ] = $status;
			} else {
				return null;
			}
		}
		return $map;
	}

	/**
	 * Keeps only the known status fields, typed (the token is never among them).
	 *
	 * @param array $data Backend body.
	 * @return array
	 */
	public static function shape_status( array $data ): array {
		$raw_map = isset( $data['leadStatusMap'] ) && is_array( $data['leadStatusMap'] ) ? $data['leadStatusMap'] : array();
		$map     = array();
		foreach ( self::OUTCOMES as $outcome ) {
			$status            = $raw_map[ $outcome ] ?? null;
			$map[ $outcome ]   = is_string( $status ) && in_array( $status, self::LEAD_STATUSES, true ) ? $status : null;
		}
		$portal = $data['portalId'] ?? null;
		return array(
			'success'       => true,
			'connected'     => true === ( $data['connected'] ?? null ),
			'portalId'      => is_int( $portal ) || ( is_string( $portal ) && ctype_digit( $portal ) ) ? (int) $portal : null,
			'connectedAt'   => self::nullable_text( $data, 'connectedAt' ),
			'lastSyncAt'    => self::nullable_text( $data, 'lastSyncAt' ),
			'lastError'     => self::nullable_text( $data, 'lastError' ),
			'lastErrorAt'   => self::nullable_text( $data, 'lastErrorAt' ),
			'leadStatusMap' => $map,
		);
	}

	/**
	 * The backend's answer for the app; a refusal of the token (422) passes on with its words.
	 *
	 * @param array $result Backend_Client result.
	 * @return \WP_REST_Response|\WP_Error
	 */
	private static function answer( array $result ) {
		if ( $result['ok'] ) {
			return rest_ensure_response( self::shape_status( $result['data'] ) );
		}
		if ( 422 === $result['status'] || 409 === $result['status'] ) {
			$parts = explode( ': ', (string) $result['message'], 2 );
			return new \WP_Error(
				'lumaleasing_hubspot_refused',
				sanitize_text_field( $parts[1] ?? $parts[0] ),
				array( 'status' => $result['status'] )
			);
		}
		return Rest::backend_error( $result );
	}

	/**
	 * @param array  $row   Array.
	 * @param string $field Key.
	 * @return string|null
	 */
	private static function nullable_text( array $row, string $field ) {
		$text = isset( $row[ $field ] ) && is_scalar( $row[ $field ] ) ? sanitize_text_field( (string) $row[ $field ] ) : '';
		return '' === $text ? null : $text;
	}
}
