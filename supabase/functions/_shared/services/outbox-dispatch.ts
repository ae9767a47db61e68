// The outbox dispatcher: claims due rows (as lumaleasing_jobs, FOR UPDATE SKIP LOCKED, a
// lease in locked_until), performs each side effect, then marks it done, schedules a
// retry with backoff, or — after MAX_ATTEMPTS or an error that cannot clear — marks it
// dead and queues one alert for the property manager. Safe to run in parallel and again
// after a crash: a claimed row comes back when its lease runs out, emails carry the
// dedupe key as the provider's idempotency key, SMS are marked in flight before the call
// and looked up at the provider before a retry, Google events have client-chosen ids.
// Every time comes from the clock, so tests can move it.
//
// The steps live beside it, one file each: outbox-email.ts and outbox-sms.ts (the
// prospect's messages), outbox-calendar.ts (Google Calendar), outbox-hubspot.ts (HubSpot), outbox-alerts.ts (the
// manager's emails), outbox-metric-alert.ts (an organization's metric alerts); outbox-run.ts holds what they share.
import { z } from "zod";
import { type Tx, withJobs } from "../adapters/db.ts";
import { DeliveryError } from "../adapters/delivery-error.ts";
import { enqueue } from "../adapters/outbox-store.ts";
import { GoogleError } from "../adapters/google.ts";
import { HubSpotError } from "../adapters/hubspot-error.ts";
import { OutboxPayload } from "../contracts/outbox.ts";
import { IcsInputError } from "../core/ics.ts";
import { type Budget, type BudgetedRun, mayStartBatch } from "../core/job-limits.ts";
import { MessageInputError } from "../core/messages.ts";
import { retryDelayMs, verdictFor } from "../core/outbox-policy.ts";
import { inPool } from "../core/pool.ts";
import { CalendarUnavailableError } from "./calendar-tokens.ts";
import type { Deps } from "./deps.ts";
import { defaultJobBudget } from "./job-budget.ts";
import { recordMetricTx } from "./metrics-record.ts";
import { sendDeadAlert, sendReconnectAlert } from "./outbox-alerts.ts";
import { sendPortfolioReconnect } from "./outbox-portfolio.ts";
import { removeTourEvent, writeTourEvent } from "./outbox-calendar.ts";
import { sendProspectEmail } from "./outbox-email.ts";
import { sendMetricAlert } from "./outbox-metric-alert.ts";
import { syncHubSpot } from "./outbox-hubspot.ts";
import {
  BOOKING_COLUMNS,
  type BookingRow,
  type EffectResult,
  LeaseLostError,
  type OutboxRow,
  PermanentError,
  PROPERTY_COLUMNS,
  type PropertyRow,
  type Run,
} from "./outbox-run.ts";
import { sendProspectSms } from "./outbox-sms.ts";
import { deliverWebhook, type WebhookDelivery } from "./outbox-webhook.ts";
import { type Senders, sendersFromEnv } from "./senders.ts";

export { PermanentError } from "./outbox-run.ts";
export { staleReason } from "./outbox-prospect.ts";
export { type Senders, sendersFromEnv } from "./senders.ts";

/** How long a claimed row is ours before another dispatcher may take it again. */
export const LEASE_MS = 2 * 60_000;

export interface DispatchOptions {
  /** The most rows one run handles (default 5,000). */
  limit?: number;
  /** Only this property's rows. */
  propertyId?: string;
  senders?: Senders;
  /** Side effects in flight at once (default 8). */
  concurrency?: number;
  /** Rows claimed at a time (default 4 × concurrency). */
  batchSize?: number;
  /** No new batch is claimed once spent (default: the jobs' default CPU and wall limits). */
  budget?: Budget;
  random?: () => number;
  /** How webhooks are sent (default: from the environment). */
  webhooks?: WebhookDelivery;
}

export interface DispatchSummary {
  claimed: number;
  /** Finished, including `skipped`. */
  done: number;
  /** Finished without doing anything (e.g. the booking was cancelled first). */
  skipped: number;
  retried: number;
  dead: number;
}

export async function dispatchOutbox(d: Deps, opts: DispatchOptions = {}): Promise<DispatchSummary> {
  return (await dispatchSlice(d, opts)).summary;
}

/** One invocation's dispatch, within its budget; `more` when the budget or the limit ran out with rows perhaps still due. */
export async function dispatchSlice(d: Deps, opts: DispatchOptions = {}): Promise<BudgetedRun<DispatchSummary>> {
  const limit = opts.limit ?? 5000;
  const concurrency = Math.max(1, opts.concurrency ?? 8);
  const batchSize = Math.max(1, opts.batchSize ?? concurrency * 4);
  // Measured CPU and wall time: the budget is about the invocation, not the business clock.
  const budget = opts.budget ?? defaultJobBudget();
  const summary: DispatchSummary = { claimed: 0, done: 0, skipped: 0, retried: 0, dead: 0 };
  const run: Run = {
    d,
    senders: opts.senders ?? sendersFromEnv(),
    random: opts.random ?? Math.random,
    properties: new Map(),
    bookings: new Map(),
    webhooks: opts.webhooks,
  };
  for (;;) {
    if (summary.claimed >= limit || !mayStartBatch(summary.claimed, budget)) return { summary, more: true };
    const batch = await claim(d, Math.min(batchSize, limit - summary.claimed), opts.propertyId);
    if (!batch.length) break;
    summary.claimed += batch.length;
    await prefetch(run, batch);
    await inPool(batch, concurrency, async (row) => {
      const outcome = await processRow(run, row);
      summary[outcome]++;
      if (outcome === "skipped") summary.done++;
    });
  }
  return { summary, more: false };
}

async function claim(d: Deps, n: number, propertyId: string | undefined): Promise<OutboxRow[]> {
  const now = d.clock.now();
  return await withJobs((tx) =>
    tx<OutboxRow[]>`update public.outbox o set locked_until = ${new Date(now.getTime() + LEASE_MS)}, attempts = o.attempts + 1
      where o.id in (
        select c.id from public.outbox c
        where c.status = 'pending' and c.next_attempt_at <= ${now} and (c.locked_until is null or c.locked_until < ${now})
          ${propertyId ? tx`and c.property_id = ${propertyId}` : tx``}
          -- In order per key: not while an earlier row with the same key is still pending.
          and (c.ordering_key is null or not exists (select 1 from public.outbox e
            where e.ordering_key = c.ordering_key and e.status = 'pending' and e.id < c.id))
        order by c.next_attempt_at, c.id
        limit ${n}
        for update skip locked)
      returning o.id::text as id, o.property_id, o.kind, o.payload, o.dedupe_key, o.attempts, o.created_at`, d.sql);
}

/** One query for the batch's bookings and properties instead of one per row. */
async function prefetch(run: Run, batch: OutboxRow[]) {
  const bookingIds = [...new Set(batch.map((r) => r.payload.bookingId).filter((id): id is string => typeof id === "string"))];
  const propertyIds = [...new Set(batch.map((r) => r.property_id))].filter((id) => !run.properties.has(id));
  await withJobs(async (tx) => {
    if (bookingIds.length) {
      const rows = await tx.unsafe<BookingRow[]>(`select ${BOOKING_COLUMNS} from public.tour_bookings where id = any($1::uuid[])`, [bookingIds]);
      for (const b of rows) run.bookings.set(b.id, b);
    }
    if (propertyIds.length) {
      const rows = await tx.unsafe<PropertyRow[]>(`select ${PROPERTY_COLUMNS} from public.properties where id = any($1::uuid[])`, [propertyIds]);
      for (const p of rows) run.properties.set(p.id, p);
    }
  }, run.d.sql);
}

type Outcome = "done" | "skipped" | "retried" | "dead";

async function processRow(run: Run, row: OutboxRow): Promise<Outcome> {
  let result: EffectResult;
  try {
    result = await runEffect(run, row);
  } catch (err) {
    if (err instanceof LeaseLostError) return "retried"; // the row is another run's now
    const failure = describeFailure(err);
    try {
      if (verdictFor(failure.retryable, row.attempts) === "retry") {
        await markRetry(run, row, failure);
        return "retried";
      }
      await markDead(run, row, failure.reason);
      return "dead";
    } catch (markErr) {
      // The lease runs out and the row is tried again.
      console.error(`outbox ${row.id}: could not record the failure:`, markErr);
      return "retried";
    }
  }
  try {
    await markDone(run, row, result);
  } catch (err) {
    console.error(`outbox ${row.id}: done but not recorded (will be retried):`, err);
    return "retried";
  }
  return result.skipped ? "skipped" : "done";
}

interface Failure {
  retryable: boolean;
  reason: string;
  retryAfterMs: number | null;
}

function describeFailure(err: unknown): Failure {
  if (err instanceof DeliveryError) {
    return { retryable: err.retryable, reason: err.message.slice(0, 500), retryAfterMs: err.retryAfterMs };
  }
  if (err instanceof GoogleError) {
    return { retryable: err.retryable, reason: `Google ${err.status || "network"} ${err.reason}: ${err.message}`.slice(0, 500), retryAfterMs: null };
  }
  if (err instanceof HubSpotError) {
    return { retryable: err.retryable, reason: `HubSpot ${err.status || "network"} ${err.category}: ${err.message}`.slice(0, 500), retryAfterMs: err.retryAfterMs };
  }
  if (err instanceof CalendarUnavailableError) {
    // Comes back when the manager reconnects; they have been alerted.
    return { retryable: true, reason: `calendar ${err.status}: reconnect it in the settings`, retryAfterMs: null };
  }
  if (err instanceof PermanentError || err instanceof MessageInputError || err instanceof IcsInputError || err instanceof z.ZodError) {
    return { retryable: false, reason: String(err instanceof Error ? err.message : err).slice(0, 500), retryAfterMs: null };
  }
  return { retryable: true, reason: String(err instanceof Error ? err.message : err).slice(0, 500), retryAfterMs: null };
}

async function markDone(run: Run, row: OutboxRow, result: EffectResult) {
  const now = run.d.clock.now();
  const note = result.skipped ?? result.note ?? null;
  const answered = result.responseStatus ?? null;
  await withJobs(async (tx) => {
    const [done] = await tx`update public.outbox set status = 'done', done_at = ${now}, locked_until = null, last_error = ${note},
        provider_message_id = ${result.providerMessageId ?? null},
        response_status = coalesce(${answered}::int, response_status),
        last_attempt_at = case when ${answered}::int is null then last_attempt_at else ${now} end
      where id = ${row.id}::bigint and status = 'pending' returning id`;
    if (done) await recordOutcome(tx, row, result.skipped ? "skipped" : "sent", now);
  }, run.d.sql);
}

async function markRetry(run: Run, row: OutboxRow, failure: Failure) {
  const now = run.d.clock.now();
  const next = new Date(now.getTime() + retryDelayMs(row.attempts, run.random, failure.retryAfterMs));
  await withJobs(async (tx) => {
    const [failed] = await tx`update public.outbox set next_attempt_at = ${next}, locked_until = null, last_error = ${failure.reason}
      where id = ${row.id}::bigint and status = 'pending' returning id`;
    if (failed) await recordOutcome(tx, row, "failed", now);
  }, run.d.sql);
}

/** Dead: recorded with its reason, and the manager told once (alerts themselves never alert). */
async function markDead(run: Run, row: OutboxRow, reason: string) {
  const now = run.d.clock.now();
  await withJobs(async (tx) => {
    const [dead] = await tx`update public.outbox set status = 'dead', done_at = ${now}, locked_until = null, last_error = ${reason}
      where id = ${row.id}::bigint and status = 'pending' returning id`;
    if (dead) await recordOutcome(tx, row, "dead", now);
    if (!dead || row.kind === "manager_alert" || row.kind === "metric_alert") return;
    await enqueue(tx, row.property_id, [{
      kind: "manager_alert",
      payload: { type: "outbox_dead", outboxId: Number(row.id), kind: row.kind, error: reason },
      dedupeKey: `alert:outbox-dead:${row.id}`,
    }], now);
  }, run.d.sql);
}

/** Each attempt's outcome as a metric, with the row's state: Google's event writes, every delivery by kind. */
async function recordOutcome(tx: Tx, row: OutboxRow, outcome: "sent" | "skipped" | "failed" | "dead", now: Date) {
  if (row.kind === "google_event_upsert" || row.kind === "google_event_cancel") {
    if (outcome === "skipped") return;
    await recordMetricTx(tx, row.property_id, { kind: "google_api", outcome: outcome === "sent" ? "ok" : "fail", detail: row.kind }, now);
    return;
  }
  const template = (row.payload as { template?: unknown } | null)?.template;
  const detail = typeof template === "string" ? `${row.kind}:${template}` : row.kind;
  await recordMetricTx(tx, row.property_id, { kind: "delivery", outcome, detail }, now);
}

async function runEffect(run: Run, row: OutboxRow): Promise<EffectResult> {
  switch (row.kind) {
    case "email":
      return await sendProspectEmail(run, row, OutboxPayload.email.parse(row.payload));
    case "sms":
      return await sendProspectSms(run, row, OutboxPayload.sms.parse(row.payload));
    case "google_event_upsert":
      return await writeTourEvent(run, row, OutboxPayload.google_event_upsert.parse(row.payload).bookingId);
    case "google_event_cancel":
      return await removeTourEvent(run, row, OutboxPayload.google_event_cancel.parse(row.payload).bookingId);
    case "hubspot_sync":
      return await syncHubSpot(run, row, OutboxPayload.hubspot_sync.parse(row.payload));
    case "manager_alert": {
      const alert = OutboxPayload.manager_alert.parse(row.payload);
      if (alert.type === "portfolio_reconnect") return await sendPortfolioReconnect(run, row, alert.batchId, alert.recipient);
      return alert.type === "calendar_reconnect"
        ? await sendReconnectAlert(run, row, alert.calendarId)
        : await sendDeadAlert(run, row);
    }
    case "webhook":
      return await deliverWebhook(run, row, OutboxPayload.webhook.parse(row.payload));
    case "metric_alert":
      return await sendMetricAlert(run, row, OutboxPayload.metric_alert.parse(row.payload));
    default:
      throw new PermanentError(`unknown outbox kind ${row.kind}`);
  }
}
