<?php
/**
 * Removes every option, cache and capability LumaLeasing Tours added, when the plugin is deleted.
 *
 * @package LumaLeasing
 */

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}

require_once __DIR__ . '/src/class-site-key.php';
require_once __DIR__ . '/src/class-settings.php';
require_once __DIR__ . '/src/class-site-pages.php';
require_once __DIR__ . '/src/class-portfolio-key.php';
require_once __DIR__ . '/src/class-tours-page.php';

$lumaleasing_delete_options = static function () {
	foreach ( \LumaLeasing\Settings::option_names() as $lumaleasing_option ) {
		delete_option( $lumaleasing_option );
	}
	// The short-lived caches (Menu_Count::TRANSIENT, Dashboard_Widget::TRANSIENT).
	delete_transient( 'lumaleasing_outcome_needed_count' );
	delete_transient( 'lumaleasing_today_tours' );
	\LumaLeasing\Tours_Page::remove_caps();
};

if ( is_multisite() ) {
	foreach ( get_sites( array( 'fields' => 'ids' ) ) as $lumaleasing_site_id ) {
		switch_to_blog( $lumaleasing_site_id );
		$lumaleasing_delete_options();
		restore_current_blog();
	}
} else {
	$lumaleasing_delete_options();
}
