// Reading the success metrics (lumaleasing.period_metrics / weekly_metrics) for a property
// or an organization, as the caller's role sees them: RLS decides what is counted.
import { type Sql, type Tx, withPortfolio, withProperty } from "../adapters/db.ts";
import type { MetricRow } from "../contracts/metrics.ts";

export type MetricsScope = { propertyId: string } | { organizationId: string };

interface Raw {
  metric: string;
  value: string | null;
  unit: string;
  target: string;
  state: MetricRow["state"];
  numerator: string | null;
  denominator: string | null;
}

const num = (v: string | null) => (v === null ? null : Number(v));

function row(r: Raw): MetricRow {
  return { metric: r.metric, value: num(r.value), unit: r.unit, target: r.target, state: r.state, numerator: num(r.numerator), denominator: num(r.denominator) };
}

async function inScope<T>(sql: Sql, scope: MetricsScope, fn: (tx: Tx, ids: string[] | null) => Promise<T>): Promise<T> {
  if ("propertyId" in scope) return await withProperty(scope.propertyId, (tx) => fn(tx, [scope.propertyId]), sql);
  return await withPortfolio(scope.organizationId, (tx) => fn(tx, null), sql);
}

/** The metrics for [from, to) with how many properties they cover. */
export async function periodMetrics(sql: Sql, scope: MetricsScope, from: Date, to: Date): Promise<{ properties: number; metrics: MetricRow[] }> {
  return await inScope(sql, scope, async (tx, ids) => {
    const rows = await tx<Raw[]>`select metric, value::text, unit, target, state, numerator::text, denominator::text
      from lumaleasing.period_metrics(${from}, ${to}, ${ids}::uuid[])`;
    const [{ n }] = await tx<{ n: number }[]>`select count(*)::int as n from public.properties`;
    return { properties: n, metrics: rows.map(row) };
  });
}

/** The last `weeks` weeks (Monday 00:00 UTC), the current one up to `now`, oldest first. */
export async function weeklyMetrics(sql: Sql, scope: MetricsScope, weeks: number, now: Date): Promise<Array<{ weekStart: string; metrics: MetricRow[] }>> {
  return await inScope(sql, scope, async (tx, ids) => {
    const rows = await tx<(Raw & { week_start: Date })[]>`select week_start, metric, value::text, unit, target, state,
        numerator::text, denominator::text
      from lumaleasing.weekly_metrics(${weeks}, ${now}, ${ids}::uuid[])`;
    const byWeek = new Map<string, MetricRow[]>();
    for (const r of rows) {
      const key = r.week_start.toISOString();
      if (!byWeek.has(key)) byWeek.set(key, []);
      byWeek.get(key)!.push(row(r));
    }
    return [...byWeek].map(([weekStart, metrics]) => ({ weekStart, metrics }));
  });
}
