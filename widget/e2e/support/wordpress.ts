// The stack's WordPress: logins, the settings page, its REST routes, and PHP run against
// the same site (for what only code can check, such as uninstall).
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { need, stack, stateDir } from "./stack.ts";

export const wordpressUrl = () => need(stack().wordpressUrl, "WordPress");
export const settingsUrl = () => `${wordpressUrl()}/wp-admin/options-general.php?page=lumaleasing`;
export const demoPageUrl = () => `${wordpressUrl()}/schedule-a-tour/`;
/** The site's state folder (its tree in www/, secrets.json, logs/debug.log). */
export const wordpressStateDir = () => stack().wordpress?.stateDir ?? `${stateDir}/wordpress`;
export const wordpressRoot = () => `${wordpressStateDir()}/www`;

export function adminLogin() {
  const wp = need(stack().wordpress, "WordPress admin login");
  return { user: wp.adminUser, password: wp.adminPassword };
}

/** The subscriber startWordPress creates; its password lives with the site's other secrets. */
export function subscriberLogin() {
  const secrets = JSON.parse(readFileSync(`${wordpressStateDir()}/secrets.json`, "utf8"));
  return { user: "subscriber", password: String(secrets.subscriberPassword) };
}

export async function logIn(page: Page, login: { user: string; password: string }) {
  // Straight to the light profile page: the dashboard's widgets and feeds are not under test,
  // and its "load" is the slowest thing php -S serves on a loaded machine.
  const landing = `${wordpressUrl()}/wp-admin/profile.php`;
  await page.goto(`${wordpressUrl()}/wp-login.php?redirect_to=${encodeURIComponent(landing)}`);
  // wp-login.php moves the focus to the username (and selects it) from a timer once loaded.
  // Typing while that happens sends the password into the username field, so wait for it
  // (a release without the timer goes on after a few seconds).
  await page.waitForFunction(() => document.activeElement?.id === "user_login", null, { timeout: 5_000 }).catch(() => {});
  const user = page.getByLabel("Username or Email Address");
  const password = page.getByLabel("Password", { exact: true });
  // Filled again if a script moved the focus mid-way (checked, not assumed).
  for (let attempt = 1; ; attempt++) {
    await user.fill(login.user);
    await password.fill(login.password);
    if ((await user.inputValue()) === login.user && (await password.inputValue()) === login.password) break;
    if (attempt === 3) throw new Error("the login form did not keep the username and password typed into it");
  }
  await page.getByRole("button", { name: "Log In" }).click();
  try {
    // Logged in once the redirect to wp-admin arrives; what the caller opens next waits for itself.
    await page.waitForURL(/\/wp-admin\//, { timeout: 60_000, waitUntil: "commit" });
  } catch (error) {
    const loginError = await page.locator("#login_error").textContent({ timeout: 1_000 }).catch(() => null);
    throw new Error(`log in as ${login.user} did not reach wp-admin (at ${page.url()}${loginError ? `: ${loginError.trim()}` : ""}): ${error}`);
  }
}

/** Opens Settings → LumaLeasing Tours and waits for the Calendars app to have loaded. */
export async function openSettings(page: Page, url = settingsUrl()) {
  await page.goto(url);
  await page.getByRole("heading", { name: "LumaLeasing Tours", level: 1 }).waitFor();
  await page.getByRole("button", { name: "Connect Google Calendar" }).waitFor();
  await calendarCards(page).first().or(page.getByText("No Google Calendar is connected yet.")).waitFor();
}

export const calendarCards = (page: Page) => page.locator("#lumaleasing-admin-root").getByRole("listitem").filter({ has: page.getByRole("button", { name: "Disconnect" }) });
export const calendarCard = (page: Page, email: string) => page.locator("#lumaleasing-admin-root").getByRole("listitem", { name: email, exact: true });

/** A wp_rest nonce for whoever is logged in in this page's context (WordPress' own endpoint). */
export async function restNonce(page: Page): Promise<string> {
  const res = await page.context().request.get(`${wordpressUrl()}/wp-admin/admin-ajax.php?action=rest-nonce`);
  const text = (await res.text()).trim();
  if (res.status() !== 200 || !/^[0-9a-f]{10}$/.test(text)) throw new Error(`rest-nonce → ${res.status()}: ${text.slice(0, 100)}`);
  return text;
}

const run = promisify(execFile);

/** Runs PHP with WordPress loaded (as a request to the site would) and returns the JSON it prints last. */
export async function phpWithWordPress(code: string, defines: Record<string, string | boolean> = {}): Promise<any> {
  const url = new URL(wordpressUrl());
  const prelude = [
    `$_SERVER['HTTP_HOST'] = ${JSON.stringify(url.host)};`,
    `$_SERVER['SERVER_NAME'] = ${JSON.stringify(url.hostname)};`,
    `$_SERVER['SERVER_PORT'] = ${JSON.stringify(url.port || "80")};`,
    `$_SERVER['REQUEST_URI'] = '/'; $_SERVER['REQUEST_METHOD'] = 'GET'; $_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1'; $_SERVER['REMOTE_ADDR'] = '127.0.0.1';`,
    ...Object.entries(defines).map(([name, value]) => `define(${JSON.stringify(name)}, ${JSON.stringify(value)});`),
    `require ${JSON.stringify(`${wordpressRoot()}/wp-load.php`)};`,
  ].join("\n");
  const { stdout } = await run("php", ["-d", "display_errors=stderr", "-r", `${prelude}\n${code}`], { timeout: 30_000 });
  const last = stdout.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(last);
  } catch {
    throw new Error(`PHP printed no JSON: ${stdout.slice(-500)}`);
  }
}
