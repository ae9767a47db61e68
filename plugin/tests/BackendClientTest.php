<?php
/**
 * The backend client: URLs, headers and bodies it sends, and how it reads answers.
 *
 * @package LumaLeasing
 */

use LumaLeasing\Backend_Client;
use LumaLeasing\Tours_Client;
use PHPUnit\Framework\TestCase;

final class BackendClientTest extends TestCase {

	const BASE     = 'http://127.0.0.1:54321/functions/v1';
	const PROPERTY = 'b1f3c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
	const SECRET   = 'llss_demo_lumaheights_local_only_9d27f1c3';

	/** @var array[] Requests the fake transport received. */
	private $sent = array();

	/** @var array What the fake transport answers. */
	private $answer = array();

	private function client( string $base = self::BASE ): Backend_Client {
		$this->sent = array();
		$transport  = function ( array $request ): array {
			$this->sent[] = $request;
			return $this->answer;
		};
		return new Backend_Client( $base, self::PROPERTY, self::SECRET, $transport );
	}

	private function answer( int $status, $body ): void {
		$this->answer = array(
			'status' => $status,
			'body'   => is_string( $body ) ? $body : json_encode( $body ),
		);
	}

	public function test_verify_sends_the_secret_as_bearer_and_the_property_header(): void {
		$this->answer( 200, array( 'success' => true, 'property' => array( 'id' => self::PROPERTY, 'name' => 'Luma Heights', 'timezone' => 'America/Chicago' ) ) );
		$result = $this->client()->verify();

		$this->assertCount( 1, $this->sent );
		$request = $this->sent[0];
		$this->assertSame( 'GET', $request['method'] );
		$this->assertSame( self::BASE . '/lumaleasing/admin/verify', $request['url'] );
		$this->assertSame( 'Bearer ' . self::SECRET, $request['headers']['Authorization'] );
		$this->assertSame( self::PROPERTY, $request['headers']['X-Lumaleasing-Property'] );
		$this->assertSame( 'application/json', $request['headers']['Accept'] );
		$this->assertArrayNotHasKey( 'Content-Type', $request['headers'] );
		$this->assertNull( $request['body'] );
		$this->assertGreaterThan( 0, $request['timeout'] );

		$this->assertTrue( $result['ok'] );
		$this->assertSame( 'Luma Heights', $result['data']['property']['name'] );
	}

	public function test_connect_ticket_posts_json_with_user_and_return_url(): void {
		$this->answer( 200, array( 'success' => true, 'connectUrl' => 'http://127.0.0.1:54321/functions/v1/calendar/connect?ticket=t1' ) );
		$result = $this->client()->connect_ticket( 7, 'admin@example.test', 'http://127.0.0.1:54326/wp-admin/options-general.php?page=lumaleasing' );

		$request = $this->sent[0];
		$this->assertSame( 'POST', $request['method'] );
		$this->assertSame( self::BASE . '/lumaleasing/admin/connect-ticket', $request['url'] );
		$this->assertSame( 'application/json', $request['headers']['Content-Type'] );
		$this->assertSame( 'Bearer ' . self::SECRET, $request['headers']['Authorization'] );
		$this->assertSame(
			array(
				'wpUserId'    => 7,
				'wpUserEmail' => 'admin@example.test',
				'returnUrl'   => 'http://127.0.0.1:54326/wp-admin/options-general.php?page=lumaleasing',
			),
			json_decode( $request['body'], true )
		);
		$this->assertTrue( $result['ok'] );
	}

	public function test_status_disconnect_and_tours_hit_their_own_paths(): void {
		$this->answer( 200, array( 'success' => true ) );
		$client = $this->client( self::BASE . '/' );

		$client->calendar_status();
		$client->disconnect_calendar( 'c0ffee00-0000-4000-8000-000000000001' );
		$tours = new Tours_Client( $client );
		$tours->tours( 14 );
		$tours->tours( 400 );
		$tours->tours( -3 );

		$this->assertSame(
			array(
				'GET ' . self::BASE . '/lumaleasing/calendar/status',
				'POST ' . self::BASE . '/lumaleasing/calendar/disconnect',
				'GET ' . self::BASE . '/lumaleasing/admin/tours?days=14',
				'GET ' . self::BASE . '/lumaleasing/admin/tours?days=31',
				'GET ' . self::BASE . '/lumaleasing/admin/tours?days=1',
			),
			array_map(
				static function ( $r ) {
					return $r['method'] . ' ' . $r['url'];
				},
				$this->sent
			)
		);
		$this->assertSame( array( 'calendarId' => 'c0ffee00-0000-4000-8000-000000000001' ), json_decode( $this->sent[1]['body'], true ) );
		foreach ( $this->sent as $request ) {
			$this->assertSame( self::PROPERTY, $request['headers']['X-Lumaleasing-Property'] );
		}
	}

	/**
	 * @dataProvider failures
	 */
	public function test_classifies_failures( array $answer, string $error, int $status ): void {
		$this->answer = $answer;
		$result       = $this->client()->calendar_status();
		$this->assertFalse( $result['ok'] );
		$this->assertSame( $error, $result['error'] );
		$this->assertSame( $status, $result['status'] );
		$this->assertStringNotContainsString( self::SECRET, $result['message'] );
	}

	public function failures(): array {
		return array(
			'refused key'          => array( array( 'status' => 401, 'body' => '{"success":false,"error":{"code":"unauthorized","message":"bad secret"}}' ), 'unauthorized', 401 ),
			'forbidden'            => array( array( 'status' => 403, 'body' => '' ), 'unauthorized', 403 ),
			'network down'         => array( array( 'error' => 'cURL error 7: Failed to connect' ), 'unreachable', 0 ),
			'server error'         => array( array( 'status' => 500, 'body' => 'oops' ), 'backend_error', 500 ),
			'not JSON'             => array( array( 'status' => 200, 'body' => '<html>' ), 'bad_response', 200 ),
			'success flag missing' => array( array( 'status' => 200, 'body' => '{"calendars":[]}' ), 'bad_response', 200 ),
		);
	}

	public function test_backend_error_text_is_kept_for_the_admin(): void {
		$this->answer( 401, array( 'success' => false, 'error' => array( 'code' => 'unauthorized', 'message' => 'unknown site secret' ) ) );
		$this->assertSame( 'unauthorized: unknown site secret', $this->client()->verify()['message'] );
	}

	public function test_origin_of_keeps_scheme_host_and_port_only(): void {
		$this->assertSame( 'http://127.0.0.1:54321', Backend_Client::origin_of( 'http://127.0.0.1:54321/functions/v1' ) );
		$this->assertSame( 'https://abc.supabase.co', Backend_Client::origin_of( 'HTTPS://ABC.supabase.co/functions/v1/calendar/connect?ticket=x' ) );
		$this->assertSame( '', Backend_Client::origin_of( 'not a url' ) );
		$this->assertSame( 'http://127.0.0.1:54321', $this->client()->origin() );
	}
}
