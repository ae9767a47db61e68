// metrics [--org ID|NAME] [--property ID|NAME] [--from YYYY-MM-DD --to YYYY-MM-DD] [--weeks N]:
// the success metrics beside their targets, the same numbers the metrics routes answer
// (lumaleasing.period_metrics / weekly_metrics); every property without --org or --property.
import { MetricsQuery, WeeklyMetricsQuery } from "../../supabase/functions/_shared/contracts/metrics.ts";
import { allowFlags, CliError, one, type Parsed, type Result } from "./args.ts";
import { type Context, findProperty } from "./context.ts";
import { findOrganization } from "./orgs.ts";

const DAY_MS = 86_400_000;
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

interface Row {
  metric: string;
  value: number | null;
  unit: string;
  target: string;
  state: string;
  numerator: number | null;
  denominator: number | null;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const toRow = (r: Record<string, unknown>): Row => ({
  metric: r.metric as string,
  value: num(r.value),
  unit: r.unit as string,
  target: r.target as string,
  state: r.state as string,
  numerator: num(r.numerator),
  denominator: num(r.denominator),
});

function line(r: Row): string {
  const value = r.value === null ? "—" : `${r.value}${r.unit === "%" ? " %" : ` ${r.unit}`}`;
  const of = r.denominator !== null && r.numerator !== null ? `  (${r.numerator}/${r.denominator})` : "";
  return `  ${r.metric.padEnd(26)} ${value.padEnd(28)} target ${r.target.padEnd(7)} ${r.state.toUpperCase()}${of}`;
}

export async function metrics(ctx: Context, p: Parsed): Promise<Result> {
  allowFlags(p, "metrics", ["org", "property", "from", "to", "weeks"]);
  if (one(p, "org") && one(p, "property")) throw new CliError("invalid_arguments", "give --org or --property, not both");
  let weeks: number | null = null;
  if (p.flags.weeks) {
    const parsed = WeeklyMetricsQuery.safeParse({ weeks: one(p, "weeks") });
    if (!parsed.success) throw new CliError("invalid_weeks", parsed.error.issues[0].message, { "--weeks": parsed.error.issues[0].message });
    weeks = parsed.data.weeks ?? 12;
    if (p.flags.from || p.flags.to) throw new CliError("invalid_arguments", "--weeks takes no --from or --to");
  }
  const [{ now }] = await ctx.sql<{ now: Date }[]>`select now() as now`;
  const period = MetricsQuery.safeParse({ from: one(p, "from") ?? day(now.getTime() - 29 * DAY_MS), to: one(p, "to") ?? day(now.getTime()) });
  if (!period.success) {
    const issue = period.error.issues[0];
    throw new CliError("invalid_period", issue.message, { [`--${String(issue.path[0] ?? "from")}`]: issue.message });
  }

  let scope: Record<string, unknown> = { all: true };
  let ids: string[] | null = null;
  let title = "All properties";
  if (one(p, "org")) {
    const org = await findOrganization(ctx.sql, one(p, "org")!);
    ids = (await ctx.sql`select id from public.properties where organization_id = ${org.id}`).map((r) => r.id);
    scope = { organization: org, properties: ids.length };
    title = `Organization "${org.name}" (${ids.length} propert${ids.length === 1 ? "y" : "ies"})`;
  } else if (one(p, "property")) {
    const property = await findProperty(ctx.sql, one(p, "property")!);
    ids = [property.id];
    scope = { property: { id: property.id, name: property.name } };
    title = `Property "${property.name}"`;
  }

  if (weeks !== null) {
    const rows = await ctx.sql`select week_start, metric, value, unit, target, state, numerator, denominator
      from lumaleasing.weekly_metrics(${weeks}, ${now}, ${ids}::uuid[])`;
    const byWeek = new Map<string, Row[]>();
    for (const r of rows) {
      const key = (r.week_start as Date).toISOString();
      if (!byWeek.has(key)) byWeek.set(key, []);
      byWeek.get(key)!.push(toRow(r));
    }
    const series = [...byWeek].map(([weekStart, m]) => ({ weekStart, metrics: m }));
    const lines = [`${title}, the last ${weeks} week(s):`];
    for (const w of series) lines.push(`week of ${w.weekStart.slice(0, 10)}`, ...w.metrics.map(line));
    return { data: { scope, weeks: series }, lines };
  }

  const from = new Date(`${period.data.from}T00:00:00Z`);
  const to = new Date(Date.parse(`${period.data.to}T00:00:00Z`) + DAY_MS);
  const rows = (await ctx.sql`select metric, value, unit, target, state, numerator, denominator
    from lumaleasing.period_metrics(${from}, ${to}, ${ids}::uuid[])`).map(toRow);
  return {
    data: { scope, period: period.data, metrics: rows },
    lines: [`${title}, ${period.data.from} to ${period.data.to}:`, ...rows.map(line)],
  };
}
