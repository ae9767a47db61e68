// The calendar health check (every 6 h): for each connected calendar, refresh a token
// that is close to expiry, prove the connection with one cheap Calendar call, record the
// status (healthy / expiring / expired / revoked) and when it was checked, and queue a
// re-connect email for the property manager — at most one per calendar per 24 h (the
// dispatcher enforces it with agent_calendars.last_alert_at, whoever queued the alert).
// Every refresh attempt is audited by the token service (calendar_token_refreshes).
//
// Least recently checked first, in slices: each batch claims the calendars checked longest
// ago (never checked first) that were not checked since this round began — stamping them
// as it claims, FOR UPDATE SKIP LOCKED, so overlapping runs take different calendars — and
// the run stops taking batches when its budget is spent; its successor carries on. Every
// calendar gets its turn whatever their number. A run that dies mid-slice leaves those
// calendars stamped: they are checked next round, their status unchanged meanwhile.
import { type Tx, withJobs } from "../adapters/db.ts";
import { calendarTimeZone, GoogleError } from "../adapters/google.ts";
import { enqueue } from "../adapters/outbox-store.ts";
import { type Budget, type BudgetedRun, DEFAULT_BATCH, mayStartBatch } from "../core/job-limits.ts";
import { inPool } from "../core/pool.ts";
import { CalendarUnavailableError, statusForRefreshToken, type TokenStatus } from "./calendar-tokens.ts";
import type { Deps } from "./deps.ts";
import { defaultJobBudget } from "./job-budget.ts";

/** Refresh ahead of time when the access token has less than this left. */
export const HEALTH_REFRESH_MARGIN_MS = 15 * 60_000;
export const ALERT_INTERVAL_MS = 24 * 60 * 60_000;

export interface HealthSummary {
  checked: number;
  refreshed: number;
  healthy: number;
  expiring: number;
  expired: number;
  revoked: number;
  alerted: number;
  /** Calendars we could not check this time (Google or network trouble); status unchanged. */
  errors: number;
}

export interface HealthOptions {
  propertyId?: string;
  /** When this round began: calendars checked since are done (default: now). */
  since?: Date;
  /** Calendars claimed at a time (default 20). */
  batchSize?: number;
  /** Checks in flight at once (default 4). */
  concurrency?: number;
  /** No new batch once spent (default: the jobs' default CPU and wall limits). */
  budget?: Budget;
}

interface CalendarRow {
  id: string;
  property_id: string;
  token_status: TokenStatus;
  access_token_expires_at: Date | null;
  refresh_token_expires_at: Date | null;
  last_alert_at: Date | null;
}

export async function checkCalendarHealth(d: Deps, opts: HealthOptions = {}): Promise<HealthSummary> {
  return (await healthSlice(d, opts)).summary;
}

/** One invocation's checks, within its budget; `more` when it ran out with calendars perhaps still unchecked this round. */
export async function healthSlice(d: Deps, opts: HealthOptions = {}): Promise<BudgetedRun<HealthSummary>> {
  const summary: HealthSummary = { checked: 0, refreshed: 0, healthy: 0, expiring: 0, expired: 0, revoked: 0, alerted: 0, errors: 0 };
  const since = opts.since ?? d.clock.now();
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH["calendar-health"]);
  const budget = opts.budget ?? defaultJobBudget();
  for (;;) {
    if (!mayStartBatch(summary.checked, budget)) return { summary, more: true };
    const calendars = await claimSlice(d, since, batchSize, opts.propertyId);
    await inPool(calendars, opts.concurrency ?? 4, async (cal) => {
      const result = await checkOne(d, cal);
      summary.checked++;
      if (result.refreshed) summary.refreshed++;
      if (result.error) summary.errors++;
      if (result.status !== "disconnected") summary[result.status]++;
      if (result.alerted) summary.alerted++;
    });
    if (calendars.length < batchSize) return { summary, more: false };
  }
}

/**
 * The next calendars to check: least recently checked first, not yet this round; stamped as
 * claimed. A sweep over every property skips rows another run holds; a check asked for one
 * property waits for them instead (a calendar just connected may still be opening its push
 * channel, and skipping it would leave a dead grant unnoticed).
 */
async function claimSlice(d: Deps, since: Date, n: number, propertyId: string | undefined): Promise<CalendarRow[]> {
  const now = d.clock.now();
  return await withJobs((tx) =>
    tx<CalendarRow[]>`update public.agent_calendars c set last_health_check_at = ${now}
      where c.id in (
        select id from public.agent_calendars
        where disconnected_at is null and (last_health_check_at is null or last_health_check_at < ${since})
          ${propertyId ? tx`and property_id = ${propertyId}` : tx``}
        order by last_health_check_at nulls first, id
        limit ${n}
        ${propertyId ? tx`for update` : tx`for update skip locked`})
      returning c.id, c.property_id, c.token_status, c.access_token_expires_at, c.refresh_token_expires_at, c.last_alert_at`, d.sql);
}

interface CheckResult {
  status: TokenStatus;
  refreshed: boolean;
  alerted: boolean;
  error?: string;
}

async function checkOne(d: Deps, cal: CalendarRow): Promise<CheckResult> {
  const ref = { propertyId: cal.property_id, calendarId: cal.id };
  const started = d.clock.now();
  let refreshed = false;
  let error: string | undefined;

  if (cal.token_status === "healthy" || cal.token_status === "expiring") {
    try {
      const nearExpiry = !cal.access_token_expires_at ||
        cal.access_token_expires_at.getTime() - started.getTime() < HEALTH_REFRESH_MARGIN_MS;
      let token = nearExpiry ? await d.tokens.refresh(ref, "health_check", true) : await d.tokens.accessToken(ref, "health_check");
      refreshed = nearExpiry;
      try {
        await calendarTimeZone(d.google, token);
      } catch (err) {
        if (!(err instanceof GoogleError) || !err.unauthorized) throw err;
        // Revoked early, or our clock and Google's disagree: one forced refresh decides.
        token = await d.tokens.refresh(ref, "health_check", true);
        refreshed = true;
        await calendarTimeZone(d.google, token);
      }
    } catch (err) {
      // invalid_grant: the token service has already marked the calendar and queued an alert.
      if (err instanceof GoogleError && err.invalidGrant) refreshed = false;
      else if (err instanceof CalendarUnavailableError) refreshed = false;
      else {
        error = err instanceof Error ? err.message : String(err);
        console.error(`calendar health ${cal.id}:`, error);
      }
    }
  }

  return await withJobs(async (tx) => {
    const now = d.clock.now();
    const [row] = await tx<CalendarRow[]>`select id, property_id, token_status, access_token_expires_at, refresh_token_expires_at,
        last_alert_at from public.agent_calendars where id = ${cal.id} for update`;
    if (!row) return { status: "disconnected" as TokenStatus, refreshed, alerted: false, error };
    let status = row.token_status;
    // A working grant whose refresh token is known to die soon is "expiring".
    if (!error && (status === "healthy" || status === "expiring")) status = statusForRefreshToken(row.refresh_token_expires_at, now);
    await tx`update public.agent_calendars set token_status = ${status}, last_health_check_at = ${now} where id = ${cal.id}`;
    const alerted = status !== "healthy" && status !== "disconnected" && await queueAlert(tx, row, status, started, now);
    return { status, refreshed, alerted, error };
  }, d.sql);
}

/** Queues a re-connect alert unless the manager heard within 24 h or one is already queued. */
async function queueAlert(tx: Tx, cal: CalendarRow, status: TokenStatus, runStarted: Date, now: Date): Promise<boolean> {
  if (cal.last_alert_at && now.getTime() - cal.last_alert_at.getTime() < ALERT_INTERVAL_MS) return false;
  const [queued] = await tx<{ fresh: boolean }[]>`select bool_or(next_attempt_at >= ${runStarted}) as fresh from public.outbox
    where status = 'pending' and kind = 'manager_alert' and payload ->> 'calendarId' = ${cal.id}
    having count(*) > 0`;
  // Already queued: by this run's failed refresh (count it), or by an earlier run (not again).
  if (queued) return queued.fresh;
  const day = Math.floor(now.getTime() / ALERT_INTERVAL_MS);
  await enqueue(tx, cal.property_id, [{
    kind: "manager_alert",
    payload: { type: "calendar_reconnect", calendarId: cal.id },
    dedupeKey: `calendar-alert:${cal.id}:${status}:health:${day}`,
  }], now);
  return true;
}
