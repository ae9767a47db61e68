// A theme at its worst: every element `all: unset !important`, a 64 px root font, a page
// font with huge letter and word spacing, uppercase and justified text, tiny fixed widths,
// and a right-to-left document. The widget lives in a shadow root and must look as it
// always does.
import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { newVisitor, screenshot } from "./support/browser.ts";
import { useBookablePage } from "./support/test-site.ts";
import { askForTour, launcher, openWithLauncher, pickFirstOpenDay } from "./support/widget.ts";

const HOSTILE_CSS = `<style>
  body * { all: unset !important; }
  html { font-size: 64px !important; }
  body {
    font: italic 700 2rem/3 "Times New Roman", serif !important;
    letter-spacing: .4em !important; word-spacing: 2em !important;
    text-transform: uppercase !important; text-align: justify !important;
    text-indent: 3em !important; white-space: pre !important;
    color: #c00 !important; cursor: wait !important;
  }
  div, section, button, input, p, h2, h3, td, table { box-sizing: content-box !important; padding: 2em !important;
    margin: 3em !important; width: 5px !important; float: left !important; }
</style>`;

const setup = useBookablePage({
  title: "صفحة بتنسيق عدواني",
  htmlAttributes: 'lang="ar" dir="rtl"',
  head: HOSTILE_CSS,
  body: "<main><h1>شقق للإيجار</h1><p>صفحة بتنسيق عدواني</p></main>",
});

interface Style {
  what: string;
  fontSize: number;
  lineHeight: number;
  letterSpacing: string;
  wordSpacing: string;
  textTransform: string;
  textAlign: string;
  textIndent: string;
  whiteSpace: string;
  direction: string;
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

async function styleOf(page: Page, selector: string, what: string): Promise<Style> {
  return await page.evaluate(({ selector, what }) => {
    const el = document.querySelector(".lumaleasing-widget")!.shadowRoot!.querySelector<HTMLElement>(selector);
    if (!el) throw new Error(`no ${selector} in the widget`);
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return {
      what,
      fontSize: parseFloat(cs.fontSize),
      lineHeight: parseFloat(cs.lineHeight),
      letterSpacing: cs.letterSpacing,
      wordSpacing: cs.wordSpacing,
      textTransform: cs.textTransform,
      textAlign: cs.textAlign,
      textIndent: cs.textIndent,
      whiteSpace: cs.whiteSpace,
      direction: cs.direction,
      width: r.width,
      height: r.height,
      left: r.left,
      right: r.right,
      top: r.top,
      bottom: r.bottom,
    };
  }, { selector, what });
}

/** What a theme must not change in the widget's text; returns what it did change. */
function textProblems(s: Style, fontSize: number): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, text: string) => ok || problems.push(`${s.what}: ${text}`);
  check(s.fontSize === fontSize, `font-size ${s.fontSize}px, expected ${fontSize}px`);
  check(s.lineHeight > 0 && s.lineHeight <= fontSize * 1.6, `line-height ${s.lineHeight}px`);
  check(s.letterSpacing === "normal" || s.letterSpacing === "0px", `letter-spacing ${s.letterSpacing}`);
  check(s.wordSpacing === "0px" || s.wordSpacing === "normal", `word-spacing ${s.wordSpacing}`);
  check(s.textTransform === "none", `text-transform ${s.textTransform}`);
  check(s.textAlign !== "justify", `text-align ${s.textAlign}`);
  check(s.textIndent === "0px", `text-indent ${s.textIndent}`);
  check(s.whiteSpace === "normal" || s.whiteSpace === "pre-wrap", `white-space ${s.whiteSpace}`);
  check(s.direction === "ltr", `direction ${s.direction} (the English widget is left to right)`);
  return problems;
}

test("a page with `all: unset !important`, a 64 px root font and dir=rtl: the widget keeps its own sizes and text", async () => {
  console.log("checks: launcher, panel, heading, a chat message, the message box and the calendar keep their sizes and text styles");
  const v = await newVisitor(setup.browser);
  const { page } = v;
  const problems: string[] = [];
  try {
    await page.goto(setup.site.url());
    const viewport = page.viewportSize()!;
    const button = (await launcher(page).boundingBox())!;
    console.log(`  launcher ${button.width}×${button.height} at (${button.x}, ${button.y})`);
    if (button.width !== 60 || button.height !== 60) problems.push(`launcher is ${button.width}×${button.height}, not 60×60`);
    if (Math.abs(viewport.width - (button.x + button.width) - 20) > 1 || Math.abs(viewport.height - (button.y + button.height) - 20) > 1) {
      problems.push(`launcher not 20 px from the bottom-right corner: (${button.x}, ${button.y})`);
    }

    await openWithLauncher(page);
    const panel = await styleOf(page, ".ll-panel", "panel");
    const heading = await styleOf(page, "header h2", "header title");
    const message = await styleOf(page, ".ll-log .ll-msg", "greeting message");
    const input = await styleOf(page, "#ll-message", "message box");
    const chip = await styleOf(page, ".ll-chip", "suggestion chip");
    for (const s of [panel, heading, message, input, chip]) {
      console.log(`  ${s.what}: ${s.width.toFixed(0)}×${s.height.toFixed(0)}, ${s.fontSize}px/${s.lineHeight}px, letter-spacing ${s.letterSpacing}, transform ${s.textTransform}, align ${s.textAlign}, ${s.direction}`);
    }
    if (panel.width !== 380) problems.push(`panel width ${panel.width}, expected 380`);
    if (panel.height < 400 || panel.bottom > viewport.height || panel.top < 0 || panel.right > viewport.width) {
      problems.push(`panel ${panel.width}×${panel.height} at (${panel.left}, ${panel.top}) is not inside the ${viewport.width}×${viewport.height} window`);
    }
    problems.push(...textProblems(panel, 15), ...textProblems(message, 15), ...textProblems(input, 16), ...textProblems(heading, 17));
    if (heading.height > 2 * 17 * 1.6) problems.push(`header title wraps to ${heading.height.toFixed(0)} px tall`);
    if (message.height > 120) problems.push(`the greeting is ${message.height.toFixed(0)} px tall (one or two lines expected)`);
    if (chip.height < 44 || chip.height > 60) problems.push(`suggestion chip ${chip.height.toFixed(0)} px tall`);
    await screenshot(page, "hostile-css-rtl-chat-1280");

    await askForTour(page);
    await pickFirstOpenDay(page);
    const table = await styleOf(page, "table[role=grid]", "month grid");
    const cell = await styleOf(page, "td.ll-open", "open day");
    const time = await styleOf(page, ".ll-times button", "time button");
    console.log(`  grid ${table.width.toFixed(0)}×${table.height.toFixed(0)}; day cell ${cell.width.toFixed(0)}×${cell.height.toFixed(0)}; time button ${time.width.toFixed(0)}×${time.height.toFixed(0)} ${time.fontSize}px`);
    if (table.width > panel.width || table.width < 7 * 36) problems.push(`month grid ${table.width.toFixed(0)} px wide in a ${panel.width} px panel`);
    if (cell.width < 36 || cell.height < 36 || cell.width > 60) problems.push(`day cell ${cell.width.toFixed(0)}×${cell.height.toFixed(0)}`);
    if (time.height < 44 || time.height > 60) problems.push(`time button ${time.height.toFixed(0)} px tall`);
    problems.push(...textProblems(time, 15));
    await screenshot(page, "hostile-css-rtl-calendar-1280");
    expect(v.errors).toEqual([]);
  } finally {
    await v.close();
  }
  for (const p of problems) console.log(`  ✗ ${p}`);
  expect(problems, "what the page's CSS changed inside the widget").toEqual([]);
});
