<?php
/**
 * The backend's portfolio routes, called with the portfolio key (server to server only: the
 * browser never sees the key).
 *
 * @package LumaLeasing
 */

namespace LumaLeasing;

defined( 'ABSPATH' ) || exit;

/**
 * GET portfolio/health, GET portfolio/refresh-activity, POST portfolio/reconnect-emails.
 */
final class Portfolio_Client {

	const STATES = array( 'healthy', 'expiring', 'expired', 'revoked' );

	/**
	 * @var Backend_Client Built with the portfolio key as its bearer and no property.
	 */
	private $backend;

	/**
	 * @param Backend_Client $backend Client carrying the portfolio key.
	 */
	public function __construct( Backend_Client $backend ) {
		$this->backend = $backend;
	}

	/**
	 * Every property × calendar of the organization, with counts per status.
	 *
	 * @param string $status '' or one of STATES.
	 * @param string $search Free text ('' for none).
	 * @return array Result (see Backend_Client::request()).
	 */
	public function health( string $status, string $search ): array {
		$query = array();
		if ( in_array( $status, self::STATES, true ) ) {
			$query['status'] = $status;
		}
		if ( '' !== $search ) {
			$query['q'] = $search;
		}
		return $this->backend->request( 'GET', '/lumaleasing/portfolio/health' . ( $query ? '?' . http_build_query( $query, '', '&', PHP_QUERY_RFC3986 ) : '' ) );
	}

	/**
	 * The most recent token refresh attempts across the organization.
	 *
	 * @param int $limit 1–500.
	 * @return array Result.
	 */
	public function refresh_activity( int $limit ): array {
		return $this->backend->request( 'GET', '/lumaleasing/portfolio/refresh-activity?limit=' . max( 1, min( 500, $limit ) ) );
	}

	/**
	 * Emails each chosen calendar's property managers a re-connect link.
	 *
	 * @param string[] $calendar_ids Calendar ids.
	 * @param array    $by           { name, email } of the WordPress user asking.
	 * @return array Result.
	 */
	public function reconnect_emails( array $calendar_ids, array $by ): array {
		return $this->backend->request(
			'POST',
			'/lumaleasing/portfolio/reconnect-emails',
			array(
				'calendarIds' => array_values( $calendar_ids ),
				'by'          => array(
					'name'  => (string) ( $by['name'] ?? '' ),
					'email' => (string) ( $by['email'] ?? '' ),
				),
			)
		);
	}

	/**
	 * The organization's success metrics for a period (both dates or neither: the last 30 days).
	 *
	 * @param string $from YYYY-MM-DD or ''.
	 * @param string $to   YYYY-MM-DD or ''.
	 * @return array Result.
	 */
	public function metrics( string $from = '', string $to = '' ): array {
		$query = ( '' !== $from && '' !== $to ) ? '?' . http_build_query( array( 'from' => $from, 'to' => $to ) ) : '';
		return $this->backend->request( 'GET', '/lumaleasing/portfolio/metrics' . $query );
	}

	/**
	 * The organization's success metrics week by week.
	 *
	 * @param int $weeks 1–52.
	 * @return array Result.
	 */
	public function metrics_weekly( int $weeks = 12 ): array {
		return $this->backend->request( 'GET', '/lumaleasing/portfolio/metrics/weekly?weeks=' . max( 1, min( 52, $weeks ) ) );
	}
}
