// The budget a job invocation works to: its limits (where its CPU cannot be read, the wall
// clock stands in for it — core/job-limits.ts `effectiveLimits`), measured by adapters/cpu.ts
// and asked between batches (`batchBudget`: spent once the next batch would end past a limit).
import { threadCpuMs, workBudget } from "../adapters/cpu.ts";
import { batchBudget, type Budget, DEFAULT_CPU_MS, DEFAULT_WALL_MS, effectiveLimits, type JobLimits, type Meter } from "../core/job-limits.ts";

type Get = (name: string) => string | undefined;
const fromEnv: Get = (name) => Deno.env.get(name);

export type JobBudget = Budget & Meter & { limits: JobLimits; cpuMeasured: boolean };

export function jobBudget(limits: Omit<JobLimits, "batch"> & { batch?: number }, env: Get = fromEnv): JobBudget {
  const cpuMeasured = threadCpuMs() !== null;
  const applied = effectiveLimits({ batch: 1, ...limits }, cpuMeasured, env);
  return Object.assign(batchBudget(workBudget(applied), applied), { limits: applied, cpuMeasured });
}

/** What a job called without a budget (tests, the booking route's drain) works to. */
export function defaultJobBudget(): JobBudget {
  return jobBudget({ cpuMs: DEFAULT_CPU_MS, wallMs: DEFAULT_WALL_MS });
}
