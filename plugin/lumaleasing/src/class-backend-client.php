<?php
/**
 * Server-to-server calls to the LumaLeasing backend, authenticated with the site secret.
 *
 * The transport is injectable so tests can check requests without a network.
 *
 * @package LumaLeasing
 */

namespace LumaLeasing;

defined( 'ABSPATH' ) || exit;

/**
 * A small client for the few admin endpoints the WordPress side may call.
 */
final class Backend_Client {

	const TIMEOUT = 10;

	/**
	 * @var string Functions base URL without a trailing slash.
	 */
	private $base_url;

	/**
	 * @var string Property id.
	 */
	private $property;

	/**
	 * @var string Site secret.
	 */
	private $secret;

	/**
	 * @var int Seconds a request may take.
	 */
	private $timeout = self::TIMEOUT;

	/**
	 * Receives [ method, url, headers, body, timeout ], returns [ status, body ] or [ error ].
	 *
	 * @var callable
	 */
	private $transport;

	/**
	 * @param string        $base_url  Functions base URL.
	 * @param string        $property  Property id.
	 * @param string        $secret    Site secret.
	 * @param callable|null $transport Optional transport (defaults to the WordPress HTTP API).
	 */
	public function __construct( string $base_url, string $property, string $secret, $transport = null ) {
		$this->base_url  = rtrim( $base_url, '/' );
		$this->property  = $property;
		$this->secret    = $secret;
		$this->transport = is_callable( $transport ) ? $transport : array( __CLASS__, 'wordpress_transport' );
	}

	/**
	 * The client for the stored connection, or null when no site key is saved.
	 *
	 * @return Backend_Client|null
	 */
	public static function from_settings() {
		$connection = Settings::connection();
		$secret     = Settings::secret();
		if ( '' === $connection['backend_url'] || '' === $connection['property_id'] || '' === $secret ) {
			return null;
		}
		return new self( $connection['backend_url'], $connection['property_id'], $secret );
	}

	/**
	 * Checks the site key: GET /lumaleasing/admin/verify.
	 *
	 * @return array Result (see request()).
	 */
	public function verify(): array {
		return $this->request( 'GET', '/lumaleasing/admin/verify' );
	}

	/**
	 * Asks for a short-lived Google Calendar connect ticket.
	 *
	 * @param int    $wp_user_id    The WordPress user starting the connection.
	 * @param string $wp_user_email Their email.
	 * @param string $return_url    Where the backend sends the browser afterwards.
	 * @param string $login_hint    The Google account to pre-select on the consent page ('' for none).
	 * @return array Result (see request()).
	 */
	public function connect_ticket( int $wp_user_id, string $wp_user_email, string $return_url, string $login_hint = '' ): array {
		$body = array(
			'wpUserId'    => $wp_user_id,
			'wpUserEmail' => $wp_user_email,
			'returnUrl'   => $return_url,
		);
		if ( '' !== $login_hint ) {
			$body['loginHint'] = $login_hint;
		}
		return $this->request( 'POST', '/lumaleasing/admin/connect-ticket', $body );
	}

	/**
	 * Tells the backend where this site's pages are: the page that opens the manage link in
	 * emails, and this settings page (alerts link to it). Both must be on the site's origin.
	 *
	 * @param string $manage_page_url   A page with the [lumaleasing] shortcode.
	 * @param string $settings_page_url Settings → LumaLeasing Tours.
	 * @return array Result (see request()).
	 */
	public function site_pages( string $manage_page_url, string $settings_page_url ): array {
		return $this->request(
			'POST',
			'/lumaleasing/admin/site-pages',
			array(
				'managePageUrl'   => $manage_page_url,
				'settingsPageUrl' => $settings_page_url,
			)
		);
	}

	/**
	 * The property's rules: hours, closures, tour length, buffers, notice, window, contact,
	 * managers, time zone, language, leasing questions, SMS consent text.
	 *
	 * @return array Result (see request()).
	 */
	public function rules(): array {
		return $this->request( 'GET', '/lumaleasing/admin/settings' );
	}

	/**
	 * Changes some of the rules (a 422 carries `fields`: field → message).
	 *
	 * @param \stdClass|array $changes Setting name → new value (an object keeps JSON objects as objects).
	 * @return array Result (see request()).
	 */
	public function save_rules( $changes ): array {
		return $this->request( 'POST', '/lumaleasing/admin/settings', is_array( $changes ) ? (object) $changes : $changes );
	}

	/**
	 * The slots prospects will see in the next days.
	 *
	 * @param int $days 1–14.
	 * @return array Result (see request()).
	 */
	public function rules_preview( int $days = 7 ): array {
		$days = max( 1, min( 14, $days ) );
		return $this->request( 'GET', '/lumaleasing/admin/settings/preview?days=' . $days );
	}

	/**
	 * The property's success metrics for whole UTC days [from, to] (both YYYY-MM-DD; empty:
	 * the last 30 days), each beside its target.
	 *
	 * @param string $from First day, or ''.
	 * @param string $to   Last day, or ''.
	 * @return array Result (see request()).
	 */
	public function metrics( string $from = '', string $to = '' ): array {
		$query = ( '' !== $from && '' !== $to ) ? '?' . http_build_query( array( 'from' => $from, 'to' => $to ) ) : '';
		return $this->request( 'GET', '/lumaleasing/admin/metrics' . $query );
	}

	/**
	 * The property's success metrics week by week (Monday to Monday, UTC), the current week last.
	 *
	 * @param int $weeks 1–52.
	 * @return array Result (see request()).
	 */
	public function metrics_weekly( int $weeks = 12 ): array {
		$weeks = max( 1, min( 52, $weeks ) );
		return $this->request( 'GET', '/lumaleasing/admin/metrics/weekly?weeks=' . $weeks );
	}

	/**
	 * The connected calendars and their health.
	 *
	 * @return array Result (see request()).
	 */
	public function calendar_status(): array {
		return $this->request( 'GET', '/lumaleasing/calendar/status' );
	}

	/**
	 * Disconnects one agent calendar.
	 *
	 * @param string $calendar_id Calendar id from calendar_status().
	 * @return array Result (see request()).
	 */
	public function disconnect_calendar( string $calendar_id ): array {
		return $this->request( 'POST', '/lumaleasing/calendar/disconnect', array( 'calendarId' => $calendar_id ) );
	}

	/**
	 * The same client with a shorter timeout, for calls made while an admin page renders.
	 *
	 * @param int $seconds Seconds (1–10).
	 * @return Backend_Client
	 */
	public function with_timeout( int $seconds ): Backend_Client {
		$copy          = clone $this;
		$copy->timeout = max( 1, min( self::TIMEOUT, $seconds ) );
		return $copy;
	}

	/**
	 * The HubSpot connection: portal, last sync, last error, outcome → lead status map.
	 *
	 * @return array Result (see request()).
	 */
	public function hubspot_status(): array {
		return $this->request( 'GET', '/lumaleasing/admin/hubspot' );
	}

	/**
	 * Saves a HubSpot private-app token (the backend checks it with HubSpot first).
	 *
	 * @param string $token The private app's access token (pat-…).
	 * @return array Result (see request()).
	 */
	public function hubspot_connect( string $token ): array {
		return $this->request( 'POST', '/lumaleasing/admin/hubspot', array( 'token' => $token ) );
	}

	/**
	 * Forgets the HubSpot token.
	 *
	 * @return array Result (see request()).
	 */
	public function hubspot_disconnect(): array {
		return $this->request( 'POST', '/lumaleasing/admin/hubspot/disconnect', array() );
	}

	/**
	 * Sets which HubSpot lead status each tour outcome gives the contact.
	 *
	 * @param array $map outcome (booked, completed, no_show, cancelled) → lead status or null.
	 * @return array Result (see request()).
	 */
	public function hubspot_settings( array $map ): array {
		return $this->request( 'POST', '/lumaleasing/admin/hubspot/settings', array( 'leadStatusMap' => (object) $map ) );
	}

	/**
	 * The property's webhook endpoints (never their secrets).
	 *
	 * @return array Result (see request()).
	 */
	public function list_webhooks(): array {
		return $this->request( 'GET', '/lumaleasing/admin/webhooks' );
	}

	/**
	 * Adds an endpoint; the answer carries its signing secret, this once.
	 *
	 * @param array $fields url, events.
	 * @return array Result (see request()).
	 */
	public function create_webhook( array $fields ): array {
		return $this->request( 'POST', '/lumaleasing/admin/webhooks', $fields );
	}

	/**
	 * Changes an endpoint's url, events or enabled flag.
	 *
	 * @param string $id     Endpoint id.
	 * @param array  $fields What changes.
	 * @return array Result (see request()).
	 */
	public function update_webhook( string $id, array $fields ): array {
		return $this->request( 'POST', '/lumaleasing/admin/webhooks/' . rawurlencode( $id ), $fields );
	}

	/**
	 * rotate-secret, delete or test on one endpoint.
	 *
	 * @param string $id     Endpoint id.
	 * @param string $action One of rotate-secret, delete, test.
	 * @return array Result (see request()).
	 */
	public function webhook_action( string $id, string $action ): array {
		if ( ! in_array( $action, array( 'rotate-secret', 'delete', 'test' ), true ) ) {
			return self::failure( 0, 'backend_error', 'unknown webhook action' );
		}
		return $this->request( 'POST', '/lumaleasing/admin/webhooks/' . rawurlencode( $id ) . '/' . $action, array() );
	}

	/**
	 * An endpoint's delivery log, newest first.
	 *
	 * @param string $id    Endpoint id.
	 * @param int    $limit How many (1–200).
	 * @return array Result (see request()).
	 */
	public function webhook_deliveries( string $id, int $limit = 50 ): array {
		$limit = max( 1, min( 200, $limit ) );
		return $this->request( 'GET', '/lumaleasing/admin/webhooks/' . rawurlencode( $id ) . '/deliveries?limit=' . $limit );
	}

	/**
	 * Sends a delivery's event again.
	 *
	 * @param string $delivery_id Delivery id.
	 * @return array Result (see request()).
	 */
	public function resend_webhook_delivery( string $delivery_id ): array {
		return $this->request( 'POST', '/lumaleasing/admin/webhooks/deliveries/' . rawurlencode( $delivery_id ) . '/resend', array() );
	}

	/**
	 * The backend origin (scheme://host[:port]) — connect URLs must stay on it.
	 *
	 * @return string
	 */
	public function origin(): string {
		return self::origin_of( $this->base_url );
	}

	/**
	 * scheme://host[:port] of a URL, lower-cased; '' when it has none.
	 *
	 * @param string $url Any URL.
	 * @return string
	 */
	public static function origin_of( string $url ): string {
		$parts = parse_url( $url );
		if ( ! is_array( $parts ) || empty( $parts['scheme'] ) || empty( $parts['host'] ) ) {
			return '';
		}
		$origin = strtolower( $parts['scheme'] ) . '://' . strtolower( $parts['host'] );
		return isset( $parts['port'] ) ? $origin . ':' . (int) $parts['port'] : $origin;
	}

	/**
	 * Sends one request.
	 *
	 * @param string     $method HTTP method.
	 * @param string     $path   Path below the functions base URL.
	 * @param array|null $body   JSON body for POST.
	 * @return array { ok: true, status, data } or { ok: false, status, error, message }, where error is
	 *               unauthorized | unreachable | bad_response | backend_error.
	 */
	public function request( string $method, string $path, $body = null ): array {
		$headers = array(
			'Authorization' => 'Bearer ' . $this->secret,
			'Accept'        => 'application/json',
		);
		if ( '' !== $this->property ) {
			$headers['X-Lumaleasing-Property'] = $this->property;
		}
		if ( null !== $body ) {
			$headers['Content-Type'] = 'application/json';
		}
		$response = call_user_func(
			$this->transport,
			array(
				'method'  => $method,
				'url'     => $this->base_url . $path,
				'headers' => $headers,
				'body'    => null === $body ? null : (string) json_encode( $body, JSON_UNESCAPED_SLASHES ),
				'timeout' => $this->timeout,
			)
		);

		if ( ! is_array( $response ) || isset( $response['error'] ) || ! isset( $response['status'] ) ) {
			$detail = is_array( $response ) && isset( $response['error'] ) ? (string) $response['error'] : 'no response';
			return self::failure( 0, 'unreachable', $detail );
		}
		$status = (int) $response['status'];
		$data   = json_decode( isset( $response['body'] ) ? (string) $response['body'] : '', true );

		if ( 401 === $status || 403 === $status ) {
			return self::failure( $status, 'unauthorized', self::backend_message( $data ) );
		}
		if ( $status < 200 || $status >= 300 ) {
			$failure = self::failure( $status, 'backend_error', self::backend_message( $data ) );
			if ( isset( $data['error']['fields'] ) && is_array( $data['error']['fields'] ) ) {
				$failure['fields'] = self::field_messages( $data['error']['fields'] );
			}
			if ( isset( $data['error']['code'] ) && is_string( $data['error']['code'] ) && preg_match( '/^[a-z_]{1,60}$/', $data['error']['code'] ) ) {
				$failure['code'] = $data['error']['code'];
			}
			if ( isset( $data['alternatives'] ) && is_array( $data['alternatives'] ) ) {
				$failure['alternatives'] = array_values( array_filter( array_slice( $data['alternatives'], 0, 10 ), 'is_array' ) );
			}
			return $failure;
		}
		if ( ! is_array( $data ) || empty( $data['success'] ) ) {
			return self::failure( $status, 'bad_response', self::backend_message( $data ) );
		}
		return array(
			'ok'     => true,
			'status' => $status,
			'data'   => $data,
		);
	}

	/**
	 * @param int    $status  HTTP status (0 when there was none).
	 * @param string $error   Machine-readable error.
	 * @param string $message Detail for logs and admins.
	 * @return array
	 */
	private static function failure( int $status, string $error, string $message ): array {
		return array(
			'ok'      => false,
			'status'  => $status,
			'error'   => $error,
			'message' => $message,
		);
	}

	/**
	 * Field → message pairs as text (at most 100, each message cut to 300 characters).
	 *
	 * @param array $fields Backend fields.
	 * @return array<string,string>
	 */
	private static function field_messages( array $fields ): array {
		$out = array();
		foreach ( array_slice( $fields, 0, 100, true ) as $field => $message ) {
			if ( is_scalar( $message ) && preg_match( '/^[A-Za-z0-9_.]{1,100}$/', (string) $field ) ) {
				$out[ (string) $field ] = substr( (string) $message, 0, 300 );
			}
		}
		return $out;
	}

	/**
	 * The backend's own error text, if it sent one ({ error: { code, message } } or { error: "…" }).
	 *
	 * @param mixed $data Decoded body.
	 * @return string
	 */
	private static function backend_message( $data ): string {
		if ( ! is_array( $data ) || ! isset( $data['error'] ) ) {
			return '';
		}
		$error = $data['error'];
		if ( is_array( $error ) ) {
			$parts = array();
			foreach ( array( 'code', 'message' ) as $field ) {
				if ( isset( $error[ $field ] ) && is_scalar( $error[ $field ] ) ) {
					$parts[] = (string) $error[ $field ];
				}
			}
			$error = implode( ': ', $parts );
		}
		return is_scalar( $error ) ? substr( (string) $error, 0, 300 ) : '';
	}

	/**
	 * The default transport: the WordPress HTTP API.
	 *
	 * @param array $request method, url, headers, body, timeout.
	 * @return array [ status, body ] or [ error ].
	 */
	public static function wordpress_transport( array $request ): array {
		$args = array(
			'method'      => $request['method'],
			'headers'     => $request['headers'],
			'timeout'     => $request['timeout'],
			'redirection' => 0,
		);
		if ( null !== $request['body'] ) {
			$args['body'] = $request['body'];
		}
		$response = wp_remote_request( $request['url'], $args );
		if ( is_wp_error( $response ) ) {
			return array( 'error' => $response->get_error_message() );
		}
		return array(
			'status' => (int) wp_remote_retrieve_response_code( $response ),
			'body'   => (string) wp_remote_retrieve_body( $response ),
		);
	}
}
