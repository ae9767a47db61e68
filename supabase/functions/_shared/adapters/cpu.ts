// CPU time of the thread running this isolate, where the platform lets us read it.
// The hosted runtime kills an isolate past its CPU budget; locally we measure the same
// thing (the JS thread's scheduler time) so tests and jobs can see how close they come.

let readable: boolean | undefined;

/** Milliseconds of CPU this thread has used, or null where it cannot be read (hosted). */
export function threadCpuMs(): number | null {
  if (readable === false) return null;
  try {
    // schedstat: "<ns on cpu> <ns waiting> <timeslices>", nanosecond precision.
    const text = Deno.readTextFileSync("/proc/thread-self/schedstat");
    readable = true;
    return Number(text.split(" ")[0]) / 1e6;
  } catch {
    readable = false;
    return null;
  }
}

/**
 * A budget for one invocation's work: spent when its CPU (where measurable) or its wall
 * clock passes the limit. Jobs check it between batches and leave the rest to their successor.
 */
export function workBudget(limits: { cpuMs: number; wallMs: number }) {
  const cpuStart = threadCpuMs();
  const wallStart = performance.now();
  return {
    cpuMs: () => (cpuStart === null ? null : (threadCpuMs() ?? cpuStart) - cpuStart),
    wallMs: () => performance.now() - wallStart,
    spent(): boolean {
      const cpu = this.cpuMs();
      return (cpu !== null && cpu >= limits.cpuMs) || this.wallMs() >= limits.wallMs;
    },
  };
}
