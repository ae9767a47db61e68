// The OAuth half of the Google client against the test stack's emulator: the consent URL,
// the PKCE code exchange, userinfo, the account's time zone, refresh, revoke, and the
// OAuth errors our callers decide on (invalid_grant, 401).
import assert from "node:assert/strict";
import { googleControl } from "../../../../scripts/lib/test-support.ts";
import { calendarTimeZone } from "./google-calendar.ts";
import { GOOGLE_SCOPES } from "./google-config.ts";
import { authorizationUrl, exchangeCode, refreshAccessToken, revokeToken, userInfo } from "./google-oauth.ts";
import { consent, googleFailure, pkcePair, REDIRECT_URI, testAccount, testGoogleConfig, testOpts } from "./google-test-support.ts";

Deno.test("oauth: consent URL → PKCE code exchange → userinfo and time zone; refresh keeps the refresh token; revoke ends the grant", testOpts, async () => {
  const cfg = await testGoogleConfig();
  const email = `consent-${crypto.randomUUID().slice(0, 8)}@client.test`;
  await googleControl("accounts", { email, name: "Casey Lee", timeZone: "America/Phoenix" });
  const { verifier, challenge } = await pkcePair();
  const url = new URL(authorizationUrl(cfg, { redirectUri: REDIRECT_URI, state: "st-123", codeChallenge: challenge, loginHint: email }));
  assert.equal(url.searchParams.get("access_type"), "offline");
  assert.equal(url.searchParams.get("prompt"), "consent");
  assert.equal(url.searchParams.get("code_challenge_method"), "S256");
  assert.equal(url.searchParams.get("scope"), GOOGLE_SCOPES.join(" "));

  const back = await consent(url.href, email);
  assert.equal(back.searchParams.get("state"), "st-123");
  const code = back.searchParams.get("code")!;
  const now = new Date();
  const tokens = await exchangeCode(cfg, { code, codeVerifier: verifier, redirectUri: REDIRECT_URI, now });
  assert.ok(tokens.accessToken && tokens.refreshToken && tokens.idToken);
  assert.ok(Math.abs(tokens.expiresAt.getTime() - (now.getTime() + 3599_000)) < 2000, "expiry counted from our clock");
  assert.ok(tokens.scope?.includes("https://www.googleapis.com/auth/calendar.events"));
  console.log(`  consent for ${email}: code exchanged with its PKCE verifier, access + refresh + id token, expires in ~1 h`);

  const who = await userInfo(cfg, tokens.accessToken);
  assert.equal(who.email, email);
  assert.equal(who.name, "Casey Lee");
  assert.ok(who.sub);
  assert.equal(await calendarTimeZone(cfg, tokens.accessToken), "America/Phoenix");
  console.log(`  userinfo: ${who.email} "${who.name}" (sub ${who.sub}); settings/timezone: America/Phoenix`);

  const refreshed = await refreshAccessToken(cfg, tokens.refreshToken!, now);
  assert.notEqual(refreshed.accessToken, tokens.accessToken);
  assert.equal(refreshed.refreshToken, undefined, "Google sends no new refresh token on refresh");
  assert.equal(await calendarTimeZone(cfg, refreshed.accessToken), "America/Phoenix");
  console.log("  refresh: a new access token that works, no new refresh token");

  await revokeToken(cfg, tokens.refreshToken!);
  const dead = await googleFailure(refreshAccessToken(cfg, tokens.refreshToken!, now));
  assert.equal(dead.status, 400);
  assert.ok(dead.invalidGrant);
  assert.equal(dead.retryable, false);
  const unauthorized = await googleFailure(userInfo(cfg, refreshed.accessToken));
  assert.equal(unauthorized.status, 401);
  assert.ok(unauthorized.unauthorized);
  await revokeToken(cfg, tokens.refreshToken!); // already revoked: still fine
  console.log(`  revoke: refresh → ${dead.status} ${dead.reason}, the access token → 401 ${unauthorized.reason}; revoking twice is fine`);

  const replay = await googleFailure(exchangeCode(cfg, { code, codeVerifier: verifier, redirectUri: REDIRECT_URI, now }));
  assert.equal(replay.reason, "invalid_grant");
  assert.equal(replay.retryable, false);
  console.log(`  the same code again → ${replay.status} ${replay.reason} ("${replay.message}")`);
});

Deno.test("oauth: a wrong PKCE verifier or a removed grant → invalid_grant, a wrong client secret → invalid_client; none retryable", testOpts, async () => {
  const cfg = await testGoogleConfig();
  const account = await testAccount("grant");
  const { challenge } = await pkcePair();
  const back = await consent(authorizationUrl(cfg, { redirectUri: REDIRECT_URI, state: "s", codeChallenge: challenge }), account.email);
  const wrong = await googleFailure(
    exchangeCode(cfg, { code: back.searchParams.get("code")!, codeVerifier: "x".repeat(60), redirectUri: REDIRECT_URI, now: new Date() }),
  );
  assert.deepEqual([wrong.status, wrong.reason, wrong.retryable], [400, "invalid_grant", false]);
  console.log(`  wrong verifier → ${wrong.status} ${wrong.reason}: ${wrong.message}`);

  const badClient = await googleFailure(refreshAccessToken({ ...cfg, clientSecret: "not-the-secret" }, account.refreshToken, new Date()));
  assert.deepEqual([badClient.status, badClient.reason, badClient.retryable], [401, "invalid_client", false]);
  console.log(`  a wrong client secret → ${badClient.status} ${badClient.reason}`);

  await googleControl(`accounts/${encodeURIComponent(account.email)}/revoke-grants`, {});
  const removed = await googleFailure(refreshAccessToken(cfg, account.refreshToken, new Date()));
  assert.deepEqual([removed.status, removed.reason, removed.invalidGrant, removed.retryable], [400, "invalid_grant", true, false]);
  assert.match(removed.message, /Token has been expired or revoked/);
  console.log(`  access removed by the person → refresh ${removed.status} ${removed.reason}: ${removed.message}`);
});
