// A phone (375 × 812, touch): the widget opens as a full-screen sheet, nothing scrolls
// sideways, every touch target is at least 44 px, and a tour can be booked by tapping.
import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { newVisitor, screenshot } from "./support/browser.ts";
import { adminSql } from "./support/stack.ts";
import { useBookablePage } from "./support/test-site.ts";
import { bookButton, field, launcher, messageBox, type Mode, openDays, smsConsentBox, timeButtons, uniqueVisitor, waitForMode } from "./support/widget.ts";

const PHONE = { width: 375, height: 812 };
const MIN_TARGET = 44;

const setup = useBookablePage({ title: "Phone test" });

interface Target {
  what: string;
  width: number;
  height: number;
}

/** Every control a finger can hit in the widget (and the launcher), with its size. */
async function touchTargets(page: Page): Promise<Target[]> {
  return await page.evaluate(() => {
    const out: { what: string; width: number; height: number }[] = [];
    const roots = [document.querySelector(".lumaleasing-widget")?.shadowRoot, document.querySelector(".lumaleasing-launcher")?.shadowRoot];
    for (const root of roots) {
      if (!root) continue;
      const controls = root.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, [role="gridcell"][data-date]:not([aria-disabled="true"])');
      for (const el of controls) {
        if (el.closest('[aria-hidden="true"]')) continue; // the honeypot, hidden from everyone
        const rect = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        if (rect.width === 0 || rect.height === 0 || style.visibility === "hidden") continue;
        // A checkbox's target is the checkbox together with its label (clicking either toggles it).
        let { width, height } = rect;
        if (el instanceof HTMLInputElement && el.type === "checkbox" && el.id) {
          const label = root.querySelector(`label[for="${el.id}"]`)?.getBoundingClientRect();
          if (label) {
            width = Math.max(rect.right, label.right) - Math.min(rect.left, label.left);
            height = Math.max(rect.bottom, label.bottom) - Math.min(rect.top, label.top);
          }
        }
        const name = el.getAttribute("aria-label") ?? el.id ?? "";
        out.push({ what: `${el.tagName.toLowerCase()} "${(name || el.textContent || "").trim().slice(0, 30)}"`, width, height });
      }
    }
    return out;
  });
}

async function checkMode(page: Page, mode: Mode) {
  await waitForMode(page, mode);
  const layout = await page.evaluate(() => {
    const panel = document.querySelector(".lumaleasing-widget")?.shadowRoot?.querySelector<HTMLElement>(".ll-panel");
    const body = panel?.querySelector<HTMLElement>(".ll-body");
    const r = panel!.getBoundingClientRect();
    return {
      panel: { x: r.x, y: r.y, width: r.width, height: r.height },
      modal: panel!.getAttribute("aria-modal"),
      pageScrollWidth: document.scrollingElement!.scrollWidth,
      innerWidth: window.innerWidth,
      bodyOverflowX: body ? body.scrollWidth - body.clientWidth : 0,
    };
  });
  expect(layout.panel).toEqual({ x: 0, y: 0, width: PHONE.width, height: PHONE.height });
  expect(layout.modal).toBe("true");
  expect(layout.pageScrollWidth).toBeLessThanOrEqual(layout.innerWidth);
  expect(layout.bodyOverflowX).toBeLessThanOrEqual(0);
  const targets = await touchTargets(page);
  const small = targets.filter((t) => t.width < MIN_TARGET - 0.5 || t.height < MIN_TARGET - 0.5);
  const smallest = targets.reduce((m, t) => Math.min(m, t.width, t.height), Infinity);
  console.log(`  ${mode}: sheet ${layout.panel.width}×${layout.panel.height} at (0,0), aria-modal; page scrollWidth ${layout.pageScrollWidth} ≤ ${layout.innerWidth}; ${targets.length} targets, smallest side ${smallest.toFixed(0)} px`);
  for (const t of small) console.log(`    under ${MIN_TARGET} px: ${t.what} ${t.width.toFixed(0)}×${t.height.toFixed(0)}`);
  await screenshot(page, `mobile-${mode}-375`);
  return small;
}

test("on a 375 × 812 phone the widget is a full-screen sheet with 44 px targets, and a tour books by tapping", async () => {
  console.log("checks: in each mode the sheet fills the screen, nothing scrolls sideways, every control is ≥ 44 × 44 px; tap through a booking");
  const visitor = uniqueVisitor("mobile");
  const v = await newVisitor(setup.browser, { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const { page } = v;
  const tooSmall: string[] = [];
  const record = (mode: string, small: Target[]) => tooSmall.push(...small.map((t) => `${mode}: ${t.what} ${t.width.toFixed(0)}×${t.height.toFixed(0)}`));
  try {
    await page.goto(setup.site.url());
    const box = (await launcher(page).boundingBox())!;
    console.log(`  launcher ${box.width}×${box.height} px`);
    expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(MIN_TARGET);
    await launcher(page).tap();
    await messageBox(page).waitFor();
    record("chat", await checkMode(page, "chat"));

    await page.getByRole("button", { name: "Schedule a tour", exact: true }).tap();
    await page.getByRole("grid").waitFor();
    await openDays(page).first().tap();
    await page.getByRole("heading", { name: /^Available times on / }).waitFor();
    record("calendar", await checkMode(page, "calendar"));

    await timeButtons(page).first().tap();
    await waitForMode(page, "confirmation");
    await field(page, "First name").fill(visitor.firstName);
    await field(page, "Last name").fill(visitor.lastName);
    await field(page, "Email").fill(visitor.email);
    await field(page, "Phone (optional)").fill(visitor.phone);
    await smsConsentBox(page).tap();
    await expect.poll(() => smsConsentBox(page).isChecked()).toBe(true);
    record("confirmation", await checkMode(page, "confirmation"));

    await bookButton(page).tap();
    await waitForMode(page, "success");
    await page.getByRole("heading", { name: "You're booked!" }).waitFor();
    record("success", await checkMode(page, "success"));

    const [row] = await adminSql()`select status from public.tour_bookings where property_id = ${setup.property.id} and email = ${visitor.email}`;
    expect(row?.status).toBe("confirmed");
    console.log("  booked by tapping: the tour is confirmed in Postgres");
    expect(v.errors).toEqual([]);
    expect(tooSmall, `touch targets under ${MIN_TARGET} px`).toEqual([]);
  } finally {
    await v.close();
  }
});
