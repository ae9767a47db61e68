// A tour as an event in the agent's Google Calendar: its body, a create that a retry can
// never double (the event id is chosen from the booking), and a cancel that tolerates an
// event already gone.
import { deleteEvent, type GoogleEventInput, insertEvent, updateEvent } from "./google-calendar.ts";
import type { GoogleConfig } from "./google-config.ts";
import { GoogleError } from "./google-error.ts";

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

export function tourEventBody(e: TourEvent): GoogleEventInput {
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
  const event = tourEventBody(e);
  try {
    const res = await insertEvent(cfg, { accessToken, calendarId, event, sendUpdates: "all", timeoutMs });
    return { id: res.id, htmlLink: res.htmlLink, etag: res.etag, created: true };
  } catch (err) {
    if (!(err instanceof GoogleError) || err.status !== 409) throw err;
  }
  const res = await updateEvent(cfg, { accessToken, calendarId, eventId: e.id, event, sendUpdates: "all", timeoutMs });
  return { id: res.id, htmlLink: res.htmlLink, etag: res.etag, created: false };
}

/** Cancels the event; Google tells the attendees (sendUpdates=all). Already gone is fine. */
export async function cancelTourEvent(cfg: GoogleConfig, accessToken: string, calendarId: string, eventId: string, timeoutMs = 10000) {
  try {
    await deleteEvent(cfg, { accessToken, calendarId, eventId, sendUpdates: "all", timeoutMs });
  } catch (err) {
    if (err instanceof GoogleError && (err.status === 404 || err.status === 410)) return;
    throw err;
  }
}

/** A booking id (uuid) as a Google event id: base32hex characters only, stable. */
export function eventIdForBooking(bookingId: string): string {
  // A uuid's hex digits are all base32hex already.
  return `ll${bookingId.replace(/-/g, "").toLowerCase()}`;
}
