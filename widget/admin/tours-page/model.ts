// Pure logic of the Tours page: wall-clock times in the property's zone, one colour per
// agent, the calendar's events, status counts and the words for each history entry.
import { t, tf } from "../i18n.ts";
import type { Agent, HistoryEntry, StatusFilter, TourRow, TourStatus } from "./types.ts";

const wallFormats = new Map<string, Intl.DateTimeFormat>();

/** "YYYY-MM-DDTHH:mm:ss" of an instant on the wall clock of `timeZone` (what the calendar shows). */
export function wallIso(iso: string, timeZone: string): string {
  let format = wallFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone: timeZone || undefined,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    wallFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}:${get("second")}`;
}

/** A listed tour's start and end on the wall clock: from the local date and time the backend gives, without a formatter. */
export function tourWall(tour: Pick<TourRow, "start" | "end" | "localDate" | "localTime">, timeZone: string): { start: string; end: string } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(tour.localDate ?? "") || !/^\d{2}:\d{2}$/.test(tour.localTime ?? "")) {
    return { start: wallIso(tour.start, timeZone), end: wallIso(tour.end, timeZone) };
  }
  const start = `${tour.localDate}T${tour.localTime}:00`;
  const length = Date.parse(tour.end) - Date.parse(tour.start);
  const end = new Date(Date.parse(`${start}Z`) + (Number.isFinite(length) ? length : 0)).toISOString().slice(0, 19);
  return { start, end };
}

/** The local dates a calendar view covers: its start and its exclusive end are wall dates (as UTC). */
export function viewRange(start: Date, end: Date): { from: string; to: string } {
  const last = new Date(end.getTime() - 86_400_000);
  return { from: start.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

/** "Tue, Dec 3, 10:00 AM" in the property's zone. */
export function formatWhen(iso: string, timeZone: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone: timeZone || undefined,
  }).format(date);
}

/**
 * Agent colours: dark enough for white text at WCAG AA (4.5:1), told apart by hue.
 * Each agent keeps its colour while the set of agents stays the same: a colour is picked
 * by the calendar id's hash, and a clash takes the next free one in id order.
 */
export const PALETTE = ["#0b5cad", "#a3330f", "#1e6b34", "#7a2e8e", "#8a5a00", "#0f6e6e", "#b0204f", "#4a4f8c"] as const;
export const UNASSIGNED = "#50575e";

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function agentColors(ids: string[]): Map<string, string> {
  const colors = new Map<string, string>();
  const used = new Set<number>();
  for (const id of [...new Set(ids)].sort()) {
    let slot = hash(id) % PALETTE.length;
    if (used.size < PALETTE.length) {
      while (used.has(slot)) slot = (slot + 1) % PALETTE.length;
    }
    used.add(slot);
    colors.set(id, PALETTE[slot]);
  }
  return colors;
}

function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  const channel = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** WCAG contrast ratio of two #rrggbb colours. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

export function statusLabel(status: TourStatus | string): string {
  switch (status) {
    case "confirmed":
      return t("Confirmed");
    case "cancelled":
      return t("Cancelled");
    case "completed":
      return t("Attended");
    case "no_show":
      return t("No-show");
    case "outcome_needed":
      return t("Outcome needed");
    default:
      return status;
  }
}

export function sourceLabel(source: string): string {
  switch (source) {
    case "widget":
      return t("Website");
    case "phone":
      return t("Phone");
    case "walk_in":
      return t("Walk-in");
    case "admin":
      return t("Office");
    case "google":
      return t("Google Calendar");
    default:
      return source;
  }
}

export function agentLabel(agent: { name?: string | null; email?: string; accountEmail?: string } | null): string {
  if (!agent) return t("Unassigned");
  return agent.name || agent.email || agent.accountEmail || t("Unassigned");
}

export interface CalendarEvent {
  id: string;
  title: string;
  start: string;
  end: string;
  backgroundColor: string;
  borderColor: string;
  textColor: string;
  classNames: string[];
}

/** The calendar's events: wall-clock times, the agent's colour; cancelled hollow and struck through; outcome needed flagged. */
export function toEvents(tours: TourRow[], colors: Map<string, string>, timeZone: string): CalendarEvent[] {
  return tours.map((tour) => {
    const color = (tour.agent && colors.get(tour.agent.calendarId)) || UNASSIGNED;
    const cancelled = tour.status === "cancelled";
    const flag = tour.outcomeNeeded ? "! " : tour.status === "no_show" ? "✕ " : tour.status === "completed" ? "✓ " : "";
    const wall = tourWall(tour, timeZone);
    return {
      id: tour.id,
      title: `${flag}${tour.prospectName}${cancelled ? ` (${t("cancelled")})` : ""}`,
      start: wall.start,
      end: wall.end,
      backgroundColor: cancelled ? "#ffffff" : color,
      borderColor: color,
      textColor: cancelled ? "#3c434a" : "#ffffff",
      classNames: [
        "ll-event",
        `ll-event-${tour.status}`,
        ...(cancelled ? ["ll-cancelled"] : []),
        ...(tour.outcomeNeeded ? ["ll-outcome-needed"] : []),
      ],
    };
  });
}

export type StatusTab = "all" | StatusFilter;
export const STATUS_TABS: StatusTab[] = ["all", "confirmed", "outcome_needed", "completed", "no_show", "cancelled"];

export function matchesStatus(tour: TourRow, tab: StatusTab): boolean {
  if (tab === "all") return true;
  if (tab === "outcome_needed") return tour.outcomeNeeded;
  return tour.status === tab;
}

export function countByStatus(tours: TourRow[]): Record<StatusTab, number> {
  const counts = Object.fromEntries(STATUS_TABS.map((s) => [s, 0])) as Record<StatusTab, number>;
  for (const tour of tours) for (const tab of STATUS_TABS) if (matchesStatus(tour, tab)) counts[tab]++;
  return counts;
}

const TEMPLATES: Record<string, string> = {
  tour_confirmed: "Confirmation",
  tour_reminder_24h: "24-hour reminder",
  tour_reminder_1h: "1-hour reminder",
  tour_rescheduled: "Rescheduled notice",
  tour_cancelled: "Cancellation notice",
};

function deliveryLabel(delivery: unknown): string {
  switch (delivery) {
    case "sent":
      return t("sent");
    case "queued":
      return t("queued");
    case "retrying":
      return t("retrying");
    case "failed":
      return t("failed");
    case "skipped":
      return t("not sent");
    default:
      return String(delivery ?? "");
  }
}

/** Who did it, in words. */
export function actorLabel(entry: HistoryEntry): string {
  switch (entry.actor) {
    case "office":
      return entry.by?.wpUserName ? tf("by %s", entry.by.wpUserName) : t("by the office");
    case "prospect":
      return t("by the prospect");
    case "calendar":
      return t("in Google Calendar");
    default:
      return t("automatic");
  }
}

/** One history entry as a title and a detail line. */
export function describeEntry(entry: HistoryEntry, timeZone: string, agents: Agent[] = []): { title: string; detail: string } {
  const d = entry.details;
  const agentName = (id: unknown) => agents.find((a) => a.id === id)?.accountEmail ?? (id ? String(id) : t("nobody"));
  switch (entry.event) {
    case "booked":
      return { title: t("Booked"), detail: tf("Source: %s", sourceLabel(String(d.source ?? ""))) };
    case "rescheduled":
      return {
        title: t("Rescheduled"),
        detail: tf("From %1$s to %2$s", formatWhen(String(d.from ?? ""), timeZone), formatWhen(String(d.to ?? ""), timeZone)),
      };
    case "cancelled":
      return { title: t("Cancelled"), detail: typeof d.message === "string" && d.message ? tf("Message: %s", d.message) : "" };
    case "outcome":
      return { title: d.outcome === "completed" ? t("Marked attended") : t("Marked no-show"), detail: "" };
    case "reassigned":
      return { title: t("Reassigned"), detail: tf("From %1$s to %2$s", agentName(d.from), agentName(d.to)) };
    case "note":
      return { title: t("Internal note"), detail: String(d.text ?? "") };
    case "email":
    case "sms": {
      const template = TEMPLATES[String(d.template)] ?? String(d.template ?? "");
      const channel = entry.event === "email" ? t("Email") : t("SMS");
      const failed = d.reason && d.delivery !== "sent" ? ` (${String(d.reason)})` : "";
      return { title: `${channel}: ${t(template)}`, detail: `${deliveryLabel(d.delivery)}${failed}` };
    }
    default:
      return { title: String(entry.event), detail: "" };
  }
}

/** Today's local date in the zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return wallIso(now.toISOString(), timeZone).slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** How many tours a month cell shows before "+N more" (which opens the day). */
export const MONTH_TOURS_PER_DAY = 3;

/**
 * A month's events, light enough for a busy property: each day's first tours, then one
 * "+N more" event standing for the rest (FullCalendar would build every hidden one).
 * With `dayTotals` (the backend's perDay answer) the rows are already each day's first ones.
 */
export function monthEvents(
  tours: TourRow[],
  colors: Map<string, string>,
  timeZone: string,
  dayTotals?: Record<string, number>,
  perDay = MONTH_TOURS_PER_DAY,
): CalendarEvent[] {
  const byDay = new Map<string, TourRow[]>();
  for (const tour of tours) {
    const date = tourWall(tour, timeZone).start.slice(0, 10);
    const list = byDay.get(date);
    if (list) list.push(tour);
    else byDay.set(date, [tour]);
  }
  const events: CalendarEvent[] = [];
  for (const [date, list] of byDay) {
    const shown = dayTotals ? list : list.length > perDay + 1 ? list.slice(0, perDay) : list;
    events.push(...toEvents(shown, colors, timeZone));
    const rest = (dayTotals ? dayTotals[date] ?? list.length : list.length) - shown.length;
    if (rest > 0) {
      events.push({
        id: `more:${date}`,
        title: tf("+%d more", rest),
        start: `${date}T23:58:00`,
        end: `${date}T23:59:00`,
        backgroundColor: "#f0f0f1",
        borderColor: "#8c8f94",
        textColor: "#1d2327",
        classNames: ["ll-more"],
      });
    }
  }
  return events;
}

/** The dates FullCalendar's month view shows first (six weeks from the Sunday on or before the 1st). */
export function initialMonthRange(today: string): { from: string; to: string } {
  const first = `${today.slice(0, 8)}01`;
  const weekday = new Date(`${first}T00:00:00Z`).getUTCDay();
  const from = addDays(first, -weekday);
  return { from, to: addDays(from, 41) };
}
