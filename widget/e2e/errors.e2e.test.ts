// What the visitor sees when things go wrong: Google failing or no usable calendar (the
// property's phone and email instead), a slot taken a moment before confirming
// (alternatives, one of which books), and a failed or slow request (Retry, nothing retyped,
// nothing booked twice).
import type { Page, Route } from "playwright-core";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { newVisitor, screenshot, type VisitorPage } from "./support/browser.ts";
import {
  adminSql,
  bookViaApi,
  createBookableProperty,
  googleControl,
  runJob,
  type TestProperty,
  widgetFetch,
} from "./support/stack.ts";
import { useTestSite } from "./support/test-site.ts";
import {
  askForTour,
  bookButton,
  field,
  fillBookingForm,
  openWithLauncher,
  pickFirstOpenDay,
  pickTime,
  sendMessage,
  uniqueVisitor,
  waitForMode,
  wallTime,
} from "./support/widget.ts";

const ZONE = "America/Chicago";
// Each test makes a property of its own and serves its page at /<name>/ (visitorOn).
const setup = useTestSite();
let visitor: VisitorPage | undefined;

afterEach(async () => {
  await visitor?.close();
  visitor = undefined;
});
afterAll(async () => {
  await googleControl("faults", undefined, "DELETE").catch(() => {});
});

/** A property of its own, its page served at /<name>/, and a visitor on it with the chat open. */
async function visitorOn(name: string, property?: TestProperty) {
  const p = property ?? await createBookableProperty(setup.site.origin);
  setup.site.setPage({ widgetKey: p.widgetKey, title: `Errors: ${name}` }, `/${name}/`);
  visitor = await newVisitor(setup.browser);
  await visitor.page.goto(setup.site.url(`/${name}/`));
  await openWithLauncher(visitor.page);
  return { p, page: visitor.page };
}

const problem = (page: Page) => page.locator(".lumaleasing-widget").getByRole("alert");

async function expectFallbackContact(page: Page, p: TestProperty) {
  const alert = problem(page);
  await alert.getByText("Online booking isn't available right now. Call or email us and we'll set up your tour.").waitFor();
  const call = alert.getByRole("link", { name: `Call ${p.phone}` });
  const email = alert.getByRole("link", { name: `Email ${p.email}` });
  expect(await call.getAttribute("href")).toBe(`tel:${p.phone}`);
  expect(await email.getAttribute("href")).toBe(`mailto:${p.email}`);
  expect(await page.getByRole("grid").count()).toBe(0);
  console.log(`  shown: "Online booking isn't available right now…" with "Call ${p.phone}" and "Email ${p.email}" links`);
}

describe("calendar unavailable → the fallback contact", () => {
  test("Google's free/busy fails: the 503 comes within 3 s and the visitor gets the phone and email", async () => {
    console.log("checks: the emulator answers free/busy with 503 → the widget shows the property's phone and email, no grid");
    await googleControl("faults", { path: "/calendar/v3/freeBusy", method: "POST", status: 503, reason: "backendError", message: "Backend Error", count: 50 });
    try {
      const { p, page } = await visitorOn("google-down");
      const answered = page.waitForResponse((r) => r.url().includes("/tours/availability"));
      const asked = Date.now();
      await sendMessage(page, "I'd like to schedule a tour");
      const response = await answered;
      const ms = Date.now() - asked;
      expect(response.status()).toBe(503);
      expect((await response.json()).error.code).toBe("calendar_unavailable");
      console.log(`  availability → 503 calendar_unavailable after ${ms} ms`);
      expect(ms).toBeLessThan(3_500);
      await waitForMode(page, "calendar");
      await expectFallbackContact(page, p);
      await screenshot(page, "error-calendar-unavailable-1280");
    } finally {
      await googleControl("faults", undefined, "DELETE");
    }
  });

  test("the only calendar's grant was revoked in Google: the same fallback", async () => {
    console.log("checks: the agent removes the app in Google, the health job marks the calendar revoked → fallback contact");
    const p = await createBookableProperty(setup.site.origin);
    await googleControl(`accounts/${encodeURIComponent(p.agent)}/revoke-grants`, {});
    await runJob("calendar-health", p.id);
    const [cal] = await adminSql()`select token_status from public.agent_calendars where property_id = ${p.id}`;
    expect(cal.token_status).toBe("revoked");
    console.log(`  ${p.agent}: token_status revoked`);
    const { page } = await visitorOn("revoked", p);
    await sendMessage(page, "Can I book a tour?");
    await waitForMode(page, "calendar");
    await expectFallbackContact(page, p);
  });
});

describe("slot taken just before the visitor confirms", () => {
  test("the widget offers the closest open times and one of them books", async () => {
    console.log("checks: someone else books the chosen slot first → 409 → three alternatives → picking one books it");
    const { p, page } = await visitorOn("slot-taken");
    const who = uniqueVisitor("taken");
    await askForTour(page);
    const date = await pickFirstOpenDay(page);
    const time = await pickTime(page);
    await fillBookingForm(page, who);

    const day = await (await widgetFetch(p, `tours/availability?from=${date}&days=1`)).json();
    const slot = day.slotsByDate[date].find((s: { start: string; available: boolean }) => s.available && wallTime(s.start, ZONE) === time);
    expect(slot, `the API offers ${date} ${time} too`).toBeDefined();
    const other = await bookViaApi(p, slot.start, { email: `first-${who.email}` });
    console.log(`  another visitor booked ${date} ${time} through the API (${other.id}) just before the click`);

    const answered = page.waitForResponse((r) => r.url().endsWith("/lumaleasing/tours") && r.request().method() === "POST");
    await bookButton(page).click();
    const conflict = await answered;
    expect(conflict.status()).toBe(409);
    const offered = (await conflict.json()).alternatives as { start: string }[];
    expect(offered.map((a) => a.start)).not.toContain(slot.start);
    const alternatives = page.getByRole("group", { name: "Sorry, that time was just booked. Here are the closest open times:" });
    await alternatives.waitFor();
    const choices = alternatives.getByRole("list").getByRole("button");
    const labels = (await choices.allTextContents()).map((t) => t.replace(/\s/g, " "));
    console.log(`  409 slot_taken; offered: ${labels.join(" | ")}`);
    expect(labels).toHaveLength(3);
    expect(labels).toHaveLength(offered.length);
    await screenshot(page, "error-slot-taken-alternatives-1280");

    await choices.first().click();
    await alternatives.waitFor({ state: "detached" });
    expect(await field(page, "Email").inputValue()).toBe(who.email);
    expect(await field(page, "First name").inputValue()).toBe(who.firstName);
    const newTime = labels[0].split(" at ").pop()!;
    await page.getByRole("group", { name: "Your tour" }).getByText(newTime).waitFor();
    console.log(`  picked "${labels[0]}": the form still holds what was typed`);
    await bookButton(page).click();
    await waitForMode(page, "success");
    const rows = await adminSql()`select email, start_at from public.tour_bookings where property_id = ${p.id} and status = 'confirmed' order by start_at`;
    const mine = rows.find((r) => r.email === who.email);
    expect(mine).toBeDefined();
    expect(wallTime(mine!.start_at, ZONE)).toBe(newTime);
    expect(mine!.start_at.toISOString()).not.toBe(new Date(slot.start).toISOString());
    console.log(`  booked the alternative: ${mine!.start_at.toISOString()} (the other visitor keeps ${new Date(slot.start).toISOString()})`);
  });
});

describe("a failed or slow request → Retry, and nothing typed is lost", () => {
  test("availability request fails (network): an error with Retry, and Retry shows the calendar", async () => {
    console.log("checks: the first availability call fails at the network level → message + Retry → the grid appears");
    const { page } = await visitorOn("network-availability");
    let failed = 0;
    await page.route("**/lumaleasing/tours/availability*", async (route) => {
      if (failed++ === 0) return route.abort("internetdisconnected");
      return route.fallback();
    });
    await sendMessage(page, "I'd like to schedule a tour");
    await waitForMode(page, "calendar");
    await problem(page).getByText("We couldn't reach the server. Check your connection and try again.").waitFor();
    console.log("  shown: \"We couldn't reach the server…\" with Retry");
    await problem(page).getByRole("button", { name: "Retry" }).click();
    await page.getByRole("grid").waitFor();
    expect(failed).toBe(2);
    console.log("  Retry → the month grid");
  });

  test("booking request fails (network): the form keeps every field and Retry books once", async () => {
    console.log("checks: POST tours fails at the network level → message + Retry; fields intact; Retry books exactly once");
    const { p, page } = await visitorOn("network-booking");
    const who = { ...uniqueVisitor("netfail"), specialRequests: "Ground floor, please." };
    await askForTour(page);
    await pickFirstOpenDay(page);
    await pickTime(page);
    await fillBookingForm(page, who);
    const keys: string[] = [];
    await page.route("**/lumaleasing/tours", async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      keys.push(route.request().headers()["idempotency-key"]);
      if (keys.length === 1) return route.abort("connectionreset");
      return route.fallback();
    });
    await bookButton(page).click();
    await problem(page).getByText("We couldn't reach the server. Check your connection and try again.").waitFor();
    await expectFormKept(page, who);
    await screenshot(page, "error-booking-network-retry-1280");
    await problem(page).getByRole("button", { name: "Retry" }).click();
    await waitForMode(page, "success");
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    const rows = await adminSql()`select special_requests from public.tour_bookings where property_id = ${p.id} and email = ${who.email}`;
    expect(rows).toHaveLength(1);
    expect(rows[0].special_requests).toBe(who.specialRequests);
    console.log(`  Retry (same Idempotency-Key ${keys[0].slice(0, 8)}…) → success; one booking in Postgres`);
  });

  test("booking answer takes over 8 s (it reached the server): timeout message, Retry replays it, one booking", async () => {
    console.log("checks: the booking is made but its answer never arrives → after 8 s a timeout with Retry; Retry gets the same booking");
    const { p, page } = await visitorOn("slow-booking");
    const who = uniqueVisitor("slow");
    await askForTour(page);
    await pickFirstOpenDay(page);
    await pickTime(page);
    await fillBookingForm(page, who);
    const keys: string[] = [];
    let firstAnswer = 0;
    let held: Route | undefined;
    await page.route("**/lumaleasing/tours", async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      keys.push(route.request().headers()["idempotency-key"]);
      if (keys.length > 1) return route.fallback();
      // The server gets the request and books; the browser never hears back.
      firstAnswer = (await route.fetch()).status();
      held = route;
    });
    const clicked = Date.now();
    await bookButton(page).click();
    await problem(page).getByText("This is taking longer than it should. Please try again.").waitFor({ timeout: 15_000 });
    const waited = Date.now() - clicked;
    console.log(`  the server answered ${firstAnswer} but the browser heard nothing; the widget gave up after ${waited} ms`);
    expect(firstAnswer).toBe(201);
    expect(waited).toBeGreaterThanOrEqual(7_500);
    await held?.abort().catch(() => {}); // already abandoned by the page
    await expectFormKept(page, who);
    await problem(page).getByRole("button", { name: "Retry" }).click();
    await waitForMode(page, "success");
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    const rows = await adminSql()`select id from public.tour_bookings where property_id = ${p.id} and email = ${who.email}`;
    expect(rows).toHaveLength(1);
    console.log(`  Retry with the same Idempotency-Key → success showing the booking made the first time (${rows[0].id}); no second booking`);
  });
});

async function expectFormKept(page: Page, who: ReturnType<typeof uniqueVisitor> & { specialRequests?: string }) {
  expect(await field(page, "First name").inputValue()).toBe(who.firstName);
  expect(await field(page, "Last name").inputValue()).toBe(who.lastName);
  expect(await field(page, "Email").inputValue()).toBe(who.email);
  expect(await field(page, "Phone (optional)").inputValue()).toBe(who.phone);
  expect(await page.getByRole("checkbox", { name: /^Text me/ }).isChecked()).toBe(true);
  if (who.specialRequests) expect(await field(page, "Special requests (optional)").inputValue()).toBe(who.specialRequests);
  console.log("  the form still holds name, email, phone, SMS consent" + (who.specialRequests ? " and special requests" : ""));
}
