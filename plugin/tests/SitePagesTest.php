<?php
/**
 * The manage page (made once, reused, replaced when gone) and telling the backend where the
 * site's pages are: once per change, remembered only when the backend accepted it.
 *
 * @package LumaLeasing
 */

use LumaLeasing\Backend_Client;
use LumaLeasing\Settings;
use LumaLeasing\Site_Key;
use LumaLeasing\Site_Pages;
use PHPUnit\Framework\TestCase;

final class SitePagesTest extends TestCase {

	const PROPERTY = '2f0c8d3e-7c1a-4b5e-9a61-3d2f1e0b9c44';

	/** @var array[] */
	private $requests = array();

	/** @var array */
	private $answer = array( 'status' => 200, 'body' => '{"success":true}' );

	protected function setUp(): void {
		WP_Test_State::reset();
		$this->requests = array();
		Settings::activate();
		$key = Site_Key::parse(
			Site_Key::encode(
				array(
					'url'       => 'https://backend.example/functions/v1',
					'property'  => self::PROPERTY,
					'widgetKey' => 'llwk_abcdefghijklmnop',
					'secret'    => 'llss_abcdefghijklmnopqrstuvwxyz',
				)
			)
		);
		Settings::save_site_key( $key );
	}

	private function client(): Backend_Client {
		return new Backend_Client(
			'https://backend.example/functions/v1',
			self::PROPERTY,
			'llss_abcdefghijklmnopqrstuvwxyz',
			function ( array $request ): array {
				$this->requests[] = $request;
				return $this->answer;
			}
		);
	}

	public function test_activation_makes_one_manage_page_with_the_shortcode_and_reuses_it(): void {
		Site_Pages::activate();
		Site_Pages::activate();
		$this->assertCount( 1, WP_Test_State::$posts );
		$id   = Site_Pages::page_id();
		$page = get_post( $id );
		$this->assertSame( 'page', $page->post_type );
		$this->assertSame( 'publish', $page->post_status );
		$this->assertSame( '[lumaleasing]', $page->post_content );
		$this->assertSame( 'Manage your tour', $page->post_title );

		$page->post_status = 'trash';
		Site_Pages::activate();
		$this->assertCount( 2, WP_Test_State::$posts, 'a trashed page is replaced' );
		$this->assertNotSame( $id, Site_Pages::page_id() );
	}

	public function test_sync_posts_both_pages_once_and_again_after_a_change(): void {
		$first = Site_Pages::sync( $this->client() );
		$this->assertTrue( $first['ok'] );
		$this->assertCount( 1, $this->requests );
		$request = $this->requests[0];
		$this->assertSame( 'POST', $request['method'] );
		$this->assertSame( 'https://backend.example/functions/v1/lumaleasing/admin/site-pages', $request['url'] );
		$this->assertSame( 'Bearer llss_abcdefghijklmnopqrstuvwxyz', $request['headers']['Authorization'] );
		$this->assertSame(
			array(
				'managePageUrl'   => 'https://site.example/manage-your-tour/',
				'settingsPageUrl' => 'https://site.example/wp-admin/options-general.php?page=lumaleasing',
			),
			json_decode( $request['body'], true )
		);

		$this->assertNull( Site_Pages::sync( $this->client() ), 'nothing is sent while nothing changed' );
		$this->assertCount( 1, $this->requests );

		get_post( Site_Pages::page_id() )->post_name = 'your-tour';
		Site_Pages::sync( $this->client() );
		$this->assertCount( 2, $this->requests, 'a new address is sent' );
		$this->assertSame( 'https://site.example/your-tour/', json_decode( $this->requests[1]['body'], true )['managePageUrl'] );
	}

	public function test_a_refused_sync_is_reported_and_tried_again(): void {
		$this->answer = array( 'status' => 422, 'body' => '{"success":false,"error":{"code":"origin_not_allowed","message":"managePageUrl must be on one of the site\'s allowed origins"}}' );
		$result       = Site_Pages::sync( $this->client() );
		$this->assertFalse( $result['ok'] );
		$this->assertSame( '', get_option( Site_Pages::OPTION_PUSHED, '' ), 'not remembered as sent' );
		$this->assertStringContainsString( 'origin_not_allowed', WP_Test_State::$settings_errors[0]['message'] );

		$this->answer = array( 'status' => 200, 'body' => '{"success":true}' );
		Site_Pages::sync( $this->client() );
		$this->assertCount( 2, $this->requests );
		$this->assertNotSame( '', get_option( Site_Pages::OPTION_PUSHED, '' ) );
	}

	public function test_the_chosen_page_must_be_a_page(): void {
		WP_Test_State::$posts[7] = (object) array( 'ID' => 7, 'post_type' => 'post', 'post_status' => 'publish', 'post_name' => 'news' );
		WP_Test_State::$posts[8] = (object) array( 'ID' => 8, 'post_type' => 'page', 'post_status' => 'publish', 'post_name' => 'tours' );
		$this->assertSame( 8, Site_Pages::sanitize_page_option( '8' ) );
		$this->assertSame( 0, Site_Pages::sanitize_page_option( '0' ), '0 means "make one"' );
		$this->assertSame( 0, Site_Pages::sanitize_page_option( '7' ) );
		$this->assertSame( 'lumaleasing_manage_page', WP_Test_State::$settings_errors[0]['code'] );
	}

	public function test_without_a_site_key_nothing_is_sent(): void {
		Settings::forget_connection();
		$this->assertNull( Site_Pages::sync() );
		$this->assertCount( 0, $this->requests );
	}
}
