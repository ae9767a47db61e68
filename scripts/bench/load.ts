// A small closed-loop load generator for the API benchmarks: N visitors, each waiting
// for its answer (and an optional think time) before asking again, for a fixed time.
export interface LoadResult {
  requests: number;
  errors: number;
  statuses: Record<number, number>;
  latenciesMs: number[];
  seconds: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function closedLoop(opts: {
  visitors: number;
  seconds: number;
  thinkMs: number;
  request: (visitor: number, i: number) => Promise<Response>;
  ok: (res: Response) => boolean;
}): Promise<LoadResult> {
  const deadline = performance.now() + opts.seconds * 1000;
  const latenciesMs: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: opts.visitors }, async (_, v) => {
    // Visitors arrive spread over the first think period, not all in the same millisecond.
    await new Promise((r) => setTimeout(r, Math.floor((v / opts.visitors) * opts.thinkMs)));
    for (let i = 0; performance.now() < deadline; i++) {
      const t0 = performance.now();
      try {
        const res = await opts.request(v, i);
        await res.arrayBuffer();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (!opts.ok(res)) errors++;
      } catch {
        errors++;
      }
      latenciesMs.push(performance.now() - t0);
      if (opts.thinkMs) await new Promise((r) => setTimeout(r, opts.thinkMs));
    }
  }));
  latenciesMs.sort((a, b) => a - b);
  return { requests: latenciesMs.length, errors, statuses, latenciesMs, seconds: (performance.now() - started) / 1000 };
}
