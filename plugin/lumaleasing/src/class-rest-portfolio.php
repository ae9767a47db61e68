<?php
/**
 * REST routes for the Portfolio page: a narrow proxy to the backend's portfolio routes with
 * the portfolio key, behind manage_options and the wp_rest nonce like every other route. The
 * WordPress user asking for re-connect emails is named by this server, not the browser.
 *
 * @package LumaLeasing
 */

namespace LumaLeasing;

defined( 'ABSPATH' ) || exit;

/**
 * lumaleasing/v1/portfolio/…: health, activity, reconnect-emails.
 */
final class Rest_Portfolio {

	/** Most calendars in one request. */
	const MAX_CALENDARS = 200;

	/**
	 * Registers the routes (rest_api_init).
	 */
	public static function register_routes() {
		$can = array( Rest::class, 'can_manage' );
		register_rest_route(
			Rest::NAMESPACE_V1,
			'/portfolio/health',
			array(
				'methods'             => 'GET',
				'callback'            => array( __CLASS__, 'health' ),
				'permission_callback' => $can,
			)
		);
		register_rest_route(
			Rest::NAMESPACE_V1,
			'/portfolio/activity',
			array(
				'methods'             => 'GET',
				'callback'            => array( __CLASS__, 'activity' ),
				'permission_callback' => $can,
			)
		);
		register_rest_route(
			Rest::NAMESPACE_V1,
			'/portfolio/metrics',
			array(
				'methods'             => 'GET',
				'callback'            => array( __CLASS__, 'metrics' ),
				'permission_callback' => $can,
			)
		);
		register_rest_route(
			Rest::NAMESPACE_V1,
			'/portfolio/metrics/weekly',
			array(
				'methods'             => 'GET',
				'callback'            => array( __CLASS__, 'metrics_weekly' ),
				'permission_callback' => $can,
			)
		);
		register_rest_route(
			Rest::NAMESPACE_V1,
			'/portfolio/reconnect-emails',
			array(
				'methods'             => 'POST',
				'callback'            => array( __CLASS__, 'reconnect_emails' ),
				'permission_callback' => $can,
			)
		);
	}

	/**
	 * GET portfolio/health?status=&q=
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function health( $request ) {
		$client = Portfolio_Key::client();
		if ( null === $client ) {
			return self::no_key();
		}
		$status = $request->get_param( 'status' );
		$status = is_string( $status ) && in_array( $status, Portfolio_Client::STATES, true ) ? $status : '';
		$search = $request->get_param( 'q' );
		$search = is_string( $search ) ? substr( sanitize_text_field( $search ), 0, 200 ) : '';
		return self::answer( $client->health( $status, $search ) );
	}

	/**
	 * GET portfolio/activity?limit=
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function activity( $request ) {
		$client = Portfolio_Key::client();
		if ( null === $client ) {
			return self::no_key();
		}
		$limit = absint( $request->get_param( 'limit' ) );
		return self::answer( $client->refresh_activity( $limit ? $limit : 50 ) );
	}

	/**
	 * GET portfolio/metrics[?from=&to=]: the organization's success metrics.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function metrics( $request ) {
		$period = Rest_Metrics::period_arg( $request );
		if ( is_wp_error( $period ) ) {
			return $period;
		}
		$client = Portfolio_Key::client();
		return null === $client ? self::no_key() : self::answer( $client->metrics( $period[0], $period[1] ) );
	}

	/**
	 * GET portfolio/metrics/weekly?weeks=12
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function metrics_weekly( $request ) {
		$weeks = Rest_Metrics::weeks_arg( $request );
		if ( is_wp_error( $weeks ) ) {
			return $weeks;
		}
		$client = Portfolio_Key::client();
		return null === $client ? self::no_key() : self::answer( $client->metrics_weekly( $weeks ) );
	}

	/**
	 * POST portfolio/reconnect-emails { calendarIds: [] }
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function reconnect_emails( $request ) {
		$client = Portfolio_Key::client();
		if ( null === $client ) {
			return self::no_key();
		}
		$ids = self::calendar_ids( $request->get_param( 'calendarIds' ) );
		if ( null === $ids ) {
			return new \WP_Error(
				'lumaleasing_bad_calendar_ids',
				__( 'Choose between 1 and 200 calendars.', 'lumaleasing' ),
				array( 'status' => 400 )
			);
		}
		$user = wp_get_current_user();
		$by   = array(
			'name'  => '' !== (string) $user->display_name ? (string) $user->display_name : (string) $user->user_login,
			'email' => (string) $user->user_email,
		);
		return self::answer( $client->reconnect_emails( $ids, $by ) );
	}

	/**
	 * The submitted calendar ids, or null when they are not 1–200 ids.
	 *
	 * @param mixed $value Submitted value.
	 * @return string[]|null
	 */
	public static function calendar_ids( $value ) {
		if ( ! is_array( $value ) || array() === $value || count( $value ) > self::MAX_CALENDARS ) {
			return null;
		}
		$ids = array();
		foreach ( $value as $id ) {
			if ( ! Rest::valid_calendar_id( $id ) ) {
				return null;
			}
			$ids[ $id ] = true;
		}
		return array_keys( $ids );
	}

	/**
	 * The backend's answer for the page; refusals keep the backend's code and message.
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
		if ( 'unauthorized' === $result['error'] ) {
			return new \WP_Error(
				'lumaleasing_portfolio_key_refused',
				__( 'The backend no longer accepts this site\'s portfolio key. Paste the current key on the LumaLeasing Tours settings page.', 'lumaleasing' ),
				array( 'status' => 502 )
			);
		}
		if ( in_array( (int) $result['status'], array( 400, 404, 422 ), true ) ) {
			$parts = explode( ': ', (string) $result['message'], 2 );
			return new \WP_Error(
				'lumaleasing_portfolio_refused',
				sanitize_text_field( $parts[1] ?? $parts[0] ),
				array( 'status' => (int) $result['status'] )
			);
		}
		return Rest::backend_error( $result );
	}

	/**
	 * @return \WP_Error
	 */
	public static function no_key() {
		return new \WP_Error(
			'lumaleasing_no_portfolio_key',
			__( 'Paste a portfolio key on the LumaLeasing Tours settings page first (a site key must be saved too).', 'lumaleasing' ),
			array( 'status' => 409 )
		);
	}
}
