// Formatting with Intl only (no date library in the bundle). The server gives instants and
// the property's IANA zone; everything is shown in that zone, in the visitor's locale.
import { toUtc } from "./dates.ts";

const fmt = (locale: string, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, options);

/** "Tuesday, December 1, 2026" for a date-only string. */
export const formatDateLong = (date: string, locale: string, withYear = true): string =>
  fmt(locale, { timeZone: "UTC", weekday: "long", month: "long", day: "numeric", year: withYear ? "numeric" : undefined }).format(toUtc(date));

/** "December 2026". */
export const formatMonth = (month: string, locale: string): string =>
  fmt(locale, { timeZone: "UTC", month: "long", year: "numeric" }).format(toUtc(month + "-01"));

/** "2:00 PM" or "14:00", in the given zone. */
export const formatTime = (instant: string, timeZone: string, locale: string): string =>
  fmt(locale, { timeZone, hour: "numeric", minute: "2-digit" }).format(new Date(instant));

/** The calendar date ("YYYY-MM-DD") of an instant in a zone. */
export function dateInZone(instant: Date | string, timeZone: string): string {
  const parts = fmt("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** "Central Time" (longGeneric), falling back to the long name, then the IANA id. */
export function zoneName(timeZone: string, locale: string, at: Date = new Date()): string {
  for (const timeZoneName of ["longGeneric", "long"] as const) {
    try {
      const name = fmt(locale, { timeZone, timeZoneName }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value;
      if (name) return name;
    } catch {
      // older engines reject longGeneric; try the next style
    }
  }
  return timeZone;
}

export const visitorZone = (): string => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
};

/** Whether two zones show different wall clocks at `at` (ids can differ yet agree, e.g. Chicago/Winnipeg). */
export const zonesDiffer = (a: string, b: string, at: Date = new Date()): boolean =>
  a !== b && fmt("en-US", { timeZone: a, hour: "numeric", minute: "numeric", day: "numeric" }).format(at) !==
    fmt("en-US", { timeZone: b, hour: "numeric", minute: "numeric", day: "numeric" }).format(at);

/** Short and long weekday names starting at `firstDay` (0 = Sunday). */
export function weekdayNames(locale: string, firstDay: number): { short: string; long: string }[] {
  // 2023-01-01 was a Sunday.
  return Array.from({ length: 7 }, (_, i) => {
    const date = `2023-01-0${1 + ((firstDay + i) % 7)}`;
    return {
      short: fmt(locale, { timeZone: "UTC", weekday: "short" }).format(toUtc(date)),
      long: fmt(locale, { timeZone: "UTC", weekday: "long" }).format(toUtc(date)),
    };
  });
}

/** The first day of the week for a locale (0 = Sunday), from Intl.Locale week info when the engine has it. */
export function firstDayOfWeek(locale: string): number {
  try {
    const loc = new Intl.Locale(locale) as Intl.Locale & { getWeekInfo?: () => { firstDay: number }; weekInfo?: { firstDay: number } };
    const info = loc.getWeekInfo?.() ?? loc.weekInfo;
    if (info) return info.firstDay % 7;
  } catch {
    // fall through to the language rule
  }
  return /^(en(-US|-CA)?|es-(US|MX))$/i.test(locale) ? 0 : 1;
}
