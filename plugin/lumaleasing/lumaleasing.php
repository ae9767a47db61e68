<?php
/**
 * Plugin Name:       LumaLeasing Tours
 * Description:       A tour-booking chat widget for apartment communities: prospects pick a time from your leasing team's real Google Calendar availability and the tour is booked.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * Author:            LumaLeasing
 * License:           GPLv2 or later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       lumaleasing
 * Domain Path:       /languages
 *
 * @package LumaLeasing
 */

defined( 'ABSPATH' ) || exit;

define( 'LUMALEASING_VERSION', '0.1.0' );
define( 'LUMALEASING_FILE', __FILE__ );
define( 'LUMALEASING_DIR', __DIR__ );

require_once __DIR__ . '/src/class-site-key.php';
require_once __DIR__ . '/src/class-settings.php';
require_once __DIR__ . '/src/class-site-pages.php';
require_once __DIR__ . '/src/class-backend-client.php';
require_once __DIR__ . '/src/class-tours-client.php';
require_once __DIR__ . '/src/class-frontend.php';
require_once __DIR__ . '/src/class-rest.php';
require_once __DIR__ . '/src/class-rest-hubspot.php';
require_once __DIR__ . '/src/class-rest-rules.php';
require_once __DIR__ . '/src/class-rest-metrics.php';
require_once __DIR__ . '/src/class-webhooks-rest.php';
require_once __DIR__ . '/src/class-admin-page.php';
require_once __DIR__ . '/src/class-tours-access.php';
require_once __DIR__ . '/src/class-dashboard-widget.php';
require_once __DIR__ . '/src/class-menu-count.php';
require_once __DIR__ . '/src/class-portfolio-key.php';
require_once __DIR__ . '/src/class-portfolio-client.php';
require_once __DIR__ . '/src/class-rest-portfolio.php';
require_once __DIR__ . '/src/class-portfolio-page.php';
require_once __DIR__ . '/src/class-reconnect-landing.php';
require_once __DIR__ . '/src/class-admin-insights.php';
require_once __DIR__ . '/src/class-rest-tours.php';
require_once __DIR__ . '/src/class-tours-page.php';

register_activation_hook( __FILE__, array( 'LumaLeasing\Settings', 'activate' ) );
register_activation_hook( __FILE__, array( 'LumaLeasing\Site_Pages', 'activate' ) );
register_activation_hook( __FILE__, array( 'LumaLeasing\Tours_Page', 'activate' ) );

// The backend learns where the manage page and the settings page are, and again when they move.
foreach ( array( 'lumaleasing_connection', 'lumaleasing_manage_page', 'permalink_structure', 'home' ) as $lumaleasing_option ) {
	add_action( 'add_option_' . $lumaleasing_option, array( 'LumaLeasing\Site_Pages', 'changed' ) );
	add_action( 'update_option_' . $lumaleasing_option, array( 'LumaLeasing\Site_Pages', 'changed' ) );
}
add_action( 'save_post_page', array( 'LumaLeasing\Site_Pages', 'page_saved' ) );

// What the dashboard and the menu remember about tours is forgotten when a tour changes or the site key does.
foreach ( array( 'lumaleasing_tour_changed', 'add_option_lumaleasing_connection', 'update_option_lumaleasing_connection' ) as $lumaleasing_hook ) {
	add_action( $lumaleasing_hook, array( 'LumaLeasing\Dashboard_Widget', 'clear' ) );
	add_action( $lumaleasing_hook, array( 'LumaLeasing\Menu_Count', 'clear' ) );
}

add_action(
	'init',
	static function () {
		load_plugin_textdomain( 'lumaleasing', false, dirname( plugin_basename( LUMALEASING_FILE ) ) . '/languages' );
	}
);
add_action( 'init', array( 'LumaLeasing\Frontend', 'register' ) );
add_action( 'wp_enqueue_scripts', array( 'LumaLeasing\Frontend', 'enqueue_everywhere' ) );
add_action( 'rest_api_init', array( 'LumaLeasing\Rest', 'register_routes' ) );
add_action( 'rest_api_init', array( 'LumaLeasing\Rest_HubSpot', 'register_routes' ) );
add_action( 'rest_api_init', array( 'LumaLeasing\Rest_Rules', 'register_routes' ) );
add_action( 'rest_api_init', array( 'LumaLeasing\Rest_Metrics', 'register_routes' ) );
add_action( 'rest_api_init', array( 'LumaLeasing\Webhooks_Rest', 'register_routes' ) );
add_action( 'rest_api_init', array( 'LumaLeasing\Rest_Portfolio', 'register_routes' ) );
add_action( 'rest_api_init', array( 'LumaLeasing\Rest_Tours', 'register_routes' ) );

if ( is_admin() ) {
	add_action( 'admin_menu', array( 'LumaLeasing\Admin_Page', 'add_menu' ) );
	add_action( 'admin_menu', array( 'LumaLeasing\Tours_Page', 'add_menu' ) );
	add_action( 'admin_init', array( 'LumaLeasing\Tours_Page', 'maybe_upgrade' ) );
	add_action( 'admin_enqueue_scripts', array( 'LumaLeasing\Tours_Page', 'enqueue' ) );
	add_action( 'admin_init', array( 'LumaLeasing\Admin_Page', 'register_settings' ) );
	add_action( 'load-settings_page_lumaleasing', array( 'LumaLeasing\Site_Pages', 'sync' ) );
	add_action( 'admin_enqueue_scripts', array( 'LumaLeasing\Admin_Page', 'enqueue' ) );
	add_action( 'admin_notices', array( 'LumaLeasing\Admin_Page', 'setup_notice' ) );
	add_action( 'wp_dashboard_setup', array( 'LumaLeasing\Dashboard_Widget', 'register' ) );
	// Late, so the Tours menu is there to count on.
	add_action( 'admin_menu', array( 'LumaLeasing\Menu_Count', 'add_bubble' ), 999 );
	// The Portfolio page (with a portfolio key) and a re-connect email's landing.
	add_action( 'admin_init', array( 'LumaLeasing\Portfolio_Key', 'register_settings' ) );
	add_action( 'admin_menu', array( 'LumaLeasing\Portfolio_Page', 'add_menu' ) );
	add_action( 'admin_enqueue_scripts', array( 'LumaLeasing\Portfolio_Page', 'enqueue' ) );
	add_action( 'admin_post_lumaleasing_reconnect', array( 'LumaLeasing\Reconnect_Landing', 'handle_post' ) );
	add_filter( 'plugin_action_links_' . plugin_basename( __FILE__ ), array( 'LumaLeasing\Admin_Page', 'action_links' ) );
}
