<?php
/**
 * The portfolio key (checked with the backend before it is saved, never printed back, kept
 * out of autoload, removable), the portfolio proxy's backend calls and answers, and the
 * re-connect link's calendar check.
 *
 * @package LumaLeasing
 */

use LumaLeasing\Backend_Client;
use LumaLeasing\Portfolio_Client;
use LumaLeasing\Portfolio_Key;
use LumaLeasing\Reconnect_Landing;
use LumaLeasing\Rest_Portfolio;
use LumaLeasing\Settings;
use PHPUnit\Framework\TestCase;


final class PortfolioTest extends TestCase {

	const BASE = 'http://127.0.0.1:54321/functions/v1';
	const KEY  = 'llpk_abcdefghijklmnopqrstuvwxyz0123456789ABCD';

	/** @var array[] */
	private $sent = array();

	protected function setUp(): void {
		WP_Test_State::reset();
	}

	private function accepting( bool $ok, string $error = '' ): callable {
		return function ( string $key ) use ( $ok, $error ) {
			$this->sent[] = $key;
			return $ok
				? array( 'ok' => true, 'status' => 200, 'data' => array( 'success' => true, 'organization' => array( 'name' => 'Acme Living' ) ) )
				: array( 'ok' => false, 'status' => 'unauthorized' === $error ? 401 : 0, 'error' => $error, 'message' => '' );
		};
	}

	private function errors(): array {
		return array_map(
			function ( $e ) {
				return $e['type'] . ':' . $e['code'];
			},
			WP_Test_State::$settings_errors
		);
	}

	public function test_an_accepted_key_is_stored_apart_not_autoloaded_and_shown_only_as_a_hint(): void {
		$info = Portfolio_Key::handle_submission( array( 'portfolio_key' => '  ' . self::KEY . ' ' ), $this->accepting( true ) );
		$this->assertSame( array( self::KEY ), $this->sent, 'checked with the backend first' );
		$this->assertSame( self::KEY, WP_Test_State::$options[ Portfolio_Key::OPTION_KEY ]['value'] );
		$this->assertFalse( WP_Test_State::$options[ Portfolio_Key::OPTION_KEY ]['autoload'] );
		$this->assertSame( 'llpk_…ABCD', $info['hint'] );
		$this->assertSame( 'Acme Living', $info['organization'] );
		$this->assertStringNotContainsString( self::KEY, json_encode( $info ) );
		$this->assertSame( array( 'updated:lumaleasing_portfolio_saved' ), $this->errors() );
		$this->assertTrue( Portfolio_Key::is_set() );

		update_option( Portfolio_Key::OPTION_INFO, $info );
		ob_start();
		Portfolio_Key::render_field();
		$html = ob_get_clean();
		$this->assertStringContainsString( 'type="password"', $html );
		$this->assertStringContainsString( 'value=""', $html );
		$this->assertStringNotContainsString( self::KEY, $html, 'the saved key is never printed back' );
		$this->assertStringContainsString( 'llpk_…ABCD', $html );
		$this->assertStringContainsString( '[forget]', $html );
		fwrite( STDERR, "portfolio key: verified, stored apart (autoload off), shown as llpk_…ABCD, never printed\n" );
	}

	public function test_refused_malformed_and_without_site_key_keep_the_previous_key(): void {
		update_option( Portfolio_Key::OPTION_KEY, 'llpk_previousKEYpreviousKEY1234', false );
		Portfolio_Key::handle_submission( array( 'portfolio_key' => self::KEY ), $this->accepting( false, 'unauthorized' ) );
		Portfolio_Key::handle_submission( array( 'portfolio_key' => 'llsk_not_a_portfolio_key' ), $this->accepting( true ) );
		Portfolio_Key::handle_submission(
			array( 'portfolio_key' => self::KEY ),
			function () {
				return null;
			}
		);
		Portfolio_Key::handle_submission( array( 'portfolio_key' => self::KEY ), $this->accepting( false, 'unreachable' ) );
		$this->assertSame(
			array( 'error:lumaleasing_portfolio_refused', 'error:lumaleasing_portfolio_format', 'error:lumaleasing_portfolio_no_site_key', 'error:lumaleasing_portfolio_refused' ),
			$this->errors()
		);
		$this->assertStringContainsString( 'not accepted', WP_Test_State::$settings_errors[0]['message'] );
		$this->assertStringContainsString( 'Could not reach', WP_Test_State::$settings_errors[3]['message'] );
		$this->assertSame( 'llpk_previousKEYpreviousKEY1234', Portfolio_Key::key() );
		$this->assertSame( array( self::KEY, self::KEY ), $this->sent, 'a malformed key never reaches the backend' );

		$kept = Portfolio_Key::handle_submission( array( 'portfolio_key' => '' ), $this->accepting( true ) );
		$this->assertSame( Portfolio_Key::info(), $kept, 'an empty field keeps what is saved' );
		$removed = Portfolio_Key::handle_submission( array( 'forget' => '1' ), $this->accepting( true ) );
		$this->assertSame( '', Portfolio_Key::key() );
		$this->assertSame( Portfolio_Key::info_defaults(), $removed );
		$this->assertFalse( Portfolio_Key::is_set() );
		fwrite( STDERR, "portfolio key: refused, malformed, no site key, unreachable → notice and previous key kept; removable\n" );
	}

	public function test_uninstall_knows_the_portfolio_options(): void {
		$this->assertContains( Portfolio_Key::OPTION_KEY, Settings::option_names() );
		$this->assertContains( Portfolio_Key::OPTION_INFO, Settings::option_names() );
	}

	public function test_the_client_calls_the_portfolio_routes_with_the_key_and_no_property(): void {
		$transport = function ( array $request ): array {
			$this->sent[] = $request;
			return array( 'status' => 200, 'body' => '{"success":true}' );
		};
		$client = new Portfolio_Client( new Backend_Client( self::BASE, '', self::KEY, $transport ) );
		$client->health( 'revoked', 'maple court' );
		$client->health( 'nonsense', '' );
		$client->refresh_activity( 9999 );
		$client->reconnect_emails( array( 'c1', 'c2' ), array( 'name' => 'Olivia', 'email' => 'ops@acme.example' ) );
		$client->metrics( '2026-11-01', '2026-11-30' );
		$client->metrics_weekly( 99 );
		$this->assertSame(
			array(
				'GET ' . self::BASE . '/lumaleasing/portfolio/health?status=revoked&q=maple%20court',
				'GET ' . self::BASE . '/lumaleasing/portfolio/health',
				'GET ' . self::BASE . '/lumaleasing/portfolio/refresh-activity?limit=500',
				'POST ' . self::BASE . '/lumaleasing/portfolio/reconnect-emails',
				'GET ' . self::BASE . '/lumaleasing/portfolio/metrics?from=2026-11-01&to=2026-11-30',
				'GET ' . self::BASE . '/lumaleasing/portfolio/metrics/weekly?weeks=52',
			),
			array_map(
				function ( $r ) {
					return $r['method'] . ' ' . $r['url'];
				},
				$this->sent
			)
		);
		foreach ( $this->sent as $request ) {
			$this->assertSame( 'Bearer ' . self::KEY, $request['headers']['Authorization'] );
			$this->assertArrayNotHasKey( 'X-Lumaleasing-Property', $request['headers'] );
		}
		$this->assertSame( '{"calendarIds":["c1","c2"],"by":{"name":"Olivia","email":"ops@acme.example"}}', $this->sent[3]['body'] );
		fwrite( STDERR, "portfolio client: 6 calls on the portfolio routes (health, activity, re-connect, metrics, weekly), bearer = portfolio key, no property header\n" );
	}

	public function test_the_proxy_checks_ids_and_keeps_the_backends_refusals(): void {
		$this->assertSame( array( 'a', 'b' ), Rest_Portfolio::calendar_ids( array( 'a', 'b', 'a' ) ) );
		$this->assertNull( Rest_Portfolio::calendar_ids( array() ) );
		$this->assertNull( Rest_Portfolio::calendar_ids( 'a' ) );
		$this->assertNull( Rest_Portfolio::calendar_ids( array( 'a', '<script>' ) ) );
		$this->assertNull( Rest_Portfolio::calendar_ids( array_fill( 0, 201, 'a' ) ) );

		$refused = Rest_Portfolio::answer( array( 'ok' => false, 'status' => 404, 'error' => 'backend_error', 'message' => 'calendar_not_found: No connected calendar …' ) );
		$this->assertInstanceOf( WP_Error::class, $refused );
		$this->assertSame( 404, $refused->data['status'] );
		$this->assertSame( 'No connected calendar …', $refused->message );
		$key = Rest_Portfolio::answer( array( 'ok' => false, 'status' => 401, 'error' => 'unauthorized', 'message' => '' ) );
		$this->assertSame( 'lumaleasing_portfolio_key_refused', $key->code );
		$ok = Rest_Portfolio::answer( array( 'ok' => true, 'status' => 200, 'data' => array( 'success' => true, 'rows' => array() ) ) );
		$this->assertInstanceOf( WP_REST_Response::class, $ok );
		$this->assertSame( array( 'success' => true, 'rows' => array() ), $ok->data );
		fwrite( STDERR, "portfolio proxy: 1–200 ids, deduplicated; 404 kept with its message; a refused key named\n" );
	}

	public function test_the_reconnect_link_names_one_of_this_propertys_calendars(): void {
		$this->assertSame( 'c-1', Reconnect_Landing::target( array( 'lumaleasing_reconnect' => 'c-1' ) ) );
		$this->assertNull( Reconnect_Landing::target( array( 'lumaleasing_reconnect' => '../x' ) ) );
		$this->assertNull( Reconnect_Landing::target( array() ) );
		$calendars = array(
			array( 'id' => 'AAA-1', 'accountEmail' => 'pm@example.com' ),
			array( 'id' => 'bbb-2', 'accountEmail' => 'agent@example.com' ),
		);
		$this->assertSame( 'pm@example.com', Reconnect_Landing::find_calendar( $calendars, 'aaa-1' )['accountEmail'] );
		$this->assertNull( Reconnect_Landing::find_calendar( $calendars, 'ccc-3' ) );
		fwrite( STDERR, "reconnect landing: the link's id checked and found among this property's calendars, or refused\n" );
	}
}
