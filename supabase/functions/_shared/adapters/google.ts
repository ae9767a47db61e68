// Google OAuth and Calendar v3 through the real client libraries. Only the base URLs
// come from configuration (the local emulator in development and tests).
import { calendar, type calendar_v3 } from "@googleapis/calendar";
import { OAuth2Client } from "google-auth-library";
import type { Env } from "./env.ts";

export const GOOGLE_SCOPES = [
  "openid",
  "email",
  "profile",
  "https://www.googleapis.com/auth/calendar.events",
  "https://www.googleapis.com/auth/calendar.freebusy",
  "https://www.googleapis.com/auth/calendar.settings.readonly",
];

export interface GoogleConfig {
  clientId: string;
  clientSecret: string;
  authUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  userinfoUrl: string;
  apiRootUrl: string;
}

export function googleConfig(env: Env = Deno.env): GoogleConfig {
  const clientId = env.get("GOOGLE_CLIENT_ID");
  const clientSecret = env.get("GOOGLE_CLIENT_SECRET");
  if (!clientId || !clientSecret) throw new Error("GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET must be set");
  const oauth = env.get("GOOGLE_OAUTH_URL")?.replace(/\/$/, "");
  const api = env.get("GOOGLE_API_URL")?.replace(/\/$/, "");
  return {
    clientId,
    clientSecret,
    authUrl: oauth ? `${oauth}/o/oauth2/v2/auth` : "https://accounts.google.com/o/oauth2/v2/auth",
    tokenUrl: oauth ? `${oauth}/token` : "https://oauth2.googleapis.com/token",
    revokeUrl: oauth ? `${oauth}/revoke` : "https://oauth2.googleapis.com/revoke",
    userinfoUrl: oauth ? `${oauth}/v1/userinfo` : "https://openidconnect.googleapis.com/v1/userinfo",
    apiRootUrl: `${api ?? "https://www.googleapis.com"}/`,
  };
}

export function oauthClient(cfg: GoogleConfig, redirectUri?: string): OAuth2Client {
  return new OAuth2Client({
    clientId: cfg.clientId,
    clientSecret: cfg.clientSecret,
    redirectUri,
    endpoints: { oauth2AuthBaseUrl: cfg.authUrl, oauth2TokenUrl: cfg.tokenUrl, oauth2RevokeUrl: cfg.revokeUrl },
  });
}

export function calendarApi(cfg: GoogleConfig, accessToken: string): calendar_v3.Calendar {
  const auth = oauthClient(cfg);
  auth.setCredentials({ access_token: accessToken });
  return calendar({ version: "v3", auth, rootUrl: cfg.apiRootUrl });
}

/** What went wrong talking to Google, in the terms our callers decide on. */
export class GoogleError extends Error {
  constructor(
    message: string,
    readonly status: number, // 0 for network errors and timeouts
    readonly reason: string, // Google's reason or OAuth error code
    readonly retryable: boolean,
  ) {
    super(message);
  }
  get invalidGrant() {
    return this.reason === "invalid_grant";
  }
  get unauthorized() {
    return this.status === 401;
  }
}

export function toGoogleError(err: unknown): GoogleError {
  if (err instanceof GoogleError) return err;
  const e = err as {
    status?: number;
    code?: string | number;
    message?: string;
    response?: { status?: number; data?: unknown };
    name?: string;
  };
  const status = Number(e.response?.status ?? e.status ?? 0) || 0;
  const data = e.response?.data as
    | { error?: string | { errors?: Array<{ reason?: string }>; message?: string }; error_description?: string }
    | undefined;
  let reason = "";
  if (typeof data?.error === "string") reason = data.error;
  else if (data?.error?.errors?.[0]?.reason) reason = data.error.errors[0].reason;
  if (!reason && typeof e.code === "string" && !/^\d+$/.test(e.code)) reason = e.code;
  const message = (typeof data?.error === "object" ? data.error.message : data?.error_description) ?? e.message ??
    String(err);
  const rateLimited = status === 429 || (status === 403 && /rateLimitExceeded|userRateLimitExceeded|quotaExceeded/.test(reason));
  const retryable = status === 0 || status >= 500 || rateLimited || status === 408;
  return new GoogleError(message, status, reason || (status ? `http_${status}` : "network_error"), retryable);
}

/**
 * Retries what Google asks us to retry (429, 403 rate limits, 5xx, timeouts) with truncated
 * exponential backoff and full jitter, within a deadline; anything else fails at once.
 */
export async function withGoogleRetry<T>(
  call: (timeoutMs: number) => Promise<T>,
  opts: { deadlineMs: number; attempts?: number; baseDelayMs?: number; random?: () => number },
): Promise<T> {
  const started = Date.now();
  const attempts = opts.attempts ?? 4;
  const random = opts.random ?? Math.random;
  for (let attempt = 1;; attempt++) {
    const left = opts.deadlineMs - (Date.now() - started);
    try {
      return await call(Math.max(100, left));
    } catch (err) {
      const error = toGoogleError(err);
      const delay = Math.floor(random() * (opts.baseDelayMs ?? 200) * 2 ** (attempt - 1));
      const leftAfter = opts.deadlineMs - (Date.now() - started) - delay;
      if (!error.retryable || attempt >= attempts || leftAfter < 100) throw error;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

export interface TokenSet {
  accessToken: string;
  expiresAt: Date;
  refreshToken?: string;
  refreshTokenExpiresAt?: Date;
  scope?: string;
  idToken?: string;
}

interface RawTokenResponse {
  access_token: string;
  expires_in?: number;
  /** google-auth-library turns expires_in into this (ms since epoch). */
  expiry_date?: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
  scope?: string;
  id_token?: string;
}

function toTokenSet(data: RawTokenResponse, now: Date): TokenSet {
  return {
    accessToken: data.access_token,
    // expiry_date was stamped with the system clock; re-base it on ours.
    expiresAt: new Date(now.getTime() + (data.expires_in !== undefined ? data.expires_in * 1000 : (data.expiry_date ?? Date.now()) - Date.now())),
    refreshToken: data.refresh_token,
    refreshTokenExpiresAt: data.refresh_token_expires_in
      ? new Date(now.getTime() + data.refresh_token_expires_in * 1000)
      : undefined,
    scope: data.scope,
    idToken: data.id_token,
  };
}

export async function exchangeCode(
  cfg: GoogleConfig,
  args: { code: string; codeVerifier: string; redirectUri: string; now: Date },
): Promise<TokenSet> {
  try {
    const client = oauthClient(cfg, args.redirectUri);
    const { tokens } = await client.getToken({ code: args.code, codeVerifier: args.codeVerifier, redirect_uri: args.redirectUri });
    return toTokenSet(tokens as unknown as RawTokenResponse, args.now);
  } catch (err) {
    throw toGoogleError(err);
  }
}

/** One refresh_token grant. Google answers without a new refresh token: keep the old one. */
export async function refreshAccessToken(
  cfg: GoogleConfig,
  refreshToken: string,
  now: Date,
  timeoutMs = 8000,
): Promise<TokenSet> {
  try {
    const client = oauthClient(cfg);
    const res = await client.transporter.request<RawTokenResponse>({
      url: cfg.tokenUrl,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      data: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: refreshToken,
        client_id: cfg.clientId,
        client_secret: cfg.clientSecret,
      }).toString(),
      timeout: timeoutMs,
      retry: false,
    });
    return toTokenSet(res.data, now);
  } catch (err) {
    throw toGoogleError(err);
  }
}

export async function revokeToken(cfg: GoogleConfig, token: string): Promise<void> {
  const res = await fetch(`${cfg.revokeUrl}?token=${encodeURIComponent(token)}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    signal: AbortSignal.timeout(8000),
  });
  await res.body?.cancel();
  // 400 means the token was already invalid: revoked either way.
  if (!res.ok && res.status !== 400) throw new GoogleError(`revoke failed with ${res.status}`, res.status, `http_${res.status}`, res.status >= 500);
}

export async function userInfo(cfg: GoogleConfig, accessToken: string): Promise<{ sub: string; email: string; name?: string }> {
  const res = await fetch(cfg.userinfoUrl, {
    headers: { authorization: `Bearer ${accessToken}` },
    signal: AbortSignal.timeout(8000),
  });
  if (!res.ok) {
    await res.body?.cancel();
    throw new GoogleError(`userinfo failed with ${res.status}`, res.status, `http_${res.status}`, res.status >= 500);
  }
  return await res.json();
}

export async function calendarTimeZone(cfg: GoogleConfig, accessToken: string): Promise<string | undefined> {
  try {
    const res = await calendarApi(cfg, accessToken).settings.get({ setting: "timezone" }, { timeout: 8000, retry: false });
    return res.data.value ?? undefined;
  } catch (err) {
    throw toGoogleError(err);
  }
}

export interface BusyInterval {
  start: number;
  end: number;
}

/**
 * One freeBusy.query for several calendars. Calendars Google could not answer for come
 * back in `failed` with their reason.
 */
export async function queryFreeBusy(
  cfg: GoogleConfig,
  accessToken: string,
  args: { calendarIds: string[]; timeMin: Date; timeMax: Date; timeoutMs: number },
): Promise<{ busy: Map<string, BusyInterval[]>; failed: Map<string, string> }> {
  try {
    const res = await calendarApi(cfg, accessToken).freebusy.query({
      requestBody: {
        timeMin: args.timeMin.toISOString(),
        timeMax: args.timeMax.toISOString(),
        items: args.calendarIds.map((id) => ({ id })),
      },
    }, { timeout: args.timeoutMs, retry: false });
    const busy = new Map<string, BusyInterval[]>();
    const failed = new Map<string, string>();
    for (const id of args.calendarIds) {
      const entry = res.data.calendars?.[id];
      if (!entry || entry.errors?.length) {
        failed.set(id, entry?.errors?.[0]?.reason ?? "notFound");
        continue;
      }
      busy.set(id, (entry.busy ?? []).map((b) => ({ start: Date.parse(b.start!), end: Date.parse(b.end!) })));
    }
    return { busy, failed };
  } catch (err) {
    throw toGoogleError(err);
  }
}

export interface TourEvent {
  id: string;
  summary: string;
  description: string;
  location?: string;
  start: Date;
  end: Date;
  timeZone: string;
  attendee: { email: string; displayName: string };
  bookingId: string;
}

function eventBody(e: TourEvent): calendar_v3.Schema$Event {
  return {
    id: e.id,
    summary: e.summary,
    description: e.description,
    location: e.location,
    start: { dateTime: e.start.toISOString(), timeZone: e.timeZone },
    end: { dateTime: e.end.toISOString(), timeZone: e.timeZone },
    attendees: [{ email: e.attendee.email, displayName: e.attendee.displayName }],
    reminders: { useDefault: false, overrides: [{ method: "email", minutes: 24 * 60 }, { method: "popup", minutes: 60 }] },
    extendedProperties: { private: { bookingId: e.bookingId, source: "lumaleasing" } },
    status: "confirmed",
  };
}

/**
 * Creates the tour's event with a client-supplied id, so a retry after a timeout finds
 * the first event (409 duplicate) instead of making a second one.
 */
export async function upsertTourEvent(
  cfg: GoogleConfig,
  accessToken: string,
  calendarId: string,
  e: TourEvent,
  timeoutMs = 10000,
): Promise<{ id: string; htmlLink?: string; etag?: string; created: boolean }> {
  const api = calendarApi(cfg, accessToken);
  try {
    const res = await api.events.insert({ calendarId, sendUpdates: "all", requestBody: eventBody(e) }, { timeout: timeoutMs, retry: false });
    return { id: res.data.id!, htmlLink: res.data.htmlLink ?? undefined, etag: res.data.etag ?? undefined, created: true };
  } catch (err) {
    const error = toGoogleError(err);
    if (error.status !== 409) throw error;
  }
  try {
    const res = await api.events.update({ calendarId, eventId: e.id, sendUpdates: "all", requestBody: eventBody(e) }, { timeout: timeoutMs, retry: false });
    return { id: res.data.id!, htmlLink: res.data.htmlLink ?? undefined, etag: res.data.etag ?? undefined, created: false };
  } catch (err) {
    throw toGoogleError(err);
  }
}

/** Cancels the event; Google tells the attendees (sendUpdates=all). Already gone is fine. */
export async function cancelTourEvent(cfg: GoogleConfig, accessToken: string, calendarId: string, eventId: string, timeoutMs = 10000) {
  try {
    await calendarApi(cfg, accessToken).events.delete({ calendarId, eventId, sendUpdates: "all" }, { timeout: timeoutMs, retry: false });
  } catch (err) {
    const error = toGoogleError(err);
    if (error.status === 404 || error.status === 410) return;
    throw error;
  }
}

/** A booking id (uuid) as a Google event id: base32hex characters only, stable. */
export function eventIdForBooking(bookingId: string): string {
  // A uuid's hex digits are all base32hex already.
  return `ll${bookingId.replace(/-/g, "").toLowerCase()}`;
}
