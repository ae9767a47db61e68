<?php
/**
 * The top-level "Tours" menu: the leasing team's calendar, list and tour detail (a Preact
 * app, assets/tours-admin.js, loaded on this page only), and the capability it needs.
 *
 * @package LumaLeasing
 */

namespace LumaLeasing;

defined( 'ABSPATH' ) || exit;

/**
 * Admin → Tours.
 */
final class Tours_Page {

	/** The leasing team's capability: see and act on tours. */
	const CAP = 'lumaleasing_manage_tours';
	/** Roles that get it on activation and upgrade. */
	const ROLES = array( 'administrator', 'editor' );
	/** The version of the grants last made (so an upgrade grants once). */
	const OPTION_CAPS = 'lumaleasing_caps_version';
	const CAPS_VERSION = '1';

	const SLUG        = 'lumaleasing-tours';
	const HOOK_SUFFIX = 'toplevel_page_lumaleasing-tours';
	const APP_HANDLE  = 'lumaleasing-tours-admin';
	const APP_ROOT_ID = 'lumaleasing-tours-root';
	/** Printed inline before the app (see prefetch_script). */
	const PREFETCH_FILE = 'tours-prefetch.js';
	/** Between Pages (20) and Comments (25). */
	const POSITION = 21;

	/**
	 * The Tours page's URL, optionally opening one tour.
	 *
	 * @param string $tour_id A tour's id, or ''.
	 * @return string
	 */
	public static function url( string $tour_id = '' ): string {
		$url = admin_url( 'admin.php?page=' . self::SLUG );
		return '' === $tour_id ? $url : $url . '&tour=' . rawurlencode( $tour_id );
	}

	/**
	 * Activation: the capability for administrators and editors.
	 */
	public static function activate() {
		self::grant_caps();
	}

	/**
	 * admin_init: grants once per version, so a site that upgraded without reactivating gets them.
	 */
	public static function maybe_upgrade() {
		if ( self::CAPS_VERSION !== get_option( self::OPTION_CAPS ) ) {
			self::grant_caps();
		}
	}

	/**
	 * Grants the capability to each role in ROLES that exists (idempotent).
	 */
	public static function grant_caps() {
		foreach ( self::ROLES as $role_name ) {
			$role = get_role( $role_name );
			if ( $role && ! $role->has_cap( self::CAP ) ) {
				$role->add_cap( self::CAP );
			}
		}
		update_option( self::OPTION_CAPS, self::CAPS_VERSION, false );
	}

	/**
	 * Uninstall: the capability leaves every role that has it, and the marker goes.
	 */
	public static function remove_caps() {
		$roles = function_exists( 'wp_roles' ) ? wp_roles() : null;
		$names = $roles && is_array( $roles->roles ) ? array_keys( $roles->roles ) : self::ROLES;
		foreach ( $names as $role_name ) {
			$role = get_role( $role_name );
			if ( $role ) {
				$role->remove_cap( self::CAP );
			}
		}
		delete_option( self::OPTION_CAPS );
	}

	/**
	 * admin_menu: Tours (top level) with Tours and Settings under it.
	 */
	public static function add_menu() {
		add_menu_page(
			__( 'Tours', 'lumaleasing' ),
			__( 'Tours', 'lumaleasing' ),
			self::CAP,
			self::SLUG,
			array( __CLASS__, 'render' ),
			'dashicons-calendar-alt',
			self::POSITION
		);
		add_submenu_page( self::SLUG, __( 'Tours', 'lumaleasing' ), __( 'All tours', 'lumaleasing' ), self::CAP, self::SLUG );
		add_submenu_page(
			self::SLUG,
			__( 'LumaLeasing Tours', 'lumaleasing' ),
			__( 'Settings', 'lumaleasing' ),
			'manage_options',
			'options-general.php?page=' . Admin_Page::SLUG
		);
	}

	/**
	 * The tour a deep link names (admin.php?page=lumaleasing-tours&tour=<id>), or ''.
	 *
	 * @param mixed $value The raw `tour` parameter.
	 * @return string
	 */
	public static function tour_param( $value ): string {
		$value = is_string( $value ) ? strtolower( trim( $value ) ) : '';
		return preg_match( '/^' . Rest_Tours::ID_PATTERN . '$/', $value ) ? $value : '';
	}

	/**
	 * What the app needs, printed before it (never the secret).
	 *
	 * @param string $tour_id A tour to open, or ''.
	 * @return array
	 */
	public static function config( string $tour_id ): array {
		$connection = Settings::connection();
		$user       = Rest_Tours::acting_user();
		return array(
			'restUrl'      => esc_url_raw( rest_url( Rest::NAMESPACE_V1 . '/' ) ),
			'nonce'        => wp_create_nonce( 'wp_rest' ),
			'connected'    => Settings::is_connected(),
			'propertyName' => $connection['property_name'],
			'timezone'     => $connection['timezone'],
			'tourId'       => $tour_id,
			'pageUrl'      => esc_url_raw( self::url() ),
			'settingsUrl'  => current_user_can( 'manage_options' ) ? esc_url_raw( Admin_Page::url() ) : '',
			'userName'     => $user['wpUserName'],
		);
	}

	/**
	 * The small script printed before the app (assets/tours-prefetch.js): it asks for the first
	 * month's tours and the agents while the app's bundle still loads, so the answers are there
	 * sooner. '' when the file is missing (the app then asks for itself).
	 *
	 * @return string
	 */
	public static function prefetch_script(): string {
		$file = LUMALEASING_DIR . '/assets/' . self::PREFETCH_FILE;
		$code = is_readable( $file ) ? file_get_contents( $file ) : false; // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a file of the plugin's own.
		return is_string( $code ) ? trim( $code ) : '';
	}

	/**
	 * admin_enqueue_scripts: the app, its stylesheet and its configuration, on this page only.
	 *
	 * @param string $hook_suffix The admin page's hook.
	 */
	public static function enqueue( $hook_suffix ) {
		if ( self::HOOK_SUFFIX !== $hook_suffix ) {
			return;
		}
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a link that only selects what to show.
		$tour_id = self::tour_param( isset( $_GET['tour'] ) ? wp_unslash( $_GET['tour'] ) : '' );
		wp_enqueue_style( self::APP_HANDLE, plugins_url( 'assets/tours-admin.css', LUMALEASING_FILE ), array(), LUMALEASING_VERSION );
		wp_enqueue_script( self::APP_HANDLE, plugins_url( 'assets/tours-admin.js', LUMALEASING_FILE ), array( 'wp-i18n' ), LUMALEASING_VERSION, true );
		wp_add_inline_script( self::APP_HANDLE, 'window.LumaLeasingToursConfig = ' . wp_json_encode( self::config( $tour_id ) ) . ';', 'before' );
		$prefetch = self::prefetch_script();
		if ( '' !== $prefetch ) {
			wp_add_inline_script( self::APP_HANDLE, $prefetch, 'before' );
		}
		wp_set_script_translations( self::APP_HANDLE, 'lumaleasing', LUMALEASING_DIR . '/languages' );
	}

	/**
	 * The page: WordPress' heading and the app's root.
	 */
	public static function render() {
		if ( ! current_user_can( self::CAP ) ) {
			return;
		}
		?>
		<div class="wrap lumaleasing-tours">
			<h1 class="wp-heading-inline"><?php esc_html_e( 'Tours', 'lumaleasing' ); ?></h1>
			<hr class="wp-header-end">
			<?php if ( ! Settings::is_connected() ) : ?>
				<div class="notice notice-warning"><p><?php esc_html_e( 'This site is not connected to LumaLeasing yet: paste the site key in Settings → LumaLeasing Tours first.', 'lumaleasing' ); ?></p></div>
			<?php endif; ?>
			<div id="<?php echo esc_attr( self::APP_ROOT_ID ); ?>">
				<p><?php esc_html_e( 'Loading tours…', 'lumaleasing' ); ?></p>
				<noscript><p><?php esc_html_e( 'The Tours page needs JavaScript.', 'lumaleasing' ); ?></p></noscript>
			</div>
		</div>
		<?php
	}
}
