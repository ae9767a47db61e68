// What the WordPress server calls to connect HubSpot (site secret): the status, saving a
// private-app token (checked with HubSpot first; stored encrypted; never answered back),
// disconnecting, and the outcome → lead status map.
import { withProperty } from "../_shared/adapters/db.ts";
import { apiError, json, readJson, type RouteContext } from "../_shared/adapters/http.ts";
import { fieldErrors } from "../_shared/contracts/widget.ts";
import { HubSpotConnectRequest, HubSpotSettingsRequest } from "../_shared/contracts/hubspot.ts";
import { deps } from "../_shared/services/deps.ts";
import { leadStatusMap, loadConnection, saveConnection, statusOf, verifyToken } from "../_shared/services/hubspot-connection.ts";
import { authenticateSite } from "../_shared/services/request-auth.ts";

/** GET admin/hubspot */
export async function hubspotStatus({ req }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  const row = await withProperty(propertyId, (tx) => loadConnection(tx, propertyId), d.sql);
  return json(200, statusOf(row), { "cache-control": "no-store" });
}

/** POST admin/hubspot {token} */
export async function hubspotConnect({ req }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  const parsed = HubSpotConnectRequest.safeParse(await readJson(req));
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error);
    return apiError(422, "invalid_input", fields.token ?? "Paste the private app's access token.", { error: { fields } });
  }
  const details = await verifyToken(parsed.data.token);
  const now = d.clock.now();
  const row = await withProperty(propertyId, async (tx) => {
    await saveConnection(tx, propertyId, parsed.data.token, details, d.encryptionKey, now);
    return await loadConnection(tx, propertyId);
  }, d.sql);
  return json(200, statusOf(row));
}

/** POST admin/hubspot/disconnect: forgets the token (HubSpot's ids on our rows stay). */
export async function hubspotDisconnect({ req }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  const removed = await withProperty(propertyId, async (tx) => {
    const rows = await tx`delete from public.hubspot_connections where property_id = ${propertyId} returning property_id`;
    return rows.length > 0;
  }, d.sql);
  return json(200, { ...statusOf(undefined), disconnected: removed });
}

/** POST admin/hubspot/settings {leadStatusMap: {completed?, no_show?, booked?, cancelled?}} */
export async function hubspotSettings({ req }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  const parsed = HubSpotSettingsRequest.safeParse(await readJson(req));
  if (!parsed.success) {
    return apiError(422, "invalid_input", "Each outcome maps to one of HubSpot's lead statuses, or null to leave it.", {
      error: { fields: fieldErrors(parsed.error) },
    });
  }
  const now = d.clock.now();
  const row = await withProperty(propertyId, async (tx) => {
    const current = await loadConnection(tx, propertyId);
    if (!current) return null;
    const next = { ...leadStatusMap(current), ...parsed.data.leadStatusMap };
    await tx`update public.hubspot_connections set lead_status_map = ${tx.json(next)}, updated_at = ${now}
      where property_id = ${propertyId}`;
    return await loadConnection(tx, propertyId);
  }, d.sql);
  if (!row) return apiError(409, "hubspot_not_connected", "Connect HubSpot first.");
  return json(200, statusOf(row));
}
