// `npm test`: brings up a private stack on its own ports, runs every suite against it
// (pgTAP, Deno, the widget's vitest, PHP, browser tests), and ends with one line:
// "N passed, M failed".
import { type PrivateStack, startPrivateStack } from "./lib/private-stack.ts";
import { cpuBudgetResult, printSummary, runSuites, type SuiteResult, wordpressReleasesFor } from "./lib/test-suites.ts";

const only = Deno.args.filter((a) => !a.startsWith("-"));
const results: SuiteResult[] = [];

// ── the stack ─────────────────────────────────────────────────────────────────
console.log("starting a private stack for the tests…");
let stack: PrivateStack | undefined;
try {
  // Tests revoke keys and expect the next request to fail: no key cache here.
  // LUMALEASING_TEST_BASE_PORT lets two checkouts run their tests side by side.
  const base = Number(Deno.env.get("LUMALEASING_TEST_BASE_PORT") ?? 15320);
  stack = await startPrivateStack("test", base, {
    LUMALEASING_WIDGET_KEY_CACHE_MS: "0",
    LUMALEASING_WEBHOOK_ALLOW_LOOPBACK: "1",
    // The browser suite runs on Debian 12's WordPress 6.1 and its WordPress files on 6.8 too.
    LUMALEASING_WORDPRESS_VERSION: wordpressReleasesFor(only),
  });
  console.log("stack ready.");
} catch (err) {
  console.error(`the test stack did not come up: ${err instanceof Error ? err.message : err}`);
  results.push({ suite: "stack", passed: 0, failed: 1, seconds: 0 });
}

if (stack) {
  results.push(...await runSuites(stack.stackFile, only));
  results.push(await cpuBudgetResult(stack.stackFile));
}

if (stack && !(await stack.stop())) {
  console.error("the test stack did not stop within 30 s");
  results.push({ suite: "stack shutdown", passed: 0, failed: 1, seconds: 30 });
}

Deno.exit(printSummary(results) ? 1 : 0);
