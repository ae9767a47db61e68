<?php
/**
 * The "Today's tours" dashboard widget: the property's tours on its own today (earlier
 * ones included) — time, prospect, agent and status — each opening the tour on the Tours
 * page. Read from the backend with a short timeout and cached for a minute (cleared when a
 * tour changes); when the backend cannot answer, a readable notice instead of the list.
 *
 * @package LumaLeasing
 */

namespace LumaLeasing;

defined( 'ABSPATH' ) || exit;

/**
 * wp_dashboard_setup → "Today's tours", for users who may see tours.
 */
final class Dashboard_Widget {

	const ID             = 'lumaleasing_today_tours';
	const TRANSIENT      = 'lumaleasing_today_tours';
	const TTL            = 60;
	const FAILURE_TTL    = 30;
	const TIMEOUT        = 3;

	/**
	 * Adds the widget (wp_dashboard_setup).
	 */
	public static function register() {
		if ( ! Tours_Access::can() ) {
			return;
		}
		wp_add_dashboard_widget( self::ID, __( "Today's tours", 'lumaleasing' ), array( __CLASS__, 'render' ) );
	}

	/**
	 * Prints the widget's body.
	 */
	public static function render() {
		echo self::html( self::state() ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- html() escapes every value.
	}

	/**
	 * What to show: { kind: tours, data } | { kind: error, message } | { kind: not_configured }.
	 *
	 * @param Backend_Client|null $client The backend (default: the stored connection).
	 * @return array
	 */
	public static function state( $client = null ): array {
		$client = $client ? $client : Backend_Client::from_settings();
		if ( null === $client ) {
			return array( 'kind' => 'not_configured' );
		}
		$cached = get_transient( self::TRANSIENT );
		if ( is_array( $cached ) && isset( $cached['kind'] ) ) {
			return $cached;
		}
		$result = ( new Tours_Client( $client->with_timeout( self::TIMEOUT ) ) )->tours_today();
		if ( $result['ok'] && isset( $result['data']['tours'] ) && is_array( $result['data']['tours'] ) ) {
			$state = array(
				'kind' => 'tours',
				'data' => array(
					'date'     => (string) ( $result['data']['date'] ?? '' ),
					'timezone' => (string) ( $result['data']['timezone'] ?? 'UTC' ),
					'tours'    => $result['data']['tours'],
				),
			);
			set_transient( self::TRANSIENT, $state, self::TTL );
			return $state;
		}
		$state = array(
			'kind'    => 'error',
			'message' => 'unauthorized' === ( $result['error'] ?? '' )
				? __( 'The saved site key was not accepted. Check it under Settings → LumaLeasing Tours.', 'lumaleasing' )
				: __( "Today's tours could not be loaded: the LumaLeasing service did not answer in time. The dashboard tries again in a moment.", 'lumaleasing' ),
		);
		set_transient( self::TRANSIENT, $state, self::FAILURE_TTL );
		return $state;
	}

	/**
	 * The widget's markup for a state (every value escaped).
	 *
	 * @param array $state See state().
	 */
	public static function html( array $state ): string {
		$out = '<div class="lumaleasing-today">' . self::style();
		if ( 'not_configured' === $state['kind'] ) {
			$out .= '<p>' . esc_html__( 'Save the site key under Settings → LumaLeasing Tours to see today\'s tours here.', 'lumaleasing' ) . '</p>';
			return $out . '</div>';
		}
		if ( 'error' === $state['kind'] ) {
			$out .= '<div class="notice notice-error inline"><p>' . esc_html( $state['message'] ) . '</p></div>';
			return $out . self::footer() . '</div>';
		}
		$data = $state['data'];
		$zone = self::zone( $data['timezone'] );
		if ( '' !== $data['date'] ) {
			$day  = wp_date( (string) get_option( 'date_format', 'F j, Y' ), (int) strtotime( $data['date'] . ' 12:00:00 UTC' ), new \DateTimeZone( 'UTC' ) );
			$out .= '<p class="lumaleasing-today-date">' . esc_html(
				/* translators: 1: the property's date, 2: its time zone. */
				sprintf( __( '%1$s (%2$s)', 'lumaleasing' ), $day, $data['timezone'] )
			) . '</p>';
		}
		if ( array() === $data['tours'] ) {
			$out .= '<p class="lumaleasing-today-empty">' . esc_html__( 'No tours today.', 'lumaleasing' ) . '</p>';
			return $out . self::footer() . '</div>';
		}
		$out .= '<ul class="lumaleasing-today-list">';
		foreach ( $data['tours'] as $tour ) {
			$out .= self::item( is_array( $tour ) ? $tour : array(), $zone );
		}
		return $out . '</ul>' . self::footer() . '</div>';
	}

	/**
	 * One tour: its time and prospect as the link to it, its agent, its status.
	 *
	 * @param array         $tour A tour of the backend's answer.
	 * @param \DateTimeZone $zone The property's zone.
	 */
	private static function item( array $tour, \DateTimeZone $zone ): string {
		$id     = (string) ( $tour['id'] ?? '' );
		$start  = strtotime( (string) ( $tour['start'] ?? '' ) );
		$time   = false === $start ? (string) ( $tour['localTime'] ?? '' ) : wp_date( (string) get_option( 'time_format', 'g:i a' ), $start, $zone );
		$agent  = isset( $tour['agent'] ) && is_array( $tour['agent'] )
			? (string) ( $tour['agent']['name'] ?? $tour['agent']['email'] ?? '' )
			: '';
		$status = self::status( (string) ( $tour['status'] ?? '' ), ! empty( $tour['awaitingOutcome'] ) );
		return '<li class="lumaleasing-today-tour lumaleasing-status-' . esc_attr( $status['class'] ) . '">'
			. '<a href="' . esc_url( Tours_Access::tour_url( $id ) ) . '">'
			. '<span class="lumaleasing-today-time">' . esc_html( $time ) . '</span> '
			. '<span class="lumaleasing-today-name">' . esc_html( (string) ( $tour['prospectName'] ?? '' ) ) . '</span></a> '
			. '<span class="lumaleasing-today-agent">' . esc_html(
				'' === $agent
					? __( 'No agent', 'lumaleasing' )
					/* translators: %s: the agent's name or email. */
					: sprintf( __( 'with %s', 'lumaleasing' ), $agent )
			) . '</span> '
			. '<span class="lumaleasing-today-status">' . esc_html( $status['label'] ) . '</span>'
			. '</li>';
	}

	/**
	 * A tour's status as the office reads it.
	 *
	 * @param string $status           confirmed | completed | no_show | cancelled.
	 * @param bool   $awaiting_outcome Confirmed and over.
	 * @return array { class, label }
	 */
	private static function status( string $status, bool $awaiting_outcome ): array {
		if ( $awaiting_outcome ) {
			return array(
				'class' => 'outcome-needed',
				'label' => __( 'Outcome needed', 'lumaleasing' ),
			);
		}
		$labels = array(
			'confirmed' => __( 'Booked', 'lumaleasing' ),
			'completed' => __( 'Attended', 'lumaleasing' ),
			'no_show'   => __( 'No-show', 'lumaleasing' ),
			'cancelled' => __( 'Cancelled', 'lumaleasing' ),
		);
		return array(
			'class' => isset( $labels[ $status ] ) ? str_replace( '_', '-', $status ) : 'unknown',
			'label' => $labels[ $status ] ?? $status,
		);
	}

	/**
	 * The link to the Tours page.
	 */
	private static function footer(): string {
		return '<p class="lumaleasing-today-footer"><a href="' . esc_url( Tours_Access::tours_url() ) . '">'
			. esc_html__( 'All tours', 'lumaleasing' ) . '</a></p>';
	}

	/**
	 * A little layout: each tour wraps onto a second line on a narrow screen.
	 */
	private static function style(): string {
		return '<style>.lumaleasing-today-list{margin:0}.lumaleasing-today-list li{display:flex;flex-wrap:wrap;gap:0 .5em;'
			. 'padding:6px 0;border-bottom:1px solid #f0f0f1}.lumaleasing-today-time{font-weight:600}'
			. '.lumaleasing-today-status{margin-left:auto}.lumaleasing-status-outcome-needed .lumaleasing-today-status{color:#b32d2e;font-weight:600}'
			. '.lumaleasing-status-cancelled .lumaleasing-today-name{text-decoration:line-through}'
			. '.lumaleasing-today-date{color:#646970;margin-top:0}</style>';
	}

	/**
	 * The property's zone (UTC when the name is not one PHP knows).
	 *
	 * @param string $name IANA name.
	 */
	private static function zone( string $name ): \DateTimeZone {
		try {
			return new \DateTimeZone( $name );
		} catch ( \Exception $e ) {
			return new \DateTimeZone( 'UTC' );
		}
	}

	/**
	 * Forgets today's tours (lumaleasing_tour_changed, a new site key).
	 */
	public static function clear() {
		delete_transient( self::TRANSIENT );
	}
}
