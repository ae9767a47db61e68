// Google → booking: an agent who moves or deletes a tour's event in Google Calendar
// moves or cancels the booking, and the prospect is told. Changes come from an
// incremental events.list with the calendar's sync token (410 → a full resync), run
// when Google pushes a notification and periodically (push delivery is not guaranteed).
// Only events that carry one of our booking ids matter; the rest only affect free/busy.
//
// Also here: keeping a push channel alive per calendar (events.watch, renewed a day
// before it expires; the old channel is stopped once the new one is stored).
import { z } from "zod";
import { randomToken } from "../adapters/crypto.ts";
import { type Tx, withJobs, withProperty } from "../adapters/db.ts";
import { type GoogleChannel, GoogleError, type GoogleEvent, listAllEvents, stopWatchChannel, watchEvents } from "../adapters/google.ts";
import { enqueue } from "../adapters/outbox-store.ts";
import { emitWebhookEvents, tourEvent } from "./webhook-events.ts";
import type { OutboxItem } from "../contracts/outbox.ts";
import { dropBusyCache } from "./busy-cache.ts";
import { type CalendarRef, CalendarUnavailableError, withCalendarToken } from "./calendar-tokens.ts";
import type { Deps } from "./deps.ts";

const GOOGLE_TIMEOUT_MS = 10_000;
/** Renew a channel that expires within this. */
export const WATCH_RENEW_BEFORE_MS = 24 * 60 * 60_000;
/** What we ask Google for (its default and usual maximum). */
export const WATCH_TTL_SECONDS = 7 * 24 * 60 * 60;

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
      await tx`update public.tour_bookings set status = 'cancelled', cancelled_at = ${now}, updated_at = ${now}
        where id = ${booking.id}`;
      await tx`update public.calendar_events set status = 'cancelled', etag = coalesce(${event.etag ?? null}, etag), synced_at = ${now}
        where booking_id = ${booking.id}`;
      await enqueue(tx, cal.property_id, prospectEffects(booking.id, "tour_cancelled", booking.start_at, sms), now);
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
    await enqueue(tx, cal.property_id, prospectEffects(booking.id, "tour_rescheduled", times.start, sms), now);
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

// ----------------------------------------------------------------------------- push channels

export interface WatchSummary {
  calendars: number;
  renewed: number;
  stopped: number;
  synced: number;
  moved: number;
  cancelled: number;
  errors: number;
}

interface WatchRow {
  id: string;
  property_id: string;
  calendar_id: string;
  watch_channel_id: string | null;
  watch_resource_id: string | null;
  watch_token: string | null;
  watch_expires_at: Date | null;
}

export function webhookAddress(functionsUrl: string): string {
  return `${functionsUrl}/lumaleasing/calendar/webhook`;
}

/** The hourly job: a live channel for every working calendar, and a sync of each. */
export async function renewWatches(d: Deps, opts: { propertyId?: string } = {}): Promise<WatchSummary> {
  const summary: WatchSummary = { calendars: 0, renewed: 0, stopped: 0, synced: 0, moved: 0, cancelled: 0, errors: 0 };
  const calendars = await withJobs((tx) =>
    tx<WatchRow[]>`select id, property_id, calendar_id, watch_channel_id, watch_resource_id, watch_token, watch_expires_at
      from public.agent_calendars
      where disconnected_at is null and token_status in ('healthy', 'expiring')
        ${opts.propertyId ? tx`and property_id = ${opts.propertyId}` : tx``}
      order by id`, d.sql);
  for (const cal of calendars) {
    summary.calendars++;
    const ref = { propertyId: cal.property_id, calendarId: cal.id };
    try {
      const renewal = await renewWatch(d, cal);
      if (renewal.renewed) summary.renewed++;
      if (renewal.stopped) summary.stopped++;
    } catch (err) {
      summary.errors++;
      console.error(`watch renewal ${cal.id} failed:`, err instanceof Error ? err.message : err);
    }
    try {
      const synced = await syncCalendar(d, ref);
      if (!synced.skipped) summary.synced++;
      summary.moved += synced.moved;
      summary.cancelled += synced.cancelled;
    } catch (err) {
      summary.errors++;
      console.error(`periodic sync ${cal.id} failed:`, err instanceof Error ? err.message : err);
    }
  }
  return summary;
}

function needsRenewal(cal: WatchRow, now: Date): boolean {
  return !cal.watch_channel_id || !cal.watch_expires_at || cal.watch_expires_at.getTime() - now.getTime() < WATCH_RENEW_BEFORE_MS;
}

/**
 * The new channel is recorded before Google is asked (its "sync" message may arrive before
 * the answer), guarded by the old channel id so two renewals cannot both win; the old
 * channel keeps working at Google until it is stopped, and the new one receives the same
 * changes meanwhile.
 */
export async function renewWatch(d: Deps, cal: WatchRow): Promise<{ renewed: boolean; stopped: boolean }> {
  const now = d.clock.now();
  if (!needsRenewal(cal, now)) return { renewed: false, stopped: false };
  const ref = { propertyId: cal.property_id, calendarId: cal.id };
  await d.tokens.accessToken(ref); // a calendar we cannot use fails here, before anything changes
  const channelId = crypto.randomUUID();
  const channelToken = randomToken(32);
  const [claimed] = await withJobs((tx) =>
    tx`update public.agent_calendars set watch_channel_id = ${channelId}, watch_token = ${channelToken},
        watch_resource_id = null, watch_expires_at = null
      where id = ${cal.id} and watch_channel_id is not distinct from ${cal.watch_channel_id}
        and watch_expires_at is not distinct from ${cal.watch_expires_at}
      returning id`, d.sql);
  if (!claimed) return { renewed: false, stopped: false }; // another renewal got there first

  let channel: GoogleChannel;
  try {
    channel = await withCalendarToken(d.tokens, ref, (token) =>
      watchEvents(d.google, {
        accessToken: token,
        calendarId: cal.calendar_id,
        channel: { id: channelId, address: webhookAddress(d.functionsUrl), token: channelToken, ttlSeconds: WATCH_TTL_SECONDS },
        timeoutMs: GOOGLE_TIMEOUT_MS,
      }));
  } catch (err) {
    // Put the old channel back, if nobody replaced ours meanwhile.
    await withJobs((tx) =>
      tx`update public.agent_calendars set watch_channel_id = ${cal.watch_channel_id}, watch_token = ${cal.watch_token},
          watch_resource_id = ${cal.watch_resource_id}, watch_expires_at = ${cal.watch_expires_at}
        where id = ${cal.id} and watch_channel_id = ${channelId}`, d.sql);
    throw err;
  }

  const expiresAt = new Date(channel.expiration ?? now.getTime() + WATCH_TTL_SECONDS * 1000);
  const [stored] = await withJobs((tx) =>
    tx`update public.agent_calendars set watch_resource_id = ${channel.resourceId}, watch_expires_at = ${expiresAt}
      where id = ${cal.id} and watch_channel_id = ${channelId} returning id`, d.sql);
  if (!stored) {
    // Replaced while we waited for Google (or disconnected): this channel is nobody's.
    await stopChannel(d, ref, channelId, channel.resourceId);
    return { renewed: false, stopped: true };
  }
  const stopped = cal.watch_channel_id ? await stopChannel(d, ref, cal.watch_channel_id, cal.watch_resource_id) : false;
  return { renewed: true, stopped };
}

/** Best effort: a channel Google no longer knows is as good as stopped. */
export async function stopChannel(d: Deps, ref: CalendarRef, id: string, resourceId: string | null): Promise<boolean> {
  if (!resourceId) return false;
  try {
    await withCalendarToken(d.tokens, ref, async (token) => {
      try {
        await stopWatchChannel(d.google, { accessToken: token, id, resourceId, timeoutMs: GOOGLE_TIMEOUT_MS });
      } catch (err) {
        if (!(err instanceof GoogleError) || err.status !== 404) throw err;
      }
    });
    return true;
  } catch (err) {
    console.error(`stopping channel ${id} failed:`, err instanceof Error ? err.message : err);
    return false;
  }
}
