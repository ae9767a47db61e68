// Availability: the property's rules, its agents' Google busy time (one free/busy call
// for all calendars, cached for every instance in Postgres) and the live bookings,
// through the slot engine.
import type { Clock } from "../adapters/clock.ts";
import { type Sql, withProperty } from "../adapters/db.ts";
import type { GoogleConfig } from "../adapters/google.ts";
import { type BusyTimes, calendarSetKey } from "../core/busy-cache.ts";
import { bookingWindow, computeSlots, type DaySlots, localDateOf } from "../core/slots.ts";
import { type BusyRow, cachedBusy, lastBusy, readBusyRow } from "./busy-cache.ts";
import type { TokenService } from "./calendar-tokens.ts";
import { fetchBusy } from "./freebusy-fetch.ts";
import { recordedGoogleCall } from "./metrics-record.ts";
import { loadProperty, type Property } from "./property.ts";

export interface AgentCalendar {
  id: string;
  accountEmail: string;
  calendarId: string;
  tokenStatus: string;
  lastBookedAt: Date | null;
}

export interface Schedule {
  property: Property;
  source: "google" | "manual";
  days: DaySlots[];
  agents: AgentCalendar[];
}

/** The asked-for dates start after the last bookable date. */
export class BeyondWindowError extends Error {
  constructor(readonly lastDate: string) {
    super(`Tours can be booked up to ${lastDate}.`);
  }
}

export class ScheduleUnavailableError extends Error {
  constructor(readonly property: Property, reason: string) {
    super(reason);
  }
}

export interface AvailabilityDeps {
  sql: Sql;
  google: GoogleConfig;
  clock: Clock;
  tokens: TokenService;
}

/**
 * The agents' busy time from the shared cache (one free/busy call per cache period for
 * every instance, dropped by changes); a booking may fall back on Google's last answer
 * (≤ 15 minutes old) while Google is down.
 */
async function busyFor(
  deps: AvailabilityDeps,
  property: Property,
  calendars: AgentCalendar[],
  row: BusyRow | undefined,
  allowStale: boolean,
): Promise<BusyTimes> {
  const now = deps.clock.now().getTime();
  const calendarSet = calendarSetKey(calendars);
  try {
    return await cachedBusy(deps, {
      propertyId: property.id,
      calendarSet,
      from: now,
      to: now + (property.rules.bookingWindowDays + 1) * 86_400_000,
      row,
      fetch: (timeMin, timeMax) =>
        recordedGoogleCall(deps, property.id, "freebusy", () => fetchBusy(deps, property.id, calendars, timeMin, timeMax)),
    });
  } catch (err) {
    const stale = allowStale ? await lastBusy(deps, property.id, calendarSet).catch(() => null) : null;
    if (stale) return stale;
    throw err;
  }
}

/** The offered slots from `from` for `days` days (clipped to the booking window). */
export async function loadSchedule(
  deps: AvailabilityDeps,
  propertyId: string,
  range: { from?: string; days?: number } = {},
  /** allowStale: a booking may use Google's last answer (≤ 15 min old) when Google is down. */
  opts: { ignoreBookingId?: string; allowStale?: boolean } = {},
): Promise<Schedule> {
  const now = deps.clock.now();
  const snapshot = await withProperty(propertyId, async (tx) => {
    // Issued together: postgres.js pipelines them on the transaction's connection.
    const [property, calendars, bookings, slots, busyRow] = await Promise.all([
      loadProperty(tx, propertyId),
      tx`select id, account_email, calendar_id, token_status, last_booked_at
        from public.agent_calendars where disconnected_at is null order by connected_at, id`,
      tx`select agent_calendar_id, tour_slot_id, lower(blocked_range) as b_start, upper(blocked_range) as b_end
        from public.tour_bookings where status = 'confirmed' and upper(blocked_range) > ${now}
          and id is distinct from ${opts.ignoreBookingId ?? null}::uuid`,
      tx`select id, start_at, end_at from public.tour_slots where end_at > ${now} order by start_at`,
      readBusyRow(tx, propertyId),
    ]);
    return { property, calendars, bookings, slots, busyRow };
  }, deps.sql);
  const { property } = snapshot;
  // Checked before Google is asked anything.
  if (range.from) {
    const { lastDate } = bookingWindow(property.rules, now.getTime());
    if (range.from > lastDate) throw new BeyondWindowError(lastDate);
  }
  const agents: AgentCalendar[] = snapshot.calendars.map((c) => ({
    id: c.id,
    accountEmail: c.account_email,
    calendarId: c.calendar_id === "primary" ? c.account_email : c.calendar_id,
    tokenStatus: c.token_status,
    lastBookedAt: c.last_booked_at,
  }));
  const healthy = agents.filter((a) => a.tokenStatus === "healthy" || a.tokenStatus === "expiring");

  if (healthy.length > 0) {
    let busy: BusyTimes;
    try {
      busy = await busyFor(deps, property, healthy, snapshot.busyRow, Boolean(opts.allowStale));
    } catch (err) {
      throw new ScheduleUnavailableError(property, `Google did not answer: ${err instanceof Error ? err.message : err}`);
    }
    const live = healthy.filter((a) => busy.has(a.id));
    if (live.length === 0) throw new ScheduleUnavailableError(property, "no calendar could be read");
    const days = computeSlots({
      rules: property.rules,
      agents: live.map((a) => ({ agentId: a.id, busy: busy.get(a.id)! })),
      bookings: snapshot.bookings.filter((b) => b.agent_calendar_id).map((b) => ({
        agentId: b.agent_calendar_id,
        start: new Date(b.b_start).getTime(),
        end: new Date(b.b_end).getTime(),
      })),
      now: now.getTime(),
      fromDate: range.from,
      days: range.days,
    });
    return { property, source: "google", days, agents: live };
  }

  if (snapshot.slots.length > 0) {
    const taken = new Set(snapshot.bookings.map((b) => b.tour_slot_id).filter(Boolean));
    return { property, source: "manual", days: manualDays(property, snapshot.slots, taken, now, range), agents: [] };
  }
  throw new ScheduleUnavailableError(property, agents.length ? "every calendar needs reconnecting" : "no calendar connected");
}

function manualDays(
  property: Property,
  slots: ReadonlyArray<{ id?: string; start_at?: Date; end_at?: Date; [k: string]: unknown }>,
  taken: Set<string>,
  now: Date,
  range: { from?: string; days?: number },
): DaySlots[] {
  const window = bookingWindow(property.rules, now.getTime());
  const first = range.from && range.from > window.firstDate ? range.from : window.firstDate;
  const lastByDays = range.days
    ? new Date(Date.parse(`${first}T00:00:00Z`) + (range.days - 1) * 86_400_000).toISOString().slice(0, 10)
    : window.lastDate;
  const last = lastByDays < window.lastDate ? lastByDays : window.lastDate;
  const earliest = now.getTime() + property.rules.minNoticeMinutes * 60_000;
  const byDate = new Map<string, DaySlots>();
  for (const row of slots) {
    const s = row as { id: string; start_at: Date; end_at: Date };
    if (taken.has(s.id) || s.start_at.getTime() < earliest) continue;
    const date = localDateOf(s.start_at.getTime(), property.timeZone);
    if (date < first || date > last) continue;
    const day = byDate.get(date) ?? { date, slots: [] };
    day.slots.push({
      time: new Intl.DateTimeFormat("en-GB", { timeZone: property.timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
        .format(s.start_at),
      start: s.start_at.getTime(),
      end: s.end_at.getTime(),
      freeAgentIds: [`slot:${s.id}`],
    });
    byDate.set(date, day);
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}
