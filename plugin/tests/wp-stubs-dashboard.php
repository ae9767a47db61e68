<?php
/**
 * Stand-ins for the WordPress functions the dashboard widget and the menu count use:
 * transients kept in memory (with their expiry in seconds), dashboard widgets recorded,
 * capabilities granted one by one.
 *
 * @package LumaLeasing
 */

// phpcs:disable

final class WP_Test_Office {
	/** @var array name => [value, ttl] */
	public static $transients = array();
	/** @var array[] id, title, callback */
	public static $dashboard_widgets = array();
	/** @var string[] Capabilities the current user has besides manage_options. */
	public static $caps = array();

	public static function reset() {
		self::$transients        = array();
		self::$dashboard_widgets = array();
		self::$caps              = array();
	}
}

if ( ! function_exists( 'get_transient' ) ) {
	function get_transient( $name ) {
		return isset( WP_Test_Office::$transients[ $name ] ) ? WP_Test_Office::$transients[ $name ][0] : false;
	}
}

if ( ! function_exists( 'set_transient' ) ) {
	function set_transient( $name, $value, $expiration = 0 ) {
		WP_Test_Office::$transients[ $name ] = array( $value, $expiration );
		return true;
	}
}

if ( ! function_exists( 'delete_transient' ) ) {
	function delete_transient( $name ) {
		unset( WP_Test_Office::$transients[ $name ] );
		return true;
	}
}

if ( ! function_exists( 'wp_add_dashboard_widget' ) ) {
	function wp_add_dashboard_widget( $id, $title, $callback ) {
		WP_Test_Office::$dashboard_widgets[] = compact( 'id', 'title', 'callback' );
	}
}

if ( ! function_exists( '_n' ) ) {
	function _n( $single, $plural, $number, $domain = 'default' ) {
		return 1 === (int) $number ? $single : $plural;
	}
}

if ( ! function_exists( 'number_format_i18n' ) ) {
	function number_format_i18n( $number, $decimals = 0 ) {
		return number_format( (float) $number, $decimals );
	}
}

if ( ! function_exists( 'esc_url' ) ) {
	function esc_url( $url ) {
		return htmlspecialchars( esc_url_raw( $url ), ENT_QUOTES, 'UTF-8' );
	}
}

if ( ! function_exists( 'wp_date' ) ) {
	/** Like WordPress: the timestamp in the zone given (the site's otherwise; UTC here). */
	function wp_date( $format, $timestamp = null, $timezone = null ) {
		$date = new DateTimeImmutable( '@' . ( null === $timestamp ? time() : (int) $timestamp ) );
		return $date->setTimezone( $timezone ? $timezone : new DateTimeZone( 'UTC' ) )->format( $format );
	}
}
