// The local functions gateway: serves each supabase/functions/<name>/index.ts under
// /functions/v1/<name>/…, like Supabase's gateway — verify_jwt from config.toml, the
// hosted runtime's environment variables, and EdgeRuntime.waitUntil.
import { repoRoot } from "./lib/config.ts";
import { verifyJwt } from "./lib/jwt.ts";
import { functionSettings } from "./lib/supabase-config.ts";
import { setEdgeClientIp } from "./lib/edge-client-ip.ts";
import { processClock } from "../supabase/functions/_shared/adapters/clock.ts";

type Handler = (req: Request, info: Deno.ServeHandlerInfo) => Response | Promise<Response>;

const port = Number(Deno.env.get("LUMALEASING_FUNCTIONS_PORT") ?? 54321);
const jwtSecret = Deno.env.get("LUMALEASING_JWT_SECRET") ?? "";
const settings = await functionSettings(`${repoRoot}/supabase/config.toml`);

// Work a function hands to EdgeRuntime.waitUntil runs after its answer; we track it so a
// failure is logged, never lost silently.
const pending = new Set<Promise<unknown>>();
(globalThis as unknown as { EdgeRuntime: unknown }).EdgeRuntime = {
  waitUntil(promise: Promise<unknown>) {
    const tracked = Promise.resolve(promise).catch((err) => console.error("waitUntil task failed:", err))
      .finally(() => pending.delete(tracked));
    pending.add(tracked);
  },
};

async function loadHandler(name: string, entrypoint: string): Promise<Handler> {
  let captured: Handler | undefined;
  const realServe = Deno.serve;
  // A Supabase function calls Deno.serve(handler) at import; we take the handler instead.
  (Deno as unknown as { serve: unknown }).serve = (...args: unknown[]) => {
    captured = args.find((a) => typeof a === "function") as Handler | undefined ??
      (args.find((a) => typeof a === "object" && a && "handler" in a) as { handler: Handler } | undefined)?.handler;
    return { finished: Promise.resolve(), shutdown: async () => {}, ref() {}, unref() {}, addr: { port } };
  };
  try {
    await import(`file://${entrypoint}`);
  } finally {
    (Deno as unknown as { serve: unknown }).serve = realServe;
  }
  if (!captured) throw new Error(`function ${name} did not call Deno.serve`);
  return captured;
}

const handlers = new Map<string, Handler>();
for (const fn of settings) {
  handlers.set(fn.name, await loadHandler(fn.name, fn.entrypoint));
}

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

Deno.serve({ hostname: "127.0.0.1", port, onListen: () => console.log(`functions on http://127.0.0.1:${port}/functions/v1`) },
  async (req, info) => {
    const url = new URL(req.url);
    if (url.pathname === "/__local/clock" && req.method === "POST") {
      const body = await req.json().catch(() => ({}));
      const clock = processClock();
      clock.set(body.now ? new Date(body.now) : null, Boolean(body.frozen));
      if (typeof body.advanceMs === "number") clock.advance(body.advanceMs);
      return json(200, { now: clock.now().toISOString() });
    }
    if (url.pathname === "/__local/clock") return json(200, { now: processClock().now().toISOString() });
    if (url.pathname === "/__local/pending") return json(200, { pending: pending.size });
    const match = url.pathname.match(/^\/functions\/v1\/([^/]+)(\/.*)?$/);
    const fn = match && settings.find((f) => f.name === match[1]);
    if (!match || !fn) return json(404, { code: "NOT_FOUND", message: "Requested function was not found" });
    if (fn.verifyJwt && req.method !== "OPTIONS") {
      const token = req.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
      if (!(await verifyJwt(token, jwtSecret))) return json(401, { code: 401, message: "Invalid JWT" });
    }
    // Inside the runtime a function sees /<name>/… (the gateway strips /functions/v1).
    url.pathname = `/${match[1]}${match[2] ?? ""}`;
    const headers = new Headers(req.headers);
    const addr = info.remoteAddr as Deno.NetAddr;
    setEdgeClientIp(headers, addr.hostname);
    const inner = new Request(url, {
      method: req.method,
      headers,
      body: req.body,
      redirect: "manual",
      // @ts-ignore: duplex is required by fetch for streamed bodies
      duplex: "half",
    });
    try {
      return await handlers.get(fn.name)!(inner, info);
    } catch (err) {
      console.error(`function ${fn.name} threw:`, err);
      return json(500, { code: "internal_error", message: "The function failed." });
    }
  });
