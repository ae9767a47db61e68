// What the prospect's email and SMS steps share: whether a message about the booking
// should still go out, and the input its text is rendered from (the booking as it is
// now, the property, the manage link).
import { manageToken, manageUrl } from "../core/manage-link.ts";
import {
  type ProspectMessageInput,
  type ProspectTemplate,
  reminderKindOf,
  startInDedupeKey,
} from "../core/outbox-messages.ts";
import {
  type BookingRow,
  bookingFacts,
  bookingFor,
  type OutboxRow,
  propertyFacts,
  type PropertyRow,
  propertyFor,
  type Run,
} from "./outbox-run.ts";

export interface ProspectPayload {
  bookingId: string;
  template: ProspectTemplate;
}

/** Why a message about this booking should not go out (any more), or null. */
export function staleReason(
  template: ProspectTemplate,
  booking: Pick<BookingRow, "status" | "start_at" | "reminder_24h_sent_at" | "reminder_1h_sent_at">,
  dedupeKey: string,
  now: Date,
  property?: Pick<PropertyRow, "follow_up_email" | "apply_url">,
): string | null {
  if (template === "tour_follow_up") {
    // Marked attended when queued; a correction to no-show, or the follow-up turned off, stops it.
    if (booking.status !== "completed") return `the booking is ${booking.status}`;
    if (property && (!property.follow_up_email || !property.apply_url)) return "the property turned the follow-up email off";
    return null;
  }
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

/** The message's booking and rendering input, or why it should not go out. */
export async function prepareProspectMessage(
  run: Run,
  row: OutboxRow,
  channel: "email" | "sms",
  payload: ProspectPayload,
): Promise<{ skipped: string } | { booking: BookingRow; input: ProspectMessageInput }> {
  const booking = bookingFor(run, row, payload.bookingId);
  const property = propertyFor(run, row);
  const stale = staleReason(payload.template, booking, row.dedupe_key, run.d.clock.now(), property);
  if (stale) return { skipped: stale };
  if (channel === "sms" && (!booking.sms_consent || !booking.phone)) return { skipped: "no SMS consent or no phone" };

  const token = await manageToken(booking.id, run.d.stateSecret);
  return {
    booking,
    input: {
      booking: bookingFacts(booking),
      property: propertyFacts(property),
      manageUrl: manageUrl(property.site_url, token, run.d.functionsUrl),
      fallbackOrganizerEmail: run.senders.fromAddress,
      queuedAt: row.created_at,
    },
  };
}
