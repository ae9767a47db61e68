// The property manager's emails: a calendar that needs re-connecting (at most one per
// calendar per 24 h), and the outbox rows that could not be completed (one email for all
// of a property's alerts still queued).
import { type Tx, withJobs } from "../adapters/db.ts";
import { managerList } from "../core/managers.ts";
import {
  calendarReconnectAlertEmail,
  type CalendarConnectionStatus,
  type DeadOutboxItem,
  formatFull,
  outboxDeadAlertEmail,
} from "../core/messages.ts";
import type { CalendarRow } from "./outbox-calendar.ts";
import { type EffectResult, type OutboxRow, propertyFor, propertyInfo, type PropertyRow, type Run } from "./outbox-run.ts";

const ALERT_INTERVAL_MS = 24 * 60 * 60_000;

function settingsLink(run: Run, p: PropertyRow): string {
  return p.admin_url ?? p.site_url ?? run.d.functionsUrl;
}

/** At most one re-connect email per calendar per 24 h, whoever queued it; the row lock serializes senders. */
export async function sendReconnectAlert(run: Run, row: OutboxRow, calendarId: string): Promise<EffectResult> {
  const property = propertyFor(run, row);
  return await withJobs(async (tx) => {
    const [cal] = await tx<CalendarRow[]>`select id, property_id, calendar_id, token_status, disconnected_at, display_name,
        account_email, last_alert_at
      from public.agent_calendars where id = ${calendarId} and property_id = ${row.property_id} for update`;
    const now = run.d.clock.now();
    if (!cal || cal.disconnected_at) return { skipped: "the calendar was disconnected" };
    if (cal.token_status === "healthy") return { skipped: "the calendar is healthy again" };
    if (cal.last_alert_at && now.getTime() - cal.last_alert_at.getTime() < ALERT_INTERVAL_MS) {
      return { skipped: "the manager was alerted within 24 h" };
    }
    if (!property.manager_email) return { skipped: "the property has no manager email" };
    const [{ upcoming }] = await tx<{ upcoming: number }[]>`select count(*)::int as upcoming from public.tour_bookings
      where agent_calendar_id = ${cal.id} and status = 'confirmed' and start_at > ${now}`;
    const status: CalendarConnectionStatus = ["expiring", "expired", "revoked"].includes(cal.token_status)
      ? cal.token_status as CalendarConnectionStatus
      : "error";
    const email = calendarReconnectAlertEmail({
      property: propertyInfo(property),
      calendar: { accountEmail: cal.account_email, agentName: cal.display_name ?? undefined },
      status,
      settingsUrl: settingsLink(run, property),
      checkedAt: now,
      upcomingTourCount: upcoming,
    });
    await run.senders.email.send({
      to: managerList(property.manager_email),
      subject: email.subject,
      html: email.html,
      text: email.text,
      idempotencyKey: row.dedupe_key,
    });
    await tx`update public.agent_calendars set last_alert_at = ${now} where id = ${cal.id}`;
    return {};
  }, run.d.sql);
}

const KIND_LABELS: Record<string, string> = {
  google_event_upsert: "Google Calendar event",
  google_event_cancel: "Google Calendar cancellation",
  email: "Email",
  sms: "Text message",
  webhook: "Webhook",
};

const TEMPLATE_LABELS: Record<string, string> = {
  tour_confirmation: "confirmation",
  tour_reminder_24h: "24-hour reminder",
  tour_reminder_1h: "1-hour reminder",
  tour_cancelled: "cancellation",
  tour_rescheduled: "new time",
};

/**
 * One email for every dead row of the property whose alert is still queued: the other
 * queued alerts (even ones another worker holds) are folded into this one, and rolled
 * back with it if the send fails.
 */
export async function sendDeadAlert(run: Run, row: OutboxRow): Promise<EffectResult> {
  const property = propertyFor(run, row);
  if (!property.manager_email) return { skipped: "the property has no manager email" };
  return await withJobs(async (tx) => {
    // One property's dead-row alerts go out one at a time; each takes all still queued.
    await tx`select pg_advisory_xact_lock(hashtext(${`outbox-dead-alert:${row.property_id}`}))`;
    const [own] = await tx<{ status: string }[]>`select status from public.outbox where id = ${row.id}::bigint`;
    if (own?.status !== "pending") return { skipped: "sent with another alert" };
    const now = run.d.clock.now();
    const folded: { payload: { outboxId: number } }[] = await tx`update public.outbox set status = 'done', done_at = ${now},
        locked_until = null, last_error = ${`sent with alert ${row.id}`}
      where property_id = ${row.property_id} and kind = 'manager_alert' and status = 'pending'
        and payload ->> 'type' = 'outbox_dead' and id <> ${row.id}::bigint
      returning payload`;
    const ids = [Number(row.payload.outboxId), ...folded.map((f) => Number(f.payload.outboxId))];
    const items = await deadItems(tx, ids, property);
    if (!items.length) return { skipped: "nothing left to report" };
    const email = outboxDeadAlertEmail({ property: propertyInfo(property), items, dashboardUrl: settingsLink(run, property) });
    await run.senders.email.send({
      to: managerList(property.manager_email),
      subject: email.subject,
      html: email.html,
      text: email.text,
      idempotencyKey: row.dedupe_key,
    });
    return {};
  }, run.d.sql);
}

async function deadItems(tx: Tx, ids: number[], property: PropertyRow): Promise<DeadOutboxItem[]> {
  const rows = await tx<{
    kind: string;
    payload: { bookingId?: string; template?: string; event?: { type?: string; data?: { tour?: { id?: string } } } };
    attempts: number;
    last_error: string | null;
    done_at: Date | null;
    first_name: string | null;
    last_name: string | null;
    start_at: Date | null;
  }[]>`select o.kind, o.payload, o.attempts, o.last_error, o.done_at, b.first_name, b.last_name, b.start_at
    from public.outbox o left join public.tour_bookings b on b.id::text = o.payload ->> 'bookingId'
    where o.id = any(${ids}::bigint[]) and o.status = 'dead' order by o.id`;
  return rows.map((r) => ({
    kind: [KIND_LABELS[r.kind] ?? r.kind, r.payload.template ? `(${TEMPLATE_LABELS[r.payload.template] ?? r.payload.template})` : ""]
      .filter(Boolean).join(" "),
    description: r.payload.event?.type
      ? `The ${r.payload.event.type} event for your CRM`
      : r.start_at
      ? `${`${r.first_name ?? ""} ${r.last_name ?? ""}`.trim() || "A prospect"}, ${formatFull(r.start_at, property.time_zone)}`
      : "A tour",
    attempts: r.attempts,
    lastError: r.last_error ?? "unknown error",
    lastAttemptAt: r.done_at ?? new Date(0),
  }));
}
