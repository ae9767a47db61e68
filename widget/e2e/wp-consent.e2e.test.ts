// Settings → LumaLeasing Tours in the real WordPress: the whole Google consent round trip
// (Allow and Deny on the emulator's consent page), health in words, and Disconnect.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchChromium, newVisitor, screenshot, type VisitorPage } from "./support/browser.ts";
import { adminSql, closeAdminSql, googleControl, need, randomToken, runJob, stack } from "./support/stack.ts";
import { adminLogin, calendarCard, calendarCards, logIn, openSettings, settingsUrl, wordpressUrl } from "./support/wordpress.ts";

let browser: Browser;
let admin: VisitorPage;
let page: Page;
const run = randomToken(4).toLowerCase().replace(/[^a-z0-9]/g, "x");
const allowedAccount = `e2e-agent-${run}@example.com`;
const deniedAccount = `e2e-denied-${run}@example.com`;

beforeAll(async () => {
  browser = await launchChromium();
  admin = await newVisitor(browser);
  page = admin.page;
  await logIn(page, adminLogin());
});

afterAll(async () => {
  await browser?.close();
  await closeAdminSql();
});

/** Settings page → Connect Google Calendar → the emulator's consent page, another account typed in. */
async function consentAs(account: string, decision: "Allow" | "Deny"): Promise<URL> {
  await openSettings(page);
  await page.getByRole("button", { name: "Connect Google Calendar" }).click();
  await page.waitForURL((url) => url.href.startsWith(`${need(stack().googleUrl, "Google emulator")}/o/oauth2/v2/auth`));
  await page.getByRole("heading", { name: "Choose an account" }).waitFor();
  console.log(`  on Google's consent page (${new URL(page.url()).pathname}), typing ${account}`);
  await page.getByRole("radio", { name: "Use another account" }).check();
  await page.getByRole("textbox", { name: "Email address of another account" }).fill(account);
  const landed = page.waitForResponse((r) => r.request().resourceType() === "document" && r.url().startsWith(settingsUrl()), { timeout: 20_000 });
  await page.getByRole("button", { name: decision, exact: true }).click();
  const back = new URL((await landed).url());
  await page.getByRole("heading", { name: "LumaLeasing Tours", level: 1 }).waitFor();
  return back;
}

const demoCalendar = async (email: string) =>
  (await adminSql()`select id, token_status, disconnected_at from public.agent_calendars
    where property_id = ${stack().demo.propertyId} and account_email = ${email}`)[0];

describe("Google consent round trip from the WordPress settings page", () => {
  test("Allow: back on the settings page with a notice, the new calendar listed as healthy", async () => {
    console.log("checks: Connect → consent page → a new account → Allow → settings page, success notice, card 'Healthy'");
    // The way an administrator gets there: Settings → LumaLeasing Tours in the admin menu.
    await page.goto(`${wordpressUrl()}/wp-admin/`);
    const menu = page.locator("#adminmenu");
    // (The Tours menu has a "Settings" item of its own: this is WordPress's Settings menu.)
    await menu.locator("#menu-settings").getByRole("link", { name: "Settings", exact: true }).click();
    await menu.getByRole("link", { name: "LumaLeasing Tours", exact: true }).click();
    await page.waitForURL(settingsUrl());
    console.log("  Settings → LumaLeasing Tours in the admin menu opens the settings page");
    const url = await consentAs(allowedAccount, "Allow");
    expect(url.searchParams.get("lumaleasing_calendar")).toBe("connected");
    const notice = page.locator(".notice-success[role=status] p");
    await notice.waitFor();
    expect((await notice.textContent())!.trim()).toBe(`Google Calendar connected for ${allowedAccount}.`);
    console.log(`  notice: "${(await notice.textContent())!.trim()}"`);

    const card = calendarCard(page, allowedAccount);
    await card.waitFor();
    await card.getByText(/Status:\s*Healthy/).waitFor();
    expect(await card.textContent()).toMatch(/Status:\s*Healthy/);
    console.log(`  card: ${allowedAccount} … Status: Healthy`);
    const row = await demoCalendar(allowedAccount);
    expect(row?.token_status).toBe("healthy");
    console.log(`  agent_calendars row ${row.id}: token_status healthy`);
    await screenshot(page, "wp-admin-calendar-connected-1280");
  });

  test("Deny: back on the settings page with a notice that nothing was connected", async () => {
    console.log("checks: Connect → consent page → Deny → settings page says it was not connected; nothing stored");
    const url = await consentAs(deniedAccount, "Deny");
    expect(url.searchParams.get("lumaleasing_calendar")).toBe("denied");
    const notice = page.locator(".notice-warning[role=status] p");
    await notice.waitFor();
    const text = (await notice.textContent())!.trim();
    expect(text).toContain("Google Calendar was not connected");
    console.log(`  notice: "${text}"`);
    await calendarCards(page).first().waitFor();
    expect(await calendarCard(page, deniedAccount).count()).toBe(0);
    expect(await demoCalendar(deniedAccount)).toBeUndefined();
    console.log(`  no card and no agent_calendars row for ${deniedAccount}`);
    await screenshot(page, "wp-admin-calendar-denied-1280");
  });

  test("health is written in words, and a revoked grant shows as Revoked with what to do", async () => {
    console.log("checks: every card states its health in words; revoking at Google + the health job → 'Revoked'");
    await googleControl(`accounts/${encodeURIComponent(allowedAccount)}/revoke-grants`, {});
    const job = await runJob("calendar-health", stack().demo.propertyId);
    console.log(`  revoked ${allowedAccount}'s grant at Google; calendar-health job ran in ${job.ms} ms`);
    await openSettings(page);
    const words = /Status:\s*(Healthy|Expiring soon|Expired|Revoked|Unknown)/;
    const cards = await calendarCards(page).all();
    expect(cards.length).toBeGreaterThanOrEqual(3);
    for (const card of cards) {
      const text = (await card.textContent())!;
      expect(text).toMatch(words);
      console.log(`  ${(await card.locator(".ll-card-title").textContent())!.trim()}: ${text.match(words)![1]}`);
    }
    const revoked = calendarCard(page, allowedAccount);
    await revoked.getByText(/Status:\s*Revoked/).waitFor();
    expect(await revoked.textContent()).toContain("Access was removed in the Google account. Reconnect to restore it.");
    for (const demoAgent of ["pm@example.com", "agent2@example.com"]) {
      expect(await calendarCard(page, demoAgent).textContent()).toMatch(/Status:\s*Healthy/);
    }
    expect((await demoCalendar(allowedAccount)).token_status).toBe("revoked");
    await screenshot(page, "wp-admin-calendar-revoked-1280");
  });

  test("Disconnect removes that calendar (after a confirmation) and leaves the others", async () => {
    console.log(`checks: Disconnect on ${allowedAccount} → confirm → card gone, row marked disconnected, others kept`);
    await openSettings(page);
    const card = calendarCard(page, allowedAccount);
    await card.getByRole("button", { name: "Disconnect" }).click();
    const confirm = card.getByRole("group", { name: "Confirm disconnect" });
    await confirm.waitFor();
    console.log(`  confirmation: "${(await confirm.locator("p").first().textContent())!.trim().slice(0, 60)}…"`);
    await confirm.getByRole("button", { name: "Yes, disconnect" }).click();
    await card.waitFor({ state: "detached" });
    await page.locator("#lumaleasing-admin-root [role=status]").filter({ hasText: `Disconnected ${allowedAccount}.` }).waitFor({ state: "attached" });
    console.log(`  card gone; announced "Disconnected ${allowedAccount}."`);
    const row = await demoCalendar(allowedAccount);
    expect(row.token_status).toBe("disconnected");
    expect(row.disconnected_at).not.toBeNull();
    for (const demoAgent of ["pm@example.com", "agent2@example.com"]) await calendarCard(page, demoAgent).waitFor();
    console.log("  pm@example.com and agent2@example.com still listed");
    await screenshot(page, "wp-admin-calendar-disconnected-1280");
  });
});
