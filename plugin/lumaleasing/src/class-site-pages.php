<?php
/**
 * The site's pages the backend links to: the page that opens the "reschedule or cancel"
 * link in every email (a page with the [lumaleasing] shortcode, made on activation unless
 * the admin picks one) and this settings page (the calendar alerts link to it).
 *
 * The backend is told (POST admin/site-pages) when the site key is saved and whenever one
 * of the two addresses changes; what was last accepted is remembered so nothing is sent
 * twice.
 *
 * @package LumaLeasing
 */

namespace LumaLeasing;

defined( 'ABSPATH' ) || exit;

/**
 * The manage page and telling the backend about the site's pages.
 */
final class Site_Pages {

	const OPTION_PAGE   = 'lumaleasing_manage_page';
	const OPTION_PUSHED = 'lumaleasing_pages_pushed';

	/**
	 * Set while a sync runs (making the page updates an option this class listens to).
	 *
	 * @var bool
	 */
	private static $syncing = false;

	/**
	 * Options this class adds (uninstall removes them).
	 *
	 * @return string[]
	 */
	public static function option_names(): array {
		return array( self::OPTION_PAGE, self::OPTION_PUSHED );
	}

	/**
	 * Activation: make sure a manage page exists.
	 */
	public static function activate() {
		self::ensure_manage_page();
	}

	/**
	 * The chosen manage page's id, when it is a page that still exists (0 otherwise).
	 *
	 * @return int
	 */
	public static function page_id(): int {
		$id   = absint( get_option( self::OPTION_PAGE, 0 ) );
		$post = $id ? get_post( $id ) : null;
		return ( $post && 'page' === $post->post_type && 'trash' !== $post->post_status ) ? $id : 0;
	}

	/**
	 * The manage page's id, making a "Manage your tour" page with the shortcode when none is chosen.
	 *
	 * @return int 0 when the page could not be made.
	 */
	public static function ensure_manage_page(): int {
		$id = self::page_id();
		if ( $id ) {
			return $id;
		}
		$id = wp_insert_post(
			array(
				'post_type'    => 'page',
				'post_status'  => 'publish',
				'post_title'   => __( 'Manage your tour', 'lumaleasing' ),
				'post_content' => '[' . Frontend::SHORTCODE . ']',
			),
			true
		);
		if ( is_wp_error( $id ) || ! $id ) {
			return 0;
		}
		update_option( self::OPTION_PAGE, (int) $id );
		return (int) $id;
	}

	/**
	 * Settings API callback for the manage page: a published page's id, or 0 (make one).
	 *
	 * @param mixed $input Submitted value.
	 * @return int
	 */
	public static function sanitize_page_option( $input ): int {
		$id   = absint( $input );
		$post = $id ? get_post( $id ) : null;
		if ( $id && ( ! $post || 'page' !== $post->post_type ) ) {
			add_settings_error( self::OPTION_PAGE, 'lumaleasing_manage_page', esc_html__( 'Choose a page from the list for the manage link.', 'lumaleasing' ), 'error' );
			return self::page_id();
		}
		return $id;
	}

	/**
	 * The manage page's address ('' without one).
	 *
	 * @return string
	 */
	public static function manage_page_url(): string {
		$id  = self::page_id();
		$url = $id ? get_permalink( $id ) : '';
		return is_string( $url ) ? $url : '';
	}

	/**
	 * What the backend would be told, as one string (changes when any part does).
	 *
	 * @param string $property    Property id.
	 * @param string $manage_url  Manage page.
	 * @param string $settings_url Settings page.
	 * @return string
	 */
	public static function fingerprint( string $property, string $manage_url, string $settings_url ): string {
		return hash( 'sha256', $property . "\n" . $manage_url . "\n" . $settings_url );
	}

	/**
	 * Tells the backend where the pages are unless it already knows (admin_init, and after
	 * the connection or the manage page changes). Makes the manage page if there is none.
	 *
	 * @param Backend_Client|null $client Defaults to the stored connection's.
	 * @return array|null The backend's answer, or null when nothing was sent.
	 */
	public static function sync( $client = null ) {
		$client = $client instanceof Backend_Client ? $client : Backend_Client::from_settings();
		if ( ! $client || self::$syncing ) {
			return null;
		}
		self::$syncing = true;
		try {
			return self::push( $client );
		} finally {
			self::$syncing = false;
		}
	}

	/**
	 * @param Backend_Client $client The connection's client.
	 * @return array|null
	 */
	private static function push( Backend_Client $client ) {
		self::ensure_manage_page();
		$manage   = self::manage_page_url();
		$settings = Admin_Page::url();
		if ( '' === $manage ) {
			return null;
		}
		$print = self::fingerprint( Settings::connection()['property_id'], $manage, $settings );
		if ( get_option( self::OPTION_PUSHED, '' ) === $print ) {
			return null;
		}
		$result = $client->site_pages( $manage, $settings );
		if ( ! empty( $result['ok'] ) ) {
			update_option( self::OPTION_PUSHED, $print, false );
		} elseif ( function_exists( 'add_settings_error' ) ) {
			add_settings_error(
				self::OPTION_PAGE,
				'lumaleasing_site_pages',
				esc_html(
					sprintf(
						/* translators: %s: the backend's reason. */
						__( 'The backend did not accept this site\'s pages, so email links still open its own page: %s', 'lumaleasing' ),
						isset( $result['message'] ) ? $result['message'] : ''
					)
				),
				'error'
			);
		}
		return $result;
	}

	/**
	 * Hooked to option and page changes: send again on the next sync.
	 */
	public static function changed() {
		if ( self::$syncing ) {
			return;
		}
		delete_option( self::OPTION_PUSHED );
		if ( is_admin() ) {
			self::sync();
		}
	}

	/**
	 * save_post_page: the manage page's address may have changed (slug, parent, status).
	 *
	 * @param int $post_id The saved page.
	 */
	public static function page_saved( $post_id ) {
		if ( (int) $post_id === self::page_id() ) {
			self::changed();
		}
	}
}
