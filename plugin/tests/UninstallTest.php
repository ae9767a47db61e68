<?php
/**
 * uninstall.php removes every option the plugin added, and nothing else.
 *
 * @package LumaLeasing
 */

use LumaLeasing\Settings;
use PHPUnit\Framework\TestCase;

final class UninstallTest extends TestCase {

	public function test_stops_when_not_called_by_wordpress_uninstall(): void {
		$file   = dirname( __DIR__ ) . '/lumaleasing/uninstall.php';
		$script = 'define("ABSPATH", "/"); function delete_option($n) { echo "deleted $n"; } require ' . var_export( $file, true ) . '; echo "reached";';
		$output = shell_exec( escapeshellarg( PHP_BINARY ) . ' -r ' . escapeshellarg( $script ) . ' 2>&1' );
		$this->assertSame( '', (string) $output, 'uninstall.php exits before doing anything without WP_UNINSTALL_PLUGIN' );
	}

	public function test_removes_all_plugin_options_and_keeps_others(): void {
		WP_Test_State::reset();
		Settings::activate();
		\LumaLeasing\Tours_Page::activate();
		update_option( Settings::OPTION_SECRET, 'llss_some_secret_value_123456', false );
		update_option( 'blogname', 'Luma Heights' );

		if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
			define( 'WP_UNINSTALL_PLUGIN', 'lumaleasing/lumaleasing.php' );
		}
		require dirname( __DIR__ ) . '/lumaleasing/uninstall.php';

		$this->assertSame( array( 'blogname' ), array_keys( WP_Test_State::$options ) );
		$this->assertFalse( get_role( 'administrator' )->has_cap( \LumaLeasing\Tours_Page::CAP ), 'the Tours capability leaves every role' );
		$this->assertFalse( get_role( 'editor' )->has_cap( \LumaLeasing\Tours_Page::CAP ) );
	}
}
