// The Portfolio page's pure parts: filtering and counting health rows, when the next
// re-connect email for a calendar may go, and the link that email carries.
import type { CalendarState, HealthCounts, HealthRow } from "../contracts/portfolio.ts";

/** At most one re-connect email per calendar in this time. */
export const RECONNECT_EMAIL_INTERVAL_MS = 12 * 60 * 60_000;

export function nextReconnectAllowedAt(lastSentAt: Date | null, now: Date): Date | null {
  if (!lastSentAt) return null;
  const next = new Date(lastSentAt.getTime() + RECONNECT_EMAIL_INTERVAL_MS);
  return next.getTime() > now.getTime() ? next : null;
}

function matches(row: HealthRow, q: string): boolean {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return [row.propertyName, row.calendar?.accountEmail ?? "", row.calendar?.displayName ?? ""]
    .some((s) => s.toLowerCase().includes(needle));
}

/** The rows the search matches (counts per status over them), then those of the status asked. */
export function filterHealth(rows: HealthRow[], status: CalendarState | undefined, q: string | undefined): { rows: HealthRow[]; counts: HealthCounts } {
  const searched = rows.filter((r) => matches(r, q ?? ""));
  const counts: HealthCounts = { all: searched.length, healthy: 0, expiring: 0, expired: 0, revoked: 0, noCalendar: 0 };
  for (const r of searched) {
    if (!r.calendar) counts.noCalendar++;
    else if (r.calendar.status in counts) counts[r.calendar.status as CalendarState]++;
  }
  return { rows: status ? searched.filter((r) => r.calendar?.status === status) : searched, counts };
}

/** The property's WordPress settings page, opening its connect flow for this calendar's account. */
export function reconnectLink(settingsUrl: string, calendarId: string, accountEmail: string): string {
  const url = new URL(settingsUrl);
  url.searchParams.set("lumaleasing_reconnect", calendarId);
  url.searchParams.set("login_hint", accountEmail);
  return url.toString();
}
