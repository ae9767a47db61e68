// The Portfolio page's pure parts: status in words (and a symbol, never colour alone),
// relative and absolute times, the bulk action's result as notices, and selection.
import { t, tf, tn } from "../i18n.ts";
import type { HealthRow, ReconnectResult } from "./types.ts";

export type Tone = "ok" | "warn" | "bad" | "neutral";

export function statusInfo(status: string): { label: string; symbol: string; tone: Tone } {
  switch (status) {
    case "healthy":
      return { label: t("Healthy"), symbol: "✓", tone: "ok" };
    case "expiring":
      return { label: t("Expiring"), symbol: "!", tone: "warn" };
    case "expired":
      return { label: t("Expired"), symbol: "✕", tone: "bad" };
    case "revoked":
      return { label: t("Revoked"), symbol: "✕", tone: "bad" };
    default:
      return { label: t("Unknown"), symbol: "?", tone: "neutral" };
  }
}

export function outcomeInfo(outcome: string): { label: string; symbol: string; tone: Tone } {
  switch (outcome) {
    case "refreshed":
      return { label: t("Refreshed"), symbol: "✓", tone: "ok" };
    case "invalid_grant":
      return { label: t("Grant refused"), symbol: "✕", tone: "bad" };
    case "error":
      return { label: t("Error"), symbol: "!", tone: "warn" };
    default:
      return { label: outcome, symbol: "?", tone: "neutral" };
  }
}

export function triggerLabel(trigger: string): string {
  switch (trigger) {
    case "request":
      return t("On demand");
    case "health_check":
      return t("Health check");
    case "connect":
      return t("Connect");
    default:
      return trigger;
  }
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** "3 hours ago", "in 2 days", "now". */
export function relativeTime(iso: string, now: Date, locale?: string): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return "";
  const diff = then - now.getTime();
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return format.format(Math.round(diff / ms), unit);
  }
  return format.format(0, "minute");
}

/** "Dec 1, 2026, 2:00 PM" in the reader's zone. */
export function absoluteTime(iso: string, locale?: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(d);
}

export interface Notice {
  type: "success" | "warning" | "error" | "info";
  message: string;
  items: string[];
}

const REASONS: Record<string, string> = {
  rate_limited: "a re-connect email went out less than 12 hours ago",
  settings_page_unknown: "the property's WordPress settings page is not known yet",
  no_managers: "the property has no manager email",
};

/** What the bulk action did, as WordPress notices: one for what was sent, one for what was skipped. */
export function reconnectNotices(result: ReconnectResult, now: Date, locale?: string): Notice[] {
  const notices: Notice[] = [];
  if (result.sent.length) {
    notices.push({
      type: "success",
      message: tf(t("Re-connect links emailed for %1$s (%2$s)."), tn("%d calendar", "%d calendars", result.sent.length), tn("%d email", "%d emails", result.emails)),
      items: result.sent.map((s) => tf(t("%1$s at %2$s: sent to %3$s"), s.accountEmail, s.propertyName, s.recipients.join(", "))),
    });
  }
  if (result.skipped.length) {
    notices.push({
      type: "warning",
      message: tf(t("Not sent for %s:"), tn("%d calendar", "%d calendars", result.skipped.length)),
      items: result.skipped.map((s) => {
        const why = t(REASONS[s.reason] ?? s.message);
        const next = s.nextAllowedAt ? ` ${tf(t("(next possible %1$s, %2$s)"), relativeTime(s.nextAllowedAt, now, locale), absoluteTime(s.nextAllowedAt, locale))}` : "";
        return `${tf(t("%1$s at %2$s"), s.accountEmail, s.propertyName)}: ${why}${next}`;
      }),
    });
  }
  if (!notices.length) notices.push({ type: "info", message: t("Nothing was sent."), items: [] });
  return notices;
}

/** Rows that can be chosen for a re-connect email: those with a calendar. */
export function selectableIds(rows: HealthRow[]): string[] {
  return rows.flatMap((r) => (r.calendar ? [r.calendar.id] : []));
}

/** Select all shown, or clear them when all shown are selected already. */
export function toggleAll(selected: Set<string>, shown: string[]): Set<string> {
  const all = shown.length > 0 && shown.every((id) => selected.has(id));
  const next = new Set(selected);
  for (const id of shown) all ? next.delete(id) : next.add(id);
  return next;
}

export function toggleOne(selected: Set<string>, id: string): Set<string> {
  const next = new Set(selected);
  next.has(id) ? next.delete(id) : next.add(id);
  return next;
}
