<?php
/**
 * Who may see the leasing office's tours, and where the Tours page and a tour open.
 *
 * @package LumaLeasing
 */

namespace LumaLeasing;

defined( 'ABSPATH' ) || exit;

/**
 * The Tours capability (administrators and editors have it; manage_options also counts)
 * and the Tours page's addresses.
 */
final class Tours_Access {

	const CAPABILITY = 'lumaleasing_manage_tours';
	const PAGE       = 'lumaleasing-tours';

	/**
	 * Whether the current user may see and change tours.
	 */
	public static function can(): bool {
		return current_user_can( self::CAPABILITY ) || current_user_can( 'manage_options' );
	}

	/**
	 * The Tours page.
	 */
	public static function tours_url(): string {
		return admin_url( 'admin.php?page=' . self::PAGE );
	}

	/**
	 * The Tours page opened on one tour.
	 *
	 * @param string $tour_id The tour's id.
	 */
	public static function tour_url( string $tour_id ): string {
		return admin_url( 'admin.php?page=' . self::PAGE . '&tour=' . rawurlencode( $tour_id ) );
	}
}
