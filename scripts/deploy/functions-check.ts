// What `supabase functions deploy` would meet, function by function: exact versions in its
// own deno.json, a lock file that matches, a module graph inside supabase/functions/, the
// bundle's size, and the cold start on the Edge Runtime's Deno.
import { cacheFunction, type DeployView, edgeEnv, runEdgeDeno, startWorker } from "../edge-runtime/runtime.ts";

export interface FunctionReport {
  name: string;
  problems: string[];
  localModules: number;
  npmPackages: string[];
  bundleBytes: number;
  coldStartsMs: number[];
}

const EXACT_NPM = /^npm:\/?(@[^/@]+\/)?[^/@]+@\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?\/?$/;

/** Every import of a function's deno.json must name an exact version. */
export function inexactImports(imports: Record<string, string>): string[] {
  return Object.entries(imports)
    .filter(([, target]) => target.startsWith("npm:") && !EXACT_NPM.test(target))
    .map(([name, target]) => `${name} → ${target}`);
}

export async function checkFunction(view: DeployView, name: string, opts: { coldStarts: number; bundleDeno: string }): Promise<FunctionReport> {
  const dir = `${view.functionsDir}/${name}`;
  const report: FunctionReport = { name, problems: [], localModules: 0, npmPackages: [], bundleBytes: 0, coldStartsMs: [] };
  let config: { imports?: Record<string, string>; importMap?: string };
  try {
    config = JSON.parse(await Deno.readTextFile(`${dir}/deno.json`));
  } catch {
    report.problems.push(`supabase/functions/${name}/deno.json is missing or not JSON`);
    return report;
  }
  for (const bad of inexactImports(config.imports ?? {})) report.problems.push(`not an exact version: ${bad}`);
  try {
    await Deno.stat(`${dir}/deno.lock`);
    await cacheFunction(view, name);
  } catch (err) {
    report.problems.push(err instanceof Deno.errors.NotFound ? `supabase/functions/${name}/deno.lock is missing (npm run deploy:lock)` : String(err));
    return report;
  }

  const info = await runEdgeDeno(["info", "--json", "--config", `${dir}/deno.json`, `${dir}/index.ts`], view.root);
  if (!info.ok) {
    report.problems.push(info.stderr.trim());
    return report;
  }
  const graph = JSON.parse(info.stdout) as {
    modules: Array<{ specifier: string; dependencies?: Array<{ specifier: string; code?: { error?: string } }> }>;
    npmPackages?: Record<string, unknown>;
  };
  const local = graph.modules.filter((m) => m.specifier.startsWith("file://"));
  report.localModules = local.length;
  report.npmPackages = Object.keys(graph.npmPackages ?? {}).sort();
  for (const m of local) {
    if (!m.specifier.startsWith(`file://${view.functionsDir}/`)) report.problems.push(`imports outside supabase/functions/: ${m.specifier}`);
    for (const d of m.dependencies ?? []) if (d.code?.error) report.problems.push(`${d.specifier}: ${d.code.error}`);
  }

  // The bundle: every module the function loads, npm code included, as one file.
  const out = `${view.root}/${name}.bundle.js`;
  const bundle = await new Deno.Command(opts.bundleDeno, {
    args: ["bundle", "--quiet", "--platform", "deno", "--config", `${dir}/deno.json`, `${dir}/index.ts`, "-o", out],
    cwd: view.root,
    env: edgeEnv(),
  }).output();
  if (bundle.success) report.bundleBytes = (await Deno.stat(out)).size;
  else report.problems.push(`bundle failed: ${new TextDecoder().decode(bundle.stderr).trim()}`);

  for (let i = 0; i < opts.coldStarts; i++) {
    const started = performance.now();
    const worker = await startWorker(view, {
      name,
      entrypoint: `functions/${name}/index.ts`,
      env: coldStartEnv(),
      onUsage: () => {},
      log: () => {},
    });
    try {
      const res = await fetch(`http://127.0.0.1:${worker.port}/${name}/health`);
      await res.body?.cancel();
      report.coldStartsMs.push(performance.now() - started);
    } finally {
      await worker.stop();
    }
  }
  return report;
}

/** Enough configuration for a function to load and answer; nothing it reaches is real. */
function coldStartEnv(): Record<string, string> {
  return {
    SUPABASE_URL: "http://127.0.0.1:9",
    SUPABASE_DB_URL: "postgres://postgres:postgres@127.0.0.1:9/postgres",
    TOKEN_ENCRYPTION_KEY: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    STATE_SIGNING_SECRET: "cold-start-check",
    CRON_SECRET: "cold-start-check",
    GOOGLE_CLIENT_ID: "cold-start-check",
    GOOGLE_CLIENT_SECRET: "cold-start-check",
  };
}
