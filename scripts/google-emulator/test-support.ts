// Shared by the emulator's tests: start an emulator, point the real Google clients at it, drive the consent page.
import { calendar, type calendar_v3 } from "@googleapis/calendar";
import { OAuth2Client, type OAuth2ClientOptions } from "google-auth-library";
import { settableClock } from "../../supabase/functions/_shared/adapters/clock.ts";
import { GOOGLE_SCOPES } from "../../supabase/functions/_shared/adapters/google.ts";
import { type GoogleEmulator, startGoogleEmulator } from "./server.ts";

export const clientId = "lumaleasing-local.apps.googleusercontent.com";
export const clientSecret = "local-client-secret";
export const redirectUri = "http://127.0.0.1:54321/functions/v1/calendar/callback";
/** The scopes the app asks for, so the emulator is tested with what production requests. */
export const calendarScopes = GOOGLE_SCOPES;

/** How the app points the real clients at a Google-compatible origin (the emulator). */
export function googleClientOptions(baseUrl: string) {
  const base = baseUrl.replace(/\/+$/, "");
  return {
    oauth2Endpoints: {
      oauth2AuthBaseUrl: `${base}/o/oauth2/v2/auth`,
      oauth2TokenUrl: `${base}/token`,
      oauth2RevokeUrl: `${base}/revoke`,
      tokenInfoUrl: `${base}/tokeninfo`,
      oauth2FederatedSignonPemCertsUrl: `${base}/oauth2/v1/certs`,
      oauth2FederatedSignonJwkCertsUrl: `${base}/oauth2/v3/certs`,
    },
    calendarRootUrl: `${base}/`,
    userinfoUrl: `${base}/v1/userinfo`,
  };
}

/** Prints what a test is about to check, so the run reads as a list of claims. */
export const checks = (what: string) => console.log(`  checks: ${what}`);

export interface TestEmulator extends GoogleEmulator {
  clock: ReturnType<typeof settableClock>;
  oauthClient(extra?: Partial<OAuth2ClientOptions>): OAuth2Client;
  calendarApi(auth: OAuth2Client): calendar_v3.Calendar;
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

export async function startTestEmulator(
  start = new Date("2025-03-03T15:00:00Z"),
  frozen = true,
): Promise<TestEmulator> {
  const clock = settableClock(start, frozen);
  const emulator = await startGoogleEmulator({ port: 0, clock });
  // Short push retry delays keep the tests quick.
  emulator.state.config.pushRetryDelaysMs = [20, 40, 80];
  const options = googleClientOptions(emulator.url);
  return {
    ...emulator,
    clock,
    oauthClient: (extra = {}) =>
      new OAuth2Client({ clientId, clientSecret, redirectUri, endpoints: options.oauth2Endpoints, ...extra }),
    calendarApi: (auth) => calendar({ version: "v3", auth, rootUrl: options.calendarRootUrl }),
    async control<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${emulator.url}/__control/${path}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`control ${method} ${path} → ${response.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}

/** Opens the consent page, picks the account and presses a button, returning where Google redirects. */
export async function passConsent(
  authUrl: string,
  choice: { email?: string; decision?: "allow" | "deny" } = {},
): Promise<URL> {
  const page = await fetch(authUrl);
  const body = await page.text();
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${body.slice(0, 300)}`);
  const requestId = /name="request" value="([^"]+)"/.exec(body)?.[1];
  if (!requestId) throw new Error("consent page has no request id");
  const decision = await fetch(new URL("/o/oauth2/v2/auth/decision", authUrl), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      request: requestId,
      account: choice.email ?? "pm@example.com",
      decision: choice.decision ?? "allow",
    }),
  });
  await decision.body?.cancel();
  const location = decision.headers.get("location");
  if (decision.status !== 302 || !location) throw new Error(`decision answered ${decision.status}`);
  return new URL(location);
}

/** Full consent and code exchange with the real client; returns the tokens and the client holding them. */
export async function connect(
  emulator: TestEmulator,
  options: { email?: string; prompt?: string; client?: OAuth2Client } = {},
) {
  const client = options.client ?? emulator.oauthClient();
  const url = client.generateAuthUrl({
    access_type: "offline",
    scope: calendarScopes,
    ...(options.prompt ? { prompt: options.prompt } : {}),
  });
  const back = await passConsent(url, { email: options.email });
  const { tokens } = await client.getToken(back.searchParams.get("code")!);
  client.setCredentials(tokens);
  return { client, tokens };
}

export interface ReceivedPush {
  headers: Record<string, string>;
  body: string;
  status: number;
}

/** A webhook receiver on an ephemeral port; `answers` gives the statuses to reply with, in order (then 200). */
export function startReceiver(answers: number[] = []) {
  const received: ReceivedPush[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async (request) => {
    const body = await request.text();
    const status = answers.shift() ?? 200;
    received.push({ headers: Object.fromEntries(request.headers), body, status });
    for (const waiter of [...waiters]) {
      if (received.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    return new Response(null, { status });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/webhook`,
    received,
    /** Resolves once `count` requests have arrived (fails after a few seconds). */
    waitFor(count: number): Promise<void> {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${received.length} of ${count} pushes arrived`)), 5000);
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    close: () => server.shutdown(),
  };
}
