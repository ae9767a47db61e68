// The success metrics: GET admin/metrics (site secret: the property) and GET portfolio/metrics
// (portfolio key: the organization), each with a weekly series at …/metrics/weekly?weeks=12.
import { apiError, json, type RouteContext } from "../_shared/adapters/http.ts";
import { MetricsQuery, WeeklyMetricsQuery } from "../_shared/contracts/metrics.ts";
import { fieldErrors } from "../_shared/contracts/widget.ts";
import { deps } from "../_shared/services/deps.ts";
import { type MetricsScope, periodMetrics, weeklyMetrics } from "../_shared/services/metrics-read.ts";
import { authenticatePortfolio, authenticateSite } from "../_shared/services/request-auth.ts";

const DAY_MS = 86_400_000;
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

function invalid(error: Parameters<typeof fieldErrors>[0]): Response {
  const fields = fieldErrors(error);
  return apiError(400, "invalid_query", Object.values(fields)[0] ?? "invalid query", { error: { fields } });
}

/** ?from&to (whole UTC days, `to` included); without both, the last 30 days to today. */
async function period(url: URL, scope: MetricsScope): Promise<Response> {
  const d = deps();
  const q = Object.fromEntries(url.searchParams);
  if (q.from === undefined && q.to === undefined) {
    const now = d.clock.now().getTime();
    q.from = day(now - 29 * DAY_MS);
    q.to = day(now);
  }
  const parsed = MetricsQuery.safeParse(q);
  if (!parsed.success) return invalid(parsed.error);
  const from = new Date(`${parsed.data.from}T00:00:00Z`);
  const to = new Date(Date.parse(`${parsed.data.to}T00:00:00Z`) + DAY_MS);
  const result = await periodMetrics(d.sql, scope, from, to);
  return json(200, { success: true, scope: { ...scope, properties: result.properties }, period: parsed.data, metrics: result.metrics });
}

async function weekly(url: URL, scope: MetricsScope): Promise<Response> {
  const d = deps();
  const parsed = WeeklyMetricsQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return invalid(parsed.error);
  const weeks = await weeklyMetrics(d.sql, scope, parsed.data.weeks ?? 12, d.clock.now());
  return json(200, { success: true, scope, weeks });
}

export async function adminMetrics({ req, url }: RouteContext): Promise<Response> {
  return await period(url, await authenticateSite(req, deps().sql));
}

export async function adminWeeklyMetrics({ req, url }: RouteContext): Promise<Response> {
  return await weekly(url, await authenticateSite(req, deps().sql));
}

export async function portfolioMetrics({ req, url }: RouteContext): Promise<Response> {
  return await period(url, await authenticatePortfolio(req, deps().sql));
}

export async function portfolioWeeklyMetrics({ req, url }: RouteContext): Promise<Response> {
  return await weekly(url, await authenticatePortfolio(req, deps().sql));
}
