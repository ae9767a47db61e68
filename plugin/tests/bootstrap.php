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
require __DIR__ . '/wp-stubs-dashboard.php';

// As lumaleasing.php defines it: the plugin's folder (its built assets included).
define( 'LUMALEASING_DIR', dirname( __DIR__ ) . '/lumaleasing' );

$lumaleasing_src = dirname( __DIR__ ) . '/lumaleasing/src';
require_once $lumaleasing_src . '/class-site-key.php';
require_once $lumaleasing_src . '/class-settings.php';
require_once $lumaleasing_src . '/class-site-pages.php';
require_once $lumaleasing_src . '/class-backend-client.php';
require_once $lumaleasing_src . '/class-tours-client.php';
require_once $lumaleasing_src . '/class-frontend.php';
require_once $lumaleasing_src . '/class-rest.php';
require_once $lumaleasing_src . '/class-rest-hubspot.php';
require_once $lumaleasing_src . '/class-rest-rules.php';
require_once $lumaleasing_src . '/class-rest-metrics.php';
require_once $lumaleasing_src . '/class-webhooks-rest.php';
require_once $lumaleasing_src . '/class-admin-page.php';
require_once $lumaleasing_src . '/class-tours-access.php';
require_once $lumaleasing_src . '/class-dashboard-widget.php';
require_once $lumaleasing_src . '/class-menu-count.php';
require_once $lumaleasing_src . '/class-portfolio-key.php';
require_once $lumaleasing_src . '/class-portfolio-client.php';
require_once $lumaleasing_src . '/class-rest-portfolio.php';
require_once $lumaleasing_src . '/class-portfolio-page.php';
require_once $lumaleasing_src . '/class-reconnect-landing.php';
require_once $lumaleasing_src . '/class-admin-insights.php';
require_once $lumaleasing_src . '/class-rest-tours.php';
require_once $lumaleasing_src . '/class-tours-page.php';
require_once __DIR__ . '/BackendProxyTestCase.php';
