<?php
/**
 * The plugin's options: what they are called, their defaults, and how input is cleaned.
 *
 * Options:
 * - lumaleasing_settings   (autoloaded) display: placement, greeting, color, position.
 * - lumaleasing_connection (autoloaded) public parts of the site key and what the backend said
 *                          about the property; never the secret.
 * - lumaleasing_site_secret (not autoloaded) the site secret, read only for backend calls.
 *
 * @package LumaLeasing
 */

namespace LumaLeasing;

defined( 'ABSPATH' ) || exit;

/**
 * Option names, defaults and sanitisation.
 */
final class Settings {

	const GROUP             = 'lumaleasing';
	const OPTION_DISPLAY    = 'lumaleasing_settings';
	const OPTION_CONNECTION = 'lumaleasing_connection';
	const OPTION_SECRET     = 'lumaleasing_site_secret';

	const GREETING_MAX = 200;
	const PLACEMENTS   = array( 'everywhere', 'shortcode', 'block' );
	const POSITIONS    = array( 'bottom-right', 'bottom-left' );

	/**
	 * Set while the plugin itself writes the connection option, so the Settings API
	 * sanitize callback lets the already-clean value through.
	 *
	 * @var bool
	 */
	private static $internal_write = false;

	/**
	 * Every option the plugin adds (uninstall removes them all).
	 *
	 * @return string[]
	 */
	public static function option_names(): array {
		return array_merge( array( self::OPTION_DISPLAY, self::OPTION_CONNECTION, self::OPTION_SECRET ), Site_Pages::option_names(), Portfolio_Key::option_names() );
	}

	/**
	 * Display defaults.
	 *
	 * @return array
	 */
	public static function display_defaults(): array {
		return array(
			'placement' => 'everywhere',
			'greeting'  => __( 'Hi! Would you like to see an apartment? Book a tour in a minute.', 'lumaleasing' ),
			'color'     => '#1f6f5c',
			'position'  => 'bottom-right',
		);
	}

	/**
	 * An empty connection (no site key saved).
	 *
	 * @return array
	 */
	public static function connection_defaults(): array {
		return array(
			'backend_url'   => '',
			'property_id'   => '',
			'widget_key'    => '',
			'property_name' => '',
			'timezone'      => '',
			'verified_at'   => 0,
		);
	}

	/**
	 * Creates the options on activation so later saves go through one code path.
	 */
	public static function activate() {
		add_option( self::OPTION_DISPLAY, self::display_defaults() );
		add_option( self::OPTION_CONNECTION, self::connection_defaults() );
		add_option( self::OPTION_SECRET, '', '', 'no' );
	}

	/**
	 * Stored display settings, completed with defaults.
	 *
	 * @return array
	 */
	public static function display(): array {
		$stored = get_option( self::OPTION_DISPLAY, array() );
		$clean  = self::clean_display( is_array( $stored ) ? $stored : array(), self::display_defaults() );
		return $clean['values'];
	}

	/**
	 * Stored connection, completed with defaults.
	 *
	 * @return array
	 */
	public static function connection(): array {
		$stored = get_option( self::OPTION_CONNECTION, array() );
		return self::clean_connection( is_array( $stored ) ? $stored : array() );
	}

	/**
	 * The site secret ('' when none is saved).
	 *
	 * @return string
	 */
	public static function secret(): string {
		$secret = get_option( self::OPTION_SECRET, '' );
		return is_string( $secret ) ? $secret : '';
	}

	/**
	 * Whether a site key is saved.
	 *
	 * @return bool
	 */
	public static function is_connected(): bool {
		$connection = self::connection();
		return '' !== $connection['widget_key'] && '' !== $connection['backend_url'] && '' !== self::secret();
	}

	/**
	 * Cleans display input. Pure apart from WordPress' own sanitisers.
	 *
	 * @param array $input    Submitted values.
	 * @param array $previous Values to keep when a submitted one is invalid.
	 * @return array { values: array, errors: array<string,string> } errors keyed by field.
	 */
	public static function clean_display( array $input, array $previous ): array {
		$defaults = self::display_defaults();
		$previous = array_merge( $defaults, array_intersect_key( $previous, $defaults ) );
		$values   = array();
		$errors   = array();

		$placement           = isset( $input['placement'] ) && is_string( $input['placement'] ) ? $input['placement'] : '';
		$values['placement'] = in_array( $placement, self::PLACEMENTS, true ) ? $placement : self::keep( $previous['placement'], self::PLACEMENTS, $defaults['placement'] );
		if ( isset( $input['placement'] ) && $values['placement'] !== $placement ) {
			$errors['placement'] = __( 'Choose where the widget appears from the list.', 'lumaleasing' );
		}

		$position           = isset( $input['position'] ) && is_string( $input['position'] ) ? $input['position'] : '';
		$values['position'] = in_array( $position, self::POSITIONS, true ) ? $position : self::keep( $previous['position'], self::POSITIONS, $defaults['position'] );
		if ( isset( $input['position'] ) && $values['position'] !== $position ) {
			$errors['position'] = __( 'The launcher position must be bottom right or bottom left.', 'lumaleasing' );
		}

		$color = isset( $input['color'] ) && is_string( $input['color'] ) ? sanitize_hex_color( strtolower( trim( $input['color'] ) ) ) : null;
		if ( is_string( $color ) && '' !== $color ) {
			// <input type="color"> only understands #rrggbb.
			$values['color'] = 4 === strlen( $color ) ? '#' . $color[1] . $color[1] . $color[2] . $color[2] . $color[3] . $color[3] : $color;
		} else {
			$values['color'] = sanitize_hex_color( $previous['color'] ) ? $previous['color'] : $defaults['color'];
			if ( isset( $input['color'] ) ) {
				$errors['color'] = __( 'The brand colour must be a hex colour such as #1f6f5c.', 'lumaleasing' );
			}
		}

		$greeting = isset( $input['greeting'] ) && is_string( $input['greeting'] ) ? sanitize_text_field( $input['greeting'] ) : null;
		if ( null === $greeting ) {
			$greeting = sanitize_text_field( (string) $previous['greeting'] );
		}
		if ( self::length( $greeting ) > self::GREETING_MAX ) {
			$greeting           = self::cut( $greeting, self::GREETING_MAX );
			$errors['greeting'] = sprintf(
				/* translators: %d: maximum number of characters. */
				__( 'The greeting was shortened to %d characters.', 'lumaleasing' ),
				self::GREETING_MAX
			);
		}
		$values['greeting'] = '' === trim( $greeting ) ? $defaults['greeting'] : trim( $greeting );

		return array(
			'values' => $values,
			'errors' => $errors,
		);
	}

	/**
	 * Whitelists and types a connection array.
	 *
	 * @param array $input Stored or computed connection.
	 * @return array
	 */
	public static function clean_connection( array $input ): array {
		$clean = self::connection_defaults();
		foreach ( array( 'backend_url', 'property_id', 'widget_key', 'property_name', 'timezone' ) as $field ) {
			if ( isset( $input[ $field ] ) && is_scalar( $input[ $field ] ) ) {
				$clean[ $field ] = sanitize_text_field( (string) $input[ $field ] );
			}
		}
		$clean['backend_url'] = '' === $clean['backend_url'] ? '' : esc_url_raw( $clean['backend_url'], array( 'http', 'https' ) );
		$clean['verified_at'] = isset( $input['verified_at'] ) ? absint( $input['verified_at'] ) : 0;
		return $clean;
	}

	/**
	 * Settings API callback for lumaleasing_settings.
	 *
	 * @param mixed $input Submitted value.
	 * @return array
	 */
	public static function sanitize_display_option( $input ): array {
		// options.php has already unslashed the submitted value.
		$clean = self::clean_display( is_array( $input ) ? $input : array(), self::display() );
		foreach ( $clean['errors'] as $field => $message ) {
			add_settings_error( self::OPTION_DISPLAY, 'lumaleasing_' . $field, esc_html( $message ), 'error' );
		}
		return $clean['values'];
	}

	/**
	 * Settings API callback for lumaleasing_connection: the form posts site_key (and forget);
	 * the stored value is the public half of the key plus what the backend said.
	 *
	 * @param mixed $input Submitted value.
	 * @return array
	 */
	public static function sanitize_connection_option( $input ): array {
		if ( self::$internal_write ) {
			return self::clean_connection( is_array( $input ) ? $input : array() );
		}
		$input  = is_array( $input ) ? $input : array();
		$verify = static function ( Site_Key $key ): array {
			return ( new Backend_Client( $key->url, $key->property, $key->secret ) )->verify();
		};
		return self::handle_site_key_submission( $input, $verify );
	}

	/**
	 * Applies a submitted site key: empty keeps the current one, invalid or refused ones are
	 * reported and the current one kept, accepted ones are stored.
	 *
	 * @param array    $input  { site_key?: string, forget?: '1' }.
	 * @param callable $verify Site_Key => Backend_Client result.
	 * @return array The connection to store.
	 */
	public static function handle_site_key_submission( array $input, callable $verify ): array {
		$current = self::connection();

		if ( ! empty( $input['forget'] ) ) {
			self::forget_connection();
			add_settings_error( self::OPTION_CONNECTION, 'lumaleasing_forgotten', esc_html__( 'The site key was removed from this site.', 'lumaleasing' ), 'updated' );
			return self::connection_defaults();
		}

		$raw = isset( $input['site_key'] ) && is_string( $input['site_key'] ) ? trim( $input['site_key'] ) : '';
		if ( '' === $raw ) {
			return $current;
		}

		try {
			$key = Site_Key::parse( $raw );
		} catch ( Site_Key_Error $error ) {
			add_settings_error( self::OPTION_CONNECTION, 'lumaleasing_site_key_' . $error->reason(), esc_html( self::site_key_error_message( $error->reason() ) ), 'error' );
			return $current;
		}

		$result = $verify( $key );
		if ( empty( $result['ok'] ) ) {
			add_settings_error( self::OPTION_CONNECTION, 'lumaleasing_site_key_' . ( isset( $result['error'] ) ? $result['error'] : 'failed' ), esc_html( self::verify_error_message( $result, $key ) ), 'error' );
			return $current;
		}

		$property = isset( $result['data']['property'] ) && is_array( $result['data']['property'] ) ? $result['data']['property'] : array();
		if ( isset( $property['id'] ) && is_string( $property['id'] ) && strtolower( $property['id'] ) !== $key->property ) {
			add_settings_error( self::OPTION_CONNECTION, 'lumaleasing_site_key_property', esc_html__( 'The backend answered for a different property than the one in this site key.', 'lumaleasing' ), 'error' );
			return $current;
		}

		$connection = self::save_site_key( $key, $property );
		add_settings_error(
			self::OPTION_CONNECTION,
			'lumaleasing_site_key_saved',
			esc_html(
				'' !== $connection['property_name']
					/* translators: %s: property name. */
					? sprintf( __( 'Connected to %s.', 'lumaleasing' ), $connection['property_name'] )
					: __( 'Site key saved.', 'lumaleasing' )
			),
			'updated'
		);
		return $connection;
	}

	/**
	 * Stores a site key (secret in its own, non-autoloaded option).
	 *
	 * @param Site_Key $key      The parsed key.
	 * @param array    $property What the backend said: { id, name, timezone } (may be empty).
	 * @return array The stored connection.
	 */
	public static function save_site_key( Site_Key $key, array $property = array() ): array {
		$connection = self::clean_connection(
			array(
				'backend_url'   => $key->url,
				'property_id'   => $key->property,
				'widget_key'    => $key->widget_key,
				'property_name' => isset( $property['name'] ) && is_string( $property['name'] ) ? $property['name'] : '',
				'timezone'      => isset( $property['timezone'] ) && is_string( $property['timezone'] ) ? $property['timezone'] : '',
				'verified_at'   => empty( $property ) ? 0 : time(),
			)
		);
		update_option( self::OPTION_SECRET, $key->secret, false );
		self::write_connection( $connection );
		return $connection;
	}

	/**
	 * Removes the saved site key.
	 */
	public static function forget_connection() {
		update_option( self::OPTION_SECRET, '', false );
		self::write_connection( self::connection_defaults() );
	}

	/**
	 * Human message for a Site_Key_Error reason.
	 *
	 * @param string $reason Reason from Site_Key_Error.
	 * @return string
	 */
	public static function site_key_error_message( string $reason ): string {
		switch ( $reason ) {
			case 'prefix':
			case 'encoding':
			case 'json':
			case 'too_long':
				return __( 'That is not a LumaLeasing site key. Copy the whole key (it starts with llsk_) and paste it again.', 'lumaleasing' );
			case 'version':
				return __( 'This site key was made for a newer version of the plugin. Update LumaLeasing Tours and try again.', 'lumaleasing' );
			case 'url':
				return __( 'The backend address in this site key is not valid (it must use https).', 'lumaleasing' );
			default:
				return __( 'This site key is incomplete or damaged. Ask for a new one and paste it again.', 'lumaleasing' );
		}
	}

	/**
	 * Human message for a failed verification.
	 *
	 * @param array    $result Backend_Client result.
	 * @param Site_Key $key    The key that was tried.
	 * @return string
	 */
	public static function verify_error_message( array $result, Site_Key $key ): string {
		$error = isset( $result['error'] ) ? $result['error'] : '';
		if ( 'unauthorized' === $error ) {
			return __( 'That site key was not accepted by the backend. The previous settings were kept.', 'lumaleasing' );
		}
		if ( 'unreachable' === $error ) {
			return sprintf(
				/* translators: 1: backend address, 2: error detail. */
				__( 'Could not reach the LumaLeasing backend at %1$s (%2$s). The previous settings were kept; try again in a moment.', 'lumaleasing' ),
				$key->url,
				isset( $result['message'] ) ? $result['message'] : ''
			);
		}
		return sprintf(
			/* translators: %d: HTTP status code. */
			__( 'The LumaLeasing backend could not check this site key (HTTP %d). The previous settings were kept.', 'lumaleasing' ),
			isset( $result['status'] ) ? (int) $result['status'] : 0
		);
	}

	/**
	 * @param array $connection Clean connection.
	 */
	private static function write_connection( array $connection ) {
		self::$internal_write = true;
		try {
			update_option( self::OPTION_CONNECTION, $connection );
		} finally {
			self::$internal_write = false;
		}
	}

	/**
	 * @param mixed  $value    Previous value.
	 * @param array  $allowed  Allowed values.
	 * @param string $fallback Default.
	 * @return string
	 */
	private static function keep( $value, array $allowed, string $fallback ): string {
		return in_array( $value, $allowed, true ) ? $value : $fallback;
	}

	/**
	 * @param string $text Text.
	 * @return int Characters (not bytes).
	 */
	private static function length( string $text ): int {
		return function_exists( 'mb_strlen' ) ? mb_strlen( $text, 'UTF-8' ) : (int) preg_match_all( '/./us', $text );
	}

	/**
	 * @param string $text Text.
	 * @param int    $max  Characters to keep.
	 * @return string
	 */
	private static function cut( string $text, int $max ): string {
		if ( function_exists( 'mb_substr' ) ) {
			return mb_substr( $text, 0, $max, 'UTF-8' );
		}
		return (string) preg_replace( '/^(.{' . $max . '}).*$/us', '$1', $text );
	}
}
