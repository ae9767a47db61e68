// Time parsing and formatting the way Calendar v3 speaks it (RFC 3339, IANA zones).
import { formatInTimeZone, fromZonedTime } from "date-fns-tz";

const rfc3339WithOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;
const localDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?$/;
const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An RFC 3339 timestamp with an explicit offset, or null. */
export function parseInstant(text: string | null | undefined): number | null {
  if (!text || !rfc3339WithOffset.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

export type WallTimeResult = { ok: true; ms: number } | { ok: false; problem: "format" | "zone" };

/**
 * Resolve an event's start/end: `dateTime` with offset; `dateTime` without offset plus `timeZone`;
 * or `date` (all-day), which begins at midnight in `fallbackZone`.
 */
export function resolveEventTime(
  value: { dateTime?: string; date?: string; timeZone?: string },
  fallbackZone: string,
): WallTimeResult {
  if (value.timeZone && !isValidTimeZone(value.timeZone)) return { ok: false, problem: "zone" };
  if (value.dateTime) {
    const withOffset = parseInstant(value.dateTime);
    if (withOffset !== null) return { ok: true, ms: withOffset };
    if (!localDateTime.test(value.dateTime)) return { ok: false, problem: "format" };
    if (!value.timeZone) return { ok: false, problem: "zone" };
    return { ok: true, ms: fromZonedTime(value.dateTime, value.timeZone).getTime() };
  }
  if (value.date && dateOnly.test(value.date)) {
    const zone = value.timeZone ?? fallbackZone;
    return { ok: true, ms: fromZonedTime(`${value.date}T00:00:00`, zone).getTime() };
  }
  return { ok: false, problem: "format" };
}

/** `2024-05-01T10:00:00-05:00` in the zone (Google writes event times this way). */
export function formatWithOffset(ms: number, zone: string): string {
  const text = formatInTimeZone(new Date(ms), zone, "yyyy-MM-dd'T'HH:mm:ssxxx");
  return text;
}

/** `2024-05-01T15:00:00Z`: free/busy answers in UTC unless a zone was asked for. */
export function formatFreeBusyTime(ms: number, zone?: string): string {
  if (!zone || zone === "UTC" || zone === "Etc/UTC") {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  }
  return formatWithOffset(ms, zone);
}

/** Calendar date (yyyy-MM-dd) of an instant in a zone. */
export const dayInZone = (ms: number, zone: string) => formatInTimeZone(new Date(ms), zone, "yyyy-MM-dd");

/** The instant of a wall-clock time in a zone. */
export const wallTimeToMs = (day: string, time: string, zone: string) =>
  fromZonedTime(`${day}T${time}`, zone).getTime();

/** Adds calendar days to a yyyy-MM-dd date. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function addMonths(ms: number, months: number): number {
  const date = new Date(ms);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.getTime();
}
