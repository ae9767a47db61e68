// How much one job invocation may do, and whether it hands the rest to a successor.
// The platform kills an isolate past 2 s of CPU and 150 s of wall clock, and pg_net
// abandons a request after its timeout (55 s here) without retrying; so an invocation
// works in bounded batches and stops taking new ones once its budget is spent — well
// inside those limits — and a successor picks up what is left.

export interface JobLimits {
  /** CPU of the JS thread (where measurable) after which no new batch is started. */
  cpuMs: number;
  /** Wall clock after which no new batch is started. */
  wallMs: number;
  /** Rows (or calendars) per batch. */
  batch: number;
}

/** One invocation's work: what it did, and whether its budget ran out with work perhaps left. */
export interface BudgetedRun<S> {
  summary: S;
  more: boolean;
}

/** What a job checks between batches. */
export interface Budget {
  spent(): boolean;
}

/** What an invocation has used so far (adapters/cpu.ts `workBudget` measures both). */
export interface Meter {
  /** CPU of the JS thread, or null where it cannot be read. */
  cpuMs(): number | null;
  wallMs(): number;
}

/**
 * A budget asked once per batch boundary: spent once the next batch, if it costs what the
 * last one did, would end past a limit — so an invocation ends near its limits rather than a
 * whole batch beyond them.
 */
export function batchBudget(meter: Meter, limits: Pick<JobLimits, "cpuMs" | "wallMs">): Budget & Meter {
  let lastCpu = 0;
  let lastWall = 0;
  return {
    cpuMs: () => meter.cpuMs(),
    wallMs: () => meter.wallMs(),
    spent() {
      const cpu = meter.cpuMs();
      const wall = meter.wallMs();
      const nextCpu = cpu === null ? null : cpu + (cpu - lastCpu);
      const nextWall = wall + (wall - lastWall);
      lastCpu = cpu ?? 0;
      lastWall = wall;
      return (nextCpu !== null && nextCpu >= limits.cpuMs) || nextWall >= limits.wallMs;
    },
  };
}

export type JobName = "reminders" | "outbox" | "calendar-health" | "watch-renewal" | "metric-alerts";
export const JOB_NAMES: readonly JobName[] = ["reminders", "outbox", "calendar-health", "watch-renewal", "metric-alerts"];

/** Room to spare: a batch started just before the limit still ends far from 2 s CPU and 55 s wall. */
export const DEFAULT_CPU_MS = 600;
export const DEFAULT_WALL_MS = 20_000;

/** Per statement for reminders (the database does the work); per batch for the others. */
export const DEFAULT_BATCH: Record<JobName, number> = {
  reminders: 1000,
  outbox: 32,
  "calendar-health": 20,
  "watch-renewal": 10,
  "metric-alerts": 20,
};

/**
 * How many successors one chain may queue before it stops and leaves the rest to the next
 * cron run: a guard against a chain that never ends, set far above what a backlog needs
 * (10,000 reminders take about 150 links where the CPU cannot be read, 25 where it can).
 */
export const DEFAULT_MAX_CHAIN = 1000;

/** A marker not refreshed for this long belongs to a chain that died (the platform's 150 s wall, and then some). */
export const CHAIN_STALE_MS = 3 * 60_000;

type Get = (name: string) => string | undefined;

function positive(get: Get, name: string, fallback: number): number {
  const raw = get(name);
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return n;
}

/**
 * The limits for a job: LUMALEASING_JOB_CPU_MS, LUMALEASING_JOB_WALL_MS and
 * LUMALEASING_JOB_BATCH (every job) or LUMALEASING_JOB_BATCH_<JOB> (one job, e.g.
 * LUMALEASING_JOB_BATCH_CALENDAR_HEALTH), else the defaults above.
 */
export function limitsFromEnv(job: JobName, get: Get): JobLimits {
  const own = `LUMALEASING_JOB_BATCH_${job.toUpperCase().replace(/-/g, "_")}`;
  return {
    cpuMs: positive(get, "LUMALEASING_JOB_CPU_MS", DEFAULT_CPU_MS),
    wallMs: positive(get, "LUMALEASING_JOB_WALL_MS", DEFAULT_WALL_MS),
    batch: Math.floor(positive(get, own, positive(get, "LUMALEASING_JOB_BATCH", DEFAULT_BATCH[job]))),
  };
}

export function maxChainFromEnv(get: Get): number {
  return Math.floor(positive(get, "LUMALEASING_JOB_MAX_CHAIN", DEFAULT_MAX_CHAIN));
}

/**
 * The limits an invocation actually works to. Where its CPU cannot be read (the hosted
 * runtime; Deno 2.1 without full permissions), the wall clock stands in for it: one JS
 * thread never uses more CPU than the time that passes, so a wall limit equal to the CPU
 * limit (or LUMALEASING_JOB_WALL_MS_WITHOUT_CPU, once CPU per invocation has been seen on
 * the platform's dashboard) still keeps every invocation inside the CPU budget.
 */
export function effectiveLimits(limits: JobLimits, cpuMeasurable: boolean, get: Get): JobLimits {
  if (cpuMeasurable) return limits;
  const wallWithoutCpu = positive(get, "LUMALEASING_JOB_WALL_MS_WITHOUT_CPU", limits.cpuMs);
  return { ...limits, wallMs: Math.min(limits.wallMs, wallWithoutCpu) };
}

/** A caller may ask for less than the configured limits (tests, a cautious manual run), never for more. */
export function narrowLimits(configured: JobLimits, asked: Partial<JobLimits> = {}): JobLimits {
  const pick = (a: number | undefined, c: number) => (a !== undefined && a > 0 ? Math.min(a, c) : c);
  return {
    cpuMs: pick(asked.cpuMs, configured.cpuMs),
    wallMs: pick(asked.wallMs, configured.wallMs),
    batch: Math.max(1, Math.floor(pick(asked.batch, configured.batch))),
  };
}

export type SuccessorVerdict =
  | { queue: true }
  | { queue: false; why: "done" | "no_progress" | "chain_limit" };

/**
 * Whether an invocation queues a successor: only when work remains, this invocation moved
 * it forward (a slice that achieved nothing would only hand the same nothing on), and the
 * chain is not yet at its length limit.
 */
export function successorVerdict(run: { more: boolean; progressed: boolean; depth: number; maxChain: number }): SuccessorVerdict {
  if (!run.more) return { queue: false, why: "done" };
  if (!run.progressed) return { queue: false, why: "no_progress" };
  if (run.depth + 1 > run.maxChain) return { queue: false, why: "chain_limit" };
  return { queue: true };
}

/**
 * Whether another batch may start: always while nothing has been done yet (so every
 * invocation that can make progress does, and an empty batch never uses up that turn),
 * then while the budget lasts.
 */
export function mayStartBatch(doneSoFar: number, budget: Budget): boolean {
  return doneSoFar === 0 || !budget.spent();
}
