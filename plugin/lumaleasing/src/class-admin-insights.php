<?php
/**
 * Settings → LumaLeasing Tours → Insights: the tabs above the settings page, and the
 * Insights tab, which shows the property's success metrics (assets/admin-metrics.js, built
 * from widget/admin/metrics, with uPlot for the charts — loaded on this tab only) through
 * the lumaleasing/v1/metrics proxy (class-rest-metrics.php).
 *
 * @package LumaLeasing
 */

namespace LumaLeasing;

defined( 'ABSPATH' ) || exit;

/**
 * The Insights tab.
 */
final class Admin_Insights {

	const HANDLE    = 'lumaleasing-admin-metrics';
	const ROOT_ID   = 'lumaleasing-insights-root';
	const TAB_PARAM = 'tab';
	const TAB       = 'insights';

	/**
	 * The tab asked for: settings (the default) or insights.
	 *
	 * @param array $query The query arguments (defaults to $_GET).
	 * @return string
	 */
	public static function current_tab( $query = null ): string {
		$query = is_array( $query ) ? $query : $_GET; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- only picks which view to show.
		$tab   = isset( $query[ self::TAB_PARAM ] ) && is_string( $query[ self::TAB_PARAM ] ) ? sanitize_key( wp_unslash( $query[ self::TAB_PARAM ] ) ) : '';
		return self::TAB === $tab ? self::TAB : 'settings';
	}

	/**
	 * A tab's URL.
	 *
	 * @param string $tab settings or insights.
	 * @return string
	 */
	public static function tab_url( string $tab ): string {
		return self::TAB === $tab ? admin_url( 'options-general.php?page=' . Admin_Page::SLUG . '&' . self::TAB_PARAM . '=' . self::TAB ) : Admin_Page::url();
	}

	/**
	 * The Insights tab's app: the metrics panel and uPlot (its own bundle and stylesheet).
	 *
	 * @param array $connection Settings::connection().
	 */
	public static function enqueue( array $connection ) {
		self::enqueue_panel();
		$config = array(
			'restUrl'      => esc_url_raw( rest_url( Rest::NAMESPACE_V1 . '/' ) ),
			'nonce'        => wp_create_nonce( 'wp_rest' ),
			'settingsUrl'  => esc_url_raw( Admin_Page::url() ),
			'connected'    => Settings::is_connected(),
			'propertyName' => $connection['property_name'],
			'timezone'     => $connection['timezone'],
		);
		wp_add_inline_script( self::HANDLE, 'window.LumaLeasingAdminConfig = ' . wp_json_encode( $config ) . ';', 'before' );
	}

	/**
	 * The metrics panel's bundle and stylesheet (uPlot), for any admin page that shows it; it
	 * mounts itself where it finds its root and configuration.
	 *
	 * @param string[] $deps Scripts that must come first (the ones printing its configuration).
	 */
	public static function enqueue_panel( array $deps = array() ) {
		wp_enqueue_style( self::HANDLE, plugins_url( 'assets/admin-metrics.css', LUMALEASING_FILE ), array(), LUMALEASING_VERSION );
		wp_enqueue_script(
			self::HANDLE,
			plugins_url( 'assets/admin-metrics.js', LUMALEASING_FILE ),
			array_merge( array( 'wp-i18n' ), $deps ),
			LUMALEASING_VERSION,
			true
		);
		wp_set_script_translations( self::HANDLE, 'lumaleasing', LUMALEASING_DIR . '/languages' );
	}

	/**
	 * The tabs above the page (WordPress' nav-tab-wrapper).
	 *
	 * @param string $current settings or insights.
	 */
	public static function render_tabs( string $current ) {
		$tabs = array(
			'settings'         => __( 'Settings', 'lumaleasing' ),
			self::TAB => __( 'Insights', 'lumaleasing' ),
		);
		echo '<nav class="nav-tab-wrapper wp-clearfix" aria-label="' . esc_attr__( 'LumaLeasing Tours sections', 'lumaleasing' ) . '">';
		foreach ( $tabs as $tab => $label ) {
			printf(
				'<a href="%s" class="nav-tab%s"%s>%s</a>',
				esc_url( self::tab_url( $tab ) ),
				$tab === $current ? ' nav-tab-active' : '',
				$tab === $current ? ' aria-current="page"' : '',
				esc_html( $label )
			);
		}
		echo '</nav>';
	}

	/**
	 * The Insights tab: the property's success metrics, each beside its target, and their weekly charts.
	 */
	public static function render() {
		?>
		<h2 id="lumaleasing-insights-heading"><?php esc_html_e( 'Insights', 'lumaleasing' ); ?></h2>
		<?php if ( ! Settings::is_connected() ) : ?>
			<p><?php esc_html_e( 'Save this property\'s site key on the Settings tab first; then its success metrics appear here.', 'lumaleasing' ); ?></p>
		<?php else : ?>
			<div id="<?php echo esc_attr( self::ROOT_ID ); ?>" aria-labelledby="lumaleasing-insights-heading">
				<p><?php esc_html_e( 'Loading the metrics…', 'lumaleasing' ); ?></p>
				<noscript><p><?php esc_html_e( 'The Insights tab needs JavaScript.', 'lumaleasing' ); ?></p></noscript>
			</div>
		<?php endif; ?>
		<?php
	}
}
