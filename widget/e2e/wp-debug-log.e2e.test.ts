// The plugin on this WordPress (6.1, and 6.8 when npm test runs the wp-* files again) logs
// no PHP notice, warning or deprecation: the settings page, the demo page with the widget
// and every read-only REST route are used, then WordPress' debug.log (WP_DEBUG is on) is
// read from where it was, and any line naming one of the plugin's files fails the test.
import { readFileSync, statSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchChromium, newVisitor } from "./support/browser.ts";
import { stack } from "./support/stack.ts";
import { waitForMode } from "./support/widget.ts";
import { adminLogin, demoPageUrl, logIn, openSettings, restNonce, wordpressStateDir, wordpressUrl } from "./support/wordpress.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const debugLog = () => `${wordpressStateDir()}/logs/debug.log`;
const sizeOf = (path: string) => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};
/** The plugin's files, as PHP names them: through wp-content/plugins or the real folder. */
const PLUGIN_FILE = /(?:wp-content\/plugins|plugin)\/lumaleasing\//;

test("the settings page, the demo page and the plugin's REST routes log no PHP notice, warning or deprecation", async () => {
  const version = stack().wordpress?.version ?? "(unknown)";
  console.log(`checks: WordPress ${version}: settings page, demo page, GET status/tours/rules/rules preview/webhooks/hubspot → no debug.log line from the plugin`);
  const from = sizeOf(debugLog());
  const admin = await newVisitor(browser);
  try {
    await logIn(admin.page, adminLogin());
    await openSettings(admin.page);
    const nonce = await restNonce(admin.page);
    const answers: string[] = [];
    for (const route of ["status", "tours", "rules", "rules/preview", "webhooks", "hubspot"]) {
      const res = await admin.context.request.get(`${wordpressUrl()}/wp-json/lumaleasing/v1/${route}`, { headers: { "X-WP-Nonce": nonce } });
      // The proxy answers what the backend says; a PHP error would be a 500 with WordPress' own code.
      expect(res.status(), `${route} → ${res.status()}: ${(await res.text()).slice(0, 200)}`).toBeLessThan(500);
      answers.push(`${route} ${res.status()}`);
    }
    console.log(`  REST: ${answers.join(", ")}`);
  } finally {
    await admin.close();
  }
  const visitor = await newVisitor(browser);
  try {
    await visitor.page.goto(demoPageUrl());
    await waitForMode(visitor.page, "chat");
    expect(visitor.errors).toEqual([]);
  } finally {
    await visitor.close();
  }

  const added = readFileSync(debugLog(), "utf8").slice(from).split("\n").filter((line) => /PHP (Notice|Warning|Deprecated|Fatal error|Parse error)/.test(line));
  const ours = added.filter((line) => PLUGIN_FILE.test(line));
  const theirs = added.filter((line) => !PLUGIN_FILE.test(line));
  console.log(`  debug.log: ${added.length} new PHP lines, ${ours.length} from the plugin${theirs.length ? ` (WordPress' own, e.g. "${theirs[0].slice(0, 140)}…")` : ""}`);
  expect(ours).toEqual([]);
});
