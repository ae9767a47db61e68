// The jobs' limits: defaults with room to spare, set by env, narrowed (never widened) by a
// caller; when an invocation hands on to a successor; when another batch may start.
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  batchBudget,
  DEFAULT_BATCH,
  DEFAULT_CPU_MS,
  DEFAULT_WALL_MS,
  effectiveLimits,
  JOB_NAMES,
  limitsFromEnv,
  maxChainFromEnv,
  mayStartBatch,
  narrowLimits,
  successorVerdict,
} from "./job-limits.ts";

const env = (vars: Record<string, string>) => (name: string) => vars[name];

Deno.test("job limits: defaults far inside the platform's 2 s CPU and pg_net's 55 s; env sets them, per job or for all", () => {
  assert.ok(DEFAULT_CPU_MS <= 1000 && DEFAULT_WALL_MS <= 30_000);
  for (const job of JOB_NAMES) assert.deepEqual(limitsFromEnv(job, env({})), { cpuMs: 600, wallMs: 20_000, batch: DEFAULT_BATCH[job] });
  const all = env({ LUMALEASING_JOB_CPU_MS: "300", LUMALEASING_JOB_WALL_MS: "5000", LUMALEASING_JOB_BATCH: "5" });
  assert.deepEqual(limitsFromEnv("outbox", all), { cpuMs: 300, wallMs: 5000, batch: 5 });
  const one = env({ LUMALEASING_JOB_BATCH: "5", LUMALEASING_JOB_BATCH_CALENDAR_HEALTH: "2" });
  assert.equal(limitsFromEnv("calendar-health", one).batch, 2);
  assert.equal(limitsFromEnv("watch-renewal", one).batch, 5);
  assert.throws(() => limitsFromEnv("reminders", env({ LUMALEASING_JOB_CPU_MS: "lots" })), /LUMALEASING_JOB_CPU_MS/);
  assert.throws(() => limitsFromEnv("reminders", env({ LUMALEASING_JOB_BATCH: "0" })), /positive/);
  assert.equal(maxChainFromEnv(env({})), 1000);
  assert.equal(maxChainFromEnv(env({ LUMALEASING_JOB_MAX_CHAIN: "3" })), 3);
  console.log(`defaults: ${DEFAULT_CPU_MS} ms CPU, ${DEFAULT_WALL_MS / 1000} s wall; batches ${JSON.stringify(DEFAULT_BATCH)}`);
});

Deno.test("job limits: a caller can only ask for less", () => {
  const configured = { cpuMs: 600, wallMs: 20_000, batch: 32 };
  assert.deepEqual(narrowLimits(configured, { batch: 5, wallMs: 1 }), { cpuMs: 600, wallMs: 1, batch: 5 });
  assert.deepEqual(narrowLimits(configured, { cpuMs: 60_000, wallMs: 1e9, batch: 10_000 }), configured);
  assert.deepEqual(narrowLimits(configured, {}), configured);
  fc.assert(fc.property(
    fc.record({ cpuMs: fc.double({ min: 0.001, max: 1e7, noNaN: true }), wallMs: fc.double({ min: 0.001, max: 1e7, noNaN: true }), batch: fc.integer({ min: 1, max: 1e6 }) }, { requiredKeys: [] }),
    (asked) => {
      const got = narrowLimits(configured, asked);
      assert.ok(got.cpuMs <= configured.cpuMs && got.wallMs <= configured.wallMs && got.batch <= configured.batch && got.batch >= 1);
    },
  ));
  console.log("asked for more than configured → the configured limits; for less → that");
});

Deno.test("job chain: a successor only when work is left, this slice made progress, and the chain is under its limit", () => {
  const base = { more: true, progressed: true, depth: 0, maxChain: 3 };
  assert.deepEqual(successorVerdict(base), { queue: true });
  assert.deepEqual(successorVerdict({ ...base, more: false }), { queue: false, why: "done" });
  assert.deepEqual(successorVerdict({ ...base, progressed: false }), { queue: false, why: "no_progress" });
  assert.deepEqual(successorVerdict({ ...base, depth: 2 }), { queue: true });
  assert.deepEqual(successorVerdict({ ...base, depth: 3 }), { queue: false, why: "chain_limit" });
  // However long a chain runs, it queues at most maxChain successors.
  fc.assert(fc.property(fc.integer({ min: 0, max: 500 }), (maxChain) => {
    let depth = 0;
    while (successorVerdict({ more: true, progressed: true, depth, maxChain }).queue) depth++;
    assert.equal(depth, maxChain);
  }));
  console.log("more+progress → successor; done, no progress or the chain limit → none");
});

Deno.test("job batches: the first productive batch always runs, later ones only while the budget lasts", () => {
  const spent = { spent: () => true };
  const fresh = { spent: () => false };
  assert.equal(mayStartBatch(0, spent), true, "nothing done yet: go, whatever the budget");
  assert.equal(mayStartBatch(5, spent), false);
  assert.equal(mayStartBatch(5, fresh), true);
  console.log("0 done → batch; some done and budget spent → stop");
});

Deno.test("job limits: where CPU cannot be read, the wall clock stands in for it (CPU never exceeds wall on one thread)", () => {
  const limits = { cpuMs: 600, wallMs: 20_000, batch: 32 };
  assert.deepEqual(effectiveLimits(limits, true, env({})), limits, "measured: as configured");
  assert.deepEqual(effectiveLimits(limits, false, env({})), { cpuMs: 600, wallMs: 600, batch: 32 });
  const widened = env({ LUMALEASING_JOB_WALL_MS_WITHOUT_CPU: "1500" });
  assert.equal(effectiveLimits(limits, false, widened).wallMs, 1500, "an operator who has seen the platform's CPU figures may allow more");
  assert.equal(effectiveLimits({ ...limits, wallMs: 1 }, false, widened).wallMs, 1, "never more than asked");
  console.log("unmeasured CPU → wall limit 600 ms (or LUMALEASING_JOB_WALL_MS_WITHOUT_CPU)");
});

Deno.test("job budget: spent once the next batch, costing what the last did, would end past a limit", () => {
  let cpu: number | null = 0;
  let wall = 0;
  const budget = batchBudget({ cpuMs: () => cpu, wallMs: () => wall }, { cpuMs: 600, wallMs: 1000 });
  const steps: string[] = [];
  const at = (c: number | null, w: number) => {
    cpu = c;
    wall = w;
    const spent = budget.spent();
    steps.push(`${c ?? "?"} ms CPU, ${w} ms wall → ${spent ? "stop" : "go on"}`);
    return spent;
  };
  assert.equal(at(100, 200), false, "next batch would end at 200 ms CPU, 400 ms wall");
  assert.equal(at(250, 400), false, "…at 400 / 600");
  assert.equal(at(430, 550), true, "…at 610 ms CPU: stop before, not after");
  const wallOnly = batchBudget({ cpuMs: () => null, wallMs: () => wall }, { cpuMs: 600, wallMs: 600 });
  wall = 250;
  assert.equal(wallOnly.spent(), false);
  wall = 320;
  assert.equal(wallOnly.spent(), false, "a quick batch: 390 next");
  wall = 500;
  assert.equal(wallOnly.spent(), true, "680 next: stop");
  console.log(steps.join("\n"));
});
