// A property's HubSpot connection: the private app's token (checked with one cheap
// authenticated call before it is kept, then stored AES-GCM encrypted), the portal it
// belongs to, the outcome → lead status map, and how the last sync went.
import { decryptText, encryptText } from "../adapters/crypto.ts";
import type { Tx } from "../adapters/db.ts";
import { HttpError } from "../adapters/http.ts";
import { accountDetails, type HubSpotClient, HubSpotError, hubspotApiUrl } from "../adapters/hubspot.ts";
import { DEFAULT_LEAD_STATUS_MAP, type HubSpotStatus, LeadStatusMap } from "../contracts/hubspot.ts";

export interface HubSpotConnectionRow {
  property_id: string;
  token_enc: Uint8Array;
  portal_id: string | number;
  ui_domain: string | null;
  lead_status_map: unknown;
  connected_at: Date;
  last_sync_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
}

export async function loadConnection(tx: Tx, propertyId: string): Promise<HubSpotConnectionRow | undefined> {
  const [row] = await tx<HubSpotConnectionRow[]>`select property_id, token_enc, portal_id, ui_domain, lead_status_map,
      connected_at, last_sync_at, last_error, last_error_at
    from public.hubspot_connections where property_id = ${propertyId}`;
  return row;
}

export function leadStatusMap(row: Pick<HubSpotConnectionRow, "lead_status_map"> | undefined): LeadStatusMap {
  const parsed = LeadStatusMap.partial().safeParse(row?.lead_status_map ?? {});
  return { ...DEFAULT_LEAD_STATUS_MAP, ...(parsed.success ? parsed.data : {}) };
}

export async function clientFor(row: HubSpotConnectionRow, encryptionKey: string): Promise<HubSpotClient> {
  return { baseUrl: hubspotApiUrl(), token: await decryptText(row.token_enc, encryptionKey) };
}

/** Checks the token with HubSpot; a refusal is the caller's mistake (422), an outage ours (502). */
export async function verifyToken(token: string) {
  try {
    return await accountDetails({ baseUrl: hubspotApiUrl(), token, timeoutMs: 8000 });
  } catch (err) {
    if (err instanceof HubSpotError && (err.status === 401 || err.status === 403)) {
      throw new HttpError(422, "hubspot_token_rejected",
        "HubSpot did not accept this access token. Copy it again from the private app (Settings → Integrations → Private Apps).");
    }
    if (err instanceof HubSpotError) {
      throw new HttpError(502, "hubspot_unavailable", `HubSpot could not be reached to check the token (${err.status || err.category}). Try again.`);
    }
    throw err;
  }
}

export async function saveConnection(tx: Tx, propertyId: string, token: string, details: { portalId: number; uiDomain?: string }, key: string, now: Date) {
  const enc = await encryptText(token, key);
  await tx`insert into public.hubspot_connections (property_id, token_enc, portal_id, ui_domain, connected_at, updated_at)
    values (${propertyId}, ${enc}, ${details.portalId}, ${details.uiDomain ?? null}, ${now}, ${now})
    on conflict (property_id) do update set token_enc = excluded.token_enc, portal_id = excluded.portal_id,
      ui_domain = excluded.ui_domain, connected_at = excluded.connected_at, last_error = null, last_error_at = null,
      updated_at = excluded.updated_at`;
}

export function statusOf(row: HubSpotConnectionRow | undefined): HubSpotStatus {
  return {
    success: true,
    connected: Boolean(row),
    portalId: row ? Number(row.portal_id) : null,
    uiDomain: row?.ui_domain ?? null,
    connectedAt: row?.connected_at.toISOString() ?? null,
    lastSyncAt: row?.last_sync_at?.toISOString() ?? null,
    lastError: row?.last_error ?? null,
    lastErrorAt: row?.last_error_at?.toISOString() ?? null,
    leadStatusMap: leadStatusMap(row),
  };
}
