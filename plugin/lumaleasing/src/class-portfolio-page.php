<?php
/**
 * The Portfolio page (its own top-level menu, only while a portfolio key is saved): calendar
 * health across the organization's properties and bulk re-connect emails, drawn by
 * assets/portfolio-admin.js (built from widget/admin/portfolio).
 *
 * @package LumaLeasing
 */

namespace LumaLeasing;

defined( 'ABSPATH' ) || exit;

/**
 * The admin page and its script.
 */
final class Portfolio_Page {

	const SLUG        = 'lumaleasing-portfolio';
	const HOOK_SUFFIX = 'toplevel_page_lumaleasing-portfolio';
	const APP_HANDLE  = 'lumaleasing-portfolio-admin';
	const APP_ROOT_ID = 'lumaleasing-portfolio-root';

	/**
	 * The page URL.
	 *
	 * @return string
	 */
	public static function url(): string {
		return admin_url( 'admin.php?page=' . self::SLUG );
	}

	/**
	 * admin_menu: only with a portfolio key.
	 */
	public static function add_menu() {
		if ( ! Portfolio_Key::is_set() ) {
			return;
		}
		add_menu_page(
			__( 'Portfolio', 'lumaleasing' ),
			__( 'Portfolio', 'lumaleasing' ),
			'manage_options',
			self::SLUG,
			array( __CLASS__, 'render' ),
			'dashicons-building',
			59
		);
	}

	/**
	 * admin_enqueue_scripts: the app, on this page only.
	 *
	 * @param string $hook_suffix Current admin page.
	 */
	public static function enqueue( $hook_suffix ) {
		if ( self::HOOK_SUFFIX !== $hook_suffix || ! Portfolio_Key::is_set() ) {
			return;
		}
		wp_enqueue_script(
			self::APP_HANDLE,
			plugins_url( 'assets/portfolio-admin.js', LUMALEASING_FILE ),
			array( 'wp-i18n' ),
			LUMALEASING_VERSION,
			true
		);
		wp_add_inline_script( self::APP_HANDLE, 'window.LumaLeasingPortfolioConfig = ' . wp_json_encode( self::config() ) . ';', 'before' );
		wp_set_script_translations( self::APP_HANDLE, 'lumaleasing', LUMALEASING_DIR . '/languages' );
		// The organization's success metrics above the table: the Insights tab's panel (uPlot),
		// which mounts itself on #lumaleasing-portfolio-metrics with the config above.
		Admin_Insights::enqueue_panel( array( self::APP_HANDLE ) );
	}

	/**
	 * What the app is given: where to call, the nonce, the organization's name. Never the key.
	 *
	 * @return array
	 */
	public static function config(): array {
		return array(
			'restUrl'      => esc_url_raw( rest_url( Rest::NAMESPACE_V1 . '/' ) ),
			'nonce'        => wp_create_nonce( 'wp_rest' ),
			'organization' => Portfolio_Key::info()['organization'],
			'settingsUrl'  => esc_url_raw( Admin_Page::url() ),
		);
	}

	/**
	 * The page.
	 */
	public static function render() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$organization = Portfolio_Key::info()['organization'];
		?>
		<div class="wrap lumaleasing-portfolio">
			<h1 class="wp-heading-inline"><?php esc_html_e( 'Portfolio', 'lumaleasing' ); ?></h1>
			<?php if ( '' !== $organization ) : ?>
				<span class="subtitle"><?php echo esc_html( $organization ); ?></span>
			<?php endif; ?>
			<hr class="wp-header-end" />
			<h2><?php esc_html_e( 'Across the portfolio', 'lumaleasing' ); ?></h2>
			<div id="lumaleasing-portfolio-metrics"><?php /* The organization's success metrics (assets/admin-metrics.js) mount here. */ ?></div>
			<div id="<?php echo esc_attr( self::APP_ROOT_ID ); ?>">
				<p><?php esc_html_e( 'Loading calendar health…', 'lumaleasing' ); ?></p>
				<noscript><p><?php esc_html_e( 'The Portfolio page needs JavaScript.', 'lumaleasing' ); ?></p></noscript>
			</div>
		</div>
		<?php
	}
}
