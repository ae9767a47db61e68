<?php
/**
 * REST routes for the settings page's Insights tab: a narrow proxy to the backend's
 * admin/metrics routes (the property's success metrics and their weekly series), behind
 * manage_options and the wp_rest nonce like every other route. Only a well-formed period or
 * number of weeks is passed on.
 *
 * @package LumaLeasing
 */

namespace LumaLeasing;

defined( 'ABSPATH' ) || exit;

/**
 * lumaleasing/v1/metrics and lumaleasing/v1/metrics/weekly.
 */
final class Rest_Metrics {

	/**
	 * Registers the routes (rest_api_init).
	 */
	public static function register_routes() {
		$can = array( Rest::class, 'can_manage' );
		register_rest_route(
			Rest::NAMESPACE_V1,
			'/metrics',
			array(
				'methods'             => 'GET',
				'callback'            => array( __CLASS__, 'period' ),
				'permission_callback' => $can,
			)
		);
		register_rest_route(
			Rest::NAMESPACE_V1,
			'/metrics/weekly',
			array(
				'methods'             => 'GET',
				'callback'            => array( __CLASS__, 'weekly' ),
				'permission_callback' => $can,
			)
		);
	}

	/**
	 * A day as YYYY-MM-DD, or null.
	 *
	 * @param mixed $value Query value.
	 * @return string|null
	 */
	public static function day( $value ) {
		if ( ! is_string( $value ) || ! preg_match( '/^(\d{4})-(\d{2})-(\d{2})$/', $value, $m ) ) {
			return null;
		}
		return checkdate( (int) $m[2], (int) $m[3], (int) $m[1] ) ? $value : null;
	}

	/**
	 * The period asked for: [ from, to ] as YYYY-MM-DD (both '' for the last 30 days), or an error.
	 *
	 * @param \WP_REST_Request $request Request with optional from and to (both or neither).
	 * @return array|\WP_Error
	 */
	public static function period_arg( $request ) {
		$from = $request->get_param( 'from' );
		$to   = $request->get_param( 'to' );
		if ( null === $from && null === $to ) {
			return array( '', '' );
		}
		$from = self::day( $from );
		$to   = self::day( $to );
		if ( null === $from || null === $to || $from > $to ) {
			return new \WP_Error(
				'lumaleasing_bad_period',
				__( 'Give the period as two dates, from and to, like 2026-11-01.', 'lumaleasing' ),
				array( 'status' => 400 )
			);
		}
		return array( $from, $to );
	}

	/**
	 * The number of weeks asked for (1–52, default 12), or an error.
	 *
	 * @param \WP_REST_Request $request Request with an optional weeks.
	 * @return int|\WP_Error
	 */
	public static function weeks_arg( $request ) {
		$weeks = $request->get_param( 'weeks' );
		$weeks = null === $weeks ? 12 : $weeks;
		if ( ! is_numeric( $weeks ) || (int) $weeks < 1 || (int) $weeks > 52 || (string) (int) $weeks !== (string) $weeks ) {
			return new \WP_Error(
				'lumaleasing_bad_weeks',
				__( 'Weeks must be a whole number from 1 to 52.', 'lumaleasing' ),
				array( 'status' => 400 )
			);
		}
		return (int) $weeks;
	}

	/**
	 * GET metrics[?from=YYYY-MM-DD&to=YYYY-MM-DD] (both or neither; neither: the last 30 days).
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function period( $request ) {
		$period = self::period_arg( $request );
		if ( is_wp_error( $period ) ) {
			return $period;
		}
		$client = Backend_Client::from_settings();
		if ( null === $client ) {
			return Rest::not_configured();
		}
		return self::answer( $client->metrics( $period[0], $period[1] ) );
	}

	/**
	 * GET metrics/weekly?weeks=12 (1–52).
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function weekly( $request ) {
		$weeks = self::weeks_arg( $request );
		if ( is_wp_error( $weeks ) ) {
			return $weeks;
		}
		$client = Backend_Client::from_settings();
		if ( null === $client ) {
			return Rest::not_configured();
		}
		return self::answer( $client->metrics_weekly( $weeks ) );
	}

	/**
	 * The backend's answer for the app (its own error field dropped).
	 *
	 * @param array $result Backend_Client result.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function answer( array $result ) {
		if ( $result['ok'] ) {
			$data = $result['data'];
			unset( $data['error'] );
			return rest_ensure_response( $data );
		}
		return Rest::backend_error( $result );
	}
}
