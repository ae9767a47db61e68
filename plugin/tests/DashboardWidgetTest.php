<?php
/**
 * The "Today's tours" dashboard widget: only for users who may see tours; each tour's time
 * (in the property's zone), prospect, agent and status, linking to the tour; an empty
 * state; a readable notice when the backend cannot answer; cached for at most a minute and
 * cleared when a tour changes; every value escaped.
 *
 * @package LumaLeasing
 */

use LumaLeasing\Backend_Client;
use LumaLeasing\Dashboard_Widget;
use PHPUnit\Framework\TestCase;

final class DashboardWidgetTest extends TestCase {

	/** @var array[] Requests the backend saw. */
	private $sent = array();

	protected function setUp(): void {
		WP_Test_State::reset();
		WP_Test_Office::reset();
		update_option( 'time_format', 'g:i a' );
		update_option( 'date_format', 'F j, Y' );
	}

	private function client( $answer ): Backend_Client {
		$transport = function ( array $request ) use ( $answer ): array {
			$this->sent[] = $request;
			return null === $answer ? array( 'error' => 'cURL error 28: Operation timed out after 3001 milliseconds' ) : $answer;
		};
		return new Backend_Client( 'http://127.0.0.1:54321/functions/v1', 'b1f3c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d', 'llss_secret', $transport );
	}

	private function today( array $tours ): Backend_Client {
		$body = array(
			'success'  => true,
			'timezone' => 'America/Chicago',
			'date'     => '2026-11-28',
			'tours'    => $tours,
		);
		return $this->client( array( 'status' => 200, 'body' => json_encode( $body ) ) );
	}

	private function tour( array $fields ): array {
		return array_merge(
			array(
				'id'              => '0b7f3a52-6a0e-4a55-9d57-3c7b2f1e9a10',
				'start'           => '2026-11-28T20:00:00.000Z',
				'end'             => '2026-11-28T20:30:00.000Z',
				'localTime'       => '14:00',
				'prospectName'    => 'Maria Núñez',
				'agent'           => array( 'email' => 'pm@example.com', 'name' => 'Paula Manager' ),
				'status'          => 'confirmed',
				'awaitingOutcome' => false,
			),
			$fields
		);
	}

	public function test_only_users_who_may_see_tours_get_the_widget(): void {
		Dashboard_Widget::register();
		$this->assertCount( 0, WP_Test_Office::$dashboard_widgets, 'a subscriber' );
		WP_Test_Office::$caps = array( 'lumaleasing_manage_tours' );
		Dashboard_Widget::register();
		$this->assertSame( 'lumaleasing_today_tours', WP_Test_Office::$dashboard_widgets[0]['id'] );
		$this->assertSame( "Today's tours", WP_Test_Office::$dashboard_widgets[0]['title'] );
		WP_Test_Office::reset();
		WP_Test_State::$can_manage = true;
		Dashboard_Widget::register();
		$this->assertCount( 1, WP_Test_Office::$dashboard_widgets, 'an administrator (manage_options)' );
	}

	public function test_each_tour_shows_time_in_the_property_zone_prospect_agent_status_and_links_to_it(): void {
		$state = Dashboard_Widget::state(
			$this->today(
				array(
					$this->tour( array( 'start' => '2026-11-28T15:00:00.000Z', 'prospectName' => 'Early Bird', 'status' => 'confirmed', 'awaitingOutcome' => true, 'agent' => null ) ),
					$this->tour( array( 'start' => '2026-11-28T17:00:00.000Z', 'prospectName' => 'Ana Came', 'status' => 'completed' ) ),
					$this->tour( array( 'id' => '11111111-2222-4333-8444-555555555555', 'prospectName' => 'Later <b>Lee</b>', 'agent' => array( 'email' => 'a2@example.com', 'name' => null ) ) ),
					$this->tour( array( 'start' => '2026-11-28T22:00:00.000Z', 'prospectName' => 'Called Off', 'status' => 'cancelled' ) ),
				)
			)
		);
		$html = Dashboard_Widget::html( $state );
		$this->assertStringContainsString( 'November 28, 2026 (America/Chicago)', $html );
		$this->assertSame( 4, substr_count( $html, '<li ' ) );
		$this->assertStringContainsString( '<span class="lumaleasing-today-time">9:00 am</span> <span class="lumaleasing-today-name">Early Bird</span>', $html, '15:00Z is 9:00 am in Chicago' );
		$this->assertMatchesRegularExpression( '/Early Bird.*No agent.*Outcome needed/s', $html );
		$this->assertMatchesRegularExpression( '/Ana Came.*with Paula Manager.*Attended/s', $html );
		$this->assertMatchesRegularExpression( '/2:00 pm.*Later &lt;b&gt;Lee&lt;\/b&gt;.*with a2@example.com.*Booked/s', $html );
		$this->assertMatchesRegularExpression( '/Called Off.*Cancelled/s', $html );
		$this->assertStringNotContainsString( '<b>Lee</b>', $html, 'escaped' );
		$this->assertStringContainsString( 'href="https://site.example/wp-admin/admin.php?page=lumaleasing-tours&amp;tour=11111111-2222-4333-8444-555555555555"', $html );
		$this->assertStringContainsString( 'href="https://site.example/wp-admin/admin.php?page=lumaleasing-tours">All tours</a>', $html );
		$this->assertSame( 'GET http://127.0.0.1:54321/functions/v1/lumaleasing/admin/tours/today', $this->sent[0]['method'] . ' ' . $this->sent[0]['url'] );
		$this->assertSame( Dashboard_Widget::TIMEOUT, $this->sent[0]['timeout'] );
	}

	public function test_no_tours_today_says_so(): void {
		$html = Dashboard_Widget::html( Dashboard_Widget::state( $this->today( array() ) ) );
		$this->assertStringContainsString( 'No tours today.', $html );
		$this->assertStringNotContainsString( '<ul', $html );
		$this->assertStringContainsString( 'All tours', $html );
	}

	public function test_a_backend_that_does_not_answer_gives_a_readable_notice_not_a_broken_dashboard(): void {
		$html = Dashboard_Widget::html( Dashboard_Widget::state( $this->client( null ) ) );
		$this->assertStringContainsString( 'notice notice-error inline', $html );
		$this->assertStringContainsString( 'the LumaLeasing service did not answer in time', $html );
		$this->assertStringNotContainsString( 'cURL', $html, 'no transport detail on the page' );
		$this->assertStringContainsString( 'All tours', $html );
		$this->assertLessThanOrEqual( 60, WP_Test_Office::$transients[ Dashboard_Widget::TRANSIENT ][1], 'a failure is remembered briefly' );

		WP_Test_Office::reset();
		$refused = Dashboard_Widget::html( Dashboard_Widget::state( $this->client( array( 'status' => 401, 'body' => '{"success":false}' ) ) ) );
		$this->assertStringContainsString( 'The saved site key was not accepted', $refused );
		$this->assertStringContainsString( 'Save the site key', Dashboard_Widget::html( array( 'kind' => 'not_configured' ) ) );
	}

	public function test_cached_for_at_most_a_minute_and_cleared_when_a_tour_changes(): void {
		$client = $this->today( array( $this->tour( array() ) ) );
		Dashboard_Widget::state( $client );
		Dashboard_Widget::state( $client );
		$this->assertCount( 1, $this->sent, 'two dashboard loads, one call' );
		$this->assertLessThanOrEqual( 60, WP_Test_Office::$transients[ Dashboard_Widget::TRANSIENT ][1] );
		Dashboard_Widget::clear();
		Dashboard_Widget::state( $client );
		$this->assertCount( 2, $this->sent, 'asked again after a tour changed' );
	}
}
