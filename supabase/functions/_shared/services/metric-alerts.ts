// The metric-alerts job (hourly): for each organization with an operations email, the last
// 24 hours of token refresh success, reminder delivery, booking success and Google API
// success (lumaleasing.period_metrics, the organization's scope), and for each one that
// failed its target one email queued through the outbox — at most one per organization,
// metric and UTC day (the dedupe key says so), however often the job runs. A metric with
// nothing measured is no_data and never alerts.
//
// In rounds, like the calendar jobs: each batch claims the organizations not looked at since
// the round began (least recently first), stamping them as it claims (SKIP LOCKED, so
// overlapping runs take different ones); the run stops taking batches when its budget is
// spent and its successor carries on.
import { type Tx, withJobs } from "../adapters/db.ts";
import { enqueue } from "../adapters/outbox-store.ts";
import { type Budget, type BudgetedRun, DEFAULT_BATCH, mayStartBatch } from "../core/job-limits.ts";
import { ALERTED_METRICS, isAlertedMetric } from "../core/metric-alert-message.ts";
import type { Deps } from "./deps.ts";
import { defaultJobBudget } from "./job-budget.ts";

export const METRIC_ALERT_WINDOW_MS = 24 * 60 * 60_000;

export interface MetricAlertSummary {
  organizations: number;
  /** Misses seen (an alert already queued today for the same metric counts, but is not queued again). */
  misses: number;
  queued: number;
}

export interface MetricAlertOptions {
  /** Only the organization of this property (tests, manual runs). */
  propertyId?: string;
  since?: Date;
  batchSize?: number;
  budget?: Budget;
}

interface OrgRow {
  id: string;
}

interface FailRow {
  metric: string;
  value: string;
  unit: string;
  target: string;
  numerator: string | null;
  denominator: string | null;
}

/** One invocation's checks within its budget; `more` when it ran out with organizations perhaps unchecked this round. */
export async function metricAlertsSlice(d: Deps, opts: MetricAlertOptions = {}): Promise<BudgetedRun<MetricAlertSummary>> {
  const summary: MetricAlertSummary = { organizations: 0, misses: 0, queued: 0 };
  const since = opts.since ?? d.clock.now();
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH["metric-alerts"]);
  const budget = opts.budget ?? defaultJobBudget();
  for (;;) {
    if (!mayStartBatch(summary.organizations, budget)) return { summary, more: true };
    const orgs = await claimOrganizations(d, since, batchSize, opts.propertyId);
    for (const org of orgs) {
      const { misses, queued } = await checkOrganization(d, org.id);
      summary.organizations++;
      summary.misses += misses;
      summary.queued += queued;
    }
    if (orgs.length < batchSize) return { summary, more: false };
  }
}

async function claimOrganizations(d: Deps, since: Date, n: number, propertyId: string | undefined): Promise<OrgRow[]> {
  const now = d.clock.now();
  return await withJobs((tx) =>
    tx<OrgRow[]>`update public.organizations o set metric_alerts_checked_at = ${now}
      where o.id in (
        select c.id from public.organizations c
        where c.operations_email is not null
          and (c.metric_alerts_checked_at is null or c.metric_alerts_checked_at < ${since})
          and exists (select 1 from public.properties p where p.organization_id = c.id)
          and (${propertyId ?? null}::uuid is null
            or c.id = (select p.organization_id from public.properties p where p.id = ${propertyId ?? null}::uuid))
        order by c.metric_alerts_checked_at nulls first, c.id
        limit ${n}
        for update skip locked)
      returning o.id`, d.sql);
}

/** The organization's last 24 h; one alert queued per failed metric not yet alerted today. */
async function checkOrganization(d: Deps, organizationId: string): Promise<{ misses: number; queued: number }> {
  const now = d.clock.now();
  const from = new Date(now.getTime() - METRIC_ALERT_WINDOW_MS);
  const day = now.toISOString().slice(0, 10);
  return await withJobs(async (tx) => {
    await tx`select set_config('request.jwt.claims', ${JSON.stringify({ organization_id: organizationId })}, true)`;
    const misses = await tx<FailRow[]>`select metric, value::text, unit, target, numerator::text, denominator::text
      from lumaleasing.period_metrics(${from}, ${now})
      where state = 'fail' and metric = any (${Object.keys(ALERTED_METRICS)}::text[])`;
    if (!misses.length) return { misses: 0, queued: 0 };
    // The outbox files every row under a property: the organization's first.
    const [anchor] = await tx<{ id: string }[]>`select id from public.properties where organization_id = ${organizationId}
      order by created_at, id limit 1`;
    if (!anchor) return { misses: 0, queued: 0 };
    let queued = 0;
    for (const m of misses) {
      if (!isAlertedMetric(m.metric)) continue;
      queued += await queueAlert(tx, anchor.id, {
        organizationId,
        metric: m.metric,
        value: Number(m.value),
        unit: m.unit,
        target: m.target,
        numerator: m.numerator === null ? null : Number(m.numerator),
        denominator: m.denominator === null ? null : Number(m.denominator),
        from: from.toISOString(),
        to: now.toISOString(),
      }, `metric-alert:${organizationId}:${m.metric}:${day}`, now);
    }
    return { misses: misses.length, queued };
  }, d.sql);
}

async function queueAlert(
  tx: Tx,
  propertyId: string,
  payload: {
    organizationId: string;
    metric: keyof typeof ALERTED_METRICS;
    value: number;
    unit: string;
    target: string;
    numerator: number | null;
    denominator: number | null;
    from: string;
    to: string;
  },
  dedupeKey: string,
  now: Date,
): Promise<number> {
  const [before] = await tx<{ n: number }[]>`select count(*)::int as n from public.outbox where dedupe_key = ${dedupeKey}`;
  if (before.n) return 0;
  await enqueue(tx, propertyId, [{ kind: "metric_alert", payload, dedupeKey }], now);
  return 1;
}
