// Changing a confirmed tour (cancel or reschedule), whoever asks — the prospect through
// the manage link or the office: the change, what the prospect and the calendar must
// hear about it, HubSpot, the webhooks and the history, in one transaction, under the
// property's booking lock. A change applies only to the tour as its caller saw it
// (still confirmed, still at the same time), so two changes racing each other never
// both win: the second finds the tour changed and answers 409.
import { type Tx, withProperty } from "../adapters/db.ts";
import { HttpError } from "../adapters/http.ts";
import { enqueue } from "../adapters/outbox-store.ts";
import { bookingEffects } from "./booking.ts";
import { lockPropertyBookings, retryOnContention } from "./booking-lock.ts";
import { dropBusyCache } from "./busy-cache.ts";
import type { Deps } from "./deps.ts";
import { queueMeetingSync } from "./hubspot-effects.ts";
import { type HistoryRecord, recordHistory } from "./tour-history.ts";
import { emitWebhookEvents, tourEvent } from "./webhook-events.ts";

export interface ChangedBooking {
  id: string;
  property_id: string;
  agent_calendar_id: string | null;
  start_at: Date;
  end_at: Date;
  status: "confirmed" | "cancelled" | "completed" | "no_show";
  sms_consent: boolean;
  phone: string | null;
  language: string | null;
}

export const CHANGED_RETURNING = "id, property_id, agent_calendar_id, start_at, end_at, status, sms_consent, phone, language";

export interface TourChange {
  template: "tour_cancelled" | "tour_rescheduled";
  changedBy: "prospect" | "office";
  /** The update; `undefined` when the tour is no longer as the caller saw it. */
  apply: (tx: Tx, now: Date) => Promise<ChangedBooking | undefined>;
  history: (b: ChangedBooking) => HistoryRecord;
}

/** The change applied, null when the tour had changed meanwhile, or "contended" when Postgres kept aborting it. */
export async function changeTour(d: Deps, propertyId: string, change: TourChange): Promise<ChangedBooking | null | "contended"> {
  const now = d.clock.now();
  return await retryOnContention<ChangedBooking | null | "contended">(() => withProperty(propertyId, async (tx) => {
    // Decided after the bookings and moves already under way for this property, never against them.
    await lockPropertyBookings(tx, propertyId);
    const b = await change.apply(tx, now);
    if (!b) return null;
    const { template } = change;
    await enqueue(tx, propertyId, bookingEffects(b.id, b.start_at, {
      hasAgent: Boolean(b.agent_calendar_id),
      sms: b.sms_consent && Boolean(b.phone),
      template,
    }), now);
    const what = template === "tour_cancelled" ? "cancelled" : `moved:${b.start_at.getTime()}`;
    await queueMeetingSync(tx, propertyId, b.id, what, now);
    await emitWebhookEvents(tx, propertyId, now, [
      tourEvent(template === "tour_cancelled" ? "tour.cancelled" : "tour.rescheduled", b.id, { changedBy: change.changedBy }),
    ]);
    await recordHistory(tx, propertyId, b.id, now, change.history(b));
    await dropBusyCache(tx, propertyId);
    return b;
  }, d.sql), () => "contended" as const);
}

/** Why a change found nothing to change: the tour was cancelled, has passed, or was changed a moment ago. */
export async function unchangedReason(d: Deps, propertyId: string, bookingId: string): Promise<HttpError> {
  const [row] = await withProperty(propertyId, (tx) =>
    tx<{ status: string; start_at: Date }[]>`select status, start_at from public.tour_bookings where id = ${bookingId}`, d.sql);
  if (!row) return new HttpError(404, "not_found", "No such tour.");
  if (row.status === "cancelled") return new HttpError(409, "already_cancelled", "This tour was already cancelled.");
  if (row.status !== "confirmed" || row.start_at.getTime() <= d.clock.now().getTime()) {
    return new HttpError(410, "tour_past", "This tour has already taken place.");
  }
  return new HttpError(409, "tour_changed", "This tour was changed a moment ago. Reload it and try again.");
}
