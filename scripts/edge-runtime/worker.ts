// Runs one function the way the Supabase Edge Runtime does: its own process on the
// runtime's Deno, the function's Deno.serve handler behind a local port, EdgeRuntime.waitUntil,
// a wall-clock limit per request, and each request's CPU time measured and reported.
// Copied into the deploy view beside the functions; it imports nothing, so the function's
// module graph is exactly what `supabase functions deploy` would ship.
//
// Environment: LUMALEASING_WORKER_ENTRY (file URL of the function's index.ts),
// LUMALEASING_WORKER_CLOCK (file URL of the functions' clock adapter, which the local stack
// moves), LUMALEASING_WORKER_WALL_MS (per request, default 150 s).

type Handler = (req: Request, info: Deno.ServeHandlerInfo) => Response | Promise<Response>;

const entry = Deno.env.get("LUMALEASING_WORKER_ENTRY");
if (!entry) throw new Error("LUMALEASING_WORKER_ENTRY is not set");
const wallLimitMs = Number(Deno.env.get("LUMALEASING_WORKER_WALL_MS") ?? 150_000);

// ── CPU accounting ────────────────────────────────────────────────────────────
// The JS thread's scheduler time (ns precision). Between two events (a unit of work
// starting or ending) the thread's CPU is shared evenly among the units in flight: exact for
// one request at a time, a fair split when several overlap.
let warned = false;
function threadCpuMs(): number {
  try {
    return Number(Deno.readTextFileSync("/proc/thread-self/schedstat").split(" ")[0]) / 1e6;
  } catch (err) {
    if (!warned) console.error(`CPU time cannot be read (${err}); wall time stands in for it`);
    warned = true;
    return performance.now(); // an upper bound
  }
}
interface Unit {
  cpuMs: number;
}
const inFlight = new Set<Unit>();
let lastCpu = threadCpuMs();
function account() {
  const now = threadCpuMs();
  const delta = now - lastCpu;
  lastCpu = now;
  if (inFlight.size) for (const u of inFlight) u.cpuMs += delta / inFlight.size;
}
function begin(): Unit {
  account();
  const unit = { cpuMs: 0 };
  inFlight.add(unit);
  return unit;
}
function end(unit: Unit): number {
  account();
  inFlight.delete(unit);
  return unit.cpuMs;
}

// ── EdgeRuntime.waitUntil ─────────────────────────────────────────────────────
// Background work runs after the answer, as on the platform; its CPU is its own unit,
// reported on stdout so the gateway can log it beside the requests.
const pending = new Set<Promise<unknown>>();
(globalThis as unknown as { EdgeRuntime: unknown }).EdgeRuntime = {
  waitUntil(promise: Promise<unknown>) {
    const unit = begin();
    const started = performance.now();
    const tracked: Promise<unknown> = Promise.resolve(promise)
      .catch((err) => console.error("waitUntil task failed:", err))
      .finally(() => {
        pending.delete(tracked);
        const cpuMs = end(unit);
        report({ kind: "waitUntil", cpuMs, wallMs: performance.now() - started });
      });
    pending.add(tracked);
  },
};

function report(line: Record<string, unknown>) {
  console.log(`@@lumaleasing-usage ${JSON.stringify(line)}`);
}

// ── the function ──────────────────────────────────────────────────────────────
let handler: Handler | undefined;
const realServe = Deno.serve;
(Deno as unknown as { serve: unknown }).serve = (...args: unknown[]) => {
  handler = args.find((a) => typeof a === "function") as Handler | undefined ??
    (args.find((a) => typeof a === "object" && a && "handler" in a) as { handler: Handler } | undefined)?.handler;
  return { finished: new Promise(() => {}), shutdown: async () => {}, ref() {}, unref() {}, addr: { port: 0 } };
};
const importStarted = performance.now();
const cpuBeforeImport = threadCpuMs();
await import(entry);
(Deno as unknown as { serve: unknown }).serve = realServe;
if (!handler) throw new Error(`${entry} did not call Deno.serve`);
const fn = handler;
const bootCpuMs = threadCpuMs() - cpuBeforeImport;
const bootMs = performance.now() - importStarted;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

type Clock = { now(): Date; set(at: Date | null, frozen?: boolean): void; advance(ms: number): void };
// The function's own clock module (already in its graph, so nothing new is loaded).
const clockUrl = Deno.env.get("LUMALEASING_WORKER_CLOCK");
const processClock = clockUrl
  ? (await import(clockUrl).catch(() => ({}))).processClock as (() => Clock) | undefined
  : undefined;

const server = realServe({
  hostname: "127.0.0.1",
  port: 0,
  onListen: ({ port }) => report({ kind: "listening", port, bootMs, bootCpuMs }),
}, async (req, info) => {
  const url = new URL(req.url);
  // Local-only controls, reachable only from the gateway on loopback.
  if (url.pathname === "/__worker/pending") return json(200, { pending: pending.size });
  if (url.pathname === "/__worker/clock") {
    const body = req.method === "POST" ? await req.json() : null;
    const clock = processClock?.();
    if (clock && body) {
      // {now, frozen} sets the clock (now: null goes back to real time); advanceMs adds up.
      if ("now" in body || "frozen" in body) clock.set(body.now ? new Date(body.now) : null, Boolean(body.frozen));
      if (typeof body.advanceMs === "number") clock.advance(body.advanceMs);
    }
    return json(200, { now: clock?.now().toISOString() ?? null });
  }

  const unit = begin();
  const started = performance.now();
  let timer: number | undefined;
  const limit = new Promise<Response>((resolve) => {
    timer = setTimeout(() => resolve(json(546, {
      code: "WORKER_LIMIT",
      message: `The function ran past its ${wallLimitMs / 1000} s wall-clock limit.`,
    })), wallLimitMs);
  });
  let res: Response;
  try {
    res = await Promise.race([Promise.resolve(fn(req, info)), limit]);
  } catch (err) {
    console.error("the function threw:", err);
    res = json(500, { code: "internal_error", message: "The function failed." });
  } finally {
    clearTimeout(timer);
  }
  const cpuMs = end(unit);
  const wallMs = performance.now() - started;
  const headers = new Headers(res.headers);
  headers.set("x-lumaleasing-cpu-ms", cpuMs.toFixed(2));
  headers.set("x-lumaleasing-wall-ms", wallMs.toFixed(2));
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.addSignalListener(signal, () => {
    server.shutdown().finally(() => Deno.exit(0));
  });
}
