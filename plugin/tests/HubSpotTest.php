<?php
/**
 * The HubSpot section's proxy: what the backend client sends, what passes the checks, and
 * what the admin app gets back (never the token).
 *
 * @package LumaLeasing
 */

use LumaLeasing\Rest_HubSpot;

final class HubSpotTest extends BackendProxyTestCase {

	const TOKEN    = 'pat-na1-11111111-2222-4333-8444-555555555555';

	/** @var array[] Requests the fake transport received. */
	public function test_each_action_hits_its_backend_route_with_the_site_secret(): void {
		$client = $this->client( 200, array( 'success' => true, 'connected' => true ) );
		$client->hubspot_status();
		$client->hubspot_connect( self::TOKEN );
		$client->hubspot_disconnect();
		$client->hubspot_settings( array( 'completed' => 'CONNECTED' ) );

		$this->assertSame(
			array(
				'GET ' . self::BASE . '/lumaleasing/admin/hubspot',
				'POST ' . self::BASE . '/lumaleasing/admin/hubspot',
				'POST ' . self::BASE . '/lumaleasing/admin/hubspot/disconnect',
				'POST ' . self::BASE . '/lumaleasing/admin/hubspot/settings',
			),
			$this->sent_lines()
		);
		foreach ( $this->sent as $request ) {
			$this->assertSame( 'Bearer ' . self::SECRET, $request['headers']['Authorization'] );
			$this->assertSame( self::PROPERTY, $request['headers']['X-Lumaleasing-Property'] );
		}
		$this->assertSame( array( 'token' => self::TOKEN ), json_decode( $this->sent[1]['body'], true ) );
		$this->assertSame( array( 'leadStatusMap' => array( 'completed' => 'CONNECTED' ) ), json_decode( $this->sent[3]['body'], true ) );
	}

	public function test_a_refused_token_comes_back_as_a_backend_error_with_its_words(): void {
		$client = $this->client(
			422,
			array(
				'success' => false,
				'error'   => array(
					'code'    => 'hubspot_token_rejected',
					'message' => 'HubSpot did not accept this access token.',
				),
			)
		);
		$result = $client->hubspot_connect( self::TOKEN );
		$this->assertFalse( $result['ok'] );
		$this->assertSame( 422, $result['status'] );
		$this->assertStringContainsString( 'HubSpot did not accept', $result['message'] );
	}

	public function test_only_private_app_tokens_pass(): void {
		$this->assertTrue( Rest_HubSpot::valid_token( self::TOKEN ) );
		$this->assertTrue( Rest_HubSpot::valid_token( ' pat-eu1-abc-def ' ) );
		foreach ( array( null, 42, '', 'hello', 'Bearer pat-na1-x', 'pat-na1-<script>', str_repeat( 'pat-na1-a', 40 ), array( self::TOKEN ) ) as $bad ) {
			$this->assertFalse( Rest_HubSpot::valid_token( $bad ), var_export( $bad, true ) );
		}
	}

	public function test_the_lead_status_map_takes_known_outcomes_and_statuses_only(): void {
		$this->assertSame(
			array(
				'completed' => 'CONNECTED',
				'no_show'   => 'ATTEMPTED_TO_CONTACT',
				'cancelled' => null,
			),
			Rest_HubSpot::lead_status_map(
				array(
					'completed' => 'CONNECTED',
					'no_show'   => 'ATTEMPTED_TO_CONTACT',
					'cancelled' => '',
				)
			)
		);
		$this->assertNull( Rest_HubSpot::lead_status_map( array( 'completed' => 'GREAT' ) ) );
		$this->assertNull( Rest_HubSpot::lead_status_map( array( 'attended' => 'CONNECTED' ) ) );
		$this->assertNull( Rest_HubSpot::lead_status_map( array() ) );
		$this->assertNull( Rest_HubSpot::lead_status_map( 'CONNECTED' ) );
	}

	public function test_the_status_keeps_known_fields_and_never_a_token(): void {
		$shaped = Rest_HubSpot::shape_status(
			array(
				'success'       => true,
				'connected'     => true,
				'portalId'      => 24681357,
				'connectedAt'   => '2026-11-28T10:00:00.000Z',
				'lastSyncAt'    => '2026-11-28T10:05:00.000Z',
				'lastError'     => '<b>HubSpot 429</b>',
				'lastErrorAt'   => null,
				'token'         => self::TOKEN,
				'leadStatusMap' => array(
					'completed' => 'CONNECTED',
					'no_show'   => 'NOPE',
					'extra'     => 'OPEN',
				),
			)
		);
		$this->assertSame( true, $shaped['connected'] );
		$this->assertSame( 24681357, $shaped['portalId'] );
		$this->assertSame( '2026-11-28T10:05:00.000Z', $shaped['lastSyncAt'] );
		$this->assertSame( 'HubSpot 429', $shaped['lastError'] );
		$this->assertNull( $shaped['lastErrorAt'] );
		$this->assertSame(
			array(
				'booked'    => null,
				'completed' => 'CONNECTED',
				'no_show'   => null,
				'cancelled' => null,
			),
			$shaped['leadStatusMap']
		);
		$this->assertStringNotContainsString( 'pat-', (string) json_encode( $shaped ) );
		$this->assertFalse( Rest_HubSpot::shape_status( array() )['connected'] );
	}
}
