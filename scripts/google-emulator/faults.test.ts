// Fault injection, latency and the request log, seen through the real clients.
import assert from "node:assert/strict";
import type { calendar_v3 } from "@googleapis/calendar";
import { gaxios, type OAuth2Client } from "google-auth-library";
import { checks, connect, startTestEmulator, type TestEmulator } from "./test-support.ts";

async function withApi(
  fn: (emulator: TestEmulator, api: calendar_v3.Calendar, client: OAuth2Client) => Promise<void>,
) {
  const emulator = await startTestEmulator();
  try {
    await emulator.control("POST", "seed-demo");
    const { client } = await connect(emulator);
    await emulator.control("DELETE", "requests");
    await fn(emulator, emulator.calendarApi(client), client);
  } finally {
    await emulator.close();
  }
}

const freeBusyBody = {
  timeMin: "2025-03-03T00:00:00Z",
  timeMax: "2025-03-04T00:00:00Z",
  items: [{ id: "primary" }],
};

async function caught(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof gaxios.GaxiosError, `expected GaxiosError, got ${error}`);
    return error;
  }
  throw new Error("expected the call to fail");
}

Deno.test("the next 2 calls fail with 503, then calls succeed; errors parse in the client", async () => {
  checks("POST freeBusy (not retried by the client) fails twice with 503 backendError, then succeeds");
  checks("GET settings is retried by the client through two 503s and succeeds; counters and the log show every call");
  await withApi(async (emulator, api) => {
    await emulator.control("POST", "faults", { path: "/calendar/v3/freeBusy", method: "POST", count: 2, status: 503 });
    for (let i = 0; i < 2; i++) {
      const error = await caught(api.freebusy.query({ requestBody: freeBusyBody }));
      assert.equal(error.status, 503);
      assert.equal(error.code, 503);
      const body = error.response!.data as { error: { errors: { reason: string; domain: string }[]; code: number } };
      assert.equal(body.error.errors[0].reason, "backendError");
      assert.equal(body.error.code, 503);
    }
    assert.equal((await api.freebusy.query({ requestBody: freeBusyBody })).status, 200);

    await emulator.control("POST", "faults", { path: "/calendar/v3/users/me/settings", count: 2, status: 503 });
    const setting = await api.settings.get({ setting: "timezone" });
    assert.equal(setting.data.value, "America/Chicago");
    const counters = await emulator.control<Record<string, number>>("GET", "counters");
    assert.equal(counters["POST /calendar/v3/freeBusy"], 3);
    assert.equal(counters["GET /calendar/v3/users/me/settings/timezone"], 3);
    const log = await emulator.control<{ status: number; headers: Record<string, string> }[]>(
      "GET",
      "requests?path=/calendar/v3/users/me/settings",
    );
    assert.deepEqual(log.map((r) => r.status), [503, 503, 200]);
    assert.match(log[0].headers.authorization, /^Bearer ya29\.emu…[\w-]{4}$/, "tokens are shortened in the log");
    assert.ok(log[0].headers["x-goog-api-client"], "client headers are recorded");
    assert.deepEqual(await emulator.control("GET", "faults"), [], "used-up faults are gone");
  });
});

Deno.test("rate limits: 403 rateLimitExceeded / userRateLimitExceeded and 429 carry Google's bodies", async () => {
  checks("injected 403s and 429 reach the client as GaxiosError with code and errors[0].reason/domain");
  await withApi(async (emulator, api) => {
    await emulator.control("POST", "faults", {
      pathRegex: "^/calendar/v3/calendars/[^/]+/events$",
      method: "POST",
      status: 403,
      reason: "rateLimitExceeded",
    });
    await emulator.control("POST", "faults", {
      pathRegex: "^/calendar/v3/calendars/[^/]+/events$",
      method: "POST",
      status: 403,
      reason: "userRateLimitExceeded",
    });
    const event = {
      start: { dateTime: "2025-03-05T10:00:00-06:00" },
      end: { dateTime: "2025-03-05T10:30:00-06:00" },
    };
    for (const reason of ["rateLimitExceeded", "userRateLimitExceeded"]) {
      const error = await caught(api.events.insert({ calendarId: "primary", requestBody: event }));
      const detail =
        (error.response!.data as { error: { errors: { reason: string; domain: string }[] } }).error.errors[0];
      assert.deepEqual([error.status, error.code, detail.reason, detail.domain], [403, 403, reason, "usageLimits"]);
    }
    await emulator.control("POST", "faults", { path: "/calendar/v3/freeBusy", status: 429, count: 1 });
    const limited = await caught(api.freebusy.query({ requestBody: freeBusyBody }));
    assert.equal(limited.status, 429);
    assert.equal((await api.events.insert({ calendarId: "primary", requestBody: event })).status, 200);
  });
});

Deno.test("hangs, latency and token endpoint faults", async () => {
  checks("a hung call times out in the client and the next call is served at once");
  checks("global latency delays every call; the token endpoint's 503s are retried by OAuth2Client");
  await withApi(async (emulator, api, client) => {
    await emulator.control("POST", "faults", { path: "/calendar/v3/freeBusy", hangMs: 1500, count: 1 });
    const started = performance.now();
    const error = await caught(api.freebusy.query({ requestBody: freeBusyBody }, { timeout: 200, retry: false }));
    assert.ok(performance.now() - started < 1000, "the client gave up after its timeout");
    assert.equal(error.response, undefined, "no answer arrived");
    const quick = performance.now();
    assert.equal((await api.freebusy.query({ requestBody: freeBusyBody })).status, 200);
    assert.ok(performance.now() - quick < 500);

    await emulator.control("POST", "faults", { path: "/calendar/v3/freeBusy", hangMs: 200, status: 500 });
    const slowFail = performance.now();
    const failed = await caught(api.freebusy.query({ requestBody: freeBusyBody }));
    assert.equal(failed.status, 500);
    assert.ok(performance.now() - slowFail >= 190, "hang then fail");

    await emulator.control("POST", "latency", { ms: 250 });
    const delayed = performance.now();
    await api.settings.get({ setting: "timezone" });
    assert.ok(performance.now() - delayed >= 240, "latency applied");
    await emulator.control("POST", "latency", { ms: 0 });

    await emulator.control("POST", "faults", { path: "/token", status: 503, count: 2 });
    client.setCredentials({ refresh_token: client.credentials.refresh_token });
    const refreshed = await client.getAccessToken();
    assert.ok(refreshed.token);
    const tokenCalls = await emulator.control<{ status: number }[]>("GET", "requests?path=/token");
    assert.deepEqual(tokenCalls.map((r) => r.status), [503, 503, 200]);
  });
});

Deno.test("control API refuses malformed faults with a machine-readable error", async () => {
  checks("a fault without path, or with a bad status, is a 400 naming the field");
  await withApi(async (emulator) => {
    for (
      const [body, field] of [[{ status: 503 }, "path"], [{ path: "/x", status: 200 }, "status"], [
        { path: "/x" },
        "status",
      ]] as const
    ) {
      const response = await fetch(`${emulator.url}/__control/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      assert.equal(response.status, 400);
      const answer = await response.json();
      assert.deepEqual([answer.error.code, answer.error.field], ["invalid_input", field]);
    }
  });
});
