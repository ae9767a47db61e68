<?php
/**
 * Where a re-connect email's link lands: the settings page with
 * ?lumaleasing_reconnect=<calendar id>&login_hint=<account>. Showing it changes nothing; it
 * checks with the backend that the calendar belongs to this property and offers one button,
 * "Re-connect <account>", which posts (capability + nonce) to admin-post.php. That asks the
 * backend for a connect ticket naming the account and sends the browser to Google's consent
 * with the account pre-selected.
 *
 * @package LumaLeasing
 */

namespace LumaLeasing;

defined( 'ABSPATH' ) || exit;

/**
 * The re-connect link's notice and its action.
 */
final class Reconnect_Landing {

	const PARAM  = 'lumaleasing_reconnect';
	const ACTION = 'lumaleasing_reconnect';

	/**
	 * The calendar id a link names, or null.
	 *
	 * @param array $query Query arguments.
	 * @return string|null
	 */
	public static function target( array $query ) {
		$id = isset( $query[ self::PARAM ] ) && is_string( $query[ self::PARAM ] ) ? $query[ self::PARAM ] : '';
		return Rest::valid_calendar_id( $id ) ? $id : null;
	}

	/**
	 * The property's calendar with this id, or null when it is not one of this property's.
	 *
	 * @param array  $calendars Rest::shape_calendars() output.
	 * @param string $id        Calendar id.
	 * @return array|null
	 */
	public static function find_calendar( array $calendars, string $id ) {
		foreach ( $calendars as $calendar ) {
			if ( isset( $calendar['id'] ) && strtolower( (string) $calendar['id'] ) === strtolower( $id ) ) {
				return $calendar;
			}
		}
		return null;
	}

	/**
	 * The calendar the link names, as the backend reports this property's calendars.
	 *
	 * @param string $id Calendar id.
	 * @return array { calendar: array|null, error: string }
	 */
	private static function lookup( string $id ): array {
		$client = Backend_Client::from_settings();
		if ( null === $client ) {
			return array(
				'calendar' => null,
				'error'    => __( 'This site has no site key saved, so the calendar cannot be re-connected here.', 'lumaleasing' ),
			);
		}
		$result = $client->calendar_status();
		if ( ! $result['ok'] ) {
			return array(
				'calendar' => null,
				'error'    => Rest::backend_error( $result )->get_error_message(),
			);
		}
		$calendar = self::find_calendar( Rest::shape_calendars( $result['data'] ), $id );
		return array(
			'calendar' => $calendar,
			'error'    => null === $calendar ? __( 'This re-connect link names a calendar that is not connected to this property. Use Connect Google Calendar below instead.', 'lumaleasing' ) : '',
		);
	}

	/**
	 * On the settings page: the notice with the one button (reads only).
	 */
	public static function render_notice() {
		// Reading the link's parameter only shows a form; the form itself carries the nonce.
		$id = self::target( wp_unslash( $_GET ) ); // phpcs:ignore WordPress.Security.NonceVerification.Recommended
		if ( null === $id || ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$found = self::lookup( $id );
		if ( null === $found['calendar'] ) {
			printf( '<div class="notice notice-error" role="alert"><p>%s</p></div>', esc_html( $found['error'] ) );
			return;
		}
		$email = (string) $found['calendar']['accountEmail'];
		?>
		<div class="notice notice-warning lumaleasing-reconnect">
			<p>
				<?php
				/* translators: %s: Google account email. */
				echo esc_html( sprintf( __( 'The Google Calendar of %s needs re-connecting. Google will ask you to sign in to that account and allow access again.', 'lumaleasing' ), $email ) );
				?>
			</p>
			<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>">
				<input type="hidden" name="action" value="<?php echo esc_attr( self::ACTION ); ?>" />
				<input type="hidden" name="calendar" value="<?php echo esc_attr( $id ); ?>" />
				<?php wp_nonce_field( self::ACTION . '_' . $id ); ?>
				<p>
					<button type="submit" class="button button-primary">
						<?php
						/* translators: %s: Google account email. */
						echo esc_html( sprintf( __( 'Re-connect %s', 'lumaleasing' ), $email ) );
						?>
					</button>
				</p>
			</form>
		</div>
		<?php
	}

	/**
	 * admin_post_lumaleasing_reconnect: capability, nonce, the calendar is this property's;
	 * then a connect ticket naming its account, and off to Google.
	 */
	public static function handle_post() {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to do that.', 'lumaleasing' ), '', array( 'response' => 403 ) );
		}
		$id = isset( $_POST['calendar'] ) && is_string( $_POST['calendar'] ) ? sanitize_text_field( wp_unslash( $_POST['calendar'] ) ) : '';
		if ( ! Rest::valid_calendar_id( $id ) ) {
			wp_die( esc_html__( 'This re-connect request is not valid.', 'lumaleasing' ), '', array( 'response' => 400 ) );
		}
		check_admin_referer( self::ACTION . '_' . $id );
		$found = self::lookup( $id );
		if ( null === $found['calendar'] ) {
			self::back( 'calendar_not_found' );
		}
		$client = Backend_Client::from_settings();
		$user   = wp_get_current_user();
		$result = $client->connect_ticket( (int) $user->ID, (string) $user->user_email, Admin_Page::url(), (string) $found['calendar']['accountEmail'] );
		$url    = $result['ok'] ? Rest::safe_connect_url( $result['data'], $client->origin() ) : null;
		if ( null === $url ) {
			self::back( 'ticket_failed' );
		}
		// The backend's own origin, checked above: wp_safe_redirect would refuse another host.
		wp_redirect( $url ); // phpcs:ignore WordPress.Security.SafeRedirect.wp_redirect_wp_redirect
		exit;
	}

	/**
	 * Back to the settings page with the calendar result notice.
	 *
	 * @param string $reason Machine-readable reason.
	 */
	private static function back( string $reason ) {
		wp_safe_redirect(
			add_query_arg(
				array(
					Admin_Page::RESULT_PARAM => 'error',
					'reason'                 => $reason,
				),
				Admin_Page::url()
			)
		);
		exit;
	}
}
