<?php
/**
 * The Tours menu's count bubble: WordPress's markup with a screen-reader sentence, on the
 * Tours item and its first submenu item; one short backend call per cache period (a
 * failure remembered too, with no bubble); cleared when a tour changes; nothing at all
 * without the capability or without the Tours menu.
 *
 * @package LumaLeasing
 */

use LumaLeasing\Backend_Client;
use LumaLeasing\Menu_Count;
use PHPUnit\Framework\TestCase;

final class MenuCountTest extends TestCase {

	/** @var array[] Requests the backend saw. */
	private $sent = array();

	protected function setUp(): void {
		WP_Test_State::reset();
		WP_Test_Office::reset();
		$GLOBALS['menu']    = array(
			2  => array( 'Dashboard', 'read', 'index.php' ),
			26 => array( 'Tours', 'lumaleasing_manage_tours', 'lumaleasing-tours', 'Tours', 'menu-top', 'toplevel_page_lumaleasing-tours', 'dashicons-calendar-alt' ),
		);
		$GLOBALS['submenu'] = array(
			'lumaleasing-tours' => array(
				array( 'All tours', 'lumaleasing_manage_tours', 'lumaleasing-tours' ),
				array( 'Calendar', 'lumaleasing_manage_tours', 'lumaleasing-tours-calendar' ),
			),
		);
	}

	/** A client whose backend answers $answer (or does not answer at all when null). */
	private function client( $answer ): Backend_Client {
		$transport = function ( array $request ) use ( $answer ): array {
			$this->sent[] = $request;
			return null === $answer ? array( 'error' => 'cURL error 28: Operation timed out' ) : $answer;
		};
		return new Backend_Client( 'http://127.0.0.1:54321/functions/v1', 'b1f3c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d', 'llss_secret', $transport );
	}

	private function counting( int $count ): Backend_Client {
		return $this->client( array( 'status' => 200, 'body' => json_encode( array( 'success' => true, 'count' => $count ) ) ) );
	}

	public function test_the_bubble_goes_on_the_tours_item_and_its_first_submenu_with_a_screen_reader_sentence(): void {
		WP_Test_Office::$caps = array( 'lumaleasing_manage_tours' );
		Menu_Count::add_bubble( $this->counting( 3 ) );
		$bubble = ' <span class="awaiting-mod count-3"><span class="pending-count" aria-hidden="true">3</span><span class="screen-reader-text">3 tours need an outcome</span></span>';
		$this->assertSame( 'Tours' . $bubble, $GLOBALS['menu'][26][0] );
		$this->assertSame( 'All tours' . $bubble, $GLOBALS['submenu']['lumaleasing-tours'][0][0] );
		$this->assertSame( 'Calendar', $GLOBALS['submenu']['lumaleasing-tours'][1][0], 'only the first submenu item' );
		$this->assertSame( 'Dashboard', $GLOBALS['menu'][2][0] );
		$this->assertSame( 'GET http://127.0.0.1:54321/functions/v1/lumaleasing/admin/tours/outcome-needed-count', $this->sent[0]['method'] . ' ' . $this->sent[0]['url'] );
		$this->assertSame( Menu_Count::TIMEOUT, $this->sent[0]['timeout'], 'a short timeout' );
		$this->assertStringContainsString( '1 tour needs an outcome', Menu_Count::bubble( 1 ) );
	}

	public function test_one_backend_call_per_cache_period_cleared_when_a_tour_changes(): void {
		WP_Test_State::$can_manage = true;
		$client                    = $this->counting( 2 );
		$this->assertSame( 2, Menu_Count::count( $client ) );
		$this->assertSame( 2, Menu_Count::count( $client ) );
		$this->assertSame( 2, Menu_Count::count( $client ) );
		$this->assertCount( 1, $this->sent, 'three page loads, one call' );
		$this->assertSame( Menu_Count::TTL, WP_Test_Office::$transients[ Menu_Count::TRANSIENT ][1] );
		$this->assertLessThanOrEqual( 300, Menu_Count::TTL );
		Menu_Count::clear();
		$this->assertSame( 2, Menu_Count::count( $client ) );
		$this->assertCount( 2, $this->sent, 'asked again after a tour changed' );
	}

	public function test_a_backend_that_does_not_answer_gives_no_bubble_and_is_not_asked_again_this_period(): void {
		WP_Test_State::$can_manage = true;
		foreach ( array( null, array( 'status' => 503, 'body' => '{"success":false}' ), array( 'status' => 200, 'body' => '<html>' ), array( 'status' => 200, 'body' => '{"success":true,"count":"7"}' ) ) as $answer ) {
			$this->sent = array();
			WP_Test_Office::$transients = array();
			$this->setUp();
			WP_Test_State::$can_manage = true;
			$client                    = $this->client( $answer );
			Menu_Count::add_bubble( $client );
			Menu_Count::add_bubble( $client );
			$this->assertSame( 'Tours', $GLOBALS['menu'][26][0], 'no bubble: ' . json_encode( $answer ) );
			$this->assertCount( 1, $this->sent, 'one call for the period, even failing' );
		}
	}

	public function test_nothing_without_the_capability_the_tours_menu_or_a_count(): void {
		Menu_Count::add_bubble( $this->counting( 4 ) );
		$this->assertSame( 'Tours', $GLOBALS['menu'][26][0], 'a user who may not see tours' );
		$this->assertCount( 0, $this->sent, 'and the backend is not asked' );

		WP_Test_State::$can_manage = true;
		unset( $GLOBALS['menu'][26] );
		Menu_Count::add_bubble( $this->counting( 4 ) );
		$this->assertCount( 0, $this->sent, 'no Tours menu yet: nothing to do, nothing asked' );

		$this->setUp();
		WP_Test_State::$can_manage = true;
		Menu_Count::add_bubble( $this->counting( 0 ) );
		$this->assertSame( 'Tours', $GLOBALS['menu'][26][0], 'zero: no bubble' );
		$menu    = $GLOBALS['menu'];
		$submenu = $GLOBALS['submenu'];
		Menu_Count::apply( $menu, $submenu, 5 );
		Menu_Count::apply( $menu, $submenu, 5 );
		$this->assertSame( 1, substr_count( $menu[26][0], 'awaiting-mod' ), 'added once' );
	}
}
