// Before any browser test: the stack must be up, and the widget the pages load must be
// built from the current sources (the tests exercise plugin/lumaleasing/assets, what ships).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { repoRoot, stack, stackFile } from "./support/stack.ts";

const BUILT = ["lumaleasing.js", "lumaleasing-widget.js", "admin.js", "tours-admin.js"].map((f) => `${repoRoot}/plugin/lumaleasing/assets/${f}`);
const SOURCES = [`${repoRoot}/widget/src`, `${repoRoot}/widget/admin`, `${repoRoot}/vite.config.ts`];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path)
    .filter((name) => name !== "node_modules" && name !== "test" && !name.startsWith("."))
    .reduce((latest, name) => Math.max(latest, newest(join(path, name))), 0);
}

export default async function setup() {
  const s = stack();
  const wp = s.wordpressUrl ? `WordPress ${s.wordpress?.version ?? ""} at ${s.wordpressUrl}`.replace("  ", " ") : "no WordPress";
  console.log(`browser tests against the stack in ${stackFile} (functions ${s.functionsUrl}, ${wp})`);
  if (s.wordpressUrl && s.wordpress?.version) {
    // The site really runs the release these tests are for (its generator tag says which).
    const html = await (await fetch(`${s.wordpressUrl}/`)).text();
    const served = html.match(/<meta name="generator" content="WordPress ([^"]+)"/)?.[1];
    if (served !== s.wordpress.version) {
      throw new Error(`${s.wordpressUrl} serves WordPress ${served ?? "(no generator tag)"}, but the stack says ${s.wordpress.version}`);
    }
  }
  // The browser runs on real time; a stack whose clock was moved would offer other days.
  const clock = await (await fetch(`${new URL(s.functionsUrl).origin}/__local/clock`)).json();
  const skew = Math.abs(Date.parse(clock.now) - Date.now());
  if (skew > 60_000) {
    throw new Error(`the stack's clock says ${clock.now}, ${Math.round(skew / 1000)} s from real time; the browser tests need it on real time (POST {"now": null} to /__local/clock)`);
  }
  const builtAt = Math.min(...BUILT.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  const changedAt = Math.max(...SOURCES.map(newest));
  if (process.env.LUMALEASING_E2E_BUILD === "0" || changedAt <= builtAt) return;
  console.log("the widget sources are newer than plugin/lumaleasing/assets: building them (npx vite build)");
  try {
    // vitest runs with NODE_ENV=test, which would make Vite build development bundles
    // (Preact's and signals' debug paths): build exactly what ships.
    execFileSync("npx", ["vite", "build"], { cwd: repoRoot, stdio: "inherit", timeout: 180_000, env: { ...process.env, NODE_ENV: "production" } });
  } catch (error) {
    // A failed budget check still leaves fresh files; a broken source leaves the old ones.
    console.warn(`vite build failed (${error instanceof Error ? error.message.split("\n")[0] : error}); testing the assets as they are`);
  }
}
