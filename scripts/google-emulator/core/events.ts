// Calendar v3 events: validation, insert / get / update / patch / delete, with Google's etag, sequence and deletion rules.
import { liveAccount } from "./accounts.ts";
import { apiErrors } from "./errors.ts";
import { base64UrlEncode, isValidEventId, newEventId } from "./ids.ts";
import { emitChange, type EmulatorState, nextChangeSeq, nowMs } from "./state.ts";
import { formatWithOffset, resolveEventTime } from "./time.ts";
import type { Account, Attendee, CalendarStore, EventDateTime, GoogleEvent, StoredEvent } from "./types.ts";

export type Via = "api" | "control";

export interface WriteOptions {
  sendUpdates?: string | null;
  ifMatch?: string | null;
  via?: Via;
}

/** Resolves a calendar id (`primary` or an email) the caller may use; others are "Not Found" as in Google. */
export function calendarFor(state: EmulatorState, account: Account | undefined, calendarId: string): CalendarStore {
  const id = calendarId === "primary" && account ? account.email : calendarId.toLowerCase();
  const calendar = state.calendars.get(id);
  if (!calendar || !liveAccount(state, calendar.ownerEmail)) throw apiErrors.notFound();
  if (account && calendar.ownerEmail !== account.email) throw apiErrors.notFound();
  return calendar;
}

export const calendarTimeZone = (state: EmulatorState, calendar: CalendarStore) =>
  state.accounts.get(calendar.ownerEmail)?.timeZone ?? "UTC";

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const serverFields = new Set([
  "kind",
  "etag",
  "htmlLink",
  "created",
  "updated",
  "creator",
  "organizer",
  "iCalUID",
  "sequence",
  "eventType",
]);

function checkString(body: Record<string, unknown>, field: string): void {
  if (body[field] !== undefined && body[field] !== null && typeof body[field] !== "string") {
    throw apiErrors.invalid(`Invalid value for: ${field}`, field);
  }
}

function normalizeTime(
  value: unknown,
  field: "start" | "end",
  zone: string,
): { value: EventDateTime; ms: number } {
  if (!isObject(value)) throw apiErrors.required(`Missing ${field} time.`);
  const input = value as EventDateTime;
  const resolved = resolveEventTime(input, zone);
  if (!resolved.ok) {
    if (resolved.problem === "zone" && input.timeZone) {
      throw apiErrors.invalid(`Invalid time zone definition for ${field} time.`);
    }
    if (resolved.problem === "zone") throw apiErrors.required(`Missing time zone definition for ${field} time.`);
    throw apiErrors.invalid(`Invalid ${field} time.`);
  }
  const out: EventDateTime = input.dateTime
    ? { dateTime: formatWithOffset(resolved.ms, input.timeZone ?? zone) }
    : { date: input.date };
  if (input.timeZone) out.timeZone = input.timeZone;
  return { value: out, ms: resolved.ms };
}

function normalizeAttendees(value: unknown, ownerEmail: string): Attendee[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw apiErrors.invalid("Invalid attendees.", "attendees");
  const responses = new Set(["needsAction", "declined", "tentative", "accepted"]);
  return value.map((raw) => {
    if (!isObject(raw) || typeof raw.email !== "string" || !raw.email.includes("@")) {
      throw apiErrors.required("Missing attendee email.");
    }
    const responseStatus = (raw.responseStatus ?? "needsAction") as Attendee["responseStatus"];
    if (!responses.has(responseStatus)) throw apiErrors.invalid("Invalid attendee responseStatus.");
    const email = raw.email.trim();
    const attendee: Attendee = { ...(raw as Partial<Attendee>), email, responseStatus };
    if (email.toLowerCase() === ownerEmail) {
      attendee.self = true;
      attendee.organizer = true;
    }
    return attendee;
  });
}

function validateReminders(value: unknown): GoogleEvent["reminders"] {
  if (value === undefined || value === null) return { useDefault: true };
  if (!isObject(value)) throw apiErrors.invalid("Invalid reminders.", "reminders");
  const overrides = value.overrides;
  if (overrides !== undefined) {
    if (!Array.isArray(overrides)) throw apiErrors.invalid("Invalid reminder overrides.");
    if (overrides.length > 5) throw apiErrors.invalid("Too many reminders.");
    for (const o of overrides) {
      if (!isObject(o) || (o.method !== "email" && o.method !== "popup")) {
        throw apiErrors.invalid("Invalid reminder method.");
      }
      if (typeof o.minutes !== "number" || !Number.isInteger(o.minutes) || o.minutes < 0 || o.minutes > 40320) {
        throw apiErrors.invalid("Invalid reminder minutes.");
      }
    }
    if (value.useDefault === true && overrides.length > 0) {
      throw apiErrors.badRequest("Cannot specify both default reminders and overrides at the same time.");
    }
  }
  return { useDefault: Boolean(value.useDefault), ...(overrides ? { overrides: overrides as [] } : {}) };
}

function validateExtendedProperties(value: unknown): GoogleEvent["extendedProperties"] {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw apiErrors.invalid("Invalid extendedProperties.", "extendedProperties");
  for (const scope of ["private", "shared"] as const) {
    const map = value[scope];
    if (map === undefined) continue;
    if (!isObject(map) || Object.values(map).some((v) => typeof v !== "string")) {
      throw apiErrors.invalid(`Invalid extendedProperties.${scope}: values must be strings.`);
    }
  }
  return value as GoogleEvent["extendedProperties"];
}

/** Builds the stored form of an event body (insert and update share this). */
function buildEvent(
  state: EmulatorState,
  calendar: CalendarStore,
  body: Record<string, unknown>,
  previous: StoredEvent | undefined,
  id: string,
): StoredEvent {
  for (const field of ["summary", "description", "location", "colorId", "visibility"]) checkString(body, field);
  const status = (body.status ?? "confirmed") as GoogleEvent["status"];
  if (!["confirmed", "tentative", "cancelled"].includes(status)) {
    throw apiErrors.invalid("Invalid status value.", "status");
  }
  const transparency = body.transparency as GoogleEvent["transparency"] | undefined;
  if (transparency !== undefined && transparency !== "opaque" && transparency !== "transparent") {
    throw apiErrors.invalid("Invalid transparency value.", "transparency");
  }
  const zone = calendarTimeZone(state, calendar);
  const start = normalizeTime(body.start, "start", zone);
  const end = normalizeTime(body.end, "end", zone);
  if (end.ms < start.ms) throw apiErrors.timeRangeEmpty();
  if (Boolean(start.value.date) !== Boolean(end.value.date)) {
    throw apiErrors.badRequest("Start and end times must either both be date or both be dateTime.");
  }
  const now = new Date(nowMs(state)).toISOString();
  const owner = { email: calendar.ownerEmail, self: true };
  const extras = Object.fromEntries(Object.entries(body).filter(([key]) => !serverFields.has(key)));
  const resource: GoogleEvent = {
    ...extras,
    kind: "calendar#event",
    etag: "",
    id,
    status,
    htmlLink: `${state.publicUrl}/calendar/event?eid=${base64UrlEncode(`${id} ${calendar.id}`)}`,
    created: previous?.resource.created ?? now,
    updated: now,
    creator: previous?.resource.creator ?? owner,
    organizer: previous?.resource.organizer ?? owner,
    start: start.value,
    end: end.value,
    iCalUID: previous?.resource.iCalUID ?? (typeof body.iCalUID === "string" ? body.iCalUID : `${id}@google.com`),
    sequence: previous ? previous.resource.sequence + 1 : 0,
    reminders: validateReminders(body.reminders),
    eventType: "default",
  };
  const attendees = normalizeAttendees(body.attendees, calendar.ownerEmail);
  if (attendees) resource.attendees = attendees;
  else delete resource.attendees;
  const extendedProperties = validateExtendedProperties(body.extendedProperties);
  if (extendedProperties) resource.extendedProperties = extendedProperties;
  else delete resource.extendedProperties;
  if (transparency === "transparent") resource.transparency = "transparent";
  else delete resource.transparency;
  for (const [key, value] of Object.entries(resource)) if (value === null) delete resource[key];
  return { resource, startMs: start.ms, endMs: end.ms, changeSeq: 0, deleted: false };
}

function commit(state: EmulatorState, calendar: CalendarStore, event: StoredEvent): GoogleEvent {
  event.changeSeq = nextChangeSeq(state);
  event.resource.etag = `"${nowMs(state)}${String(event.changeSeq % 1000).padStart(3, "0")}"`;
  calendar.events.set(event.resource.id, event);
  emitChange(state, { calendarId: calendar.id, kind: "events" });
  return structuredClone(event.resource);
}

function recordSendUpdates(
  state: EmulatorState,
  action: "insert" | "update" | "patch" | "delete",
  calendar: CalendarStore,
  eventId: string,
  options: WriteOptions,
): void {
  const value = options.sendUpdates ?? null;
  if (value !== null && !["all", "externalOnly", "none"].includes(value)) {
    throw apiErrors.invalid(`Invalid value for: sendUpdates`, "sendUpdates");
  }
  state.sendUpdatesLog.push({
    at: new Date(nowMs(state)).toISOString(),
    action,
    calendarId: calendar.id,
    eventId,
    sendUpdates: value,
    via: options.via ?? "api",
  });
  if (state.sendUpdatesLog.length > state.config.requestLogLimit) state.sendUpdatesLog.shift();
}

function checkIfMatch(event: StoredEvent, ifMatch: string | null | undefined): void {
  if (ifMatch && ifMatch !== "*" && ifMatch !== event.resource.etag) throw apiErrors.conditionNotMet();
}

export function insertEvent(
  state: EmulatorState,
  calendar: CalendarStore,
  body: unknown,
  options: WriteOptions = {},
): GoogleEvent {
  if (!isObject(body)) throw apiErrors.badRequest("A request body is required.");
  let id: string;
  if (body.id !== undefined) {
    if (typeof body.id !== "string" || !isValidEventId(body.id)) throw apiErrors.invalid("Invalid resource id value.");
    id = body.id;
    // Deleted events keep their id: re-inserting one is a duplicate, as in Google.
    if (calendar.events.has(id)) throw apiErrors.duplicate();
  } else {
    id = newEventId();
  }
  const event = buildEvent(state, calendar, body, undefined, id);
  recordSendUpdates(state, "insert", calendar, id, options);
  return commit(state, calendar, event);
}

function existing(calendar: CalendarStore, eventId: string): StoredEvent {
  const event = calendar.events.get(eventId);
  if (!event) throw apiErrors.notFound();
  return event;
}

export function getEvent(calendar: CalendarStore, eventId: string): GoogleEvent {
  return structuredClone(existing(calendar, eventId).resource);
}

/**
 * Update and patch check, record and commit alike and differ only in the fields they hand on:
 * update takes the body as the whole event, patch merges the body into the stored one.
 */
function eventRewrite(action: "update" | "patch") {
  return (
    state: EmulatorState,
    calendar: CalendarStore,
    eventId: string,
    body: unknown,
    options: WriteOptions = {},
  ): GoogleEvent => {
    if (!isObject(body)) throw apiErrors.badRequest("A request body is required.");
    const previous = existing(calendar, eventId);
    checkIfMatch(previous, options.ifMatch);
    if (body.id !== undefined && body.id !== eventId) throw apiErrors.invalid("Invalid resource id value.");
    const next = action === "patch" ? patchedBody(previous, body) : { ...body, id: eventId };
    const event = buildEvent(state, calendar, next, previous, eventId);
    event.deleted = previous.deleted && event.resource.status === "cancelled";
    recordSendUpdates(state, action, calendar, eventId, options);
    return commit(state, calendar, event);
  };
}

/** PUT: the body replaces the event (server-owned fields survive). */
export const updateEvent = eventRewrite("update");

/** PATCH: nested objects merge, arrays and scalars replace, null clears — Google's patch semantics. */
export const patchEvent = eventRewrite("patch");

/** The stored event with the patch merged in. */
function patchedBody(previous: StoredEvent, patch: Record<string, unknown>): Record<string, unknown> {
  const current = structuredClone(previous.resource) as unknown as Record<string, unknown>;
  // A start that switches between date and dateTime replaces the object rather than merging into it.
  for (const key of ["start", "end"]) {
    if (isObject(patch[key])) current[key] = {};
  }
  return mergePatch(current, patch);
}

function mergePatch(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isObject(value) && isObject(out[key])) out[key] = mergePatch(out[key] as Record<string, unknown>, value);
    else out[key] = value;
  }
  return out;
}

/** DELETE: the event stays, cancelled, so incremental sync can report it. */
export function deleteEvent(
  state: EmulatorState,
  calendar: CalendarStore,
  eventId: string,
  options: WriteOptions = {},
): void {
  const event = existing(calendar, eventId);
  if (event.deleted) throw apiErrors.deleted();
  checkIfMatch(event, options.ifMatch);
  recordSendUpdates(state, "delete", calendar, eventId, options);
  event.deleted = true;
  event.resource.status = "cancelled";
  event.resource.updated = new Date(nowMs(state)).toISOString();
  event.resource.sequence += 1;
  commit(state, calendar, event);
}

/** What list/sync shows for a deleted event: Google guarantees only the id. */
export function deletedView(event: StoredEvent): Partial<GoogleEvent> {
  return {
    kind: "calendar#event",
    etag: event.resource.etag,
    id: event.resource.id,
    status: "cancelled",
  };
}
