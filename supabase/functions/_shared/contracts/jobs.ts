// What pg_cron (through pg_net), a successor in a chain, or an operator sends to
// POST /lumaleasing-jobs/<job>, and what every job answers.
import { z } from "zod";

export const JobRequest = z.object({
  /** pg_cron's call_job names the job in the body too; the path decides. */
  job: z.string().optional(),
  /** Only this property's rows (tests, manual runs); a chain keeps its scope. */
  propertyId: z.string().uuid().optional(),
  /** The chain this invocation continues, and how many links came before it. */
  chain: z.string().uuid().optional(),
  depth: z.number().int().min(0).max(1_000_000).optional(),
  /** When this round of the calendar jobs began: calendars checked since then are done. */
  since: z.string().datetime({ offset: true }).optional(),
  /** Smaller limits than the configured ones (a larger value is ignored). */
  limits: z.object({
    cpuMs: z.number().positive().optional(),
    wallMs: z.number().positive().optional(),
    batch: z.number().int().positive().optional(),
  }).optional(),
});
export type JobRequest = z.infer<typeof JobRequest>;

export interface JobChainAnswer {
  id: string;
  /** Links before this one (0: started by pg_cron or by hand). */
  depth: number;
  /** A successor was queued (it starts after this answer's transaction committed). */
  successor: boolean;
  /** Why not, when not. */
  why?: "done" | "no_progress" | "chain_limit" | "chain_running";
}

export interface JobAnswer<S = unknown> {
  success: true;
  job: string;
  /** The instant the job ran at, by the functions' clock (the one its rules used). */
  now: string;
  /** What this invocation did (the job's own counters). */
  summary: S;
  /** Work was left when the budget ran out. */
  more: boolean;
  /** CPU of the JS thread during the invocation (null where the platform does not expose it). */
  cpuMs: number | null;
  wallMs: number;
  /** Same as wallMs, rounded (kept for older readers). */
  ms: number;
  /** The limits worked to; without a CPU reading the wall limit stands in for the CPU one. */
  limits: { cpuMs: number; wallMs: number; batch: number; cpuMeasured: boolean };
  chain: JobChainAnswer;
}
