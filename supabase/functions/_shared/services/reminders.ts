// The reminders job: claims every confirmed tour whose reminder window is open (the rule
// and its numbers live in core/reminders.ts) and queues its email and SMS in the same
// statement. The claim is `reminder_…_sent_at = now where … is null`, so two runs at once,
// or a run after a crash, never queue a reminder twice; the outbox's dedupe keys (which
// carry the tour's start) make doubly sure. One invocation claims batches until its budget
// is spent and says whether any were left (`more`), for its successor.
import { type Tx, withJobs } from "../adapters/db.ts";
import { type Budget, type BudgetedRun, DEFAULT_BATCH, mayStartBatch } from "../core/job-limits.ts";
import { type ReminderKind, reminderWindows } from "../core/reminders.ts";
import type { Deps } from "./deps.ts";
import { defaultJobBudget } from "./job-budget.ts";

export interface ReminderCounts {
  /** Tours claimed for this reminder. */
  tours: number;
  emails: number;
  sms: number;
}

export interface RemindersSummary {
  "24h": ReminderCounts;
  "1h": ReminderCounts;
}

export interface RemindersOptions {
  propertyId?: string;
  /** Tours claimed per statement (default 1,000). */
  batchSize?: number;
  /** No new statement once spent (default: the jobs' default CPU and wall limits). */
  budget?: Budget;
}

const COLUMN: Record<ReminderKind, string> = { "24h": "reminder_24h_sent_at", "1h": "reminder_1h_sent_at" };

export async function runReminders(d: Deps, opts: RemindersOptions = {}): Promise<RemindersSummary> {
  return (await remindersSlice(d, opts)).summary;
}

/** One invocation's claims, within its budget; `more` when it ran out with tours perhaps still due. */
export async function remindersSlice(d: Deps, opts: RemindersOptions = {}): Promise<BudgetedRun<RemindersSummary>> {
  const batchSize = opts.batchSize ?? DEFAULT_BATCH.reminders;
  const budget = opts.budget ?? defaultJobBudget();
  const summary: RemindersSummary = { "24h": { tours: 0, emails: 0, sms: 0 }, "1h": { tours: 0, emails: 0, sms: 0 } };
  const now = d.clock.now();
  for (const kind of ["24h", "1h"] as const) {
    for (;;) {
      if (!mayStartBatch(summary["24h"].tours + summary["1h"].tours, budget)) return { summary, more: true };
      const counts = await withJobs((tx) => claimBatch(tx, kind, now, batchSize, opts.propertyId), d.sql);
      summary[kind].tours += counts.tours;
      summary[kind].emails += counts.emails;
      summary[kind].sms += counts.sms;
      if (counts.tours < batchSize) break;
    }
  }
  return { summary, more: false };
}

async function claimBatch(tx: Tx, kind: ReminderKind, now: Date, limit: number, propertyId?: string): Promise<ReminderCounts> {
  const w = reminderWindows[kind];
  const column = tx(COLUMN[kind]);
  const template = `tour_reminder_${kind}`;
  const [row] = await tx<ReminderCounts[]>`
    with due as (
      select id from public.tour_bookings
      where status = 'confirmed' and ${column} is null
        and start_at > ${new Date(now.getTime() + w.minLeadMs)}
        and start_at <= ${new Date(now.getTime() + w.maxLeadMs)}
        and start_at - created_at > interval '1 millisecond' * ${w.minNoticeMs}::int
        ${propertyId ? tx`and property_id = ${propertyId}` : tx``}
      order by start_at
      limit ${limit}
      for update skip locked
    ), claimed as (
      update public.tour_bookings b set ${column} = ${now}
      from due where b.id = due.id
      returning b.id, b.property_id, b.sms_consent, b.phone,
        floor(extract(epoch from b.start_at) * 1000)::bigint::text as start_ms
    ), items as (
      select property_id, 'email' as kind, jsonb_build_object('bookingId', id, 'template', ${template}::text) as payload,
        'email:' || id || ':' || ${template}::text || ':' || start_ms as dedupe_key
      from claimed
      union all
      select property_id, 'sms', jsonb_build_object('bookingId', id, 'template', ${template}::text),
        'sms:' || id || ':' || ${template}::text || ':' || start_ms
      from claimed where sms_consent and coalesce(phone, '') <> ''
    ), inserted as (
      insert into public.outbox (property_id, kind, payload, dedupe_key, next_attempt_at)
      select property_id, kind, payload, dedupe_key, ${now} from items
      on conflict (dedupe_key) do nothing
      returning kind
    )
    select (select count(*) from claimed)::int as tours,
      (select count(*) from inserted where kind = 'email')::int as emails,
      (select count(*) from inserted where kind = 'sms')::int as sms`;
  return row;
}
