<?php
/**
 * The Rules section's proxy: the backend routes it calls with the site secret, which
 * changes pass, and the field errors a refusal brings back to the page.
 *
 * @package LumaLeasing
 */

use LumaLeasing\Rest_Rules;

final class RulesRestTest extends BackendProxyTestCase {


	public function test_read_save_and_preview_hit_their_backend_routes_with_the_site_secret(): void {
		$client = $this->client( 200, array( 'success' => true ) );
		$client->rules();
		$client->save_rules( array( 'tourMinutes' => 45 ) );
		$client->rules_preview( 99 );
		$this->assertSame(
			array(
				'GET ' . self::BASE . '/lumaleasing/admin/settings',
				'POST ' . self::BASE . '/lumaleasing/admin/settings',
				'GET ' . self::BASE . '/lumaleasing/admin/settings/preview?days=14',
			),
			$this->sent_lines()
		);
		foreach ( $this->sent as $request ) {
			$this->assertSame( 'Bearer ' . self::SECRET, $request['headers']['Authorization'] );
		}
		$this->assertSame( '{"tourMinutes":45}', $this->sent[1]['body'] );
	}

	public function test_only_known_settings_pass_and_objects_stay_objects(): void {
		$week    = '{"weeklyHours":{"0":[],"1":[{"start":"09:00","end":"12:00"}],"2":[],"3":[],"4":[],"5":[],"6":[]},"tourMinutes":45}';
		$changes = Rest_Rules::changes( $week );
		$this->assertNotNull( $changes );
		$this->assertSame( $week, json_encode( $changes ), 'the week goes on as an object, not a list' );
		$sent = $this->client( 200, array( 'success' => true ) );
		$sent->save_rules( $changes );
		$this->assertSame( $week, $this->sent[0]['body'] );

		$this->assertNull( Rest_Rules::changes( '{}' ), 'an empty change' );
		$this->assertNull( Rest_Rules::changes( '[1,2]' ), 'not an object' );
		$this->assertNull( Rest_Rules::changes( 'tourMinutes=45' ), 'not JSON' );
		$this->assertNull( Rest_Rules::changes( '{"tourMinutes":45,"site_url":"https://evil.example"}' ), 'an unknown setting' );
		$this->assertNull( Rest_Rules::changes( '{"address":"' . str_repeat( 'x', 70000 ) . '"}' ), 'too large' );
	}

	public function test_the_follow_up_email_settings_pass_on(): void {
		$body    = '{"followUpEmail":true,"applyUrl":"https://apply.example.com/luma"}';
		$changes = Rest_Rules::changes( $body );
		$this->assertNotNull( $changes, 'followUpEmail and applyUrl are known settings' );
		$client = $this->client( 200, array( 'success' => true ) );
		$client->save_rules( $changes );
		$this->assertSame( $body, $this->sent[0]['body'] );
	}

	public function test_the_week_goes_to_the_app_as_an_object(): void {
		$week = array( '0' => array(), '1' => array( array( 'start' => '09:00', 'end' => '12:00' ) ), '2' => array(), '3' => array(), '4' => array(), '5' => array(), '6' => array() );
		$data = Rest_Rules::shape( array( 'success' => true, 'settings' => array( 'weeklyHours' => $week, 'tourMinutes' => 30 ) ) );
		$this->assertSame( '{"success":true,"settings":{"weeklyHours":{"0":[],"1":[{"start":"09:00","end":"12:00"}],"2":[],"3":[],"4":[],"5":[],"6":[]},"tourMinutes":30}}', json_encode( $data ) );
	}

	public function test_a_refusal_brings_each_fields_message_back(): void {
		$client = $this->client(
			422,
			array(
				'success' => false,
				'error'   => array(
					'code'    => 'invalid_input',
					'message' => 'Some settings need another look.',
					'fields'  => array(
						'tourMinutes'   => 'The tour length must be from 10 to 240 minutes.',
						'weeklyHours.2' => 'Opening ranges on one day must not overlap.',
						'bad key!'      => 'dropped',
					),
				),
			)
		);
		$result = $client->save_rules( array( 'tourMinutes' => 5 ) );
		$this->assertFalse( $result['ok'] );
		$error = Rest_Rules::answer( $result );
		$this->assertInstanceOf( WP_Error::class, $error );
		$this->assertSame( 'lumaleasing_rules_refused', $error->code );
		$this->assertSame( 'Some settings need another look.', $error->message );
		$this->assertSame( 422, $error->data['status'] );
		$this->assertSame(
			array(
				'tourMinutes'   => 'The tour length must be from 10 to 240 minutes.',
				'weeklyHours.2' => 'Opening ranges on one day must not overlap.',
			),
			(array) $error->data['fields']
		);
	}
}
