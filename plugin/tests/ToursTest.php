<?php
/**
 * The Tours menu: its capability (granted on activation and upgrade, removed on uninstall),
 * the proxy's calls to the backend with the acting user taken from the session, the
 * `lumaleasing_tour_changed` action, and how refusals reach the app.
 *
 * @package LumaLeasing
 */

use LumaLeasing\Rest_Tours;
use LumaLeasing\Tours_Client;
use LumaLeasing\Tours_Page;

final class ToursTest extends BackendProxyTestCase {

	const TOUR = '0b5c3f9e-1d2a-4e6b-8f7c-9a0b1c2d3e4f';

	protected function setUp(): void {
		WP_Test_State::reset();
		WP_Test_State::$user = (object) array( 'ID' => 7, 'display_name' => 'Lena Office', 'user_login' => 'lena' );
	}

	private function calls(): array {
		return array_map(
			function ( $r ) {
				return $r['method'] . ' ' . substr( $r['url'], strlen( self::BASE ) );
			},
			$this->sent
		);
	}

	public function test_the_capability_goes_to_administrators_and_editors_once_and_leaves_on_uninstall(): void {
		Tours_Page::activate();
		$this->assertTrue( get_role( 'administrator' )->has_cap( Tours_Page::CAP ) );
		$this->assertTrue( get_role( 'editor' )->has_cap( Tours_Page::CAP ) );
		$this->assertFalse( get_role( 'author' )->has_cap( Tours_Page::CAP ) );
		$this->assertFalse( get_role( 'subscriber' )->has_cap( Tours_Page::CAP ) );
		$this->assertSame( Tours_Page::CAPS_VERSION, get_option( Tours_Page::OPTION_CAPS ) );

		// An upgrade without reactivation grants once; a removed grant is the site's choice after that.
		WP_Test_State::reset();
		Tours_Page::maybe_upgrade();
		$this->assertTrue( get_role( 'editor' )->has_cap( Tours_Page::CAP ), 'granted on the first admin load after an upgrade' );
		get_role( 'editor' )->remove_cap( Tours_Page::CAP );
		Tours_Page::maybe_upgrade();
		$this->assertFalse( get_role( 'editor' )->has_cap( Tours_Page::CAP ), 'not granted again once the version is recorded' );

		get_role( 'author' )->add_cap( Tours_Page::CAP );
		Tours_Page::remove_caps();
		foreach ( array( 'administrator', 'editor', 'author', 'subscriber' ) as $role ) {
			$this->assertFalse( get_role( $role )->has_cap( Tours_Page::CAP ), $role );
		}
		$this->assertFalse( get_option( Tours_Page::OPTION_CAPS ) );
	}

	public function test_the_routes_need_the_tours_capability_not_manage_options(): void {
		$this->assertFalse( Rest_Tours::can_manage_tours(), 'nobody' );
		WP_Test_State::$can_manage = true;
		$this->assertFalse( Rest_Tours::can_manage_tours(), 'manage_options alone is not enough' );
		WP_Test_State::$caps = array( Tours_Page::CAP );
		$this->assertTrue( Rest_Tours::can_manage_tours() );
	}

	public function test_the_deep_link_takes_only_a_tour_id(): void {
		$this->assertSame( self::TOUR, Tours_Page::tour_param( strtoupper( self::TOUR ) ) );
		$this->assertSame( '', Tours_Page::tour_param( self::TOUR . '"><script>' ) );
		$this->assertSame( '', Tours_Page::tour_param( array( self::TOUR ) ) );
		$this->assertSame( 'https://site.example/wp-admin/admin.php?page=lumaleasing-tours&tour=' . self::TOUR, Tours_Page::url( self::TOUR ) );
	}

	public function test_the_page_prints_the_built_prefetch_script_before_the_app(): void {
		$script = Tours_Page::prefetch_script();
		$built  = trim( (string) file_get_contents( LUMALEASING_DIR . '/assets/tours-prefetch.js' ) );
		$this->assertNotSame( '', $script, 'the built assets/tours-prefetch.js is read' );
		$this->assertSame( $built, $script );
		$this->assertStringContainsString( 'office/tours', $script );
		$this->assertStringContainsString( 'office/agents', $script );
		$this->assertStringContainsString( 'LumaLeasingToursPrefetch', $script, 'the global the app reads the early answers from' );
		$this->assertStringNotContainsString( '</script', strtolower( $script ), 'safe to print inside a script tag' );
		fwrite( STDOUT, sprintf( "\ntours prefetch script: %d bytes, asks for office/tours and office/agents\n", strlen( $script ) ) );
	}

	public function test_reads_hit_their_backend_routes_with_the_site_secret(): void {
		$client = new Tours_Client( $this->client( 200, array( 'success' => true ) ) );
		$client->office_tours(
			Rest_Tours::list_query(
				array(
					'from'   => '2026-12-01',
					'to'     => '2026-12-31',
					'status' => 'confirmed,cancelled',
					'q'      => 'Ana & co',
					'perDay' => 3,
					'agent'  => array( 'not', 'scalar' ),
					'secret' => 'dropped',
				)
			)
		);
		$client->office_slots( '2026-12-03', 99 );
		$client->office_tour( self::TOUR );
		$this->assertSame(
			array(
				'GET /lumaleasing/admin/tours?from=2026-12-01&to=2026-12-31&q=Ana%20%26%20co&perDay=3&status=confirmed&status=cancelled',
				'GET /lumaleasing/admin/tours/slots?days=31&from=2026-12-03',
				'GET /lumaleasing/admin/tours/' . self::TOUR,
			),
			$this->calls()
		);
		foreach ( $this->sent as $request ) {
			$this->assertSame( 'Bearer ' . self::SECRET, $request['headers']['Authorization'] );
		}
	}

	public function test_each_action_names_the_session_user_never_the_browsers_and_fires_the_changed_action(): void {
		$client = $this->client( 200, array( 'success' => true, 'tour' => array( 'id' => self::TOUR ) ) );
		$bodies = array(
			'outcome'    => '{"outcome":"completed","by":{"wpUserId":1,"wpUserName":"Mallory"}}',
			'cancel'     => '{"message":"Sorry!","status":"completed"}',
			'reschedule' => '{"start":"2026-12-03T16:00:00Z"}',
			'reassign'   => '{"agentCalendarId":"1b5c3f9e-1d2a-4e6b-8f7c-9a0b1c2d3e4f"}',
			'notes'      => '{"text":"Called back"}',
		);
		foreach ( $bodies as $action => $body ) {
			$answer = Rest_Tours::act_with( $client, strtoupper( self::TOUR ), $action, $body );
			$this->assertInstanceOf( WP_REST_Response::class, $answer, $action );
			$this->assertSame( 'notes' === $action ? 201 : 200, $answer->get_status(), $action );
		}
		$this->assertCount( 5, $this->sent );
		foreach ( $this->sent as $i => $request ) {
			$action = array_keys( $bodies )[ $i ];
			$this->assertSame( 'POST', $request['method'] );
			$this->assertStringEndsWith( '/lumaleasing/admin/tours/' . self::TOUR . '/' . $action, $request['url'] );
			$sent = json_decode( $request['body'], true );
			$this->assertSame( array( 'wpUserId' => 7, 'wpUserName' => 'Lena Office' ), $sent['by'], $action );
		}
		$this->assertSame( array( 'by', 'message' ), array_keys( json_decode( $this->sent[1]['body'], true ) ), 'unknown fields are dropped' );
		$this->assertSame( array_fill( 0, 5, array( 'lumaleasing_tour_changed', array( self::TOUR ) ) ), WP_Test_State::$actions );

		WP_Test_State::$actions = array();
		$this->assertInstanceOf( WP_Error::class, Rest_Tours::act_with( $client, self::TOUR, 'delete', '{}' ) );
		$this->assertInstanceOf( WP_Error::class, Rest_Tours::act_with( $client, 'nope', 'notes', '{"text":"x"}' ) );
		$this->assertInstanceOf( WP_Error::class, Rest_Tours::act_with( $client, self::TOUR, 'notes', '[1,2]' ) );
		$this->assertInstanceOf( WP_Error::class, Rest_Tours::act_with( $client, self::TOUR, 'notes', str_repeat( 'x', 20000 ) ) );
		$this->assertCount( 5, $this->sent, 'nothing sent for a refused request' );
		$this->assertSame( array(), WP_Test_State::$actions );
	}

	public function test_a_phone_booking_carries_its_fields_and_fires_with_the_new_tours_id(): void {
		$client = $this->client( 201, array( 'success' => true, 'booking' => array( 'id' => self::TOUR ) ) );
		$answer = Rest_Tours::book_with( $client, '{"start":"2026-12-03T16:00:00Z","firstName":"Cal","lastName":"Ler","email":"cal@example.com","source":"phone","sessionId":"x","website":"bot"}' );
		$this->assertSame( 201, $answer->get_status() );
		$this->assertSame( 'POST /lumaleasing/admin/tours', $this->calls()[0] );
		$sent = json_decode( $this->sent[0]['body'], true );
		$this->assertSame( array( 'by', 'start', 'firstName', 'lastName', 'email', 'source' ), array_keys( $sent ) );
		$this->assertSame( array( array( 'lumaleasing_tour_changed', array( self::TOUR ) ) ), WP_Test_State::$actions );
	}

	public function test_refusals_keep_their_status_fields_and_alternatives_and_fire_nothing(): void {
		$taken  = $this->client(
			409,
			array(
				'success'      => false,
				'error'        => array( 'code' => 'slot_taken', 'message' => 'That time is not free.' ),
				'alternatives' => array( array( 'start' => '2026-12-03T16:30:00Z', 'time' => '10:30' ), 'junk' ),
			)
		);
		$answer = Rest_Tours::act_with( $taken, self::TOUR, 'reschedule', '{"start":"2026-12-03T16:00:00Z"}' );
		$this->assertInstanceOf( WP_Error::class, $answer );
		$this->assertSame( 'lumaleasing_slot_taken', $answer->code );
		$this->assertSame( 409, $answer->data['status'] );
		$this->assertSame( array( array( 'start' => '2026-12-03T16:30:00Z', 'time' => '10:30' ) ), $answer->data['alternatives'] );
		$this->assertSame( array(), WP_Test_State::$actions );

		$bad    = $this->client( 422, array( 'success' => false, 'error' => array( 'code' => 'invalid_input', 'message' => 'Check the fields.', 'fields' => array( 'email' => 'Enter a valid email address.' ) ) ) );
		$answer = Rest_Tours::book_with( $bad, '{"email":"nope"}' );
		$this->assertSame( 'lumaleasing_invalid_input', $answer->code );
		$this->assertSame( 422, $answer->data['status'] );
		$this->assertSame( array( 'email' => 'Enter a valid email address.' ), (array) $answer->data['fields'] );

		$down   = $this->client( 500, array( 'success' => false, 'error' => array( 'code' => 'internal_error', 'message' => 'stack trace here' ) ) );
		$answer = Rest_Tours::act_with( $down, self::TOUR, 'notes', '{"text":"x"}' );
		$this->assertSame( 'lumaleasing_backend_error', $answer->code );
		$this->assertStringNotContainsString( 'stack trace', $answer->message );
	}
}
