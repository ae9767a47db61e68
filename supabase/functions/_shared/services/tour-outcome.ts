// The office marks a tour attended or missed. In one transaction the booking's status
// changes, HubSpot's meeting outcome and the contact's lead status are queued, the
// team's webhooks get tour.completed / tour.no_show (once per change of outcome), and —
// when the property has it on — an attended tour's prospect gets the follow-up email
// (once per tour, however often the outcome is posted).
import { type Tx, withProperty } from "../adapters/db.ts";
import { HttpError } from "../adapters/http.ts";
import { enqueue } from "../adapters/outbox-store.ts";
import type { Deps } from "./deps.ts";
import type { ActingUser } from "../contracts/tour-admin.ts";
import { recordHistory } from "./tour-history.ts";
import { queueMeetingSync } from "./hubspot-effects.ts";
import { emitWebhookEvents, tourEvent } from "./webhook-events.ts";

export type TourOutcome = "completed" | "no_show";

export async function recordTourOutcome(d: Deps, propertyId: string, bookingId: string, outcome: TourOutcome, by?: ActingUser) {
  if (outcome !== "completed" && outcome !== "no_show") {
    throw new HttpError(422, "invalid_outcome", 'The outcome must be "completed" or "no_show".');
  }
  const now = d.clock.now();
  const updated = await withProperty(propertyId, async (tx) => {
    // A cancelled tour has no outcome; a marked one may be corrected.
    const [before] = await tx<{ status: string }[]>`select status from public.tour_bookings
      where id = ${bookingId} and status in ('confirmed', 'completed', 'no_show') for update`;
    if (!before) return null;
    const [b] = await tx<{ id: string; status: string }[]>`update public.tour_bookings set status = ${outcome}, updated_at = ${now}
      where id = ${bookingId} returning id, status`;
    await queueMeetingSync(tx, propertyId, b.id, outcome, now);
    await recordHistory(tx, propertyId, b.id, now, { event: "outcome", actor: "office", by: by ?? null, details: { outcome, before: before.status } });
    if (before.status !== outcome) {
      await emitWebhookEvents(tx, propertyId, now, [tourEvent(outcome === "completed" ? "tour.completed" : "tour.no_show", b.id)]);
    }
    if (outcome === "completed") await queueFollowUp(tx, propertyId, b.id, now);
    return b;
  }, d.sql);
  if (!updated) throw new HttpError(404, "not_found", "No tour with this id can take an outcome here.");
  return updated;
}

/** The dedupe key of a tour's follow-up email: one per tour, ever. */
export const followUpDedupeKey = (bookingId: string) => `email:${bookingId}:tour_follow_up`;

/** Queues the follow-up email when the property sends one (and has somewhere to send the prospect). */
async function queueFollowUp(tx: Tx, propertyId: string, bookingId: string, now: Date) {
  const [p] = await tx<{ on: boolean }[]>`select follow_up_email and apply_url is not null as on
    from public.properties where id = ${propertyId}`;
  if (!p?.on) return;
  await enqueue(tx, propertyId, [{
    kind: "email",
    payload: { bookingId, template: "tour_follow_up" },
    dedupeKey: followUpDedupeKey(bookingId),
  }], now);
}
