// Chromium for the browser tests: the system's own build (playwright's downloads are not
// available here), screenshots kept as artifacts, and uncaught page errors collected.
import { mkdirSync, writeFileSync } from "node:fs";
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { repoRoot } from "./stack.ts";

export const CHROMIUM_PATH = process.env.LUMALEASING_CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

export async function launchChromium(): Promise<Browser> {
  return await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A run against another WordPress (LUMALEASING_E2E_WORDPRESS) keeps its own screenshots. */
const SCREENSHOT_SUBDIR = `screenshots${process.env.LUMALEASING_E2E_WORDPRESS ? `/wordpress-${process.env.LUMALEASING_E2E_WORDPRESS}` : ""}`;
export const SCREENSHOT_DIR = `${repoRoot}/test-results/${SCREENSHOT_SUBDIR}`;

/** Saves a screenshot as test-results/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = `${SCREENSHOT_DIR}/${name}.png`;
  if (fullPage) {
    await page.screenshot({ path, fullPage, animations: "disabled" });
  } else {
    // What the visitor sees, straight from Chromium: Playwright's own viewport capture clips
    // the wrong part of a right-to-left page wider than the window.
    const cdp = await page.context().newCDPSession(page);
    const { data } = await cdp.send("Page.captureScreenshot", { format: "png" });
    await cdp.detach();
    writeFileSync(path, Buffer.from(data, "base64"));
  }
  console.log(`  screenshot: test-results/${SCREENSHOT_SUBDIR}/${name}.png`);
  return path;
}

export interface VisitorPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors thrown in the page (the widget must not throw). */
  errors: string[];
  close(): Promise<void>;
}

/** A fresh browser context (no cookies, no storage) in the property's zone, as a visitor. */
export async function newVisitor(browser: Browser, options: BrowserContextOptions = {}): Promise<VisitorPage> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: "en-US",
    timezoneId: "America/Chicago",
    ...options,
  });
  // Fail within seconds rather than at the test's timeout when something never appears.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return { context, page, errors, close: () => context.close() };
}
