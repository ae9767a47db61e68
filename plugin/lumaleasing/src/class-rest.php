<?php
/**
 * REST routes for the settings page's Calendars app: a narrow proxy to the backend.
 *
 * Every route needs manage_options; WordPress itself rejects cookie requests without the
 * wp_rest nonce (the user is then anonymous, so the capability check fails with 401).
 *
 * @package LumaLeasing
 */

namespace LumaLeasing;

defined( 'ABSPATH' ) || exit;

/**
 * lumaleasing/v1: status, tours, connect, disconnect.
 */
final class Rest {

	const NAMESPACE_V1 = 'lumaleasing/v1';
	const TOKEN_STATES = array( 'healthy', 'expiring', 'expired', 'revoked' );

	/**
	 * Registers the routes (rest_api_init). Parameters are checked inside the callbacks, not
	 * with route args: WordPress validates args before the permission callback, which would
	 * answer a visitor 400 instead of 401.
	 */
	public static function register_routes() {
		$can = array( __CLASS__, 'can_manage' );
		register_rest_route(
			self::NAMESPACE_V1,
			'/status',
			array(
				'methods'             => 'GET',
				'callback'            => array( __CLASS__, 'status' ),
				'permission_callback' => $can,
			)
		);
		register_rest_route(
			self::NAMESPACE_V1,
			'/tours',
			array(
				'methods'             => 'GET',
				'callback'            => array( __CLASS__, 'tours' ),
				'permission_callback' => $can,
			)
		);
		register_rest_route(
			self::NAMESPACE_V1,
			'/connect',
			array(
				'methods'             => 'POST',
				'callback'            => array( __CLASS__, 'connect' ),
				'permission_callback' => $can,
			)
		);
		register_rest_route(
			self::NAMESPACE_V1,
			'/disconnect',
			array(
				'methods'             => 'POST',
				'callback'            => array( __CLASS__, 'disconnect' ),
				'permission_callback' => $can,
			)
		);
	}

	/**
	 * permission_callback for every route.
	 *
	 * @return bool
	 */
	public static function can_manage(): bool {
		return current_user_can( 'manage_options' );
	}

	/**
	 * GET status: connected calendars and their health.
	 *
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function status() {
		$client = Backend_Client::from_settings();
		if ( null === $client ) {
			return self::not_configured();
		}
		$result = $client->calendar_status();
		if ( ! $result['ok'] ) {
			return self::backend_error( $result );
		}
		return rest_ensure_response(
			array(
				'success'   => true,
				'calendars' => self::shape_calendars( $result['data'] ),
			)
		);
	}

	/**
	 * GET tours?days=N: upcoming tours.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function tours( $request ) {
		$client = Backend_Client::from_settings();
		if ( null === $client ) {
			return self::not_configured();
		}
		$days = $request->get_param( 'days' );
		$days = null === $days ? 14 : self::days( $days );
		if ( null === $days ) {
			return new \WP_Error( 'lumaleasing_bad_days', __( 'days must be a whole number from 1 to 31.', 'lumaleasing' ), array( 'status' => 400 ) );
		}
		$result = ( new Tours_Client( $client ) )->tours( $days );
		if ( ! $result['ok'] ) {
			return self::backend_error( $result );
		}
		return rest_ensure_response( array( 'success' => true ) + self::shape_tours( $result['data'] ) );
	}

	/**
	 * POST connect: a connect URL for Google consent, minted by the backend for this admin.
	 *
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function connect() {
		$client = Backend_Client::from_settings();
		if ( null === $client ) {
			return self::not_configured();
		}
		$user   = wp_get_current_user();
		$result = $client->connect_ticket( (int) $user->ID, (string) $user->user_email, Admin_Page::url() );
		if ( ! $result['ok'] ) {
			return self::backend_error( $result );
		}
		$connect_url = self::safe_connect_url( $result['data'], $client->origin() );
		if ( null === $connect_url ) {
			return new \WP_Error(
				'lumaleasing_bad_connect_url',
				__( 'The backend sent a connect address this site does not trust.', 'lumaleasing' ),
				array( 'status' => 502 )
			);
		}
		return rest_ensure_response(
			array(
				'success'    => true,
				'connectUrl' => $connect_url,
			)
		);
	}

	/**
	 * POST disconnect { calendarId }.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function disconnect( $request ) {
		$client = Backend_Client::from_settings();
		if ( null === $client ) {
			return self::not_configured();
		}
		$calendar_id = $request->get_param( 'calendarId' );
		if ( ! self::valid_calendar_id( $calendar_id ) ) {
			return new \WP_Error( 'lumaleasing_bad_calendar_id', __( 'calendarId is missing or not valid.', 'lumaleasing' ), array( 'status' => 400 ) );
		}
		$result = $client->disconnect_calendar( $calendar_id );
		if ( ! $result['ok'] ) {
			return self::backend_error( $result );
		}
		return rest_ensure_response( self::shape_disconnect( $result['data'] ) );
	}

	/**
	 * The disconnect answer for the admin app: keptAtGoogle when another property still uses
	 * the same Google account, so its access at Google was left in place.
	 *
	 * @param mixed $data The backend's answer.
	 * @return array
	 */
	public static function shape_disconnect( $data ): array {
		return array(
			'success'      => true,
			'keptAtGoogle' => is_array( $data ) && true === ( $data['grantSharedWithAnotherProperty'] ?? null ),
		);
	}

	/**
	 * The days parameter as 1–31, or null when it is anything else.
	 *
	 * @param mixed $value Submitted value.
	 * @return int|null
	 */
	public static function days( $value ) {
		if ( is_int( $value ) || ( is_string( $value ) && preg_match( '/^\d{1,3}$/', $value ) ) ) {
			$days = (int) $value;
			return $days >= 1 && $days <= 31 ? $days : null;
		}
		return null;
	}

	/**
	 * Whether a calendar id looks like one.
	 *
	 * @param mixed $value Submitted id.
	 * @return bool
	 */
	public static function valid_calendar_id( $value ): bool {
		return is_string( $value ) && 1 === preg_match( '/^[A-Za-z0-9_-]{1,100}$/', $value );
	}

	/**
	 * Keeps only known calendar fields, typed.
	 *
	 * @param array $data Backend body.
	 * @return array[]
	 */
	public static function shape_calendars( array $data ): array {
		$calendars = isset( $data['calendars'] ) && is_array( $data['calendars'] ) ? $data['calendars'] : array();
		$shaped    = array();
		foreach ( $calendars as $calendar ) {
			if ( ! is_array( $calendar ) || ! isset( $calendar['id'] ) || ! is_scalar( $calendar['id'] ) ) {
				continue;
			}
			$status   = self::text( $calendar, 'tokenStatus' );
			$shaped[] = array(
				'id'                => self::text( $calendar, 'id' ),
				'accountEmail'      => self::text( $calendar, 'accountEmail' ),
				'tokenStatus'       => in_array( $status, self::TOKEN_STATES, true ) ? $status : 'unknown',
				'lastHealthCheckAt' => self::nullable_text( $calendar, 'lastHealthCheckAt' ),
				'lastRefreshAt'     => self::nullable_text( $calendar, 'lastRefreshAt' ),
				'timeZone'          => self::nullable_text( $calendar, 'timeZone' ),
			);
		}
		return $shaped;
	}

	/**
	 * Keeps only known tour fields, typed.
	 *
	 * @param array $data Backend body.
	 * @return array { timezone, tours }
	 */
	public static function shape_tours( array $data ): array {
		$tours  = isset( $data['tours'] ) && is_array( $data['tours'] ) ? $data['tours'] : array();
		$shaped = array();
		foreach ( $tours as $tour ) {
			if ( ! is_array( $tour ) || ! isset( $tour['id'] ) || ! is_scalar( $tour['id'] ) ) {
				continue;
			}
			$shaped[] = array(
				'id'           => self::text( $tour, 'id' ),
				'start'        => self::text( $tour, 'start' ),
				'end'          => self::text( $tour, 'end' ),
				'localDate'    => self::text( $tour, 'localDate' ),
				'localTime'    => self::text( $tour, 'localTime' ),
				'prospectName' => self::text( $tour, 'prospectName' ),
				'agentEmail'   => self::text( $tour, 'agentEmail' ),
				'status'       => sanitize_key( self::text( $tour, 'status' ) ),
			);
		}
		return array(
			'timezone' => self::text( $data, 'timezone' ),
			'tours'    => $shaped,
		);
	}

	/**
	 * The connect URL if it is http(s) on the backend's own origin, else null.
	 *
	 * @param array  $data           Backend body.
	 * @param string $backend_origin scheme://host[:port] of the backend.
	 * @return string|null
	 */
	public static function safe_connect_url( array $data, string $backend_origin ) {
		$url = isset( $data['connectUrl'] ) && is_string( $data['connectUrl'] ) ? $data['connectUrl'] : '';
		if ( '' === $url || '' === $backend_origin || preg_match( '/[\s<>"\'\\\\]/', $url ) ) {
			return null;
		}
		return Backend_Client::origin_of( $url ) === $backend_origin ? $url : null;
	}

	/**
	 * @return \WP_Error
	 */
	public static function not_configured() {
		return new \WP_Error(
			'lumaleasing_not_configured',
			__( 'Paste your site key in the Connection section and save it first.', 'lumaleasing' ),
			array( 'status' => 409 )
		);
	}

	/**
	 * Turns a failed backend call into a readable REST error (never echoing the secret).
	 *
	 * @param array $result Backend_Client failure.
	 * @return \WP_Error
	 */
	public static function backend_error( array $result ) {
		switch ( $result['error'] ) {
			case 'unauthorized':
				$code    = 'lumaleasing_backend_unauthorized';
				$message = __( 'The backend no longer accepts this site key. Paste a new site key in the Connection section.', 'lumaleasing' );
				break;
			case 'unreachable':
				$code    = 'lumaleasing_backend_unreachable';
				$message = __( 'Could not reach the LumaLeasing backend. Try again in a moment.', 'lumaleasing' );
				break;
			default:
				$code    = 'lumaleasing_backend_error';
				$message = sprintf(
					/* translators: %d: HTTP status code. */
					__( 'The LumaLeasing backend could not answer (HTTP %d). Try again in a moment.', 'lumaleasing' ),
					(int) $result['status']
				);
		}
		return new \WP_Error(
			$code,
			$message,
			array(
				'status'        => 502,
				'backendStatus' => (int) $result['status'],
			)
		);
	}

	/**
	 * @param array  $row   Array.
	 * @param string $field Key.
	 * @return string
	 */
	private static function text( array $row, string $field ): string {
		return isset( $row[ $field ] ) && is_scalar( $row[ $field ] ) ? sanitize_text_field( (string) $row[ $field ] ) : '';
	}

	/**
	 * @param array  $row   Array.
	 * @param string $field Key.
	 * @return string|null
	 */
	private static function nullable_text( array $row, string $field ) {
		$text = self::text( $row, $field );
		return '' === $text ? null : $text;
	}
}
