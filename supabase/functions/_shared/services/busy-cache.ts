// The free/busy cache every function instance shares: one row per property in
// public.freebusy_cache (see its migration). A request reads the row together with its
// other reads (`readBusyRow`, no extra round trip); when the stored answer does not serve,
// one instance refreshes it under a lease while the others wait for the row to land, and
// within an instance concurrent requests share one promise. Changes drop the answer by
// bumping the generation in their own transaction (`dropBusyCache`).
import type { Clock } from "../adapters/clock.ts";
import { type Sql, type Tx, withProperty } from "../adapters/db.ts";
import {
  answerServes,
  type BusyTimes,
  decodeBusy,
  encodeBusy,
  lastAnswerServes,
  type StoredAnswer,
  type StoredBusy,
  type Wanted,
} from "../core/busy-cache.ts";

/** How long Google's answer serves (the cache period). */
export const BUSY_TTL_MS = Number(Deno.env.get("LUMALEASING_FREEBUSY_TTL_MS") ?? 30_000);
/** How old an answer a booking may use while Google is down. */
export const STALE_OK_MS = 15 * 60_000;
/** A refresh holds the lease this long at most (Google's 2 s deadline, token refresh and some slack). */
const LEASE_MS = 3_000;
const POLL_MS = 40;
/** Asked for beyond the span needed, so an answer still covers it later in its period. */
const MARGIN_MS = 3_600_000;

export interface BusyRow {
  generation: number | bigint;
  answered_generation: number | bigint | null;
  calendar_set: string | null;
  time_min: Date | null;
  time_max: Date | null;
  fetched_at: Date | null;
  busy: StoredBusy | null;
  lease_id: string | null;
  refresh_started_at: Date | null;
  refreshing_until: Date | null;
  failed_at: Date | null;
  last_error: string | null;
  db_now: Date;
}

/** Google did not answer the refresh this request waited for (or made). */
export class BusyRefreshError extends Error {}

const COLUMNS = `generation, answered_generation, calendar_set, time_min, time_max, fetched_at, busy, lease_id,
  refresh_started_at, refreshing_until, failed_at, last_error, clock_timestamp() as db_now`;

/** The property's row, read inside the caller's property-scoped transaction. */
export async function readBusyRow(tx: Tx, propertyId: string): Promise<BusyRow | undefined> {
  const [row] = await tx<BusyRow[]>`select ${tx.unsafe(COLUMNS)} from public.freebusy_cache where property_id = ${propertyId}`;
  return row;
}

/**
 * The busy picture changed: every instance asks Google again. Call it in the transaction
 * that makes the change, so the drop commits with it.
 */
export async function dropBusyCache(tx: Tx, propertyId: string): Promise<void> {
  await tx`insert into public.freebusy_cache (property_id, generation) values (${propertyId}, 1)
    on conflict (property_id) do update set generation = freebusy_cache.generation + 1`;
}

export interface BusyDeps {
  sql: Sql;
  clock: Clock;
}

export interface BusyRequest {
  propertyId: string;
  calendarSet: string;
  /** The span the answer must cover (epoch ms). */
  from: number;
  to: number;
  /** The row as the request read it (undefined: none yet). */
  row: BusyRow | undefined;
  /** Asks Google for [timeMin, timeMax). */
  fetch(timeMin: Date, timeMax: Date): Promise<BusyTimes>;
}

function stored(row: BusyRow | undefined): StoredAnswer | undefined {
  if (!row) return undefined;
  return {
    generation: Number(row.generation),
    answeredGeneration: row.answered_generation === null ? null : Number(row.answered_generation),
    calendarSet: row.calendar_set,
    timeMin: row.time_min?.getTime() ?? null,
    timeMax: row.time_max?.getTime() ?? null,
    fetchedAt: row.fetched_at?.getTime() ?? null,
    busy: row.busy,
  };
}

// Concurrent requests of one instance share one refresh (or one wait). An instance has
// one connection pool, so the pool names the instance (tests run two in one process).
const flightsByPool = new WeakMap<Sql, Map<string, Promise<BusyTimes>>>();

/** Google's busy time for `req`, from the shared row when it serves, else refreshed once for all instances. */
export async function cachedBusy(d: BusyDeps, req: BusyRequest): Promise<BusyTimes> {
  const generation = Number(req.row?.generation ?? 0);
  const want: Wanted = {
    calendarSet: req.calendarSet,
    from: req.from,
    to: req.to,
    now: d.clock.now().getTime(),
    ttlMs: BUSY_TTL_MS,
    minGeneration: generation,
  };
  if (answerServes(stored(req.row), want)) return decodeBusy(req.row!.busy!);
  const flights = flightsByPool.get(d.sql) ?? new Map<string, Promise<BusyTimes>>();
  flightsByPool.set(d.sql, flights);
  const key = `${req.propertyId}|${req.calendarSet}|${generation}`;
  const running = flights.get(key);
  if (running) return await running;
  const flight: Promise<BusyTimes> = refreshOrWait(d, req, want).finally(() => {
    if (flights.get(key) === flight) flights.delete(key);
  });
  flights.set(key, flight);
  return await flight;
}

/** Google's last answer for these calendars if a booking may still use it (≤ 15 minutes old), else null. */
export async function lastBusy(d: BusyDeps, propertyId: string, calendarSet: string): Promise<BusyTimes | null> {
  const row = await withProperty(propertyId, (tx) => readBusyRow(tx, propertyId), d.sql);
  return lastAnswerServes(stored(row), calendarSet, d.clock.now().getTime(), STALE_OK_MS) ? decodeBusy(row!.busy!) : null;
}

async function refreshOrWait(d: BusyDeps, req: BusyRequest, want: Wanted): Promise<BusyTimes> {
  // Normally one round: we refresh, or we wait for the instance that does. Another round
  // only when a refresh ended without an answer for us (its lease ran out, or it answered
  // an older generation than ours).
  for (let round = 0; round < 3; round++) {
    const leaseId = crypto.randomUUID();
    const lease = await takeLease(d, req.propertyId, leaseId);
    if (lease.won) {
      if (answerServes(stored(lease.row), { ...want, now: d.clock.now().getTime() })) {
        // Landed between our read and the lease.
        await releaseLease(d, req.propertyId, leaseId);
        return decodeBusy(lease.row.busy!);
      }
      return await refresh(d, req, leaseId, Number(lease.row.generation));
    }
    const waited = await waitForAnswer(d, req, want, lease.row);
    if (waited.busy) return waited.busy;
    if (waited.failed !== undefined) throw new BusyRefreshError(waited.failed);
  }
  throw new BusyRefreshError("no free/busy answer came in time");
}

interface Lease {
  won: boolean;
  row: BusyRow;
}

/** Takes the refresh lease when nobody holds a live one; either way answers the row as it is now. */
async function takeLease(d: BusyDeps, propertyId: string, leaseId: string): Promise<Lease> {
  return await withProperty(propertyId, async (tx) => {
    const [won] = await tx<BusyRow[]>`insert into public.freebusy_cache (property_id, lease_id, refresh_started_at, refreshing_until)
      values (${propertyId}, ${leaseId}, clock_timestamp(), clock_timestamp() + ${LEASE_MS}::int * interval '1 millisecond')
      on conflict (property_id) do update set lease_id = excluded.lease_id,
        refresh_started_at = excluded.refresh_started_at, refreshing_until = excluded.refreshing_until
      where freebusy_cache.refreshing_until is null or freebusy_cache.refreshing_until <= clock_timestamp()
      returning ${tx.unsafe(COLUMNS)}`;
    if (won) return { won: true, row: won };
    return { won: false, row: (await readBusyRow(tx, propertyId))! };
  }, d.sql);
}

async function releaseLease(d: BusyDeps, propertyId: string, leaseId: string) {
  await withProperty(propertyId, (tx) =>
    tx`update public.freebusy_cache set lease_id = null, refresh_started_at = null, refreshing_until = null
      where property_id = ${propertyId} and lease_id = ${leaseId}`, d.sql);
}

/** Asks Google under our lease and stores the answer as of `generation` (read before asking, so a change meanwhile is not lost). */
async function refresh(d: BusyDeps, req: BusyRequest, leaseId: string, generation: number): Promise<BusyTimes> {
  const fetchedAt = d.clock.now();
  const timeMin = new Date(req.from - MARGIN_MS);
  const timeMax = new Date(req.to + MARGIN_MS);
  let busy: BusyTimes;
  try {
    busy = await req.fetch(timeMin, timeMax);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    await withProperty(req.propertyId, (tx) =>
      tx`update public.freebusy_cache set failed_at = clock_timestamp(), last_error = ${reason.slice(0, 500)},
          lease_id = null, refresh_started_at = null, refreshing_until = null
        where property_id = ${req.propertyId} and lease_id = ${leaseId}`, d.sql)
      .catch((e) => console.error("free/busy cache: could not record the failed refresh:", e));
    throw new BusyRefreshError(reason);
  }
  // The answer is good for this request even if it cannot be stored; the lease then runs out.
  await withProperty(req.propertyId, async (tx) => {
    await tx`update public.freebusy_cache set calendar_set = ${req.calendarSet}, time_min = ${timeMin}, time_max = ${timeMax},
        busy = ${tx.json(encodeBusy(busy) as never)}, answered_generation = ${generation}, fetched_at = ${fetchedAt},
        failed_at = null, last_error = null
      where property_id = ${req.propertyId} and (answered_generation is null or answered_generation <= ${generation})`;
    await tx`update public.freebusy_cache set lease_id = null, refresh_started_at = null, refreshing_until = null,
        failed_at = null, last_error = null
      where property_id = ${req.propertyId} and lease_id = ${leaseId}`;
  }, d.sql).catch((e) => console.error("free/busy cache: could not store the answer:", e));
  return busy;
}

interface Waited {
  busy?: BusyTimes;
  /** The refresh we waited for failed, with its reason. */
  failed?: string;
}

/**
 * Polls the row while another instance holds a live lease: its answer (or a later one)
 * ends the wait; its failure fails this request too, at once; a lease that ends without
 * either sends us back to take it.
 */
async function waitForAnswer(d: BusyDeps, req: BusyRequest, want: Wanted, first: BusyRow): Promise<Waited> {
  let row = first;
  // The refresh we wait for: the live lease's, or (if it ended just before this read) one
  // that started at most a lease ago — an older failure is not ours to report.
  let waitedFor = row.refresh_started_at?.getTime() ?? row.db_now.getTime() - LEASE_MS;
  const giveUpAt = Date.now() + 2 * LEASE_MS; // wall time: a safety net should a clock misbehave
  for (;;) {
    if (answerServes(stored(row), { ...want, now: d.clock.now().getTime() })) return { busy: decodeBusy(row.busy!) };
    const live = row.lease_id !== null && row.refreshing_until !== null && row.refreshing_until > row.db_now;
    if (!live) {
      if (row.failed_at && row.failed_at.getTime() >= waitedFor) return { failed: row.last_error ?? "free/busy refresh failed" };
      return {};
    }
    waitedFor = row.refresh_started_at?.getTime() ?? waitedFor;
    if (Date.now() > giveUpAt) return {};
    await new Promise((r) => setTimeout(r, POLL_MS));
    row = (await withProperty(req.propertyId, (tx) => readBusyRow(tx, req.propertyId), d.sql))!;
  }
}
