// Wall-clock arithmetic for one IANA zone.
//
// Local dates and times are handled as plain numbers: a "wall" value is the local
// date-time counted in ms as if it were UTC (Date.UTC of the local fields). The zone's
// UTC offsets come from date-fns-tz, sampled a few times over the range in question, so
// converting a wall value to an instant afterwards is pure arithmetic — no formatter
// call per slot.

import { formatInTimeZone } from "date-fns-tz/formatInTimeZone";

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const MINUTES_PER_DAY = 24 * 60;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK_PATTERN = /^(\d{2}):(\d{2})$/;

/** "YYYY-MM-DD" → wall ms of that date's local midnight; null when not a real date. */
export function parseLocalDate(date: string): number | null {
  const match = typeof date === "string" ? DATE_PATTERN.exec(date) : null;
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const wall = Date.UTC(year, month - 1, day);
  const back = new Date(wall);
  // Rejects 2026-02-30 and friends, which Date.UTC would silently roll over.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return wall;
}

/** Wall ms of a local midnight → "YYYY-MM-DD". */
export function formatLocalDate(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const wall = parseLocalDate(date);
  if (wall === null) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return formatLocalDate(wall + days * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday, for a local date. */
export function weekdayOf(wallMidnight: number): 0 | 1 | 2 | 3 | 4 | 5 | 6 {
  return new Date(wallMidnight).getUTCDay() as 0 | 1 | 2 | 3 | 4 | 5 | 6;
}

/** "HH:MM" → minutes after local midnight; "24:00" only when allowed (an end of day). */
export function parseClock(text: string, allowEndOfDay: boolean): number | null {
  const match = typeof text === "string" ? CLOCK_PATTERN.exec(text) : null;
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59) return null;
  if (hours < 24) return hours * 60 + minutes;
  return allowEndOfDay && hours === 24 && minutes === 0 ? MINUTES_PER_DAY : null;
}

export function formatClock(minutesOfDay: number): string {
  const hours = Math.floor(minutesOfDay / 60);
  const minutes = minutesOfDay % 60;
  return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}

const knownZones = new Map<string, boolean>();

export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== "string" || timeZone === "") return false;
  let valid = knownZones.get(timeZone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone });
      valid = true;
    } catch {
      valid = false;
    }
    knownZones.set(timeZone, valid);
  }
  return valid;
}

/** The local date ("YYYY-MM-DD") in `timeZone` at an instant. */
export function localDateOf(instantMs: number, timeZone: string): string {
  return formatInTimeZone(instantMs, timeZone, "yyyy-MM-dd");
}

/** The zone's UTC offset (local − UTC, in ms) at an instant. */
export function offsetAt(instantMs: number, timeZone: string): number {
  const text = formatInTimeZone(instantMs, timeZone, "xxx"); // e.g. "-05:00"
  const sign = text.charCodeAt(0) === 45 /* "-" */ ? -1 : 1;
  const hours = Number(text.slice(1, 3));
  const minutes = Number(text.slice(4, 6));
  return sign * (hours * HOUR_MS + minutes * MINUTE_MS);
}

/** The zone's offsets over a span of instants: segment i applies from `from[i]` until `from[i + 1]`. */
export interface OffsetTimeline {
  readonly from: readonly number[]; // from[0] is -Infinity
  readonly offset: readonly number[];
}

/** No zone in the tz database changes its offset twice within a week (Morocco's Ramadan changes, the closest, are a month apart). */
const SAMPLE_EVERY_MS = 7 * DAY_MS;

/**
 * Samples the offset every 7 days over [startMs, endMs] (and at endMs) and pins each
 * change to the minute by bisection (offsets change on whole minutes since 1972):
 * about 15 offset look-ups per change, 3–4 for two weeks without one.
 */
export function offsetTimeline(timeZone: string, startMs: number, endMs: number): OffsetTimeline {
  const from = [-Infinity];
  let sample = Math.floor(startMs / MINUTE_MS) * MINUTE_MS;
  let sampleOffset = offsetAt(sample, timeZone);
  const offset = [sampleOffset];
  while (sample < endMs) {
    const next = Math.min(sample + SAMPLE_EVERY_MS, Math.ceil(endMs / MINUTE_MS) * MINUTE_MS);
    const nextOffset = offsetAt(next, timeZone);
    if (nextOffset !== sampleOffset) {
      let before = sample; // still the old offset
      let after = next; // already the new one
      while (after - before > MINUTE_MS) {
        const middle = before + Math.floor((after - before) / (2 * MINUTE_MS)) * MINUTE_MS;
        if (offsetAt(middle, timeZone) === sampleOffset) before = middle;
        else after = middle;
      }
      from.push(after);
      offset.push(nextOffset);
    }
    sample = next;
    sampleOffset = nextOffset;
  }
  return { from, offset };
}

/** The local wall value shown at an instant. */
export function wallAt(timeline: OffsetTimeline, instantMs: number): number {
  let i = timeline.from.length - 1;
  while (instantMs < timeline.from[i]) i--;
  return instantMs + timeline.offset[i];
}

/**
 * The first instant at which the local clock reads `wallMs` or later. For a normal
 * time that is its instant; for a time repeated when clocks fall back, its first
 * occurrence; for a time skipped when clocks spring forward, the moment of the jump.
 */
export function firstInstantAtOrAfter(timeline: OffsetTimeline, wallMs: number): number {
  const { from, offset } = timeline;
  for (let i = 0; i < from.length; i++) {
    // Within one segment the wall clock runs straight, so the answer is a clamp.
    const candidate = Math.max(from[i], wallMs - offset[i]);
    if (i + 1 === from.length || candidate < from[i + 1]) return candidate;
  }
  throw new Error("unreachable: the last segment is unbounded");
}
