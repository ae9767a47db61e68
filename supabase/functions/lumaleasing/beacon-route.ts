// POST beacon: the widget reports how long the calendar took from the visitor's tour intent
// to an interactive calendar. Widget key and origin as every widget route; the body is
// `{ kind: "calendar_load", ms }` and nothing else; rate-limited per visitor address (or per
// origin without one) and per property; 204. The widget sends it with navigator.sendBeacon,
// which cannot set headers: the key may then come in the body (`key`, the same public
// widget key), sent as text/plain so no preflight is needed; the browser's Origin is
// checked against the key's allowed origins as always. Only the milliseconds are stored.
import { apiError, clientIp, readJson, type RouteContext } from "../_shared/adapters/http.ts";
import { BeaconRequest } from "../_shared/contracts/metrics.ts";
import { fieldErrors } from "../_shared/contracts/widget.ts";
import { WindowLimit } from "../_shared/core/window-limit.ts";
import { deps } from "../_shared/services/deps.ts";
import { recordMetric } from "../_shared/services/metrics-record.ts";
import { widgetRoute } from "./widget-routes.ts";

const PER_VISITOR_PER_MINUTE = 20;
const PER_PROPERTY_PER_MINUTE = 600;
const byVisitor = new WindowLimit(PER_VISITOR_PER_MINUTE, 60_000);
const byProperty = new WindowLimit(PER_PROPERTY_PER_MINUTE, 60_000);

export async function beacon(ctx: RouteContext): Promise<Response> {
  // The key is checked before anything else is answered, from the header or the body.
  let body: unknown = null;
  let unreadable: unknown = null;
  try {
    body = await readJson(ctx.req);
  } catch (err) {
    unreadable = err;
  }
  const key = (body as { key?: unknown } | null)?.key;
  const headers = new Headers(ctx.req.headers);
  if (!headers.get("x-widget-key") && typeof key === "string") headers.set("x-widget-key", key);
  return await record({ ...ctx, req: new Request(ctx.req.url, { method: "POST", headers }) }, body, unreadable);
}

const record = (ctx: RouteContext, body: unknown, unreadable: unknown) => widgetRoute(async ({ req }, caller) => {
  if (unreadable) throw unreadable;
  const d = deps();
  const parsed = BeaconRequest.safeParse(body);
  if (!parsed.success) {
    return apiError(422, "invalid_beacon", "The beacon is { kind: \"calendar_load\", ms }.", { error: { fields: fieldErrors(parsed.error) } });
  }
  const nowMs = d.clock.now().getTime();
  const visitor = `${caller.propertyId}|${clientIp(req) ?? caller.origin}`;
  if (!byVisitor.hit(visitor, nowMs) || !byProperty.hit(caller.propertyId, nowMs)) {
    return apiError(429, "rate_limited", "Too many beacons; try again in a minute.", { headers: { "retry-after": "60" } });
  }
  await recordMetric(d.sql, caller.propertyId, { kind: "calendar_load", outcome: "ok", valueMs: parsed.data.ms }, d.clock.now());
  return new Response(null, { status: 204 });
})(ctx);
