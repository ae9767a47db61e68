<?php
/**
 * What the tests of the plugin's proxies share: a Backend_Client for the demo property whose
 * transport records each request and answers with a given status and body.
 *
 * @package LumaLeasing
 */

use LumaLeasing\Backend_Client;
use PHPUnit\Framework\TestCase;

abstract class BackendProxyTestCase extends TestCase {

	const BASE     = 'http://127.0.0.1:54321/functions/v1';
	const PROPERTY = 'b1f3c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
	const SECRET   = 'llss_demo_lumaheights_local_only_9d27f1c3';

	/** @var array[] The requests the client sent, in order. */
	protected $sent = array();

	/**
	 * A client for the demo property that answers every request with $status and $body.
	 */
	protected function client( int $status, array $body ): Backend_Client {
		$this->sent = array();
		$transport  = function ( array $request ) use ( $status, $body ): array {
			$this->sent[] = $request;
			return array(
				'status' => $status,
				'body'   => json_encode( $body ),
			);
		};
		return new Backend_Client( self::BASE, self::PROPERTY, self::SECRET, $transport );
	}

	/**
	 * The requests sent so far as "METHOD url" lines.
	 *
	 * @return string[]
	 */
	protected function sent_lines(): array {
		return array_map(
			function ( $r ) {
				return $r['method'] . ' ' . $r['url'];
			},
			$this->sent
		);
	}
}
