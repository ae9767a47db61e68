// The test suites `npm test` runs against a stack (pgTAP, Deno, deploy:check, the widget's
// vitest, PHP, browser tests), each counted as passed/failed from its own output.
// `npm test` runs them once; `npm run test:repeat` runs the chosen ones again and again.
import { repoRoot } from "./config.ts";

export interface SuiteResult {
  suite: string;
  passed: number;
  failed: number;
  seconds: number;
}

export const CPU_BUDGET_MS = 1000;

async function walk(dir: string, match: (name: string) => boolean, out: string[] = []): Promise<string[]> {
  try {
    for await (const e of Deno.readDir(dir)) {
      if (e.name === "node_modules" || e.name.startsWith(".")) continue;
      const path = `${dir}/${e.name}`;
      if (e.isDirectory) await walk(path, match, out);
      else if (match(e.name)) out.push(path);
    }
  } catch { /* missing folder: nothing to run */ }
  return out.sort();
}

const exists = (path: string) => Deno.stat(`${repoRoot}/${path}`).then(() => true, () => false);

const denoCounts = (out: string) => {
  const m = [...out.matchAll(/(?:ok|FAILED) \| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/g)].pop();
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : null;
};
const vitestCounts = (out: string) => {
  const line = out.split("\n").find((l) => /^\s*Tests\s+/.test(l));
  if (!line) return null;
  return { passed: Number(line.match(/(\d+) passed/)?.[1] ?? 0), failed: Number(line.match(/(\d+) failed/)?.[1] ?? 0) };
};
const tapCounts = (out: string) => {
  const passed = (out.match(/^ok \d+/gm) ?? []).length;
  const failed = (out.match(/^not ok \d+/gm) ?? []).length;
  return passed + failed ? { passed, failed } : null;
};
const phpunitCounts = (out: string) => {
  const ok = out.match(/OK \((\d+) tests?/);
  if (ok) return { passed: Number(ok[1]), failed: 0 };
  const m = out.match(/Tests: (\d+).*?(?:Errors: (\d+))?.*?(?:Failures: (\d+))?/s);
  if (!m) return null;
  const failed = Number(out.match(/Errors: (\d+)/)?.[1] ?? 0) + Number(out.match(/Failures: (\d+)/)?.[1] ?? 0);
  return { passed: Number(m[1]) - failed, failed };
};
const deployCheckCounts = (out: string) => {
  const ok = (out.match(/^ {2}ok /gm) ?? []).length;
  const bad = (out.match(/^ {2}FAIL /gm) ?? []).length;
  return ok + bad ? { passed: ok, failed: bad } : null;
};

/**
 * The WordPress releases a stack for these words should run: 6.1 and 6.8 when a browser
 * suite will run (the wp-* browser files run on both), else just the default.
 */
export function wordpressReleasesFor(only: string[]): string {
  const e2eFiles = only.filter((o) => o.includes(".e2e.test."));
  const browser = !only.length || e2eFiles.some((f) => /(^|\/)wp-/.test(f)) ||
    only.some((o) => !o.includes(".test.") && "browser (Playwright, WordPress 6.8)".includes(o));
  return browser ? "6.1,6.8" : "6.1";
}

/**
 * Runs every suite whose name contains one of `only`'s words (all of them when `only` is
 * empty) against the stack described by `stackFile`. A word naming a test file
 * (`booking.test.ts`) runs only the Deno files it matches; one naming a browser test file
 * (`wp-rules.e2e.test.ts`) runs only those browser files.
 */
export async function runSuites(stackFile: string, only: string[]): Promise<SuiteResult[]> {
  // Browser test files (`wp-rules.e2e.test.ts`) go to the browser suite, the rest to Deno.
  const e2eFiles = only.filter((a) => a.includes(".e2e.test."));
  const files = only.filter((a) => a.includes(".test.") && !e2eFiles.includes(a));
  const results: SuiteResult[] = [];
  const info = JSON.parse(await Deno.readTextFile(stackFile));

  async function runSuite(
    suite: string,
    cmd: string,
    args: string[],
    count: (output: string) => { passed: number; failed: number } | null,
    env: Record<string, string> = {},
  ) {
    if (only.length && !only.some((o) => suite.includes(o)) && !(suite === "deno" && files.length) && !(suite.startsWith("browser") && e2eFiles.length)) return;
    console.log(`\n━━ ${suite} ━━`);
    const started = Date.now();
    const child = new Deno.Command(cmd, {
      args,
      cwd: repoRoot,
      env: { ...Deno.env.toObject(), LUMALEASING_STACK_FILE: stackFile, NO_COLOR: "1", FORCE_COLOR: "0", ...env },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    let output = "";
    const pump = async (stream: ReadableStream<Uint8Array>, write: (b: Uint8Array) => void) => {
      const decoder = new TextDecoder();
      for await (const chunk of stream) {
        output += decoder.decode(chunk, { stream: true });
        write(chunk);
      }
    };
    await Promise.all([
      pump(child.stdout, (b) => Deno.stdout.writeSync(b)),
      pump(child.stderr, (b) => Deno.stderr.writeSync(b)),
    ]);
    const status = await child.status;
    const clean = output.replace(/\x1b\[[0-9;]*m/g, "");
    const counted = count(clean) ?? { passed: 0, failed: 0 };
    if (!status.success && counted.failed === 0) counted.failed = 1; // a crash is a failure
    if (status.success && counted.passed === 0 && counted.failed === 0) counted.passed = 1;
    results.push({ suite, ...counted, seconds: (Date.now() - started) / 1000 });
  }

  await runSuite("typecheck (deno task check)", Deno.execPath(), ["task", "check"], () => null);

  for (const file of await walk(`${repoRoot}/supabase/tests/database`, (n) => n.endsWith(".test.sql"))) {
    await runSuite(`pgTAP ${file.split("/").pop()}`, "psql", [info.adminDbUrl, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-f", file], tapCounts);
  }

  const denoTests = [
    ...await walk(`${repoRoot}/supabase`, (n) => n.endsWith(".test.ts")),
    ...await walk(`${repoRoot}/scripts`, (n) => n.endsWith(".test.ts")),
  ].map((p) => p.slice(repoRoot.length + 1)).filter((p) => !files.length || files.some((f) => p.includes(f)));
  // Files run one after another: some move the stack's shared clock.
  if (denoTests.length) await runSuite("deno", Deno.execPath(), ["test", "-A", ...denoTests], denoCounts);

  // The README's deploy section and each function as the CLI ships it.
  await runSuite("deploy:check", Deno.execPath(), ["run", "-A", "scripts/deploy-check.ts"], deployCheckCounts, { LUMALEASING_COLD_STARTS: "3" });

  if (await exists("widget/vitest.config.ts")) {
    await runSuite("widget typecheck (tsc)", "npx", ["tsc", "-p", "widget/tsconfig.json"], () => null);
    await runSuite("widget (vitest)", "npx", ["vitest", "run", "--config", "widget/vitest.config.ts"], vitestCounts);
  }
  if (await exists("widget/admin/vitest.config.ts")) {
    await runSuite("admin app (vitest)", "npx", ["vitest", "run", "--config", "widget/admin/vitest.config.ts"], vitestCounts);
  }
  if (await exists("plugin/phpunit.xml")) {
    await runSuite("plugin php -l", "bash", ["scripts/wordpress/php-lint.sh"], () => null);
    await runSuite("plugin (PHPUnit)", "phpunit", ["-c", "plugin/phpunit.xml"], phpunitCounts);
  }
  if (await exists("widget/e2e/vitest.config.ts")) {
    // The whole browser suite on the stack's first WordPress (Debian 12's 6.1, the oldest the
    // plugin supports), then the WordPress files (wp-*) again on each other one (6.8).
    const sites: { release: string }[] = info.wordpressSites ?? [];
    const vitest = ["vitest", "run", "--config", "widget/e2e/vitest.config.ts"];
    const label = (release?: string) => `browser (Playwright${release ? `, WordPress ${release}` : ""})`;
    await runSuite(label(sites[0]?.release), "npx", [...vitest, ...e2eFiles], vitestCounts);
    const wpFiles = e2eFiles.length
      ? e2eFiles.filter((f) => /(^|\/)wp-[^/]*$/.test(f))
      : (await walk(`${repoRoot}/widget/e2e`, (n) => /^wp-.*\.e2e\.test\.ts$/.test(n))).map((p) => p.split("/").pop()!);
    for (const site of sites.slice(1)) {
      if (!wpFiles.length) break;
      await runSuite(label(site.release), "npx", [...vitest, ...wpFiles], vitestCounts, { LUMALEASING_E2E_WORDPRESS: site.release });
    }
  }
  return results;
}

interface Usage {
  fn: string;
  kind: string;
  method?: string;
  path?: string;
  cpuMs: number;
  wallMs: number;
}

/**
 * Every request and background task the suites caused ran on the deploy-shaped runtime,
 * which logged its CPU time: past 1 s fails (the platform kills an isolate at 2 s).
 */
export async function cpuBudgetResult(stackFile: string): Promise<SuiteResult> {
  const usageFile = stackFile.replace(/stack\.json$/, "function-usage.jsonl");
  const usage = (await Deno.readTextFile(usageFile).catch(() => "")).split("\n").filter(Boolean).map((l) => JSON.parse(l) as Usage);
  const over = usage.filter((u) => u.cpuMs > CPU_BUDGET_MS);
  const top = [...usage].sort((a, b) => b.cpuMs - a.cpuMs).slice(0, 3);
  console.log(`\n━━ CPU per request ━━\n${usage.length} function requests and background tasks; the largest:`);
  for (const u of top) console.log(`  ${u.cpuMs.toFixed(1)} ms CPU, ${u.wallMs.toFixed(0)} ms wall — ${u.fn} ${u.method ?? u.kind} ${u.path ?? ""}`);
  for (const u of over) console.error(`  over ${CPU_BUDGET_MS} ms: ${u.fn} ${u.method ?? u.kind} ${u.path ?? ""} (${u.cpuMs.toFixed(0)} ms)`);
  return { suite: `CPU per request under ${CPU_BUDGET_MS} ms`, passed: over.length ? 0 : 1, failed: over.length, seconds: 0 };
}

/** The summary table and the last line, "N passed, M failed"; returns M. */
export function printSummary(results: SuiteResult[]): number {
  console.log("\n━━ summary ━━");
  for (const r of results) {
    console.log(`${r.failed ? "✗" : "✓"} ${r.suite.padEnd(40)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed  ${r.seconds.toFixed(1)} s`);
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  return failed;
}
