// What Google answers, as far as we read it: OAuth 2.0 (token, userinfo) and Calendar v3
// (settings, freeBusy, events, channels). Fields we do not read may be anything and
// fields Google adds are allowed (and dropped), so only a change in what we rely on fails
// the check. Error bodies are read leniently elsewhere (google-error.ts), never checked.
import { z } from "zod";

// ----------------------------------------------------------------------------- OAuth 2.0

/** POST /token: authorization_code and refresh_token grants. */
export const TokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().int().nonnegative(),
  token_type: z.string().optional(),
  /** Only on the first consent of an offline grant (or with prompt=consent), never on refresh. */
  refresh_token: z.string().min(1).optional(),
  /** Only for time-limited grants (a "Testing" app: 7 days). */
  refresh_token_expires_in: z.coerce.number().int().positive().optional(),
  scope: z.string().optional(),
  id_token: z.string().optional(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;

/** GET openidconnect …/v1/userinfo with the openid, email and profile scopes. */
export const UserInfo = z.object({
  sub: z.string().min(1),
  email: z.string().min(3),
  email_verified: z.boolean().optional(),
  name: z.string().optional(),
});
export type UserInfo = z.infer<typeof UserInfo>;

// ----------------------------------------------------------------------------- Calendar v3

/** GET /calendar/v3/users/me/settings/{setting}. */
export const CalendarSetting = z.object({
  kind: z.literal("calendar#setting").optional(),
  id: z.string(),
  value: z.string(),
});

const FreeBusyCalendar = z.object({
  busy: z.array(z.object({ start: z.string(), end: z.string() })).optional(),
  errors: z.array(z.object({ domain: z.string().optional(), reason: z.string() })).optional(),
});

/** POST /calendar/v3/freeBusy. */
export const FreeBusyResponse = z.object({
  kind: z.literal("calendar#freeBusy").optional(),
  timeMin: z.string().optional(),
  timeMax: z.string().optional(),
  calendars: z.record(z.string(), FreeBusyCalendar).optional(),
});

const EventDateTime = z.object({
  dateTime: z.string().optional(),
  date: z.string().optional(),
  timeZone: z.string().optional(),
});

/**
 * An event as events.get/insert/update/patch/list return it. A deletion seen through a
 * sync token is guaranteed only its id (and status "cancelled"), so all else is optional.
 */
export const GoogleEvent = z.object({
  kind: z.string().optional(),
  id: z.string().min(1),
  etag: z.string().optional(),
  status: z.string().optional(),
  htmlLink: z.string().optional(),
  iCalUID: z.string().optional(),
  created: z.string().optional(),
  updated: z.string().optional(),
  sequence: z.number().optional(),
  summary: z.string().optional(),
  description: z.string().optional(),
  location: z.string().optional(),
  start: EventDateTime.optional(),
  end: EventDateTime.optional(),
  transparency: z.string().optional(),
  attendees: z.array(z.object({ email: z.string().optional(), displayName: z.string().optional() })).optional(),
  extendedProperties: z.object({
    private: z.record(z.string(), z.string()).optional(),
    shared: z.record(z.string(), z.string()).optional(),
  }).optional(),
});
export type GoogleEvent = z.infer<typeof GoogleEvent>;

/** GET /calendar/v3/calendars/{id}/events: nextSyncToken only on the last page. */
export const EventList = z.object({
  kind: z.string().optional(),
  items: z.array(GoogleEvent).default([]),
  nextPageToken: z.string().optional(),
  nextSyncToken: z.string().optional(),
  timeZone: z.string().optional(),
});
export type EventList = z.infer<typeof EventList>;

/** events.watch's answer; `expiration` is milliseconds since the epoch, as a string. */
export const GoogleChannel = z.object({
  kind: z.string().optional(),
  id: z.string().min(1),
  resourceId: z.string().min(1),
  resourceUri: z.string().optional(),
  token: z.string().optional(),
  expiration: z.coerce.number().int().positive().optional(),
});
export type GoogleChannel = z.infer<typeof GoogleChannel>;
