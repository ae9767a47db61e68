// Who is calling: a widget (public key + an allowed Origin) or a WordPress server
// (the site secret), both resolving to exactly one property; or an operator's portfolio
// key (llpk_…), resolving to one organization.
import { sha256Hex } from "../adapters/crypto.ts";
import { type Sql, withPortfolio, withResolver } from "../adapters/db.ts";
import { apiError, corsHeaders, HttpError } from "../adapters/http.ts";

export interface WidgetCaller {
  propertyId: string;
  origin: string;
  cors: Record<string, string>;
}

/** Widget keys are read on every visitor request; a revoked key stops working within this. */
export const WIDGET_KEY_CACHE_MS = Number(Deno.env.get("LUMALEASING_WIDGET_KEY_CACHE_MS") ?? 30_000);
const keyCache = new Map<string, { at: number; match: { property_id: string; allowed_origins: string[] } | undefined }>();

async function resolveWidgetKey(hash: string, sql: Sql) {
  const cached = keyCache.get(hash);
  if (cached && Date.now() - cached.at < WIDGET_KEY_CACHE_MS) return cached.match;
  const [match] = await withResolver((tx) =>
    tx<{ property_id: string; allowed_origins: string[] }[]>`
      select property_id, allowed_origins from lumaleasing.resolve_widget_key(${hash})`, sql);
  if (keyCache.size > 10_000) keyCache.clear();
  keyCache.set(hash, { at: Date.now(), match });
  return match;
}

export async function authenticateWidget(req: Request, sql: Sql): Promise<WidgetCaller> {
  const key = req.headers.get("x-widget-key")?.trim();
  const origin = req.headers.get("origin") ?? "";
  if (!key) throw new HttpError(401, "missing_widget_key", "The X-Widget-Key header is required.");
  const match = await resolveWidgetKey(await sha256Hex(key), sql);
  if (!match) throw new HttpError(401, "invalid_widget_key", "This widget key is unknown or has been revoked.");
  if (!origin || !match.allowed_origins.includes(origin)) {
    throw new HttpError(403, "origin_not_allowed", "This site is not allowed to use this widget key.");
  }
  return { propertyId: match.property_id, origin, cors: corsHeaders(origin) };
}

/** Preflights carry no key: answer only an origin that some live key allows. */
export async function preflight(req: Request, sql: Sql): Promise<Response> {
  const origin = req.headers.get("origin") ?? "";
  const [{ allowed }] = await withResolver((tx) =>
    tx<{ allowed: boolean }[]>`select lumaleasing.origin_allowed(${origin}) as allowed`, sql);
  if (!allowed) return apiError(403, "origin_not_allowed", "This site is not allowed to use the widget.");
  return new Response(null, { status: 204, headers: corsHeaders(origin) });
}

export async function authenticateSite(req: Request, sql: Sql): Promise<{ propertyId: string }> {
  const secret = req.headers.get("authorization")?.replace(/^Bearer\s+/i, "").trim();
  if (!secret) throw new HttpError(401, "missing_site_secret", "Authorization: Bearer <site secret> is required.");
  const [row] = await withResolver(async (tx) =>
    await tx<{ property_id: string | null }[]>`select lumaleasing.resolve_site_secret(${await sha256Hex(secret)}) as property_id`, sql);
  if (!row?.property_id) throw new HttpError(401, "invalid_site_secret", "That site key was not accepted.");
  const claimed = req.headers.get("x-lumaleasing-property");
  if (claimed && claimed !== row.property_id) throw new HttpError(401, "invalid_site_secret", "That site key was not accepted.");
  return { propertyId: row.property_id };
}

/** Authorization: Bearer llpk_… → the organization whose live portfolio key it is. */
export async function authenticatePortfolio(req: Request, sql: Sql): Promise<{ organizationId: string }> {
  const key = req.headers.get("authorization")?.replace(/^Bearer\s+/i, "").trim();
  if (!key) throw new HttpError(401, "missing_portfolio_key", "Authorization: Bearer <portfolio key> is required.");
  if (!key.startsWith("llpk_") || key.length > 200) throw new HttpError(401, "invalid_portfolio_key", "That portfolio key was not accepted.");
  const [row] = await withPortfolio(null, async (tx) =>
    await tx<{ organization_id: string | null }[]>`select lumaleasing.resolve_portfolio_key(${await sha256Hex(key)}) as organization_id`, sql);
  if (!row?.organization_id) throw new HttpError(401, "invalid_portfolio_key", "That portfolio key was not accepted.");
  return { organizationId: row.organization_id };
}
