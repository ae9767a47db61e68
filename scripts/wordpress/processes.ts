// Processes and small helpers the local WordPress's parts share.
import { terminate } from "../lib/process.ts";

export interface Managed {
  pid: number;
  exited: () => boolean;
  stop(): Promise<void>;
}

/** Starts a long-running process with its output appended to a log file. */
export async function spawnLogged(cmd: string, args: string[], logFile: string, env?: Record<string, string>): Promise<Managed> {
  const file = await Deno.open(logFile, { create: true, append: true, write: true });
  const child = new Deno.Command(cmd, { args, env, stdin: "null", stdout: "piped", stderr: "piped" }).spawn();
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) {
      let written = 0;
      while (written < chunk.length) written += await file.write(chunk.subarray(written));
    }
  };
  const drained = Promise.all([pump(child.stdout), pump(child.stderr)]).catch(() => {}).finally(() => file.close());
  let exited = false;
  void child.status.then(() => (exited = true));
  let stopping: Promise<void> | undefined;
  return {
    pid: child.pid,
    exited: () => exited,
    stop() {
      stopping ??= (async () => {
        if (!exited) {
          const workers = await childPids(child.pid);
          await terminate(child, 30_000);
          // PHP's server workers normally leave with their parent; make sure.
          for (const pid of workers) {
            try {
              Deno.kill(pid, "SIGKILL");
            } catch { /* already gone */ }
          }
        }
        await drained;
      })();
      return stopping;
    },
  };
}

export async function childPids(parent: number): Promise<number[]> {
  try {
    const text = await Deno.readTextFile(`/proc/${parent}/task/${parent}/children`);
    return text.trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export async function run(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdin: "null", stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${out.code}):\n${text}`);
  return text;
}

export async function output(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "null" }).output();
  return new TextDecoder().decode(out.stdout);
}

export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number, died?: () => boolean) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (died?.()) throw new Error(`${what} exited while starting`);
    try {
      if (await check()) return;
    } catch { /* not yet */ }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Whether a process is running (a zombie waiting to be reaped is not). */
export async function alive(pid: number): Promise<boolean> {
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`).catch(() => "");
  if (!stat) return false;
  const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  return state !== "Z" && state !== "X";
}

export async function which(cmd: string): Promise<boolean> {
  const out = await new Deno.Command("sh", { args: ["-c", `command -v ${cmd}`], stdout: "null", stderr: "null" })
    .output();
  return out.success;
}

export async function tail(path: string, lines = 20): Promise<string> {
  const text = await Deno.readTextFile(path).catch(() => "");
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

export function absolute(path: string): string {
  const joined = path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
  const parts: string[] = [];
  for (const part of joined.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return "/" + parts.join("/");
}

export function randomToken(bytes: number): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...raw)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

export function phpString(value: string): string {
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}
