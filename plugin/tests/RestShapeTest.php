<?php
/**
 * What the REST proxy passes on to the admin app, and the redirect notice.
 *
 * @package LumaLeasing
 */

use LumaLeasing\Admin_Page;
use LumaLeasing\Rest;
use PHPUnit\Framework\TestCase;

final class RestShapeTest extends TestCase {

	protected function setUp(): void {
		WP_Test_State::reset();
	}

	public function test_permission_needs_manage_options(): void {
		$this->assertFalse( Rest::can_manage() );
		WP_Test_State::$can_manage = true;
		$this->assertTrue( Rest::can_manage() );
	}

	public function test_calendars_keep_known_fields_and_states_only(): void {
		$shaped = Rest::shape_calendars(
			array(
				'success'   => true,
				'calendars' => array(
					array(
						'id'                => 'cal-1',
						'accountEmail'      => 'jane@example.com',
						'tokenStatus'       => 'expiring',
						'lastHealthCheckAt' => '2026-11-25T10:00:00Z',
						'lastRefreshAt'     => null,
						'timeZone'          => 'America/Chicago',
						'refreshToken'      => 'must-not-pass',
					),
					array(
						'id'          => 'cal-2',
						'accountEmail' => '<img src=x onerror=alert(1)>bob@example.com',
						'tokenStatus' => 'hacked',
					),
					'not a calendar',
					array( 'accountEmail' => 'no-id@example.com' ),
				),
			)
		);
		$this->assertCount( 2, $shaped );
		$this->assertSame(
			array(
				'id'                => 'cal-1',
				'accountEmail'      => 'jane@example.com',
				'tokenStatus'       => 'expiring',
				'lastHealthCheckAt' => '2026-11-25T10:00:00Z',
				'lastRefreshAt'     => null,
				'timeZone'          => 'America/Chicago',
			),
			$shaped[0]
		);
		$this->assertSame( 'unknown', $shaped[1]['tokenStatus'] );
		$this->assertSame( 'bob@example.com', $shaped[1]['accountEmail'] );
		$this->assertSame( array(), Rest::shape_calendars( array( 'calendars' => 'nope' ) ) );
	}

	public function test_tours_keep_known_fields(): void {
		$shaped = Rest::shape_tours(
			array(
				'success'  => true,
				'timezone' => 'America/Chicago',
				'tours'    => array(
					array(
						'id'            => 't1',
						'start'         => '2026-12-01T20:00:00Z',
						'end'           => '2026-12-01T20:30:00Z',
						'localDate'     => '2026-12-01',
						'localTime'     => '14:00',
						'prospectName'  => 'Ana Díaz',
						'agentEmail'    => 'jane@example.com',
						'status'        => 'Confirmed',
						'prospectPhone' => '+13125550100',
					),
				),
			)
		);
		$this->assertSame( 'America/Chicago', $shaped['timezone'] );
		$this->assertSame( 'Ana Díaz', $shaped['tours'][0]['prospectName'] );
		$this->assertSame( 'confirmed', $shaped['tours'][0]['status'] );
		$this->assertArrayNotHasKey( 'prospectPhone', $shaped['tours'][0] );
	}

	public function test_connect_url_must_stay_on_the_backend_origin(): void {
		$origin = 'http://127.0.0.1:54321';
		$this->assertSame(
			'http://127.0.0.1:54321/functions/v1/calendar/connect?ticket=abc',
			Rest::safe_connect_url( array( 'connectUrl' => 'http://127.0.0.1:54321/functions/v1/calendar/connect?ticket=abc' ), $origin )
		);
		foreach ( array( 'https://evil.example/connect', 'javascript:alert(1)', '//127.0.0.1:54321/x', 'http://127.0.0.1:9999/x', 'http://127.0.0.1:54321/x"><script>' ) as $bad ) {
			$this->assertNull( Rest::safe_connect_url( array( 'connectUrl' => $bad ), $origin ), $bad );
		}
		$this->assertNull( Rest::safe_connect_url( array(), $origin ) );
	}

	public function test_disconnect_says_whether_google_access_was_kept(): void {
		$this->assertSame( array( 'success' => true, 'keptAtGoogle' => true ), Rest::shape_disconnect( array( 'grantSharedWithAnotherProperty' => true ) ) );
		$this->assertSame( array( 'success' => true, 'keptAtGoogle' => false ), Rest::shape_disconnect( array( 'grantSharedWithAnotherProperty' => false ) ) );
		$this->assertSame( array( 'success' => true, 'keptAtGoogle' => false ), Rest::shape_disconnect( array( 'grantSharedWithAnotherProperty' => 'yes' ) ) );
		$this->assertSame( array( 'success' => true, 'keptAtGoogle' => false ), Rest::shape_disconnect( null ) );
	}

	public function test_calendar_id_validation(): void {
		$this->assertTrue( Rest::valid_calendar_id( 'c0ffee00-0000-4000-8000-000000000001' ) );
		$this->assertFalse( Rest::valid_calendar_id( '../../etc' ) );
		$this->assertFalse( Rest::valid_calendar_id( '' ) );
		$this->assertFalse( Rest::valid_calendar_id( array( 'x' ) ) );
	}

	public function test_days_parameter(): void {
		$this->assertSame( 14, Rest::days( '14' ) );
		$this->assertSame( 1, Rest::days( 1 ) );
		$this->assertSame( 31, Rest::days( '31' ) );
		foreach ( array( '0', '32', '-1', '7.5', 'a', '', array( 3 ), 3.0 ) as $bad ) {
			$this->assertNull( Rest::days( $bad ), var_export( $bad, true ) );
		}
	}

	public function test_redirect_result_notice(): void {
		$this->assertNull( Admin_Page::calendar_result_notice( array() ) );
		$this->assertNull( Admin_Page::calendar_result_notice( array( 'lumaleasing_calendar' => 'whatever' ) ) );

		$ok = Admin_Page::calendar_result_notice( array( 'lumaleasing_calendar' => 'connected', 'account' => 'jane@example.com<script>' ) );
		$this->assertSame( 'success', $ok['type'] );
		$this->assertStringContainsString( 'jane@example.com', $ok['message'] );
		$this->assertStringNotContainsString( '<script>', $ok['message'] );

		$this->assertSame( 'warning', Admin_Page::calendar_result_notice( array( 'lumaleasing_calendar' => 'denied' ) )['type'] );

		$error = Admin_Page::calendar_result_notice( array( 'lumaleasing_calendar' => 'error', 'reason' => 'ticket_expired"><b>' ) );
		$this->assertSame( 'error', $error['type'] );
		$this->assertStringContainsString( '(ticket_expiredb)', $error['message'] );
	}
}
