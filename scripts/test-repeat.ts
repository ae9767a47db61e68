// `npm run test:repeat -- <suite word> <n>`: starts the private test stack once and runs the
// suites whose name contains the word n times in a row (e.g. `browser 10`), to find tests
// that pass or fail by timing. Prints each run's counts and ends with "N passed, M failed"
// over all runs.
import { type PrivateStack, startPrivateStack } from "./lib/private-stack.ts";
import { cpuBudgetResult, printSummary, runSuites, type SuiteResult, wordpressReleasesFor } from "./lib/test-suites.ts";

const args = Deno.args.filter((a) => !a.startsWith("-"));
const times = Number(args.at(-1));
const words = args.slice(0, -1);
if (!words.length || !Number.isInteger(times) || times < 1) {
  console.error("usage: npm run test:repeat -- <suite word> [<more words>…] <times>   e.g. npm run test:repeat -- browser 10");
  Deno.exit(2);
}

console.log("starting a private stack for the tests…");
let stack: PrivateStack;
try {
  const base = Number(Deno.env.get("LUMALEASING_TEST_BASE_PORT") ?? 15320);
  stack = await startPrivateStack("test", base, {
    LUMALEASING_WIDGET_KEY_CACHE_MS: "0",
    LUMALEASING_WEBHOOK_ALLOW_LOOPBACK: "1",
    // The browser suite runs on Debian 12's WordPress 6.1 and its WordPress files on 6.8 too.
    LUMALEASING_WORDPRESS_VERSION: wordpressReleasesFor(words),
  });
  console.log("stack ready.");
} catch (err) {
  console.error(`the test stack did not come up: ${err instanceof Error ? err.message : err}`);
  console.log("0 passed, 1 failed");
  Deno.exit(1);
}

const runs: { run: number; results: SuiteResult[] }[] = [];
const tally = (rs: SuiteResult[]) => rs.reduce((t, r) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed }), { passed: 0, failed: 0 });
let stopped = false;
const stopOnSignal = () => {
  stopped = true;
  console.error("interrupted: stopping after this run");
};
Deno.addSignalListener("SIGINT", stopOnSignal);
Deno.addSignalListener("SIGTERM", stopOnSignal);

for (let run = 1; run <= times && !stopped; run++) {
  console.log(`\n════ run ${run} of ${times}: ${words.join(" ")} ════`);
  const started = Date.now();
  const results = await runSuites(stack.stackFile, words);
  runs.push({ run, results });
  const t = tally(results);
  const failedSuites = results.filter((r) => r.failed).map((r) => r.suite);
  console.log(`run ${run}: ${t.passed} passed, ${t.failed} failed in ${((Date.now() - started) / 1000).toFixed(0)} s${failedSuites.length ? ` (${failedSuites.join(", ")})` : ""}`);
}

const all: SuiteResult[] = runs.flatMap(({ run, results }) => results.map((r) => ({ ...r, suite: `run ${run}: ${r.suite}` })));
all.push(await cpuBudgetResult(stack.stackFile));
if (!(await stack.stop())) {
  console.error("the test stack did not stop within 30 s");
  all.push({ suite: "stack shutdown", passed: 0, failed: 1, seconds: 30 });
}

console.log(`\n━━ ${runs.length} runs of "${words.join(" ")}" ━━`);
for (const { run, results } of runs) {
  const t = tally(results);
  console.log(`${t.failed ? "✗" : "✓"} run ${String(run).padStart(2)}: ${t.passed} passed, ${t.failed} failed`);
}
Deno.exit(printSummary(all) ? 1 : 0);
