// Checks the slot engine's input and turns opening hours into minute pairs, once per call.

import type { DateException, OpeningHours, SchedulingRules } from "./slots.ts";
import { isValidTimeZone, parseClock, parseLocalDate } from "./wallclock.ts";

export type SchedulingInputErrorCode =
  | "invalid_time_zone"
  | "invalid_hours"
  | "invalid_date"
  | "invalid_number"
  | "invalid_interval"
  | "invalid_agent";

export class SchedulingInputError extends Error {
  override readonly name = "SchedulingInputError";
  /** `path` names the offending field, e.g. "rules.weeklyHours.1[0].end". */
  constructor(readonly code: SchedulingInputErrorCode, readonly path: string, message: string) {
    super(`${path}: ${message}`);
  }
}

/** Opening hours as [startMinute, endMinute) pairs after local midnight. */
export type MinuteRange = readonly [number, number];

export interface ParsedRules {
  weekly: MinuteRange[][]; // index 0 = Sunday
  /** Dates whose hours an exception replaces; [] = closed that day. */
  exceptionHours: Map<string, MinuteRange[]>;
}

const LIMITS = {
  tourMinutes: [1, 24 * 60],
  slotIntervalMinutes: [1, 24 * 60],
  bufferBeforeMinutes: [0, 24 * 60],
  bufferAfterMinutes: [0, 24 * 60],
  minNoticeMinutes: [0, 366 * 24 * 60],
  bookingWindowDays: [1, 366],
} as const;

export function requireInteger(value: unknown, path: string, min: number, max: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new SchedulingInputError("invalid_number", path, `must be an integer from ${min} to ${max}`);
  }
}

export function requireDate(value: unknown, path: string): void {
  if (typeof value !== "string" || parseLocalDate(value) === null) {
    throw new SchedulingInputError("invalid_date", path, "must be a real date as YYYY-MM-DD");
  }
}

export function requireTimeZone(timeZone: unknown, path: string): void {
  if (typeof timeZone !== "string" || !isValidTimeZone(timeZone)) {
    throw new SchedulingInputError("invalid_time_zone", path, "must be an IANA time zone, e.g. America/Chicago");
  }
}

function parseHours(list: unknown, path: string): MinuteRange[] {
  if (!Array.isArray(list)) throw new SchedulingInputError("invalid_hours", path, "must be a list of { start, end }");
  return list.map((hours: OpeningHours, i) => {
    const start = parseClock(hours?.start, false);
    const end = parseClock(hours?.end, true);
    if (start === null) {
      throw new SchedulingInputError("invalid_hours", `${path}[${i}].start`, "must be HH:MM (00:00–23:59)");
    }
    if (end === null) {
      throw new SchedulingInputError("invalid_hours", `${path}[${i}].end`, "must be HH:MM (00:01–24:00)");
    }
    if (end <= start) throw new SchedulingInputError("invalid_hours", `${path}[${i}]`, "end must be after start");
    return [start, end] as const;
  });
}

/**
 * Exceptions for one date combine: any `closed: true` closes the day; otherwise the
 * `hours` of all its exceptions together replace the weekday's hours. An exception
 * with neither changes nothing.
 */
function parseExceptions(exceptions: unknown): Map<string, MinuteRange[]> {
  if (!Array.isArray(exceptions)) {
    throw new SchedulingInputError("invalid_hours", "rules.exceptions", "must be a list");
  }
  const closed = new Set<string>();
  const hoursByDate = new Map<string, MinuteRange[]>();
  exceptions.forEach((exception: DateException, i) => {
    const path = `rules.exceptions[${i}]`;
    requireDate(exception?.date, `${path}.date`);
    const hours = exception.hours === undefined ? undefined : parseHours(exception.hours, `${path}.hours`);
    if (exception.closed !== undefined && typeof exception.closed !== "boolean") {
      throw new SchedulingInputError("invalid_hours", `${path}.closed`, "must be true or false");
    }
    if (exception.closed) closed.add(exception.date);
    else if (hours) hoursByDate.set(exception.date, [...(hoursByDate.get(exception.date) ?? []), ...hours]);
  });
  for (const date of closed) hoursByDate.set(date, []);
  return hoursByDate;
}

export function parseRules(rules: SchedulingRules): ParsedRules {
  if (typeof rules !== "object" || rules === null) {
    throw new SchedulingInputError("invalid_hours", "rules", "must be an object");
  }
  requireTimeZone(rules.timeZone, "rules.timeZone");
  for (const [field, [min, max]] of Object.entries(LIMITS)) {
    requireInteger(rules[field as keyof typeof LIMITS], `rules.${field}`, min, max);
  }
  if (typeof rules.weeklyHours !== "object" || rules.weeklyHours === null) {
    throw new SchedulingInputError("invalid_hours", "rules.weeklyHours", "must map weekdays 0–6 to opening hours");
  }
  const weekly = [0, 1, 2, 3, 4, 5, 6].map((day) =>
    parseHours(rules.weeklyHours[day as 0] ?? [], `rules.weeklyHours.${day}`)
  );
  return { weekly, exceptionHours: parseExceptions(rules.exceptions) };
}
