// The real local WordPress with the plugin, against a stand-in backend that checks the
// site secret: what pages carry, who may use the REST routes, and what reaches the backend.
import assert from "node:assert/strict";
import { startWordPress, type WordPressSite } from "./wordpress.ts";

const PROPERTY = "b1f3c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
const WIDGET_KEY = "llwk_test_widget_key_0001";
const SECRET = "llss_test_site_secret_do_not_print_7f3a";

function siteKey(url: string, secret = SECRET): string {
  const json = JSON.stringify({ v: 1, url, property: PROPERTY, widgetKey: WIDGET_KEY, secret });
  return "llsk_" + btoa(json).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

const installed = (() => {
  try {
    Deno.statSync("/usr/sbin/mariadbd");
    Deno.statSync("/usr/share/wordpress/wp-settings.php");
    return true;
  } catch {
    return false;
  }
})();

interface Seen {
  method: string;
  path: string;
  authorization: string | null;
  property: string | null;
  body: unknown;
}

/** A stand-in for the backend's admin endpoints that only answers the right secret. */
function startFakeBackend() {
  const seen: Seen[] = [];
  const server: Deno.HttpServer<Deno.NetAddr> = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req): Promise<Response> => {
    const url = new URL(req.url);
    const body = req.method === "POST" ? await req.json().catch(() => null) : null;
    seen.push({
      method: req.method,
      path: url.pathname + url.search,
      authorization: req.headers.get("authorization"),
      property: req.headers.get("x-lumaleasing-property"),
      body,
    });
    if (req.headers.get("authorization") !== `Bearer ${SECRET}` || req.headers.get("x-lumaleasing-property") !== PROPERTY) {
      return Response.json({ success: false, error: { code: "unauthorized", message: "unknown site secret" } }, {
        status: 401,
      });
    }
    const origin: string = `http://127.0.0.1:${server.addr.port}`;
    switch (`${req.method} ${url.pathname}`) {
      case "GET /functions/v1/lumaleasing/admin/verify":
        return Response.json({
          success: true,
          property: { id: PROPERTY, name: "Test Heights", timezone: "America/Chicago" },
        });
      case "GET /functions/v1/lumaleasing/calendar/status":
        return Response.json({
          success: true,
          calendars: [{
            id: "c0ffee00-0000-4000-8000-000000000001",
            accountEmail: "jane@example.com",
            tokenStatus: "expiring",
            lastHealthCheckAt: "2026-11-25T15:00:00Z",
            lastRefreshAt: null,
            timeZone: "America/Chicago",
            encryptedRefreshToken: "never-pass-this-on",
          }],
        });
      case "GET /functions/v1/lumaleasing/admin/tours":
        return Response.json({ success: true, timezone: "America/Chicago", tours: [] });
      case "POST /functions/v1/lumaleasing/admin/connect-ticket":
        return Response.json({ success: true, connectUrl: `${origin}/functions/v1/calendar/connect?ticket=t1` });
      case "POST /functions/v1/lumaleasing/calendar/disconnect":
        return Response.json({ success: true });
    }
    return Response.json({ success: false }, { status: 404 });
  });
  return { seen, server, url: `http://127.0.0.1:${server.addr.port}/functions/v1` };
}

/** A browser-like client: keeps cookies, never follows redirects by itself. */
class Browser {
  cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  async request(path: string, init: RequestInit = {}): Promise<{ status: number; text: string; location: string | null }> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(path.startsWith("http") ? path : this.base + path, { ...init, headers, redirect: "manual" });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, ...value] = pair.split("=");
      if (/expires=Thu, 01-Jan-1970|Max-Age=0/i.test(cookie)) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join("="));
    }
    return { status: res.status, text: await res.text(), location: res.headers.get("location") };
  }

  async logIn(user: string, password: string) {
    this.cookies.set("wordpress_test_cookie", "WP%20Cookie%20check");
    const res = await this.request("/wp-login.php", {
      method: "POST",
      body: new URLSearchParams({ log: user, pwd: password, testcookie: "1", redirect_to: `${this.base}/wp-admin/` }),
    });
    assert.equal(res.status, 302, `logging in as ${user} redirects (got ${res.status})`);
  }
}

function pageConfig(html: string, variable: string): Record<string, unknown> {
  const match = new RegExp(`window\\.${variable} = (\\{.*?\\});`).exec(html);
  assert.ok(match, `the page carries window.${variable}`);
  return JSON.parse(match[1]);
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

Deno.test({
  name: "local WordPress: plugin pages, REST permissions and the backend proxy",
  ignore: !installed,
  sanitizeResources: true,
  sanitizeOps: true,
}, async (t) => {
  const backend = startFakeBackend();
  const stateDir = await Deno.makeTempDir({ prefix: "lumaleasing-wp-test-" });
  const port = freePort();
  let site: WordPressSite | undefined;
  try {
    const started = Date.now();
    site = await startWordPress({ port, stateDir, siteKey: siteKey(backend.url), adminPassword: "admin-pass-123" });
    console.log(`  first start: ${Date.now() - started} ms`);
    const url = site.url;
    assert.equal(url, `http://127.0.0.1:${port}`);
    assert.equal(site.adminUser, "admin");
    assert.equal(site.adminPassword, "admin-pass-123");

    await t.step("the demo page carries the inline container and the public config, never the secret", async () => {
      const visitor = new Browser(url);
      const page = await visitor.request(new URL(site!.pageUrl).pathname);
      assert.equal(page.status, 200);
      assert.match(page.text, /<div class="lumaleasing-inline" data-lumaleasing-inline style="min-height:480px"><\/div>/);
      assert.match(page.text, /wp-content\/plugins\/lumaleasing\/assets\/lumaleasing\.js/);
      const config = pageConfig(page.text, "LumaLeasingConfig");
      assert.deepEqual(Object.keys(config).sort(), ["backend", "color", "greeting", "lang", "launcher", "position", "widgetKey"]);
      assert.equal(config.widgetKey, WIDGET_KEY);
      assert.equal(config.backend, backend.url);
      assert.equal(config.lang, "en-US");
      assert.ok(!page.text.includes(SECRET), "the secret is not on the page");

      const home = await visitor.request("/");
      assert.equal(home.status, 200);
      assert.equal(pageConfig(home.text, "LumaLeasingConfig").launcher, true, "the launcher goes on every page by default");
      assert.ok(!home.text.includes(SECRET));
    });

    const tour = "0b5c3f9e-1d2a-4e6b-8f7c-9a0b1c2d3e4f";
    const routes: [string, string][] = [["GET", "status"], ["GET", "tours"], ["POST", "connect"], ["POST", "disconnect"],
      // Admin → Tours' routes (the lumaleasing_manage_tours capability).
      ["GET", "office/tours"], ["POST", "office/tours"], ["GET", "office/slots"], ["GET", "office/agents"], ["GET", `office/tours/${tour}`],
      ["POST", `office/tours/${tour}/outcome`], ["POST", `office/tours/${tour}/cancel`], ["POST", `office/tours/${tour}/reschedule`],
      ["POST", `office/tours/${tour}/reassign`], ["POST", `office/tours/${tour}/notes`]];

    await t.step("REST routes answer 401 to visitors and to cookies without the nonce", async () => {
      const visitor = new Browser(url);
      for (const [method, route] of routes) {
        const res = await visitor.request(`/wp-json/lumaleasing/v1/${route}`, { method });
        assert.equal(res.status, 401, `${method} ${route} as a visitor`);
        assert.ok(!res.text.includes("jane@example.com"));
      }
      const admin = new Browser(url);
      await admin.logIn(site!.adminUser, site!.adminPassword);
      for (const [method, route] of routes) {
        const res = await admin.request(`/wp-json/lumaleasing/v1/${route}`, { method });
        assert.equal(res.status, 401, `${method} ${route} with the admin's cookie but no nonce`);
      }
      const wrongNonce = await admin.request("/wp-json/lumaleasing/v1/status", { headers: { "X-WP-Nonce": "0123456789" } });
      assert.equal(wrongNonce.status, 403);
    });

    await t.step("a subscriber with a valid nonce gets 403", async () => {
      const subscriber = new Browser(url);
      await subscriber.logIn(site!.subscriberUser, site!.subscriberPassword);
      const nonce = await subscriber.request("/wp-admin/admin-ajax.php?action=rest-nonce");
      assert.equal(nonce.status, 200);
      for (const [method, route] of routes) {
        const res = await subscriber.request(`/wp-json/lumaleasing/v1/${route}`, {
          method,
          headers: { "X-WP-Nonce": nonce.text.trim() },
        });
        assert.equal(res.status, 403, `${method} ${route} as a subscriber`);
      }
    });

    const admin = new Browser(url);
    await admin.logIn(site.adminUser, site.adminPassword);
    let settings = "";

    await t.step("the settings page renders for the admin with the secret masked", async () => {
      const res = await admin.request("/wp-admin/options-general.php?page=lumaleasing");
      assert.equal(res.status, 200);
      settings = res.text;
      assert.match(settings, /id="lumaleasing-admin-root"/);
      assert.match(settings, /Test Heights/, "the property name the backend gave");
      assert.match(settings, /••••••••7f3a/, "only the secret's last four characters");
      assert.ok(!settings.includes(SECRET), "the secret is not printed");
      const config = pageConfig(settings, "LumaLeasingAdminConfig");
      assert.equal(config.restUrl, `${url}/wp-json/lumaleasing/v1/`);
      assert.equal(config.connected, true);
    });

    await t.step("with the nonce, the routes reach the backend with the secret and pass on only known fields", async () => {
      const nonce = String(pageConfig(settings, "LumaLeasingAdminConfig").nonce);
      const headers = { "X-WP-Nonce": nonce, "Content-Type": "application/json" };
      backend.seen.length = 0;

      const status = await admin.request("/wp-json/lumaleasing/v1/status", { headers });
      assert.equal(status.status, 200);
      const calendars = JSON.parse(status.text).calendars;
      assert.equal(calendars[0].accountEmail, "jane@example.com");
      assert.equal(calendars[0].tokenStatus, "expiring");
      assert.ok(!status.text.includes("never-pass-this-on"));

      const tours = await admin.request("/wp-json/lumaleasing/v1/tours?days=14", { headers });
      assert.equal(tours.status, 200);

      const connect = await admin.request("/wp-json/lumaleasing/v1/connect", { method: "POST", headers, body: "{}" });
      assert.equal(connect.status, 200);
      assert.equal(JSON.parse(connect.text).connectUrl, `${new URL(backend.url).origin}/functions/v1/calendar/connect?ticket=t1`);

      const disconnect = await admin.request("/wp-json/lumaleasing/v1/disconnect", {
        method: "POST",
        headers,
        body: JSON.stringify({ calendarId: "c0ffee00-0000-4000-8000-000000000001" }),
      });
      assert.equal(disconnect.status, 200);
      const badId = await admin.request("/wp-json/lumaleasing/v1/disconnect", {
        method: "POST",
        headers,
        body: JSON.stringify({ calendarId: "../../etc/passwd" }),
      });
      assert.equal(badId.status, 400, "a malformed calendar id is refused before reaching the backend");
      const badDays = await admin.request("/wp-json/lumaleasing/v1/tours?days=400", { headers });
      assert.equal(badDays.status, 400);

      assert.deepEqual(backend.seen.map((s) => `${s.method} ${s.path}`), [
        "GET /functions/v1/lumaleasing/calendar/status",
        "GET /functions/v1/lumaleasing/admin/tours?days=14",
        "POST /functions/v1/lumaleasing/admin/connect-ticket",
        "POST /functions/v1/lumaleasing/calendar/disconnect",
      ]);
      for (const s of backend.seen) {
        assert.equal(s.authorization, `Bearer ${SECRET}`);
        assert.equal(s.property, PROPERTY);
      }
      const ticket = backend.seen[2].body as Record<string, unknown>;
      assert.equal(ticket.wpUserEmail, "admin@example.test");
      assert.equal(typeof ticket.wpUserId, "number");
      assert.equal(ticket.returnUrl, site!.settingsUrl);
      assert.deepEqual(backend.seen[3].body, { calendarId: "c0ffee00-0000-4000-8000-000000000001" });
    });

    await t.step("a site key the backend refuses is reported and the old one kept", async () => {
      const formNonce = /name="_wpnonce" value="([0-9a-f]+)"/.exec(settings)?.[1];
      assert.ok(formNonce, "the settings form has its nonce");
      const save = await admin.request("/wp-admin/options.php", {
        method: "POST",
        body: new URLSearchParams({
          option_page: "lumaleasing",
          action: "update",
          _wpnonce: formNonce,
          _wp_http_referer: "/wp-admin/options-general.php?page=lumaleasing",
          "lumaleasing_connection[site_key]": siteKey(backend.url, "llss_a_wrong_secret_0000000000"),
          "lumaleasing_settings[placement]": "everywhere",
          "lumaleasing_settings[greeting]": "Hello!",
          "lumaleasing_settings[color]": "#336699",
          "lumaleasing_settings[position]": "bottom-right",
        }),
      });
      assert.equal(save.status, 302);
      const after = await admin.request(new URL(save.location!, url).pathname + new URL(save.location!, url).search);
      assert.match(after.text, /That site key was not accepted by the backend/);
      assert.match(after.text, /••••••••7f3a/, "the old secret is still the one in use");
      assert.ok(!after.text.includes("llss_a_wrong_secret"));
      const page = await new Browser(url).request("/");
      assert.equal(pageConfig(page.text, "LumaLeasingConfig").color, "#336699", "display settings were saved");
    });

    await t.step("the outcome of Google's consent is shown escaped", async () => {
      const res = await admin.request(
        "/wp-admin/options-general.php?page=lumaleasing&lumaleasing_calendar=connected&account=" +
          encodeURIComponent("jane@example.com<script>alert(1)</script>"),
      );
      assert.match(res.text, /Google Calendar connected for jane@example.com/);
      assert.ok(!res.text.includes("<script>alert(1)</script>"));
    });

    await site.stop();
    site = undefined;
    assert.ok(portFree(port), "the port is free after stop()");

    await t.step("starting again on the same state directory reuses it", async () => {
      const again = Date.now();
      site = await startWordPress({ port, stateDir });
      const took = Date.now() - again;
      console.log(`  second start: ${took} ms`);
      assert.ok(took < 15_000, `restart took ${took} ms`);
      assert.equal(site.adminPassword, "admin-pass-123", "the password given before is kept");
      const page = await new Browser(site.url).request("/schedule-a-tour/");
      assert.equal(page.status, 200);
      assert.equal(pageConfig(page.text, "LumaLeasingConfig").widgetKey, WIDGET_KEY);
    });
  } finally {
    await site?.stop();
    await backend.server.shutdown();
    await Deno.remove(stateDir, { recursive: true }).catch(() => {});
  }
});

function portFree(port: number): boolean {
  try {
    Deno.listen({ hostname: "127.0.0.1", port }).close();
    return true;
  } catch {
    return false;
  }
}
