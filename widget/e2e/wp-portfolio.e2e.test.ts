// The Portfolio page in the real WordPress: an organization of three properties (this site's
// and two others) with calendars in different states; the portfolio key pasted on the
// settings page (a wrong one refused with a notice) turns on the Portfolio menu; the page
// lists every property × calendar, filters by status and searches; "Email re-connect links"
// sends the managers their emails (skipping the property whose settings page is unknown);
// the email's link, followed while logged in, offers one button that opens Google's consent
// with the account pre-selected. axe finds no violation; screenshots at 1280 and 320 px.
// Everything is put back afterwards (key removed, calendars deleted, properties out of the organization).
import AxeBuilder from "@axe-core/playwright";
import { createHash } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchChromium, newVisitor, screenshot } from "./support/browser.ts";
import { adminSql, closeAdminSql, createTestProperty, googleControl, need, randomToken, stack, waitForEmail } from "./support/stack.ts";
import { adminLogin, logIn, phpWithWordPress, settingsUrl, wordpressUrl } from "./support/wordpress.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await closeAdminSql();
});

const run = randomToken(4).toLowerCase().replace(/[^a-z0-9]/g, "x");

async function calendarRow(propertyId: string, email: string, status: string, extra: Record<string, unknown> = {}): Promise<string> {
  const sql = adminSql();
  const [row] = await sql`insert into public.agent_calendars ${sql({
    property_id: propertyId,
    account_email: email,
    token_status: status,
    last_health_check_at: new Date(Date.now() - 2 * 3600_000),
    access_token_expires_at: new Date(Date.now() + 1800_000),
    ...extra,
  })} returning id`;
  return row.id;
}

test("Portfolio: the key turns the page on; it lists, filters and searches every calendar; re-connect emails lead to Google's consent for the account", async () => {
  console.log("checks: key refused/accepted on save; Portfolio menu; rows, counts, Revoked filter, search; bulk re-connect → notices + emails; link → one-click Re-connect → consent with the account pre-selected; axe; 1280/320 screenshots");
  const sql = adminSql();
  const demo = stack().demo.propertyId;
  const key = `llpk_${randomToken(32)}`;
  const [org] = await sql`insert into public.organizations (name) values (${`Acme Living ${run}`}) returning id`;
  await sql`insert into public.portfolio_keys (organization_id, key_hash, key_hint)
    values (${org.id}, ${createHash("sha256").update(key).digest("hex")}, 'llpk_…')`;
  const origin = new URL(wordpressUrl()).origin;
  const birch = await createTestProperty(origin, { name: `Birch Row ${run}`, manager_email: `birch-pm-${run}@example.com` });
  const oak = await createTestProperty(origin, { name: `Oak Flats ${run}`, admin_url: null, manager_email: `oak-pm-${run}@example.com` });
  await sql`update public.properties set organization_id = ${org.id} where id in (${demo}, ${birch.id}, ${oak.id})`;
  const agent = `portfolio-agent-${run}@example.com`;
  await googleControl("accounts", { email: agent, name: "Portfolio Agent", timeZone: "America/Chicago" });
  const made: string[] = [];
  made.push(await calendarRow(demo, agent, "revoked"));
  made.push(await calendarRow(birch.id, `birch-ok-${run}@example.com`, "healthy"));
  made.push(await calendarRow(birch.id, `birch-soon-${run}@example.com`, "expiring", { refresh_token_expires_at: new Date(Date.now() + 2 * 86_400_000) }));
  made.push(await calendarRow(oak.id, `oak-old-${run}@example.com`, "expired"));
  await sql`insert into public.calendar_token_refreshes (property_id, agent_calendar_id, attempted_at, trigger, outcome, error)
    values (${demo}, ${made[0]}, now() - interval '1 hour', 'health_check', 'invalid_grant', 'invalid_grant: Token has been expired or revoked.')`;
  const [{ manager_email: demoManagers }] = await sql`select manager_email from public.properties where id = ${demo}`;
  const demoManager = String(demoManagers).split(",")[0].trim();

  // Start without a portfolio key, whatever an earlier run left behind; and have this site
  // tell the backend its pages again on the next settings page load (the stack's WordPress
  // sites share the demo property, so the last one to tell it owns the links).
  await phpWithWordPress(`delete_option('lumaleasing_portfolio_key'); delete_option('lumaleasing_portfolio'); delete_option('lumaleasing_pages_pushed'); echo json_encode(true);`);
  const admin = await newVisitor(browser);
  const { page } = admin;
  try {
    await logIn(page, adminLogin());
    const anonymous = await fetch(`${wordpressUrl()}/wp-json/lumaleasing/v1/portfolio/health`);
    expect(anonymous.status).toBe(401);
    await anonymous.body?.cancel();

    // A wrong key is refused with a notice; the right one is saved and turns the page on.
    await page.goto(settingsUrl());
    const field = page.getByLabel("Portfolio key", { exact: true });
    expect(await field.getAttribute("type")).toBe("password");
    await field.fill("llpk_thisKeyIsNotKnownAnywhere1234");
    await page.getByRole("button", { name: "Save Changes" }).click();
    const refused = page.locator(".notice-error, .error").filter({ hasText: "portfolio key was not accepted" });
    await refused.first().waitFor();
    expect(await page.locator("#adminmenu").getByRole("link", { name: "Portfolio" }).count()).toBe(0);
    console.log(`  wrong key: "${(await refused.first().innerText()).trim()}"; no Portfolio menu`);
    await page.getByLabel("Portfolio key", { exact: true }).fill(key);
    await page.getByRole("button", { name: "Save Changes" }).click();
    await page.getByText(`Portfolio key saved for Acme Living ${run}.`).first().waitFor();
    const html = await page.content();
    expect(html.includes(key)).toBe(false);
    expect(html).toContain(`llpk_…${key.slice(-4)}`);
    console.log(`  key saved: notice shown, the page shows only llpk_…${key.slice(-4)}`);

    await page.locator("#adminmenu").getByRole("link", { name: "Portfolio" }).click();
    await page.getByRole("heading", { name: "Portfolio", level: 1 }).waitFor();
    // The organization's success metrics above the table: the Insights panel through the portfolio proxy.
    const metrics = page.locator("#lumaleasing-portfolio-metrics").getByRole("table", { name: /^From \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(UTC\)$/ });
    await metrics.waitFor();
    expect(await metrics.locator("tbody tr").count()).toBe(9);
    expect(await metrics.getByRole("row", { name: /Properties with a calendar connected/ }).innerText()).toMatch(/\d+(\.\d+)? ?%|No data/);
    console.log("  the organization's 9 success metrics shown above the table");
    const table = page.getByRole("table", { name: /Calendars across the portfolio/ });
    const rowFor = (text: string) => table.getByRole("row").filter({ hasText: text });
    await rowFor(agent).waitFor();
    const all = page.getByRole("link", { name: /^All \(\d+\)$/ });
    const allCount = Number((await all.innerText()).match(/\((\d+)\)/)![1]);
    expect(await table.locator("tbody tr").count()).toBe(allCount);
    expect(await rowFor(agent).innerText()).toMatch(/Revoked[\s\S]*invalid_grant: Token has been expired/);
    expect(await rowFor(`birch-soon-${run}`).innerText()).toMatch(/Expiring/);
    expect(await rowFor(`Oak Flats ${run}`).innerText()).toMatch(/Settings page unknown/);
    console.log(`  listed: ${allCount} rows (this site's calendars among them); revoked with its last error; Oak's settings page unknown`);
    await screenshot(page, "wp-admin-portfolio-1280", true);

    await page.getByRole("link", { name: /^Revoked \(\d+\)$/ }).click();
    await page.getByRole("link", { name: /^Revoked/ }).and(page.locator("[aria-current=page]")).waitFor();
    await expect.poll(async () => (await table.locator("tbody tr").allInnerTexts()).every((t) => /Revoked/.test(t))).toBe(true);
    expect(await rowFor(agent).count()).toBe(1);
    expect(await rowFor(`birch-ok-${run}`).count()).toBe(0);
    await page.getByRole("link", { name: /^All \(/ }).click();
    await page.getByLabel("Search properties and calendars").fill(`Birch Row ${run}`);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect.poll(async () => await table.locator("tbody tr").count()).toBe(2);
    expect(await page.getByRole("link", { name: /^All \(2\)$/ }).count()).toBe(1);
    console.log("  Revoked filter shows only revoked rows; search for Birch Row: its 2 calendars, All (2)");
    await page.getByLabel("Search properties and calendars").fill(run);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect.poll(async () => await table.locator("tbody tr").count()).toBe(4);

    // Bulk: this site's revoked calendar and Oak's (no settings page): one sent, one skipped.
    await page.getByLabel(`Select ${agent} at `).check();
    await page.getByLabel(`Select oak-old-${run}@example.com at Oak Flats ${run}`).check();
    await page.getByLabel("Select bulk action").selectOption("reconnect");
    await page.getByRole("button", { name: "Apply" }).click();
    const sent = page.locator(".notice-success").filter({ hasText: "Re-connect links emailed for 1 calendar" });
    await sent.waitFor();
    const skipped = page.locator(".notice-warning").filter({ hasText: "settings page is not known yet" });
    await skipped.waitFor();
    console.log(`  notices: "${(await sent.innerText()).split("\n")[0]}" / "${(await skipped.innerText()).split("\n")[0]}"`);
    const [recorded] = await sql`select requested_by_name, recipients from public.calendar_reconnect_requests where agent_calendar_id = ${made[0]}`;
    expect(recorded.recipients).toContain(demoManager.toLowerCase());

    const mail = await waitForEmail(demoManager, 30_000, (m) => (m.text ?? "").includes(`lumaleasing_reconnect=${made[0]}`));
    const link = (mail.text ?? "").match(new RegExp(`https?://\\S*lumaleasing_reconnect=${made[0]}\\S*`))![0];
    expect(link.startsWith(settingsUrl())).toBe(true);
    expect(new URL(link).searchParams.get("login_hint")).toBe(agent);
    console.log(`  email to ${demoManager}: "${mail.subject}", link ${link.replace(wordpressUrl(), "…")}`);

    // The link, logged in: a notice with one button; the GET changed nothing; the button goes to Google.
    await page.goto(link);
    const button = page.getByRole("button", { name: `Re-connect ${agent}` });
    await button.waitFor();
    expect(page.url()).toBe(link);
    await button.click();
    await page.waitForURL((url) => url.href.startsWith(`${need(stack().googleUrl, "Google emulator")}/o/oauth2/v2/auth`));
    expect(new URL(page.url()).searchParams.get("login_hint")).toBe(agent);
    const preselected = page.getByRole("radio", { name: agent });
    await preselected.waitFor();
    expect(await preselected.isChecked()).toBe(true);
    console.log(`  link → Re-connect ${agent} → Google's consent page with ${agent} pre-selected`);

    await page.goto(`${wordpressUrl()}/wp-admin/admin.php?page=lumaleasing-portfolio`);
    await rowFor(agent).waitFor();
    const axe = await new AxeBuilder({ page }).include(".wrap").analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    console.log(`  axe: ${axe.passes.length} rules passed on the Portfolio page, no violation`);
    await page.setViewportSize({ width: 320, height: 800 });
    await rowFor(agent).waitFor();
    const width = await page.evaluate(() => document.querySelector(".ll-health")!.getBoundingClientRect().right);
    expect(width).toBeLessThanOrEqual(320);
    const tableTop = (await table.boundingBox())!.y;
    for (const control of [page.getByRole("button", { name: "Apply" }), page.getByLabel("Search properties and calendars")]) {
      expect(await control.isVisible()).toBe(true);
      expect((await control.boundingBox())!.y).toBeLessThan(tableTop);
    }
    await screenshot(page, "wp-admin-portfolio-320", true);
    console.log(`  320 px: the table ends at ${Math.round(width)} px; search and bulk actions above it`);
    await page.setViewportSize({ width: 1280, height: 900 });

    // Removing the key takes the page away.
    await page.goto(settingsUrl());
    await page.getByLabel("Remove the portfolio key from this site").check();
    await page.getByRole("button", { name: "Save Changes" }).click();
    await page.getByText("The portfolio key was removed from this site.").first().waitFor();
    expect(await page.locator("#adminmenu").getByRole("link", { name: "Portfolio" }).count()).toBe(0);
    console.log("  key removed: notice, no Portfolio menu");
  } finally {
    await admin.close();
    await sql`delete from public.agent_calendars where id = any(${made}::uuid[])`;
    await sql`update public.properties set organization_id = null where id = ${demo}`;
    await sql`delete from public.organizations where id = ${org.id}`;
  }
});
