// Shared by the Google client's tests: the client pointed at the test stack's Google
// emulator, a fresh Google account per test with a minted grant, the consent page
// answered without a browser, faults, and the emulator's log of what the client sent.
import assert from "node:assert/strict";
import { googleControl, stack } from "../../../../scripts/lib/test-support.ts";
import { base64url, randomToken } from "./crypto.ts";
import { type GoogleConfig, googleConfig } from "./google-config.ts";
import { GoogleError } from "./google-error.ts";

/** The emulator's built-in OAuth client (the stack's functions use the same). */
const CLIENT = { id: "lumaleasing-local.apps.googleusercontent.com", secret: "local-client-secret" };

/** Any loopback redirect is accepted by the built-in client; nothing needs to listen there. */
export const REDIRECT_URI = "http://127.0.0.1:9/calendar/callback";

export const testOpts = { sanitizeOps: false, sanitizeResources: false };

/** The client's configuration for an origin speaking Google's paths (the stack's emulator by default). */
export async function testGoogleConfig(origin?: string): Promise<GoogleConfig> {
  const url = origin ?? (await stack()).googleUrl;
  if (!url) throw new Error("the test stack runs no Google emulator");
  const vars: Record<string, string> = {
    GOOGLE_CLIENT_ID: CLIENT.id,
    GOOGLE_CLIENT_SECRET: CLIENT.secret,
    GOOGLE_OAUTH_URL: url,
    GOOGLE_API_URL: url,
  };
  return googleConfig({ get: (name) => vars[name] });
}

export interface TestAccount {
  email: string;
  accessToken: string;
  refreshToken: string;
}

/** A Google account only this test uses, with a grant for our scopes. */
export async function testAccount(label: string, timeZone = "America/Denver"): Promise<TestAccount> {
  const email = `${label}-${randomToken(6).toLowerCase().replace(/[^a-z0-9]/g, "x")}@client.test`;
  await googleControl("accounts", { email, name: `Agent ${label}`, timeZone });
  const grant = await googleControl("grants", { email });
  return { email, accessToken: grant.access_token, refreshToken: grant.refresh_token };
}

export async function pkcePair() {
  const verifier = randomToken(48);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  return { verifier, challenge: base64url(digest) };
}

/** Answers the consent page at `authUrl` with Allow for `email`; the redirect back to us, with its query. */
export async function consent(authUrl: string, email: string): Promise<URL> {
  const page = await fetch(authUrl);
  const html = await page.text();
  assert.equal(page.status, 200, html.slice(0, 300));
  const request = html.match(/name="request" value="([^"]+)"/)?.[1];
  assert.ok(request, "the consent page has a form");
  const decided = await fetch(new URL("/o/oauth2/v2/auth/decision", authUrl), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ request, account: email, decision: "allow" }),
  });
  await decided.body?.cancel();
  const location = decided.headers.get("location");
  assert.ok(location, `consent answered ${decided.status} without a redirect`);
  return new URL(location);
}

/** The emulator's path for a calendar's events, as its request log and faults see it. */
export const eventsPath = (calendarId: string) => `/calendar/v3/calendars/${encodeURIComponent(calendarId)}/events`;

/** The next `count` calls whose path starts with `path` fail (Google's body) and/or hang. */
export async function injectGoogleFault(fault: { path: string; count?: number; status?: number; reason?: string; hangMs?: number }) {
  await googleControl("faults", { count: 1, ...fault });
}

export async function clearGoogleFaults() {
  await googleControl("faults", undefined, "DELETE");
}

/** The statuses the emulator answered on calls under `path`, oldest first. */
export async function loggedStatuses(path: string, method?: string): Promise<number[]> {
  const log = await googleControl(`requests?path=${encodeURIComponent(path)}${method ? `&method=${method}` : ""}`);
  return (log as Array<{ status?: number }>).map((r) => r.status ?? 0);
}

/** The GoogleError the call was rejected with; anything else (or success) fails the test. */
export async function googleFailure(attempt: Promise<unknown>): Promise<GoogleError> {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof GoogleError) return error;
    throw error;
  }
  throw new Error("expected the call to fail with a GoogleError");
}
