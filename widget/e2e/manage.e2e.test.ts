// Manage mode, from the link in the confirmation: the page opens with
// ?lumaleasing_manage=<token>, the widget shows the tour, moves it, then cancels it.
import { expect, test } from "vitest";
import { newVisitor, screenshot } from "./support/browser.ts";
import { adminSql, bookViaApi, caughtMessages, firstOpenDay, todayIn, waitFor } from "./support/stack.ts";
import { useBookablePage } from "./support/test-site.ts";
import { openDays, timeButtons, uniqueVisitor, waitForMode, wallTime } from "./support/widget.ts";

const ZONE = "America/Chicago";
const setup = useBookablePage({ title: "Manage test" });

test("the manage link shows the tour; the visitor reschedules it, then cancels it", async () => {
  console.log("checks: ?lumaleasing_manage=<token> → manage mode with the tour; Reschedule → calendar → new time → confirmed; Cancel → cancelled");
  const who = uniqueVisitor("manage");
  const { date, slots } = await firstOpenDay(setup.property, todayIn(ZONE));
  const booking = await bookViaApi(setup.property, slots[0].start, { email: who.email });
  const manageUrl = new URL(booking.manageUrl);
  expect(manageUrl.origin).toBe(setup.site.origin);
  expect(manageUrl.searchParams.get("lumaleasing_manage")).toBeTruthy();
  console.log(`  booked ${date} ${wallTime(booking.start, ZONE)} through the API; manage link ${manageUrl.pathname}?lumaleasing_manage=…`);

  const v = await newVisitor(setup.browser);
  const { page } = v;
  try {
    await page.goto(manageUrl.href);
    await waitForMode(page, "manage");
    const tour = page.getByRole("group", { name: "Your tour" });
    await tour.getByText("Confirmed").waitFor();
    const shown = (await tour.innerText()).replace(/\s+/g, " ");
    expect(shown).toContain(setup.property.name);
    expect(shown).toContain(wallTime(booking.start, ZONE));
    expect(new URL(page.url()).searchParams.has("lumaleasing_manage")).toBe(false);
    console.log(`  manage mode: "${shown.trim()}"; the token is gone from the address bar`);
    await screenshot(page, "manage-view-1280");

    await page.getByRole("button", { name: "Reschedule" }).click();
    await waitForMode(page, "calendar");
    await page.getByRole("heading", { name: "Choose a new time" }).waitFor();
    await page.getByRole("grid").waitFor();
    // Another day than the booked one, so the move is plain to see.
    const days = await openDays(page).evaluateAll((cells) => cells.map((c) => (c as HTMLElement).dataset.date!));
    const newDate = days.find((d) => d !== date)!;
    await page.locator(`[role="gridcell"][data-date="${newDate}"]`).click();
    await timeButtons(page).first().waitFor();
    const newTime = await pickTimeForReschedule();
    const question = page.getByText(/^Move your tour to /);
    await question.waitFor();
    console.log(`  Reschedule → "Choose a new time" → ${newDate} ${newTime} → "${(await question.textContent())!.trim()}"`);
    await page.getByRole("button", { name: "Confirm new time" }).click();
    const done = page.locator(".lumaleasing-widget").getByRole("status").filter({ hasText: /^Done! Your tour is now / });
    await done.waitFor();
    expect((await done.textContent())!.replace(/\s/g, " ")).toContain(newTime);
    console.log(`  "${(await done.textContent())!.trim()}"`);
    const [moved] = await adminSql()`select start_at, status from public.tour_bookings where id = ${booking.id}`;
    expect(moved.status).toBe("confirmed");
    expect(new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(moved.start_at)).toBe(newDate);
    expect(wallTime(moved.start_at, ZONE)).toBe(newTime);
    console.log(`  Postgres: booking ${booking.id} now starts ${moved.start_at.toISOString()}`);
    await screenshot(page, "manage-rescheduled-1280");

    await page.getByRole("button", { name: "Cancel tour" }).click();
    const ask = page.getByText(/^Cancel your tour on /);
    await ask.waitFor();
    console.log(`  Cancel tour → "${(await ask.textContent())!.trim()}"`);
    await page.getByRole("button", { name: "Yes, cancel my tour" }).click();
    await page.locator(".lumaleasing-widget").getByRole("status").filter({ hasText: "Your tour is cancelled." }).waitFor();
    await tour.getByText("Cancelled").waitFor();
    await expect.poll(() => page.getByRole("button", { name: "Cancel tour" }).count()).toBe(0);
    await expect.poll(() => page.getByRole("button", { name: "Reschedule" }).count()).toBe(0);
    const [cancelled] = await adminSql()`select status from public.tour_bookings where id = ${booking.id}`;
    expect(cancelled.status).toBe("cancelled");
    console.log("  \"Your tour is cancelled.\"; status Cancelled, no more Reschedule/Cancel; Postgres says cancelled");
    await screenshot(page, "manage-cancelled-1280");

    const subjects = await waitFor("the rescheduled and cancelled emails", async () => {
      const mails = (await caughtMessages(who.email, "email")).map((m) => (m as { subject: string }).subject);
      return mails.some((s) => s.startsWith("Tour rescheduled")) && mails.some((s) => s.startsWith("Tour cancelled")) ? mails : null;
    }, 25_000, 500);
    console.log(`  emails to the visitor: ${subjects.join(" | ")}`);
    expect(v.errors).toEqual([]);
  } finally {
    await v.close();
  }

  async function pickTimeForReschedule(): Promise<string> {
    const button = timeButtons(page).first();
    const label = (await button.textContent())!.trim().replace(/\s/g, " ");
    await button.click();
    await waitForMode(page, "manage");
    return label;
  }
});
