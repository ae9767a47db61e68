// Access tokens for connected calendars: refreshed when under 5 minutes remain, once
// per calendar however many requests ask at the same time (in this process by a shared
// promise, across processes by a row lock), every attempt audited, a dead grant turned
// into a status and an alert for the property manager.
import type { Clock } from "../adapters/clock.ts";
import { decryptText, encryptText } from "../adapters/crypto.ts";
import { type Sql, type Tx, withProperty } from "../adapters/db.ts";
import { type GoogleConfig, GoogleError, refreshAccessToken } from "../adapters/google.ts";
import { enqueue } from "../adapters/outbox-store.ts";

export const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** A refresh token known to die within this is "expiring" (e.g. a testing-mode app's 7 days). */
export const EXPIRING_WITHIN_MS = 48 * 60 * 60 * 1000;

export type TokenStatus = "healthy" | "expiring" | "expired" | "revoked" | "disconnected";
export type RefreshTrigger = "request" | "health_check" | "connect";

export interface CalendarRef {
  propertyId: string;
  calendarId: string;
}

export class CalendarUnavailableError extends Error {
  constructor(readonly calendarId: string, readonly status: TokenStatus) {
    super(`calendar ${calendarId} is ${status}`);
  }
}

export interface TokenDeps {
  sql: Sql;
  google: GoogleConfig;
  clock: Clock;
  encryptionKey: string;
}

export function statusForRefreshToken(refreshExpiresAt: Date | null, now: Date): TokenStatus {
  if (refreshExpiresAt && refreshExpiresAt.getTime() <= now.getTime()) return "expired";
  if (refreshExpiresAt && refreshExpiresAt.getTime() - now.getTime() < EXPIRING_WITHIN_MS) return "expiring";
  return "healthy";
}

interface TokenRow {
  id: string;
  property_id: string;
  access_token_enc: Uint8Array | null;
  refresh_token_enc: Uint8Array | null;
  access_token_expires_at: Date | null;
  refresh_token_expires_at: Date | null;
  token_status: TokenStatus;
  connected_at: Date;
}

const inflight = new Map<string, Promise<string>>();

export function tokenService(deps: TokenDeps) {
  const { sql, clock, encryptionKey } = deps;

  async function freshFromRow(row: TokenRow, now: Date): Promise<string | null> {
    if (!row.access_token_enc || !row.access_token_expires_at) return null;
    if (row.access_token_expires_at.getTime() - now.getTime() <= REFRESH_MARGIN_MS) return null;
    return await decryptText(row.access_token_enc, encryptionKey);
  }

  function assertUsable(row: TokenRow) {
    if (["revoked", "expired", "disconnected"].includes(row.token_status) || !row.refresh_token_enc) {
      throw new CalendarUnavailableError(row.id, row.token_status);
    }
  }

  async function refreshLocked(tx: Tx, ref: CalendarRef, trigger: RefreshTrigger, force: boolean): Promise<
    { token: string } | { error: GoogleError | CalendarUnavailableError }
  > {
    const [row] = await tx<TokenRow[]>`select id, property_id, access_token_enc, refresh_token_enc, access_token_expires_at,
        refresh_token_expires_at, token_status, connected_at
      from public.agent_calendars where id = ${ref.calendarId} for update`;
    if (!row) return { error: new CalendarUnavailableError(ref.calendarId, "disconnected") };
    try {
      assertUsable(row);
    } catch (err) {
      return { error: err as CalendarUnavailableError };
    }
    const now = clock.now();
    // Someone refreshed while we waited for the lock: use theirs.
    if (!force) {
      const fresh = await freshFromRow(row, now);
      if (fresh) return { token: fresh };
    }
    const refreshToken = await decryptText(row.refresh_token_enc!, encryptionKey);
    try {
      const tokens = await refreshAccessToken(deps.google, refreshToken, now);
      const status = statusForRefreshToken(row.refresh_token_expires_at, now);
      await tx`update public.agent_calendars set
          access_token_enc = ${await encryptText(tokens.accessToken, encryptionKey)},
          access_token_expires_at = ${tokens.expiresAt},
          last_refresh_at = ${now},
          token_status = ${status}
        where id = ${row.id}`;
      await tx`insert into public.calendar_token_refreshes (property_id, agent_calendar_id, attempted_at, trigger, outcome, expires_at)
        values (${row.property_id}, ${row.id}, ${now}, ${trigger}, 'refreshed', ${tokens.expiresAt})`;
      return { token: tokens.accessToken };
    } catch (err) {
      const error = err instanceof GoogleError ? err : new GoogleError(String(err), 0, "network_error", true);
      await tx`insert into public.calendar_token_refreshes (property_id, agent_calendar_id, attempted_at, trigger, outcome, error)
        values (${row.property_id}, ${row.id}, ${now}, ${trigger}, ${error.invalidGrant ? "invalid_grant" : "error"}, ${error.message.slice(0, 500)})`;
      if (error.invalidGrant) await markDead(tx, row, now);
      return { error };
    }
  }

  /** The grant is gone: say why, and tell the property manager once per connection and status. */
  async function markDead(tx: Tx, row: TokenRow, now: Date) {
    const status: TokenStatus = statusForRefreshToken(row.refresh_token_expires_at, now) === "expired" ? "expired" : "revoked";
    await tx`update public.agent_calendars set token_status = ${status}, access_token_enc = null,
        access_token_expires_at = null where id = ${row.id}`;
    await enqueue(tx, row.property_id, [{
      kind: "manager_alert",
      payload: { type: "calendar_reconnect", calendarId: row.id },
      dedupeKey: `calendar-alert:${row.id}:${status}:${row.connected_at.getTime()}`,
    }], now);
  }

  async function refresh(ref: CalendarRef, trigger: RefreshTrigger, force = false): Promise<string> {
    const running = inflight.get(ref.calendarId);
    if (running) return await running;
    const task = (async () => {
      const result = await withProperty(ref.propertyId, (tx) => refreshLocked(tx, ref, trigger, force), sql);
      if ("error" in result) throw result.error;
      return result.token;
    })().finally(() => inflight.delete(ref.calendarId));
    inflight.set(ref.calendarId, task);
    return await task;
  }

  return {
    refresh,
    /** A usable access token: the stored one, or a refreshed one when under 5 minutes remain. */
    async accessToken(ref: CalendarRef, trigger: RefreshTrigger = "request"): Promise<string> {
      const pending = inflight.get(ref.calendarId);
      if (pending) return await pending;
      const [row] = await withProperty(ref.propertyId, (tx) =>
        tx<TokenRow[]>`select id, property_id, access_token_enc, refresh_token_enc, access_token_expires_at,
            refresh_token_expires_at, token_status, connected_at
          from public.agent_calendars where id = ${ref.calendarId}`, sql);
      if (!row) throw new CalendarUnavailableError(ref.calendarId, "disconnected");
      assertUsable(row);
      return (await freshFromRow(row, clock.now())) ?? await refresh(ref, trigger);
    },
  };
}

export type TokenService = ReturnType<typeof tokenService>;

/**
 * Runs a Google call with the calendar's token; on a 401 it forces one refresh and
 * tries once more (the token may have been revoked early or the clock skewed).
 */
export async function withCalendarToken<T>(
  tokens: TokenService,
  ref: CalendarRef,
  call: (accessToken: string) => Promise<T>,
): Promise<T> {
  const token = await tokens.accessToken(ref);
  try {
    return await call(token);
  } catch (err) {
    if (!(err instanceof GoogleError) || !err.unauthorized) throw err;
    return await call(await tokens.refresh(ref, "request", true));
  }
}
