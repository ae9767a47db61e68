<?php
/**
 * The site key: one pasteable string from the backend's provisioning CLI.
 *
 * Format: "llsk_" + base64url( JSON { "v": 1, "url", "property", "widgetKey", "secret" } ).
 * Parsing is pure (no WordPress calls) so it can be tested on its own.
 *
 * @package LumaLeasing
 */

namespace LumaLeasing;

defined( 'ABSPATH' ) || exit;

/**
 * Why a site key was rejected, as a machine-readable reason.
 */
final class Site_Key_Error extends \InvalidArgumentException {

	/**
	 * One of: empty, too_long, prefix, encoding, json, version, url, property, widget_key, secret.
	 *
	 * @var string
	 */
	private $reason;

	/**
	 * @param string $reason Machine-readable reason.
	 */
	public function __construct( string $reason ) {
		parent::__construct( 'invalid site key: ' . $reason );
		$this->reason = $reason;
	}

	/**
	 * @return string The machine-readable reason.
	 */
	public function reason(): string {
		return $this->reason;
	}
}

/**
 * A parsed, validated site key.
 */
final class Site_Key {

	const PREFIX     = 'llsk_';
	const VERSION    = 1;
	const MAX_LENGTH = 4096;

	/**
	 * Functions base URL without a trailing slash, e.g. http://127.0.0.1:54321/functions/v1.
	 *
	 * @var string
	 */
	public $url;

	/**
	 * Property id (lower-case UUID).
	 *
	 * @var string
	 */
	public $property;

	/**
	 * Public widget key (safe to print on pages).
	 *
	 * @var string
	 */
	public $widget_key;

	/**
	 * Site secret (server-to-server only; never printed).
	 *
	 * @var string
	 */
	public $secret;

	/**
	 * @param string $url        Backend base URL.
	 * @param string $property   Property id.
	 * @param string $widget_key Public widget key.
	 * @param string $secret     Site secret.
	 */
	private function __construct( string $url, string $property, string $widget_key, string $secret ) {
		$this->url        = $url;
		$this->property   = $property;
		$this->widget_key = $widget_key;
		$this->secret     = $secret;
	}

	/**
	 * Parses and validates a pasted site key.
	 *
	 * @param mixed $raw What the admin pasted.
	 * @return Site_Key
	 * @throws Site_Key_Error When the key is malformed.
	 */
	public static function parse( $raw ): Site_Key {
		if ( ! is_string( $raw ) ) {
			throw new Site_Key_Error( 'empty' );
		}
		// Pasting from an email or a terminal can add line breaks and spaces.
		$key = (string) preg_replace( '/\s+/', '', $raw );
		if ( '' === $key ) {
			throw new Site_Key_Error( 'empty' );
		}
		if ( strlen( $key ) > self::MAX_LENGTH ) {
			throw new Site_Key_Error( 'too_long' );
		}
		if ( 0 !== strpos( $key, self::PREFIX ) ) {
			throw new Site_Key_Error( 'prefix' );
		}

		$json = self::base64url_decode( substr( $key, strlen( self::PREFIX ) ) );
		if ( null === $json ) {
			throw new Site_Key_Error( 'encoding' );
		}
		$data = json_decode( $json, true );
		if ( ! is_array( $data ) || array_keys( $data ) === range( 0, count( $data ) - 1 ) ) {
			throw new Site_Key_Error( 'json' );
		}
		if ( ! isset( $data['v'] ) || self::VERSION !== $data['v'] ) {
			throw new Site_Key_Error( 'version' );
		}

		$url = isset( $data['url'] ) ? self::valid_url( $data['url'] ) : null;
		if ( null === $url ) {
			throw new Site_Key_Error( 'url' );
		}
		$property = isset( $data['property'] ) && is_string( $data['property'] ) ? strtolower( $data['property'] ) : '';
		if ( ! preg_match( '/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/', $property ) ) {
			throw new Site_Key_Error( 'property' );
		}
		$widget_key = isset( $data['widgetKey'] ) && is_string( $data['widgetKey'] ) ? $data['widgetKey'] : '';
		if ( ! preg_match( '/^[A-Za-z0-9._-]{8,200}$/', $widget_key ) ) {
			throw new Site_Key_Error( 'widget_key' );
		}
		$secret = isset( $data['secret'] ) && is_string( $data['secret'] ) ? $data['secret'] : '';
		if ( ! preg_match( '/^[A-Za-z0-9._-]{16,400}$/', $secret ) ) {
			throw new Site_Key_Error( 'secret' );
		}

		return new self( $url, $property, $widget_key, $secret );
	}

	/**
	 * Builds a site key string (the inverse of parse; used by tests and local tooling).
	 *
	 * @param array $fields url, property, widgetKey, secret (and optionally v).
	 * @return string
	 */
	public static function encode( array $fields ): string {
		$payload = array_merge( array( 'v' => self::VERSION ), $fields );
		$json    = (string) json_encode( $payload, JSON_UNESCAPED_SLASHES );
		return self::PREFIX . rtrim( strtr( base64_encode( $json ), '+/', '-_' ), '=' );
	}

	/**
	 * Masks a secret for display: only its last four characters are shown.
	 *
	 * @param string $secret The secret.
	 * @return string
	 */
	public static function mask( string $secret ): string {
		if ( strlen( $secret ) < 12 ) {
			return str_repeat( '•', 8 );
		}
		return str_repeat( '•', 8 ) . substr( $secret, -4 );
	}

	/**
	 * The backend's host name (for the HTTP allow-list).
	 *
	 * @return string
	 */
	public function host(): string {
		return (string) parse_url( $this->url, PHP_URL_HOST );
	}

	/**
	 * Decodes base64url (with or without padding); null when it is not valid.
	 *
	 * @param string $payload Encoded text.
	 * @return string|null
	 */
	private static function base64url_decode( string $payload ) {
		if ( '' === $payload || ! preg_match( '/^[A-Za-z0-9_-]+={0,2}$/', $payload ) ) {
			return null;
		}
		$b64 = strtr( rtrim( $payload, '=' ), '-_', '+/' );
		$pad = strlen( $b64 ) % 4;
		if ( 1 === $pad ) {
			return null;
		}
		if ( $pad ) {
			$b64 .= str_repeat( '=', 4 - $pad );
		}
		$decoded = base64_decode( $b64, true );
		return false === $decoded ? null : $decoded;
	}

	/**
	 * Accepts https URLs, and http only for this machine (the local stack).
	 *
	 * @param mixed $url Candidate URL.
	 * @return string|null The URL without a trailing slash, or null.
	 */
	private static function valid_url( $url ) {
		if ( ! is_string( $url ) || strlen( $url ) > 2000 || preg_match( '/[\s<>"\'\\\\]/', $url ) ) {
			return null;
		}
		$parts = parse_url( $url );
		if ( ! is_array( $parts ) || empty( $parts['scheme'] ) || empty( $parts['host'] ) ) {
			return null;
		}
		if ( isset( $parts['user'] ) || isset( $parts['pass'] ) || isset( $parts['query'] ) || isset( $parts['fragment'] ) ) {
			return null;
		}
		$scheme = strtolower( $parts['scheme'] );
		$host   = strtolower( $parts['host'] );
		$local  = in_array( $host, array( 'localhost', '127.0.0.1', '[::1]' ), true );
		if ( 'https' !== $scheme && ! ( 'http' === $scheme && $local ) ) {
			return null;
		}
		return rtrim( $url, '/' );
	}
}
