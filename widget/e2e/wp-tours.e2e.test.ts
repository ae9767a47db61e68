// Admin → Tours in the real WordPress, on the demo property: the calendar shows the tours
// made for this test in month, week and day views; the list filters and searches; a tour's
// detail takes every action (attended, note, reschedule to a free slot — the prospect is
// emailed —, cancel with a message — the email carries it —) and a phone caller is booked;
// the history names the WordPress user for each; a subscriber gets no menu and 403 from the
// proxy; axe finds no violation; screenshots at 1280 and 320 px.
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchChromium, newVisitor, screenshot, type VisitorPage } from "./support/browser.ts";
import { adminSql, bookViaApi, closeAdminSql, stack, type TestProperty, todayIn, waitForEmail, widgetFetch } from "./support/stack.ts";
import { adminLogin, logIn, phpWithWordPress, restNonce, subscriberLogin, wordpressUrl } from "./support/wordpress.ts";

const ZONE = "America/Chicago";
const toursUrl = () => `${wordpressUrl()}/wp-admin/admin.php?page=lumaleasing-tours`;
const tag = Math.random().toString(36).slice(2, 8);
const names = { a: `Ava${tag} Tour`, b: `Bo${tag} Tour`, c: `Cy${tag} Tour`, past: `Pat${tag} Past`, phone: `Phil${tag} Caller` };
const email = (who: string) => `${who.split(" ")[0].toLowerCase()}@example.com`;

let browser: Browser;
let admin: VisitorPage;
let page: Page;
let adminName = "";
let day = "";
const ids: Record<string, string> = {};

function demo(): TestProperty {
  const d = stack().demo;
  return { id: d.propertyId, widgetKey: d.widgetKey, siteSecret: d.siteSecret, origin: d.origin } as unknown as TestProperty;
}

/** The last open date of the booking window (other tests book the first ones) and its slots. */
async function lastOpenDay(): Promise<{ date: string; starts: string[] }> {
  const res = await widgetFetch(demo(), `tours/availability?from=${todayIn(ZONE)}&days=14`);
  const body = await res.json();
  if (res.status !== 200) throw new Error(`availability → ${res.status}: ${JSON.stringify(body)}`);
  const dates = (body.availableDates as string[]).filter((d) => body.slotsByDate[d].length >= 8);
  // A day no earlier run has used (the month shows each day's first tours, cancelled ones too).
  const used = new Set((await adminSql()`select distinct (start_at at time zone ${ZONE})::date::text as d from public.tour_bookings
    where property_id = ${demo().id}`).map((r) => r.d as string));
  const date = [...dates].reverse().find((d) => !used.has(d)) ?? dates[dates.length - 1];
  return { date, starts: body.slotsByDate[date].map((s: { start: string }) => s.start) };
}

const title = (date: string, opts: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat("en-US", { ...opts, timeZone: "UTC" }).format(new Date(`${date}T12:00:00Z`));

/** Presses FullCalendar's next (or prev) until `ready` holds (at most 6 presses). */
async function navigateUntil(ready: () => Promise<boolean>, direction: () => Promise<"next" | "prev"> = async () => "next") {
  for (let i = 0; i < 6 && !(await ready()); i++) {
    const before = await page.locator(".fc-toolbar-title").innerText();
    await page.locator(`.fc-${await direction()}-button`).click();
    await expect.poll(() => page.locator(".fc-toolbar-title").innerText()).not.toBe(before);
  }
  expect(await ready()).toBe(true);
}

const event = (name: string): Locator => page.locator(".fc-event", { hasText: name });
const dialog = () => page.getByRole("dialog");

async function openFromList(name: string) {
  await page.getByRole("tab", { name: "List" }).click();
  const search = page.getByLabel("Search tours:");
  await search.fill(name.split(" ")[0]);
  await page.getByRole("button", { name: "Search tours" }).click();
  await page.getByRole("button", { name: new RegExp(`open the tour of ${name}`) }).click();
  await dialog().getByRole("heading", { name }).waitFor();
  await dialog().getByRole("heading", { name: "History" }).waitFor();
}

async function closeDialog() {
  await page.keyboard.press("Escape");
  await expect.poll(() => dialog().count()).toBe(0);
}

async function history(): Promise<string[]> {
  return await dialog().locator(".ll-history li").allInnerTexts();
}

async function expectNoAxeViolations(state: string) {
  const results = await new AxeBuilder({ page }).include("#wpbody-content").analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  console.log(`  axe (${state}): ${results.passes.length} rules passed, ${results.violations.length} violations`);
  expect(summary, state).toEqual([]);
}

beforeAll(async () => {
  browser = await launchChromium();
  const open = await lastOpenDay();
  day = open.date;
  const p = demo();
  for (const [key, i] of [["a", 0], ["b", 2], ["c", 4]] as const) {
    const [first, last] = names[key].split(" ");
    const b = await bookViaApi(p, open.starts[i], { email: email(names[key]), firstName: first, lastName: last } as { email: string });
    ids[key] = b.id;
  }
  // A tour that ended three days ago and was never marked: "outcome needed".
  const [past] = await adminSql()`insert into public.tour_bookings (property_id, start_at, end_at, blocked_range, status, source,
      first_name, last_name, email)
    values (${p.id}, now() - interval '72 hours 30 minutes', now() - interval '72 hours',
      tstzrange(now() - interval '72 hours 30 minutes', now() - interval '72 hours'), 'confirmed', 'admin',
      ${names.past.split(" ")[0]}, ${names.past.split(" ")[1]}, ${email(names.past)})
    returning id`;
  ids.past = past.id;
  adminName = await phpWithWordPress(`echo json_encode(get_user_by('login', ${JSON.stringify(adminLogin().user)})->display_name);`);
  admin = await newVisitor(browser, { viewport: { width: 1280, height: 900 } });
  page = admin.page;
  page.on("pageerror", (err) => console.log(`  page error: ${err.message}`));
  page.on("console", (msg) => msg.type() === "error" && console.log(`  console error: ${msg.text()}`));
  await logIn(page, adminLogin());
});

afterAll(async () => {
  await admin?.close();
  // Frees the demo's slots for whoever runs next.
  await adminSql()`update public.tour_bookings set status = 'cancelled', cancelled_at = now(), cancelled_by = 'office'
    where property_id = ${stack().demo.propertyId} and email like ${`%${tag}@example.com`} and status = 'confirmed'`.catch(() => {});
  await adminSql()`delete from public.freebusy_cache where property_id = ${stack().demo.propertyId}`.catch(() => {});
  await browser?.close();
  await closeAdminSql();
});

test("the Tours menu opens the calendar with the demo's tours in month, week and day views, one colour per agent", async () => {
  console.log(`checks: the top-level Tours menu; the 3 tours booked on ${day} in month, week and day views; agent colours and the legend; axe; 1280 px screenshot`);
  await page.goto(`${wordpressUrl()}/wp-admin/profile.php`);
  const menu = page.locator("#adminmenu #toplevel_page_lumaleasing-tours");
  // "Tours", with the outcome-needed bubble when a past tour waits for one.
  await expect.poll(() => menu.locator(".wp-menu-name").innerText()).toMatch(/^Tours(\s|$)/);
  expect(await menu.locator(".dashicons-calendar-alt, .wp-menu-image.dashicons-before").count()).toBeGreaterThan(0);
  await menu.locator("a").first().click();
  await page.getByRole("heading", { name: "Tours", level: 1 }).waitFor();
  await page.locator(".fc-dayGridMonth-view, .fc-timeGridDay-view").first().waitFor().catch(async (err) => {
    await screenshot(page, "wp-admin-tours-not-drawn-1280", true);
    console.log(`  the calendar was not drawn; the app's root holds: ${(await page.locator("#wpbody-content").innerText()).slice(0, 400)}`);
    throw err;
  });

  const monthTitle = title(day, { month: "long", year: "numeric" });
  await navigateUntil(async () => (await page.locator(".fc-toolbar-title").innerText()) === monthTitle);
  for (const key of ["a", "b", "c"] as const) await event(names[key]).first().waitFor();
  const colours = await Promise.all((["a", "b", "c"] as const).map((k) => event(names[k]).first().evaluate((el) => (el as HTMLElement).style.backgroundColor || getComputedStyle(el).backgroundColor)));
  console.log(`  month (${monthTitle}): ${names.a}, ${names.b}, ${names.c} shown; colours ${colours.join(" / ")}`);
  const swatches = await page.getByRole("list", { name: "Agents" }).locator(".ll-swatch").evaluateAll((els) => els.map((el) => (el as HTMLElement).style.backgroundColor));
  expect(colours.every((c) => swatches.includes(c)), `${colours} among the legend's ${swatches}`).toBe(true);
  expect(colours[0]).not.toBe(colours[1]); // the round robin gave the first two tours to different agents
  const legend = await page.getByRole("list", { name: "Agents" }).innerText();
  expect(legend).toContain("pm@example.com");
  expect(legend).toContain("agent2@example.com");
  await screenshot(page, "wp-admin-tours-month-1280", true);
  await expectNoAxeViolations("month view");

  await page.getByRole("button", { name: "Week", exact: true }).click();
  await navigateUntil(async () => (await page.locator(`.fc-col-header-cell[data-date="${day}"]`).count()) > 0);
  for (const key of ["a", "b", "c"] as const) await event(names[key]).first().waitFor();
  await page.getByRole("button", { name: "Day", exact: true }).click();
  const dayTitle = title(day, { month: "long", day: "numeric", year: "numeric" });
  const shownTitle = () => page.locator(".fc-toolbar-title").innerText();
  await navigateUntil(async () => (await shownTitle()) === dayTitle, async () => Date.parse(await shownTitle()) < Date.parse(dayTitle) ? "next" : "prev");
  for (const key of ["a", "b", "c"] as const) await event(names[key]).first().waitFor();
  const label = await event(names.a).first().getAttribute("aria-label");
  expect(label).toMatch(/Confirmed/);
  console.log(`  week and day (${dayTitle}) show all three; an event reads "${label}"`);
  await expectNoAxeViolations("day view");
});

test("the list filters by status and searches; the past tour needs its outcome and is marked attended by the admin", async () => {
  console.log("checks: List tab, search by the test's tag, status links with counts, outcome needed → Attended, history names the admin");
  await page.goto(toursUrl());
  await page.getByRole("tab", { name: "List" }).click();
  await page.locator("#ll-filter-from").fill(todayIn(ZONE, new Date(Date.now() - 5 * 86_400_000)));
  await page.locator("#ll-filter-to").fill(day);
  await page.getByLabel("Search tours:").fill(tag);
  await page.getByRole("button", { name: "Search tours" }).click();
  const rows = page.locator(".ll-tour-table tbody tr");
  await expect.poll(() => rows.count()).toBe(4);
  await expect.poll(() => page.getByRole("link", { name: /Outcome needed \(1\)/ }).count()).toBe(1);
  await page.getByRole("link", { name: /Outcome needed/ }).click();
  await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringContaining(names.past)]);
  console.log(`  search "${tag}" → 4 tours; Outcome needed (1) → ${names.past}`);
  await page.getByRole("link", { name: /^All \(\d+\)$/ }).click();
  await page.getByLabel("Filter by source").selectOption("widget");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect.poll(() => rows.count()).toBe(3);
  await page.getByLabel("Filter by source").selectOption("");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect.poll(() => rows.count()).toBe(4);
  console.log("  source = Website → 3; all sources → 4");

  await page.getByRole("button", { name: new RegExp(`open the tour of ${names.past}`) }).click();
  await dialog().getByRole("heading", { name: "History" }).waitFor();
  await dialog().getByRole("button", { name: "Attended" }).click();
  await page.getByText("Marked attended.").waitFor();
  await expect.poll(history).toContainEqual(expect.stringMatching(new RegExp(`Marked attended by ${adminName}`)));
  const [row] = await adminSql()`select status from public.tour_bookings where id = ${ids.past}`;
  expect(row.status).toBe("completed");
  console.log(`  Attended → Postgres status completed; history: "Marked attended by ${adminName}"`);
  await expectNoAxeViolations("tour detail");
  await closeDialog();
});

test("a note, a reschedule to a free slot (the prospect is emailed) and a cancel with a message (the email carries it)", async () => {
  console.log("checks: note in the history; reschedule through the slot picker → 'Tour rescheduled' email; cancel with a message → the cancellation email quotes it");
  await page.goto(toursUrl());
  await openFromList(names.a);
  await dialog().getByLabel("Note (never sent to the prospect)").fill(`Asked about parking ${tag}`);
  await dialog().getByRole("button", { name: "Add note" }).click();
  await page.getByText("Note added.").waitFor();
  await expect.poll(history).toContainEqual(expect.stringContaining(`Asked about parking ${tag}`));

  await dialog().getByRole("button", { name: "Reschedule" }).click();
  const time = dialog().getByLabel("Time");
  await expect.poll(() => time.locator("option").count()).toBeGreaterThan(1);
  const target = await time.locator("option").nth(1).getAttribute("value");
  await time.selectOption(target!);
  await dialog().getByRole("button", { name: "Move tour" }).click();
  await page.getByText("Tour rescheduled.").waitFor();
  const moved = await waitForEmail(email(names.a), 30_000, (m) => m.subject.startsWith("Tour rescheduled"));
  const [row] = await adminSql()`select start_at from public.tour_bookings where id = ${ids.a}`;
  expect(row.start_at.toISOString()).toBe(new Date(target!).toISOString());
  await expect.poll(history).toContainEqual(expect.stringMatching(new RegExp(`Rescheduled by ${adminName}`)));
  console.log(`  note saved; moved to ${target} (Postgres agrees); email "${moved.subject}"`);
  await closeDialog();

  await openFromList(names.b);
  await dialog().getByRole("button", { name: "Cancel tour" }).click();
  const message = `The model unit is being painted that day, sorry! (${tag})`;
  await dialog().getByLabel(/Message to the prospect/).fill(message);
  await dialog().getByRole("button", { name: "Cancel this tour" }).click();
  await page.getByText("Tour cancelled. The prospect has been told.").waitFor();
  const cancelled = await waitForEmail(email(names.b), 30_000, (m) => m.subject.startsWith("Tour cancelled"));
  expect(cancelled.text).toContain(message);
  await expect.poll(history).toContainEqual(expect.stringMatching(new RegExp(`Cancelled by ${adminName}`)));
  console.log(`  cancelled with a message; email "${cancelled.subject}" quotes it`);
  await closeDialog();
});

test("a phone caller is booked into a free slot, and the new tour's history says who booked it", async () => {
  console.log("checks: Book a tour → slot picker + prospect fields + Phoned → 201; the detail opens; 'Booked by <admin>' with source Phone; confirmation email");
  await page.goto(toursUrl());
  await page.getByRole("button", { name: "Book a tour" }).click();
  const book = page.getByRole("dialog", { name: "Book a tour" });
  const time = book.getByLabel("Time");
  await expect.poll(() => time.locator("option").count()).toBeGreaterThan(1);
  await time.selectOption({ index: 1 });
  const [first, last] = names.phone.split(" ");
  await book.getByLabel("First name").fill(first);
  await book.getByLabel("Last name").fill(last);
  await book.getByLabel("Email").fill("not-an-email");
  await book.getByRole("button", { name: "Book tour" }).click();
  const emailField = book.getByLabel("Email");
  await expect.poll(() => emailField.getAttribute("aria-invalid")).toBe("true");
  console.log(`  a bad email → 422 shown at the field: "${await book.locator("#ll-book-email-error").innerText()}"`);
  await emailField.fill(email(names.phone));
  await book.getByRole("button", { name: "Book tour" }).click();
  await page.getByText(new RegExp(`Tour booked for ${first} ${last}`)).waitFor();
  await dialog().getByRole("heading", { name: names.phone }).waitFor();
  await expect.poll(history).toContainEqual(expect.stringMatching(new RegExp(`Booked by ${adminName}[\\s\\S]*Source: Phone`)));
  const [row] = await adminSql()`select source from public.tour_bookings where email = ${email(names.phone)}`;
  expect(row.source).toBe("phone");
  const confirmation = await waitForEmail(email(names.phone), 30_000, (m) => m.subject.startsWith("Tour confirmed"));
  console.log(`  booked (source phone in Postgres); "${confirmation.subject}"; history names ${adminName}`);
  await closeDialog();
});

test("deep link opens a tour; at 320 px the page works and passes axe", async () => {
  console.log("checks: ?tour=<id> opens that tour's dialog; the 320 px layout has no horizontal scroll; axe; screenshots at 320 px");
  const narrow = await newVisitor(browser, { viewport: { width: 320, height: 700 } });
  try {
    const p = narrow.page;
    await logIn(p, adminLogin());
    await p.goto(`${toursUrl()}&tour=${ids.c}`);
    await p.getByRole("dialog").getByRole("heading", { name: names.c }).waitFor();
    await p.getByRole("dialog").getByRole("heading", { name: "History" }).waitFor();
    await screenshot(p, "wp-admin-tour-detail-320", true);
    const wide = await p.evaluate(() => document.documentElement.scrollWidth);
    expect(wide).toBeLessThanOrEqual(320);
    const results = await new AxeBuilder({ page: p }).include("#wpbody-content").analyze();
    expect(results.violations.map((v) => v.id)).toEqual([]);
    await p.keyboard.press("Escape");
    await p.locator(".fc-view").first().waitFor();
    await screenshot(p, "wp-admin-tours-320", true);
    console.log(`  ?tour= opened ${names.c}; page ${wide} px wide at 320; axe: ${results.passes.length} passed, 0 violations`);
  } finally {
    await narrow.close();
  }
});

test("a subscriber sees no Tours menu and the proxy answers 403", async () => {
  console.log("checks: as a subscriber, no Tours menu, the page refuses, and every office route answers 403 with a valid nonce");
  const sub = await newVisitor(browser);
  try {
    const p = sub.page;
    await logIn(p, subscriberLogin());
    await p.goto(`${wordpressUrl()}/wp-admin/profile.php`);
    expect(await p.locator("#toplevel_page_lumaleasing-tours").count()).toBe(0);
    const res = await p.goto(toursUrl());
    expect(res?.status()).toBe(403);
    const nonce = await restNonce(p);
    const statuses: string[] = [];
    for (const [method, route] of [["GET", "office/tours"], ["GET", "office/slots"], ["GET", `office/tours/${ids.c}`], ["POST", `office/tours/${ids.c}/notes`], ["POST", "office/tours"]]) {
      const r = await p.context().request.fetch(`${wordpressUrl()}/wp-json/lumaleasing/v1/${route}`, {
        method,
        headers: { "x-wp-nonce": nonce, "content-type": "application/json" },
        data: method === "POST" ? { text: "sneaky" } : undefined,
      });
      statuses.push(`${method} ${route.replace(ids.c, ":id")} ${r.status()}`);
      expect(r.status(), `${method} ${route}`).toBe(403);
    }
    const [{ n }] = await adminSql()`select count(*)::int as n from public.tour_history where booking_id = ${ids.c} and event = 'note'`;
    expect(n).toBe(0);
    console.log(`  no menu; the page → 403; ${statuses.join(", ")}; no note written`);
  } finally {
    await sub.close();
  }
});
