// A property made like the CLI makes one (its site's pages unknown), connected in WordPress
// by pasting its site key: the plugin tells the backend where its "Manage your tour" page
// and its settings page are, the confirmation email's link opens that page in manage mode
// (the tour is cancelled there), and the calendar alert's link opens the settings page.
// The WordPress connection (and the demo's pages) are put back afterwards.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchChromium, newVisitor, screenshot } from "./support/browser.ts";
import {
  adminSql,
  bookViaApi,
  closeAdminSql,
  createBookableProperty,
  firstOpenDay,
  googleControl,
  runJob,
  stack,
  todayIn,
  waitFor,
  waitForEmail,
  widgetFetch,
} from "./support/stack.ts";
import { uniqueVisitor, waitForMode, wallTime } from "./support/widget.ts";
import { adminLogin, logIn, phpWithWordPress, settingsUrl, wordpressUrl } from "./support/wordpress.ts";

const ZONE = "America/Chicago";
let browser: Browser;
let saved: { connection: unknown; secret: string; demo: { site_url: string | null; admin_url: string | null } } | undefined;

beforeAll(async () => {
  browser = await launchChromium();
  const wp = await phpWithWordPress(`echo json_encode(array('connection' => get_option('lumaleasing_connection'), 'secret' => get_option('lumaleasing_site_secret')));`);
  const [demo] = await adminSql()`select site_url, admin_url from public.properties where id = ${stack().demo.propertyId}`;
  saved = { connection: wp.connection, secret: wp.secret, demo: { site_url: demo.site_url, admin_url: demo.admin_url } };
});

afterAll(async () => {
  if (saved) {
    const connection = JSON.stringify(saved.connection);
    await phpWithWordPress(
      `update_option('lumaleasing_connection', json_decode(${JSON.stringify(connection)}, true)); update_option('lumaleasing_site_secret', ${JSON.stringify(saved.secret)}, false); delete_option('lumaleasing_pages_pushed'); echo json_encode(true);`,
    );
    await adminSql()`update public.properties set site_url = ${saved.demo.site_url}, admin_url = ${saved.demo.admin_url} where id = ${stack().demo.propertyId}`;
  }
  await browser?.close();
  await closeAdminSql();
});

function siteKeyFor(p: { id: string; widgetKey: string; siteSecret: string }): string {
  const demo = JSON.parse(Buffer.from(stack().demo.siteKey.slice("llsk_".length), "base64url").toString("utf8"));
  const payload = { ...demo, property: p.id, widgetKey: p.widgetKey, secret: p.siteSecret };
  return "llsk_" + Buffer.from(JSON.stringify(payload)).toString("base64url");
}

test("a CLI-made property connected in WordPress: the email's manage link opens its Manage page, the alert's link its settings page", async () => {
  console.log("checks: paste the site key → the backend stores the manage and settings pages → email link → manage mode → cancel; alert link → settings");
  const manager = `manager-${Date.now()}@example.com`;
  const p = await createBookableProperty(wordpressUrl(), { site_url: null, admin_url: null, manager_email: manager });
  const admin = await newVisitor(browser);
  try {
    await logIn(admin.page, adminLogin());
    await admin.page.goto(settingsUrl());
    await admin.page.getByRole("textbox", { name: "Site key" }).fill(siteKeyFor(p));
    await admin.page.getByRole("combobox", { name: "Manage page" }).waitFor();
    await admin.page.getByRole("button", { name: "Save Changes" }).click();
    await admin.page.locator(".notice-success, .updated").filter({ hasText: `Connected to ${p.name}` }).first().waitFor();
    const wp = await phpWithWordPress(`$id = (int) get_option('lumaleasing_manage_page'); echo json_encode(array('id' => $id, 'url' => get_permalink($id), 'content' => get_post($id)->post_content));`);
    expect(wp.content).toContain("[lumaleasing]");
    const [stored] = await adminSql()`select site_url, admin_url from public.properties where id = ${p.id}`;
    expect(stored.site_url).toBe(wp.url);
    expect(stored.admin_url).toBe(settingsUrl());
    console.log(`  saved the site key; the backend now has the manage page ${wp.url} and the settings page`);
  } finally {
    await admin.close();
  }

  const who = uniqueVisitor("pages");
  const { date, slots } = await firstOpenDay(p, todayIn(ZONE));
  const booking = await bookViaApi(p, slots[0].start, { email: who.email });
  const confirmation = await waitForEmail(who.email, 25_000);
  const link = (confirmation as { text: string }).text.match(/https?:\/\/\S+lumaleasing_manage=[\w-]+/)?.[0];
  expect(link).toBeTruthy();
  expect(link!.startsWith((await adminSql()`select site_url from public.properties where id = ${p.id}`)[0].site_url)).toBe(true);
  console.log(`  booked ${date} ${wallTime(booking.start, ZONE)}; the confirmation links to ${new URL(link!).pathname}?lumaleasing_manage=…`);

  const v = await newVisitor(browser);
  try {
    await v.page.goto(link!);
    await waitForMode(v.page, "manage");
    const tour = v.page.getByRole("group", { name: "Your tour" });
    await tour.getByText("Confirmed").waitFor();
    const shown = (await tour.innerText()).replace(/\s+/g, " ");
    expect(shown).toContain(p.name);
    expect(shown).toContain(wallTime(booking.start, ZONE));
    await v.page.getByRole("button", { name: "Cancel tour" }).click();
    await v.page.getByRole("button", { name: "Yes, cancel my tour" }).click();
    await v.page.locator(".lumaleasing-widget").getByRole("status").filter({ hasText: "Your tour is cancelled." }).waitFor();
    await screenshot(v.page, "wp-manage-page-cancelled-1280");
    const [row] = await adminSql()`select status from public.tour_bookings where id = ${booking.id}`;
    expect(row.status).toBe("cancelled");
    console.log(`  the Manage page opened in manage mode ("${shown.trim()}") and cancelled the tour`);
    expect(v.errors).toEqual([]);
  } finally {
    await v.close();
  }

  // The agent's grant dies: the manager's alert links to the settings page.
  await googleControl(`accounts/${encodeURIComponent(p.agent)}/revoke-grants`, {});
  await adminSql()`update public.agent_calendars set access_token_expires_at = now() - interval '1 minute' where property_id = ${p.id}`;
  await (await widgetFetch(p, "tours/availability")).body?.cancel();
  const alert = await waitFor("the manager's calendar alert", async () => {
    await runJob("outbox", p.id);
    const mail = await waitForEmail(manager, 1_000).catch(() => null);
    return mail as { text: string; subject: string } | null;
  }, 25_000, 500);
  expect(alert.text).toContain(settingsUrl());
  const settingsLink = alert.text.match(/https?:\/\/\S*options-general\.php\?page=lumaleasing/)![0];
  const admin2 = await newVisitor(browser);
  try {
    await logIn(admin2.page, adminLogin());
    await admin2.page.goto(settingsLink);
    await admin2.page.getByRole("heading", { name: "LumaLeasing Tours", level: 1 }).waitFor();
    console.log(`  alert "${alert.subject}" links to ${new URL(settingsLink).pathname}${new URL(settingsLink).search}, which opens the settings page`);
  } finally {
    await admin2.close();
  }
});
