// How the Google client fails: Google's error bodies read into status, reason and
// "retry or not"; 429, 503 and 403 rate limits retried by withGoogleRetry (faults injected
// in the test stack's emulator); a call that hangs ends at its timeout; and an answer that
// is not what Google documents (served by a small local server) is refused, not guessed at.
import assert from "node:assert/strict";
import { calendarTimeZone, listEvents, queryFreeBusy } from "./google-calendar.ts";
import { googleErrorFromResponse, isRetryableGoogleStatus, toGoogleError, withGoogleRetry } from "./google-error.ts";
import { refreshAccessToken, userInfo } from "./google-oauth.ts";
import {
  clearGoogleFaults,
  eventsPath,
  googleFailure,
  injectGoogleFault,
  loggedStatuses,
  testAccount,
  testGoogleConfig,
  testOpts,
} from "./google-test-support.ts";

Deno.test("errors: Google's two error dialects read into status, reason and whether to retry", () => {
  const oauth = googleErrorFromResponse(400, JSON.stringify({ error: "invalid_grant", error_description: "Token has been expired or revoked." }), "token");
  assert.deepEqual([oauth.status, oauth.reason, oauth.invalidGrant, oauth.retryable], [400, "invalid_grant", true, false]);
  assert.equal(oauth.message, "token: Token has been expired or revoked.");
  const api = googleErrorFromResponse(
    403,
    JSON.stringify({ error: { code: 403, message: "Rate Limit Exceeded", errors: [{ domain: "usageLimits", reason: "userRateLimitExceeded" }] } }),
    "freeBusy.query",
  );
  assert.deepEqual([api.status, api.reason, api.retryable], [403, "userRateLimitExceeded", true]);
  const forbidden = googleErrorFromResponse(403, JSON.stringify({ error: { code: 403, message: "Forbidden", errors: [{ reason: "forbidden" }] } }), "x");
  assert.equal(forbidden.retryable, false);
  const gateway = googleErrorFromResponse(502, "<html>Bad Gateway</html>", "events.list");
  assert.deepEqual([gateway.reason, gateway.retryable], ["http_502", true]);
  assert.match(gateway.message, /Bad Gateway/);
  const statusOnly = googleErrorFromResponse(404, JSON.stringify({ error: { code: 404, message: "Not Found", status: "NOT_FOUND" } }), "x");
  assert.equal(statusOnly.reason, "NOT_FOUND");
  for (const [status, reason, retry] of [[0, "network_error", true], [408, "", true], [429, "rateLimitExceeded", true], [500, "backendError", true],
    [503, "", true], [403, "quotaExceeded", true], [403, "rateLimitExceeded", true], [400, "badRequest", false], [401, "authError", false],
    [404, "notFound", false], [409, "duplicate", false], [410, "fullSyncRequired", false], [412, "conditionNotMet", false]] as const) {
    assert.equal(isRetryableGoogleStatus(status, reason), retry, `${status} ${reason}`);
  }
  const timeout = toGoogleError(new DOMException("Signal timed out.", "TimeoutError"), "events.get");
  assert.deepEqual([timeout.status, timeout.reason, timeout.retryable], [0, "timeout", true]);
  console.log("  OAuth {error, error_description} and API {error:{errors:[{reason}]}} bodies, HTML error pages, the retry table and timeouts");
});

Deno.test("retry: a 429 and a 503 are retried to success; a 403 rate limit too; an error Google means is not retried", testOpts, async () => {
  const cfg = await testGoogleConfig();
  const agent = await testAccount("retry");
  const path = eventsPath(agent.email);
  const list = (timeoutMs: number) => listEvents(cfg, { accessToken: agent.accessToken, calendarId: agent.email, timeoutMs });
  try {
    await injectGoogleFault({ path, status: 429 });
    const once = await googleFailure(list(5000));
    assert.deepEqual([once.status, once.reason, once.retryable], [429, "rateLimitExceeded", true]);
    console.log(`  without retry: ${once.status} ${once.reason} (${once.message}), retryable`);

    for (const fault of [{ status: 429 }, { status: 503 }, { status: 403, reason: "userRateLimitExceeded" }]) {
      await injectGoogleFault({ path, ...fault });
      const res = await withGoogleRetry(list, { deadlineMs: 3000, baseDelayMs: 20 });
      assert.deepEqual(res.items, []);
    }
    await injectGoogleFault({ path, status: 503, count: 10 });
    const exhausted = await googleFailure(withGoogleRetry(list, { deadlineMs: 3000, attempts: 3, baseDelayMs: 10 }));
    assert.equal(exhausted.status, 503);
    await clearGoogleFaults();
    assert.deepEqual(await loggedStatuses(path), [429, 429, 200, 503, 200, 403, 200, 503, 503, 503]);
    console.log("  with retry: 429 → 200, 503 → 200, 403 userRateLimitExceeded → 200; 503 ×3 gives up after 3 attempts");

    await injectGoogleFault({ path, status: 404, reason: "notFound" });
    const notFound = await googleFailure(withGoogleRetry(list, { deadlineMs: 3000, baseDelayMs: 10 }));
    assert.equal(notFound.status, 404);
    const statuses = await loggedStatuses(path);
    assert.equal(statuses.at(-1), 404);
    assert.equal(statuses.length, 11, "a 404 is asked once");
    console.log("  a 404 is not retried: one call");
  } finally {
    await clearGoogleFaults();
  }
});

Deno.test("timeout: a call Google does not answer ends at its timeout as a retryable error", testOpts, async () => {
  const cfg = await testGoogleConfig();
  const agent = await testAccount("slow");
  try {
    await injectGoogleFault({ path: eventsPath(agent.email), hangMs: 5000 });
    const started = performance.now();
    const err = await googleFailure(listEvents(cfg, { accessToken: agent.accessToken, calendarId: agent.email, timeoutMs: 300 }));
    const took = performance.now() - started;
    assert.deepEqual([err.status, err.reason, err.retryable], [0, "timeout", true]);
    assert.ok(took >= 280 && took < 2000, `ended after ${took.toFixed(0)} ms`);
    console.log(`  a hung events.list ended after ${took.toFixed(0)} ms (timeout 300 ms): ${err.message}`);

    await injectGoogleFault({ path: "/calendar/v3/freeBusy", hangMs: 5000 });
    const t0 = performance.now();
    const busy = await withGoogleRetry((timeoutMs) =>
      queryFreeBusy(cfg, agent.accessToken, { calendarIds: [agent.email], timeMin: new Date(), timeMax: new Date(Date.now() + 3_600_000), timeoutMs }), {
      deadlineMs: 1500,
      baseDelayMs: 10,
    }).catch((e) => e);
    const elapsed = performance.now() - t0;
    // The first attempt uses the whole deadline; nothing is left to try again.
    assert.equal(busy.reason, "timeout");
    assert.ok(elapsed < 2500, `within the deadline: ${elapsed.toFixed(0)} ms`);
    console.log(`  withGoogleRetry's deadline bounds a hung freeBusy: failed after ${elapsed.toFixed(0)} ms (deadline 1500 ms)`);
  } finally {
    await clearGoogleFaults();
  }
});

Deno.test("answers not in Google's shape are refused: a JSON body that fails its schema, a non-JSON body, a token answer without a token", testOpts, async () => {
  // By path, or by path and access token when the token picks a variant.
  const answers: Record<string, () => Response> = {
    "/calendar/v3/users/me/settings/timezone": () => Response.json({ kind: "calendar#setting", id: "timezone", value: 42 }),
    "/calendar/v3/users/me/settings/timezone newer-google": () =>
      Response.json({ kind: "calendar#setting", etag: '"e1"', id: "timezone", value: "America/Denver", labels: { new: true } }),
    "/calendar/v3/calendars/a%40b.test/events": () => Response.json({ kind: "calendar#events", items: "none" }),
    "/v1/userinfo": () => new Response("<html>Sign in</html>", { headers: { "content-type": "text/html" } }),
    "/token": () => Response.json({ token_type: "Bearer", expires_in: 3599 }),
  };
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async (req) => {
    await req.body?.cancel();
    const path = new URL(req.url).pathname;
    const token = req.headers.get("authorization")?.replace(/^Bearer /, "");
    const answer = answers[`${path} ${token}`] ?? answers[path];
    return answer ? answer() : new Response("not here", { status: 404 });
  });
  try {
    const cfg = await testGoogleConfig(`http://127.0.0.1:${server.addr.port}`);
    const setting = await googleFailure(calendarTimeZone(cfg, "token"));
    assert.deepEqual([setting.status, setting.reason, setting.retryable], [200, "invalid_response", false]);
    assert.match(setting.message, /settings\.get: unexpected answer at value/);
    const list = await googleFailure(listEvents(cfg, { accessToken: "token", calendarId: "a@b.test" }));
    assert.deepEqual([list.reason, list.retryable], ["invalid_response", false]);
    assert.match(list.message, /at items/);
    const html = await googleFailure(userInfo(cfg, "token"));
    assert.deepEqual([html.reason, html.retryable], ["invalid_response", true]);
    const token = await googleFailure(refreshAccessToken(cfg, "refresh", new Date()));
    assert.match(token.message, /at access_token/);
    console.log(`  "${setting.message}"; "${list.message}"; "${html.message}"; "${token.message}"`);

    // Fields Google adds (or we do not read) are welcome: only what we read is checked.
    assert.equal(await calendarTimeZone(cfg, "newer-google"), "America/Denver");
    console.log("  an answer with fields we do not know passes");
  } finally {
    await server.shutdown();
  }
});
