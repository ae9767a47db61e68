// A stack of its own for the test suite or the benchmarks: own ports, own state folder,
// started as `npm start` would be, stopped with SIGTERM.
import { repoRoot } from "./config.ts";
import { waitFor } from "./process.ts";

export interface PrivateStack {
  stackFile: string;
  output(): string;
  stop(): Promise<boolean>;
}

/**
 * Starts the stack on basePort+1…+8 (+8: a second WordPress, when one is asked for). A port can be busy for a moment (another stack, or an
 * outgoing connection that took it as its local port), so a second and third base are tried.
 */
export async function startPrivateStack(name: string, basePort: number, env: Record<string, string> = {}): Promise<PrivateStack> {
  let lastError: unknown;
  for (const base of [basePort, basePort + 100, basePort + 200]) {
    try {
      return await startOn(name, base, env);
    } catch (err) {
      lastError = err;
      if (!/already in use/.test(String(err))) throw err;
      console.error(`ports ${base + 1}–${base + 8} are busy; trying the next range`);
    }
  }
  throw lastError;
}

async function startOn(name: string, basePort: number, env: Record<string, string>): Promise<PrivateStack> {
  const state = `${repoRoot}/.lumaleasing/${name}`;
  const stackFile = `${state}/stack.json`;
  await Deno.mkdir(state, { recursive: true });
  await Deno.remove(stackFile).catch(() => {});
  const log = await Deno.open(`${state}/stack.log`, { create: true, write: true, truncate: true });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${repoRoot}/scripts/stack.ts`],
    cwd: repoRoot,
    env: {
      ...Deno.env.toObject(),
      LUMALEASING_FUNCTIONS_PORT: String(basePort + 1),
      LUMALEASING_DB_PORT: String(basePort + 2),
      LUMALEASING_MAIL_PORT: String(basePort + 4),
      LUMALEASING_GOOGLE_PORT: String(basePort + 5),
      LUMALEASING_WORDPRESS_PORT: String(basePort + 6),
      LUMALEASING_HUBSPOT_PORT: String(basePort + 7),
      LUMALEASING_WORDPRESS2_PORT: String(basePort + 8),
      LUMALEASING_STATE_DIR: state,
      LUMALEASING_QUIET: "1",
      ...env,
    },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let output = "";
  for (const stream of [child.stdout, child.stderr]) {
    (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of stream) {
        output += decoder.decode(chunk, { stream: true });
        if (output.length > 200_000) output = output.slice(-100_000);
        log.writeSync(chunk);
      }
    })().catch(() => {});
  }
  let exited = false;
  child.status.then(() => exited = true);
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch { /* gone */ }
    return await Promise.race([child.status.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 30000))]);
  };
  try {
    await waitFor(`the ${name} stack`, async () => {
      if (exited) throw new Error("the stack exited");
      return JSON.parse(await Deno.readTextFile(stackFile)).ready === true;
    }, 240000);
  } catch (err) {
    await stop();
    throw new Error(`${err instanceof Error ? err.message : err}\n${output.slice(-4000)}`);
  }
  return { stackFile, output: () => output, stop };
}
