// The leasing office's actions on a tour (the WordPress server, with the site secret):
// each request names the WordPress user who acted, and each lands in the tour's history.
import { z } from "zod";
import { text } from "./text.ts";
import { BookingRequest } from "./widget.ts";

/** The WordPress user who acted (the site's server vouches for it). */
export const ActingUser = z.object({
  wpUserId: z.union([z.number().int().nonnegative(), text().trim().min(1).max(200)]).transform(String),
  wpUserName: text().trim().min(1, "Name the user who acted.").max(200),
}, { error: "by must name the WordPress user: { wpUserId, wpUserName }." });
export type ActingUser = z.infer<typeof ActingUser>;

const start = text({ error: "Pick a time." }).datetime({ offset: true, message: "Pick a time (ISO with an offset)." });

/** POST admin/tours/:id/cancel */
export const OfficeCancelRequest = z.object({
  message: text().trim().max(1000, "Keep the message under 1,000 characters.").optional().nullable(),
  by: ActingUser,
});

/** POST admin/tours/:id/reschedule */
export const OfficeRescheduleRequest = z.object({ start, by: ActingUser });

/** POST admin/tours/:id/reassign */
export const OfficeReassignRequest = z.object({
  agentCalendarId: text().uuid("agentCalendarId must be a connected calendar's id"),
  by: ActingUser,
});

/** POST admin/tours/:id/notes */
export const OfficeNoteRequest = z.object({
  text: text().trim().min(1, "Write the note.").max(4000, "Keep the note under 4,000 characters."),
  by: ActingUser,
});

/** POST admin/tours: a tour booked for someone who phoned or walked in (no honeypot, no session). */
export const OfficeBookingRequest = BookingRequest.omit({ website: true, sessionId: true }).extend({
  source: z.enum(["phone", "walk_in"], { error: 'source must be "phone" or "walk_in".' }),
  by: ActingUser,
});
export type OfficeBookingRequest = z.infer<typeof OfficeBookingRequest>;

export const TourStatus = z.enum(["confirmed", "cancelled", "completed", "no_show"]);

export const HistoryEntry = z.object({
  at: z.string(),
  event: z.enum(["booked", "rescheduled", "cancelled", "outcome", "reassigned", "note", "email", "sms"]),
  actor: z.enum(["prospect", "office", "calendar", "system"]),
  by: z.object({ wpUserId: z.string(), wpUserName: z.string().nullable() }).nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** GET admin/tours/:id */
export const TourDetailResponse = z.object({
  success: z.literal(true),
  timezone: z.string(),
  tour: z.object({
    id: z.string().uuid(),
    start: z.string(),
    end: z.string(),
    status: TourStatus,
    source: z.string(),
    outcomeNeeded: z.boolean(),
    prospect: z.object({
      firstName: z.string(),
      lastName: z.string(),
      email: z.string(),
      phone: z.string().nullable(),
      language: z.string().nullable(),
      answers: z.object({
        moveInDate: z.string().nullable(),
        bedrooms: z.number().nullable(),
        pets: z.string().nullable(),
        specialRequests: z.string().nullable(),
      }),
      smsConsent: z.object({ given: z.boolean(), at: z.string().nullable(), text: z.string().nullable() }),
    }),
    agent: z.object({ calendarId: z.string().uuid(), email: z.string(), name: z.string().nullable() }).nullable(),
  }),
  history: z.array(HistoryEntry),
});
export type TourDetailResponse = z.infer<typeof TourDetailResponse>;

/** What each action answers: the tour as it is now. */
export const OfficeTourResponse = z.object({
  success: z.literal(true),
  tour: z.object({
    id: z.string().uuid(),
    start: z.string(),
    end: z.string(),
    status: TourStatus,
    agentCalendarId: z.string().uuid().nullable(),
  }),
});
export type OfficeTourResponse = z.infer<typeof OfficeTourResponse>;

export const OfficeNoteResponse = z.object({ success: z.literal(true), note: HistoryEntry });

/** GET admin/tours/outcome-needed-count */
export const OutcomeNeededCountResponse = z.object({ success: z.literal(true), count: z.number().int().nonnegative() });

/** How long after a tour's end the office is asked for its outcome. */
export const OUTCOME_NEEDED_AFTER_MS = 48 * 3_600_000;
