<?php
/**
 * Installs and configures the local WordPress, idempotently. Run by wordpress.ts:
 *
 *   LUMALEASING_SETUP='{"www":…,"url":…,"adminPassword":…,…}' php setup.php install|configure
 *
 * "install" creates the tables and the admin user when the site is not installed yet;
 * "configure" (a separate process, so the plugin loads as on any request) activates the
 * plugin and the theme, sets passwords, the site key, the demo page and pretty permalinks.
 * The last line printed is JSON describing the result.
 *
 * @package LumaLeasing
 */

if ( 'cli' !== PHP_SAPI ) {
	exit( 1 );
}

$lumaleasing_phase = isset( $argv[1] ) ? $argv[1] : '';
$lumaleasing_in    = json_decode( (string) getenv( 'LUMALEASING_SETUP' ), true );
if ( ! in_array( $lumaleasing_phase, array( 'install', 'configure' ), true ) || ! is_array( $lumaleasing_in ) ) {
	fwrite( STDERR, "usage: LUMALEASING_SETUP='{…}' php setup.php install|configure\n" );
	exit( 2 );
}

/**
 * Prints the result and stops.
 *
 * @param array $result What to report.
 * @param int   $code   Exit code.
 */
function lumaleasing_finish( array $result, int $code = 0 ) {
	echo "\n" . json_encode( $result, JSON_UNESCAPED_SLASHES ) . "\n";
	exit( $code );
}

// What a web request would have; WordPress reads these while loading.
$lumaleasing_url                = parse_url( $lumaleasing_in['url'] );
$_SERVER['HTTP_HOST']          = $lumaleasing_url['host'] . ( isset( $lumaleasing_url['port'] ) ? ':' . $lumaleasing_url['port'] : '' );
$_SERVER['SERVER_NAME']        = $lumaleasing_url['host'];
$_SERVER['SERVER_PORT']        = isset( $lumaleasing_url['port'] ) ? (string) $lumaleasing_url['port'] : '80';
$_SERVER['REQUEST_URI']        = '/';
$_SERVER['REQUEST_METHOD']     = 'GET';
$_SERVER['SERVER_PROTOCOL']    = 'HTTP/1.1';
$_SERVER['REMOTE_ADDR']        = '127.0.0.1';
$_SERVER['HTTP_USER_AGENT']    = 'lumaleasing-setup';

if ( 'install' === $lumaleasing_phase ) {
	define( 'WP_INSTALLING', true );
	require $lumaleasing_in['www'] . '/wp-load.php';

	/** No "your new site" email: there is nobody to read it. */
	function wp_new_blog_notification() {
	}

	require_once ABSPATH . 'wp-admin/includes/upgrade.php';
	if ( is_blog_installed() ) {
		lumaleasing_finish( array( 'installed' => false ) );
	}
	$lumaleasing_result = wp_install(
		'Luma Heights',
		$lumaleasing_in['adminUser'],
		$lumaleasing_in['adminEmail'],
		false,
		'',
		wp_slash( $lumaleasing_in['adminPassword'] )
	);
	lumaleasing_finish(
		array(
			'installed' => true,
			'userId'    => $lumaleasing_result['user_id'],
		)
	);
}

// configure.
require $lumaleasing_in['www'] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once ABSPATH . 'wp-admin/includes/user.php';

$lumaleasing_report = array( 'changed' => array() );

// Users: the admin (password kept in step with the state dir) and a subscriber for tests.
$lumaleasing_users = array(
	array( $lumaleasing_in['adminUser'], $lumaleasing_in['adminPassword'], 'administrator', $lumaleasing_in['adminEmail'] ),
	array( $lumaleasing_in['subscriberUser'], $lumaleasing_in['subscriberPassword'], 'subscriber', 'subscriber@example.test' ),
);
foreach ( $lumaleasing_users as $lumaleasing_user_spec ) {
	list( $lumaleasing_login, $lumaleasing_password, $lumaleasing_role, $lumaleasing_email ) = $lumaleasing_user_spec;
	$lumaleasing_user = get_user_by( 'login', $lumaleasing_login );
	if ( ! $lumaleasing_user ) {
		$lumaleasing_id = wp_insert_user(
			array(
				'user_login' => $lumaleasing_login,
				'user_pass'  => $lumaleasing_password,
				'user_email' => $lumaleasing_email,
				'role'       => $lumaleasing_role,
			)
		);
		if ( is_wp_error( $lumaleasing_id ) ) {
			lumaleasing_finish( array( 'error' => 'user ' . $lumaleasing_login . ': ' . $lumaleasing_id->get_error_message() ), 1 );
		}
		$lumaleasing_report['changed'][] = 'user ' . $lumaleasing_login;
	} elseif ( ! wp_check_password( $lumaleasing_password, $lumaleasing_user->user_pass, $lumaleasing_user->ID ) ) {
		wp_set_password( $lumaleasing_password, $lumaleasing_user->ID );
		$lumaleasing_report['changed'][] = 'password ' . $lumaleasing_login;
	}
}

// The block theme Debian ships.
if ( 'twentytwentythree' !== get_stylesheet() && wp_get_theme( 'twentytwentythree' )->exists() ) {
	switch_theme( 'twentytwentythree' );
	$lumaleasing_report['changed'][] = 'theme';
}

// The plugin.
$lumaleasing_plugin = 'lumaleasing/lumaleasing.php';
if ( ! is_plugin_active( $lumaleasing_plugin ) ) {
	$lumaleasing_activated = activate_plugin( $lumaleasing_plugin );
	if ( is_wp_error( $lumaleasing_activated ) ) {
		lumaleasing_finish( array( 'error' => 'activating the plugin: ' . $lumaleasing_activated->get_error_message() ), 1 );
	}
	$lumaleasing_report['changed'][] = 'plugin';
}

// The site key, when one was given: stored as the settings page would, after asking the
// backend about the property if it is up (it may start later; the key is stored anyway).
if ( ! empty( $lumaleasing_in['siteKey'] ) ) {
	try {
		$lumaleasing_key = \LumaLeasing\Site_Key::parse( $lumaleasing_in['siteKey'] );
	} catch ( \LumaLeasing\Site_Key_Error $lumaleasing_error ) {
		lumaleasing_finish( array( 'error' => 'the site key is not valid: ' . $lumaleasing_error->reason() ), 1 );
	}
	$lumaleasing_known = \LumaLeasing\Settings::connection();
	$lumaleasing_same  = $lumaleasing_known['widget_key'] === $lumaleasing_key->widget_key
		&& $lumaleasing_known['backend_url'] === $lumaleasing_key->url
		&& \LumaLeasing\Settings::secret() === $lumaleasing_key->secret
		&& $lumaleasing_known['verified_at'] > 0;
	if ( ! $lumaleasing_same ) {
		$lumaleasing_client   = new \LumaLeasing\Backend_Client( $lumaleasing_key->url, $lumaleasing_key->property, $lumaleasing_key->secret );
		$lumaleasing_verified = $lumaleasing_client->verify();
		$lumaleasing_property = $lumaleasing_verified['ok'] && isset( $lumaleasing_verified['data']['property'] ) && is_array( $lumaleasing_verified['data']['property'] )
			? $lumaleasing_verified['data']['property']
			: array();
		\LumaLeasing\Settings::save_site_key( $lumaleasing_key, $lumaleasing_property );
		$lumaleasing_report['changed'][] = 'site key';
		$lumaleasing_report['siteKeyVerified'] = ! empty( $lumaleasing_property );
	}
}

// The demo page with the shortcode.
$lumaleasing_page = get_page_by_path( 'schedule-a-tour' );
if ( ! $lumaleasing_page ) {
	$lumaleasing_page_id = wp_insert_post(
		array(
			'post_type'    => 'page',
			'post_status'  => 'publish',
			'post_title'   => 'Schedule a tour',
			'post_name'    => 'schedule-a-tour',
			'post_content' => "<!-- wp:paragraph -->\n<p>Pick a time that suits you and one of our leasing team will show you around Luma Heights.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:shortcode -->\n[lumaleasing]\n<!-- /wp:shortcode -->",
		),
		true
	);
	if ( is_wp_error( $lumaleasing_page_id ) ) {
		lumaleasing_finish( array( 'error' => 'creating the page: ' . $lumaleasing_page_id->get_error_message() ), 1 );
	}
	$lumaleasing_page                = get_post( $lumaleasing_page_id );
	$lumaleasing_report['changed'][] = 'page';
}

// Pretty permalinks (the router sends unknown paths to index.php, as Apache's rules would).
if ( '/%postname%/' !== get_option( 'permalink_structure' ) ) {
	global $wp_rewrite;
	$wp_rewrite->set_permalink_structure( '/%postname%/' );
	$lumaleasing_report['changed'][] = 'permalinks';
}
if ( ! empty( $lumaleasing_report['changed'] ) ) {
	flush_rewrite_rules( false );
}

$lumaleasing_report['pageUrl'] = get_permalink( $lumaleasing_page );
lumaleasing_finish( $lumaleasing_report );
