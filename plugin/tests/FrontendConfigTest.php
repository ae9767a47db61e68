<?php
/**
 * What the public page receives.
 *
 * @package LumaLeasing
 */

use LumaLeasing\Frontend;
use LumaLeasing\Settings;
use LumaLeasing\Site_Key;
use PHPUnit\Framework\TestCase;

final class FrontendConfigTest extends TestCase {

	const SECRET = 'llss_demo_lumaheights_local_only_9d27f1c3';

	protected function setUp(): void {
		WP_Test_State::reset();
	}

	public function test_config_has_exactly_the_public_fields(): void {
		$config = Frontend::widget_config(
			array(
				'backend_url' => 'http://127.0.0.1:54321/functions/v1',
				'widget_key'  => 'llwk_demo_lumaheights_4f9c2a7e1b',
			),
			array(
				'placement' => 'everywhere',
				'greeting'  => 'Hi!',
				'color'     => '#1f6f5c',
				'position'  => 'bottom-left',
			),
			'es_MX'
		);
		$this->assertSame(
			array(
				'backend'   => 'http://127.0.0.1:54321/functions/v1',
				'widgetKey' => 'llwk_demo_lumaheights_4f9c2a7e1b',
				'color'     => '#1f6f5c',
				'greeting'  => 'Hi!',
				'position'  => 'bottom-left',
				'lang'      => 'es-MX',
				'launcher'  => true,
			),
			$config
		);
	}

	public function test_config_never_carries_the_secret_even_if_the_inputs_do(): void {
		$key = Site_Key::parse(
			Site_Key::encode(
				array(
					'url'       => 'http://127.0.0.1:54321/functions/v1',
					'property'  => 'b1f3c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
					'widgetKey' => 'llwk_demo_lumaheights_4f9c2a7e1b',
					'secret'    => self::SECRET,
				)
			)
		);
		Settings::save_site_key( $key, array( 'name' => 'Luma Heights' ) );

		$connection           = Settings::connection();
		$connection['secret'] = self::SECRET; // as if someone stored it by mistake.
		$display              = Settings::display() + array( 'secret' => self::SECRET );
		$json                 = wp_json_encode( Frontend::widget_config( $connection, $display, 'en_US' ) );

		$this->assertStringNotContainsString( self::SECRET, $json );
		$this->assertStringNotContainsString( 'secret', strtolower( $json ) );
		$this->assertStringContainsString( 'llwk_demo_lumaheights_4f9c2a7e1b', $json );
	}

	public function test_launcher_only_when_the_widget_goes_everywhere(): void {
		foreach ( array( 'everywhere' => true, 'shortcode' => false, 'block' => false ) as $placement => $launcher ) {
			$config = Frontend::widget_config( array(), array( 'placement' => $placement ), 'en_US' );
			$this->assertSame( $launcher, $config['launcher'], $placement );
		}
	}

	public function test_inline_embeds_follow_the_placement(): void {
		$this->assertTrue( Frontend::inline_allowed( 'everywhere', 'shortcode' ) );
		$this->assertTrue( Frontend::inline_allowed( 'everywhere', 'block' ) );
		$this->assertTrue( Frontend::inline_allowed( 'shortcode', 'shortcode' ) );
		$this->assertFalse( Frontend::inline_allowed( 'shortcode', 'block' ) );
		$this->assertTrue( Frontend::inline_allowed( 'block', 'block' ) );
		$this->assertFalse( Frontend::inline_allowed( 'block', 'shortcode' ) );
	}

	public function test_language_tags(): void {
		$this->assertSame( 'en-US', Frontend::language_tag( 'en_US' ) );
		$this->assertSame( 'de', Frontend::language_tag( 'de' ) );
		$this->assertSame( 'pt-BR', Frontend::language_tag( 'pt_BR' ) );
		$this->assertSame( 'de-DE-formal', Frontend::language_tag( 'de_DE_formal' ) );
		$this->assertSame( 'en', Frontend::language_tag( '"><script>' ) );
	}
}
