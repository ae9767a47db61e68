// Google Calendar API v3, the calls we make: the account's time zone, free/busy, events
// (insert, update, patch, get, delete, list with paging and sync tokens), push channels
// (events.watch, channels.stop). Each call takes the access token and a timeout.
import {
  CalendarSetting,
  EventList,
  FreeBusyResponse,
  GoogleChannel,
  GoogleEvent,
} from "../contracts/google.ts";
import type { GoogleConfig } from "./google-config.ts";
import { GoogleError } from "./google-error.ts";
import { DEFAULT_GOOGLE_TIMEOUT_MS, googleRequest, type QueryValue } from "./google-http.ts";

export type { EventList, GoogleChannel, GoogleEvent } from "../contracts/google.ts";

export type SendUpdates = "all" | "externalOnly" | "none";

/** What we write into an event (insert, update, patch). */
export interface GoogleEventInput {
  id?: string;
  summary?: string;
  description?: string;
  location?: string;
  start?: { dateTime?: string; date?: string; timeZone?: string };
  end?: { dateTime?: string; date?: string; timeZone?: string };
  attendees?: Array<{ email: string; displayName?: string; optional?: boolean; responseStatus?: string }>;
  reminders?: { useDefault: boolean; overrides?: Array<{ method: "email" | "popup"; minutes: number }> };
  extendedProperties?: { private?: Record<string, string>; shared?: Record<string, string> };
  status?: "confirmed" | "tentative" | "cancelled";
  transparency?: "opaque" | "transparent";
}

interface Call {
  accessToken: string;
  timeoutMs?: number;
}

const v3 = (cfg: GoogleConfig, path: string) => `${cfg.apiRootUrl}calendar/v3/${path}`;
const eventsUrl = (cfg: GoogleConfig, calendarId: string) => v3(cfg, `calendars/${encodeURIComponent(calendarId)}/events`);
const eventUrl = (cfg: GoogleConfig, calendarId: string, eventId: string) =>
  `${eventsUrl(cfg, calendarId)}/${encodeURIComponent(eventId)}`;

// ----------------------------------------------------------------------------- settings

/** The account's time zone (calendar.settings.readonly). */
export async function calendarTimeZone(cfg: GoogleConfig, accessToken: string, timeoutMs = 8000): Promise<string | undefined> {
  const setting = await googleRequest({
    what: "settings.get",
    method: "GET",
    url: v3(cfg, "users/me/settings/timezone"),
    accessToken,
    schema: CalendarSetting,
    timeoutMs,
  });
  return setting.value || undefined;
}

// ----------------------------------------------------------------------------- free/busy

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
  const res = await googleRequest({
    what: "freeBusy.query",
    method: "POST",
    url: v3(cfg, "freeBusy"),
    accessToken,
    json: {
      timeMin: args.timeMin.toISOString(),
      timeMax: args.timeMax.toISOString(),
      items: args.calendarIds.map((id) => ({ id })),
    },
    schema: FreeBusyResponse,
    timeoutMs: args.timeoutMs,
  });
  const busy = new Map<string, BusyInterval[]>();
  const failed = new Map<string, string>();
  for (const id of args.calendarIds) {
    const entry = res.calendars?.[id];
    if (!entry || entry.errors?.length) {
      failed.set(id, entry?.errors?.[0]?.reason ?? "notFound");
      continue;
    }
    const intervals = (entry.busy ?? []).map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end) }));
    if (intervals.some((b) => Number.isNaN(b.start) || Number.isNaN(b.end))) {
      failed.set(id, "invalid_response");
      continue;
    }
    busy.set(id, intervals);
  }
  return { busy, failed };
}

// ----------------------------------------------------------------------------- events

export async function insertEvent(
  cfg: GoogleConfig,
  call: Call & { calendarId: string; event: GoogleEventInput; sendUpdates?: SendUpdates },
): Promise<GoogleEvent> {
  return await writeEvent("events.insert", "POST", eventsUrl(cfg, call.calendarId), call, call.event);
}

/** Replaces the event (PUT): fields left out are cleared. */
export async function updateEvent(
  cfg: GoogleConfig,
  call: Call & { calendarId: string; eventId: string; event: GoogleEventInput; sendUpdates?: SendUpdates },
): Promise<GoogleEvent> {
  return await writeEvent("events.update", "PUT", eventUrl(cfg, call.calendarId, call.eventId), call, call.event);
}

/** Changes only the fields given (objects merge, arrays are replaced). */
export async function patchEvent(
  cfg: GoogleConfig,
  call: Call & { calendarId: string; eventId: string; patch: GoogleEventInput; sendUpdates?: SendUpdates },
): Promise<GoogleEvent> {
  return await writeEvent("events.patch", "PATCH", eventUrl(cfg, call.calendarId, call.eventId), call, call.patch);
}

/** Insert, update and patch: one write, differing only in method, address and body. */
async function writeEvent(
  what: string,
  method: "POST" | "PUT" | "PATCH",
  url: string,
  call: Call & { sendUpdates?: SendUpdates },
  body: GoogleEventInput,
): Promise<GoogleEvent> {
  return await googleRequest({
    what,
    method,
    url,
    query: { sendUpdates: call.sendUpdates },
    accessToken: call.accessToken,
    json: body,
    schema: GoogleEvent,
    timeoutMs: call.timeoutMs ?? DEFAULT_GOOGLE_TIMEOUT_MS,
  });
}

export async function getEvent(cfg: GoogleConfig, call: Call & { calendarId: string; eventId: string }): Promise<GoogleEvent> {
  return await googleRequest({
    what: "events.get",
    method: "GET",
    url: eventUrl(cfg, call.calendarId, call.eventId),
    accessToken: call.accessToken,
    schema: GoogleEvent,
    timeoutMs: call.timeoutMs ?? DEFAULT_GOOGLE_TIMEOUT_MS,
  });
}

/** 204 on success; an event already deleted answers 410, an unknown one 404. */
export async function deleteEvent(
  cfg: GoogleConfig,
  call: Call & { calendarId: string; eventId: string; sendUpdates?: SendUpdates },
): Promise<void> {
  await googleRequest({
    what: "events.delete",
    method: "DELETE",
    url: eventUrl(cfg, call.calendarId, call.eventId),
    query: { sendUpdates: call.sendUpdates },
    accessToken: call.accessToken,
    schema: undefined,
    timeoutMs: call.timeoutMs ?? DEFAULT_GOOGLE_TIMEOUT_MS,
  });
}

export interface ListEventsParams {
  pageToken?: string;
  /** Changes since the token; with it, timeMin/timeMax/orderBy/updatedMin are refused (400). A stale one → 410. */
  syncToken?: string;
  showDeleted?: boolean;
  singleEvents?: boolean;
  maxResults?: number;
  timeMin?: Date;
  timeMax?: Date;
  updatedMin?: Date;
  orderBy?: "startTime" | "updated";
  /** `name=value` */
  privateExtendedProperty?: string;
}

/** One page of events.list. */
export async function listEvents(
  cfg: GoogleConfig,
  call: Call & { calendarId: string; params?: ListEventsParams },
): Promise<EventList> {
  const p = call.params ?? {};
  const query: Record<string, QueryValue> = {
    pageToken: p.pageToken,
    syncToken: p.syncToken,
    showDeleted: p.showDeleted,
    singleEvents: p.singleEvents,
    maxResults: p.maxResults,
    timeMin: p.timeMin?.toISOString(),
    timeMax: p.timeMax?.toISOString(),
    updatedMin: p.updatedMin?.toISOString(),
    orderBy: p.orderBy,
    privateExtendedProperty: p.privateExtendedProperty,
  };
  return await googleRequest({
    what: "events.list",
    method: "GET",
    url: eventsUrl(cfg, call.calendarId),
    query,
    accessToken: call.accessToken,
    schema: EventList,
    timeoutMs: call.timeoutMs ?? DEFAULT_GOOGLE_TIMEOUT_MS,
  });
}

/** Every page of events.list; `nextSyncToken` comes with the last one. Each page has its own timeout. */
export async function listAllEvents(
  cfg: GoogleConfig,
  call: Call & { calendarId: string; params?: Omit<ListEventsParams, "pageToken">; maxPages?: number },
): Promise<{ items: GoogleEvent[]; nextSyncToken: string | null; pages: number }> {
  const items: GoogleEvent[] = [];
  let pageToken: string | undefined;
  let nextSyncToken: string | null = null;
  let pages = 0;
  do {
    if (pages >= (call.maxPages ?? 100)) {
      throw new GoogleError(`events.list: more than ${call.maxPages ?? 100} pages`, 0, "too_many_pages", false);
    }
    const page = await listEvents(cfg, { ...call, params: { ...call.params, pageToken } });
    pages++;
    items.push(...page.items);
    pageToken = page.nextPageToken;
    nextSyncToken = page.nextSyncToken ?? nextSyncToken;
  } while (pageToken);
  return { items, nextSyncToken, pages };
}

// ----------------------------------------------------------------------------- push channels

export interface WatchRequest {
  /** Our channel id (≤ 64 characters, unique). */
  id: string;
  /** The HTTPS address Google posts notifications to. */
  address: string;
  /** Echoed in X-Goog-Channel-Token (≤ 256 characters). */
  token?: string;
  ttlSeconds?: number;
}

/** events.watch: push notifications for the calendar's events until the channel expires. */
export async function watchEvents(
  cfg: GoogleConfig,
  call: Call & { calendarId: string; channel: WatchRequest },
): Promise<GoogleChannel> {
  const c = call.channel;
  return await googleRequest({
    what: "events.watch",
    method: "POST",
    url: `${eventsUrl(cfg, call.calendarId)}/watch`,
    accessToken: call.accessToken,
    json: {
      id: c.id,
      type: "web_hook",
      address: c.address,
      ...(c.token !== undefined ? { token: c.token } : {}),
      ...(c.ttlSeconds !== undefined ? { params: { ttl: String(c.ttlSeconds) } } : {}),
    },
    schema: GoogleChannel,
    timeoutMs: call.timeoutMs ?? DEFAULT_GOOGLE_TIMEOUT_MS,
  });
}

/** channels.stop; a channel Google does not know (any more) answers 404. */
export async function stopWatchChannel(cfg: GoogleConfig, call: Call & { id: string; resourceId: string }): Promise<void> {
  await googleRequest({
    what: "channels.stop",
    method: "POST",
    url: v3(cfg, "channels/stop"),
    accessToken: call.accessToken,
    json: { id: call.id, resourceId: call.resourceId },
    schema: undefined,
    timeoutMs: call.timeoutMs ?? DEFAULT_GOOGLE_TIMEOUT_MS,
  });
}
