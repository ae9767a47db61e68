// The emulator's own pages and control API: home page, consent page markup, clock, reset, htmlLink.
import assert from "node:assert/strict";
import { checks, clientId, startTestEmulator, type TestEmulator } from "./test-support.ts";

async function withEmulator(fn: (emulator: TestEmulator) => Promise<void>) {
  const emulator = await startTestEmulator(new Date("2025-03-03T15:00:00Z"), true);
  try {
    await fn(emulator);
  } finally {
    await emulator.close();
  }
}

Deno.test("home page shows each account's calendar by day and refreshes when events change", async () => {
  checks("GET / lists both demo agents with today's events; ?fragment=1 reports a new version after a change");
  await withEmulator(async (emulator) => {
    await emulator.control("POST", "seed-demo");
    const page = await (await fetch(`${emulator.url}/`)).text();
    assert.match(page, /<html lang="en">/);
    assert.match(page, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
    assert.match(page, /Pat Morgan/);
    assert.match(page, /Alex Rivera/);
    assert.match(page, /Monday, March 3 \(today\)/);
    assert.match(page, /Leasing team stand-up/);
    assert.match(page, /9:00 AM – 9:30 AM/, "times are shown in the account's zone");
    assert.match(page, /class="badge free">free</, "transparent events are marked");
    assert.match(page, /aria-pressed="false">Pause auto-refresh/);

    const before = await (await fetch(`${emulator.url}/?fragment=1`)).json();
    const created = await emulator.control<{ id: string; htmlLink: string }>(
      "POST",
      "calendars/pm@example.com/events",
      {
        summary: "Tour: Sam Park",
        start: { dateTime: "2025-03-03T14:00:00-06:00" },
        end: { dateTime: "2025-03-03T14:30:00-06:00" },
        attendees: [{ email: "sam@example.net", displayName: "Sam Park" }],
      },
    );
    const after = await (await fetch(`${emulator.url}/?fragment=1`)).json();
    assert.notEqual(after.version, before.version);
    assert.match(after.html, /Tour: Sam Park/);
    assert.match(after.html, /Sam Park &lt;sam@example.net&gt; — needsAction/);

    const link = await fetch(created.htmlLink, { redirect: "manual" });
    await link.body?.cancel();
    assert.equal(link.headers.get("location"), `/#event-${created.id}`);
  });
});

Deno.test("consent page: every control is labelled; unknown clients and bad requests get an error page", async () => {
  checks(
    "radios and the email field have labels; Allow and Deny are buttons; missing scope and unknown client show errors",
  );
  await withEmulator(async (emulator) => {
    await emulator.control("POST", "seed-demo");
    const client = emulator.oauthClient();
    const page = await (await fetch(client.generateAuthUrl({ scope: ["openid", "email"] }))).text();
    const ids = [...page.matchAll(/<input[^>]*\sid="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(ids.length >= 4, "two accounts, 'another account', and the email field");
    for (const id of ids) assert.match(page, new RegExp(`<label for="${id}">`), `input ${id} has a label`);
    assert.match(page, /<legend>Account<\/legend>/);
    assert.match(page, /value="pm@example.com" checked/, "pm@example.com is the default choice");
    assert.match(page, /<button type="submit" class="deny" name="decision" value="deny">Deny<\/button>/);

    const noScope = await fetch(
      `${emulator.url}/o/oauth2/v2/auth?client_id=${clientId}&redirect_uri=${
        encodeURIComponent("http://localhost:3000/cb")
      }&response_type=code`,
    );
    assert.equal(noScope.status, 400);
    assert.match(await noScope.text(), /Missing required parameter: scope/);
    const unknown = await fetch(
      `${emulator.url}/o/oauth2/v2/auth?client_id=nope&redirect_uri=http://localhost/cb&response_type=code&scope=openid`,
    );
    assert.equal(unknown.status, 401);
    assert.match(await unknown.text(), /invalid_client/);

    const typed = await fetch(client.generateAuthUrl({ scope: ["openid"] }));
    const requestId = /name="request" value="([^"]+)"/.exec(await typed.text())![1];
    const decision = await fetch(`${emulator.url}/o/oauth2/v2/auth/decision`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({
        request: requestId,
        account: "__other__",
        other_email: "new.agent@example.com",
        decision: "allow",
      }),
    });
    await decision.body?.cancel();
    assert.equal(decision.status, 302);
    const accounts = await emulator.control<{ email: string; name: string }[]>("GET", "accounts");
    assert.ok(
      accounts.some((a) => a.email === "new.agent@example.com" && a.name === "New Agent"),
      "typed account created",
    );
  });
});

Deno.test("control API: clock, reset, accounts", async () => {
  checks(
    "GET/POST /__control/clock reads, advances and pins the clock; reset clears accounts but keeps the default client",
  );
  await withEmulator(async (emulator) => {
    assert.deepEqual(await emulator.control("GET", "clock"), {
      now: "2025-03-03T15:00:00.000Z",
      frozen: true,
      settable: true,
    });
    await emulator.control("POST", "clock", { advanceMs: 3600_000 });
    assert.equal(emulator.clock.now().toISOString(), "2025-03-03T16:00:00.000Z");
    const pinned = await emulator.control<{ now: string; frozen: boolean }>("POST", "clock", {
      now: "2025-06-01T12:00:00Z",
      frozen: true,
    });
    assert.deepEqual(pinned, { now: "2025-06-01T12:00:00.000Z", frozen: true, settable: true });

    await emulator.control("POST", "seed-demo");
    const bad = await fetch(`${emulator.url}/__control/accounts`, {
      method: "POST",
      body: JSON.stringify({ email: "x@example.com", timeZone: "Nowhere/Place" }),
    });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error.field, "timeZone");
    await emulator.control("POST", "reset");
    assert.deepEqual(await emulator.control("GET", "accounts"), []);
    const clients = await emulator.control<{ clientId: string; allowLoopbackRedirects: boolean }[]>("GET", "clients");
    assert.deepEqual(clients.map((c) => [c.clientId, c.allowLoopbackRedirects]), [[
      "lumaleasing-local.apps.googleusercontent.com",
      true,
    ]]);
  });
});
