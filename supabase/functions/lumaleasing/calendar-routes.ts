// Connecting a Google Calendar: the WordPress server asks for a short-lived ticket, the
// browser brings it to /calendar/connect, Google's consent comes back to /calendar/callback
// with a signed single-use state, and the browser returns to the WordPress page.
import { base64url, decryptText, encryptText, randomToken, signPayload, verifyPayload } from "../_shared/adapters/crypto.ts";
import { withProperty } from "../_shared/adapters/db.ts";
import {
  authorizationUrl,
  calendarTimeZone,
  exchangeCode,
  GoogleError,
  refreshAccessToken,
  revokeToken,
  stopWatchChannel,
  userInfo,
} from "../_shared/adapters/google.ts";
import { htmlPage } from "../_shared/adapters/html.ts";
import { apiError, HttpError, json, readJson, type RouteContext } from "../_shared/adapters/http.ts";
import { afterAnswer } from "../_shared/adapters/background.ts";
import { statusForRefreshToken } from "../_shared/services/calendar-tokens.ts";
import { markTicketUsed, mintSignedTicket, readConnectTicket } from "../_shared/services/connect-tickets.ts";
import { deps } from "../_shared/services/deps.ts";
import { renewWatch } from "../_shared/services/watch-renewal.ts";
import { authenticateSite } from "../_shared/services/request-auth.ts";
import { DisconnectRequest, TicketRequest } from "../_shared/contracts/admin.ts";
import { fieldErrors } from "../_shared/contracts/widget.ts";

const STATE_TTL_MS = 10 * 60_000;

interface State {
  kind: "oauth-state";
  nonce: string;
  propertyId: string;
  exp: number;
  /** The stored connect ticket this consent came from (its hash), marked used on success. */
  ticket?: string;
}

function callbackUrl() {
  return `${deps().functionsUrl}/lumaleasing/calendar/callback`;
}

function backTo(returnUrl: string, params: Record<string, string>): Response {
  const url = new URL(returnUrl);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return new Response(null, { status: 303, headers: { location: url.toString(), "cache-control": "no-store" } });
}

/** POST admin/connect-ticket (site secret): a ticket the browser carries to /calendar/connect. */
export async function connectTicket({ req }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  const parsed = TicketRequest.safeParse(await readJson(req));
  if (!parsed.success) {
    return apiError(422, "invalid_input", "The ticket request is not valid.", { error: { fields: fieldErrors(parsed.error) } });
  }
  const minted = await mintSignedTicket({ stateSecret: d.stateSecret, functionsUrl: d.functionsUrl, now: d.clock.now() }, {
    propertyId,
    connectedBy: parsed.data.wpUserEmail ?? String(parsed.data.wpUserId ?? "wordpress"),
    returnUrl: parsed.data.returnUrl,
    ...(parsed.data.loginHint ? { loginHint: parsed.data.loginHint } : {}),
  });
  return json(200, { success: true, ...minted });
}

async function pkcePair() {
  const verifier = randomToken(48);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  return { verifier, challenge: base64url(digest) };
}

/** GET calendar/connect?ticket=… → Google's consent page. */
export async function connect({ url }: RouteContext): Promise<Response> {
  const d = deps();
  const checked = await readConnectTicket(url.searchParams.get("ticket") ?? "", {
    sql: d.sql,
    stateSecret: d.stateSecret,
    functionsUrl: d.functionsUrl,
    now: d.clock.now(),
  });
  if (!checked.ok) {
    if (checked.reason === "invalid") {
      return htmlPage(400, "This connect link is not valid", "Start again from the LumaLeasing Tours settings page in WordPress, or ask for a new link.");
    }
    return backTo(checked.returnUrl, { lumaleasing_calendar: "error", reason: checked.reason });
  }
  const { ticket } = checked;
  const { verifier, challenge } = await pkcePair();
  const nonce = randomToken(24);
  const now = d.clock.now();
  await withProperty(ticket.propertyId, async (tx) => {
    await tx`insert into public.oauth_states (nonce, property_id, return_url, connected_by, code_verifier_enc, expires_at, created_at)
      values (${nonce}, ${ticket.propertyId}, ${ticket.returnUrl}, ${ticket.connectedBy},
              ${await encryptText(verifier, d.encryptionKey)}, ${new Date(now.getTime() + STATE_TTL_MS)}, ${now})`;
  }, d.sql);
  const state: State = {
    kind: "oauth-state",
    nonce,
    propertyId: ticket.propertyId,
    exp: now.getTime() + STATE_TTL_MS,
    ...(ticket.storedHash ? { ticket: ticket.storedHash } : {}),
  };
  const authUrl = authorizationUrl(d.google, {
    redirectUri: callbackUrl(),
    state: await signPayload(state, d.stateSecret),
    codeChallenge: challenge,
    ...(ticket.loginHint ? { loginHint: ticket.loginHint } : {}),
  });
  return new Response(null, { status: 302, headers: { location: authUrl, "cache-control": "no-store" } });
}

/** GET calendar/callback?code=…&state=… (or ?error=access_denied&state=…). */
export async function callback({ url }: RouteContext): Promise<Response> {
  const d = deps();
  const state = await verifyPayload<State>(url.searchParams.get("state") ?? "", d.stateSecret);
  if (!state || state.kind !== "oauth-state") {
    return htmlPage(400, "This sign-in could not be verified", "The link was altered or is not ours. Start again from the LumaLeasing Tours settings page in WordPress.");
  }
  const now = d.clock.now();
  const consumed = await withProperty(state.propertyId, async (tx) => {
    const [row] = await tx`update public.oauth_states set consumed_at = ${now}
      where nonce = ${state.nonce} and consumed_at is null and expires_at > ${now}
      returning return_url, connected_by, code_verifier_enc`;
    if (row) return { ok: true as const, row };
    const [seen] = await tx`select return_url, consumed_at from public.oauth_states where nonce = ${state.nonce}`;
    return { ok: false as const, seen };
  }, d.sql);
  if (!consumed.ok) {
    if (!consumed.seen) return htmlPage(400, "This sign-in could not be verified", "Start again from the LumaLeasing Tours settings page in WordPress.");
    return backTo(consumed.seen.return_url, {
      lumaleasing_calendar: "error",
      reason: consumed.seen.consumed_at ? "state_reused" : "state_expired",
    });
  }
  const { return_url: returnUrl, connected_by: connectedBy } = consumed.row;
  const googleError = url.searchParams.get("error");
  if (googleError) {
    return backTo(returnUrl, { lumaleasing_calendar: googleError === "access_denied" ? "denied" : "error", reason: googleError });
  }
  const code = url.searchParams.get("code");
  if (!code) return backTo(returnUrl, { lumaleasing_calendar: "error", reason: "missing_code" });

  try {
    const verifier = await decryptText(consumed.row.code_verifier_enc, d.encryptionKey);
    const tokens = await exchangeCode(d.google, { code, codeVerifier: verifier, redirectUri: callbackUrl(), now });
    const who = await userInfo(d.google, tokens.accessToken);
    const timeZone = await calendarTimeZone(d.google, tokens.accessToken).catch(() => undefined);
    const status = statusForRefreshToken(tokens.refreshTokenExpiresAt ?? null, now);
    const connected = await withProperty(state.propertyId, async (tx) => {
      const refreshEnc = tokens.refreshToken ? await encryptText(tokens.refreshToken, d.encryptionKey) : null;
      const [row] = await tx`insert into public.agent_calendars as c (property_id, account_email, account_subject, display_name,
          calendar_id, time_zone, access_token_enc, refresh_token_enc, access_token_expires_at, refresh_token_expires_at, scopes,
          token_status, connected_at, connected_by, last_refresh_at, last_health_check_at)
        values (${state.propertyId}, ${who.email.toLowerCase()}, ${who.sub}, ${who.name ?? null}, ${who.email.toLowerCase()},
          ${timeZone ?? null}, ${await encryptText(tokens.accessToken, d.encryptionKey)}, ${refreshEnc}, ${tokens.expiresAt},
          ${tokens.refreshTokenExpiresAt ?? null}, ${tokens.scope ?? null}, ${status}, ${now}, ${connectedBy}, ${now}, ${now})
        on conflict (property_id, account_email) do update set
          account_subject = excluded.account_subject, display_name = excluded.display_name, time_zone = excluded.time_zone,
          access_token_enc = excluded.access_token_enc,
          refresh_token_enc = coalesce(excluded.refresh_token_enc, c.refresh_token_enc),
          access_token_expires_at = excluded.access_token_expires_at,
          refresh_token_expires_at = excluded.refresh_token_expires_at, scopes = excluded.scopes,
          token_status = excluded.token_status, connected_at = excluded.connected_at, connected_by = excluded.connected_by,
          disconnected_at = null, last_refresh_at = excluded.last_refresh_at, last_health_check_at = excluded.last_health_check_at,
          last_alert_at = null
        returning id, property_id, calendar_id, refresh_token_enc, watch_channel_id, watch_resource_id, watch_token, watch_expires_at`;
      if (!row.refresh_token_enc) throw new GoogleError("Google sent no refresh token", 400, "no_refresh_token", false);
      await tx`insert into public.calendar_token_refreshes (property_id, agent_calendar_id, attempted_at, trigger, outcome, expires_at)
        values (${state.propertyId}, ${row.id}, ${now}, 'connect', 'refreshed', ${tokens.expiresAt})`;
      if (state.ticket) await markTicketUsed(tx, state.ticket, now);
      return row;
    }, d.sql);
    // The push channel opens now, after the redirect has gone out, so the agent's changes in
    // Google reach the booking from the start (the hourly watch-renewal keeps it alive, and
    // opens it should this fail).
    afterAnswer("opening the push channel at connect", renewWatch(d, {
      id: connected.id,
      property_id: connected.property_id,
      calendar_id: connected.calendar_id,
      watch_channel_id: connected.watch_channel_id,
      watch_resource_id: connected.watch_resource_id,
      watch_token: connected.watch_token,
      watch_expires_at: connected.watch_expires_at,
    }));
    return backTo(returnUrl, { lumaleasing_calendar: "connected", account: who.email.toLowerCase() });
  } catch (err) {
    console.error("calendar callback failed:", err);
    const reason = err instanceof GoogleError ? err.reason : "internal_error";
    return backTo(returnUrl, { lumaleasing_calendar: "error", reason });
  }
}

/** GET calendar/status (site secret): every calendar of the property and its health. */
export async function status({ req }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  const rows = await withProperty(propertyId, (tx) =>
    tx`select id, account_email, display_name, token_status, last_health_check_at, last_refresh_at, time_zone, connected_at,
        refresh_token_expires_at
      from public.agent_calendars where disconnected_at is null order by connected_at`, d.sql);
  return json(200, {
    success: true,
    calendars: rows.map((r) => ({
      id: r.id,
      accountEmail: r.account_email,
      displayName: r.display_name,
      tokenStatus: r.token_status,
      lastHealthCheckAt: r.last_health_check_at?.toISOString() ?? null,
      lastRefreshAt: r.last_refresh_at?.toISOString() ?? null,
      refreshTokenExpiresAt: r.refresh_token_expires_at?.toISOString() ?? null,
      connectedAt: r.connected_at.toISOString(),
      timeZone: r.time_zone,
    })),
  });
}

/** Push notifications for a calendar we no longer hold would only be refused: stop them. */
async function stopChannelWith(d: ReturnType<typeof deps>, refreshToken: string, row: { watch_channel_id: string; watch_resource_id: string | null }) {
  if (!row.watch_resource_id) return;
  try {
    const { accessToken } = await refreshAccessToken(d.google, refreshToken, d.clock.now());
    await stopWatchChannel(d.google, { accessToken, id: row.watch_channel_id, resourceId: row.watch_resource_id });
  } catch (err) {
    console.error("stopping the watch channel failed:", err);
  }
}

interface CalendarToDrop {
  id: string;
  refresh_token_enc: Uint8Array | null;
  access_token_enc: Uint8Array | null;
  watch_channel_id: string | null;
  watch_resource_id: string | null;
}

/**
 * POST calendar/disconnect (site secret) { calendarId }: revoke at Google, drop tokens, keep
 * history. Google revokes all of an account's tokens for our client at once, so the grant is
 * left alone while another property still holds a connection to the same Google account.
 */
export async function disconnect({ req }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  const parsed = DisconnectRequest.safeParse(await readJson(req));
  if (!parsed.success) {
    return apiError(422, "invalid_input", "Say which calendar to disconnect.", { error: { fields: fieldErrors(parsed.error) } });
  }
  const row = await withProperty(propertyId, async (tx) => {
    const [cal] = await tx<CalendarToDrop[]>`select id, refresh_token_enc, access_token_enc, watch_channel_id, watch_resource_id from public.agent_calendars
      where id = ${parsed.data.calendarId} and disconnected_at is null for update`;
    if (!cal) return null;
    const [{ shared }] = await tx<{ shared: boolean }[]>`select lumaleasing.google_grant_shared(${cal.id}) as shared`;
    await tx`update public.agent_calendars set access_token_enc = null, refresh_token_enc = null,
        access_token_expires_at = null, token_status = 'disconnected', disconnected_at = ${d.clock.now()},
        watch_channel_id = null, watch_resource_id = null, watch_token = null, watch_expires_at = null, sync_token = null
      where id = ${cal.id}`;
    return { ...cal, shared };
  }, d.sql);
  if (!row) throw new HttpError(404, "calendar_not_found", "No connected calendar with that id.");
  const sealed = row.refresh_token_enc ?? row.access_token_enc;
  const token = sealed ? await decryptText(sealed, d.encryptionKey) : null;
  if (token && row.watch_channel_id) {
    await stopChannelWith(d, token, { watch_channel_id: row.watch_channel_id, watch_resource_id: row.watch_resource_id });
  }
  let revoked = !row.shared;
  if (token && !row.shared) {
    try {
      await revokeToken(d.google, token);
    } catch (err) {
      // Our copy is gone either way; Google forgets an unused grant on its own.
      console.error("revoke at Google failed:", err);
      revoked = false;
    }
  }
  return json(200, { success: true, calendarId: row.id, revokedAtGoogle: revoked, grantSharedWithAnotherProperty: row.shared });
}
