<?php
/**
 * The portfolio key (llpk_…): pasted on the settings page by a management company's
 * operations team, it turns on the Portfolio page on this site. Stored in its own
 * non-autoloaded option and never printed back (only a hint); checked against the backend
 * before it is saved; removable.
 *
 * Options:
 * - lumaleasing_portfolio_key (not autoloaded) the key itself, read only for backend calls.
 * - lumaleasing_portfolio     { hint, organization, verified_at }: what the page may show.
 *
 * @package LumaLeasing
 */

namespace LumaLeasing;

defined( 'ABSPATH' ) || exit;

/**
 * The portfolio key option and its settings field.
 */
final class Portfolio_Key {

	const OPTION_KEY  = 'lumaleasing_portfolio_key';
	const OPTION_INFO = 'lumaleasing_portfolio';
	const PATTERN     = '/^llpk_[A-Za-z0-9_-]{16,190}$/';

	/**
	 * Every option this class adds (uninstall removes them).
	 *
	 * @return string[]
	 */
	public static function option_names(): array {
		return array( self::OPTION_KEY, self::OPTION_INFO );
	}

	/**
	 * What is stored when no key is.
	 *
	 * @return array
	 */
	public static function info_defaults(): array {
		return array(
			'hint'         => '',
			'organization' => '',
			'verified_at'  => 0,
		);
	}

	/**
	 * The saved key ('' when none).
	 *
	 * @return string
	 */
	public static function key(): string {
		$key = get_option( self::OPTION_KEY, '' );
		return is_string( $key ) ? $key : '';
	}

	/**
	 * Whether a key is saved (the Portfolio page exists only then).
	 *
	 * @return bool
	 */
	public static function is_set(): bool {
		return '' !== self::key();
	}

	/**
	 * What the page may show about the saved key.
	 *
	 * @return array { hint, organization, verified_at }
	 */
	public static function info(): array {
		$stored = get_option( self::OPTION_INFO, array() );
		return self::clean_info( is_array( $stored ) ? $stored : array() );
	}

	/**
	 * A hint of a key: its prefix and last four characters.
	 *
	 * @param string $key The key.
	 * @return string
	 */
	public static function hint( string $key ): string {
		return strlen( $key ) > 9 ? 'llpk_…' . substr( $key, -4 ) : 'llpk_…';
	}

	/**
	 * The client for portfolio calls, or null without a key or a site key (the backend's address).
	 *
	 * @return Portfolio_Client|null
	 */
	public static function client() {
		$connection = Settings::connection();
		$key        = self::key();
		if ( '' === $key || '' === $connection['backend_url'] ) {
			return null;
		}
		return new Portfolio_Client( new Backend_Client( $connection['backend_url'], '', $key ) );
	}

	/**
	 * admin_init: the option and its field in the settings page's Connection section.
	 */
	public static function register_settings() {
		register_setting(
			Settings::GROUP,
			self::OPTION_INFO,
			array(
				'type'              => 'object',
				'sanitize_callback' => array( __CLASS__, 'sanitize_option' ),
				'default'           => self::info_defaults(),
				'show_in_rest'      => false,
			)
		);
		add_settings_field(
			'lumaleasing_portfolio_key',
			__( 'Portfolio key', 'lumaleasing' ),
			array( __CLASS__, 'render_field' ),
			Admin_Page::SLUG,
			'lumaleasing_connection',
			array( 'label_for' => 'lumaleasing_portfolio_key' )
		);
	}

	/**
	 * The field: a password input, always empty; the saved key's hint and a remove box.
	 */
	public static function render_field() {
		$info = self::info();
		printf(
			'<input type="password" id="lumaleasing_portfolio_key" name="%1$s[portfolio_key]" value="" class="regular-text code" autocomplete="off" spellcheck="false" aria-describedby="lumaleasing_portfolio_key_help" placeholder="%2$s" />',
			esc_attr( self::OPTION_INFO ),
			esc_attr( self::is_set() ? __( 'Saved — paste a new key only to replace it', 'lumaleasing' ) : 'llpk_…' )
		);
		echo '<p class="description" id="lumaleasing_portfolio_key_help">' . esc_html__( 'Optional. A management company\'s portfolio key (it starts with llpk_) turns on the Portfolio page: calendar health across all of the company\'s properties. Saving checks it with the backend first.', 'lumaleasing' ) . '</p>';
		if ( self::is_set() ) {
			printf(
				'<p>%1$s <code>%2$s</code>%3$s</p>',
				esc_html__( 'Saved key:', 'lumaleasing' ),
				esc_html( $info['hint'] ),
				'' !== $info['organization']
					/* translators: %s: organization name. */
					? ' ' . esc_html( sprintf( __( '(%s)', 'lumaleasing' ), $info['organization'] ) )
					: ''
			);
			printf(
				'<p><label><input type="checkbox" name="%1$s[forget]" value="1" /> %2$s</label></p>',
				esc_attr( self::OPTION_INFO ),
				esc_html__( 'Remove the portfolio key from this site (the Portfolio page disappears)', 'lumaleasing' )
			);
		}
	}

	/**
	 * sanitize_callback: verifies a pasted key with the backend before storing it.
	 *
	 * @param mixed $input Submitted value.
	 * @return array The info to store.
	 */
	public static function sanitize_option( $input ): array {
		$input = is_array( $input ) ? $input : array();
		// WordPress sanitizes again when it adds the option: our own output passes as it is.
		if ( isset( $input['verified_at'] ) && ! isset( $input['portfolio_key'] ) && ! isset( $input['forget'] ) ) {
			return self::clean_info( $input );
		}
		$verify = static function ( string $key ) {
			$connection = Settings::connection();
			if ( '' === $connection['backend_url'] ) {
				return null;
			}
			return ( new Portfolio_Client( new Backend_Client( $connection['backend_url'], '', $key ) ) )->health( '', '' );
		};
		return self::handle_submission( $input, $verify );
	}

	/**
	 * Applies a submission: remove, keep (empty), refuse (reported, the current key kept) or store.
	 *
	 * @param array    $input  { portfolio_key?: string, forget?: '1' }.
	 * @param callable $verify key => Backend_Client result, or null when no site key is saved.
	 * @return array The info to store.
	 */
	public static function handle_submission( array $input, callable $verify ): array {
		$current = self::info();
		if ( ! empty( $input['forget'] ) ) {
			update_option( self::OPTION_KEY, '', false );
			add_settings_error( self::OPTION_INFO, 'lumaleasing_portfolio_removed', esc_html__( 'The portfolio key was removed from this site.', 'lumaleasing' ), 'updated' );
			return self::info_defaults();
		}
		$raw = isset( $input['portfolio_key'] ) && is_string( $input['portfolio_key'] ) ? trim( $input['portfolio_key'] ) : '';
		if ( '' === $raw ) {
			return $current;
		}
		if ( 1 !== preg_match( self::PATTERN, $raw ) ) {
			add_settings_error( self::OPTION_INFO, 'lumaleasing_portfolio_format', esc_html__( 'That is not a portfolio key. Copy the whole key (it starts with llpk_) and paste it again. The previous portfolio key was kept.', 'lumaleasing' ), 'error' );
			return $current;
		}
		$result = $verify( $raw );
		if ( null === $result ) {
			add_settings_error( self::OPTION_INFO, 'lumaleasing_portfolio_no_site_key', esc_html__( 'Save this site\'s site key first: the portfolio key is checked with the same backend.', 'lumaleasing' ), 'error' );
			return $current;
		}
		if ( empty( $result['ok'] ) ) {
			add_settings_error( self::OPTION_INFO, 'lumaleasing_portfolio_refused', esc_html( self::refusal_message( $result ) ), 'error' );
			return $current;
		}
		$organization = isset( $result['data']['organization']['name'] ) && is_string( $result['data']['organization']['name'] )
			? sanitize_text_field( $result['data']['organization']['name'] ) : '';
		update_option( self::OPTION_KEY, $raw, false );
		add_settings_error(
			self::OPTION_INFO,
			'lumaleasing_portfolio_saved',
			esc_html(
				'' !== $organization
					/* translators: %s: organization name. */
					? sprintf( __( 'Portfolio key saved for %s. The Portfolio page is in the admin menu.', 'lumaleasing' ), $organization )
					: __( 'Portfolio key saved. The Portfolio page is in the admin menu.', 'lumaleasing' )
			),
			'updated'
		);
		return array(
			'hint'         => self::hint( $raw ),
			'organization' => $organization,
			'verified_at'  => time(),
		);
	}

	/**
	 * Why the backend did not take a key.
	 *
	 * @param array $result Backend_Client failure.
	 * @return string
	 */
	public static function refusal_message( array $result ): string {
		$error = isset( $result['error'] ) ? $result['error'] : '';
		if ( 'unauthorized' === $error ) {
			return __( 'That portfolio key was not accepted by the backend (unknown or rotated). The previous portfolio key was kept.', 'lumaleasing' );
		}
		if ( 'unreachable' === $error ) {
			return __( 'Could not reach the LumaLeasing backend to check the portfolio key. The previous portfolio key was kept; try again in a moment.', 'lumaleasing' );
		}
		return sprintf(
			/* translators: %d: HTTP status code. */
			__( 'The LumaLeasing backend could not check the portfolio key (HTTP %d). The previous portfolio key was kept.', 'lumaleasing' ),
			isset( $result['status'] ) ? (int) $result['status'] : 0
		);
	}

	/**
	 * @param array $info Stored or submitted info.
	 * @return array
	 */
	private static function clean_info( array $info ): array {
		return array(
			'hint'         => isset( $info['hint'] ) && is_string( $info['hint'] ) ? sanitize_text_field( $info['hint'] ) : '',
			'organization' => isset( $info['organization'] ) && is_string( $info['organization'] ) ? sanitize_text_field( $info['organization'] ) : '',
			'verified_at'  => isset( $info['verified_at'] ) ? absint( $info['verified_at'] ) : 0,
		);
	}
}
