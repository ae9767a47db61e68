// Asking Google for a property's busy time: one free/busy call for all its calendars with
// one calendar's token (the "lead"); a calendar the lead account cannot see is asked with
// its own token. One calendar's dead grant never takes the others down: a 401 gets one
// forced refresh and one retry; a calendar that still fails is left out of the answer (a
// dead grant is marked revoked or expired, with one alert for the manager, by the token
// service) and the next calendar's token leads. Only Google failing as a whole (5xx,
// rate limits, timeouts) fails the fetch, which is what the stale-answer fallback is for.
import type { Clock } from "../adapters/clock.ts";
import type { Sql } from "../adapters/db.ts";
import { type GoogleConfig, GoogleError, queryFreeBusy, withGoogleRetry } from "../adapters/google.ts";
import type { BusyTimes } from "../core/busy-cache.ts";
import { CalendarUnavailableError, type TokenService, withCalendarToken } from "./calendar-tokens.ts";

/** Google must answer within this, retries included, or visitors get the fallback. */
export const GOOGLE_DEADLINE_MS = 2_000;

export interface FetchDeps {
  sql: Sql;
  google: GoogleConfig;
  clock: Clock;
  tokens: TokenService;
}

export interface BusyCalendar {
  /** agent_calendars.id */
  id: string;
  /** Google's calendar id. */
  calendarId: string;
}

/**
 * This calendar cannot be used, whatever Google's state: its grant is gone (invalid_grant,
 * already marked by the token service), it is not connected, or Google refuses its token
 * even fresh from a refresh.
 */
function calendarIsDead(err: unknown): boolean {
  return err instanceof CalendarUnavailableError ||
    (err instanceof GoogleError && (err.invalidGrant || err.unauthorized));
}

export async function fetchBusy(
  deps: FetchDeps,
  propertyId: string,
  calendars: BusyCalendar[],
  timeMin: Date,
  timeMax: Date,
): Promise<BusyTimes> {
  const busy: BusyTimes = new Map();
  const started = Date.now();
  const left = () => Math.max(100, GOOGLE_DEADLINE_MS - (Date.now() - started));
  const ask = (token: string, cals: BusyCalendar[]) =>
    withGoogleRetry((timeoutMs) =>
      queryFreeBusy(deps.google, token, { calendarIds: cals.map((c) => c.calendarId), timeMin, timeMax, timeoutMs }), {
      deadlineMs: left(),
    });
  let pending = calendars; // not yet answered, nor left out
  const ownToken: BusyCalendar[] = [];
  while (pending.length > 0) {
    const [lead] = pending;
    const ref = { propertyId, calendarId: lead.id };
    let token: string;
    try {
      token = await deps.tokens.accessToken(ref);
    } catch (err) {
      // No token for this one (dead grant, or its refresh failed): the next calendar leads.
      if (!(err instanceof CalendarUnavailableError || err instanceof GoogleError)) throw err;
      pending = pending.slice(1);
      continue;
    }
    let answer: Awaited<ReturnType<typeof ask>>;
    try {
      answer = await ask(token, pending);
    } catch (err) {
      // Anything but a 401 is Google's trouble, not this calendar's: the caller's fallback decides.
      if (!(err instanceof GoogleError) || !err.unauthorized) throw err;
      try {
        // Revoked early, or its clock and Google's disagree: one forced refresh, one more try.
        answer = await ask(await deps.tokens.refresh(ref, "request", true), pending);
      } catch (again) {
        if (!calendarIsDead(again)) throw again;
        console.warn(`free/busy: calendar ${lead.id} left out: ${(again as Error).message}`);
        pending = pending.slice(1);
        continue;
      }
    }
    for (const cal of pending) {
      const b = answer.busy.get(cal.calendarId);
      if (b) busy.set(cal.id, b);
      else if (cal !== lead) ownToken.push(cal); // the lead account cannot see it
    }
    break;
  }
  // A calendar the lead account cannot see is asked with its own token.
  await Promise.all(ownToken.map(async (cal) => {
    try {
      const own = await withCalendarToken(deps.tokens, { propertyId, calendarId: cal.id }, (token) =>
        queryFreeBusy(deps.google, token, { calendarIds: [cal.calendarId], timeMin, timeMax, timeoutMs: left() }));
      const b = own.busy.get(cal.calendarId);
      if (b) busy.set(cal.id, b);
    } catch (err) {
      console.warn(`free/busy: calendar ${cal.id} left out: ${err instanceof Error ? err.message : err}`);
    }
  }));
  return busy;
}
