// The local functions gateway, shaped like Supabase's: serves /functions/v1/<name>/… and
// honours verify_jwt from config.toml, while each function runs in its own process on the
// Edge Runtime's Deno from a view of supabase/functions/ only (scripts/edge-runtime/).
// Every request's CPU and wall time is logged to function-usage.jsonl in the state folder.
import { repoRoot, stateDir } from "./lib/config.ts";
import { verifyJwt } from "./lib/jwt.ts";
import { functionSettings } from "./lib/supabase-config.ts";
import { setEdgeClientIp } from "./lib/edge-client-ip.ts";
import { cacheFunction, edgeDeno, type FunctionWorker, makeDeployView, startWorker, type Usage } from "./edge-runtime/runtime.ts";
import { ClockInputError, clockFollowers, parseClockCommand, pushClock, StackClock } from "./lib/stack-clock.ts";
import { processClock } from "../supabase/functions/_shared/adapters/clock.ts";

const port = Number(Deno.env.get("LUMALEASING_FUNCTIONS_PORT") ?? 54321);
const jwtSecret = Deno.env.get("LUMALEASING_JWT_SECRET") ?? "";
const settings = await functionSettings(`${repoRoot}/supabase/config.toml`);
const usageFile = `${stateDir()}/function-usage.jsonl`;
/** A request past this much CPU is reported (the platform kills an isolate at 2 s). */
const CPU_WARN_MS = 1000;

const recent: Array<Usage & { at: string }> = [];
const usageLog = await Deno.open(usageFile, { create: true, write: true, truncate: true });
const encoder = new TextEncoder();
function recordUsage(u: Usage) {
  const entry = { ...u, cpuMs: Math.round(u.cpuMs * 100) / 100, wallMs: Math.round(u.wallMs * 100) / 100, at: new Date().toISOString() };
  recent.push(entry);
  if (recent.length > 5000) recent.splice(0, recent.length - 5000);
  usageLog.writeSync(encoder.encode(JSON.stringify(entry) + "\n"));
  if (u.cpuMs > CPU_WARN_MS) {
    console.error(`CPU budget: ${u.fn} ${u.method ?? u.kind} ${u.path ?? ""} used ${u.cpuMs.toFixed(0)} ms of CPU`);
  }
}

// The functions' environment: what the hosted runtime provides plus our secrets.
const functionEnv = Deno.env.toObject();
const view = await makeDeployView();
const runtime = edgeDeno();
console.log(`functions run on Deno ${runtime.version} (the Edge Runtime's), from ${settings.length} deploy-shaped folders`);
await Promise.all(settings.map((fn) => cacheFunction(view, fn.name)));

const workers = new Map<string, FunctionWorker>();
// The stack's one clock lives here; the function processes and the emulators follow it.
const clock = new StackClock(processClock(), {
  pinned: Deno.env.get("LUMALEASING_ENV") === "local" && Boolean(Deno.env.get("LUMALEASING_NOW")),
  frozen: Deno.env.get("LUMALEASING_NOW_FROZEN") === "1",
});
const followers = clockFollowers();

async function boot(name: string): Promise<FunctionWorker> {
  const fn = settings.find((f) => f.name === name)!;
  const entrypoint = fn.entrypoint.slice(`${repoRoot}/supabase/`.length);
  const started = performance.now();
  const worker = await startWorker(view, { name, entrypoint, env: functionEnv, onUsage: recordUsage });
  // A process that starts (again) takes the stack's clock as it is now.
  if (!clock.real) await postWorker(worker, "/__worker/clock", clock.state());
  // Cold start as a caller sees it: spawn to the first answered request.
  const res = await fetch(`http://127.0.0.1:${worker.port}/${name}/__cold-start`);
  await res.body?.cancel();
  console.log(`${name}: cold start ${(performance.now() - started).toFixed(0)} ms (module import ${worker.bootMs.toFixed(0)} ms)`);
  workers.set(name, worker);
  return worker;
}

async function postWorker(worker: FunctionWorker, path: string, body: unknown) {
  const res = await fetch(`http://127.0.0.1:${worker.port}${path}`, { method: "POST", body: JSON.stringify(body) });
  return await res.json();
}

// One boot per function at a time, even when requests race to restart a dead process.
const booting = new Map<string, Promise<FunctionWorker>>();
async function workerFor(name: string): Promise<FunctionWorker> {
  const w = workers.get(name);
  if (w?.alive()) return w;
  let p = booting.get(name);
  if (!p) {
    if (w) console.error(`${name}: the process is gone; starting a new one (as the platform starts a new isolate)`);
    p = boot(name).finally(() => booting.delete(name));
    booting.set(name, p);
  }
  return await p;
}

for (const fn of settings) await workerFor(fn.name);
// The emulators started a moment earlier from the same LUMALEASING_NOW: line them up.
if (!clock.real) await spreadClock();

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

/** Tells every function process and every emulator the clock's state; the first refusal is reported. */
async function spreadClock(): Promise<void> {
  const targets = [
    ...settings.map(async (fn) => await postWorker(await workerFor(fn.name), "/__worker/clock", clock.state())),
    ...followers.map((url) => pushClock(url, () => clock.state())),
  ];
  const failed = (await Promise.allSettled(targets)).find((r) => r.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
}

async function clockRoute(req: Request): Promise<Response> {
  if (req.method === "POST") {
    try {
      clock.apply(parseClockCommand(await req.json().catch(() => undefined)));
    } catch (err) {
      if (!(err instanceof ClockInputError)) throw err;
      return json(400, { success: false, error: { code: "invalid_clock", message: err.message } });
    }
    try {
      await spreadClock();
    } catch (err) {
      console.error("the clock could not be moved everywhere:", err);
      return json(502, { success: false, error: { code: "clock_not_spread", message: String(err) } });
    }
  } else if (req.method !== "GET") {
    return json(405, { success: false, error: { code: "method_not_allowed", message: "GET or POST" } });
  }
  return json(200, { now: clock.now().toISOString(), frozen: clock.frozen, real: clock.real });
}

async function localControl(req: Request, url: URL): Promise<Response | null> {
  if (url.pathname === "/__local/clock") return await clockRoute(req);
  if (url.pathname === "/__local/pending") {
    let pending = 0;
    for (const fn of settings) {
      const res = await fetch(`http://127.0.0.1:${(await workerFor(fn.name)).port}/__worker/pending`);
      pending += (await res.json()).pending;
    }
    return json(200, { pending });
  }
  if (url.pathname === "/__local/usage") return json(200, { usage: recent });
  return null;
}

Deno.serve({ hostname: "127.0.0.1", port, onListen: () => console.log(`functions on http://127.0.0.1:${port}/functions/v1`) },
  async (req, info) => {
    const url = new URL(req.url);
    if (url.pathname.startsWith("/__local/")) {
      const res = await localControl(req, url);
      if (res) return res;
    }
    const match = url.pathname.match(/^\/functions\/v1\/([^/]+)(\/.*)?$/);
    const fn = match && settings.find((f) => f.name === match[1]);
    if (!match || !fn) return json(404, { code: "NOT_FOUND", message: "Requested function was not found" });
    if (fn.verifyJwt && req.method !== "OPTIONS") {
      const token = req.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
      if (!(await verifyJwt(token, jwtSecret))) return json(401, { code: 401, message: "Invalid JWT" });
    }
    const headers = new Headers(req.headers);
    const addr = info.remoteAddr as Deno.NetAddr;
    setEdgeClientIp(headers, addr.hostname);

    const worker = await workerFor(fn.name);
    // Inside the runtime a function sees /<name>/… (the gateway strips /functions/v1).
    const target = `http://127.0.0.1:${worker.port}/${match[1]}${match[2] ?? ""}${url.search}`;
    let res: Response;
    try {
      res = await fetch(target, {
        method: req.method,
        headers,
        body: req.body,
        redirect: "manual",
        // @ts-ignore: duplex is required by fetch for streamed bodies
        duplex: "half",
      });
    } catch (err) {
      console.error(`function ${fn.name} did not answer:`, err);
      return json(502, { code: "BOOT_ERROR", message: "Function failed to start (please check logs)" });
    }
    const out = new Headers(res.headers);
    // fetch has already decoded a compressed answer; this server compresses again for the caller.
    out.delete("content-encoding");
    out.delete("content-length");
    const cpuMs = Number(out.get("x-lumaleasing-cpu-ms") ?? NaN);
    const wallMs = Number(out.get("x-lumaleasing-wall-ms") ?? NaN);
    out.delete("x-lumaleasing-cpu-ms");
    out.delete("x-lumaleasing-wall-ms");
    if (!Number.isNaN(cpuMs)) {
      recordUsage({ kind: "request", fn: fn.name, method: req.method, path: url.pathname, status: res.status, cpuMs, wallMs });
    }
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers: out });
  });

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.addSignalListener(signal, async () => {
    await Promise.all([...workers.values()].map((w) => w.stop()));
    await view.close();
    Deno.exit(0);
  });
}
