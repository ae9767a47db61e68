// Child processes the stack owns: started with their output prefixed, stopped together.

export interface Child {
  name: string;
  process: Deno.ChildProcess;
  stop(): Promise<void>;
}

export function spawnChild(name: string, cmd: string, args: string[], opts: {
  env?: Record<string, string>;
  cwd?: string;
  quiet?: boolean;
} = {}): Child {
  const command = new Deno.Command(cmd, {
    args,
    env: opts.env,
    cwd: opts.cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
  const process = command.spawn();
  const prefix = (stream: ReadableStream<Uint8Array>, out: typeof console.log) => {
    eachLine(stream, (line) => {
      if (!opts.quiet) out(`[${name}] ${line}`);
    }).catch(() => {});
  };
  prefix(process.stdout, console.log);
  prefix(process.stderr, console.error);
  let stopped = false;
  return {
    name,
    process,
    async stop() {
      if (stopped) return;
      stopped = true;
      await terminate(process, 5000);
    },
  };
}

/** Calls `onLine` for each line a child writes (the last one even without a newline). */
export async function eachLine(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void): Promise<void> {
  let carry = "";
  const decoder = new TextDecoder();
  for await (const chunk of stream) {
    carry += decoder.decode(chunk, { stream: true });
    const lines = carry.split("\n");
    carry = lines.pop() ?? "";
    for (const line of lines) onLine(line);
  }
  if (carry) onLine(carry);
}

/** SIGTERM, then SIGKILL if the process is still there after graceMs; resolves once it has exited. */
export async function terminate(process: Deno.ChildProcess, graceMs: number): Promise<void> {
  try {
    process.kill("SIGTERM");
  } catch { /* already gone */ }
  const timer = setTimeout(() => {
    try {
      process.kill("SIGKILL");
    } catch { /* already gone */ }
  }, graceMs);
  await process.status;
  clearTimeout(timer);
}

/** Runs a command to completion; throws with its output when it fails. */
export async function run(cmd: string, args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}) {
  const out = await new Deno.Command(cmd, { args, env: opts.env, cwd: opts.cwd, stdout: "piped", stderr: "piped" })
    .output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")} failed (${out.code}):\n${text}`);
  return text;
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (err) {
      if (err instanceof Error && err.message === "the stack exited") throw err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export async function portIsFree(port: number): Promise<boolean> {
  try {
    const listener = Deno.listen({ hostname: "127.0.0.1", port });
    listener.close();
    return true;
  } catch {
    return false;
  }
}
