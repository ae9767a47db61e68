// OAuth against the emulator with the real google-auth-library client.
import assert from "node:assert/strict";
import { ClientAuthentication, gaxios, type OAuth2Client } from "google-auth-library";
import {
  calendarScopes,
  checks,
  clientId,
  connect,
  passConsent,
  redirectUri,
  startTestEmulator,
  type TestEmulator,
} from "./test-support.ts";

const day = 86_400_000;

async function withEmulator(fn: (emulator: TestEmulator) => Promise<void>, start?: Date, frozen?: boolean) {
  const emulator = await startTestEmulator(start, frozen);
  try {
    await emulator.control("POST", "seed-demo");
    await fn(emulator);
  } finally {
    await emulator.close();
  }
}

/** The OAuth error a GaxiosError carries: status and the `error` field of Google's body. */
async function oauthFailure(
  promise: Promise<unknown>,
): Promise<{ status: number; error: string; description: string }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof gaxios.GaxiosError, `expected a GaxiosError, got ${error}`);
    const data = error.response?.data as { error: string; error_description: string };
    return { status: error.response!.status, error: data.error, description: data.error_description };
  }
  throw new Error("expected the call to fail");
}

/** A refresh with the real client, as the app does it. */
async function refreshWith(client: OAuth2Client, refreshToken: string) {
  client.setCredentials({ refresh_token: refreshToken });
  const { credentials } = await client.refreshAccessToken();
  return { tokens: credentials };
}

/** The token endpoint's answer exactly as sent (the client rewrites the object it returns). */
async function rawRefresh(emulator: TestEmulator, refreshToken: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${emulator.url}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: refreshToken,
      client_id: clientId,
      client_secret: "local-client-secret",
    }),
  });
  assert.equal(response.status, 200);
  return await response.json();
}

Deno.test("code flow with PKCE S256: consent page, code exchange, id_token, userinfo", async () => {
  checks("the real OAuth2Client completes the code flow with PKCE S256 through the consent page");
  checks("the token answer has Google's fields, a verifiable id_token, and userinfo answers for the account");
  await withEmulator(
    async (emulator) => {
      const client = emulator.oauthClient();
      const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
      const authUrl = client.generateAuthUrl({
        access_type: "offline",
        scope: calendarScopes,
        state: "opaque-state-123",
        code_challenge: codeChallenge,
        code_challenge_method: "S256" as never,
        login_hint: "agent2@example.com",
      });
      assert.ok(authUrl.startsWith(`${emulator.url}/o/oauth2/v2/auth?`));
      const page = await (await fetch(authUrl)).text();
      assert.match(page, /<label for="other-email">/, "the typed-account input has a label");
      assert.match(page, /<button type="submit" class="allow" name="decision" value="allow">Allow<\/button>/);
      assert.match(page, /id="account-\d" value="agent2@example.com" checked/, "login_hint preselects the account");

      const back = await passConsent(authUrl, { email: "agent2@example.com" });
      assert.equal(`${back.origin}${back.pathname}`, redirectUri);
      assert.equal(back.searchParams.get("state"), "opaque-state-123");
      const code = back.searchParams.get("code")!;

      const before = Date.now();
      const { tokens } = await client.getToken({ code, codeVerifier });
      const raw = tokens as Record<string, unknown>;
      assert.equal(tokens.token_type, "Bearer");
      // The client turns expires_in (3599) into expiry_date.
      assert.ok(Math.abs(tokens.expiry_date! - (before + 3599_000)) < 2000, "expires_in is 3599 seconds");
      assert.ok(String(tokens.scope).includes("https://www.googleapis.com/auth/calendar.events"));
      assert.ok(
        String(tokens.scope).includes("https://www.googleapis.com/auth/userinfo.email"),
        "email → full scope URL",
      );
      assert.ok(tokens.refresh_token, "offline first consent gives a refresh token");
      assert.equal(raw.refresh_token_expires_in, undefined, "not a testing app: no refresh expiry");

      const ticket = await client.verifyIdToken({ idToken: tokens.id_token!, audience: clientId });
      const payload = ticket.getPayload()!;
      assert.equal(payload.email, "agent2@example.com");
      assert.equal(payload.iss, "https://accounts.google.com");
      assert.equal(payload.aud, clientId);
      assert.equal(payload.exp - payload.iat, 3599);

      client.setCredentials(tokens);
      const info = await client.request<Record<string, unknown>>({ url: `${emulator.url}/v1/userinfo` });
      assert.deepEqual(
        { email: info.data.email, name: info.data.name, verified: info.data.email_verified, sub: info.data.sub },
        { email: "agent2@example.com", name: "Alex Rivera", verified: true, sub: payload.sub },
      );
      const tokenInfo = await client.getTokenInfo(tokens.access_token!);
      assert.equal(tokenInfo.email, "agent2@example.com");
      assert.ok(tokenInfo.scopes.includes("https://www.googleapis.com/auth/calendar.freebusy"));
    },
    new Date(),
    false,
  );
});

Deno.test("PKCE: a wrong verifier is refused; plain challenges work too", async () => {
  checks("a wrong code_verifier → 400 invalid_grant and the code stays usable with the right one");
  checks("a missing verifier is refused; code_challenge_method=plain is honoured");
  await withEmulator(async (emulator) => {
    const client = emulator.oauthClient();
    const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
    const url = client.generateAuthUrl({
      scope: calendarScopes,
      code_challenge: codeChallenge,
      code_challenge_method: "S256" as never,
    });
    const code = (await passConsent(url)).searchParams.get("code")!;
    const wrong = await oauthFailure(client.getToken({ code, codeVerifier: "x".repeat(43) }));
    assert.deepEqual(wrong, { status: 400, error: "invalid_grant", description: "Invalid code verifier." });
    const missing = await oauthFailure(client.getToken({ code }));
    assert.equal(missing.error, "invalid_grant");
    const { tokens } = await client.getToken({ code, codeVerifier });
    assert.ok(tokens.access_token);
    assert.equal(tokens.refresh_token, undefined, "access_type online: no refresh token");

    const plainVerifier = "p".repeat(50);
    const plainUrl = client.generateAuthUrl({
      scope: calendarScopes,
      code_challenge: plainVerifier,
      code_challenge_method: "plain" as never,
    });
    const plainCode = (await passConsent(plainUrl)).searchParams.get("code")!;
    assert.ok((await client.getToken({ code: plainCode, codeVerifier: plainVerifier })).tokens.access_token);
  });
});

Deno.test("a reused code → invalid_grant and the tokens it minted are revoked", async () => {
  checks("exchanging a code twice fails with invalid_grant, and the first exchange's tokens stop working");
  await withEmulator(async (emulator) => {
    const client = emulator.oauthClient();
    const url = client.generateAuthUrl({ access_type: "offline", scope: calendarScopes });
    const code = (await passConsent(url)).searchParams.get("code")!;
    const { tokens } = await client.getToken(code);
    const again = await oauthFailure(client.getToken(code));
    assert.equal(again.status, 400);
    assert.equal(again.error, "invalid_grant");
    const refresh = await oauthFailure(refreshWith(client, tokens.refresh_token!));
    assert.deepEqual(refresh, {
      status: 400,
      error: "invalid_grant",
      description: "Token has been expired or revoked.",
    });
    const api = await fetch(`${emulator.url}/calendar/v3/users/me/settings/timezone`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    assert.equal(api.status, 401);
    await api.body?.cancel();
  });
});

Deno.test("refresh answers without a new refresh token; prompt=consent is needed for another", async () => {
  checks("grant_type=refresh_token returns a new access token, no refresh_token, and the old one keeps working");
  checks("a second consent without prompt=consent yields no refresh token; with it, a new one");
  await withEmulator(async (emulator) => {
    const { client, tokens } = await connect(emulator);
    const raw = await rawRefresh(emulator, tokens.refresh_token!);
    assert.deepEqual(Object.keys(raw).sort(), ["access_token", "expires_in", "id_token", "scope", "token_type"]);
    assert.equal(raw.expires_in, 3599);
    const { tokens: refreshed } = await refreshWith(client, tokens.refresh_token!);
    assert.equal(refreshed.refresh_token, tokens.refresh_token, "the client keeps the old refresh token");
    assert.notEqual(refreshed.access_token, tokens.access_token);
    const second = await refreshWith(client, tokens.refresh_token!);
    assert.ok(second.tokens.access_token);

    const again = await connect(emulator);
    assert.equal(again.tokens.refresh_token, undefined, "already consented: no refresh token");
    const forced = await connect(emulator, { prompt: "consent" });
    assert.ok(forced.tokens.refresh_token, "prompt=consent: a refresh token again");
  });
});

Deno.test("revoke ends the grant: refresh → invalid_grant, API → 401", async () => {
  checks("revokeToken on the refresh token makes refresh fail with invalid_grant and the access token 401");
  checks("revoking an unknown token answers 400 invalid_token");
  await withEmulator(async (emulator) => {
    const { client, tokens } = await connect(emulator);
    await client.revokeToken(tokens.refresh_token!);
    const failure = await oauthFailure(refreshWith(client, tokens.refresh_token!));
    assert.equal(failure.error, "invalid_grant");
    const apiClient = emulator.oauthClient();
    apiClient.setCredentials({ access_token: tokens.access_token });
    const error = await emulator.calendarApi(apiClient).settings.get({ setting: "timezone" }).catch((e) => e);
    assert.ok(error instanceof gaxios.GaxiosError);
    assert.equal(error.status, 401);
    const unknown = await oauthFailure(client.revokeToken("nonsense"));
    assert.deepEqual(unknown.status, 400);
    assert.equal(unknown.error, "invalid_token");
  });
});

Deno.test("client authentication: wrong secret → 401 invalid_client; HTTP Basic accepted", async () => {
  checks("a wrong client secret is refused with 401 invalid_client; ClientSecretBasic works");
  await withEmulator(async (emulator) => {
    const { tokens } = await connect(emulator);
    const wrong = emulator.oauthClient({ clientSecret: "not-the-secret" });
    const failure = await oauthFailure(refreshWith(wrong, tokens.refresh_token!));
    assert.equal(failure.status, 401);
    assert.equal(failure.error, "invalid_client");
    const basic = emulator.oauthClient({ clientAuthentication: ClientAuthentication.ClientSecretBasic });
    const url = basic.generateAuthUrl({ scope: calendarScopes });
    const code = (await passConsent(url)).searchParams.get("code")!;
    assert.ok((await basic.getToken(code)).tokens.access_token);
    const unsupported = await fetch(`${emulator.url}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "password", client_id: clientId, client_secret: "local-client-secret" }),
    });
    assert.equal(unsupported.status, 400);
    assert.equal((await unsupported.json()).error, "unsupported_grant_type");
  });
});

Deno.test("consent page: deny, redirect_uri_mismatch, registered clients", async () => {
  checks(
    "Deny redirects with error=access_denied and the state; an unregistered redirect_uri shows redirect_uri_mismatch",
  );
  await withEmulator(async (emulator) => {
    const client = emulator.oauthClient();
    const denied = await passConsent(client.generateAuthUrl({ scope: calendarScopes, state: "s1" }), {
      decision: "deny",
    });
    assert.equal(denied.searchParams.get("error"), "access_denied");
    assert.equal(denied.searchParams.get("state"), "s1");

    await emulator.control("POST", "clients", {
      client_id: "prod-like.apps.googleusercontent.com",
      client_secret: "s3cret",
      redirect_uris: ["https://app.example.com/callback"],
    });
    const prodLike = emulator.oauthClient({
      clientId: "prod-like.apps.googleusercontent.com",
      clientSecret: "s3cret",
      redirectUri: "https://app.example.com/callback/",
    });
    const mismatch = await fetch(prodLike.generateAuthUrl({ scope: calendarScopes }));
    assert.equal(mismatch.status, 400);
    assert.match(await mismatch.text(), /redirect_uri_mismatch/);
    const exact = emulator.oauthClient({
      clientId: "prod-like.apps.googleusercontent.com",
      clientSecret: "s3cret",
      redirectUri: "https://app.example.com/callback",
    });
    const back = await passConsent(exact.generateAuthUrl({ scope: calendarScopes }));
    assert.equal(back.origin, "https://app.example.com");
    assert.ok(back.searchParams.get("code"));
  });
});

Deno.test("a Testing app's refresh token dies after 7 days (per the emulator clock)", async () => {
  checks("testing accounts get refresh_token_expires_in 604800; refresh works at day 6 and fails after day 7");
  await withEmulator(async (emulator) => {
    await emulator.control("PATCH", "accounts/pm@example.com", { testing: true });
    const { client, tokens } = await connect(emulator);
    const raw = await rawRefresh(emulator, tokens.refresh_token!);
    assert.equal(raw.refresh_token_expires_in, 604800);
    emulator.clock.advance(6 * day);
    assert.ok((await refreshWith(client, tokens.refresh_token!)).tokens.access_token);
    emulator.clock.advance(day + 1000);
    const failure = await oauthFailure(refreshWith(client, tokens.refresh_token!));
    assert.deepEqual(failure, {
      status: 400,
      error: "invalid_grant",
      description: "Token has been expired or revoked.",
    });
  });
});

Deno.test("a refresh token unused for 6 months dies; using it keeps it alive", async () => {
  checks("a refresh token used at month 5 still works at month 7; one left unused for 6 months fails");
  await withEmulator(async (emulator) => {
    const used = await connect(emulator, { email: "pm@example.com" });
    const idle = await connect(emulator, { email: "agent2@example.com" });
    emulator.clock.advance(150 * day);
    assert.ok((await refreshWith(used.client, used.tokens.refresh_token!)).tokens.access_token);
    emulator.clock.advance(40 * day);
    assert.ok((await refreshWith(used.client, used.tokens.refresh_token!)).tokens.access_token);
    const failure = await oauthFailure(refreshWith(idle.client, idle.tokens.refresh_token!));
    assert.equal(failure.error, "invalid_grant");
  });
});

Deno.test("the 101st live refresh token for one account and client kills the oldest", async () => {
  checks("after 100 grants, one more consent silently revokes the first refresh token, not the second");
  await withEmulator(async (emulator) => {
    const first = await connect(emulator);
    const minted: string[] = [first.tokens.refresh_token!];
    for (let i = 0; i < 99; i++) {
      emulator.clock.advance(1000);
      minted.push(
        (await emulator.control<{ refresh_token: string }>("POST", "grants", { email: "pm@example.com" }))
          .refresh_token,
      );
    }
    assert.ok((await refreshWith(first.client, minted[0])).tokens.access_token, "100 live tokens: all work");
    emulator.clock.advance(1000);
    await connect(emulator, { prompt: "consent" });
    const failure = await oauthFailure(refreshWith(first.client, minted[0]));
    assert.equal(failure.error, "invalid_grant");
    assert.ok((await refreshWith(first.client, minted[1])).tokens.access_token, "the second oldest lives");
  });
});

Deno.test("an expired access token → 401, then the client's automatic refresh succeeds", async () => {
  checks("after the emulator clock passes expiry the API answers 401 authError; the client refreshes and retries");
  await withEmulator(async (emulator) => {
    const { tokens } = await connect(emulator);
    // Stored credentials without expiry_date: the client only learns of expiry from the 401.
    const stored = emulator.oauthClient();
    stored.setCredentials({ access_token: tokens.access_token, refresh_token: tokens.refresh_token });
    emulator.clock.advance(3600_000);
    const raw = await fetch(`${emulator.url}/calendar/v3/users/me/settings/timezone`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    assert.equal(raw.status, 401);
    const body = await raw.json();
    assert.deepEqual(body.error.errors[0], {
      domain: "global",
      reason: "authError",
      message: "Invalid Credentials",
      locationType: "header",
      location: "Authorization",
    });
    await emulator.control("DELETE", "requests");
    const setting = await emulator.calendarApi(stored).settings.get({ setting: "timezone" });
    assert.equal(setting.data.value, "America/Chicago");
    assert.notEqual(stored.credentials.access_token, tokens.access_token, "the client holds a new access token");
    const log = await emulator.control<{ method: string; path: string; status: number }[]>("GET", "requests");
    assert.deepEqual(log.map((r) => `${r.method} ${r.path} ${r.status}`), [
      "GET /calendar/v3/users/me/settings/timezone 401",
      "POST /token 200",
      "GET /calendar/v3/users/me/settings/timezone 200",
    ]);

    // With expiry_date known (client clock ≠ emulator clock), forceRefreshOnFailure makes the client recover.
    const forced = emulator.oauthClient({ forceRefreshOnFailure: true });
    forced.setCredentials({ ...stored.credentials });
    emulator.clock.advance(3600_000);
    const again = await emulator.calendarApi(forced).settings.get({ setting: "timezone" });
    assert.equal(again.status, 200);
  });
});

Deno.test("a deleted account: refresh → invalid_grant, userinfo → 401, its calendar → notFound", async () => {
  checks("deleting an account kills its grants and its calendar disappears from free/busy");
  await withEmulator(async (emulator) => {
    const { client, tokens } = await connect(emulator, { email: "agent2@example.com" });
    const pm = await connect(emulator, { email: "pm@example.com" });
    await emulator.control("PATCH", "accounts/agent2@example.com", { deleted: true });
    assert.equal((await oauthFailure(refreshWith(client, tokens.refresh_token!))).error, "invalid_grant");
    const info = await fetch(`${emulator.url}/v1/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    assert.equal(info.status, 401);
    await info.body?.cancel();
    const fb = await emulator.calendarApi(pm.client).freebusy.query({
      requestBody: {
        timeMin: "2025-03-03T00:00:00Z",
        timeMax: "2025-03-04T00:00:00Z",
        items: [{ id: "agent2@example.com" }],
      },
    });
    assert.equal(fb.data.calendars!["agent2@example.com"].errors![0].reason, "notFound");
  });
});
