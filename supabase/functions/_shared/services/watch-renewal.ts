// Keeping Google's push channel alive for every working calendar (events.watch, renewed a
// day before it expires; the old channel is stopped once the new one is stored), and an
// incremental sync of each, since pushes can be lost.
//
// Least recently seen to first, in slices: each batch claims the calendars whose channel
// was looked at longest ago (never first) and not since this round began, stamping
// watch_checked_at as it claims (FOR UPDATE SKIP LOCKED, so overlapping runs take different
// calendars); the run stops taking batches when its budget is spent and its successor
// carries on, so every calendar gets its turn whatever their number. Rounds are in the
// database's time (watch_checked_at says when a run saw to the calendar, not a business
// time), so they hold whatever the functions' clock says.
import { randomToken } from "../adapters/crypto.ts";
import { withJobs } from "../adapters/db.ts";
import { type GoogleChannel, GoogleError, stopWatchChannel, watchEvents } from "../adapters/google.ts";
import { type Budget, type BudgetedRun, DEFAULT_BATCH, mayStartBatch } from "../core/job-limits.ts";
import { inPool } from "../core/pool.ts";
import { type CalendarRef, type TokenService, withCalendarToken } from "./calendar-tokens.ts";
import type { Deps } from "./deps.ts";
import { GOOGLE_TIMEOUT_MS, syncCalendar } from "./google-sync.ts";
import { defaultJobBudget } from "./job-budget.ts";

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

export interface WatchOptions {
  propertyId?: string;
  /** When this round began, in the database's time: calendars seen to since are done (default: now). */
  since?: Date;
  /** Calendars claimed at a time (default 10). */
  batchSize?: number;
  /** Calendars in flight at once (default 4). */
  concurrency?: number;
  /** No new batch once spent (default: the jobs' default CPU and wall limits). */
  budget?: Budget;
}

export interface WatchRow {
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
export async function renewWatches(d: Deps, opts: WatchOptions = {}): Promise<WatchSummary> {
  return (await watchSlice(d, opts)).summary;
}

/** One invocation's calendars, within its budget; `more` when it ran out with calendars perhaps still not seen to this round. */
export async function watchSlice(d: Deps, opts: WatchOptions = {}): Promise<BudgetedRun<WatchSummary>> {
  const summary: WatchSummary = { calendars: 0, renewed: 0, stopped: 0, synced: 0, moved: 0, cancelled: 0, errors: 0 };
  const since = opts.since ?? await watchRoundStart(d);
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH["watch-renewal"]);
  const budget = opts.budget ?? defaultJobBudget();
  for (;;) {
    if (!mayStartBatch(summary.calendars, budget)) return { summary, more: true };
    const calendars = await claimSlice(d, since, batchSize, opts.propertyId);
    await inPool(calendars, opts.concurrency ?? 4, (cal) => seeTo(d, cal, summary));
    if (calendars.length < batchSize) return { summary, more: false };
  }
}

/** A round starts now, by the database's clock (the one that stamps watch_checked_at). */
export async function watchRoundStart(d: Deps): Promise<Date> {
  const [row] = await d.sql<{ now: Date }[]>`select now() as now`;
  return row.now;
}

/** The next calendars: least recently seen to first, not yet this round; stamped as claimed. */
async function claimSlice(d: Deps, since: Date, n: number, propertyId: string | undefined): Promise<WatchRow[]> {
  return await withJobs((tx) =>
    tx<WatchRow[]>`update public.agent_calendars c set watch_checked_at = now()
      where c.id in (
        select id from public.agent_calendars
        where disconnected_at is null and token_status in ('healthy', 'expiring')
          and (watch_checked_at is null or watch_checked_at < ${since})
          ${propertyId ? tx`and property_id = ${propertyId}` : tx``}
        order by watch_checked_at nulls first, id
        limit ${n}
        for update skip locked)
      returning c.id, c.property_id, c.calendar_id, c.watch_channel_id, c.watch_resource_id, c.watch_token, c.watch_expires_at`, d.sql);
}

async function seeTo(parent: Deps, cal: WatchRow, summary: WatchSummary): Promise<void> {
  summary.calendars++;
  const ref = { propertyId: cal.property_id, calendarId: cal.id };
  // Renewal and sync each ask for the calendar's token several times: read it once.
  const d: Deps = { ...parent, tokens: tokensReadOnce(parent.tokens) };
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

/**
 * The token service, with each calendar's access token read (and decrypted) once for the
 * few hundred milliseconds a calendar is being seen to; a refresh replaces it. A token
 * handed out has at least 5 minutes left (the service refreshes before that).
 */
function tokensReadOnce(tokens: TokenService): TokenService {
  const known = new Map<string, Promise<string>>();
  return {
    accessToken(ref, trigger) {
      let token = known.get(ref.calendarId);
      if (!token) {
        token = tokens.accessToken(ref, trigger);
        token.catch(() => known.delete(ref.calendarId));
        known.set(ref.calendarId, token);
      }
      return token;
    },
    refresh(ref, trigger, force) {
      const token = tokens.refresh(ref, trigger, force);
      known.set(ref.calendarId, token);
      token.catch(() => known.delete(ref.calendarId));
      return token;
    },
  };
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
