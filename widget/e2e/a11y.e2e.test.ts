// axe-core on a plain page holding the floating widget, in every mode (and the states
// within them a visitor meets: a selected day, form errors, a failed request, the
// cancel confirmation). Every rule axe runs by default must pass. The tests walk one
// visitor through the modes in order, so they share a page.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { newVisitor, type VisitorPage } from "./support/browser.ts";
import { bookViaApi, firstOpenDay, todayIn } from "./support/stack.ts";
import { useBookablePage } from "./support/test-site.ts";
import { bookButton, confirmBooking, fillBookingForm, openWithLauncher, pickFirstOpenDay, pickTime, sendMessage, uniqueVisitor, waitForMode } from "./support/widget.ts";

const setup = useBookablePage({ title: "Accessibility test" });
let visitor: VisitorPage;
let page: Page;
const checked: string[] = [];

// After the shared hooks: the browser is up here, and still up when the summary prints.
beforeAll(async () => {
  visitor = await newVisitor(setup.browser);
  page = visitor.page;
});
afterAll(() => {
  console.log(`axe passed in: ${checked.join(", ")}`);
});

/** Runs axe on the whole page (the widget's shadow roots included) and expects no violation. */
async function expectNoViolations(state: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const widgetNodes = results.passes.reduce((n, rule) => n + rule.nodes.filter((node) => JSON.stringify(node.target).includes("lumaleasing")).length, 0);
  const summary = results.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n      ${v.nodes.slice(0, 4).map((n) => `${JSON.stringify(n.target)} ${n.failureSummary?.split("\n").slice(1, 2).join("")}`).join("\n      ")}`
  );
  console.log(`  ${state}: ${results.passes.length} rules passed (${widgetNodes} checks on widget elements), ${results.incomplete.length} need review, ${results.violations.length} violations`);
  for (const line of summary) console.log(`    ✗ ${line}`);
  expect(widgetNodes, "axe looked inside the widget").toBeGreaterThan(0);
  expect(results.violations.map((v) => v.id), state).toEqual([]);
  checked.push(state);
}

test("chat mode", async () => {
  console.log("checks: axe, chat mode (launcher expanded, dialog open)");
  await page.goto(setup.site.url());
  await openWithLauncher(page);
  await waitForMode(page, "chat");
  await expectNoViolations("chat");
});

test("calendar mode, before and after choosing a day, and with a failed request", async () => {
  console.log("checks: axe, calendar mode: the month grid, the times of a day, the network error with Retry");
  let fail = true;
  await page.route("**/lumaleasing/tours/availability*", (route) => (fail ? route.abort("internetdisconnected") : route.fallback()));
  await sendMessage(page, "I'd like to schedule a tour");
  await waitForMode(page, "calendar");
  await page.locator(".lumaleasing-widget").getByRole("alert").getByRole("button", { name: "Retry" }).waitFor();
  await expectNoViolations("calendar (network error)");
  fail = false;
  await page.locator(".lumaleasing-widget").getByRole("alert").getByRole("button", { name: "Retry" }).click();
  await page.getByRole("grid").waitFor();
  await expectNoViolations("calendar");
  await pickFirstOpenDay(page);
  await expectNoViolations("calendar (day chosen)");
});

test("confirmation mode, empty, with field errors, and filled in", async () => {
  console.log("checks: axe, confirmation mode: the form as shown, after submitting it empty, and completed");
  await pickTime(page);
  await expectNoViolations("confirmation");
  await bookButton(page).click();
  await page.locator('.lumaleasing-widget [aria-invalid="true"]').first().waitFor();
  await expectNoViolations("confirmation (field errors)");
  await fillBookingForm(page, uniqueVisitor("axe"));
  await expectNoViolations("confirmation (filled in)");
});

test("success mode", async () => {
  console.log("checks: axe, success mode");
  await confirmBooking(page);
  await expectNoViolations("success");
});

test("manage mode, the tour and the cancel confirmation", async () => {
  console.log("checks: axe, manage mode opened from a manage link, then its cancel confirmation");
  const { slots } = await firstOpenDay(setup.property, todayIn("America/Chicago"));
  const booking = await bookViaApi(setup.property, slots[slots.length - 1].start, { email: uniqueVisitor("axe-manage").email });
  const manage = new URL(booking.manageUrl);
  const link = setup.site.url(`/?lumaleasing_manage=${encodeURIComponent(manage.searchParams.get("lumaleasing_manage")!)}`);
  await page.goto(link);
  await waitForMode(page, "manage");
  await page.getByRole("button", { name: "Cancel tour" }).waitFor();
  await expectNoViolations("manage");
  await page.getByRole("button", { name: "Cancel tour" }).click();
  await page.getByRole("button", { name: "Yes, cancel my tour" }).waitFor();
  await expectNoViolations("manage (confirm cancel)");
  expect(visitor.errors).toEqual([]);
});
