// What the office reads about tours: one tour with its prospect, agent and history, and
// which tours still need their outcome (confirmed, ended more than 48 hours ago, unmarked).
import { withProperty } from "../adapters/db.ts";
import { HttpError } from "../adapters/http.ts";
import { OUTCOME_NEEDED_AFTER_MS, type TourDetailResponse } from "../contracts/tour-admin.ts";
import type { Deps } from "./deps.ts";
import { loadProperty } from "./property.ts";
import { assertTourId } from "./tour-admin.ts";
import { loadHistory } from "./tour-history.ts";

export function outcomeNeeded(status: string, endAt: Date, now: Date): boolean {
  return status === "confirmed" && endAt.getTime() < now.getTime() - OUTCOME_NEEDED_AFTER_MS;
}

export async function outcomeNeededCount(d: Deps, propertyId: string): Promise<number> {
  const before = new Date(d.clock.now().getTime() - OUTCOME_NEEDED_AFTER_MS);
  const [row] = await withProperty(propertyId, (tx) =>
    tx<{ n: number }[]>`select count(*)::int as n from public.tour_bookings where status = 'confirmed' and end_at < ${before}`, d.sql);
  return row.n;
}

export async function tourDetail(d: Deps, propertyId: string, bookingId: string): Promise<TourDetailResponse> {
  assertTourId(bookingId);
  const now = d.clock.now();
  const found = await withProperty(propertyId, async (tx) => {
    const [b] = await tx`select b.*, c.account_email, c.display_name
      from public.tour_bookings b left join public.agent_calendars c on c.id = b.agent_calendar_id where b.id = ${bookingId}`;
    if (!b) return null;
    return { b, property: await loadProperty(tx, propertyId), history: await loadHistory(tx, bookingId) };
  }, d.sql);
  if (!found) throw new HttpError(404, "not_found", "No such tour.");
  const { b, property, history } = found;
  return {
    success: true,
    timezone: property.timeZone,
    tour: {
      id: b.id,
      start: b.start_at.toISOString(),
      end: b.end_at.toISOString(),
      status: b.status,
      source: b.source,
      outcomeNeeded: outcomeNeeded(b.status, b.end_at, now),
      prospect: {
        firstName: b.first_name,
        lastName: b.last_name,
        email: b.email,
        phone: b.phone,
        language: b.language,
        answers: {
          moveInDate: b.move_in_date ? dateOnly(b.move_in_date) : null,
          bedrooms: b.bedrooms,
          pets: b.pets,
          specialRequests: b.special_requests,
        },
        smsConsent: { given: b.sms_consent, at: b.sms_consent_at?.toISOString() ?? null, text: b.sms_consent_text },
      },
      agent: b.agent_calendar_id ? { calendarId: b.agent_calendar_id, email: b.account_email, name: b.display_name ?? null } : null,
    },
    history,
  };
}

function dateOnly(v: Date | string): string {
  return typeof v === "string" ? v.slice(0, 10) : v.toISOString().slice(0, 10);
}
