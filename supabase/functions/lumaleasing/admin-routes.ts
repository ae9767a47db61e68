// What the WordPress plugin's server calls with the site secret.
import { withProperty } from "../_shared/adapters/db.ts";
import { json, readJson, type RouteContext } from "../_shared/adapters/http.ts";
import { SitePagesRequest, TourOutcomeRequest } from "../_shared/contracts/admin.ts";
import { fieldErrors } from "../_shared/contracts/widget.ts";
import { recordTourOutcome } from "../_shared/services/tour-outcome.ts";
import { deps } from "../_shared/services/deps.ts";
import { loadProperty } from "../_shared/services/property.ts";
import { authenticateSite } from "../_shared/services/request-auth.ts";
import { OUTCOME_NEEDED_AFTER_MS } from "../_shared/contracts/tour-admin.ts";
import { outcomeNeeded } from "../_shared/services/tour-detail.ts";
import { saveSitePages, SitePagesRefused } from "../_shared/services/site-pages.ts";
import { drainSoon } from "./drain.ts";

/** GET admin/verify: the settings page checks a pasted site key. */
export async function verify({ req }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  const p = await withProperty(propertyId, (tx) => loadProperty(tx, propertyId), d.sql);
  return json(200, { success: true, property: { id: p.id, name: p.name, timezone: p.timeZone } });
}

/** GET admin/tours?days=14: upcoming tours for the settings page. */
export async function tours({ req, url }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  const days = Math.min(90, Math.max(1, Number(url.searchParams.get("days") ?? 14) || 14));
  const now = d.clock.now();
  const until = new Date(now.getTime() + days * 86_400_000);
  const outcomeBefore = new Date(now.getTime() - OUTCOME_NEEDED_AFTER_MS);
  const { property, rows } = await withProperty(propertyId, async (tx) => ({
    property: await loadProperty(tx, propertyId),
    rows: await tx`select b.id, b.start_at, b.end_at, b.first_name, b.last_name, b.email, b.status, b.source, c.account_email
      from public.tour_bookings b left join public.agent_calendars c on c.id = b.agent_calendar_id
      where (b.end_at > ${now} and b.start_at < ${until})
        -- and the past tours still waiting for their outcome (up to 90 days back)
        or (b.status = 'confirmed' and b.end_at < ${outcomeBefore} and b.end_at > ${new Date(now.getTime() - 90 * 86_400_000)})
      order by b.start_at limit 500`,
  }), d.sql);
  const date = new Intl.DateTimeFormat("en-CA", { timeZone: property.timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  const time = new Intl.DateTimeFormat("en-GB", { timeZone: property.timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return json(200, {
    success: true,
    timezone: property.timeZone,
    tours: rows.map((r) => ({
      id: r.id,
      start: r.start_at.toISOString(),
      end: r.end_at.toISOString(),
      localDate: date.format(r.start_at),
      localTime: time.format(r.start_at),
      prospectName: `${r.first_name} ${r.last_name}`,
      prospectEmail: r.email,
      agentEmail: r.account_email,
      status: r.status,
      source: r.source,
      outcomeNeeded: outcomeNeeded(r.status, r.end_at, now),
    })),
  });
}

/** POST admin/tours/:id/outcome {outcome: "completed" | "no_show"}: the office marks a tour. */
export async function tourOutcome({ req, params }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  const parsed = TourOutcomeRequest.safeParse(await readJson(req));
  if (!parsed.success) {
    return json(422, { success: false, error: { code: "invalid_input", message: "Check the outcome.", fields: fieldErrors(parsed.error) } });
  }
  if (!/^[0-9a-f-]{36}$/i.test(params.id)) return json(404, { success: false, error: { code: "not_found", message: "No such tour." } });
  const tour = await recordTourOutcome(d, propertyId, params.id, parsed.data.outcome, parsed.data.by);
  drainSoon(propertyId);
  return json(200, { success: true, tour });
}

/** POST admin/site-pages {managePageUrl, settingsPageUrl}: where the site's pages are. */
export async function sitePages({ req }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  const parsed = SitePagesRequest.safeParse(await readJson(req));
  if (!parsed.success) {
    return json(422, { success: false, error: { code: "invalid_input", message: "Check the page addresses.", fields: fieldErrors(parsed.error) } });
  }
  try {
    await withProperty(propertyId, (tx) => saveSitePages(tx, propertyId, parsed.data), d.sql);
  } catch (err) {
    if (err instanceof SitePagesRefused) {
      return json(422, { success: false, error: { code: "origin_not_allowed", message: err.message, fields: err.fields } });
    }
    throw err;
  }
  return json(200, { success: true, pages: parsed.data });
}
