<?php
/**
 * Router for PHP's built-in server: existing files are served as they are (PHP files are
 * run), everything else goes to WordPress' index.php — what Apache's rewrite rules do, so
 * pretty permalinks and /wp-json/ work.
 *
 * @package LumaLeasing
 */

$lumaleasing_root = rtrim( $_SERVER['DOCUMENT_ROOT'], '/' );
$lumaleasing_path = rawurldecode( (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) );

if ( '/' !== $lumaleasing_path && false === strpos( $lumaleasing_path, '..' ) ) {
	$lumaleasing_file = $lumaleasing_root . $lumaleasing_path;
	if ( is_file( $lumaleasing_file ) ) {
		return false;
	}
	if ( is_dir( $lumaleasing_file ) && is_file( rtrim( $lumaleasing_file, '/' ) . '/index.php' ) ) {
		return false;
	}
}

$_SERVER['SCRIPT_NAME']     = '/index.php';
$_SERVER['PHP_SELF']        = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $lumaleasing_root . '/index.php';
chdir( $lumaleasing_root );
require $lumaleasing_root . '/index.php';
