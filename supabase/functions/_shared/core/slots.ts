/**
 * The availability slot engine: pure, deterministic, no I/O, no clock of its own.
 *
 * What it computes (all wall-clock reasoning in `rules.timeZone`):
 *
 * - Window. Local dates from the local date of `now` through `bookingWindowDays − 1`
 *   days later. `fromDate` / `days` narrow it (from `fromDate`, or the window's first
 *   date, for `days` days, or to the window's end); the result is clipped to the
 *   window, never extended. Every date of the clipped range is in the output, in
 *   order, even with no slots, so callers can show unavailable days. An empty range
 *   gives [].
 * - Opening hours of a date. An exception for the date replaces the weekday's hours
 *   (`closed: true` closes it; several exceptions for one date: closed wins, else their
 *   hours combine). A weekday missing from `weeklyHours` is closed.
 * - Candidates. For each opening interval [start, end): local times start,
 *   start + slotIntervalMinutes, … below end. Several intervals on a date give the
 *   union of their times, each time once.
 * - DST. A local time that does not exist that day (clocks spring forward) gives no
 *   slot. A local time that happens twice (clocks fall back) gives one slot, at its
 *   first occurrence. A day keeps its local hours, so its real length may be 23 or
 *   25 hours. The interval's end is the first instant at which the local clock reads
 *   `end` or later ("24:00" = the next local midnight).
 * - Slot. start = the candidate's instant; end = start + tourMinutes (real minutes).
 *   The tour must fit: end ≤ the instant of the interval's end.
 * - Minimum notice. A slot starting before now + minNoticeMinutes is never offered.
 * - Agents. An agent is free for a slot when nothing in its busy intervals or its live
 *   bookings overlaps [start − bufferBeforeMinutes, end + bufferAfterMinutes). Buffers
 *   are checked only against busy time, so they may reach outside opening hours.
 *   Intervals are half-open: back-to-back does not overlap. Empty or negative
 *   intervals are ignored; unsorted and overlapping ones are fine. Agents listed twice
 *   count once with both busy lists; bookings for agents not listed are ignored.
 * - Output. Only offered slots are listed (at least one free agent), ascending;
 *   `freeAgentIds` is sorted by code unit and has no repeats.
 *
 * Bad input throws SchedulingInputError with a machine-readable code and field path.
 * Inputs are never mutated.
 *
 * Cost: the zone's offsets are looked up a few times per call (offsetTimeline), not per
 * slot; each busy interval costs two binary searches over the candidate slots (see
 * OverlapCounter), so the work grows linearly with busy intervals.
 */

import { OverlapCounter } from "./intervals.ts";
import type { Interval } from "./intervals.ts";
import {
  DAY_MS,
  firstInstantAtOrAfter,
  formatClock,
  formatLocalDate,
  HOUR_MS,
  localDateOf,
  MINUTE_MS,
  type OffsetTimeline,
  offsetTimeline,
  parseLocalDate,
  wallAt,
  weekdayOf,
} from "./wallclock.ts";
import {
  type MinuteRange,
  type ParsedRules,
  parseRules,
  requireDate,
  requireInteger,
  requireTimeZone,
  SchedulingInputError,
  type SchedulingInputErrorCode,
} from "./slot-input.ts";

export type { Interval } from "./intervals.ts";
export { localDateOf } from "./wallclock.ts";
export { SchedulingInputError, type SchedulingInputErrorCode } from "./slot-input.ts";

export type HHMM = `${number}:${number}` | string; // "09:00"
/** Local "HH:MM"; end exclusive; "24:00" allowed as end. */
export interface OpeningHours {
  start: HHMM;
  end: HHMM;
}
/** `hours` replace the weekday's hours on `date` (local YYYY-MM-DD). */
export interface DateException {
  date: string;
  closed?: boolean;
  hours?: OpeningHours[];
}
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6; // 0 = Sunday
export interface SchedulingRules {
  timeZone: string; // IANA
  weeklyHours: Record<Weekday, OpeningHours[]>; // [] = closed
  exceptions: DateException[];
  tourMinutes: number;
  slotIntervalMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minNoticeMinutes: number;
  bookingWindowDays: number;
}
export interface AgentAvailabilityInput {
  agentId: string;
  busy: Interval[]; // unsorted / overlapping fine
}
export interface LiveBooking {
  agentId: string;
  start: number;
  end: number;
}
export interface Slot {
  time: string; // local HH:MM
  start: number; // epoch ms
  end: number; // epoch ms, exclusive
  freeAgentIds: string[];
}
export interface DaySlots {
  date: string; // local YYYY-MM-DD
  slots: Slot[];
}
export interface ComputeSlotsInput {
  rules: SchedulingRules;
  agents: AgentAvailabilityInput[];
  bookings: LiveBooking[];
  now: number; // epoch ms
  fromDate?: string;
  days?: number;
}

const WORKDAY: OpeningHours[] = Object.freeze([Object.freeze({ start: "09:00", end: "18:00" })]) as OpeningHours[];

/**
 * The old system's schedule: Monday–Saturday 09:00–18:00, Sunday closed, 30-minute
 * tours every 30 minutes, two hours' notice, two weeks ahead. Buffers: none before a
 * tour, 15 minutes after it — a tour may start as soon as the agent's previous
 * commitment ends, but must leave the agent 15 minutes before the next one.
 */
export const DEFAULT_RULES: Omit<SchedulingRules, "timeZone"> = Object.freeze({
  weeklyHours: Object.freeze({ 0: [], 1: WORKDAY, 2: WORKDAY, 3: WORKDAY, 4: WORKDAY, 5: WORKDAY, 6: WORKDAY }),
  exceptions: Object.freeze([]) as unknown as DateException[],
  tourMinutes: 30,
  slotIntervalMinutes: 30,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 15,
  minNoticeMinutes: 120,
  bookingWindowDays: 14,
}) as Omit<SchedulingRules, "timeZone">;

/** The local dates bookable at `now`: today (in the zone) and the next bookingWindowDays − 1 days. */
export function bookingWindow(
  rules: Pick<SchedulingRules, "timeZone" | "bookingWindowDays">,
  now: number,
): { firstDate: string; lastDate: string } {
  requireTimeZone(rules.timeZone, "rules.timeZone");
  requireInteger(rules.bookingWindowDays, "rules.bookingWindowDays", 1, 366);
  if (typeof now !== "number" || !Number.isFinite(now)) {
    throw new SchedulingInputError("invalid_number", "now", "must be an epoch ms number");
  }
  const firstDate = localDateOf(now, rules.timeZone);
  const lastDate = formatLocalDate(parseLocalDate(firstDate)! + (rules.bookingWindowDays - 1) * DAY_MS);
  return { firstDate, lastDate };
}

export function computeSlots(input: ComputeSlotsInput): DaySlots[] {
  const { rules, now } = input;
  const parsed = parseRules(rules);
  const dates = datesToCompute(rules, now, input.fromDate, input.days);
  if (dates.length === 0) return [];

  const candidates = candidateSlots(rules, parsed, dates, now + rules.minNoticeMinutes * MINUTE_MS);
  const agents = requireList<AgentAvailabilityInput>(input.agents, "agents", "invalid_agent");
  const bookings = requireList<LiveBooking>(input.bookings, "bookings");
  const agentIds = uniqueSorted(agents.map((a) => a.agentId));
  const free = freeAgentsPerCandidate(rules, candidates, agentIds, agents, bookings);

  const tourMs = rules.tourMinutes * MINUTE_MS;
  const result: DaySlots[] = dates.map((date) => ({ date, slots: [] }));
  for (let i = 0; i < candidates.count; i++) {
    const freeAgentIds = agentIds.filter((_, agent) => free[agent][i] === 1);
    if (freeAgentIds.length === 0) continue;
    const start = candidates.starts[i];
    result[candidates.dayIndex[i]].slots.push({
      time: formatClock(candidates.minutes[i]),
      start,
      end: start + tourMs,
      freeAgentIds,
    });
  }
  return result;
}

function datesToCompute(rules: SchedulingRules, now: number, fromDate?: string, days?: number): string[] {
  if (fromDate !== undefined) requireDate(fromDate, "fromDate");
  if (days !== undefined) requireInteger(days, "days", 0, 100_000);
  const window = bookingWindow(rules, now);
  const firstWall = parseLocalDate(window.firstDate)!;
  const lastWall = parseLocalDate(window.lastDate)!;
  const fromWall = fromDate === undefined ? firstWall : parseLocalDate(fromDate)!;
  const toWall = days === undefined ? lastWall : fromWall + (days - 1) * DAY_MS;
  const dates: string[] = [];
  for (let wall = Math.max(fromWall, firstWall); wall <= Math.min(toWall, lastWall); wall += DAY_MS) {
    dates.push(formatLocalDate(wall));
  }
  return dates;
}

/** Candidate slots of all dates, ascending in start (and so in end). */
interface Candidates {
  count: number;
  starts: Float64Array;
  minutes: Int32Array; // local minutes after midnight
  dayIndex: Int32Array;
}

function candidateSlots(
  rules: SchedulingRules,
  parsed: ParsedRules,
  dates: string[],
  earliestStart: number,
): Candidates {
  const firstWall = parseLocalDate(dates[0])!;
  // Offsets lie within −12h…+14h, so every instant of these dates lies in this span.
  const timeline = offsetTimeline(
    rules.timeZone,
    firstWall - 15 * HOUR_MS,
    firstWall + dates.length * DAY_MS + 15 * HOUR_MS,
  );
  const starts: number[] = [];
  const minutes: number[] = [];
  const dayIndex: number[] = [];
  dates.forEach((date, day) => {
    const midnight = firstWall + day * DAY_MS;
    const hours = parsed.exceptionHours.get(date) ?? parsed.weekly[weekdayOf(midnight)];
    for (const [minute, start] of candidatesOfDate(rules, timeline, midnight, hours, earliestStart)) {
      starts.push(start);
      minutes.push(minute);
      dayIndex.push(day);
    }
  });
  return {
    count: starts.length,
    starts: Float64Array.from(starts),
    minutes: Int32Array.from(minutes),
    dayIndex: Int32Array.from(dayIndex),
  };
}

/** [local minute, start instant] pairs of one date, ascending, each local time once. */
function candidatesOfDate(
  rules: SchedulingRules,
  timeline: OffsetTimeline,
  midnight: number,
  hours: MinuteRange[],
  earliestStart: number,
): Array<[number, number]> {
  const tourMs = rules.tourMinutes * MINUTE_MS;
  const found = new Map<number, number>();
  for (const [openMinute, closeMinute] of hours) {
    const closesAt = firstInstantAtOrAfter(timeline, midnight + closeMinute * MINUTE_MS);
    for (let minute = openMinute; minute < closeMinute; minute += rules.slotIntervalMinutes) {
      const wall = midnight + minute * MINUTE_MS;
      const start = firstInstantAtOrAfter(timeline, wall);
      if (wallAt(timeline, start) !== wall) continue; // skipped by a spring-forward jump
      if (start + tourMs > closesAt) break; // first occurrences ascend, so later ones fit no better
      if (start >= earliestStart) found.set(minute, start);
    }
  }
  const pairs = [...found];
  if (hours.length > 1) pairs.sort((a, b) => a[0] - b[0]);
  return pairs;
}

function uniqueSorted(ids: string[]): string[] {
  ids.forEach((id, i) => {
    if (typeof id !== "string" || id === "") {
      throw new SchedulingInputError("invalid_agent", `agents[${i}].agentId`, "must be a non-empty string");
    }
  });
  return [...new Set(ids)].sort();
}

function requireList<T>(
  value: unknown,
  path: string,
  code: SchedulingInputErrorCode = "invalid_interval",
): readonly T[] {
  if (!Array.isArray(value)) throw new SchedulingInputError(code, path, "must be a list");
  return value;
}

/** For each agent (in `agentIds` order): 1 per candidate the agent is free for, else 0. */
function freeAgentsPerCandidate(
  rules: SchedulingRules,
  candidates: Candidates,
  agentIds: string[],
  agents: readonly AgentAvailabilityInput[],
  bookings: readonly LiveBooking[],
): Uint8Array[] {
  const before = rules.bufferBeforeMinutes * MINUTE_MS;
  const after = (rules.tourMinutes + rules.bufferAfterMinutes) * MINUTE_MS;
  const windowStarts = candidates.starts.map((start) => start - before);
  const windowEnds = candidates.starts.map((start) => start + after);
  const counters = agentIds.map(() => new OverlapCounter(windowStarts, windowEnds));
  const counterOf = new Map(agentIds.map((id, i) => [id, counters[i]]));

  agents.forEach((agent, a) => {
    const counter = counterOf.get(agent.agentId)!;
    const busy = requireList<Interval>(agent.busy, `agents[${a}].busy`);
    for (let i = 0; i < busy.length; i++) {
      const interval = busy[i];
      requireTimes(interval?.start, interval?.end, `agents[${a}].busy[${i}]`);
      counter.add(interval.start, interval.end);
    }
  });
  bookings.forEach((booking, b) => {
    requireTimes(booking?.start, booking?.end, `bookings[${b}]`);
    counterOf.get(booking.agentId)?.add(booking.start, booking.end);
  });
  return counters.map((counter) => counter.freeWindows());
}

function requireTimes(start: unknown, end: unknown, path: string): void {
  if (typeof start !== "number" || typeof end !== "number" || Number.isNaN(start) || Number.isNaN(end)) {
    throw new SchedulingInputError("invalid_interval", path, "start and end must be epoch ms numbers");
  }
}
