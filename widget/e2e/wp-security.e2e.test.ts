// The plugin's guard rails in the real WordPress: a refused site key keeps the old one, the
// admin REST routes answer only an administrator with a nonce, the public page carries no
// secret, and uninstall leaves no option behind.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchChromium, newVisitor, screenshot, type VisitorPage } from "./support/browser.ts";
import { closeAdminSql, randomToken, stack } from "./support/stack.ts";
import {
  adminLogin,
  calendarCards,
  demoPageUrl,
  logIn,
  openSettings,
  phpWithWordPress,
  restNonce,
  settingsUrl,
  subscriberLogin,
  wordpressUrl,
} from "./support/wordpress.ts";

let browser: Browser;
const OPTIONS = ["lumaleasing_settings", "lumaleasing_connection", "lumaleasing_site_secret"];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await closeAdminSql();
});

/** The demo site key with another secret: well formed, but the backend will refuse it. */
function siteKeyWithWrongSecret(): string {
  const payload = JSON.parse(Buffer.from(stack().demo.siteKey.slice("llsk_".length), "base64url").toString("utf8"));
  payload.secret = `llss_wrong_${randomToken(16)}`;
  return "llsk_" + Buffer.from(JSON.stringify(payload)).toString("base64url");
}

const storedSecret = async () =>
  (await phpWithWordPress(`echo json_encode(array('secret' => get_option('lumaleasing_site_secret'), 'connection' => get_option('lumaleasing_connection')));`));

describe("Settings: a wrong site key", () => {
  let admin: VisitorPage;
  beforeAll(async () => {
    admin = await newVisitor(browser);
    await logIn(admin.page, adminLogin());
  });
  afterAll(() => admin?.close());

  const cases = [
    { what: "a well-formed key the backend refuses", key: siteKeyWithWrongSecret, message: "That site key was not accepted by the backend. The previous settings were kept." },
    { what: "text that is not a site key", key: () => "llsk_this-is-not-a-key", message: "That is not a LumaLeasing site key." },
  ];
  for (const c of cases) {
    test(`${c.what}: the page says so and keeps the old key`, async () => {
      console.log(`checks: saving ${c.what} shows an error and leaves the stored key and the calendars working`);
      const { page } = admin;
      const before = await storedSecret();
      expect(before.secret).toBe(stack().demo.siteSecret);
      await openSettings(page);
      await page.getByRole("textbox", { name: "Site key" }).fill(c.key());
      // The document WordPress redirects to after saving (its script then drops settings-updated from the address bar).
      const landed = page.waitForResponse((r) => r.request().resourceType() === "document" && r.url().startsWith(settingsUrl()) && r.url().includes("settings-updated=true"));
      await page.getByRole("button", { name: "Save Changes" }).click();
      await landed;
      const error = page.locator(".notice-error, .error").filter({ hasText: c.message });
      await error.first().waitFor();
      console.log(`  notice: "${(await error.first().innerText()).trim().split("\n")[0]}"`);
      expect(await page.locator(".notice-success, .updated").filter({ hasText: /Connected to|Site key saved/ }).count()).toBe(0);

      const after = await storedSecret();
      expect(after.secret).toBe(before.secret);
      expect(after.connection).toEqual(before.connection);
      console.log(`  stored secret and connection unchanged (widget key ${after.connection.widget_key})`);
      await page.locator("dd code").filter({ hasText: stack().demo.widgetKey }).waitFor();
      await calendarCards(page).first().waitFor();
      console.log("  the settings page still shows the old widget key and loads the calendars with it");
      await screenshot(page, `wp-admin-wrong-site-key-${c.key === siteKeyWithWrongSecret ? "refused" : "malformed"}-1280`);
    });
  }
});

describe("Admin REST routes answer only an administrator with a nonce", () => {
  const routes = [
    { method: "GET", path: "status" },
    { method: "GET", path: "tours" },
    { method: "POST", path: "connect" },
    { method: "POST", path: "disconnect" },
  ] as const;

  async function callAll(visitor: VisitorPage, headers: Record<string, string>) {
    const request = visitor.context.request;
    const out: Record<string, { status: number; code: string }> = {};
    for (const r of routes) {
      const url = `${wordpressUrl()}/wp-json/lumaleasing/v1/${r.path}`;
      const res = r.method === "GET"
        ? await request.get(url, { headers })
        : await request.post(url, { headers, data: { calendarId: "00000000-0000-4000-8000-000000000000" } });
      const body = await res.json().catch(() => ({}));
      out[r.path] = { status: res.status(), code: String(body.code ?? "") };
    }
    return out;
  }

  test("nobody logged in: 401 from every route", async () => {
    console.log("checks: status, tours, connect, disconnect without any login → 401");
    const anonymous = await newVisitor(browser);
    try {
      const answers = await callAll(anonymous, {});
      console.log(`  ${JSON.stringify(answers)}`);
      for (const a of Object.values(answers)) expect(a.status).toBe(401);
    } finally {
      await anonymous.close();
    }
  });

  test("a subscriber: 403 with a valid nonce, 401 without one", async () => {
    console.log("checks: a subscriber-role user gets nothing from any route, nonce or not");
    const subscriber = await newVisitor(browser);
    try {
      await logIn(subscriber.page, subscriberLogin());
      const nonce = await restNonce(subscriber.page);
      const withNonce = await callAll(subscriber, { "X-WP-Nonce": nonce });
      console.log(`  with nonce: ${JSON.stringify(withNonce)}`);
      for (const a of Object.values(withNonce)) expect(a).toEqual({ status: 403, code: "rest_forbidden" });
      const without = await callAll(subscriber, {});
      console.log(`  without nonce: ${JSON.stringify(without)}`);
      for (const a of Object.values(without)) expect(a.status).toBe(401);
    } finally {
      await subscriber.close();
    }
  });

  test("an administrator: 401 without a nonce, 403 with a forged one, 200 with the real one", async () => {
    console.log("checks: an admin's cookies alone (a cross-site request) get 401; a bad nonce 403; the real nonce works");
    const admin = await newVisitor(browser);
    try {
      await logIn(admin.page, adminLogin());
      const without = await callAll(admin, {});
      console.log(`  without nonce: ${JSON.stringify(without)}`);
      for (const a of Object.values(without)) expect(a.status).toBe(401);
      const forged = await callAll(admin, { "X-WP-Nonce": "0123456789" });
      console.log(`  forged nonce: ${JSON.stringify(forged)}`);
      for (const a of Object.values(forged)) expect(a).toEqual({ status: 403, code: "rest_cookie_invalid_nonce" });
      // The control: the same routes do answer an administrator with the page's nonce.
      const nonce = await restNonce(admin.page);
      const status = await admin.context.request.get(`${wordpressUrl()}/wp-json/lumaleasing/v1/status`, { headers: { "X-WP-Nonce": nonce } });
      const body = await status.json();
      expect(status.status()).toBe(200);
      expect(body.calendars.map((c: { accountEmail: string }) => c.accountEmail)).toContain("pm@example.com");
      console.log(`  with the real nonce: status → 200, ${body.calendars.length} calendars`);
    } finally {
      await admin.close();
    }
  });
});

describe("No secret reaches a page", () => {
  const secrets = () => ({ "site secret": stack().demo.siteSecret, "site key": stack().demo.siteKey });

  test("the public demo page: neither its HTML nor the running widget holds the site secret or key", async () => {
    console.log("checks: the demo page's HTML, DOM, config and shadow roots hold the widget key but no secret");
    const raw = await (await fetch(demoPageUrl())).text();
    expect(raw).toContain(stack().demo.widgetKey);
    const visitor = await newVisitor(browser);
    try {
      await visitor.page.goto(demoPageUrl());
      await visitor.page.getByRole("textbox", { name: "Type your message" }).waitFor();
      const rendered = await visitor.page.evaluate(() => {
        const shadows = [...document.querySelectorAll("*")].map((el) => el.shadowRoot?.innerHTML ?? "").join("\n");
        return document.documentElement.outerHTML + shadows + JSON.stringify((window as { LumaLeasingConfig?: unknown }).LumaLeasingConfig);
      });
      const config = await visitor.page.evaluate(() => (window as { LumaLeasingConfig?: Record<string, unknown> }).LumaLeasingConfig);
      console.log(`  page config keys: ${Object.keys(config ?? {}).join(", ")}`);
      expect(Object.keys(config ?? {}).sort()).toEqual(["backend", "color", "greeting", "lang", "launcher", "position", "widgetKey"]);
      for (const [name, value] of Object.entries(secrets())) {
        expect(raw.includes(value), `${name} in the HTML`).toBe(false);
        expect(rendered.includes(value), `${name} in the rendered page`).toBe(false);
      }
      expect(raw).not.toMatch(/llss_|llsk_/);
      expect(rendered).not.toMatch(/llss_|llsk_/);
      console.log(`  HTML ${raw.length} bytes, rendered ${rendered.length} bytes: no llss_/llsk_ anywhere`);
    } finally {
      await visitor.close();
    }
  });

  test("the settings page shows the secret masked, never in full", async () => {
    console.log("checks: the admin's settings page holds neither the site secret nor the site key");
    const admin = await newVisitor(browser);
    try {
      await logIn(admin.page, adminLogin());
      await openSettings(admin.page);
      const html = await admin.page.content();
      for (const [name, value] of Object.entries(secrets())) expect(html.includes(value), `${name} on the settings page`).toBe(false);
      const masked = admin.page.locator("dd code").filter({ hasText: "••••••••" });
      expect((await masked.textContent())!.trim()).toBe("••••••••" + stack().demo.siteSecret.slice(-4));
      console.log(`  site secret shown as ${(await masked.textContent())!.trim()}`);
    } finally {
      await admin.close();
    }
  });
});

describe("Uninstall", () => {
  test("uninstall.php removes every option the plugin added (then the options are put back)", async () => {
    console.log(`checks: running uninstall.php as WordPress does removes ${OPTIONS.join(", ")} and anything else named lumaleasing`);
    // Deleting the plugin through the admin would delete its folder (the site links to the
    // repository's copy), so uninstall.php runs the way delete_plugins() runs it.
    const result = await phpWithWordPress(`
      global $wpdb;
      $names = ${JSON.stringify(OPTIONS).replace(/^\[/, "array(").replace(/\]$/, ")")};
      $like = '%' . $wpdb->esc_like('lumaleasing') . '%';
      $rows = $wpdb->get_results($wpdb->prepare("SELECT option_name, option_value, autoload FROM $wpdb->options WHERE option_name LIKE %s", $like), ARRAY_A);
      $out = array('before' => array(), 'after' => array());
      foreach ($names as $n) { $out['before'][$n] = false !== get_option($n); }
      try {
        include WP_PLUGIN_DIR . '/lumaleasing/uninstall.php';
        wp_cache_flush();
        foreach ($names as $n) { $out['after'][$n] = false !== get_option($n); }
        $out['leftover'] = $wpdb->get_col($wpdb->prepare("SELECT option_name FROM $wpdb->options WHERE option_name LIKE %s", $like));
        $out['capsGone'] = !get_role('administrator')->has_cap('lumaleasing_manage_tours') && !get_role('editor')->has_cap('lumaleasing_manage_tours');
      } finally {
        foreach ($rows as $row) { $wpdb->replace($wpdb->options, $row); }
        wp_cache_flush();
        // The Tours capability lives in the roles, not in an option: grant it back too.
        foreach (array('administrator', 'editor') as $r) { get_role($r)->add_cap('lumaleasing_manage_tours'); }
        $out['capsBack'] = get_role('administrator')->has_cap('lumaleasing_manage_tours');
        $out['restored'] = get_option('lumaleasing_site_secret') !== false && get_option('lumaleasing_connection') !== false;
      }
      echo "\\n" . json_encode($out);
    `, { WP_UNINSTALL_PLUGIN: "lumaleasing/lumaleasing.php" });
    console.log(`  before: ${JSON.stringify(result.before)}`);
    console.log(`  after uninstall: ${JSON.stringify(result.after)}, other lumaleasing options left: ${JSON.stringify(result.leftover)}`);
    for (const name of OPTIONS) {
      expect(result.before[name], `${name} existed before`).toBe(true);
      expect(result.after[name], `${name} after uninstall`).toBe(false);
    }
    expect(result.leftover).toEqual([]);
    expect(result.capsGone, "the Tours capability left administrators and editors").toBe(true);
    expect(result.restored).toBe(true);
    expect(result.capsBack).toBe(true);
    const back = await storedSecret();
    expect(back.secret).toBe(stack().demo.siteSecret);
    console.log("  the Tours capability was removed from administrators and editors; options and capability restored: the site still has its key");
  });
});
