// API benchmark: 200 visitors loading GET tours/availability for 30 s against the local
// stack, the Google emulator at zero latency. Each visitor waits for its answer, looks
// at it for a second, and asks again (a closed loop with think time, like people do).
// Goal: p95 under 50 ms, no errors, at most one free/busy call per cache period.
//
//   npm run bench        (starts a private stack)   or, against a running stack:
//   LUMALEASING_STACK_FILE=.lumaleasing/stack.json deno run -A scripts/bench/availability-api.bench.ts
import { closeAdminSql, connectCalendar, createTestProperty, googleControl, stack } from "../lib/test-support.ts";
import { closedLoop, percentile } from "./load.ts";

const VISITORS = Number(Deno.env.get("BENCH_VISITORS") ?? 200);
const SECONDS = Number(Deno.env.get("BENCH_SECONDS") ?? 30);
const THINK_MS = Number(Deno.env.get("BENCH_THINK_MS") ?? 1000);
const CACHE_PERIOD_S = 30;

const s = await stack();
const p = await createTestProperty();
await connectCalendar(p, `bench-a-${p.id.slice(0, 8)}@example.com`);
await connectCalendar(p, `bench-b-${p.id.slice(0, 8)}@example.com`);
await googleControl("latency", { ms: 0 });
await googleControl("requests", undefined, "DELETE");
const url = `${s.functionsUrl}/lumaleasing/tours/availability`;
const headers = { "x-widget-key": p.widgetKey, origin: p.origin };
// Warm up: the isolate, the connection pool and the first free/busy call.
for (let i = 0; i < 20; i++) await (await fetch(url, { headers })).arrayBuffer();
await googleControl("requests", undefined, "DELETE");

const result = await closedLoop({
  visitors: VISITORS,
  seconds: SECONDS,
  thinkMs: THINK_MS,
  request: () => fetch(url, { headers }),
  ok: (res) => res.status === 200,
});
const freeBusyCalls = (await googleControl("requests?path=/calendar/v3/freeBusy")).length;
const periods = Math.ceil(result.seconds / CACHE_PERIOD_S);
const p50 = percentile(result.latenciesMs, 50);
const p95 = percentile(result.latenciesMs, 95);
const p99 = percentile(result.latenciesMs, 99);
console.log(`availability API: ${VISITORS} visitors × ${SECONDS} s (think ${THINK_MS} ms)`);
console.log(`  requests ${result.requests} (${(result.requests / result.seconds).toFixed(0)}/s), errors ${result.errors}, statuses ${JSON.stringify(result.statuses)}`);
console.log(`  latency p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${result.latenciesMs.at(-1)!.toFixed(1)} ms`);
console.log(`  free/busy calls ${freeBusyCalls} over ${periods} cache period(s) of ${CACHE_PERIOD_S} s`);
const pass = p95 < 50 && result.errors === 0 && freeBusyCalls <= periods;
console.log(`${pass ? "PASS" : "FAIL"}: p95 ${p95.toFixed(1)} ms (goal < 50), ${result.errors} errors, ${freeBusyCalls} free/busy calls (goal ≤ ${periods})`);
await closeAdminSql();
if (!pass) Deno.exitCode = 1;
