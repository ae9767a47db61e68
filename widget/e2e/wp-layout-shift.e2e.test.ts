// The WordPress demo page ("Schedule a tour", the [lumaleasing] shortcode) does not move
// while the inline widget loads: the shortcode's container holds the widget's first-render
// height, so the footer stays put when the widget appears. Cumulative layout shift (the
// browser's own layout-shift entries) stays within Core Web Vitals' "good", 0.1.
import type { Browser, Page, Route } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchChromium, newVisitor, screenshot } from "./support/browser.ts";
import { closeAdminSql } from "./support/stack.ts";
import { waitForMode } from "./support/widget.ts";
import { demoPageUrl } from "./support/wordpress.ts";

const CLS_GOAL = 0.1;
const SIZES = [
  { name: "phone", viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
  { name: "desktop", viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 },
];

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await closeAdminSql();
});

declare global {
  interface Window {
    __layoutShifts: { value: number; sources: string[] }[];
    /** The container's min-height as the page's markup gave it, before any script ran. */
    __markupMinHeight?: string;
  }
}

/** Collects every layout shift not caused by input, from the page's first frame. */
async function observeLayoutShifts(page: Page) {
  await page.addInitScript(() => {
    window.__layoutShifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: { node?: Node | null }[] })[]) {
        if (e.hadRecentInput) continue;
        const sources = (e.sources ?? []).map((s) => (s.node instanceof Element ? `${s.node.tagName.toLowerCase()}.${[...s.node.classList].join(".")}` : String(s.node?.nodeName)));
        window.__layoutShifts.push({ value: e.value, sources });
      }
    }).observe({ type: "layout-shift", buffered: true });
    // What the server's markup reserves, seen the moment the parser inserts the container
    // (the loader, which runs later, would reserve it too, but possibly after a first paint).
    const seen = new MutationObserver(() => {
      const el = document.querySelector("[data-lumaleasing-inline]");
      if (!el) return;
      window.__markupMinHeight = getComputedStyle(el).minHeight;
      seen.disconnect();
    });
    seen.observe(document, { childList: true, subtree: true });
  });
}

/** The shifts so far, after the frames in flight have been laid out and reported. */
async function layoutShifts(page: Page) {
  return await page.evaluate(() =>
    new Promise<Window["__layoutShifts"]>((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => done(window.__layoutShifts)))))
  );
}

const boxes = (page: Page) =>
  page.evaluate(() => {
    const box = (el: Element | null) => el && { top: Math.round(el.getBoundingClientRect().top), height: Math.round(el.getBoundingClientRect().height) };
    return {
      container: box(document.querySelector("[data-lumaleasing-inline]")),
      panel: box(document.querySelector(".lumaleasing-widget")?.shadowRoot?.querySelector(".ll-panel") ?? null),
      footer: box(document.querySelector("footer")),
    };
  });

for (const size of SIZES) {
  test(`${size.name} ${size.viewport.width} × ${size.viewport.height}: the inline widget's space is held before it loads; CLS ≤ ${CLS_GOAL}`, async () => {
    console.log(`checks: before the widget's bundle arrives its container already has the widget's height; after it renders nothing below has moved; CLS ≤ ${CLS_GOAL}`);
    const { viewport, isMobile, hasTouch, deviceScaleFactor } = size;
    const v = await newVisitor(browser, { viewport, isMobile, hasTouch, deviceScaleFactor });
    const { page } = v;
    try {
      await observeLayoutShifts(page);
      // Hold the widget's bundle (a slow network, the worst case) to see the page without it.
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let asked!: () => void;
      const requested = new Promise<void>((r) => (asked = r));
      await page.route(/\/lumaleasing-widget(-es)?\.js/, async (route: Route) => {
        asked();
        await released;
        await route.fallback();
      });
      // The held bundle holds the load event too: wait for the loader's request instead.
      await page.goto(demoPageUrl(), { waitUntil: "commit" });
      await requested;
      const before = await boxes(page);
      expect(before.panel).toBeNull();
      expect(before.container).not.toBeNull();
      expect(before.footer).not.toBeNull();
      const markup = await page.evaluate(() => window.__markupMinHeight);
      console.log(`  the page's markup reserves min-height ${markup}; bundle held: container ${before.container!.height} px tall at y ${before.container!.top}; footer at y ${before.footer!.top}`);

      release();
      const region = page.getByRole("region", { name: "Luma Heights" });
      await region.waitFor();
      await waitForMode(page, "chat");
      await page.waitForLoadState("networkidle");
      const after = await boxes(page);
      console.log(`  widget rendered: panel ${after.panel!.height} px; container ${after.container!.height} px; footer at y ${after.footer!.top}`);
      expect(after.panel!.height).toBe(before.container!.height);
      expect(markup).toBe(`${after.panel!.height}px`);
      expect(after.container!.height).toBe(before.container!.height);
      expect(after.footer!.top).toBe(before.footer!.top);

      const shifts = await layoutShifts(page);
      const cls = shifts.reduce((sum, s) => sum + s.value, 0);
      console.log(`  CLS ${cls.toFixed(3)} (${shifts.length} layout shifts${shifts.length ? `: ${shifts.map((s) => `${s.value.toFixed(3)} ${s.sources.join(",")}`).join("; ")}` : ""}); goal ≤ ${CLS_GOAL}`);
      expect(cls).toBeLessThanOrEqual(CLS_GOAL);
      await screenshot(page, `wp-inline-widget-${viewport.width}`, true);
      expect(v.errors).toEqual([]);
    } finally {
      await v.close();
    }
  });
}
