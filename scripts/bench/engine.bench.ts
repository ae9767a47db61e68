// Benchmark of the slot engine: 14 days × 5 agents × {200, 2,000, 20,000} busy
// intervals per agent, deterministic pseudo-random data, timed call by call on the
// main thread (JavaScript runs the engine on one core).
//
//   npx deno run -A scripts/bench/engine.bench.ts
//
// Goal: median under 5 ms per call at 2,000 busy intervals per agent. Exits 1 if missed.

import { computeSlots, type ComputeSlotsInput, DEFAULT_RULES } from "../../supabase/functions/_shared/core/slots.ts";

const GOAL_MS = 5;
const GOAL_SIZE = 2_000;
const SIZES = [200, 2_000, 20_000];
const AGENTS = 5;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
// Monday 2 March 2026, 09:00 in Chicago: the 14-day window crosses the 8 March DST change.
const NOW = Date.parse("2026-03-02T15:00:00Z");

/** mulberry32: a small seeded generator, so every run times the same data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Busy intervals spread over the window and a day either side, 5–90 minutes long, unsorted, some overlapping. */
function inputWith(busyPerAgent: number): ComputeSlotsInput {
  const next = random(busyPerAgent * 7919 + 17);
  const agents = Array.from({ length: AGENTS }, (_, a) => ({
    agentId: `agent-${a + 1}`,
    busy: Array.from({ length: busyPerAgent }, () => {
      const start = NOW - DAY + Math.floor(next() * 16 * DAY / MINUTE) * MINUTE;
      return { start, end: start + (5 + Math.floor(next() * 86)) * MINUTE };
    }),
  }));
  const bookings = Array.from({ length: 20 }, (_, i) => {
    const start = NOW + Math.floor(next() * 14 * 48) * 30 * MINUTE;
    return { agentId: `agent-${(i % AGENTS) + 1}`, start, end: start + 30 * MINUTE };
  });
  return { rules: { ...DEFAULT_RULES, timeZone: "America/Chicago" }, agents, bookings, now: NOW };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function measure(input: ComputeSlotsInput) {
  // Warm-up: let the JIT compile the hot paths before timing.
  const warmUntil = performance.now() + 300;
  let slots = 0;
  while (performance.now() < warmUntil) slots = computeSlots(input).reduce((n, d) => n + d.slots.length, 0);
  const times: number[] = [];
  const timeUntil = performance.now() + 1_500;
  while (times.length < 30 || (performance.now() < timeUntil && times.length < 2_000)) {
    const start = performance.now();
    computeSlots(input);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 0.5), p95: percentile(times, 0.95), calls: times.length, slots };
}

console.log(
  `slot engine: 14 days × ${AGENTS} agents, America/Chicago, defaults, window across a DST change (one thread, so one core)`,
);
console.log("");
console.log("busy/agent | median ms | p95 ms | calls | offered slots");
console.log("-----------|-----------|--------|-------|--------------");
const results = new Map<number, ReturnType<typeof measure>>();
for (const size of SIZES) {
  const result = measure(inputWith(size));
  results.set(size, result);
  console.log(
    `${String(size).padStart(10)} | ${result.median.toFixed(3).padStart(9)} | ${result.p95.toFixed(3).padStart(6)} | ${
      String(result.calls).padStart(5)
    } | ${String(result.slots).padStart(13)}`,
  );
}
const atGoal = results.get(GOAL_SIZE)!;
const pass = atGoal.median < GOAL_MS;
console.log("");
console.log(
  `${pass ? "PASS" : "FAIL"}: median ${
    atGoal.median.toFixed(3)
  } ms at ${GOAL_SIZE} busy intervals per agent (goal < ${GOAL_MS} ms)`,
);
if (!pass) Deno.exit(1);
