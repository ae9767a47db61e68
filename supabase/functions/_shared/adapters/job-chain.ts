// The chain markers and successor requests in Postgres (lumaleasing.queue_job_successor /
// end_job_chain): a successor is an HTTP call queued through pg_net in the same
// transaction as its marker, so it starts only after that transaction commits.
import { type Sql, withJobs } from "./db.ts";

export interface ChainLink {
  job: string;
  /** "*" for every property, else the property id the chain is limited to. */
  scope: string;
  chainId: string;
  /** The successor's depth (this invocation's + 1). */
  depth: number;
}

/** Queues the successor and holds the marker for it; false when another live chain holds it. */
export async function queueSuccessor(sql: Sql, link: ChainLink, body: Record<string, unknown>, staleAfterMs: number): Promise<boolean> {
  const [row] = await withJobs((tx) =>
    tx<{ queued: boolean }[]>`select lumaleasing.queue_job_successor(${link.job}, ${link.scope}, ${link.chainId}::uuid,
        ${link.depth}::int, ${tx.json(body as never)}, ${`${Math.round(staleAfterMs)} milliseconds`}::interval) as queued`, sql);
  return row.queued;
}

/** Frees the marker if this chain holds it. */
export async function endChain(sql: Sql, link: Omit<ChainLink, "depth">): Promise<void> {
  await withJobs((tx) => tx`select lumaleasing.end_job_chain(${link.job}, ${link.scope}, ${link.chainId}::uuid)`, sql);
}
