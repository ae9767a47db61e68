<?php
/**
 * The Insights tab's proxy: the backend routes it calls with the site secret, the period
 * and weeks it passes on (anything else is refused before the backend is asked), the
 * capability on every route, and the backend's answer handed back without its error field.
 *
 * @package LumaLeasing
 */

use LumaLeasing\Rest;
use LumaLeasing\Rest_Metrics;

if ( ! function_exists( 'register_rest_route' ) ) {
	/** Records the routes registered, for the test to read. */
	function register_rest_route( $namespace, $route, $args ) {
		$GLOBALS['lumaleasing_test_routes'][ $namespace . $route ] = $args;
		return true;
	}
}

/** A REST request carrying only query parameters. */
final class Metrics_Test_Request {
	/** @var array */
	private $params;
	public function __construct( array $params ) {
		$this->params = $params;
	}
	public function get_param( $name ) {
		return $this->params[ $name ] ?? null;
	}
}

final class MetricsRestTest extends BackendProxyTestCase {


	protected function setUp(): void {
		WP_Test_State::reset();
	}

	public function test_metrics_and_weekly_hit_their_backend_routes_with_the_site_secret(): void {
		$client = $this->client( 200, array( 'success' => true ) );
		$client->metrics();
		$client->metrics( '2026-11-01', '2026-11-30' );
		$client->metrics_weekly( 12 );
		$client->metrics_weekly( 99 );
		$this->assertSame(
			array(
				'GET ' . self::BASE . '/lumaleasing/admin/metrics',
				'GET ' . self::BASE . '/lumaleasing/admin/metrics?from=2026-11-01&to=2026-11-30',
				'GET ' . self::BASE . '/lumaleasing/admin/metrics/weekly?weeks=12',
				'GET ' . self::BASE . '/lumaleasing/admin/metrics/weekly?weeks=52',
			),
			$this->sent_lines()
		);
		foreach ( $this->sent as $request ) {
			$this->assertSame( 'Bearer ' . self::SECRET, $request['headers']['Authorization'] );
		}
	}

	public function test_every_route_needs_manage_options(): void {
		$GLOBALS['lumaleasing_test_routes'] = array();
		Rest_Metrics::register_routes();
		$routes = $GLOBALS['lumaleasing_test_routes'];
		$this->assertSame( array( Rest::NAMESPACE_V1 . '/metrics', Rest::NAMESPACE_V1 . '/metrics/weekly' ), array_keys( $routes ) );
		foreach ( $routes as $args ) {
			$this->assertSame( 'GET', $args['methods'] );
			$this->assertSame( array( Rest::class, 'can_manage' ), $args['permission_callback'] );
			$this->assertFalse( call_user_func( $args['permission_callback'] ), 'refused without manage_options' );
		}
		WP_Test_State::$can_manage = true;
		$this->assertTrue( call_user_func( $routes[ Rest::NAMESPACE_V1 . '/metrics' ]['permission_callback'] ) );
	}

	public function test_a_bad_period_or_weeks_is_refused_before_the_backend(): void {
		foreach ( array(
			array( 'from' => '2026-11-01' ),
			array( 'from' => '2026-11-01', 'to' => '2026-02-30' ),
			array( 'from' => '2026-12-01', 'to' => '2026-11-01' ),
			array( 'from' => '2026-11-01; drop', 'to' => '2026-11-30' ),
			array( 'from' => array( '2026-11-01' ), 'to' => '2026-11-30' ),
		) as $params ) {
			$error = Rest_Metrics::period( new Metrics_Test_Request( $params ) );
			$this->assertInstanceOf( WP_Error::class, $error, json_encode( $params ) );
			$this->assertSame( 'lumaleasing_bad_period', $error->code );
			$this->assertSame( 400, $error->data['status'] );
		}
		foreach ( array( '0', '53', '1.5', 'twelve', '-3' ) as $weeks ) {
			$error = Rest_Metrics::weekly( new Metrics_Test_Request( array( 'weeks' => $weeks ) ) );
			$this->assertInstanceOf( WP_Error::class, $error, $weeks );
			$this->assertSame( 'lumaleasing_bad_weeks', $error->code );
		}
		$this->assertSame( '2024-02-29', Rest_Metrics::day( '2024-02-29' ) );
		$this->assertNull( Rest_Metrics::day( '2025-02-29' ) );
	}

	public function test_without_a_site_key_a_good_request_says_so(): void {
		$error = Rest_Metrics::period( new Metrics_Test_Request( array() ) );
		$this->assertInstanceOf( WP_Error::class, $error );
		$this->assertSame( 'lumaleasing_not_configured', $error->code );
		$error = Rest_Metrics::weekly( new Metrics_Test_Request( array( 'weeks' => '8' ) ) );
		$this->assertSame( 'lumaleasing_not_configured', $error->code );
	}

	public function test_the_answer_goes_back_without_its_error_field_and_a_failure_as_a_rest_error(): void {
		$metrics = array(
			array( 'metric' => 'booking_success', 'value' => 97.5, 'unit' => '%', 'target' => '> 95', 'state' => 'pass', 'numerator' => 39, 'denominator' => 40 ),
		);
		$client  = $this->client( 200, array( 'success' => true, 'metrics' => $metrics, 'error' => null ) );
		$data    = Rest_Metrics::answer( $client->metrics() );
		$this->assertInstanceOf( WP_REST_Response::class, $data );
		$this->assertSame( array( 'success' => true, 'metrics' => $metrics ), $data->data );
		$failed = $this->client( 401, array( 'success' => false, 'error' => array( 'code' => 'unauthorized', 'message' => 'no' ) ) );
		$error  = Rest_Metrics::answer( $failed->metrics() );
		$this->assertInstanceOf( WP_Error::class, $error );
		$this->assertSame( 'lumaleasing_backend_unauthorized', $error->code );
	}

	public function test_the_settings_page_has_an_insights_tab(): void {
		$this->assertSame( 'insights', LumaLeasing\Admin_Insights::current_tab( array( 'tab' => 'insights' ) ) );
		$this->assertSame( 'settings', LumaLeasing\Admin_Insights::current_tab( array( 'tab' => '<script>' ) ) );
		$this->assertSame( 'settings', LumaLeasing\Admin_Insights::current_tab( array( 'tab' => array( 'insights' ) ) ) );
		$this->assertSame( 'settings', LumaLeasing\Admin_Insights::current_tab( array() ) );
		$this->assertStringEndsWith( 'options-general.php?page=lumaleasing&tab=insights', LumaLeasing\Admin_Insights::tab_url( 'insights' ) );
		$this->assertStringEndsWith( 'options-general.php?page=lumaleasing', LumaLeasing\Admin_Insights::tab_url( 'settings' ) );
	}
}
