// CPU time of a function's process read from outside (Linux /proc), for benchmarks: the Edge
// Runtime's Deno cannot read its own (/proc/self needs every permission), so a bench samples
// the process's JS thread (its main thread) and charges each request the CPU used between
// its start and end.

/** Processes below `root` (children, grandchildren, …). */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    try {
      const stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
      // "pid (comm) state ppid …" — comm may hold spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parent.set(Number(entry.name), ppid);
    } catch { /* gone meanwhile */ }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    for (const [child, ppid] of parent) {
      if (ppid === pid) {
        out.push(child);
        walk(child);
      }
    }
  };
  walk(root);
  return out;
}

function cmdline(pid: number): string {
  try {
    return Deno.readTextFileSync(`/proc/${pid}/cmdline`).replaceAll("\0", " ");
  } catch {
    return "";
  }
}

/** The process serving function `name` under the stack's process: its own, or the gateway that runs every function. */
export function functionProcess(stackPid: number, name: string): number | null {
  const below = descendants(stackPid);
  return below.find((pid) => cmdline(pid).includes(`/${name}/`)) ?? below.find((pid) => cmdline(pid).includes("functions-server.ts")) ?? null;
}

/** Milliseconds of CPU the process's main (JS) thread has used, or null if it is gone. */
export function mainThreadCpuMs(pid: number): number | null {
  try {
    return Number(Deno.readTextFileSync(`/proc/${pid}/schedstat`).split(" ")[0]) / 1e6;
  } catch {
    return null;
  }
}

/** Samples a process's CPU every `everyMs` until stopped; answers the CPU used in any past interval of wall time. */
export function cpuSampler(pid: number, everyMs = 10) {
  const samples: Array<{ at: number; cpu: number }> = [];
  const take = () => {
    const cpu = mainThreadCpuMs(pid);
    if (cpu !== null) samples.push({ at: Date.now(), cpu });
  };
  take();
  const timer = setInterval(take, everyMs);
  /** CPU at a moment, interpolated between the samples around it. */
  const cpuAt = (at: number): number | null => {
    if (!samples.length || at < samples[0].at || at > samples.at(-1)!.at + everyMs) return null;
    let i = samples.findIndex((s) => s.at >= at);
    if (i === -1) return samples.at(-1)!.cpu;
    if (i === 0) return samples[0].cpu;
    const [a, b] = [samples[i - 1], samples[i]];
    return a.cpu + ((b.cpu - a.cpu) * (at - a.at)) / Math.max(1, b.at - a.at);
  };
  return {
    /** CPU used between two moments (Date.now() milliseconds), or null outside the sampled span. */
    between(from: number, to: number): number | null {
      const a = cpuAt(from);
      const b = cpuAt(to);
      return a === null || b === null ? null : b - a;
    },
    stop() {
      clearInterval(timer);
      take();
    },
  };
}
