// `npm run deploy:check`: what a deploy to hosted Supabase would meet, checked here —
// config.toml's keys against the CLI's, each function as the CLI ships it (exact versions,
// lock file, module graph inside supabase/functions/, bundle size, cold start on the Edge
// Runtime's Deno), and the README's deploy section walked step by step.
import { repoRoot } from "./lib/config.ts";
import { functionSettings } from "./lib/supabase-config.ts";
import { edgeDeno, makeDeployView } from "./edge-runtime/runtime.ts";
import { checkConfigToml } from "./deploy/config-keys.ts";
import { checkFunction } from "./deploy/functions-check.ts";
import { walkReadmeDeploySection } from "./deploy/readme-walk.ts";

const BUNDLE_GOAL_BYTES = 5 * 1024 * 1024; // the platform's limit is 20 MB
const COLD_START_GOAL_MS = 500;
const coldStarts = Number(Deno.env.get("LUMALEASING_COLD_STARTS") ?? 5);

let failures = 0;
const fail = (line: string) => {
  failures++;
  console.log(`  FAIL ${line}`);
};
const pass = (line: string) => console.log(`  ok   ${line}`);

console.log("config.toml");
const toml = await Deno.readTextFile(`${repoRoot}/supabase/config.toml`);
const config = checkConfigToml(toml);
for (const p of config.problems) fail(`config.toml:${p.line}: ${p.message}`);
for (const [name, settings] of config.functions) {
  if (settings.import_map) fail(`[functions.${name}] names an import map (${settings.import_map}); each function's own deno.json is what ships`);
  else pass(`[functions.${name}] verify_jwt = ${settings.verify_jwt ?? "true"}, its own deno.json`);
}
if (!config.problems.length) pass("every section and key is one the Supabase CLI knows");

const runtime = edgeDeno();
console.log(`\nfunctions (Deno ${runtime.version}, the Edge Runtime's; ${coldStarts} cold starts each)`);
const view = await makeDeployView();
try {
  for (const fn of await functionSettings(`${repoRoot}/supabase/config.toml`)) {
    const r = await checkFunction(view, fn.name, { coldStarts, bundleDeno: Deno.execPath() });
    for (const p of r.problems) fail(`${fn.name}: ${p}`);
    if (r.problems.length) continue;
    pass(`${fn.name}: ${r.localModules} modules, all inside supabase/functions/; npm: ${r.npmPackages.join(", ")}`);
    const mb = (r.bundleBytes / 1024 / 1024).toFixed(2);
    (r.bundleBytes < BUNDLE_GOAL_BYTES ? pass : fail)(`${fn.name}: bundle ${mb} MB (goal under 5 MB; the platform's limit is 20 MB)`);
    const sorted = [...r.coldStartsMs].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    (median < COLD_START_GOAL_MS ? pass : fail)(
      `${fn.name}: cold start median ${median.toFixed(0)} ms (runs: ${sorted.map((t) => t.toFixed(0)).join(", ")}; goal under ${COLD_START_GOAL_MS} ms)`,
    );
  }
} finally {
  await view.close();
}

console.log("\nthe README's deploy section");
for (const step of await walkReadmeDeploySection(`${repoRoot}/README.md`)) (step.ok ? pass : fail)(step.line);

console.log(failures ? `\ndeploy:check: ${failures} problem(s)` : "\ndeploy:check: ready to deploy");
Deno.exit(failures ? 1 : 0);
