<?php
/**
 * The backend's tour routes for the leasing office (admin/tours…), called with the site
 * secret: the settings page's upcoming list, the dashboard, the menu's count and the Tours page.
 *
 * @package LumaLeasing
 */

namespace LumaLeasing;

defined( 'ABSPATH' ) || exit;

/**
 * GET admin/tours[/today|/slots|/outcome-needed-count|/:id], POST admin/tours[/:id/<action>].
 */
final class Tours_Client {

	/**
	 * @var Backend_Client Built with the site secret for this property.
	 */
	private $backend;

	/**
	 * @param Backend_Client $backend Client carrying the site secret.
	 */
	public function __construct( Backend_Client $backend ) {
		$this->backend = $backend;
	}

	/**
	 * Upcoming tours.
	 *
	 * @param int $days How many days ahead (1–31).
	 * @return array Result (see Backend_Client::request()).
	 */
	public function tours( int $days = 14 ): array {
		$days = max( 1, min( 31, $days ) );
		return $this->backend->request( 'GET', '/lumaleasing/admin/tours?days=' . $days );
	}

	/**
	 * Today's tours in the property's time zone (its date, earlier tours included):
	 * GET /lumaleasing/admin/tours/today.
	 *
	 * @return array Result (see Backend_Client::request()).
	 */
	public function tours_today(): array {
		return $this->backend->request( 'GET', '/lumaleasing/admin/tours/today' );
	}

	/**
	 * How many past tours still wait for their outcome: GET /lumaleasing/admin/tours/outcome-needed-count.
	 *
	 * @return array Result (see Backend_Client::request()).
	 */
	public function outcome_needed_count(): array {
		return $this->backend->request( 'GET', '/lumaleasing/admin/tours/outcome-needed-count' );
	}

	/**
	 * GET admin/tours with a range and filters (the Tours page).
	 *
	 * @param array $query from, to, agent, status (list), source, q — already checked by the caller.
	 * @return array
	 */
	public function office_tours( array $query ): array {
		$parts = array();
		foreach ( $query as $key => $value ) {
			foreach ( (array) $value as $one ) {
				$parts[] = rawurlencode( (string) $key ) . '=' . rawurlencode( (string) $one );
			}
		}
		return $this->backend->request( 'GET', '/lumaleasing/admin/tours' . ( $parts ? '?' . implode( '&', $parts ) : '' ) );
	}

	/**
	 * GET admin/tours/slots: the free slots the slot engine offers.
	 *
	 * @param string $from First local date (YYYY-MM-DD) or '' for today.
	 * @param int    $days Days (1–31).
	 * @return array
	 */
	public function office_slots( string $from, int $days ): array {
		$query = 'days=' . max( 1, min( 31, $days ) ) . ( '' !== $from ? '&from=' . rawurlencode( $from ) : '' );
		return $this->backend->request( 'GET', '/lumaleasing/admin/tours/slots?' . $query );
	}

	/**
	 * GET admin/tours/:id: the tour, its prospect and its history.
	 *
	 * @param string $id Tour id (a UUID).
	 * @return array
	 */
	public function office_tour( string $id ): array {
		return $this->backend->request( 'GET', '/lumaleasing/admin/tours/' . rawurlencode( $id ) );
	}

	/**
	 * POST admin/tours: a tour for someone who phoned or walked in.
	 *
	 * @param array $body Booking fields with source and by.
	 * @return array
	 */
	public function office_book( array $body ): array {
		return $this->backend->request( 'POST', '/lumaleasing/admin/tours', $body );
	}

	/**
	 * POST admin/tours/:id/{outcome|cancel|reschedule|reassign|notes}.
	 *
	 * @param string $id     Tour id (a UUID).
	 * @param string $action One of the actions.
	 * @param array  $body   The action's fields with by.
	 * @return array
	 */
	public function office_action( string $id, string $action, array $body ): array {
		return $this->backend->request( 'POST', '/lumaleasing/admin/tours/' . rawurlencode( $id ) . '/' . rawurlencode( $action ), $body );
	}
}
