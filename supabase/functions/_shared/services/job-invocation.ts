// One job invocation within its budget: the job works in batches until its budget (CPU of
// the JS thread where readable, wall clock everywhere) is spent or nothing is left, then —
// when work remains and this slice made progress — queues its successor through pg_net, so
// a backlog of any size drains as a chain of short invocations instead of one long one.
// One chain per job and scope holds the marker; a cron run that finds a live chain does its
// own slice and leaves the rest to it. Claims stay atomic (SKIP LOCKED), so a chain link, a
// cron run and a manual run can overlap safely. Where the CPU cannot be read, the wall
// clock stands in for it (services/job-budget.ts).
import { endChain, queueSuccessor } from "../adapters/job-chain.ts";
import type { JobAnswer, JobChainAnswer, JobRequest } from "../contracts/jobs.ts";
import {
  type Budget,
  CHAIN_STALE_MS,
  type JobLimits,
  type JobName,
  limitsFromEnv,
  maxChainFromEnv,
  narrowLimits,
  successorVerdict,
} from "../core/job-limits.ts";
import type { Deps } from "./deps.ts";
import { jobBudget } from "./job-budget.ts";

/** What a job's slice is given. */
export interface SliceInput {
  propertyId?: string;
  budget: Budget;
  batchSize: number;
  /** When this chain's round began (calendar jobs: whatever was checked since is done); absent on a chain's first link. */
  since?: Date;
}

/** What a job's slice reports. */
export interface SliceResult<S> {
  summary: S;
  /** Work was left when the budget ran out. */
  more: boolean;
  /** Something was done (claimed, sent, checked). */
  progressed: boolean;
  /** The round's start this slice used, for its successor (calendar jobs). */
  since?: Date;
}

export type JobSlice<S = unknown> = (d: Deps, input: SliceInput) => Promise<SliceResult<S>>;

type Get = (name: string) => string | undefined;

export async function invokeJob<S>(
  d: Deps,
  job: JobName,
  slice: JobSlice<S>,
  req: JobRequest,
  env: Get = (name) => Deno.env.get(name),
): Promise<JobAnswer<S>> {
  const asked: JobLimits = narrowLimits(limitsFromEnv(job, env), req.limits);
  const budget = jobBudget(asked, env);
  const limits = { ...budget.limits, batch: asked.batch };
  const since = req.since ? new Date(req.since) : undefined;
  const depth = req.depth ?? 0;
  const chainId = req.chain ?? crypto.randomUUID();
  const scope = req.propertyId ?? "*";
  // The instant the job ran at, by the functions' clock (the one its rules use).
  const now = d.clock.now().toISOString();

  const result = await slice(d, { propertyId: req.propertyId, budget, batchSize: limits.batch, since });

  const verdict = successorVerdict({ more: result.more, progressed: result.progressed, depth, maxChain: maxChainFromEnv(env) });
  const chain: JobChainAnswer = { id: chainId, depth, successor: false };
  if (verdict.queue) {
    const roundStart = result.since ?? since;
    const body = {
      ...(req.propertyId ? { propertyId: req.propertyId } : {}),
      ...(roundStart ? { since: roundStart.toISOString() } : {}),
      ...(req.limits ? { limits: req.limits } : {}),
    };
    chain.successor = await queueSuccessor(d.sql, { job, scope, chainId, depth: depth + 1 }, body, CHAIN_STALE_MS);
    if (!chain.successor) chain.why = "chain_running";
  } else {
    chain.why = verdict.why;
    // Only a successor can hold its chain's marker; a first link has nothing to free.
    if (req.chain) await endChain(d.sql, { job, scope, chainId });
  }

  const wallMs = budget.wallMs();
  const cpuMs = budget.cpuMs();
  return {
    success: true,
    job,
    now,
    summary: result.summary,
    more: result.more,
    cpuMs: cpuMs === null ? null : round(cpuMs),
    wallMs: round(wallMs),
    ms: Math.round(wallMs),
    limits: { ...limits, cpuMeasured: budget.cpuMeasured },
    chain,
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
