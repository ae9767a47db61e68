// Google → booking: an agent who moves or deletes a tour's event in Google Calendar
// moves or cancels the booking, and the prospect is told. Changes come from an
// incremental events.list with the calendar's sync token (410 → a full resync), run
// when Google pushes a notification and periodically (push delivery is not guaranteed).
// Only events that carry one of our booking ids matter; the rest only affect free/busy.
// Keeping a push channel alive per calendar is watch-renewal.ts.
import { z } from "zod";
import { type Tx, withProperty } from "../adapters/db.ts";
import { GoogleError, type GoogleEvent, listAllEvents } from "../adapters/google.ts";
import { enqueue } from "../adapters/outbox-store.ts";
import { queueMeetingSync } from "./hubspot-effects.ts";
import { recordHistory } from "./tour-history.ts";
import { emitWebhookEvents, tourEvent } from "./webhook-events.ts";
import type { OutboxItem } from "../contracts/outbox.ts";
import { lockPropertyBookings } from "./booking-lock.ts";
import { dropBusyCache } from "./busy-cache.ts";
import { type CalendarRef, CalendarUnavailableError, withCalendarToken } from "./calendar-tokens.ts";
import type { Deps } from "./deps.ts";

export const GOOGLE_TIMEOUT_MS = 10_000;

export type ChangeOutcome = "moved" | "cancelled" | "unchanged" | "ignored";

export interface SyncResult {
  calendarId: string;
  fullSync: boolean;
  changes: number;
  moved: number;
  cancelled: number;
  skipped?: string;
}

interface SyncCalendarRow {
  id: string;
  property_id: string;
  calendar_id: string;
  sync_token: string | null;
  token_status: string;
  disconnected_at: Date | null;
}

// ----------------------------------------------------------------------------- listing changes

async function listChanges(
  d: Deps,
  ref: CalendarRef,
  googleCalendarId: string,
  syncToken: string | null,
): Promise<{ items: GoogleEvent[]; nextSyncToken: string | null }> {
  return await withCalendarToken(d.tokens, ref, async (token) => {
    const { items, nextSyncToken } = await listAllEvents(d.google, {
      accessToken: token,
      calendarId: googleCalendarId,
      params: { syncToken: syncToken ?? undefined, showDeleted: true, maxResults: 2500 },
      timeoutMs: GOOGLE_TIMEOUT_MS,
    });
    return { items, nextSyncToken };
  });
}

/** One incremental sync of one calendar; a stale sync token (410) means a full resync. */
export async function syncCalendar(d: Deps, ref: CalendarRef): Promise<SyncResult> {
  const result: SyncResult = { calendarId: ref.calendarId, fullSync: false, changes: 0, moved: 0, cancelled: 0 };
  const [cal] = await withProperty(ref.propertyId, (tx) =>
    tx<SyncCalendarRow[]>`select id, property_id, calendar_id, sync_token, token_status, disconnected_at
      from public.agent_calendars where id = ${ref.calendarId}`, d.sql);
  if (!cal || cal.disconnected_at) return { ...result, skipped: "disconnected" };
  if (cal.token_status !== "healthy" && cal.token_status !== "expiring") return { ...result, skipped: cal.token_status };

  let listed;
  try {
    listed = await listChanges(d, ref, cal.calendar_id, cal.sync_token);
    result.fullSync = !cal.sync_token;
  } catch (err) {
    if (!(err instanceof GoogleError) || err.status !== 410) throw err;
    await withProperty(ref.propertyId, (tx) =>
      tx`update public.agent_calendars set sync_token = null where id = ${cal.id}`, d.sql);
    listed = await listChanges(d, ref, cal.calendar_id, null);
    result.fullSync = true;
  }

  for (const event of listed.items) {
    const outcome = await applyChange(d, cal, event);
    if (outcome === "ignored") continue;
    result.changes++;
    if (outcome === "moved") result.moved++;
    if (outcome === "cancelled") result.cancelled++;
  }
  if (listed.nextSyncToken || listed.items.length) {
    await withProperty(ref.propertyId, async (tx) => {
      if (listed.nextSyncToken) {
        await tx`update public.agent_calendars set sync_token = ${listed.nextSyncToken} where id = ${cal.id} and disconnected_at is null`;
      }
      // Any event that changed (ours or the agent's own) may change free/busy.
      if (listed.items.length) await dropBusyCache(tx, ref.propertyId);
    }, d.sql);
  }
  return result;
}

// ----------------------------------------------------------------------------- applying one change

const uuid = z.string().uuid();

/** The inverse of eventIdForBooking ("ll" + the uuid's 32 hex digits). */
export function bookingIdFromEventId(eventId: string | null | undefined): string | null {
  const m = /^ll([0-9a-f]{32})$/.exec(eventId ?? "");
  if (!m) return null;
  const h = m[1];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

interface BookingForSync {
  id: string;
  status: string;
  start_at: Date;
  end_at: Date;
  sms_consent: boolean;
  phone: string | null;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
}

function eventTimes(event: GoogleEvent): { start: Date; end: Date } | null {
  const start = event.start?.dateTime ? new Date(event.start.dateTime) : null;
  const end = event.end?.dateTime ? new Date(event.end.dateTime) : null;
  if (!start || !end || Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end <= start) return null;
  return { start, end };
}

function prospectEffects(
  bookingId: string,
  template: "tour_rescheduled" | "tour_cancelled",
  start: Date,
  sms: boolean,
): OutboxItem[] {
  // The same keys the booking routes use, so a change is announced once whoever saw it first.
  const v = start.getTime();
  const items: OutboxItem[] = [{ kind: "email", payload: { bookingId, template }, dedupeKey: `email:${bookingId}:${template}:${v}` }];
  if (sms) items.push({ kind: "sms", payload: { bookingId, template }, dedupeKey: `sms:${bookingId}:${template}:${v}` });
  return items;
}

async function applyChange(d: Deps, cal: SyncCalendarRow, event: GoogleEvent): Promise<ChangeOutcome> {
  // Our events carry the booking id; a deleted one is reported by id only, and we chose
  // that id (eventIdForBooking). Anything else is the agent's own: no database work.
  const claimed = event.extendedProperties?.private?.bookingId;
  const bookingId = claimed && uuid.safeParse(claimed).success ? claimed : bookingIdFromEventId(event.id);
  if (!bookingId) return "ignored";
  return await withProperty(cal.property_id, async (tx) => {
    // Before the booking's row lock, in the same order as the booking routes take them.
    await lockPropertyBookings(tx, cal.property_id);
    const [booking] = await tx<BookingForSync[]>`select b.id, b.status, b.start_at, b.end_at, b.sms_consent, b.phone,
        p.buffer_before_minutes, p.buffer_after_minutes
      from public.tour_bookings b join public.properties p on p.id = b.property_id
      where b.id = ${bookingId} and b.agent_calendar_id = ${cal.id}
      for update of b`;
    if (!booking) return "ignored";
    // Our own write for this booking is still queued: it is newer than what Google shows.
    const [pending] = await tx`select 1 from public.outbox where status = 'pending'
      and kind in ('google_event_upsert', 'google_event_cancel') and payload ->> 'bookingId' = ${booking.id} limit 1`;
    if (pending) return "ignored";
    const now = d.clock.now();
    const sms = booking.sms_consent && Boolean(booking.phone);

    if (event.status === "cancelled") {
      if (booking.status !== "confirmed" || booking.start_at <= now) return "ignored";
      await tx`update public.tour_bookings set status = 'cancelled', cancelled_at = ${now}, cancelled_by = 'calendar',
        updated_at = ${now} where id = ${booking.id}`;
      await recordHistory(tx, cal.property_id, booking.id, now, { event: "cancelled", actor: "calendar", details: { calendarId: cal.id } });
      await tx`update public.calendar_events set status = 'cancelled', etag = coalesce(${event.etag ?? null}, etag), synced_at = ${now}
        where booking_id = ${booking.id}`;
      await enqueue(tx, cal.property_id, prospectEffects(booking.id, "tour_cancelled", booking.start_at, sms), now);
      await queueMeetingSync(tx, cal.property_id, booking.id, "cancelled", now);
      await emitWebhookEvents(tx, cal.property_id, now, [tourEvent("tour.cancelled", booking.id, { changedBy: "calendar" })]);
      await dropBusyCache(tx, cal.property_id);
      return "cancelled";
    }

    const times = eventTimes(event);
    if (!times || booking.status !== "confirmed") return "ignored";
    if (times.start.getTime() === booking.start_at.getTime() && times.end.getTime() === booking.end_at.getTime()) {
      await tx`update public.calendar_events set etag = coalesce(${event.etag ?? null}, etag), synced_at = ${now}
        where booking_id = ${booking.id}`;
      return "unchanged";
    }
    if (times.start <= now) return "ignored"; // moved into the past: a record of what happened, not a new time
    const moved = await moveBooking(tx, booking, times);
    if (!moved) {
      console.error(`google sync: booking ${booking.id} cannot follow its event to ${times.start.toISOString()} (overlaps another tour)`);
      return "ignored";
    }
    await tx`update public.calendar_events set etag = coalesce(${event.etag ?? null}, etag), status = 'confirmed', synced_at = ${now}
      where booking_id = ${booking.id}`;
    await tx`update public.tour_bookings set updated_at = ${now} where id = ${booking.id}`;
    await recordHistory(tx, cal.property_id, booking.id, now, {
      event: "rescheduled",
      actor: "calendar",
      details: { from: booking.start_at.toISOString(), to: times.start.toISOString(), calendarId: cal.id },
    });
    await enqueue(tx, cal.property_id, prospectEffects(booking.id, "tour_rescheduled", times.start, sms), now);
    await queueMeetingSync(tx, cal.property_id, booking.id, `moved:${times.start.getTime()}`, now);
    await emitWebhookEvents(tx, cal.property_id, now, [tourEvent("tour.rescheduled", booking.id, { changedBy: "calendar" })]);
    await dropBusyCache(tx, cal.property_id);
    return "moved";
  }, d.sql);
}

/**
 * Moves the booking to the event's time. The agent decided it, so when the property's
 * buffers would overlap another tour we keep just the tour itself; a real overlap of
 * two tours is refused by the exclusion constraint and the booking stays.
 */
async function moveBooking(tx: Tx, b: BookingForSync, times: { start: Date; end: Date }): Promise<boolean> {
  const withBuffers: [Date, Date] = [
    new Date(times.start.getTime() - b.buffer_before_minutes * 60_000),
    new Date(times.end.getTime() + b.buffer_after_minutes * 60_000),
  ];
  for (const [from, to] of [withBuffers, [times.start, times.end] as [Date, Date]]) {
    try {
      await tx.savepoint((sp) =>
        sp`update public.tour_bookings set previous_start_at = start_at, start_at = ${times.start}, end_at = ${times.end},
            blocked_range = tstzrange(${from}, ${to}), reminder_24h_sent_at = null, reminder_1h_sent_at = null
          where id = ${b.id}`);
      return true;
    } catch (err) {
      if ((err as { code?: string }).code !== "23P01") throw err;
    }
  }
  return false;
}

// ----------------------------------------------------------------------------- coalescing

interface Running {
  again: boolean;
  done: Promise<void>;
}
const running = new Map<string, Running>();

/**
 * Syncs a calendar soon. Notifications come in bursts; while a sync of this calendar
 * runs in this process, later requests fold into one more run after it.
 */
export function requestSync(d: Deps, ref: CalendarRef): Promise<void> {
  const current = running.get(ref.calendarId);
  if (current) {
    current.again = true;
    return current.done;
  }
  const entry: Running = { again: false, done: Promise.resolve() };
  entry.done = (async () => {
    try {
      do {
        entry.again = false;
        try {
          await syncCalendar(d, ref);
        } catch (err) {
          if (!(err instanceof CalendarUnavailableError)) console.error(`google sync ${ref.calendarId} failed:`, err);
        }
      } while (entry.again);
    } finally {
      running.delete(ref.calendarId);
    }
  })();
  running.set(ref.calendarId, entry);
  return entry.done;
}
