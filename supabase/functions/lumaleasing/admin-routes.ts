// What the WordPress plugin's server calls with the site secret.
import { withProperty } from "../_shared/adapters/db.ts";
import { json, readJson, type RouteContext } from "../_shared/adapters/http.ts";
import { SitePagesRequest, TourOutcomeRequest } from "../_shared/contracts/admin.ts";
import { fieldErrors } from "../_shared/contracts/widget.ts";
import { recordTourOutcome } from "../_shared/services/tour-outcome.ts";
import { deps } from "../_shared/services/deps.ts";
import { loadProperty } from "../_shared/services/property.ts";
import { authenticateSite } from "../_shared/services/request-auth.ts";
import { saveSitePages, SitePagesRefused } from "../_shared/services/site-pages.ts";
import { drainSoon } from "./drain.ts";

/** GET admin/verify: the settings page checks a pasted site key. */
export async function verify({ req }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  const p = await withProperty(propertyId, (tx) => loadProperty(tx, propertyId), d.sql);
  return json(200, { success: true, property: { id: p.id, name: p.name, timezone: p.timeZone } });
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
