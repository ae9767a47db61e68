<?php
/**
 * Settings sanitisation and the site key's save flow.
 *
 * @package LumaLeasing
 */

use LumaLeasing\Settings;
use LumaLeasing\Site_Key;
use PHPUnit\Framework\TestCase;

final class SettingsTest extends TestCase {

	const PROPERTY = 'b1f3c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
	const SECRET   = 'llss_demo_lumaheights_local_only_9d27f1c3';

	protected function setUp(): void {
		WP_Test_State::reset();
	}

	private static function key( array $overrides = array() ): string {
		return Site_Key::encode(
			array_merge(
				array(
					'url'       => 'http://127.0.0.1:54321/functions/v1',
					'property'  => self::PROPERTY,
					'widgetKey' => 'llwk_demo_lumaheights_4f9c2a7e1b',
					'secret'    => self::SECRET,
				),
				$overrides
			)
		);
	}

	private static function accepted(): callable {
		return static function ( Site_Key $key ): array {
			return array(
				'ok'     => true,
				'status' => 200,
				'data'   => array(
					'success'  => true,
					'property' => array(
						'id'       => $key->property,
						'name'     => 'Luma Heights',
						'timezone' => 'America/Chicago',
					),
				),
			);
		};
	}

	private static function refused( string $error, int $status = 401 ): callable {
		return static function () use ( $error, $status ): array {
			return array(
				'ok'      => false,
				'status'  => $status,
				'error'   => $error,
				'message' => 'connection refused',
			);
		};
	}

	private static function error_messages(): array {
		return array_column( WP_Test_State::$settings_errors, 'message' );
	}

	// ----- display settings -------------------------------------------------------------

	public function test_keeps_valid_display_values(): void {
		$clean = Settings::clean_display(
			array(
				'placement' => 'shortcode',
				'greeting'  => 'Come see us!',
				'color'     => '#AA3300',
				'position'  => 'bottom-left',
			),
			Settings::display_defaults()
		);
		$this->assertSame(
			array(
				'placement' => 'shortcode',
				'position'  => 'bottom-left',
				'color'     => '#aa3300',
				'greeting'  => 'Come see us!',
			),
			$clean['values']
		);
		$this->assertSame( array(), $clean['errors'] );
	}

	public function test_invalid_colour_keeps_the_previous_one_and_says_why(): void {
		$previous = array( 'color' => '#123456' ) + Settings::display_defaults();
		foreach ( array( 'red', '#12345', 'javascript:alert(1)', '#ggg', '' ) as $bad ) {
			$clean = Settings::clean_display( array( 'color' => $bad ), $previous );
			$this->assertSame( '#123456', $clean['values']['color'], "colour '$bad'" );
			$this->assertArrayHasKey( 'color', $clean['errors'], "colour '$bad'" );
		}
	}

	public function test_short_hex_colours_are_expanded_for_the_colour_input(): void {
		$clean = Settings::clean_display( array( 'color' => '#F0a' ), Settings::display_defaults() );
		$this->assertSame( '#ff00aa', $clean['values']['color'] );
	}

	public function test_placement_and_position_only_take_known_values(): void {
		$previous = array(
			'placement' => 'block',
			'position'  => 'bottom-left',
		) + Settings::display_defaults();
		$clean    = Settings::clean_display(
			array(
				'placement' => 'header',
				'position'  => 'top-right',
			),
			$previous
		);
		$this->assertSame( 'block', $clean['values']['placement'] );
		$this->assertSame( 'bottom-left', $clean['values']['position'] );
		$this->assertArrayHasKey( 'placement', $clean['errors'] );
		$this->assertArrayHasKey( 'position', $clean['errors'] );

		$garbage = Settings::clean_display( array( 'placement' => array( 'x' ) ), array( 'placement' => 'nonsense' ) );
		$this->assertSame( 'everywhere', $garbage['values']['placement'] );
	}

	public function test_greeting_is_stripped_of_markup_and_cut_to_the_limit_in_characters(): void {
		$clean = Settings::clean_display( array( 'greeting' => "Hello <script>alert(1)</script><b>there</b>\n friend" ), Settings::display_defaults() );
		$this->assertSame( 'Hello there friend', $clean['values']['greeting'] );

		$long  = str_repeat( 'é', Settings::GREETING_MAX + 25 );
		$clean = Settings::clean_display( array( 'greeting' => $long ), Settings::display_defaults() );
		$this->assertSame( Settings::GREETING_MAX, mb_strlen( $clean['values']['greeting'], 'UTF-8' ) );
		$this->assertTrue( mb_check_encoding( $clean['values']['greeting'], 'UTF-8' ) );
		$this->assertArrayHasKey( 'greeting', $clean['errors'] );

		$exact = Settings::clean_display( array( 'greeting' => str_repeat( 'a', Settings::GREETING_MAX ) ), Settings::display_defaults() );
		$this->assertArrayNotHasKey( 'greeting', $exact['errors'] );
	}

	public function test_empty_greeting_falls_back_to_the_default(): void {
		$clean = Settings::clean_display( array( 'greeting' => '   ' ), Settings::display_defaults() );
		$this->assertSame( Settings::display_defaults()['greeting'], $clean['values']['greeting'] );
	}

	public function test_settings_api_callback_reports_errors_as_settings_errors(): void {
		$values = Settings::sanitize_display_option( array( 'color' => 'not-a-colour' ) );
		$this->assertSame( Settings::display_defaults()['color'], $values['color'] );
		$this->assertSame( array( 'lumaleasing_color' ), array_column( WP_Test_State::$settings_errors, 'code' ) );
	}

	// ----- site key -----------------------------------------------------------------------

	public function test_accepted_key_stores_secret_apart_and_not_autoloaded(): void {
		$connection = Settings::handle_site_key_submission( array( 'site_key' => self::key() ), self::accepted() );

		$this->assertSame( 'http://127.0.0.1:54321/functions/v1', $connection['backend_url'] );
		$this->assertSame( 'llwk_demo_lumaheights_4f9c2a7e1b', $connection['widget_key'] );
		$this->assertSame( 'Luma Heights', $connection['property_name'] );
		$this->assertSame( 'America/Chicago', $connection['timezone'] );
		$this->assertGreaterThan( 0, $connection['verified_at'] );

		$this->assertSame( self::SECRET, WP_Test_State::$options[ Settings::OPTION_SECRET ]['value'] );
		$this->assertFalse( WP_Test_State::$options[ Settings::OPTION_SECRET ]['autoload'] );
		$this->assertStringNotContainsString( self::SECRET, serialize( $connection ) );
		$this->assertStringNotContainsString( self::SECRET, serialize( WP_Test_State::$options[ Settings::OPTION_CONNECTION ]['value'] ) );
		$this->assertTrue( Settings::is_connected() );
		$this->assertSame( 'updated', WP_Test_State::$settings_errors[0]['type'] );
	}

	public function test_refused_key_shows_the_message_and_keeps_the_old_connection(): void {
		Settings::handle_site_key_submission( array( 'site_key' => self::key() ), self::accepted() );
		WP_Test_State::$settings_errors = array();

		$new        = self::key( array( 'secret' => 'llss_some_other_secret_123456' ) );
		$connection = Settings::handle_site_key_submission( array( 'site_key' => $new ), self::refused( 'unauthorized' ) );

		$this->assertSame( 'Luma Heights', $connection['property_name'] );
		$this->assertSame( self::SECRET, Settings::secret() );
		$this->assertCount( 1, WP_Test_State::$settings_errors );
		$this->assertSame( 'error', WP_Test_State::$settings_errors[0]['type'] );
		$this->assertStringContainsString( 'That site key was not accepted by the backend', self::error_messages()[0] );
	}

	public function test_unreachable_backend_gives_a_readable_message_and_saves_nothing(): void {
		$connection = Settings::handle_site_key_submission( array( 'site_key' => self::key() ), self::refused( 'unreachable', 0 ) );
		$this->assertSame( Settings::connection_defaults(), $connection );
		$this->assertSame( '', Settings::secret() );
		$this->assertFalse( Settings::is_connected() );
		$this->assertStringContainsString( 'Could not reach the LumaLeasing backend at http://127.0.0.1:54321/functions/v1', self::error_messages()[0] );
		$this->assertStringContainsString( 'connection refused', self::error_messages()[0] );
	}

	public function test_malformed_key_is_not_sent_to_the_backend(): void {
		$called     = false;
		$connection = Settings::handle_site_key_submission(
			array( 'site_key' => 'llsk_not-really' ),
			static function () use ( &$called ) {
				$called = true;
				return array( 'ok' => true );
			}
		);
		$this->assertFalse( $called );
		$this->assertSame( Settings::connection_defaults(), $connection );
		$this->assertStringContainsString( 'starts with llsk_', self::error_messages()[0] );
	}

	public function test_empty_submission_keeps_the_saved_key_without_calling_the_backend(): void {
		Settings::handle_site_key_submission( array( 'site_key' => self::key() ), self::accepted() );
		WP_Test_State::$settings_errors = array();
		$connection = Settings::handle_site_key_submission(
			array( 'site_key' => '  ' ),
			function () {
				$this->fail( 'the backend must not be called for an empty field' );
			}
		);
		$this->assertSame( 'Luma Heights', $connection['property_name'] );
		$this->assertSame( array(), WP_Test_State::$settings_errors );
	}

	public function test_backend_answering_for_another_property_is_refused(): void {
		$other = static function (): array {
			return array(
				'ok'   => true,
				'data' => array(
					'success'  => true,
					'property' => array( 'id' => '00000000-0000-4000-8000-000000000000' ),
				),
			);
		};
		Settings::handle_site_key_submission( array( 'site_key' => self::key() ), $other );
		$this->assertFalse( Settings::is_connected() );
		$this->assertSame( 'error', WP_Test_State::$settings_errors[0]['type'] );
	}

	public function test_forget_removes_key_and_secret(): void {
		Settings::handle_site_key_submission( array( 'site_key' => self::key() ), self::accepted() );
		$connection = Settings::handle_site_key_submission( array( 'forget' => '1' ), self::accepted() );
		$this->assertSame( Settings::connection_defaults(), $connection );
		$this->assertSame( '', Settings::secret() );
		$this->assertFalse( Settings::is_connected() );
	}

	public function test_option_names_cover_every_option_the_plugin_writes(): void {
		Settings::activate();
		Settings::handle_site_key_submission( array( 'site_key' => self::key() ), self::accepted() );
		Settings::sanitize_display_option( array( 'color' => '#000000' ) );
		$this->assertNotEmpty( WP_Test_State::$options );
		$this->assertSame( array(), array_diff( array_keys( WP_Test_State::$options ), Settings::option_names() ) );
		$this->assertFalse( WP_Test_State::$options[ Settings::OPTION_SECRET ]['autoload'] );
	}
}
