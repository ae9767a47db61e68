// Pure helpers for what the app shows: health in words, dates and the 14-day glance.
// Plain dates (YYYY-MM-DD) are handled as UTC midnights so no local zone can shift them.
import { t, tn } from "./i18n.ts";
import type { CalendarInfo, TokenStatus, Tour } from "./types.ts";

export type Tone = "ok" | "warn" | "bad" | "neutral";

export interface Health {
  label: string;
  detail: string;
  tone: Tone;
  /** A symbol next to the words, so status never depends on colour alone. */
  symbol: string;
  /** Whether the admin should reconnect this calendar. */
  needsReconnect: boolean;
}

export function health(status: TokenStatus | string): Health {
  switch (status) {
    case "healthy":
      return {
        label: t("Healthy"),
        detail: t("Access is valid; availability comes from this calendar."),
        tone: "ok",
        symbol: "✓",
        needsReconnect: false,
      };
    case "expiring":
      return {
        label: t("Expiring soon"),
        detail: t("Access needs renewing soon. Reconnect to keep availability live."),
        tone: "warn",
        symbol: "!",
        needsReconnect: true,
      };
    case "expired":
      return {
        label: t("Expired"),
        detail: t("Access has expired: this calendar's free time is not offered. Reconnect now."),
        tone: "bad",
        symbol: "✕",
        needsReconnect: true,
      };
    case "revoked":
      return {
        label: t("Revoked"),
        detail: t("Access was removed in the Google account. Reconnect to restore it."),
        tone: "bad",
        symbol: "✕",
        needsReconnect: true,
      };
    default:
      return {
        label: t("Unknown"),
        detail: t("The backend has not reported on this calendar yet."),
        tone: "neutral",
        symbol: "?",
        needsReconnect: false,
      };
  }
}

/** Calendars needing attention first, then by email. */
export function sortCalendars(calendars: CalendarInfo[]): CalendarInfo[] {
  const rank: Record<Tone, number> = { bad: 0, warn: 1, neutral: 2, ok: 3 };
  return [...calendars].sort((a, b) =>
    rank[health(a.tokenStatus).tone] - rank[health(b.tokenStatus).tone] ||
    a.accountEmail.localeCompare(b.accountEmail)
  );
}

/** An instant as "Nov 25, 2026, 4:05 PM" in the reader's zone (or the one given). */
export function formatInstant(iso: string | null, locale?: string, timeZone?: string): string {
  if (!iso) return t("never");
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return t("never");
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
}

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function plainDateToUtc(date: string): Date | null {
  const match = PLAIN_DATE.exec(date);
  if (!match) return null;
  const utc = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return Number.isNaN(utc.getTime()) ? null : utc;
}

export function addDays(date: string, days: number): string {
  const utc = plainDateToUtc(date);
  if (!utc) throw new Error(`not a plain date: ${date}`);
  utc.setUTCDate(utc.getUTCDate() + days);
  return utc.toISOString().slice(0, 10);
}

/** Today's date (YYYY-MM-DD) in a time zone; the reader's zone when it is unknown or invalid. */
export function todayIn(timeZone: string | undefined, now: Date): string {
  const format = (zone?: string) => {
    const parts = new Intl.DateTimeFormat("en-CA", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).formatToParts(now);
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
    return `${get("year")}-${get("month")}-${get("day")}`;
  };
  try {
    return format(timeZone || undefined);
  } catch {
    return format(undefined);
  }
}

/** "Monday, December 1" style label for a plain date. */
export function formatDay(date: string, locale?: string): string {
  const utc = plainDateToUtc(date);
  if (!utc) return date;
  return new Intl.DateTimeFormat(locale, { weekday: "long", month: "long", day: "numeric", timeZone: "UTC" })
    .format(utc);
}

/** Short weekday and day of the month, for the compact 14-day strip: { weekday: "Tue", day: "1" }. */
export function dayParts(date: string, locale?: string): { weekday: string; day: string } {
  const utc = plainDateToUtc(date);
  if (!utc) return { weekday: "", day: date };
  return {
    weekday: new Intl.DateTimeFormat(locale, { weekday: "short", timeZone: "UTC" }).format(utc),
    day: new Intl.DateTimeFormat(locale, { day: "numeric", timeZone: "UTC" }).format(utc),
  };
}

/** "2:30 PM" for a plain HH:MM wall-clock time. */
export function formatWallTime(time: string, locale?: string): string {
  const match = /^(\d{2}):(\d{2})/.exec(time);
  if (!match) return time;
  const utc = new Date(Date.UTC(2000, 0, 1, Number(match[1]), Number(match[2])));
  return new Intl.DateTimeFormat(locale, { hour: "numeric", minute: "2-digit", timeZone: "UTC" }).format(utc);
}

export function statusLabel(status: string): string {
  switch (status) {
    case "confirmed":
      return t("Confirmed");
    case "cancelled":
    case "canceled":
      return t("Cancelled");
    case "rescheduled":
      return t("Rescheduled");
    case "completed":
      return t("Completed");
    case "no_show":
      return t("No show");
    case "pending":
      return t("Pending");
    default: {
      const words = status.replace(/[_-]+/g, " ").trim();
      return words ? words[0].toUpperCase() + words.slice(1) : t("Unknown");
    }
  }
}

export function isLive(tour: Tour): boolean {
  return !["cancelled", "canceled"].includes(tour.status);
}

export interface GlanceDay {
  date: string;
  /** Tours that will happen (cancelled ones are not counted). */
  count: number;
  tours: Tour[];
}

/** One entry per day from today for `days` days, with that day's tours by time. */
export function buildGlance(tours: Tour[], today: string, days = 14): GlanceDay[] {
  const byDate = new Map<string, Tour[]>();
  for (const tour of tours) {
    const list = byDate.get(tour.localDate) ?? [];
    list.push(tour);
    byDate.set(tour.localDate, list);
  }
  const glance: GlanceDay[] = [];
  for (let i = 0; i < days; i++) {
    const date = addDays(today, i);
    const list = (byDate.get(date) ?? []).slice().sort((a, b) =>
      a.localTime.localeCompare(b.localTime) || a.prospectName.localeCompare(b.prospectName)
    );
    glance.push({ date, count: list.filter(isLive).length, tours: list });
  }
  return glance;
}

export function tourCount(count: number): string {
  return tn("%d tour", "%d tours", count);
}
