// The prospect's emails and text messages from the outbox: confirmation, reminders, new
// time, cancellation — skipped when the booking changed after the message was queued.
import { DeliveryError } from "../adapters/delivery-error.ts";
import { manageToken, manageUrl } from "../core/manage-link.ts";
import { prospectEmail, prospectSms, type ProspectTemplate, reminderKindOf, startInDedupeKey } from "../core/outbox-messages.ts";
import { bookingFacts, bookingFor, type BookingRow, type EffectResult, type OutboxRow, propertyFacts, propertyFor, type Run } from "./outbox-run.ts";

/** Why a message about this booking should not go out (any more), or null. */
export function staleReason(
  template: ProspectTemplate,
  booking: Pick<BookingRow, "status" | "start_at" | "reminder_24h_sent_at" | "reminder_1h_sent_at">,
  dedupeKey: string,
  now: Date,
): string | null {
  if (template === "tour_cancelled") return booking.status === "cancelled" ? null : `the booking is ${booking.status}`;
  if (booking.status !== "confirmed") return `the booking is ${booking.status}`;
  const queuedFor = startInDedupeKey(dedupeKey);
  if (queuedFor !== null && queuedFor !== booking.start_at.getTime()) return "the tour moved after this was queued";
  const reminder = reminderKindOf(template);
  if (reminder) {
    if (now.getTime() >= booking.start_at.getTime()) return "the tour has already started";
    const claimed = reminder === "24h" ? booking.reminder_24h_sent_at : booking.reminder_1h_sent_at;
    if (!claimed) return "the reminder was reset when the tour moved";
  }
  return null;
}

export async function sendProspectMessage(
  run: Run,
  row: OutboxRow,
  channel: "email" | "sms",
  payload: { bookingId: string; template: ProspectTemplate },
): Promise<EffectResult> {
  const booking = bookingFor(run, row, payload.bookingId);
  const property = propertyFor(run, row);
  const now = run.d.clock.now();
  const stale = staleReason(payload.template, booking, row.dedupe_key, now);
  if (stale) return { skipped: stale };
  if (channel === "sms" && (!booking.sms_consent || !booking.phone)) return { skipped: "no SMS consent or no phone" };

  const token = await manageToken(booking.id, run.d.stateSecret);
  const input = {
    booking: bookingFacts(booking),
    property: propertyFacts(property),
    manageUrl: manageUrl(property.site_url, token, run.d.functionsUrl),
    fallbackOrganizerEmail: run.senders.fromAddress,
    queuedAt: row.created_at,
  };
  if (channel === "sms") {
    await run.senders.sms.send({ to: booking.phone!, body: prospectSms(payload.template, input) });
    return {};
  }
  const email = prospectEmail(payload.template, input);
  try {
    await run.senders.email.send({
      to: booking.email,
      subject: email.subject,
      html: email.html,
      text: email.text,
      attachments: email.attachments,
      idempotencyKey: row.dedupe_key,
    });
  } catch (err) {
    // The key was used with other content: an earlier attempt went out before the booking changed.
    if (err instanceof DeliveryError && err.reason === "invalid_idempotent_request") return { skipped: "already sent under this key" };
    throw err;
  }
  return {};
}
