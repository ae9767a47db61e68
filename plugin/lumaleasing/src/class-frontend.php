<?php
/**
 * The public side: the loader script, its configuration, the shortcode and the block.
 *
 * The page only ever receives the public widget key; the site secret stays on the server.
 *
 * @package LumaLeasing
 */

namespace LumaLeasing;

defined( 'ABSPATH' ) || exit;

/**
 * Puts the widget on the site's pages.
 */
final class Frontend {

	const LOADER_HANDLE = 'lumaleasing-loader';
	const SHORTCODE     = 'lumaleasing';
	const BLOCK         = 'lumaleasing/widget';
	/**
	 * The inline container. Its min-height is the widget's first render at every width (the
	 * panel's own min-height, widget/src/ui/styles.css .ll-inline): the space is held before
	 * the widget loads, so nothing below it moves when it appears (no layout shift).
	 */
	const INLINE_HTML = '<div class="lumaleasing-inline" data-lumaleasing-inline style="min-height:480px"></div>';

	/**
	 * Whether the inline configuration has been added to this page already.
	 *
	 * @var bool
	 */
	private static $enqueued = false;

	/**
	 * Registers the loader script, the shortcode and the block (on init).
	 */
	public static function register() {
		wp_register_script(
			self::LOADER_HANDLE,
			plugins_url( 'assets/lumaleasing.js', LUMALEASING_FILE ),
			array(),
			LUMALEASING_VERSION,
			true
		);
		add_shortcode( self::SHORTCODE, array( __CLASS__, 'render_shortcode' ) );
		register_block_type(
			LUMALEASING_DIR . '/blocks/widget',
			array( 'render_callback' => array( __CLASS__, 'render_block' ) )
		);
		if ( function_exists( 'wp_set_script_translations' ) ) {
			wp_set_script_translations( 'lumaleasing-widget-editor-script', 'lumaleasing', LUMALEASING_DIR . '/languages' );
		}
	}

	/**
	 * wp_enqueue_scripts: the floating launcher on every page, when that is the placement.
	 */
	public static function enqueue_everywhere() {
		if ( 'everywhere' === Settings::display()['placement'] ) {
			self::enqueue();
		}
	}

	/**
	 * The [lumaleasing] shortcode.
	 *
	 * @return string
	 */
	public static function render_shortcode(): string {
		return self::render_inline( 'shortcode' );
	}

	/**
	 * The lumaleasing/widget block's render callback.
	 *
	 * @return string
	 */
	public static function render_block(): string {
		return self::render_inline( 'block' );
	}

	/**
	 * The inline container, when the placement allows this kind of embed.
	 *
	 * @param string $kind shortcode | block.
	 * @return string
	 */
	private static function render_inline( string $kind ): string {
		if ( ! Settings::is_connected() ) {
			return self::admin_hint( __( 'The LumaLeasing tour widget will appear here once a site key is saved in Settings → LumaLeasing Tours.', 'lumaleasing' ) );
		}
		if ( ! self::inline_allowed( Settings::display()['placement'], $kind ) ) {
			return self::admin_hint(
				'block' === $kind
					? __( 'This LumaLeasing block is hidden: the placement setting says the widget appears only where the [lumaleasing] shortcode is.', 'lumaleasing' )
					: __( 'This LumaLeasing shortcode is hidden: the placement setting says the widget appears only where the block is.', 'lumaleasing' )
			);
		}
		self::enqueue();
		return self::INLINE_HTML;
	}

	/**
	 * Whether an embed of this kind shows the widget under the given placement.
	 *
	 * @param string $placement everywhere | shortcode | block.
	 * @param string $kind      shortcode | block.
	 * @return bool
	 */
	public static function inline_allowed( string $placement, string $kind ): bool {
		return 'everywhere' === $placement || $placement === $kind;
	}

	/**
	 * Enqueues the loader with its configuration, once per page.
	 */
	public static function enqueue() {
		if ( self::$enqueued || ! Settings::is_connected() ) {
			return;
		}
		self::$enqueued = true;
		$config         = self::widget_config( Settings::connection(), Settings::display(), determine_locale() );
		wp_enqueue_script( self::LOADER_HANDLE );
		wp_add_inline_script( self::LOADER_HANDLE, 'window.LumaLeasingConfig = ' . wp_json_encode( $config ) . ';', 'before' );
	}

	/**
	 * The configuration the page receives. Built from an allow-list so nothing private can
	 * slip through, whatever the inputs hold.
	 *
	 * @param array  $connection Connection option (public fields are picked from it).
	 * @param array  $display    Display settings.
	 * @param string $locale     WordPress locale, e.g. en_US.
	 * @return array { backend, widgetKey, color, greeting, position, lang, launcher }
	 */
	public static function widget_config( array $connection, array $display, string $locale ): array {
		$placement = isset( $display['placement'] ) ? (string) $display['placement'] : 'everywhere';
		return array(
			'backend'   => isset( $connection['backend_url'] ) ? (string) $connection['backend_url'] : '',
			'widgetKey' => isset( $connection['widget_key'] ) ? (string) $connection['widget_key'] : '',
			'color'     => isset( $display['color'] ) ? (string) $display['color'] : '',
			'greeting'  => isset( $display['greeting'] ) ? (string) $display['greeting'] : '',
			'position'  => isset( $display['position'] ) ? (string) $display['position'] : 'bottom-right',
			'lang'      => self::language_tag( $locale ),
			'launcher'  => 'everywhere' === $placement,
		);
	}

	/**
	 * en_US → en-US (BCP 47, what browsers and Intl expect).
	 *
	 * @param string $locale WordPress locale.
	 * @return string
	 */
	public static function language_tag( string $locale ): string {
		$tag = str_replace( '_', '-', $locale );
		return preg_match( '/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/', $tag ) ? $tag : 'en';
	}

	/**
	 * A note only admins see, where visitors see nothing.
	 *
	 * @param string $text Note.
	 * @return string
	 */
	private static function admin_hint( string $text ): string {
		if ( ! current_user_can( 'manage_options' ) ) {
			return '';
		}
		return '<p class="lumaleasing-admin-hint" style="border:1px dashed currentColor;padding:.75em 1em;">' . esc_html( $text ) . '</p>';
	}
}
