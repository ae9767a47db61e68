// A tiny local web site for tests that do not need WordPress: plain HTML pages that include
// the built loader (plugin/lumaleasing/assets, what the plugin ships) with data attributes.
// useTestSite / useBookablePage give a test file the site, Chromium and a property of its own.
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchChromium } from "./browser.ts";
import { type BookableProperty, closeAdminSql, createBookableProperty, repoRoot, stack } from "./stack.ts";

const ASSETS = `${repoRoot}/plugin/lumaleasing/assets`;

export interface PageOptions {
  widgetKey: string;
  /** Defaults to the stack's functions URL. */
  backend?: string;
  title?: string;
  /** Attributes of <html>, e.g. `dir="rtl"`; lang="en" unless given. */
  htmlAttributes?: string;
  /** Extra markup in <head> (styles). */
  head?: string;
  /** Page content before the widget; a main landmark with a heading by default. */
  body?: string;
  /** Renders the widget inline (`<div data-lumaleasing-inline>`) instead of the floating launcher. */
  inline?: boolean;
  /** More data-* attributes for the loader script. */
  data?: Record<string, string>;
}

export interface TestSite {
  origin: string;
  /** Serves `options` at `path` (default "/"); any unknown path serves "/". */
  setPage(options: PageOptions, path?: string): void;
  url(path?: string): string;
  close(): Promise<void>;
}

const escapeAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

export function pageHtml(o: PageOptions): string {
  const data = { backend: o.backend ?? stack().functionsUrl, "widget-key": o.widgetKey, ...o.data };
  const attrs = Object.entries(data).map(([k, v]) => `data-${k}="${escapeAttr(v)}"`).join(" ");
  const html = o.htmlAttributes ?? "";
  return `<!doctype html>
<html ${/\blang=/.test(html) ? html : `lang="en" ${html}`}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title ?? "Schedule a tour"}</title>
${o.head ?? ""}
</head>
<body>
${o.body ?? `<main><h1>${o.title ?? "Schedule a tour"}</h1><p>Come and see our apartments.</p></main>`}
${o.inline ? "<div data-lumaleasing-inline>Loading…</div>" : ""}
<script src="/assets/lumaleasing.js" ${attrs}></script>
</body>
</html>`;
}

export async function startTestSite(): Promise<TestSite> {
  const pages = new Map<string, PageOptions>();
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const asset = /^\/assets\/([\w.-]+\.js)$/.exec(path);
    if (asset) {
      try {
        const body = await readFile(`${ASSETS}/${asset[1]}`);
        res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
      return;
    }
    if (path === "/favicon.ico") return void res.writeHead(204).end();
    const page = pages.get(path) ?? pages.get("/");
    if (!page) return void res.writeHead(404, { "content-type": "text/plain" }).end("no page set");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(pageHtml(page));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    setPage: (options, path = "/") => void pages.set(path, options),
    url: (path = "/") => new URL(path, origin).href,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

// ── a test file's site, browser and property ──────────────────────────────────

/** What a plain-page test file's tests share; set before its first test runs. */
export interface TestSiteSetup {
  site: TestSite;
  browser: Browser;
}

/**
 * Starts the test site and Chromium before the file's tests and closes them (and the admin
 * connection) after. Call it at the file's top, before the file's own hooks: vitest runs
 * beforeAll hooks in order and afterAll hooks in reverse, so those hooks find both open.
 */
export function useTestSite(): TestSiteSetup {
  // Filled in by beforeAll: the tests read it when they run, after the file is collected.
  const setup = {} as TestSiteSetup;
  beforeAll(async () => {
    setup.site = await startTestSite();
    setup.browser = await launchChromium();
  });
  afterAll(async () => {
    await setup.browser?.close();
    await setup.site?.close();
    await closeAdminSql();
  });
  return setup;
}

/**
 * useTestSite, plus a bookable property of the file's own whose widget the site serves at
 * "/" on `page` (title, body, styles…): the file's bookings meet no other file's.
 */
export function useBookablePage(page: Omit<PageOptions, "widgetKey">): TestSiteSetup & { property: BookableProperty } {
  const setup = useTestSite() as TestSiteSetup & { property: BookableProperty };
  beforeAll(async () => {
    setup.property = await createBookableProperty(setup.site.origin);
    setup.site.setPage({ ...page, widgetKey: setup.property.widgetKey });
  });
  return setup;
}
