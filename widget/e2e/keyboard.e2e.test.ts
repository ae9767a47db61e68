// Booking with the keyboard alone: Tab to the launcher, Enter, type, the month grid's
// WAI-ARIA date-picker keys, Enter on a day and a time, the form, and Escape back to the
// launcher.
import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { newVisitor, screenshot } from "./support/browser.ts";
import { adminSql, todayIn } from "./support/stack.ts";
import { useBookablePage } from "./support/test-site.ts";
import { focusedInWidget, launcher, uniqueVisitor, waitForMode } from "./support/widget.ts";

const setup = useBookablePage({ title: "Keyboard test", body: "<main><h1>Keyboard test</h1><p>No links here: the first Tab stop is the launcher.</p></main>" });

// Plain-date arithmetic, independent of the widget's own.
const utc = (date: string) => new Date(`${date}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);
const plusDays = (date: string, n: number) => iso(new Date(utc(date).getTime() + n * 86_400_000));
const weekday = (date: string) => utc(date).getUTCDay();
/** The same day n months later, clamped to that month's last day. */
function plusMonths(date: string, n: number): string {
  const d = utc(date);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n + 1, 0)).getUTCDate();
  return iso(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, Math.min(d.getUTCDate(), last))));
}

async function launcherHasFocus(page: Page): Promise<boolean> {
  return await page.evaluate(() => {
    const host = document.querySelector(".lumaleasing-launcher");
    return !!host && document.activeElement === host && host.shadowRoot?.activeElement?.tagName === "BUTTON";
  });
}

/** Presses Tab until `done` says so (at most `max` times); returns how many presses it took. */
async function tabUntil(page: Page, done: () => Promise<boolean>, max = 25, shift = false): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press(shift ? "Shift+Tab" : "Tab");
    if (await done()) return i;
  }
  throw new Error(`focus did not get there in ${max} Tab presses`);
}

test("a visitor books a tour with the keyboard only", async () => {
  console.log("checks: Tab/Enter/typing through every mode, the grid's arrow/Home/End/PageDown keys, Escape → focus on the launcher");
  const visitor = uniqueVisitor("kbd");
  const v = await newVisitor(setup.browser);
  const { page } = v;
  const key = (k: string) => page.keyboard.press(k);
  const focus = () => focusedInWidget(page);
  try {
    await page.goto(setup.site.url());
    await launcher(page).waitFor();
    const presses = await tabUntil(page, () => launcherHasFocus(page), 5);
    console.log(`  Tab × ${presses} → the launcher has focus`);

    await key("Enter");
    await page.getByRole("dialog").waitFor();
    await page.waitForFunction(() => document.querySelector(".lumaleasing-widget")?.shadowRoot?.activeElement?.id === "ll-message");
    await expect.poll(() => launcher(page).getAttribute("aria-expanded")).toBe("true");
    console.log("  Enter → the dialog opens with focus in the message box");

    // Focus stays in the dialog (a modal trap) however far the visitor tabs.
    for (let i = 0; i < 12; i++) {
      await key("Tab");
      await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toBe("lumaleasing-widget");
    }
    console.log("  Tab × 12 never leaves the dialog");
    await tabUntil(page, async () => (await focus())?.id === "ll-message");

    await page.keyboard.type("I'd like to schedule a tour");
    await key("Enter");
    await waitForMode(page, "calendar");
    await page.getByRole("grid").waitFor();
    const first = (await page.locator('[role="gridcell"][tabindex="0"]').getAttribute("data-date"))!;
    const today = todayIn("America/Chicago");
    const lastDay = plusDays(today, 13); // the default 14-day booking window
    console.log(`  typed + Enter → calendar; the grid's one Tab stop is ${first} (first day with times)`);

    await tabUntil(page, async () => (await focus())?.role === "gridcell");
    await expect.poll(async () => (await focus())?.date).toBe(first);
    console.log("  Tab reaches the grid on that day");

    // Where each key should land, by the APG rules: a move that would leave the months the
    // booking window touches keeps focus where it is.
    const inWindow = (date: string) => date.slice(0, 7) >= today.slice(0, 7) && date.slice(0, 7) <= lastDay.slice(0, 7);
    let at = first;
    const targets: Record<string, (d: string) => string> = {
      ArrowRight: (d) => plusDays(d, 1),
      ArrowLeft: (d) => plusDays(d, -1),
      ArrowDown: (d) => plusDays(d, 7),
      ArrowUp: (d) => plusDays(d, -7),
      End: (d) => plusDays(d, 6 - weekday(d)),
      Home: (d) => plusDays(d, -weekday(d)),
      PageDown: (d) => plusMonths(d, 1),
      PageUp: (d) => plusMonths(d, -1),
    };
    for (const k of ["ArrowRight", "ArrowDown", "ArrowUp", "ArrowLeft", "End", "Home", "PageDown", "PageUp"]) {
      const wanted = targets[k](at);
      const expected = inWindow(wanted) ? wanted : at;
      await key(k);
      await page.waitForFunction((d) => (document.querySelector(".lumaleasing-widget")?.shadowRoot?.activeElement as HTMLElement | null)?.dataset.date === d, expected);
      console.log(`  ${k.padEnd(10)} → ${expected} (${(await page.locator("#ll-month-h").textContent())!.trim()})${expected === at ? " (stays: outside the booking window's months)" : ""}`);
      at = expected;
    }
    const back = (utc(first).getTime() - utc(at).getTime()) / 86_400_000;
    for (let i = 0; i < Math.abs(back); i++) {
      // One press at a time, each after focus has moved, as a person reading the grid would.
      const next = plusDays(at, back > 0 ? 1 : -1);
      await key(back > 0 ? "ArrowRight" : "ArrowLeft");
      await page.waitForFunction((d) => (document.querySelector(".lumaleasing-widget")?.shadowRoot?.activeElement as HTMLElement | null)?.dataset.date === d, next);
      at = next;
    }
    await expect.poll(async () => (await focus())?.date).toBe(first);
    console.log(`  ${back > 0 ? "ArrowRight" : "ArrowLeft"} × ${Math.abs(back)} → back on ${first}`);

    await key("Enter");
    const timesHeading = page.getByRole("heading", { name: /^Available times on / });
    await timesHeading.waitFor();
    // Focus moves to the heading in an effect after the times render: wait for it, or the
    // next Tab starts from the grid.
    await expect.poll(async () => (await focus())?.id).toBe("ll-times-h");
    console.log(`  Enter → the day is selected (aria-selected=${await page.locator(`[data-date="${first}"]`).getAttribute("aria-selected")}), focus on "${(await timesHeading.textContent())!.trim()}"`);

    await key("Tab");
    await expect.poll(async () => (await focus())?.label.replace(/\s/g, " ")).toMatch(/^\d{1,2}:\d{2} [AP]M$/);
    const time = (await focus())!.label.replace(/\s/g, " ");
    await key("Enter");
    await waitForMode(page, "confirmation");
    await page.waitForFunction(() => document.querySelector(".lumaleasing-widget")?.shadowRoot?.activeElement?.textContent === "Confirm your tour");
    console.log(`  Tab → ${time}, Enter → confirmation, focus on its heading`);

    await tabUntil(page, async () => (await focus())?.id === "ll-firstName");
    await page.keyboard.type(visitor.firstName);
    await key("Tab");
    await expect.poll(async () => (await focus())?.id).toBe("ll-lastName");
    await page.keyboard.type(visitor.lastName);
    await key("Tab");
    await page.keyboard.type(visitor.email);
    await key("Tab");
    await expect.poll(async () => (await focus())?.id).toBe("ll-phone");
    await page.keyboard.type(visitor.phone);
    await key("Tab");
    await expect.poll(async () => (await focus())?.id).toBe("ll-smsConsent");
    await key("Space");
    await expect.poll(() => page.getByRole("checkbox", { name: /^Text me/ }).isChecked()).toBe(true);
    console.log("  first name, last name, email, phone typed; Space ticks the SMS box");
    const tabsToSubmit = await tabUntil(page, async () => (await focus())?.label === "Book tour");
    await screenshot(page, "keyboard-confirmation-focus-1280");
    await key("Enter");
    await waitForMode(page, "success");
    await page.waitForFunction(() => document.querySelector(".lumaleasing-widget")?.shadowRoot?.activeElement?.textContent === "You're booked!");
    console.log(`  Tab × ${tabsToSubmit} → "Book tour", Enter → success, focus on "You're booked!"`);

    await key("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached" });
    await page.waitForFunction(() => {
      const host = document.querySelector(".lumaleasing-launcher");
      return document.activeElement === host && host?.shadowRoot?.activeElement?.tagName === "BUTTON";
    });
    await expect.poll(() => launcher(page).getAttribute("aria-expanded")).toBe("false");
    console.log("  Escape → the dialog closes and focus is back on the launcher (aria-expanded=false)");

    const rows = await adminSql()`select start_at, sms_consent from public.tour_bookings where property_id = ${setup.property.id} and email = ${visitor.email}`;
    expect(rows).toHaveLength(1);
    expect(new Intl.DateTimeFormat("en-CA", { timeZone: "America/Chicago" }).format(rows[0].start_at)).toBe(first);
    expect(rows[0].sms_consent).toBe(true);
    console.log(`  Postgres: the tour on ${first} at ${time}, SMS consent stored`);
    expect(v.errors).toEqual([]);
  } finally {
    await v.close();
  }
});
