<?php
/**
 * Settings → LumaLeasing Tours: the connection (site key), display settings and the
 * Calendars app (assets/admin.js, built from widget/admin); the Insights tab is
 * class-admin-insights.php.
 *
 * @package LumaLeasing
 */

namespace LumaLeasing;

defined( 'ABSPATH' ) || exit;

/**
 * The options page.
 */
final class Admin_Page {

	const SLUG         = 'lumaleasing';
	const HOOK_SUFFIX  = 'settings_page_lumaleasing';
	const APP_HANDLE   = 'lumaleasing-admin';
	const APP_ROOT_ID  = 'lumaleasing-admin-root';
	const RESULT_PARAM = 'lumaleasing_calendar';

	/**
	 * The settings page URL.
	 *
	 * @return string
	 */
	public static function url(): string {
		return admin_url( 'options-general.php?page=' . self::SLUG );
	}

	/**
	 * admin_menu.
	 */
	public static function add_menu() {
		add_options_page(
			__( 'LumaLeasing Tours', 'lumaleasing' ),
			__( 'LumaLeasing Tours', 'lumaleasing' ),
			'manage_options',
			self::SLUG,
			array( __CLASS__, 'render' )
		);
	}

	/**
	 * admin_init: settings, sections and fields.
	 */
	public static function register_settings() {
		register_setting(
			Settings::GROUP,
			Settings::OPTION_CONNECTION,
			array(
				'type'              => 'object',
				'sanitize_callback' => array( Settings::class, 'sanitize_connection_option' ),
				'default'           => Settings::connection_defaults(),
				'show_in_rest'      => false,
			)
		);
		register_setting(
			Settings::GROUP,
			Settings::OPTION_DISPLAY,
			array(
				'type'              => 'object',
				'sanitize_callback' => array( Settings::class, 'sanitize_display_option' ),
				'default'           => Settings::display_defaults(),
				'show_in_rest'      => false,
			)
		);

		add_settings_section(
			'lumaleasing_connection',
			__( 'Connection', 'lumaleasing' ),
			array( __CLASS__, 'render_connection_intro' ),
			self::SLUG
		);
		add_settings_field(
			'lumaleasing_site_key',
			__( 'Site key', 'lumaleasing' ),
			array( __CLASS__, 'render_site_key_field' ),
			self::SLUG,
			'lumaleasing_connection',
			array( 'label_for' => 'lumaleasing_site_key' )
		);

		register_setting(
			Settings::GROUP,
			Site_Pages::OPTION_PAGE,
			array(
				'type'              => 'integer',
				'sanitize_callback' => array( Site_Pages::class, 'sanitize_page_option' ),
				'default'           => 0,
				'show_in_rest'      => false,
			)
		);
		add_settings_field(
			'lumaleasing_manage_page',
			__( 'Manage page', 'lumaleasing' ),
			array( __CLASS__, 'render_manage_page_field' ),
			self::SLUG,
			'lumaleasing_connection',
			array( 'label_for' => 'lumaleasing_manage_page' )
		);

		add_settings_section(
			'lumaleasing_display',
			__( 'Widget', 'lumaleasing' ),
			'__return_false',
			self::SLUG
		);
		add_settings_field( 'lumaleasing_placement', __( 'Where it appears', 'lumaleasing' ), array( __CLASS__, 'render_placement_field' ), self::SLUG, 'lumaleasing_display' );
		add_settings_field( 'lumaleasing_greeting', __( 'Greeting', 'lumaleasing' ), array( __CLASS__, 'render_greeting_field' ), self::SLUG, 'lumaleasing_display', array( 'label_for' => 'lumaleasing_greeting' ) );
		add_settings_field( 'lumaleasing_color', __( 'Brand colour', 'lumaleasing' ), array( __CLASS__, 'render_color_field' ), self::SLUG, 'lumaleasing_display', array( 'label_for' => 'lumaleasing_color' ) );
		add_settings_field( 'lumaleasing_position', __( 'Launcher position', 'lumaleasing' ), array( __CLASS__, 'render_position_field' ), self::SLUG, 'lumaleasing_display', array( 'label_for' => 'lumaleasing_position' ) );
	}

	/**
	 * The page that opens the "reschedule or cancel" link in emails.
	 */
	public static function render_manage_page_field() {
		wp_dropdown_pages(
			array(
				'name'              => esc_attr( Site_Pages::OPTION_PAGE ),
				'id'                => 'lumaleasing_manage_page',
				'selected'          => Site_Pages::page_id(),
				'show_option_none'  => esc_html__( '— Make a "Manage your tour" page —', 'lumaleasing' ),
				'option_none_value' => '0',
			)
		);
		echo '<p class="description" id="lumaleasing_manage_page_description">' . esc_html__( 'Emails link here so prospects can see, reschedule or cancel their tour. The page must show the widget (the [lumaleasing] shortcode).', 'lumaleasing' ) . '</p>';
	}

	/**
	 * admin_enqueue_scripts: the Calendars app, on this page only.
	 *
	 * @param string $hook_suffix Current admin page.
	 */
	public static function enqueue( $hook_suffix ) {
		if ( self::HOOK_SUFFIX !== $hook_suffix ) {
			return;
		}
		$connection = Settings::connection();
		if ( Admin_Insights::TAB === Admin_Insights::current_tab() ) {
			Admin_Insights::enqueue( $connection );
			return;
		}
		wp_enqueue_script(
			self::APP_HANDLE,
			plugins_url( 'assets/admin.js', LUMALEASING_FILE ),
			array( 'wp-i18n' ),
			LUMALEASING_VERSION,
			true
		);
		$config = array(
			'restUrl'      => esc_url_raw( rest_url( Rest::NAMESPACE_V1 . '/' ) ),
			'nonce'        => wp_create_nonce( 'wp_rest' ),
			'settingsUrl'  => esc_url_raw( self::url() ),
			'connected'    => Settings::is_connected(),
			'propertyName' => $connection['property_name'],
			'timezone'     => $connection['timezone'],
		);
		wp_add_inline_script( self::APP_HANDLE, 'window.LumaLeasingAdminConfig = ' . wp_json_encode( $config ) . ';', 'before' );
		wp_set_script_translations( self::APP_HANDLE, 'lumaleasing', LUMALEASING_DIR . '/languages' );
	}

	/**
	 * plugin_action_links_*: a Settings link on the Plugins screen.
	 *
	 * @param array $links Existing links.
	 * @return array
	 */
	public static function action_links( $links ): array {
		$links   = is_array( $links ) ? $links : array();
		$settings = '<a href="' . esc_url( self::url() ) . '">' . esc_html__( 'Settings', 'lumaleasing' ) . '</a>';
		array_unshift( $links, $settings );
		return $links;
	}

	/**
	 * admin_notices: a nudge on the Dashboard and Plugins screens while no site key is saved.
	 */
	public static function setup_notice() {
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		if ( ! $screen || ! in_array( $screen->id, array( 'dashboard', 'plugins' ), true ) ) {
			return;
		}
		if ( ! current_user_can( 'manage_options' ) || Settings::is_connected() ) {
			return;
		}
		printf(
			'<div class="notice notice-info"><p>%s <a href="%s">%s</a></p></div>',
			esc_html__( 'LumaLeasing Tours needs its site key before the tour widget can appear.', 'lumaleasing' ),
			esc_url( self::url() ),
			esc_html__( 'Add the site key', 'lumaleasing' )
		);
	}

	/**
	 * The page.
	 */
	public static function render() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$tab = Admin_Insights::current_tab();
		if ( Admin_Insights::TAB === $tab ) {
			?>
			<div class="wrap">
				<h1><?php echo esc_html( get_admin_page_title() ); ?></h1>
				<?php Admin_Insights::render_tabs( $tab ); ?>
				<?php Admin_Insights::render(); ?>
			</div>
			<?php
			return;
		}
		?>
		<div class="wrap">
			<h1><?php echo esc_html( get_admin_page_title() ); ?></h1>
			<?php Admin_Insights::render_tabs( $tab ); ?>
			<?php self::render_calendar_result_notice(); ?>
			<?php Reconnect_Landing::render_notice(); ?>
			<form action="<?php echo esc_url( admin_url( 'options.php' ) ); ?>" method="post">
				<?php
				settings_fields( Settings::GROUP );
				do_settings_sections( self::SLUG );
				submit_button();
				?>
			</form>
			<h2 id="lumaleasing-calendars-heading"><?php esc_html_e( 'Calendars and tours', 'lumaleasing' ); ?></h2>
			<div id="<?php echo esc_attr( self::APP_ROOT_ID ); ?>" aria-labelledby="lumaleasing-calendars-heading">
				<p><?php esc_html_e( 'Loading calendars…', 'lumaleasing' ); ?></p>
				<noscript><p><?php esc_html_e( 'The Calendars section needs JavaScript.', 'lumaleasing' ); ?></p></noscript>
			</div>
		</div>
		<?php
	}

	/**
	 * What the backend reported after Google's consent (query args on the return URL).
	 *
	 * @param array $query The query arguments (defaults to $_GET).
	 * @return array|null { type: success|warning|error, message } or null.
	 */
	public static function calendar_result_notice( array $query ) {
		if ( ! isset( $query[ self::RESULT_PARAM ] ) || ! is_string( $query[ self::RESULT_PARAM ] ) ) {
			return null;
		}
		$result  = sanitize_key( $query[ self::RESULT_PARAM ] );
		$account = isset( $query['account'] ) && is_string( $query['account'] ) ? sanitize_text_field( $query['account'] ) : '';
		$reason  = isset( $query['reason'] ) && is_string( $query['reason'] ) ? sanitize_key( $query['reason'] ) : '';

		if ( 'connected' === $result ) {
			return array(
				'type'    => 'success',
				'message' => '' !== $account
					/* translators: %s: Google account email. */
					? sprintf( __( 'Google Calendar connected for %s.', 'lumaleasing' ), $account )
					: __( 'Google Calendar connected.', 'lumaleasing' ),
			);
		}
		if ( 'denied' === $result ) {
			return array(
				'type'    => 'warning',
				'message' => __( 'Google Calendar was not connected: access was not granted on Google\'s consent screen.', 'lumaleasing' ),
			);
		}
		if ( 'error' === $result ) {
			return array(
				'type'    => 'error',
				'message' => '' !== $reason
					/* translators: %s: machine-readable reason, e.g. ticket_expired. */
					? sprintf( __( 'Google Calendar could not be connected (%s). Please try again.', 'lumaleasing' ), $reason )
					: __( 'Google Calendar could not be connected. Please try again.', 'lumaleasing' ),
			);
		}
		return null;
	}

	/**
	 * Prints the notice for calendar_result_notice().
	 */
	private static function render_calendar_result_notice() {
		// Read-only display of a redirect's outcome; nothing is changed, so no nonce is involved.
		$notice = self::calendar_result_notice( wp_unslash( $_GET ) ); // phpcs:ignore WordPress.Security.NonceVerification.Recommended
		if ( null === $notice ) {
			return;
		}
		printf(
			'<div class="notice notice-%1$s is-dismissible" role="%2$s"><p>%3$s</p></div>',
			esc_attr( $notice['type'] ),
			'error' === $notice['type'] ? 'alert' : 'status',
			esc_html( $notice['message'] )
		);
	}

	/**
	 * Intro text of the Connection section, with what is connected now.
	 */
	public static function render_connection_intro() {
		$connection = Settings::connection();
		if ( ! Settings::is_connected() ) {
			echo '<p>' . esc_html__( 'Paste the site key you received for this property. It connects this site to the LumaLeasing backend; the secret part never appears on your public pages.', 'lumaleasing' ) . '</p>';
			return;
		}
		echo '<p>' . esc_html__( 'This site is connected.', 'lumaleasing' ) . '</p><dl class="lumaleasing-connection">';
		$rows = array(
			__( 'Property', 'lumaleasing' )    => '' !== $connection['property_name'] ? $connection['property_name'] : $connection['property_id'],
			__( 'Time zone', 'lumaleasing' )   => $connection['timezone'],
			__( 'Backend', 'lumaleasing' )     => $connection['backend_url'],
			__( 'Widget key', 'lumaleasing' )  => $connection['widget_key'],
			__( 'Site secret', 'lumaleasing' ) => Site_Key::mask( Settings::secret() ),
			__( 'Last checked', 'lumaleasing' ) => $connection['verified_at']
				? wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $connection['verified_at'] )
				: __( 'not yet checked with the backend', 'lumaleasing' ),
		);
		foreach ( $rows as $label => $value ) {
			if ( '' === (string) $value ) {
				continue;
			}
			printf( '<dt>%s</dt><dd><code>%s</code></dd>', esc_html( $label ), esc_html( (string) $value ) );
		}
		echo '</dl>';
	}

	/**
	 * The site key input: always empty (the saved key is never printed back).
	 */
	public static function render_site_key_field() {
		$connected = Settings::is_connected();
		printf(
			'<input type="text" id="lumaleasing_site_key" name="%1$s[site_key]" value="" class="large-text code" autocomplete="off" spellcheck="false" aria-describedby="lumaleasing_site_key_help" placeholder="%2$s" />',
			esc_attr( Settings::OPTION_CONNECTION ),
			esc_attr( $connected ? __( 'Saved — paste a new key only to replace it', 'lumaleasing' ) : 'llsk_…' )
		);
		echo '<p class="description" id="lumaleasing_site_key_help">' . esc_html__( 'The key starts with llsk_. Saving checks it with the backend first; a key the backend refuses is not saved.', 'lumaleasing' ) . '</p>';
		if ( $connected ) {
			printf(
				'<p><label><input type="checkbox" name="%1$s[forget]" value="1" /> %2$s</label></p>',
				esc_attr( Settings::OPTION_CONNECTION ),
				esc_html__( 'Remove the site key from this site (the widget disappears from your pages)', 'lumaleasing' )
			);
		}
	}

	/**
	 * Placement radios.
	 */
	public static function render_placement_field() {
		$current = Settings::display()['placement'];
		$choices = array(
			'everywhere' => __( 'A floating button on every page (the shortcode and block also show the widget inline)', 'lumaleasing' ),
			'shortcode'  => __( 'Only where the [lumaleasing] shortcode is', 'lumaleasing' ),
			'block'      => __( 'Only where the LumaLeasing block is', 'lumaleasing' ),
		);
		echo '<fieldset><legend class="screen-reader-text">' . esc_html__( 'Where it appears', 'lumaleasing' ) . '</legend>';
		foreach ( $choices as $value => $label ) {
			printf(
				'<label><input type="radio" name="%1$s[placement]" value="%2$s" %3$s /> %4$s</label><br />',
				esc_attr( Settings::OPTION_DISPLAY ),
				esc_attr( $value ),
				checked( $current, $value, false ),
				esc_html( $label )
			);
		}
		echo '</fieldset>';
	}

	/**
	 * Greeting input.
	 */
	public static function render_greeting_field() {
		printf(
			'<input type="text" id="lumaleasing_greeting" name="%1$s[greeting]" value="%2$s" class="large-text" maxlength="%3$d" aria-describedby="lumaleasing_greeting_help" />',
			esc_attr( Settings::OPTION_DISPLAY ),
			esc_attr( Settings::display()['greeting'] ),
			(int) Settings::GREETING_MAX
		);
		/* translators: %d: maximum number of characters. */
		echo '<p class="description" id="lumaleasing_greeting_help">' . esc_html( sprintf( __( 'The first message visitors see, up to %d characters.', 'lumaleasing' ), Settings::GREETING_MAX ) ) . '</p>';
	}

	/**
	 * Colour input.
	 */
	public static function render_color_field() {
		printf(
			'<input type="color" id="lumaleasing_color" name="%1$s[color]" value="%2$s" />',
			esc_attr( Settings::OPTION_DISPLAY ),
			esc_attr( Settings::display()['color'] )
		);
	}

	/**
	 * Position select.
	 */
	public static function render_position_field() {
		$current = Settings::display()['position'];
		printf( '<select id="lumaleasing_position" name="%s[position]">', esc_attr( Settings::OPTION_DISPLAY ) );
		$choices = array(
			'bottom-right' => __( 'Bottom right', 'lumaleasing' ),
			'bottom-left'  => __( 'Bottom left', 'lumaleasing' ),
		);
		foreach ( $choices as $value => $label ) {
			printf( '<option value="%s" %s>%s</option>', esc_attr( $value ), selected( $current, $value, false ), esc_html( $label ) );
		}
		echo '</select>';
	}
}
