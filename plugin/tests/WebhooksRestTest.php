<?php
/**
 * The Webhooks section's proxy: the backend calls it makes, what it checks before calling,
 * and what it passes on to the admin app (the secret only from create and rotate).
 *
 * @package LumaLeasing
 */

use LumaLeasing\Backend_Client;
use LumaLeasing\Webhooks_Rest;
use PHPUnit\Framework\TestCase;

final class WebhooksRestTest extends TestCase {

	const BASE     = 'http://127.0.0.1:54321/functions/v1';
	const PROPERTY = 'b1f3c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
	const SECRET   = 'llss_demo_lumaheights_local_only_9d27f1c3';
	const ID       = '0f8fad5b-d9cb-469f-a165-70867728950e';

	/** @var array[] */
	private $sent = array();

	/** @var array */
	private $answer = array();

	protected function setUp(): void {
		WP_Test_State::reset();
	}

	private function client(): Backend_Client {
		$this->sent = array();
		return new Backend_Client(
			self::BASE,
			self::PROPERTY,
			self::SECRET,
			function ( array $request ): array {
				$this->sent[] = $request;
				return $this->answer;
			}
		);
	}

	private function answer( int $status, $body ): void {
		$this->answer = array(
			'status' => $status,
			'body'   => json_encode( $body ),
		);
	}

	public function test_each_webhook_call_hits_its_backend_route_with_the_site_secret(): void {
		$this->answer( 200, array( 'success' => true ) );
		$client = $this->client();
		$client->list_webhooks();
		$client->create_webhook( array( 'url' => 'https://crm.example/hook', 'events' => array( 'tour.booked' ) ) );
		$client->update_webhook( self::ID, array( 'enabled' => false ) );
		$client->webhook_action( self::ID, 'rotate-secret' );
		$client->webhook_action( self::ID, 'delete' );
		$client->webhook_action( self::ID, 'test' );
		$client->webhook_deliveries( self::ID, 500 );
		$client->resend_webhook_delivery( '42' );
		$refused = $client->webhook_action( self::ID, 'drop-table' );

		$this->assertSame(
			array(
				'GET /lumaleasing/admin/webhooks',
				'POST /lumaleasing/admin/webhooks',
				'POST /lumaleasing/admin/webhooks/' . self::ID,
				'POST /lumaleasing/admin/webhooks/' . self::ID . '/rotate-secret',
				'POST /lumaleasing/admin/webhooks/' . self::ID . '/delete',
				'POST /lumaleasing/admin/webhooks/' . self::ID . '/test',
				'GET /lumaleasing/admin/webhooks/' . self::ID . '/deliveries?limit=200',
				'POST /lumaleasing/admin/webhooks/deliveries/42/resend',
			),
			array_map(
				function ( $r ) {
					return $r['method'] . ' ' . substr( $r['url'], strlen( self::BASE ) );
				},
				$this->sent
			)
		);
		foreach ( $this->sent as $request ) {
			$this->assertSame( 'Bearer ' . self::SECRET, $request['headers']['Authorization'] );
			$this->assertSame( self::PROPERTY, $request['headers']['X-Lumaleasing-Property'] );
		}
		$this->assertSame( array( 'enabled' => false ), json_decode( $this->sent[2]['body'], true ) );
		$this->assertFalse( $refused['ok'], 'an unknown action is never sent' );
	}

	public function test_input_is_checked_before_anything_is_sent(): void {
		$ok = Webhooks_Rest::input( array( 'url' => ' https://crm.example/hook ', 'events' => array( 'tour.booked', 'tour.booked', 'lead.created' ) ), false );
		$this->assertSame( array( 'url' => 'https://crm.example/hook', 'events' => array( 'tour.booked', 'lead.created' ) ), $ok );
		$this->assertSame( array( 'enabled' => false ), Webhooks_Rest::input( array( 'enabled' => false ), true ) );

		$bad = array(
			array( array( 'events' => array( 'tour.booked' ) ), false ),
			array( array( 'url' => 'javascript:alert(1)', 'events' => array( 'tour.booked' ) ), false ),
			array( array( 'url' => 'https://crm.example/"><script>', 'events' => array( 'tour.booked' ) ), false ),
			array( array( 'url' => 'https://crm.example/hook', 'events' => array() ), false ),
			array( array( 'url' => 'https://crm.example/hook', 'events' => array( 'tour.exploded' ) ), false ),
			array( array( 'url' => 'https://crm.example/hook', 'events' => 'tour.booked' ), false ),
			array( array( 'enabled' => 'yes' ), true ),
			array( array(), true ),
		);
		foreach ( $bad as $case ) {
			$result = Webhooks_Rest::input( $case[0], $case[1] );
			$this->assertInstanceOf( WP_Error::class, $result, json_encode( $case[0] ) );
			$this->assertSame( 'lumaleasing_bad_webhook', $result->code );
			$this->assertSame( 400, $result->data['status'] );
		}
	}

	public function test_endpoints_and_deliveries_keep_known_fields_only(): void {
		$endpoint = Webhooks_Rest::shape_endpoint(
			array(
				'id'         => self::ID,
				'url'        => 'https://crm.example/hook',
				'events'     => array( 'tour.booked', 'tour.exploded' ),
				'enabled'    => 'true',
				'createdAt'  => '2026-11-28T10:00:00.000Z',
				'secretEnc'  => 'must-not-pass',
				'secret'     => 'whsec_must-not-pass',
			)
		);
		$this->assertSame( array( 'id', 'url', 'events', 'enabled', 'createdAt', 'secretRotatedAt' ), array_keys( $endpoint ) );
		$this->assertSame( array( 'tour.booked' ), $endpoint['events'] );
		$this->assertFalse( $endpoint['enabled'], 'only a real true enables' );
		$this->assertNull( Webhooks_Rest::shape_endpoint( array( 'id' => '../../x' ) ) );

		$delivery = Webhooks_Rest::shape_delivery(
			array(
				'id'             => '17',
				'eventId'        => 'evt_abc',
				'eventType'      => 'tour.booked',
				'status'         => 'failed',
				'responseStatus' => 302,
				'attempts'       => 1,
				'createdAt'      => '2026-11-28T10:00:00.000Z',
				'lastAttemptAt'  => null,
				'error'          => '<b>redirects</b> are not followed',
			)
		);
		$this->assertSame( 302, $delivery['responseStatus'] );
		$this->assertSame( 'failed', $delivery['status'] );
		$this->assertSame( 'redirects are not followed', $delivery['error'] );
		$this->assertSame( 'pending', Webhooks_Rest::shape_delivery( array( 'id' => '1', 'status' => 'weird' ) )['status'] );
		$this->assertNull( Webhooks_Rest::shape_delivery( array( 'id' => 'x1' ) ) );
	}

	public function test_the_secret_passes_only_when_well_formed(): void {
		$endpoint = array( 'id' => self::ID, 'url' => 'https://crm.example/hook', 'events' => array( 'tour.booked' ), 'enabled' => true );
		$good     = Webhooks_Rest::shape_secret_answer( array( 'success' => true, 'endpoint' => $endpoint, 'secret' => 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' ) );
		$this->assertSame( 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', $good['secret'] );
		$bad = Webhooks_Rest::shape_secret_answer( array( 'success' => true, 'endpoint' => $endpoint, 'secret' => '<script>' ) );
		$this->assertInstanceOf( WP_Error::class, $bad );
		$this->assertSame( 502, $bad->data['status'] );
	}

	public function test_backend_refusals_pass_on_their_words_and_status(): void {
		$refused = Webhooks_Rest::backend_error( array( 'ok' => false, 'status' => 422, 'error' => 'backend_error', 'message' => 'invalid_webhook_url: 10.0.0.1 is a private, loopback or link-local address.' ) );
		$this->assertSame( 'lumaleasing_webhook_refused', $refused->code );
		$this->assertSame( 422, $refused->data['status'] );
		$this->assertSame( '10.0.0.1 is a private, loopback or link-local address.', $refused->message );
		$missing = Webhooks_Rest::backend_error( array( 'ok' => false, 'status' => 404, 'error' => 'backend_error', 'message' => 'webhook_not_found: No such webhook endpoint.' ) );
		$this->assertSame( array( 'lumaleasing_webhook_not_found', 404 ), array( $missing->code, $missing->data['status'] ) );
		$down = Webhooks_Rest::backend_error( array( 'ok' => false, 'status' => 500, 'error' => 'backend_error', 'message' => 'internal_error: secret stuff' ) );
		$this->assertSame( 502, $down->data['status'] );
		$this->assertStringNotContainsString( 'secret stuff', $down->message );
		$key = Webhooks_Rest::backend_error( array( 'ok' => false, 'status' => 401, 'error' => 'unauthorized', 'message' => '' ) );
		$this->assertSame( 'lumaleasing_backend_unauthorized', $key->code );
	}
}
