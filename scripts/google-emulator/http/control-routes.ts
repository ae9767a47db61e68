// The control API under /__control/: set the emulator up, make Google misbehave, and read what clients did.
import { type AccountInput, InputError, normalizeEmail, upsertAccount } from "../core/accounts.ts";
import { channelResource } from "../core/channels.ts";
import { expireSyncTokens } from "../core/event-list.ts";
import { calendarFor, deleteEvent, insertEvent, patchEvent } from "../core/events.ts";
import { addFault, type FaultInput } from "../core/faults.ts";
import { type ClientInput, registerClient } from "../core/consent.ts";
import { mintGrant, refreshTokenAlive, revokeGrants } from "../core/tokens.ts";
import { defaultClientId, type EmulatorState, nowMs, resetState } from "../core/state.ts";
import type { EmulatorConfig } from "../core/types.ts";
import { seedDemo } from "../seed-demo.ts";
import type { PushDispatcher } from "./push.ts";
import { errorToResponse, json, noContent, readJson } from "./respond.ts";

export interface SettableClockLike {
  now(): Date;
  set?(at: Date | null, frozen?: boolean): void;
  advance?(ms: number): void;
}

export interface ControlContext {
  state: EmulatorState;
  push: PushDispatcher;
  clock: SettableClockLike;
  /** Remembered because the clock itself does not report it. */
  clockFrozen: boolean;
}

const defaultScopes = [
  "openid",
  "email",
  "profile",
  "https://www.googleapis.com/auth/calendar.events",
  "https://www.googleapis.com/auth/calendar.freebusy",
  "https://www.googleapis.com/auth/calendar.settings.readonly",
  "https://www.googleapis.com/auth/calendar.calendarlist.readonly",
];

const routesHelp = {
  "POST /__control/reset": "fresh emulator (default client only)",
  "POST /__control/seed-demo": "create the demo accounts and their week of events",
  "GET /__control/state": "summary of accounts, clients, grants, channels, faults",
  "GET|POST /__control/config": "read or change limits (freeBusyMaxRangeDays, pushRetryDelaysMs, …)",
  "GET|POST /__control/clients": "OAuth clients {client_id, client_secret, redirect_uris, testing}",
  "GET|POST /__control/accounts": "accounts {email, name, timeZone, testing, deleted}",
  "PATCH /__control/accounts/{email}": "change an account (e.g. {deleted: true})",
  "POST /__control/accounts/{email}/revoke-grants": "the person removed the app's access {client_id?}",
  "POST /__control/grants": "mint a grant {email, client_id?, scopes?} → {access_token, refresh_token, expires_in}",
  "GET /__control/grants?email=": "refresh tokens and whether they are alive",
  "GET|POST /__control/calendars/{id}/events": "events as the calendar's owner sees them / add one",
  "PATCH|DELETE /__control/calendars/{id}/events/{eventId}": "move or change / delete an event",
  "POST /__control/calendars/{id}/expire-sync-tokens": "make earlier sync tokens answer 410",
  "GET|POST|DELETE /__control/faults":
    "fail the next N matching calls {path|pathRegex, method?, count, status?, reason?, hangMs?}",
  "GET|POST /__control/latency": "added latency for every Google call {ms}",
  "GET|DELETE /__control/requests": "log of Google calls (?path=prefix&method=)",
  "GET /__control/counters": "calls per 'METHOD /path'",
  "GET /__control/channels": "watch channels",
  "GET /__control/notifications": "push deliveries (?wait=1 waits for pending ones)",
  "GET /__control/send-updates": "sendUpdates recorded per event write",
  "GET|POST /__control/clock": "{now, frozen} or {advanceMs}",
};

function object(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new InputError("body", "expected a JSON object");
  }
  return body as Record<string, unknown>;
}

function summary(state: EmulatorState) {
  return {
    now: new Date(nowMs(state)).toISOString(),
    publicUrl: state.publicUrl,
    accounts: [...state.accounts.values()],
    clients: [...state.clients.values()].map((c) => ({ ...c, clientSecret: "…" })),
    liveRefreshTokens: [...state.refreshTokens.values()].filter((r) => refreshTokenAlive(state, r)).length,
    channels: [...state.channels.values()].map((c) => ({
      ...channelResource(c),
      address: c.address,
      stopped: c.stopped,
    })),
    events: Object.fromEntries([...state.calendars.values()].map((c) => [c.id, c.events.size])),
    faults: state.faults,
    latencyMs: state.latencyMs,
    config: state.config,
  };
}

function configure(state: EmulatorState, body: Record<string, unknown>): EmulatorConfig {
  const next = { ...state.config };
  for (const [key, value] of Object.entries(body)) {
    if (!(key in next)) throw new InputError(key, `unknown setting ${key}`);
    const current = next[key as keyof EmulatorConfig];
    if (Array.isArray(current)) {
      if (!Array.isArray(value) || value.some((v) => typeof v !== "number" || v < 0)) {
        throw new InputError(key, `${key} must be an array of non-negative numbers`);
      }
    } else if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new InputError(key, `${key} must be a non-negative number`);
    }
    (next as Record<string, unknown>)[key] = value;
  }
  state.config = next;
  return next;
}

function clockRoute(ctx: ControlContext, method: string, body: Record<string, unknown> | undefined): Response {
  const settable = typeof ctx.clock.set === "function";
  if (method === "POST") {
    if (!settable) return json(409, { error: { code: "clock_not_settable", message: "started with a fixed clock" } });
    if (body?.advanceMs !== undefined) {
      if (typeof body.advanceMs !== "number") throw new InputError("advanceMs", "advanceMs must be a number");
      ctx.clock.advance!(body.advanceMs);
    } else {
      const at = body?.now === null || body?.now === undefined ? null : new Date(String(body.now));
      if (at && Number.isNaN(at.getTime())) throw new InputError("now", "now must be an ISO instant");
      ctx.clockFrozen = Boolean(body?.frozen) && at !== null;
      ctx.clock.set!(at, ctx.clockFrozen);
    }
  }
  return json(200, { now: ctx.clock.now().toISOString(), frozen: ctx.clockFrozen, settable });
}

async function route(ctx: ControlContext, request: Request, url: URL): Promise<Response> {
  const { state } = ctx;
  const method = request.method;
  const parts = url.pathname.split("/").filter(Boolean).slice(1).map(decodeURIComponent);
  const [first, second, third, fourth] = parts;
  const body = method === "POST" || method === "PATCH" || method === "PUT" ? await readJson(request) : undefined;

  switch (first) {
    case undefined:
      return json(200, { routes: routesHelp, defaultClient: { client_id: defaultClientId } });
    case "reset":
      resetState(state);
      return json(200, { ok: true });
    case "seed-demo":
      return json(200, seedDemo(state, state.clock));
    case "state":
      return json(200, summary(state));
    case "config":
      return json(200, method === "POST" ? configure(state, object(body)) : state.config);
    case "clock":
      return clockRoute(ctx, method, body === undefined ? undefined : object(body));
    case "clients":
      if (method === "POST") {
        const client = registerClient(state, object(body) as unknown as ClientInput);
        return json(201, { ...client, clientSecret: "…" });
      }
      if (method === "DELETE" && second) {
        state.clients.delete(second);
        return noContent();
      }
      return json(200, [...state.clients.values()].map((c) => ({ ...c, clientSecret: "…" })));
    case "accounts":
      if (method === "POST" && !second) return json(201, upsertAccount(state, object(body) as unknown as AccountInput));
      if (method === "PATCH" && second && !third) {
        if (!state.accounts.has(normalizeEmail(second))) {
          return json(404, { error: { code: "not_found", message: second } });
        }
        return json(200, upsertAccount(state, { ...object(body), email: second } as AccountInput));
      }
      if (method === "POST" && second && third === "revoke-grants") {
        const clientId = object(body).client_id;
        return json(200, { revoked: revokeGrants(state, second, typeof clientId === "string" ? clientId : undefined) });
      }
      return json(200, [...state.accounts.values()]);
    case "grants": {
      if (method === "POST") {
        const input = object(body);
        if (typeof input.email !== "string") throw new InputError("email", "email is required");
        const scopes = input.scopes ?? defaultScopes;
        if (!Array.isArray(scopes) || scopes.some((s) => typeof s !== "string")) {
          throw new InputError("scopes", "scopes must be an array of strings");
        }
        const clientId = typeof input.client_id === "string" ? input.client_id : defaultClientId;
        return json(200, await mintGrant(state, { email: input.email, clientId, scopes: scopes as string[] }));
      }
      const email = url.searchParams.get("email");
      const tokens = [...state.refreshTokens.values()]
        .filter((r) => !email || r.email === normalizeEmail(email))
        .map((r) => ({
          refresh_token: `${r.token.slice(0, 12)}…`,
          email: r.email,
          client_id: r.clientId,
          scopes: r.scopes,
          created: new Date(r.createdAt).toISOString(),
          last_used: new Date(r.lastUsedAt).toISOString(),
          expires: r.expiresAt ? new Date(r.expiresAt).toISOString() : null,
          alive: refreshTokenAlive(state, r),
          revoked_reason: r.revokedReason ?? null,
        }));
      return json(200, tokens);
    }
    case "calendars": {
      if (!second) return json(200, [...state.calendars.keys()]);
      const calendar = calendarFor(state, undefined, second);
      const options = { sendUpdates: url.searchParams.get("sendUpdates"), via: "control" as const };
      if (third === "expire-sync-tokens" && method === "POST") {
        expireSyncTokens(calendar);
        return json(200, { ok: true });
      }
      if (third === "events" && !fourth) {
        if (method === "POST") return json(201, insertEvent(state, calendar, body, options));
        return json(200, [...calendar.events.values()].map((e) => ({ ...e.resource, deleted: e.deleted })));
      }
      if (third === "events" && fourth) {
        if (method === "PATCH") return json(200, patchEvent(state, calendar, fourth, body, options));
        if (method === "DELETE") {
          deleteEvent(state, calendar, fourth, options);
          return noContent();
        }
      }
      break;
    }
    case "faults":
      if (method === "POST") return json(201, addFault(state, object(body) as FaultInput));
      if (method === "DELETE") {
        state.faults = [];
        return noContent();
      }
      return json(200, state.faults);
    case "latency":
      if (method === "POST") {
        const ms = object(body).ms;
        if (typeof ms !== "number" || ms < 0) throw new InputError("ms", "ms must be a non-negative number");
        state.latencyMs = ms;
      }
      return json(200, { ms: state.latencyMs });
    case "requests": {
      if (method === "DELETE") {
        state.requestLog = [];
        state.counters.clear();
        return noContent();
      }
      const prefix = url.searchParams.get("path");
      const onlyMethod = url.searchParams.get("method")?.toUpperCase();
      return json(
        200,
        state.requestLog.filter((r) =>
          (!prefix || r.path.startsWith(prefix)) && (!onlyMethod || r.method === onlyMethod)
        ),
      );
    }
    case "counters":
      return json(200, Object.fromEntries(state.counters));
    case "channels":
      return json(200, [...state.channels.values()]);
    case "notifications":
      if (url.searchParams.get("wait")) await ctx.push.idle();
      return json(200, state.deliveries);
    case "send-updates":
      return json(200, state.sendUpdatesLog);
  }
  return json(404, { error: { code: "not_found", message: `no control route ${method} ${url.pathname}` } });
}

export async function controlRoute(ctx: ControlContext, request: Request, url: URL): Promise<Response> {
  try {
    return await route(ctx, request, url);
  } catch (error) {
    return errorToResponse(error);
  }
}
