// The Portfolio page's routes (Authorization: Bearer llpk_…, the organization): calendar
// health across its properties, recent token refresh activity, and re-connect emails.
import { apiError, json, readJson, type RouteContext } from "../_shared/adapters/http.ts";
import { HealthQuery, ReconnectEmailsRequest, RefreshActivityQuery } from "../_shared/contracts/portfolio.ts";
import { fieldErrors } from "../_shared/contracts/widget.ts";
import { filterHealth } from "../_shared/core/portfolio-health.ts";
import { deps } from "../_shared/services/deps.ts";
import { portfolioHealth, refreshActivity } from "../_shared/services/portfolio-health.ts";
import { requestReconnectEmails } from "../_shared/services/portfolio-reconnect.ts";
import { authenticatePortfolio } from "../_shared/services/request-auth.ts";
import { drainSoon } from "./drain.ts";

function invalidQuery(error: Parameters<typeof fieldErrors>[0]): Response {
  const fields = fieldErrors(error);
  return apiError(400, "invalid_query", Object.values(fields)[0] ?? "invalid query", { error: { fields } });
}

/** GET portfolio/health?status=healthy|expiring|expired|revoked&q=text */
export async function portfolioHealthRoute({ req, url }: RouteContext): Promise<Response> {
  const d = deps();
  const { organizationId } = await authenticatePortfolio(req, d.sql);
  const parsed = HealthQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return invalidQuery(parsed.error);
  const now = d.clock.now();
  const { organization, rows } = await portfolioHealth(d.sql, organizationId, now);
  const filtered = filterHealth(rows, parsed.data.status, parsed.data.q);
  return json(200, {
    success: true,
    organization,
    now: now.toISOString(),
    properties: new Set(rows.map((r) => r.propertyId)).size,
    counts: filtered.counts,
    rows: filtered.rows,
  });
}

/** GET portfolio/refresh-activity?limit=50 */
export async function portfolioRefreshActivityRoute({ req, url }: RouteContext): Promise<Response> {
  const d = deps();
  const { organizationId } = await authenticatePortfolio(req, d.sql);
  const parsed = RefreshActivityQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return invalidQuery(parsed.error);
  const activity = await refreshActivity(d.sql, organizationId, parsed.data.limit ?? 50);
  return json(200, { success: true, activity });
}

/** POST portfolio/reconnect-emails { calendarIds, by: { name, email } } */
export async function portfolioReconnectEmailsRoute({ req }: RouteContext): Promise<Response> {
  const d = deps();
  const { organizationId } = await authenticatePortfolio(req, d.sql);
  const parsed = ReconnectEmailsRequest.safeParse(await readJson(req));
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error);
    return apiError(422, "invalid_input", Object.values(fields)[0] ?? "The request is not valid.", { error: { fields } });
  }
  const { propertyIds, ...result } = await requestReconnectEmails(d.sql, organizationId, parsed.data, d.clock.now());
  // The emails go right after the answer; the outbox job retries whatever fails.
  for (const propertyId of propertyIds) drainSoon(propertyId);
  return json(200, { success: true, ...result });
}
