<?php
/**
 * Site key parsing and validation.
 *
 * @package LumaLeasing
 */

use LumaLeasing\Site_Key;
use LumaLeasing\Site_Key_Error;
use PHPUnit\Framework\TestCase;

final class SiteKeyTest extends TestCase {

	const PROPERTY = 'b1f3c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

	private static function fields( array $overrides = array() ): array {
		return array_merge(
			array(
				'url'       => 'http://127.0.0.1:54321/functions/v1',
				'property'  => self::PROPERTY,
				'widgetKey' => 'llwk_demo_lumaheights_4f9c2a7e1b',
				'secret'    => 'llss_demo_lumaheights_local_only_9d27f1c3',
			),
			$overrides
		);
	}

	/** base64url of arbitrary JSON text, with the llsk_ prefix. */
	private static function raw_key( string $json ): string {
		return 'llsk_' . rtrim( strtr( base64_encode( $json ), '+/', '-_' ), '=' );
	}

	private static function reason_for( $raw ): string {
		try {
			Site_Key::parse( $raw );
		} catch ( Site_Key_Error $error ) {
			return $error->reason();
		}
		return 'accepted';
	}

	public function test_parses_every_field_of_a_valid_key(): void {
		$key = Site_Key::parse( Site_Key::encode( self::fields() ) );
		$this->assertSame( 'http://127.0.0.1:54321/functions/v1', $key->url );
		$this->assertSame( self::PROPERTY, $key->property );
		$this->assertSame( 'llwk_demo_lumaheights_4f9c2a7e1b', $key->widget_key );
		$this->assertSame( 'llss_demo_lumaheights_local_only_9d27f1c3', $key->secret );
		$this->assertSame( '127.0.0.1', $key->host() );
	}

	public function test_tolerates_whitespace_line_breaks_and_padding_from_pasting(): void {
		$encoded = Site_Key::encode( self::fields() );
		$wrapped = "  \n" . implode( "\n", str_split( $encoded, 20 ) ) . " \t";
		$this->assertSame( self::PROPERTY, Site_Key::parse( $wrapped )->property );

		$json   = json_encode( array( 'v' => 1 ) + self::fields(), JSON_UNESCAPED_SLASHES );
		$padded = 'llsk_' . strtr( base64_encode( $json ), '+/', '-_' );
		$this->assertSame( self::PROPERTY, Site_Key::parse( $padded )->property );
	}

	public function test_normalises_url_and_property(): void {
		$key = Site_Key::parse(
			Site_Key::encode(
				self::fields(
					array(
						'url'      => 'https://abc.supabase.co/functions/v1/',
						'property' => strtoupper( self::PROPERTY ),
					)
				)
			)
		);
		$this->assertSame( 'https://abc.supabase.co/functions/v1', $key->url );
		$this->assertSame( self::PROPERTY, $key->property );
	}

	/**
	 * @dataProvider malformed_keys
	 */
	public function test_rejects_malformed_keys_with_a_machine_readable_reason( $raw, string $reason ): void {
		$this->assertSame( $reason, self::reason_for( $raw ) );
	}

	public function malformed_keys(): array {
		$valid = self::fields();
		return array(
			'empty string'            => array( '', 'empty' ),
			'only spaces'             => array( "  \n ", 'empty' ),
			'not a string'            => array( array( 'llsk_x' ), 'empty' ),
			'wrong prefix'            => array( 'llwk_' . substr( Site_Key::encode( $valid ), 5 ), 'prefix' ),
			'no payload'              => array( 'llsk_', 'encoding' ),
			'not base64url'           => array( 'llsk_abc$def', 'encoding' ),
			'impossible length'       => array( 'llsk_abcde', 'encoding' ),
			'not JSON'                => array( self::raw_key( 'hello there' ), 'json' ),
			'a JSON list'             => array( self::raw_key( '[1,2,3]' ), 'json' ),
			'missing version'         => array( self::raw_key( json_encode( $valid ) ), 'version' ),
			'future version'          => array( Site_Key::encode( array( 'v' => 2 ) + $valid ), 'version' ),
			'version as text'         => array( Site_Key::encode( array( 'v' => '1' ) + $valid ), 'version' ),
			'plain http to the world' => array( Site_Key::encode( self::fields( array( 'url' => 'http://backend.example.com/functions/v1' ) ) ), 'url' ),
			'javascript url'          => array( Site_Key::encode( self::fields( array( 'url' => 'javascript:alert(1)' ) ) ), 'url' ),
			'url with credentials'    => array( Site_Key::encode( self::fields( array( 'url' => 'https://u:p@example.com/f' ) ) ), 'url' ),
			'url with query'          => array( Site_Key::encode( self::fields( array( 'url' => 'https://example.com/f?x=1' ) ) ), 'url' ),
			'url with a quote'        => array( Site_Key::encode( self::fields( array( 'url' => 'https://example.com/"onload' ) ) ), 'url' ),
			'missing url'             => array( Site_Key::encode( array_diff_key( $valid, array( 'url' => 1 ) ) ), 'url' ),
			'property not a uuid'     => array( Site_Key::encode( self::fields( array( 'property' => 'luma-heights' ) ) ), 'property' ),
			'widget key too short'    => array( Site_Key::encode( self::fields( array( 'widgetKey' => 'abc' ) ) ), 'widget_key' ),
			'widget key with markup'  => array( Site_Key::encode( self::fields( array( 'widgetKey' => 'llwk_<script>x' ) ) ), 'widget_key' ),
			'secret missing'          => array( Site_Key::encode( array_diff_key( $valid, array( 'secret' => 1 ) ) ), 'secret' ),
			'secret too short'        => array( Site_Key::encode( self::fields( array( 'secret' => 'short' ) ) ), 'secret' ),
			'absurdly long'           => array( 'llsk_' . str_repeat( 'A', 5000 ), 'too_long' ),
		);
	}

	public function test_mask_reveals_at_most_the_last_four_characters(): void {
		$secret = 'llss_demo_lumaheights_local_only_9d27f1c3';
		$masked = Site_Key::mask( $secret );
		$this->assertStringEndsWith( 'f1c3', $masked );
		$this->assertStringNotContainsString( 'llss_demo', $masked );
		$this->assertStringNotContainsString( '9d27f1c3', $masked );
		$this->assertStringNotContainsString( 'short', Site_Key::mask( 'shortsecret' ) );
	}
}
