// Google OAuth 2.0 and Calendar v3 over fetch: typed calls, a timeout on each, answers
// checked with zod, failures as GoogleError. No Google client library, so the functions
// boot on the Edge Runtime's Deno without Node compatibility shims. One import for callers:
//   google-config.ts      scopes, endpoints
//   google-error.ts       GoogleError, retry rules, withGoogleRetry
//   google-http.ts        the request every call goes through
//   google-oauth.ts       consent URL, token (code, refresh), revoke, userinfo
//   google-calendar.ts    settings, freeBusy, events, watch channels
//   google-tour-event.ts  a booking's event (create-or-update, cancel, its id)
export { GOOGLE_SCOPES, type GoogleConfig, googleConfig } from "./google-config.ts";
export { GoogleError, googleErrorFromResponse, isRetryableGoogleStatus, toGoogleError, withGoogleRetry } from "./google-error.ts";
export { authorizationUrl, exchangeCode, refreshAccessToken, revokeToken, type TokenSet, userInfo } from "./google-oauth.ts";
export {
  type BusyInterval,
  calendarTimeZone,
  deleteEvent,
  type EventList,
  getEvent,
  type GoogleChannel,
  type GoogleEvent,
  type GoogleEventInput,
  insertEvent,
  listAllEvents,
  listEvents,
  type ListEventsParams,
  patchEvent,
  queryFreeBusy,
  type SendUpdates,
  stopWatchChannel,
  updateEvent,
  watchEvents,
  type WatchRequest,
} from "./google-calendar.ts";
export { cancelTourEvent, eventIdForBooking, type TourEvent, tourEventBody, upsertTourEvent } from "./google-tour-event.ts";
