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
		'followUpEmail',
		'applyUrl',
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
		$changes = self::changes( $request->get_body() );
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
	 * The known settings of a submitted change, or null when it holds anything else. Decoded
	 * as objects, so a week's hours ({"0": …, "6": …}) stay an object on the way on.
	 *
	 * @param mixed $body Raw JSON body.
	 * @return \stdClass|null
	 */
	public static function changes( $body ) {
		if ( ! is_string( $body ) || strlen( $body ) > self::MAX_BYTES ) {
			return null;
		}
		$decoded = json_decode( $body );
		if ( ! $decoded instanceof \stdClass ) {
			return null;
		}
		$keys = array_keys( get_object_vars( $decoded ) );
		if ( array() === $keys || array_diff( $keys, self::FIELDS ) ) {
			return null;
		}
		return $decoded;
	}

	/**
	 * The backend's answer as the app reads it. The week's hours are keyed "0"–"6", which
	 * PHP's arrays would turn into a JSON list: they go back as an object.
	 *
	 * @param array $data Backend body.
	 * @return array
	 */
	public static function shape( array $data ): array {
		unset( $data['error'] );
		if ( isset( $data['settings']['weeklyHours'] ) && is_array( $data['settings']['weeklyHours'] ) ) {
			$data['settings']['weeklyHours'] = (object) $data['settings']['weeklyHours'];
		}
		return $data;
	}

	/**
	 * The backend's answer for the app; a 422 keeps its field errors.
	 *
	 * @param array $result Backend_Client result.
	 * @return \WP_REST_Response|\WP_Error
	 */
	public static function answer( array $result ) {
		if ( $result['ok'] ) {
			return rest_ensure_response( self::shape( $result['data'] ) );
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
