// Each function as `supabase functions deploy` ships it, on the Edge Runtime's Deno: its
// bundle size (goal under 5 MB; the platform's limit is 20 MB) and its cold start — a new
// process to the first answered request — over several starts (goal: median under 500 ms).
import { repoRoot } from "../lib/config.ts";
import { functionSettings } from "../lib/supabase-config.ts";
import { edgeDeno, makeDeployView } from "../edge-runtime/runtime.ts";
import { checkFunction } from "../deploy/functions-check.ts";

const STARTS = 7;
const BUNDLE_GOAL_MB = 5;
const COLD_START_GOAL_MS = 500;

console.log(`Deno ${edgeDeno().version} (the Edge Runtime's), ${STARTS} cold starts per function, npm cache warm`);
const view = await makeDeployView();
let ok = true;
try {
  for (const fn of await functionSettings(`${repoRoot}/supabase/config.toml`)) {
    const r = await checkFunction(view, fn.name, { coldStarts: STARTS, bundleDeno: Deno.execPath() });
    if (r.problems.length) {
      ok = false;
      console.log(`${fn.name}: ${r.problems.join("; ")}`);
      continue;
    }
    const sorted = [...r.coldStartsMs].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    const mb = r.bundleBytes / 1024 / 1024;
    const sizeOk = mb < BUNDLE_GOAL_MB;
    const startOk = median < COLD_START_GOAL_MS;
    ok &&= sizeOk && startOk;
    console.log(`${fn.name}`);
    console.log(`  bundle      ${mb.toFixed(2)} MB (${r.localModules} of our modules; npm: ${r.npmPackages.join(", ")})  ${sizeOk ? "PASS" : "FAIL"} (goal < ${BUNDLE_GOAL_MB} MB)`);
    console.log(`  cold start  median ${median.toFixed(0)} ms, min ${sorted[0].toFixed(0)}, max ${sorted.at(-1)!.toFixed(0)}  ${startOk ? "PASS" : "FAIL"} (goal < ${COLD_START_GOAL_MS} ms)`);
  }
} finally {
  await view.close();
}
if (!ok) Deno.exit(1);
