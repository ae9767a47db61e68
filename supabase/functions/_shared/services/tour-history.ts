// A tour's history: what happened to it, who did it and when. The changes are written
// here in the transaction that makes them; the emails and texts are read from the
// outbox (with their delivery state) when the history is asked for, never copied.
import type { Tx } from "../adapters/db.ts";
import type { ActingUser, HistoryEntry } from "../contracts/tour-admin.ts";

export type HistoryEvent = "booked" | "rescheduled" | "cancelled" | "outcome" | "reassigned" | "note";
export type Actor = "prospect" | "office" | "calendar";

export interface HistoryRecord {
  event: HistoryEvent;
  actor: Actor;
  /** The WordPress user, when the office acted. */
  by?: ActingUser | null;
  details?: Record<string, unknown>;
}

interface HistoryRow {
  event: HistoryEvent;
  actor: Actor;
  wp_user_id: string | null;
  wp_user_name: string | null;
  details: Record<string, unknown>;
  created_at: Date;
}

function entryOf(r: HistoryRow): HistoryEntry {
  return {
    at: r.created_at.toISOString(),
    event: r.event,
    actor: r.actor,
    by: r.wp_user_id ? { wpUserId: r.wp_user_id, wpUserName: r.wp_user_name } : null,
    details: r.details ?? {},
  };
}

/** Writes one event of the tour's history (in the caller's transaction). */
export async function recordHistory(tx: Tx, propertyId: string, bookingId: string, now: Date, rec: HistoryRecord): Promise<HistoryEntry> {
  const [row] = await tx<HistoryRow[]>`insert into public.tour_history
      (property_id, booking_id, event, actor, wp_user_id, wp_user_name, details, created_at)
    values (${propertyId}, ${bookingId}, ${rec.event}, ${rec.actor}, ${rec.by?.wpUserId ?? null}, ${rec.by?.wpUserName ?? null},
      ${tx.json((rec.details ?? {}) as never)}, ${now})
    returning event, actor, wp_user_id, wp_user_name, details, created_at`;
  return entryOf(row);
}

interface MessageRow {
  kind: "email" | "sms";
  template: string;
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  done_at: Date | null;
}

/** The tour's history, oldest first: its events and every email and SMS about it. */
export async function loadHistory(tx: Tx, bookingId: string): Promise<HistoryEntry[]> {
  const events = await tx<HistoryRow[]>`select event, actor, wp_user_id, wp_user_name, details, created_at
    from public.tour_history where booking_id = ${bookingId} order by created_at, id`;
  const messages = await tx<MessageRow[]>`select kind, payload ->> 'template' as template, status, attempts, last_error, created_at, done_at
    from public.outbox where kind in ('email', 'sms') and payload ->> 'bookingId' = ${bookingId}::text order by created_at, id`;
  const entries: Array<HistoryEntry & { order: number }> = events.map((r, i) => ({ ...entryOf(r), order: i }));
  messages.forEach((m, i) => {
    // "done" with a reason is a message that was deliberately not sent (e.g. superseded).
    const delivery = m.status === "pending" ? (m.attempts ? "retrying" : "queued") : m.status === "dead" ? "failed" : m.last_error ? "skipped" : "sent";
    entries.push({
      at: m.created_at.toISOString(),
      event: m.kind,
      actor: "system",
      by: null,
      details: { template: m.template, delivery, attempts: m.attempts, sentAt: m.done_at?.toISOString() ?? null, reason: m.last_error },
      order: events.length + i,
    });
  });
  return entries
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.order - b.order)
    .map(({ order: _order, ...e }) => e);
}
