<?php
/**
 * Loads the plugin's classes with small stand-ins for the few WordPress functions they use,
 * so the logic can be tested without WordPress or a database.
 *
 * @package LumaLeasing
 */

error_reporting( E_ALL );

define( 'ABSPATH', __DIR__ . '/' );

require __DIR__ . '/wp-stubs.php';

$lumaleasing_src = dirname( __DIR__ ) . '/lumaleasing/src';
require_once $lumaleasing_src . '/class-site-key.php';
require_once $lumaleasing_src . '/class-settings.php';
require_once $lumaleasing_src . '/class-site-pages.php';
require_once $lumaleasing_src . '/class-backend-client.php';
require_once $lumaleasing_src . '/class-frontend.php';
require_once $lumaleasing_src . '/class-rest.php';
require_once $lumaleasing_src . '/class-rest-hubspot.php';
require_once $lumaleasing_src . '/class-rest-rules.php';
require_once $lumaleasing_src . '/class-webhooks-rest.php';
require_once $lumaleasing_src . '/class-admin-page.php';
require_once $lumaleasing_src . '/class-rest-tours.php';
require_once $lumaleasing_src . '/class-tours-page.php';
