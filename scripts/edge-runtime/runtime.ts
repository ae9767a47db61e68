// The deploy-shaped local runtime: each function runs as its own process on the Deno the
// Supabase Edge Runtime is built on, resolving modules exactly as `supabase functions deploy`
// ships them — from a view holding only supabase/functions/ (no node_modules, no
// package.json), with npm packages fetched into a Deno cache from the registry.
import { repoRoot } from "../lib/config.ts";
import { eachLine, terminate } from "../lib/process.ts";

/** The package (scripts/edge-runtime/deno/package.json) that pins the Edge Runtime's Deno: its version lives there only. */
const PINNED_DIR = `${repoRoot}/scripts/edge-runtime/deno`;

export interface EdgeDeno {
  path: string;
  version: string;
}

/** The Edge Runtime's Deno binary, installed from npm by scripts/bootstrap.sh. */
export function edgeDeno(): EdgeDeno {
  const version = JSON.parse(Deno.readTextFileSync(`${PINNED_DIR}/package.json`)).dependencies.deno as string;
  const platform = `${Deno.build.os === "darwin" ? "darwin" : "linux"}-${Deno.build.arch === "aarch64" ? "arm64" : "x64"}${
    Deno.build.os === "linux" ? "-glibc" : ""
  }`;
  const dir = `${PINNED_DIR}/node_modules/@deno/${platform}`;
  try {
    if (JSON.parse(Deno.readTextFileSync(`${dir}/package.json`)).version === version) return { path: `${dir}/deno`, version };
  } catch { /* not installed */ }
  throw new Error(`the Edge Runtime's Deno ${version} is not installed; run: bash scripts/bootstrap.sh`);
}

/** Where the pinned Deno keeps the npm packages it fetched (kept between runs). */
export const denoCacheDir = () => Deno.env.get("LUMALEASING_DENO_DIR") ?? `${repoRoot}/.lumaleasing/deno-cache`;

/** What every process of the pinned Deno needs: no package.json, the registry's CA, our cache. */
export function edgeEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env = { ...Deno.env.toObject() };
  // Nothing of the repository's Node/npm setup may leak into resolution.
  for (const key of Object.keys(env)) if (/^(npm_|NODE_|DENO_)/i.test(key)) delete env[key];
  return {
    ...env,
    DENO_NO_PACKAGE_JSON: "1",
    DENO_NO_UPDATE_CHECK: "1",
    DENO_TLS_CA_STORE: "system",
    DENO_DIR: denoCacheDir(),
    NO_COLOR: "1",
    ...extra,
  };
}

export interface DeployView {
  /** The folder standing in for the deployed bundle's root: holds supabase/functions only. */
  root: string;
  functionsDir: string;
  workerPath: string;
  close(): Promise<void>;
}

/**
 * Copies supabase/functions/ (what the CLI uploads) into a temporary folder outside the
 * repository, so an import that leaves the folder or leans on node_modules fails here as it
 * would on the platform.
 */
export async function makeDeployView(source = `${repoRoot}/supabase/functions`): Promise<DeployView> {
  const root = await Deno.makeTempDir({ prefix: "lumaleasing-deploy-" });
  const functionsDir = `${root}/supabase/functions`;
  await copyTree(source, functionsDir);
  const workerPath = `${root}/runtime/worker.ts`;
  await Deno.mkdir(`${root}/runtime`, { recursive: true });
  await Deno.copyFile(new URL("./worker.ts", import.meta.url).pathname, workerPath);
  return { root, functionsDir, workerPath, close: () => Deno.remove(root, { recursive: true }).catch(() => {}) };
}

async function copyTree(from: string, to: string) {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyTree(`${from}/${e.name}`, `${to}/${e.name}`);
    else if (e.isFile) await Deno.copyFile(`${from}/${e.name}`, `${to}/${e.name}`);
  }
}

/** Runs the pinned Deno once (cache, info, …) with the deploy view's settings; returns its output. */
export async function runEdgeDeno(args: string[], cwd: string): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  const out = await new Deno.Command(edgeDeno().path, { args, cwd, env: edgeEnv(), stdin: "null" }).output();
  const dec = new TextDecoder();
  return { ok: out.success, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** Fetches a function's npm packages into the cache, checked against its committed lock file. */
export async function cacheFunction(view: DeployView, name: string): Promise<void> {
  const dir = `${view.functionsDir}/${name}`;
  const res = await runEdgeDeno(["cache", "--config", `${dir}/deno.json`, "--frozen", `${dir}/index.ts`], view.root);
  if (!res.ok) throw new Error(`function ${name} does not resolve as deployed:\n${(res.stderr || res.stdout).trim()}`);
}

export interface Usage {
  kind: "request" | "waitUntil";
  fn: string;
  method?: string;
  path?: string;
  status?: number;
  cpuMs: number;
  wallMs: number;
}

export interface FunctionWorker {
  name: string;
  port: number;
  /** Spawn to listening: the process, the runtime and the function's import. */
  coldStartMs: number;
  /** The function's own import inside the process. */
  bootMs: number;
  alive(): boolean;
  stop(): Promise<void>;
}

/**
 * Starts one function's process. Memory is capped like the platform's (256 MB heap); the
 * worker answers on a loopback port it picks and reports it on stdout.
 */
export async function startWorker(view: DeployView, opts: {
  name: string;
  entrypoint: string; // relative to supabase/, as in config.toml
  env: Record<string, string>;
  onUsage: (u: Usage) => void;
  log?: (line: string) => void;
  wallLimitMs?: number;
  memoryMb?: number;
}): Promise<FunctionWorker> {
  const started = performance.now();
  const dir = `${view.functionsDir}/${opts.name}`;
  const entry = `${view.root}/supabase/${opts.entrypoint.replace(/^\.\//, "")}`;
  const child = new Deno.Command(edgeDeno().path, {
    args: [
      "run",
      // Deno lets only a fully permitted process read its own /proc CPU counters, which the
      // CPU accounting needs; the platform's file sandbox is not what this runtime models.
      "--allow-all",
      "--no-prompt",
      "--config",
      `${dir}/deno.json`,
      "--frozen",
      `--v8-flags=--max-old-space-size=${opts.memoryMb ?? 256}`,
      view.workerPath,
    ],
    cwd: view.root,
    env: edgeEnv({
      ...opts.env,
      LUMALEASING_WORKER_ENTRY: `file://${entry}`,
      LUMALEASING_WORKER_CLOCK: `file://${view.functionsDir}/_shared/adapters/clock.ts`,
      LUMALEASING_WORKER_WALL_MS: String(opts.wallLimitMs ?? 150_000),
    }),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let exited = false;
  child.status.then(() => exited = true);
  const log = opts.log ?? ((line: string) => console.log(line));
  let listening: (v: { port: number; bootMs: number }) => void;
  const ready = new Promise<{ port: number; bootMs: number }>((r) => listening = r);
  let tail = "";
  const pump = (stream: ReadableStream<Uint8Array>, isOut: boolean) =>
    eachLine(stream, (line) => {
      const usage = isOut && line.match(/^@@lumaleasing-usage (.*)$/);
      if (usage) {
        const u = JSON.parse(usage[1]);
        if (u.kind === "listening") listening({ port: u.port, bootMs: u.bootMs });
        else opts.onUsage({ ...u, fn: opts.name });
        return;
      }
      tail = (tail + line + "\n").slice(-4000);
      log(`[${opts.name}] ${line}`);
    });
  pump(child.stdout, true).catch(() => {});
  pump(child.stderr, false).catch(() => {});
  const failed = child.status.then((s) => {
    throw new Error(`function ${opts.name} exited (code ${s.code}) before listening:\n${tail.trim()}`);
  });
  const { port, bootMs } = await Promise.race([ready, failed]);
  failed.catch(() => {}); // later exits are seen through alive()
  return {
    name: opts.name,
    port,
    bootMs,
    coldStartMs: performance.now() - started,
    alive: () => !exited,
    stop: () => terminate(child, 5000),
  };
}
