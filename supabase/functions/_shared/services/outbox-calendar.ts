// The Google Calendar steps: create or move the tour's event in the agent's calendar (a
// client-chosen event id, so a retried create never makes a second event), and cancel it.
import { withJobs } from "../adapters/db.ts";
import { cancelTourEvent, eventIdForBooking, upsertTourEvent } from "../adapters/google.ts";
import { startInDedupeKey, tourEventDescription, tourEventSummary } from "../core/outbox-messages.ts";
import { dropBusyCache } from "./busy-cache.ts";
import { withCalendarToken } from "./calendar-tokens.ts";
import {
  bookingFacts,
  type EffectResult,
  type OutboxRow,
  PermanentError,
  propertyFor,
  reloadBooking,
  type Run,
} from "./outbox-run.ts";

export interface CalendarRow {
  id: string;
  property_id: string;
  calendar_id: string;
  token_status: string;
  disconnected_at: Date | null;
  display_name: string | null;
  account_email: string;
  last_alert_at: Date | null;
}

export async function loadCalendar(run: Run, id: string): Promise<CalendarRow | undefined> {
  const [cal] = await withJobs((tx) =>
    tx<CalendarRow[]>`select id, property_id, calendar_id, token_status, disconnected_at, display_name, account_email, last_alert_at
      from public.agent_calendars where id = ${id}`, run.d.sql);
  return cal;
}

export async function writeTourEvent(run: Run, row: OutboxRow, bookingId: string): Promise<EffectResult> {
  const booking = await reloadBooking(run, row, bookingId);
  const property = propertyFor(run, row);
  if (booking.status !== "confirmed") return { skipped: `the booking is ${booking.status}` };
  if (!booking.agent_calendar_id) return { skipped: "the booking has no agent calendar" };
  const queuedFor = startInDedupeKey(row.dedupe_key);
  if (queuedFor !== null && queuedFor !== booking.start_at.getTime()) return { skipped: "superseded by a later move" };
  const cal = await loadCalendar(run, booking.agent_calendar_id);
  if (!cal || cal.disconnected_at) throw new PermanentError("the agent's calendar is disconnected");

  const [previous] = await withJobs((tx) =>
    tx<{ agent_calendar_id: string; google_event_id: string }[]>`select agent_calendar_id, google_event_id
      from public.calendar_events where booking_id = ${booking.id}`, run.d.sql);
  if (previous && previous.agent_calendar_id !== cal.id) {
    // The tour moved to another agent: take it out of the first agent's calendar.
    await cancelInCalendar(run, row.property_id, previous.agent_calendar_id, previous.google_event_id).catch((err) =>
      console.error(`outbox ${row.id}: could not remove the old event:`, err)
    );
  }

  const facts = bookingFacts(booking);
  const ref = { propertyId: row.property_id, calendarId: cal.id };
  const event = await withCalendarToken(run.d.tokens, ref, (token) =>
    upsertTourEvent(run.d.google, token, cal.calendar_id, {
      id: eventIdForBooking(booking.id),
      summary: tourEventSummary(property.name),
      description: tourEventDescription(facts),
      location: property.address ?? undefined,
      start: booking.start_at,
      end: booking.end_at,
      timeZone: property.time_zone,
      attendee: { email: booking.email, displayName: `${booking.first_name} ${booking.last_name}`.trim() },
      bookingId: booking.id,
    }));
  const now = run.d.clock.now();
  await withJobs(async (tx) => {
    await tx`insert into public.calendar_events (property_id, booking_id, agent_calendar_id, google_event_id, html_link, etag, status, synced_at)
      values (${row.property_id}, ${booking.id}, ${cal.id}, ${event.id}, ${event.htmlLink ?? null}, ${event.etag ?? null}, 'confirmed', ${now})
      on conflict (booking_id) do update set agent_calendar_id = excluded.agent_calendar_id,
        google_event_id = excluded.google_event_id, html_link = excluded.html_link, etag = excluded.etag,
        status = 'confirmed', synced_at = excluded.synced_at`;
    await dropBusyCache(tx, row.property_id); // Google's free/busy now shows the tour
  }, run.d.sql);
  return {};
}

async function cancelInCalendar(run: Run, propertyId: string, calendarRowId: string, eventId: string): Promise<boolean> {
  const cal = await loadCalendar(run, calendarRowId);
  if (!cal || cal.disconnected_at) return false;
  await withCalendarToken(run.d.tokens, { propertyId, calendarId: cal.id }, (token) =>
    cancelTourEvent(run.d.google, token, cal.calendar_id, eventId));
  return true;
}

export async function removeTourEvent(run: Run, row: OutboxRow, bookingId: string): Promise<EffectResult> {
  const booking = await reloadBooking(run, row, bookingId);
  if (booking.status === "confirmed") return { skipped: "the booking is confirmed" };
  const [known] = await withJobs((tx) =>
    tx<{ agent_calendar_id: string; google_event_id: string }[]>`select agent_calendar_id, google_event_id
      from public.calendar_events where booking_id = ${booking.id}`, run.d.sql);
  const calendarRowId = known?.agent_calendar_id ?? booking.agent_calendar_id;
  if (!calendarRowId) return { skipped: "the booking has no agent calendar" };
  const removed = await cancelInCalendar(run, row.property_id, calendarRowId, known?.google_event_id ?? eventIdForBooking(booking.id));
  if (!removed) return { skipped: "the agent's calendar is disconnected" };
  const now = run.d.clock.now();
  await withJobs(async (tx) => {
    await tx`update public.calendar_events set status = 'cancelled', synced_at = ${now} where booking_id = ${booking.id}`;
    await dropBusyCache(tx, row.property_id); // the tour's time is free at Google again
  }, run.d.sql);
  return {};
}
