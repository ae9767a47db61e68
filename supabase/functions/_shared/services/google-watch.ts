// Keeping a push channel alive per calendar (events.watch, renewed a day before it
// expires; the old channel is stopped once the new one is stored), and the hourly job
// that does it and also syncs each calendar (pushes can be lost).
import type { calendar_v3 } from "@googleapis/calendar";
import { randomToken } from "../adapters/crypto.ts";
import { withJobs } from "../adapters/db.ts";
import { calendarApi, toGoogleError } from "../adapters/google.ts";
import { type CalendarRef, withCalendarToken } from "./calendar-tokens.ts";
import type { Deps } from "./deps.ts";
import { GOOGLE_TIMEOUT_MS, syncCalendar } from "./google-sync.ts";

/** Renew a channel that expires within this. */
export const WATCH_RENEW_BEFORE_MS = 24 * 60 * 60_000;
/** What we ask Google for (its default and usual maximum). */
export const WATCH_TTL_SECONDS = 7 * 24 * 60 * 60;

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

  let channel: calendar_v3.Schema$Channel;
  try {
    channel = await withCalendarToken(d.tokens, ref, async (token) => {
      try {
        const res = await calendarApi(d.google, token).events.watch({
          calendarId: cal.calendar_id,
          requestBody: {
            id: channelId,
            type: "web_hook",
            address: webhookAddress(d.functionsUrl),
            token: channelToken,
            params: { ttl: String(WATCH_TTL_SECONDS) },
          },
        }, { timeout: GOOGLE_TIMEOUT_MS, retry: false });
        return res.data;
      } catch (err) {
        throw toGoogleError(err);
      }
    });
  } catch (err) {
    // Put the old channel back, if nobody replaced ours meanwhile.
    await withJobs((tx) =>
      tx`update public.agent_calendars set watch_channel_id = ${cal.watch_channel_id}, watch_token = ${cal.watch_token},
          watch_resource_id = ${cal.watch_resource_id}, watch_expires_at = ${cal.watch_expires_at}
        where id = ${cal.id} and watch_channel_id = ${channelId}`, d.sql);
    throw err;
  }

  const expiresAt = new Date(Number(channel.expiration) || now.getTime() + WATCH_TTL_SECONDS * 1000);
  const [stored] = await withJobs((tx) =>
    tx`update public.agent_calendars set watch_resource_id = ${channel.resourceId ?? null}, watch_expires_at = ${expiresAt}
      where id = ${cal.id} and watch_channel_id = ${channelId} returning id`, d.sql);
  if (!stored) {
    // Replaced while we waited for Google (or disconnected): this channel is nobody's.
    await stopChannel(d, ref, channelId, channel.resourceId ?? null);
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
        await calendarApi(d.google, token).channels.stop({ requestBody: { id, resourceId } }, { timeout: GOOGLE_TIMEOUT_MS, retry: false });
      } catch (err) {
        const e = toGoogleError(err);
        if (e.status !== 404) throw e;
      }
    });
    return true;
  } catch (err) {
    console.error(`stopping channel ${id} failed:`, err instanceof Error ? err.message : err);
    return false;
  }
}
