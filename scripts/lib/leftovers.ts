// What a stack that died without stopping (SIGKILL, a crash, a power cut) leaves in its
// state folder: the lock with its pid, a Postgres cluster still running, and children
// still holding their ports (the functions gateway and its function processes, WordPress'
// PHP server and MariaDB). Every process the stack starts inherits STACK_MARKER naming
// the state folder, so the leftovers of exactly this folder can be found and stopped —
// never a process of another stack, never one that merely reused a pid.
import { asPostgres } from "./postgres.ts";

/** Set in the stack's environment, so every process it starts carries it. */
export const STACK_MARKER = "LUMALEASING_STACK_DIR";

const PG_BIN = "/usr/lib/postgresql/15/bin";

/** Running (a zombie, dead but not yet reaped, holds no port and counts as gone). */
export function alive(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGCONT");
  } catch {
    return false;
  }
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** The pid of a stack still running from this state folder (the lock's pid, alive and a stack), or null. */
export async function liveStack(lockFile: string): Promise<number | null> {
  const pid = Number((await Deno.readTextFile(lockFile).catch(() => "")).trim());
  if (!Number.isInteger(pid) || pid <= 1 || pid === Deno.pid || !alive(pid)) return null;
  // A pid the kernel handed to another program since is not our stack.
  const cmdline = await Deno.readTextFile(`/proc/${pid}/cmdline`).catch(() => null);
  if (cmdline !== null && !cmdline.split("\0").some((arg) => arg.endsWith("scripts/stack.ts"))) return null;
  return pid;
}

/** Processes (other than this one) whose environment names this state folder. */
export async function markedProcesses(stateDir: string): Promise<number[]> {
  const mark = `${STACK_MARKER}=${stateDir}`;
  const found: number[] = [];
  for await (const entry of Deno.readDir("/proc")) {
    const pid = Number(entry.name);
    if (!Number.isInteger(pid) || pid === Deno.pid) continue;
    const environ = await Deno.readTextFile(`/proc/${pid}/environ`).catch(() => "");
    if (environ.split("\0").includes(mark) && alive(pid)) found.push(pid);
  }
  return found;
}

async function waitGone(pids: number[], ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  let left = pids.filter(alive);
  while (left.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    left = left.filter(alive);
  }
  return left;
}

/**
 * Stops what a dead stack left in `stateDir`: its Postgres (pg_ctl, immediate), then every
 * process carrying the folder's marker (SIGTERM, SIGKILL after `graceMs`). Call it only
 * when `liveStack` found no stack. Returns what it stopped, for the log.
 */
export async function cleanLeftovers(stateDir: string, graceMs = 10_000): Promise<string[]> {
  const stopped: string[] = [];
  const dataDir = `${stateDir}/postgres`;
  const postmaster = await Deno.readTextFile(`${dataDir}/postmaster.pid`).catch(() => "");
  const pgPid = Number(postmaster.split("\n")[0]);
  if (Number.isInteger(pgPid) && pgPid > 1 && alive(pgPid)) {
    await asPostgres(`${PG_BIN}/pg_ctl`, ["-D", await Deno.realPath(dataDir), "stop", "-m", "immediate", "-w", "-t", "30"])
      .catch((err) => console.error(`the leftover Postgres would not stop: ${err instanceof Error ? err.message : err}`));
    stopped.push(`Postgres (pid ${pgPid})`);
  }
  const pids = await markedProcesses(stateDir);
  for (const pid of pids) {
    try {
      Deno.kill(pid, "SIGTERM");
    } catch { /* gone */ }
  }
  for (const pid of await waitGone(pids, graceMs)) {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch { /* gone */ }
  }
  await waitGone(pids, 5000);
  if (pids.length) stopped.push(`${pids.length} process(es) of the previous stack (pids ${pids.join(", ")})`);
  return stopped;
}
