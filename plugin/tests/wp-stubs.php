<?php
/**
 * Minimal WordPress stand-ins: same contracts as the real functions for the inputs the
 * plugin passes, with options and settings errors kept in memory for assertions.
 *
 * @package LumaLeasing
 */

// phpcs:disable

/** Test state: options (name => [value, autoload]), settings errors, capability. */
final class WP_Test_State {
	public static $options = array();
	public static $settings_errors = array();
	public static $can_manage = false;
	/** @var object[] Posts by id (post_type, post_status, post_name). */
	public static $posts = array();
	/** @var string[] Capabilities the current user has besides manage_options. */
	public static $caps = array();
	/** @var array<string,WP_Role> Roles by name. */
	public static $roles = array();
	/** @var array[] Actions fired: [ hook, args ]. */
	public static $actions = array();
	/** @var object The current user. */
	public static $user = null;

	public static function reset() {
		self::$options         = array();
		self::$settings_errors = array();
		self::$can_manage      = false;
		self::$posts           = array();
		self::$caps            = array();
		self::$actions         = array();
		self::$user            = (object) array( 'ID' => 0, 'display_name' => '', 'user_login' => '' );
		self::$roles           = array();
		foreach ( array( 'administrator', 'editor', 'author', 'subscriber' ) as $name ) {
			self::$roles[ $name ] = new WP_Role( $name );
		}
	}
}

class WP_Role {
	public $name;
	public $capabilities = array();
	public function __construct( $name ) {
		$this->name = $name;
	}
	public function has_cap( $cap ) {
		return ! empty( $this->capabilities[ $cap ] );
	}
	public function add_cap( $cap, $grant = true ) {
		$this->capabilities[ $cap ] = $grant;
	}
	public function remove_cap( $cap ) {
		unset( $this->capabilities[ $cap ] );
	}
}

class WP_REST_Response {
	public $data;
	public $status = 200;
	public function __construct( $data = null, $status = 200 ) {
		$this->data   = $data;
		$this->status = $status;
	}
	public function set_status( $status ) {
		$this->status = $status;
	}
	public function get_status() {
		return $this->status;
	}
	public function get_data() {
		return $this->data;
	}
}

function rest_ensure_response( $data ) {
	return $data instanceof WP_REST_Response ? $data : new WP_REST_Response( $data );
}

function get_role( $name ) {
	return isset( WP_Test_State::$roles[ $name ] ) ? WP_Test_State::$roles[ $name ] : null;
}

function wp_roles() {
	return (object) array( 'roles' => array_fill_keys( array_keys( WP_Test_State::$roles ), array() ) );
}

function wp_get_current_user() {
	return WP_Test_State::$user;
}

function do_action( $hook, ...$args ) {
	WP_Test_State::$actions[] = array( $hook, $args );
}

class WP_Error {
	public $code;
	public $message;
	public $data;
	public function __construct( $code = '', $message = '', $data = '' ) {
		$this->code    = $code;
		$this->message = $message;
		$this->data    = $data;
	}
	public function get_error_message() {
		return $this->message;
	}
}

function is_wp_error( $thing ) {
	return $thing instanceof WP_Error;
}

function __( $text, $domain = 'default' ) {
	return $text;
}

function esc_html__( $text, $domain = 'default' ) {
	return esc_html( $text );
}

function esc_html( $text ) {
	return htmlspecialchars( (string) $text, ENT_QUOTES, 'UTF-8' );
}

function esc_attr( $text ) {
	return htmlspecialchars( (string) $text, ENT_QUOTES, 'UTF-8' );
}

function sanitize_hex_color( $color ) {
	if ( '' === $color ) {
		return '';
	}
	if ( preg_match( '|^#([A-Fa-f0-9]{3}){1,2}$|', $color ) ) {
		return $color;
	}
	return null;
}

/** Like WordPress: strips tags, line breaks, tabs and runs of spaces, then trims. */
function sanitize_text_field( $str ) {
	$str = (string) $str;
	if ( false !== strpos( $str, '<' ) ) {
		$str = preg_replace( '@<(script|style)[^>]*?>.*?</\\1>@si', '', $str );
		$str = strip_tags( $str );
	}
	$str = preg_replace( '/[\r\n\t ]+/', ' ', $str );
	return trim( $str );
}

function sanitize_key( $key ) {
	return preg_replace( '/[^a-z0-9_\-]/', '', strtolower( (string) $key ) );
}

function esc_url_raw( $url, $protocols = null ) {
	$scheme = strtolower( (string) parse_url( (string) $url, PHP_URL_SCHEME ) );
	$protocols = $protocols ? $protocols : array( 'http', 'https' );
	return in_array( $scheme, $protocols, true ) ? (string) $url : '';
}

function absint( $value ) {
	return abs( (int) $value );
}

function wp_unslash( $value ) {
	return is_array( $value ) ? array_map( 'wp_unslash', $value ) : stripslashes( (string) $value );
}

function wp_json_encode( $data ) {
	return json_encode( $data );
}

function get_option( $name, $default = false ) {
	return array_key_exists( $name, WP_Test_State::$options ) ? WP_Test_State::$options[ $name ]['value'] : $default;
}

function update_option( $name, $value, $autoload = null ) {
	$previous = isset( WP_Test_State::$options[ $name ] ) ? WP_Test_State::$options[ $name ]['autoload'] : true;
	WP_Test_State::$options[ $name ] = array(
		'value'    => $value,
		'autoload' => null === $autoload ? $previous : ( 'no' !== $autoload && false !== $autoload ),
	);
	return true;
}

function add_option( $name, $value = '', $deprecated = '', $autoload = 'yes' ) {
	if ( array_key_exists( $name, WP_Test_State::$options ) ) {
		return false;
	}
	return update_option( $name, $value, $autoload );
}

function delete_option( $name ) {
	unset( WP_Test_State::$options[ $name ] );
	return true;
}

function add_settings_error( $setting, $code, $message, $type = 'error' ) {
	WP_Test_State::$settings_errors[] = compact( 'setting', 'code', 'message', 'type' );
}

function current_user_can( $capability ) {
	return ( 'manage_options' === $capability && WP_Test_State::$can_manage )
		|| in_array( $capability, WP_Test_State::$caps, true )
		|| ( class_exists( 'WP_Test_Office' ) && in_array( $capability, WP_Test_Office::$caps, true ) );
}

function is_multisite() {
	return false;
}

function get_post( $id ) {
	return isset( WP_Test_State::$posts[ (int) $id ] ) ? WP_Test_State::$posts[ (int) $id ] : null;
}

function wp_insert_post( $data, $wp_error = false ) {
	$id = 100 + count( WP_Test_State::$posts );
	WP_Test_State::$posts[ $id ] = (object) array_merge(
		array( 'ID' => $id, 'post_status' => 'draft', 'post_name' => 'manage-your-tour' ),
		$data
	);
	return $id;
}

function get_permalink( $id ) {
	$post = get_post( $id );
	return $post ? 'https://site.example/' . $post->post_name . '/' : false;
}

function admin_url( $path = '' ) {
	return 'https://site.example/wp-admin/' . ltrim( $path, '/' );
}

function is_admin() {
	return false;
}
