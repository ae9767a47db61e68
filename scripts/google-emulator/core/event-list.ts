// events.list: filters, ordering, keyset paging, and incremental sync with sync tokens (410 when they go stale).
import { apiErrors } from "./errors.ts";
import { base64UrlDecode, base64UrlEncode } from "./ids.ts";
import { calendarTimeZone, deletedView } from "./events.ts";
import { type EmulatorState, nowMs } from "./state.ts";
import { parseInstant } from "./time.ts";
import type { CalendarStore, GoogleEvent, StoredEvent } from "./types.ts";

/** Parameters Google refuses next to a syncToken. */
const forbiddenWithSync = [
  "timeMin",
  "timeMax",
  "orderBy",
  "q",
  "iCalUID",
  "updatedMin",
  "privateExtendedProperty",
  "sharedExtendedProperty",
];

interface SyncCursor {
  c: string; // calendar id
  s: number; // change number the token covers up to
  e: number; // emulator epoch
  g: number; // calendar's sync generation
}

interface PageCursor {
  k: [number, string]; // last sort key returned
  s: number; // change number when the listing began
  f: string; // fingerprint of the query the cursor belongs to
  y?: number; // incremental listing: changes after this number
}

const encode = (value: unknown) => base64UrlEncode(JSON.stringify(value));

function decode<T>(text: string): T | undefined {
  try {
    return JSON.parse(base64UrlDecode(text)) as T;
  } catch {
    return undefined;
  }
}

export function syncTokenFor(state: EmulatorState, calendar: CalendarStore, seq: number): string {
  return `CE${encode({ c: calendar.id, s: seq, e: state.epoch, g: calendar.syncGeneration } satisfies SyncCursor)}`;
}

function readSyncToken(state: EmulatorState, calendar: CalendarStore, token: string): number {
  const cursor = token.startsWith("CE") ? decode<SyncCursor>(token.slice(2)) : undefined;
  if (
    !cursor || cursor.c !== calendar.id || cursor.e !== state.epoch || typeof cursor.s !== "number" ||
    cursor.g !== calendar.syncGeneration || cursor.s > state.changeSeq
  ) throw apiErrors.fullSyncRequired();
  return cursor.s;
}

function extendedPropertyFilters(values: string[], field: string): [string, string][] {
  return values.map((entry) => {
    const at = entry.indexOf("=");
    if (at <= 0) throw apiErrors.invalid(`Invalid value for: ${field}`, field);
    return [entry.slice(0, at), entry.slice(at + 1)];
  });
}

function bool(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null) return false;
  if (value !== "true" && value !== "false") throw apiErrors.invalid(`Invalid boolean value: ${value}`, name);
  return value === "true";
}

function instantParam(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  const ms = parseInstant(text);
  if (ms === null) throw apiErrors.badRequest();
  return ms;
}

function matchesText(event: GoogleEvent, q: string): boolean {
  const haystack = [
    event.summary,
    event.description,
    event.location,
    ...(event.attendees ?? []).flatMap((a) => [a.email, a.displayName]),
  ].filter(Boolean).join("\n").toLowerCase();
  return q.toLowerCase().split(/\s+/).filter(Boolean).every((word) => haystack.includes(word));
}

function fingerprint(query: URLSearchParams): string {
  const paging = new Set(["pageToken", "maxResults", "syncToken"]);
  const entries = [...query.entries()].filter(([k]) => !paging.has(k)).sort();
  return encode(entries).slice(0, 48);
}

const compareKeys = (a: [number, string], b: [number, string]) => a[0] - b[0] || a[1].localeCompare(b[1]);

export interface EventsListResponse {
  kind: "calendar#events";
  etag: string;
  summary: string;
  description: string;
  updated: string;
  timeZone: string;
  accessRole: "owner";
  defaultReminders: { method: string; minutes: number }[];
  nextPageToken?: string;
  nextSyncToken?: string;
  items: Partial<GoogleEvent>[];
}

export function listEvents(state: EmulatorState, calendar: CalendarStore, query: URLSearchParams): EventsListResponse {
  const syncToken = query.get("syncToken");
  if (syncToken !== null) {
    const used = forbiddenWithSync.filter((name) => query.has(name));
    if (used.length) {
      throw apiErrors.invalid(`The sync token cannot be combined with these parameters: ${used.join(", ")}.`, used[0]);
    }
  }
  const maxText = query.get("maxResults");
  const maxRequested = maxText === null ? 250 : Number(maxText);
  if (!Number.isInteger(maxRequested) || maxRequested < 1) {
    throw apiErrors.invalid("Invalid value for: maxResults", "maxResults");
  }
  const maxResults = Math.min(maxRequested, 2500);
  const singleEvents = bool(query, "singleEvents");
  const orderBy = query.get("orderBy");
  if (orderBy !== null && orderBy !== "startTime" && orderBy !== "updated") {
    throw apiErrors.invalid(`Invalid value for: orderBy`, "orderBy");
  }
  if (orderBy === "startTime" && !singleEvents) {
    throw apiErrors.badRequest("The requested ordering is not available for the particular query.");
  }
  const timeMin = instantParam(query, "timeMin");
  const timeMax = instantParam(query, "timeMax");
  if (timeMin !== undefined && timeMax !== undefined && timeMax <= timeMin) throw apiErrors.timeRangeEmpty();
  const updatedMin = instantParam(query, "updatedMin");
  const privateFilters = extendedPropertyFilters(query.getAll("privateExtendedProperty"), "privateExtendedProperty");
  const sharedFilters = extendedPropertyFilters(query.getAll("sharedExtendedProperty"), "sharedExtendedProperty");
  const showDeleted = bool(query, "showDeleted");
  const q = query.get("q");
  const iCalUID = query.get("iCalUID");

  const pageTokenText = query.get("pageToken");
  const page = pageTokenText !== null ? decode<PageCursor>(pageTokenText) : undefined;
  if (pageTokenText !== null && (!page || page.f !== fingerprint(query))) {
    throw apiErrors.invalid("Invalid page token.", "pageToken");
  }
  const snapshotSeq = page?.s ?? state.changeSeq;
  // A page cursor carries its own mode, so later pages work with or without the syncToken repeated.
  const sinceSeq = page ? page.y : syncToken !== null ? readSyncToken(state, calendar, syncToken) : undefined;

  const keyOf = (event: StoredEvent): [number, string] =>
    sinceSeq !== undefined
      ? [event.changeSeq, event.resource.id]
      : orderBy === "updated"
      ? [Date.parse(event.resource.updated), event.resource.id]
      : [event.startMs, event.resource.id];

  const selected = [...calendar.events.values()].filter((event) => {
    const r = event.resource;
    if (sinceSeq !== undefined) return event.changeSeq > sinceSeq && event.changeSeq <= snapshotSeq;
    const hidden = r.status === "cancelled";
    if (hidden && !showDeleted && !(updatedMin !== undefined)) return false;
    if (timeMin !== undefined && event.endMs <= timeMin) return false;
    if (timeMax !== undefined && event.startMs >= timeMax) return false;
    if (updatedMin !== undefined && Date.parse(r.updated) < updatedMin) return false;
    if (iCalUID !== null && r.iCalUID !== iCalUID) return false;
    if (q !== null && !matchesText(r, q)) return false;
    if (privateFilters.some(([k, v]) => r.extendedProperties?.private?.[k] !== v)) return false;
    if (sharedFilters.some(([k, v]) => r.extendedProperties?.shared?.[k] !== v)) return false;
    return true;
  }).sort((a, b) => compareKeys(keyOf(a), keyOf(b)));

  const remaining = page ? selected.filter((event) => compareKeys(keyOf(event), page.k) > 0) : selected;
  const pageItems = remaining.slice(0, maxResults);
  const more = remaining.length > maxResults;
  const response: EventsListResponse = {
    kind: "calendar#events",
    etag: `"p${snapshotSeq}"`,
    summary: calendar.id,
    description: "",
    updated: new Date(nowMs(state)).toISOString(),
    timeZone: calendarTimeZone(state, calendar),
    accessRole: "owner",
    defaultReminders: [{ method: "popup", minutes: 10 }],
    items: pageItems.map((event) => event.deleted ? deletedView(event) : structuredClone(event.resource)),
  };
  if (more) {
    response.nextPageToken = encode(
      {
        k: keyOf(pageItems[pageItems.length - 1]),
        s: snapshotSeq,
        f: fingerprint(query),
        y: sinceSeq,
      } satisfies PageCursor,
    );
  } else {
    response.nextSyncToken = syncTokenFor(state, calendar, snapshotSeq);
  }
  return response;
}

/** Makes every sync token issued so far for this calendar answer 410 (as Google does when tokens expire). */
export function expireSyncTokens(calendar: CalendarStore): void {
  calendar.syncGeneration += 1;
}
