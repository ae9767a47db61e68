<?php
/**
 * REST routes for the settings page's Rules section: a narrow proxy to the backend's
 * admin/settings routes, behind manage_options and the wp_rest nonce like every other route.
 * Only known settings are passed on; the backend checks every value and answers field errors
 * (422), which go back to the page so it can show each one next to its field.
 *
 * @package LumaLeasing
 */

namespace LumaLeasing;

defined( 'ABSPATH' ) || exit;

/**
 * lumaleasing/v1/rules: read, change, preview.
 */
final class Rest_Rules {

	const FIELDS = array(
		'timeZone',
		'address',
		'phone',
		'email',
		'managers',
		'weeklyHours',
		'dateExceptions',
		'tourMinutes',
		'slotIntervalMinutes',
		'bufferBeforeMinutes',
		'bufferAfterMinutes',
		'minNoticeMinutes',
		'bookingWindowDays',
		'defaultLanguage',
		'leasingQuestions',
		'smsConsentText',
	);

	/** Largest change passed on (bytes of JSON). */
	const MAX_BYTES = 64000;

	/**
	 * Registers the routes (rest_api_init).
	 */
	public static function register_routes() {
		$can = array( Rest::class, 'can_manage' );
		register_rest_route(
			Rest::NAMESPACE_V1,
			'/rules',
			array(
				array(
					'methods'             => 'GET',
					'callback'            => array( __CLASS__, 'read' ),
					'permission_callback' => $can,
				),
				array(
					'methods'             => 'POST',
					'callback'            => array( __CLASS__, 'save' ),
					'permission_callback' => $can,
				),
			)
		);
		register_rest_route(
			Rest::NAMESPACE_V1,
			'/rules/preview',
			array(
				'methods'             => 'GET',
				'callback'            => array( __CLASS__, 'preview' ),
				'permission_callback' => $can,
			)
		);
	}

	/**
	 * GET rules.
	 *
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function read() {
		$client = Backend_Client::from_settings();
		if ( null === $client ) {
			return Rest::not_configured();
		}
		return self::answer( $client->rules() );
	}

	/**
	 * POST rules { setting: value, … }.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function save( $request ) {
		$client = Backend_Client::from_settings();
		if ( null === $client ) {
			return Rest::not_configured();
		}
		$changes = self::changes( $request->get_json_params() );
		if ( null === $changes ) {
			return new \WP_Error(
				'lumaleasing_bad_rules',
				__( 'Send the settings to change as one object of known settings.', 'lumaleasing' ),
				array( 'status' => 400 )
			);
		}
		return self::answer( $client->save_rules( $changes ) );
	}

	/**
	 * GET rules/preview?days=7.
	 *
	 * @param \WP_REST_Request $request Request.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function preview( $request ) {
		$client = Backend_Client::from_settings();
		if ( null === $client ) {
			return Rest::not_configured();
		}
		$days = absint( $request->get_param( 'days' ) );
		return self::answer( $client->rules_preview( $days ? $days : 7 ) );
	}

	/**
	 * The known settings of a submitted change, or null when it holds anything else.
	 *
	 * @param mixed $input Decoded JSON body.
	 * @return array|null
	 */
	public static function changes( $input ) {
		if ( ! is_array( $input ) || array() === $input ) {
			return null;
		}
		foreach ( array_keys( $input ) as $key ) {
			if ( ! in_array( $key, self::FIELDS, true ) ) {
				return null;
			}
		}
		$json = wp_json_encode( $input );
		if ( ! is_string( $json ) || strlen( $json ) > self::MAX_BYTES ) {
			return null;
		}
		return $input;
	}

	/**
	 * The backend's answer for the app; a 422 keeps its field errors.
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
		if ( 422 === $result['status'] || 400 === $result['status'] ) {
			$parts  = explode( ': ', (string) $result['message'], 2 );
			$fields = array();
			foreach ( isset( $result['fields'] ) ? $result['fields'] : array() as $field => $message ) {
				$fields[ $field ] = sanitize_text_field( $message );
			}
			return new \WP_Error(
				'lumaleasing_rules_refused',
				sanitize_text_field( $parts[1] ?? $parts[0] ),
				array(
					'status' => $result['status'],
					'fields' => (object) $fields,
				)
			);
		}
		if ( 503 === $result['status'] ) {
			return new \WP_Error(
				'lumaleasing_calendar_unavailable',
				__( 'The calendars could not be read just now, so the preview is not available. Try again in a moment.', 'lumaleasing' ),
				array( 'status' => 503 )
			);
		}
		return Rest::backend_error( $result );
	}
}
