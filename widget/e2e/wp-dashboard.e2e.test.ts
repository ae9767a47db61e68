// The office at a glance in the real WordPress against the stack. The dashboard's "Today's
// tours": an administrator sees the demo property's tour of today with its time, prospect
// and status, linking to the tour on the Tours page; a subscriber gets no widget; with the
// backend unreachable the dashboard still loads and the widget says so; axe finds no
// violation in the widget and nothing in it is wider than a 320 px screen. The Tours menu's
// count bubble: the backend's outcome-needed count on the menu and its first item.
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchChromium, newVisitor, screenshot } from "./support/browser.ts";
import { adminSql, closeAdminSql, stack } from "./support/stack.ts";
import { adminLogin, logIn, phpWithWordPress, subscriberLogin, wordpressRoot, wordpressUrl } from "./support/wordpress.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await closeAdminSql();
});

const forget = () => phpWithWordPress(`delete_transient('lumaleasing_today_tours'); echo json_encode(true);`);

async function openDashboard(page: Page) {
  await page.goto(`${wordpressUrl()}/wp-admin/index.php`, { waitUntil: "domcontentloaded" });
  await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
}

test("Today's tours: the demo's tour of today links to the Tours page; none for a subscriber; a readable notice when the backend is down", async () => {
  console.log("checks: dashboard widget with a tour inserted for today (Chicago), its link, axe, 320 px; subscriber: no widget; backend unreachable: notice, dashboard intact");
  const propertyId = stack().demo.propertyId;
  const start = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const end = new Date(start.getTime() + 30 * 60_000);
  const [tour] = await adminSql()`insert into public.tour_bookings (property_id, start_at, end_at, blocked_range, status, source,
      first_name, last_name, email)
    values (${propertyId}, ${start}, ${end}, tstzrange(${start}, ${end}), 'confirmed', 'admin', 'Dana', 'Dashboard', 'dana.dashboard@example.com')
    returning id`;
  const connection = await phpWithWordPress(`echo json_encode(get_option('lumaleasing_connection'));`);
  const admin = await newVisitor(browser);
  const subscriber = await newVisitor(browser);
  try {
    await forget();
    await logIn(admin.page, adminLogin());
    await openDashboard(admin.page);
    const widget = admin.page.locator("#lumaleasing_today_tours");
    await widget.getByRole("heading", { name: "Today's tours" }).waitFor();
    const link = widget.getByRole("link", { name: /Dana Dashboard/ });
    await link.waitFor();
    const href = (await link.getAttribute("href"))!;
    expect(href).toContain(`admin.php?page=lumaleasing-tours&tour=${tour.id}`);
    const item = widget.getByRole("listitem").filter({ has: admin.page.getByRole("link", { name: /Dana Dashboard/ }) });
    expect(await item.innerText()).toMatch(/Booked/);
    expect(await widget.getByRole("link", { name: "All tours" }).getAttribute("href")).toContain("admin.php?page=lumaleasing-tours");
    expect(await widget.innerText()).toContain("(America/Chicago)");
    console.log(`  admin: "${(await item.innerText()).replace(/\s+/g, " ")}" → ${href.replace(wordpressUrl(), "")}`);

    const axe = await new AxeBuilder({ page: admin.page }).include("#lumaleasing_today_tours").analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    await admin.page.setViewportSize({ width: 320, height: 800 });
    await link.waitFor();
    const overflow = await widget.evaluate((el) => {
      const inside = el.querySelector(".lumaleasing-today") as HTMLElement;
      return inside.scrollWidth - inside.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await widget.scrollIntoViewIfNeeded();
    await screenshot(admin.page, "wp-dashboard-today-320");
    console.log(`  axe: ${axe.passes.length} rules passed, no violation; at 320 px nothing overflows`);

    await logIn(subscriber.page, subscriberLogin());
    await openDashboard(subscriber.page);
    expect(await subscriber.page.locator("#lumaleasing_today_tours").count()).toBe(0);
    console.log("  subscriber: no Today's tours widget");

    // The backend unreachable (a port nothing listens on), the site's page sync left alone.
    await phpWithWordPress(`remove_all_actions('update_option_lumaleasing_connection');
      $c = get_option('lumaleasing_connection'); $c['backend_url'] = 'http://127.0.0.1:9/functions/v1';
      update_option('lumaleasing_connection', $c); delete_transient('lumaleasing_today_tours'); echo json_encode(true);`);
    await admin.page.setViewportSize({ width: 1280, height: 900 });
    await openDashboard(admin.page);
    const notice = admin.page.locator("#lumaleasing_today_tours .notice-error");
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(/could not be loaded/);
    await admin.page.locator("#dashboard-widgets").waitFor();
    console.log(`  backend down: "${(await notice.innerText()).trim()}"; the dashboard's other widgets still there`);
  } finally {
    await admin.close();
    await subscriber.close();
    await phpWithWordPress(`remove_all_actions('update_option_lumaleasing_connection');
      update_option('lumaleasing_connection', json_decode(${JSON.stringify(JSON.stringify(connection))}, true));
      delete_transient('lumaleasing_today_tours'); echo json_encode(true);`);
    await adminSql()`delete from public.tour_bookings where id = ${tour.id}`;
  }
});

test("Tours menu: the outcome-needed count as WordPress's bubble on the menu and its first item, read for screen readers", async () => {
  console.log("checks: the Tours menu (slug lumaleasing-tours); a tour ended 3 days ago unmarked → bubble = the backend's count, with its sentence");
  const propertyId = stack().demo.propertyId;
  const [tour] = await adminSql()`insert into public.tour_bookings (property_id, start_at, end_at, blocked_range, status, source,
      first_name, last_name, email)
    values (${propertyId}, now() - interval '72 hours 30 minutes', now() - interval '72 hours',
      tstzrange(now() - interval '72 hours 30 minutes', now() - interval '72 hours'), 'confirmed', 'admin', 'Owen', 'Outcome', 'owen.outcome@example.com')
    returning id`;
  const [{ n }] = await adminSql()`select count(*)::int as n from public.tour_bookings
    where property_id = ${propertyId} and status = 'confirmed' and end_at < now() - interval '48 hours'`;
  const admin = await newVisitor(browser);
  try {
    await phpWithWordPress(`delete_transient('lumaleasing_outcome_needed_count'); echo json_encode(true);`);
    await logIn(admin.page, adminLogin());
    await admin.page.goto(`${wordpressUrl()}/wp-admin/profile.php`, { waitUntil: "domcontentloaded" });
    const menu = admin.page.locator("#toplevel_page_lumaleasing-tours");
    await menu.waitFor();
    const bubble = menu.locator("a.menu-top .awaiting-mod");
    expect(await bubble.getAttribute("class")).toBe(`awaiting-mod count-${n}`);
    expect(await bubble.locator(".pending-count").innerText()).toBe(String(n));
    expect(await bubble.locator(".pending-count").getAttribute("aria-hidden")).toBe("true");
    const sentence = await bubble.locator(".screen-reader-text").textContent();
    expect(sentence).toBe(n === 1 ? "1 tour needs an outcome" : `${n} tours need an outcome`);
    const items = menu.locator(".wp-submenu a");
    expect(await items.first().locator(".awaiting-mod .pending-count").innerText()).toBe(String(n));
    expect(await items.nth(1).locator(".awaiting-mod").count()).toBe(0);
    console.log(`  Tours menu: bubble ${n} ("${sentence}") on the menu and on "All tours"`);
  } finally {
    await admin.close();
    await adminSql()`delete from public.tour_bookings where id = ${tour.id}`;
    await phpWithWordPress(`delete_transient('lumaleasing_outcome_needed_count'); echo json_encode(true);`);
  }
});
