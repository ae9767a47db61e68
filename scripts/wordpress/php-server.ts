// PHP for the local WordPress: the one-off setup runs and the built-in web server.
import type { Layout } from "./layout.ts";
import { alive, childPids, type Managed, spawnLogged, waitUntil } from "./processes.ts";

const here = new URL(".", import.meta.url).pathname;

export async function runSetup(phase: "install" | "configure", input: Record<string, unknown>) {
  const out = await new Deno.Command("php", {
    args: ["-d", "display_errors=stderr", `${here}setup.php`, phase],
    env: { LUMALEASING_SETUP: JSON.stringify(input) },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  const last = stdout.trim().split("\n").pop() ?? "";
  let result: Record<string, unknown> = {};
  try {
    result = JSON.parse(last);
  } catch { /* reported below */ }
  if (!out.success || typeof result !== "object" || result === null || "error" in result) {
    throw new Error(
      `WordPress setup (${phase}) failed: ${String(result?.error ?? `exit ${out.code}`)}\n${stdout}\n${stderr}`.trim(),
    );
  }
  return result;
}

// ---------------------------------------------------------------------------------------
// PHP's built-in server

export async function startPhp(dirs: Layout, port: number): Promise<Managed> {
  const server = await spawnLogged("php", [
    "-d",
    "memory_limit=256M",
    "-d",
    "display_errors=0",
    "-d",
    "log_errors=1",
    "-d",
    `error_log=${dirs.logs}/php-error.log`,
    "-d",
    "upload_max_filesize=16M",
    "-d",
    "post_max_size=16M",
    "-S",
    `127.0.0.1:${port}`,
    "-t",
    dirs.www,
    `${here}router.php`,
  ], `${dirs.logs}/php-server.log`, {
    // A few workers, so a page and its REST calls do not queue behind each other.
    PHP_CLI_SERVER_WORKERS: "3",
  });
  return server;
}

/** Notes the server's pids (with its workers, which outlive a killed parent) for stopStalePhp. */
export async function recordPhpPids(dirs: Layout, server: Managed) {
  const pids = [server.pid, ...await childPids(server.pid)];
  await Deno.writeTextFile(`${dirs.run}/php.pid`, pids.join("\n") + "\n");
}

/** A PHP server left behind by a run that did not stop cleanly holds the port: end it. */
export async function stopStalePhp(dirs: Layout) {
  const pidFile = `${dirs.run}/php.pid`;
  const pids = (await Deno.readTextFile(pidFile).catch(() => "")).split("\n").map(Number)
    .filter((pid) => Number.isInteger(pid) && pid > 1);
  await Deno.remove(pidFile).catch(() => {});
  const ours: number[] = [];
  for (const pid of pids) {
    // Only a PHP server of this state directory, never a process that reused the pid.
    const cmdline = (await Deno.readTextFile(`/proc/${pid}/cmdline`).catch(() => "")).split("\0");
    if (cmdline.includes(`${here}router.php`) && cmdline.includes(dirs.www)) ours.push(pid);
  }
  for (const pid of ours) {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch { /* gone */ }
  }
  for (const pid of ours) {
    await waitUntil("the previous PHP server to stop", async () => !(await alive(pid)), 10_000);
  }
}

