// The local HubSpot: private-app tokens, CRM v3 contacts and meetings, account details,
// HubSpot's rate limits and error bodies, fault injection, a request log and a page.
//
// Routes (HubSpot's own; every one needs `Authorization: Bearer pat-…`)
//   GET    /account-info/v3/details                     portalId, timeZone, uiDomain, …
//   POST   /crm/v3/objects/contacts                     create (409 CONFLICT on a known email)
//   GET    /crm/v3/objects/contacts/{id}                read   PATCH update   DELETE archive
//   POST   /crm/v3/objects/contacts/search              filterGroups (EQ on email, …)
//   POST   /crm/v3/objects/contacts/batch/upsert        inputs[{ idProperty: "email", id, properties }]
//   POST   /crm/v3/objects/meetings                     create, with associations (type 200 → contact)
//   GET    /crm/v3/objects/meetings/{id}?associations=contacts   PATCH update
//   POST   /crm/v3/objects/meetings/search              (CONTAINS_TOKEN on hs_internal_meeting_notes, …)
// Control (no auth)
//   POST   /__control/tokens {portalId?, token?}        mint a private-app token → {token, portalId}
//   DELETE /__control/tokens/{token}                    revoke it
//   POST   /__control/rate-limit {perSecond}            the per-token, per-second budget
//   POST   /__control/faults {status?, latencyMs?, count?, afterAccept?, retryAfter?, path?, method?}
//   GET|DELETE /__control/faults
//   GET|DELETE /__control/requests                      the request log (?portalId=)
//   GET    /__control/portals/{portalId}                every contact and meeting, all properties
//   DELETE /__control/data                              forget every contact and meeting
//   GET|POST /__control/clock                           the clock stamping createdAt/updatedAt
//   GET    /  (contacts and meetings per portal)   GET /healthz
import { type Clock, settableClock } from "../../supabase/functions/_shared/adapters/clock.ts";
import { clockControl } from "../catcher/clock.ts";
import { handleCrm, matchCrm } from "./crm.ts";
import { hubspotError, invalidAuthentication, json, readBody } from "./errors.ts";
import { faultResponse, Limits, parseFault } from "./limits.ts";
import { homePage } from "./pages.ts";
import { CrmStore, full } from "./store.ts";

export const DEMO_PORTAL_ID = 24681357;
/** The demo portal's private-app token (local only). */
export const DEMO_TOKEN = "pat-na1-11111111-2222-4333-8444-555555555555";

export interface HubSpotEmulatorOptions {
  port?: number;
  hostname?: string;
  clock?: Clock;
  /** Calls per token per second before a 429 (default 100). */
  perSecond?: number;
}

export interface HubSpotEmulator {
  url: string;
  port: number;
  store: CrmStore;
  limits: Limits;
  close(): Promise<void>;
}

export async function startHubSpotEmulator(options: HubSpotEmulatorOptions = {}): Promise<HubSpotEmulator> {
  const clock = options.clock ?? settableClock();
  const store = new CrmStore(clock);
  const limits = new Limits(options.perSecond ?? 100);
  limits.mintToken(DEMO_PORTAL_ID, DEMO_TOKEN);
  store.portal(DEMO_PORTAL_ID);
  const closing = new AbortController();
  const clockRoute = clockControl(clock);
  let nextPortal = DEMO_PORTAL_ID + 1;
  const ctx = { store, limits, clock, clockRoute, closing: closing.signal, newPortalId: () => nextPortal++ };

  const listening = Promise.withResolvers<Deno.NetAddr>();
  const server = Deno.serve(
    { port: options.port ?? 0, hostname: options.hostname ?? "127.0.0.1", onListen: (a) => listening.resolve(a as Deno.NetAddr) },
    async (request) => {
      try {
        return await route(request, ctx);
      } catch (err) {
        console.error("hubspot emulator: unexpected error", err);
        return hubspotError(500, "INTERNAL_ERROR", String(err));
      }
    },
  );
  const addr = await listening.promise;
  let closed: Promise<void> | null = null;
  return {
    url: `http://${addr.hostname}:${addr.port}`,
    port: addr.port,
    store,
    limits,
    close() {
      closed ??= (async () => {
        closing.abort();
        await server.shutdown();
      })();
      return closed;
    },
  };
}

type Ctx = {
  store: CrmStore;
  limits: Limits;
  clock: Clock;
  clockRoute: (r: Request) => Promise<Response>;
  closing: AbortSignal;
  newPortalId: () => number;
};

function wait(ms: number, closing: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (closing.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    closing.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}

async function route(request: Request, ctx: Ctx): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.replace(/\/+$/, "") || "/";
  if (path.startsWith("/__control/")) return await control(request, url, path, ctx);
  if (path === "/healthz") return json(200, { ok: true });
  if (path === "/" && request.method === "GET") return homePage(ctx.store);
  if (path === "/favicon.ico") return new Response(null, { status: 204 });

  const crm = matchCrm(path);
  if (!crm && path !== "/account-info/v3/details") return hubspotError(404, "OBJECT_NOT_FOUND", `No route for ${request.method} ${path}`);

  const bodyText = request.method === "GET" ? "" : await request.clone().text();
  const logged = { at: ctx.clock.now().toISOString(), method: request.method, path: path + url.search, portalId: null as number | null };
  const finish = (res: Response) => {
    let body: unknown;
    try {
      body = bodyText ? JSON.parse(bodyText) : undefined;
    } catch {
      body = bodyText.slice(0, 200);
    }
    ctx.limits.record({ ...logged, status: res.status, body });
    return res;
  };

  const auth = ctx.limits.authenticate(request);
  if (!auth) return finish(invalidAuthentication());
  logged.portalId = auth.portalId;
  const spent = ctx.limits.spend(auth.token);
  if (spent.refused) return finish(spent.refused);

  const fault = ctx.limits.takeFault(request.method, path);
  if (fault?.latencyMs) await wait(fault.latencyMs, ctx.closing);
  if (fault?.status && !fault.afterAccept) return finish(faultResponse(fault, ctx.limits));

  let res: Response;
  if (crm) res = await handleCrm(request, url, crm, { store: ctx.store, portal: ctx.store.portal(auth.portalId) });
  else {
    res = request.method === "GET"
      ? json(200, {
        portalId: auth.portalId,
        accountType: "STANDARD",
        timeZone: "US/Central",
        companyCurrency: "USD",
        additionalCurrencies: [],
        utcOffset: "-06:00",
        utcOffsetMilliseconds: -21_600_000,
        uiDomain: "app.hubspot.com",
        dataHostingLocation: "na1",
      })
      : hubspotError(405, "METHOD_NOT_ALLOWED", "HTTP method not allowed on this path");
  }
  // The work is done; an afterAccept fault loses the answer.
  if (fault?.status) return finish(faultResponse(fault, ctx.limits));
  const out = new Response(res.body, res);
  for (const [k, v] of Object.entries(spent.headers)) out.headers.set(k, v);
  return finish(out);
}

async function control(request: Request, url: URL, path: string, ctx: Ctx): Promise<Response> {
  const method = request.method;
  if (path === "/__control/clock") return await ctx.clockRoute(request);
  if (path === "/__control/tokens" && method === "POST") {
    const body = await readBody(request);
    if (body instanceof Response) return body;
    const portalId = body.portalId === undefined ? ctx.newPortalId() : Number(body.portalId);
    if (!Number.isInteger(portalId) || portalId < 1) return json(400, { error: "invalid_portal", message: "portalId must be a positive integer" });
    if (body.token !== undefined && (typeof body.token !== "string" || !body.token.startsWith("pat-"))) {
      return json(400, { error: "invalid_token", message: "token must start with pat-" });
    }
    ctx.store.portal(portalId);
    return json(201, { token: ctx.limits.mintToken(portalId, body.token as string | undefined), portalId });
  }
  const tokenPath = /^\/__control\/tokens\/(.+)$/.exec(path);
  if (tokenPath && method === "DELETE") {
    return json(200, { revoked: ctx.limits.tokens.delete(decodeURIComponent(tokenPath[1])) });
  }
  if (path === "/__control/rate-limit") {
    if (method === "POST") {
      const body = await readBody(request);
      if (body instanceof Response) return body;
      const n = Number(body.perSecond);
      if (!Number.isInteger(n) || n < 1 || n > 100_000) return json(400, { error: "invalid_limit", message: "perSecond must be an integer from 1 to 100000" });
      ctx.limits.perSecond = n;
    }
    return json(200, { perSecond: ctx.limits.perSecond });
  }
  if (path === "/__control/faults") {
    if (method === "GET") return json(200, { pending: ctx.limits.pendingFaults() });
    if (method === "DELETE") {
      ctx.limits.clearFaults();
      return json(200, { pending: [] });
    }
    const body = await readBody(request);
    if (body instanceof Response) return body;
    const parsed = parseFault(body);
    if (typeof parsed === "string") return json(400, { error: "invalid_fault", message: parsed });
    ctx.limits.addFault(parsed.fault, parsed.count);
    return json(201, { queued: parsed.fault, count: parsed.count });
  }
  if (path === "/__control/requests") {
    if (method === "DELETE") {
      ctx.limits.log.length = 0;
      return json(200, { requests: [] });
    }
    const portal = url.searchParams.get("portalId");
    const requests = ctx.limits.log.filter((r) => !portal || String(r.portalId) === portal);
    return json(200, { count: requests.length, requests });
  }
  const portalPath = /^\/__control\/portals\/(\d+)$/.exec(path);
  if (portalPath && method === "GET") {
    const portal = ctx.store.portals.get(Number(portalPath[1]));
    if (!portal) return json(404, { error: "not_found", message: "no such portal" });
    return json(200, {
      portalId: portal.portalId,
      contacts: [...portal.contacts.values()].map(full),
      meetings: [...portal.meetings.values()].map(full),
    });
  }
  if (path === "/__control/data" && method === "DELETE") {
    for (const p of ctx.store.portals.values()) {
      p.contacts.clear();
      p.meetings.clear();
    }
    return json(200, { cleared: true });
  }
  return json(404, { error: "not_found", message: `no control route for ${method} ${path}` });
}
