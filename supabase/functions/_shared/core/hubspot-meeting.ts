// How a tour looks in HubSpot (pure): the meeting's properties, the reference that finds
// it again, and which outcome and lead status each state of the booking means.
import type { ProspectTour } from "./prospect-tour.ts";

export type TourState = "confirmed" | "cancelled" | "completed" | "no_show";
export type MeetingOutcome = "SCHEDULED" | "COMPLETED" | "RESCHEDULED" | "NO_SHOW" | "CANCELED";
export type OutcomeKey = "booked" | "completed" | "no_show" | "cancelled";

/**
 * One alphanumeric word that no other meeting carries, written into the meeting's
 * internal notes: HubSpot's search (CONTAINS_TOKEN) finds it as a whole token.
 */
export function meetingRef(bookingId: string): string {
  return `llbooking${bookingId.replace(/-/g, "").toLowerCase()}`;
}

export function meetingOutcome(status: string, rescheduled: boolean): MeetingOutcome {
  switch (status) {
    case "cancelled":
      return "CANCELED";
    case "completed":
      return "COMPLETED";
    case "no_show":
      return "NO_SHOW";
    default:
      return rescheduled ? "RESCHEDULED" : "SCHEDULED";
  }
}

export function outcomeKey(status: string): OutcomeKey {
  return status === "cancelled" ? "cancelled" : status === "completed" ? "completed" : status === "no_show" ? "no_show" : "booked";
}

export interface TourFacts extends ProspectTour {
  bookingId: string;
  status: string;
}

export interface PlaceFacts {
  name: string;
  address: string | null;
  timeZone: string;
}

export function meetingProperties(t: TourFacts, p: PlaceFacts) {
  const when = new Intl.DateTimeFormat("en-US", {
    timeZone: p.timeZone,
    dateStyle: "medium",
    timeStyle: "short",
  }).format(t.startAt);
  const body = [
    `Tour of ${p.name} for ${t.firstName} ${t.lastName} (${t.email}${t.phone ? `, ${t.phone}` : ""}).`,
    `When: ${when} (${p.timeZone}).`,
    t.specialRequests ? `Requests: ${t.specialRequests}` : "",
  ].filter(Boolean).join("\n");
  return {
    hs_timestamp: t.startAt.toISOString(),
    hs_meeting_title: `Apartment tour: ${p.name}`,
    hs_meeting_body: body,
    hs_internal_meeting_notes: `LumaLeasing tour booking ${t.bookingId}. Reference ${meetingRef(t.bookingId)}.`,
    hs_meeting_location: p.address ?? p.name,
    hs_meeting_start_time: t.startAt.toISOString(),
    hs_meeting_end_time: t.endAt.toISOString(),
    hs_meeting_outcome: meetingOutcome(t.status, t.previousStartAt !== null),
  };
}
