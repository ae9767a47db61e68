// The local mail and SMS catcher: speaks Resend's and Twilio's HTTP APIs, keeps every
// message in memory, shows them on a small web page, and fails on request for tests.
//
// Routes
//   POST   /emails                                         Resend: send an email
//   POST   /2010-04-01/Accounts/{sid}/Messages.json        Twilio: send an SMS
//   GET    /2010-04-01/Accounts/{sid}/Messages.json        Twilio: list sent SMS (To, From, DateSent, paging)
//   GET    /api/messages?to=&kind=email|sms&since=ISO      caught messages, newest first
//   GET    /api/messages/{id}                              one message
//   DELETE /api/messages                                   forget all messages and idempotency keys
//   POST   /__control/faults  {kind,status?,count?,hangMs?,drop?,afterAccept?,code?,message?}
//   GET    /__control/faults, DELETE /__control/faults     list / clear pending faults
//   GET    /__control/clock, POST {now, frozen} | {advanceMs}  the clock stamping messages
//   GET    /  /messages/{id}  /messages/{id}/html  /messages/{id}/attachments/{n}   pages
//   GET    /healthz

import { type Clock, settableClock } from "../../supabase/functions/_shared/adapters/clock.ts";
import { clockControl } from "./clock.ts";
import { FaultQueue, parseFaultRequest } from "./faults.ts";
import { decodeBase64, json } from "./http.ts";
import { detailPage, listPage, notFoundPage, rawHtmlResponse } from "./pages.ts";
import { type ApiContext, handleSendEmail } from "./resend.ts";
import { type CaughtMessage, MessageStore } from "./store.ts";
import { handleSendSms, TWILIO_MESSAGES_PATH } from "./twilio.ts";
import { handleListSms } from "./twilio-list.ts";

export interface CatcherOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  hostname?: string;
  clock?: Clock;
}

export interface Catcher {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startCatcher(options: CatcherOptions = {}): Promise<Catcher> {
  const closing = new AbortController();
  const clock = options.clock ?? settableClock();
  const ctx: CatcherContext = {
    store: new MessageStore(clock),
    faults: new FaultQueue(),
    closing: closing.signal,
    clockRoute: clockControl(clock),
  };
  const hostname = options.hostname ?? "127.0.0.1";

  const listening = Promise.withResolvers<Deno.NetAddr>();
  const server = Deno.serve(
    { port: options.port ?? 0, hostname, onListen: (addr) => listening.resolve(addr as Deno.NetAddr) },
    async (request) => {
      try {
        return await route(request, ctx);
      } catch (error) {
        console.error("catcher: unexpected error", error);
        return json(500, { error: "internal_error", message: String(error) });
      }
    },
  );
  const addr = await listening.promise;
  const urlHost = addr.hostname.includes(":") ? `[${addr.hostname}]` : addr.hostname;

  let closed: Promise<void> | null = null;
  return {
    url: `http://${urlHost}:${addr.port}`,
    port: addr.port,
    close() {
      closed ??= (async () => {
        closing.abort(); // ends any injected hang at once
        await server.shutdown();
      })();
      return closed;
    },
  };
}

type CatcherContext = ApiContext & { clockRoute: (request: Request) => Promise<Response> };

async function route(request: Request, ctx: CatcherContext): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.replace(/\/+$/, "") || "/";
  const method = request.method;

  if (path === "/emails") {
    return method === "POST" ? await handleSendEmail(request, ctx) : methodNotAllowed("POST");
  }
  const twilio = TWILIO_MESSAGES_PATH.exec(path);
  if (twilio) {
    const accountSid = decodeURIComponent(twilio[1]);
    if (method === "POST") return await handleSendSms(request, accountSid, ctx);
    if (method === "GET") return handleListSms(request, accountSid, ctx);
    return methodNotAllowed("GET, POST");
  }

  if (path === "/api/messages") {
    if (method === "GET") return listMessages(url, ctx);
    if (method === "DELETE") return json(200, { deleted: ctx.store.clear() });
    return methodNotAllowed("GET, DELETE");
  }
  const apiOne = /^\/api\/messages\/([^/]+)$/.exec(path);
  if (apiOne) {
    if (method !== "GET") return methodNotAllowed("GET");
    const message = ctx.store.get(decodeURIComponent(apiOne[1]));
    return message ? json(200, message) : json(404, { error: "not_found", message: "no such message" });
  }

  if (path === "/__control/faults") return await controlFaults(request, ctx);
  if (path === "/__control/clock") return await ctx.clockRoute(request);
  if (path === "/healthz") return json(200, { ok: true });
  if (path === "/favicon.ico") return new Response(null, { status: 204 });

  if (method !== "GET" && method !== "HEAD") return methodNotAllowed("GET");
  if (path === "/") {
    const kind = url.searchParams.get("kind");
    const filter = kind === "email" || kind === "sms" ? kind : undefined;
    return listPage(ctx.store.list({ kind: filter }), filter);
  }
  const detail = /^\/messages\/([^/]+)(?:\/(html)|\/attachments\/(\d+))?$/.exec(path);
  if (detail) {
    const message = ctx.store.get(decodeURIComponent(detail[1]));
    if (!message) return notFoundPage("No message with this id. The catcher forgets everything when it restarts.");
    if (detail[2]) return message.kind === "email" ? rawHtmlResponse(message) : notFoundPage("SMS have no HTML.");
    if (detail[3] !== undefined) return attachment(message, Number(detail[3]));
    return detailPage(message);
  }
  return path.startsWith("/api/") || path.startsWith("/__control/")
    ? json(404, { error: "not_found", message: `no route for ${method} ${path}` })
    : notFoundPage(`Nothing at ${path}.`);
}

function methodNotAllowed(allow: string): Response {
  return json(405, { error: "method_not_allowed", allow }, { allow });
}

function listMessages(url: URL, ctx: ApiContext): Response {
  const kind = url.searchParams.get("kind") || undefined;
  if (kind !== undefined && kind !== "email" && kind !== "sms") {
    return json(400, { error: "invalid_kind", message: 'kind must be "email" or "sms"' });
  }
  const sinceText = url.searchParams.get("since") || undefined;
  const since = sinceText ? new Date(sinceText) : undefined;
  if (since && Number.isNaN(since.getTime())) {
    return json(400, { error: "invalid_since", message: "since must be an ISO date-time" });
  }
  const to = url.searchParams.get("to") || undefined;
  const messages = ctx.store.list({ kind, since, to });
  return json(200, { count: messages.length, messages });
}

async function controlFaults(request: Request, ctx: ApiContext): Promise<Response> {
  if (request.method === "GET") return json(200, { pending: ctx.faults.list() });
  if (request.method === "DELETE") {
    ctx.faults.clear();
    return json(200, { pending: [] });
  }
  if (request.method !== "POST") return methodNotAllowed("GET, POST, DELETE");
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return json(400, { error: "invalid_fault", message: "body must be JSON" });
  }
  const parsed = parseFaultRequest(body);
  if (typeof parsed === "string") return json(400, { error: "invalid_fault", message: parsed });
  ctx.faults.add(parsed);
  return json(201, { queued: parsed, pending: ctx.faults.list().length });
}

function attachment(message: CaughtMessage, index: number): Response {
  const item = message.kind === "email" ? message.attachments[index] : undefined;
  if (!item) return notFoundPage("This message has no such attachment.");
  const ascii = item.filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return new Response(decodeBase64(item.contentBase64), {
    headers: {
      "content-type": item.contentType,
      "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(item.filename)}`,
      "x-content-type-options": "nosniff",
      "content-security-policy": "sandbox; default-src 'none'",
      "cache-control": "no-store",
    },
  });
}
