<?php
/**
 * The count bubble on the Tours menu: how many past tours still wait for their outcome.
 *
 * Read from the backend at most once per cache period (a transient, cleared whenever a
 * tour changes), with a short timeout; when the backend cannot answer, no bubble — and
 * that too is remembered for the period, so a backend outage never slows every page.
 *
 * @package LumaLeasing
 */

namespace LumaLeasing;

defined( 'ABSPATH' ) || exit;

/**
 * Adds the outcome-needed count to the "Tours" menu item and its first submenu item.
 */
final class Menu_Count {

	const TRANSIENT = 'lumaleasing_outcome_needed_count';
	const TTL       = 300;
	const TIMEOUT   = 2;

	/**
	 * Adds the bubble (admin_menu, late, after the Tours menu exists).
	 *
	 * @param Backend_Client|null $client The backend (default: the stored connection).
	 */
	public static function add_bubble( $client = null ) {
		global $menu, $submenu;
		if ( ! Tours_Access::can() || ! is_array( $menu ) || null === self::menu_index( $menu ) ) {
			return;
		}
		$count = self::count( $client instanceof Backend_Client ? $client : null );
		if ( null === $count || $count < 1 ) {
			return;
		}
		if ( ! is_array( $submenu ) ) {
			$submenu = array(); // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited
		}
		self::apply( $menu, $submenu, $count );
	}

	/**
	 * The count, cached; null when the backend could not say (or no site key is saved).
	 *
	 * @param Backend_Client|null $client The backend (default: the stored connection).
	 * @return int|null
	 */
	public static function count( $client = null ) {
		$cached = get_transient( self::TRANSIENT );
		if ( is_array( $cached ) && array_key_exists( 'count', $cached ) ) {
			return null === $cached['count'] ? null : (int) $cached['count'];
		}
		$client = $client ? $client : Backend_Client::from_settings();
		$count  = null;
		if ( null !== $client ) {
			$result = ( new Tours_Client( $client->with_timeout( self::TIMEOUT ) ) )->outcome_needed_count();
			if ( $result['ok'] && isset( $result['data']['count'] ) && is_int( $result['data']['count'] ) && $result['data']['count'] >= 0 ) {
				$count = $result['data']['count'];
			}
		}
		set_transient( self::TRANSIENT, array( 'count' => $count ), self::TTL );
		return $count;
	}

	/**
	 * Appends the bubble to the Tours menu item and its first submenu item (once).
	 *
	 * @param array $menu    WordPress's $menu.
	 * @param array $submenu WordPress's $submenu.
	 * @param int   $count   Tours waiting for their outcome.
	 */
	public static function apply( array &$menu, array &$submenu, int $count ) {
		$index = self::menu_index( $menu );
		if ( null === $index || false !== strpos( (string) $menu[ $index ][0], 'awaiting-mod' ) ) {
			return;
		}
		$bubble              = self::bubble( $count );
		$menu[ $index ][0] .= $bubble;
		if ( isset( $submenu[ Tours_Access::PAGE ] ) && is_array( $submenu[ Tours_Access::PAGE ] ) ) {
			$first = array_key_first( $submenu[ Tours_Access::PAGE ] );
			if ( null !== $first && isset( $submenu[ Tours_Access::PAGE ][ $first ][0] ) ) {
				$submenu[ Tours_Access::PAGE ][ $first ][0] .= $bubble;
			}
		}
	}

	/**
	 * WordPress's count bubble, with the number for the eye and a sentence for screen readers.
	 *
	 * @param int $count Tours waiting for their outcome.
	 */
	public static function bubble( int $count ): string {
		$number = number_format_i18n( $count );
		/* translators: %s: how many tours wait for the office to say whether the prospect came. */
		$label = sprintf( _n( '%s tour needs an outcome', '%s tours need an outcome', $count, 'lumaleasing' ), $number );
		return sprintf(
			' <span class="awaiting-mod count-%1$d"><span class="pending-count" aria-hidden="true">%2$s</span><span class="screen-reader-text">%3$s</span></span>',
			$count,
			esc_html( $number ),
			esc_html( $label )
		);
	}

	/**
	 * Forgets the count (lumaleasing_tour_changed, a new site key).
	 */
	public static function clear() {
		delete_transient( self::TRANSIENT );
	}

	/**
	 * The Tours item's position in $menu, or null when the Tours menu is not there.
	 *
	 * @param array $menu WordPress's $menu.
	 * @return int|string|null
	 */
	private static function menu_index( array $menu ) {
		foreach ( $menu as $index => $item ) {
			if ( is_array( $item ) && isset( $item[2] ) && Tours_Access::PAGE === $item[2] ) {
				return $index;
			}
		}
		return null;
	}
}
