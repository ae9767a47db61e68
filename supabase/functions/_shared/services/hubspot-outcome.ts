// The office marks a tour attended or missed: the booking's status changes and, in the
// same transaction, HubSpot's meeting outcome and the contact's lead status are queued.
import { withProperty } from "../adapters/db.ts";
import { HttpError } from "../adapters/http.ts";
import type { Deps } from "./deps.ts";
import { queueMeetingSync } from "./hubspot-effects.ts";

export type TourOutcome = "completed" | "no_show";

export async function recordTourOutcome(d: Deps, propertyId: string, bookingId: string, outcome: TourOutcome) {
  if (outcome !== "completed" && outcome !== "no_show") {
    throw new HttpError(422, "invalid_outcome", 'The outcome must be "completed" or "no_show".');
  }
  const now = d.clock.now();
  const updated = await withProperty(propertyId, async (tx) => {
    // A cancelled tour has no outcome; a marked one may be corrected.
    const [b] = await tx<{ id: string; status: string }[]>`update public.tour_bookings set status = ${outcome}, updated_at = ${now}
      where id = ${bookingId} and status in ('confirmed', 'completed', 'no_show') returning id, status`;
    if (!b) return null;
    await queueMeetingSync(tx, propertyId, b.id, outcome, now);
    return b;
  }, d.sql);
  if (!updated) throw new HttpError(404, "not_found", "No tour with this id can take an outcome here.");
  return updated;
}
