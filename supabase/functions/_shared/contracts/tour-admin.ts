// The leasing office's actions on a tour (the WordPress server, with the site secret):
// each request names the WordPress user who acted, and each lands in the tour's history.
import { z } from "zod";
import { isoDate, text } from "./text.ts";
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

/** The most days one tour list may span (`from` to `to`, both included). */
export const TOUR_LIST_MAX_DAYS = 100;
/** The most rows one tour list answers; `capped` says when there were more. */
export const TOUR_LIST_MAX_ROWS = 5000;

const listSource = z.enum(["widget", "admin", "google", "phone", "walk_in"], {
  error: "source must be widget, phone, walk_in, admin or google.",
});

/**
 * GET admin/tours: either `days` (upcoming, as the settings page asks) or a range of
 * property-local dates `from`–`to` (both included, at most 100 days), with filters.
 */
export const TourListQuery = z.object({
  days: z.coerce.number({ error: "days must be a number from 1 to 90." }).int("days must be a whole number.")
    .min(1, "days must be from 1 to 90.").max(90, "days must be from 1 to 90.").optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  agent: text().uuid("agent must be an agent calendar's id.").optional(),
  status: z.array(TourStatus.or(z.literal("outcome_needed"))).max(5).optional(),
  source: listSource.optional(),
  q: text().trim().max(200, "Keep the search under 200 characters.").optional(),
  /** The calendar's month: only each local day's first `perDay` tours, with every day's total in `dayTotals`. */
  perDay: z.coerce.number({ error: "perDay must be a number from 1 to 20." }).int("perDay must be a whole number.")
    .min(1, "perDay must be from 1 to 20.").max(20, "perDay must be from 1 to 20.").optional(),
}).superRefine((v, ctx) => {
  if ((v.from === undefined) !== (v.to === undefined)) {
    ctx.addIssue({ code: "custom", path: [v.from === undefined ? "from" : "to"], message: "Give both from and to." });
    return;
  }
  if (v.from && v.to) {
    const span = (Date.parse(`${v.to}T00:00:00Z`) - Date.parse(`${v.from}T00:00:00Z`)) / 86_400_000 + 1;
    if (span < 1) ctx.addIssue({ code: "custom", path: ["to"], message: "to must be on or after from." });
    else if (span > TOUR_LIST_MAX_DAYS) ctx.addIssue({ code: "custom", path: ["to"], message: `Ask for at most ${TOUR_LIST_MAX_DAYS} days.` });
  }
});
export type TourListQuery = z.infer<typeof TourListQuery>;

export const TourListRow = z.object({
  id: z.string().uuid(),
  start: z.string(),
  end: z.string(),
  localDate: z.string(),
  localTime: z.string(),
  status: TourStatus,
  source: z.string(),
  prospectName: z.string(),
  prospectEmail: z.string(),
  prospectPhone: z.string().nullable(),
  agentEmail: z.string().nullable(),
  agent: z.object({ calendarId: z.string().uuid(), email: z.string(), name: z.string().nullable() }).nullable(),
  outcomeNeeded: z.boolean(),
});
export type TourListRow = z.infer<typeof TourListRow>;

export const TourListResponse = z.object({
  success: z.literal(true),
  timezone: z.string(),
  range: z.object({ from: z.string(), to: z.string() }).nullable(),
  capped: z.boolean(),
  limit: z.number().int(),
  tours: z.array(TourListRow),
  /** With perDay: each local day's number of matching tours (the rows hold only its first perDay). */
  dayTotals: z.record(z.string(), z.number().int()).optional(),
});
export type TourListResponse = z.infer<typeof TourListResponse>;

/** GET admin/tours/slots?from=YYYY-MM-DD&days=N: the free slots the widget would offer. */
export const OfficeSlotsQuery = z.object({
  from: isoDate.optional(),
  days: z.coerce.number({ error: "days must be a number from 1 to 31." }).int("days must be a whole number.")
    .min(1, "days must be from 1 to 31.").max(31, "days must be from 1 to 31.").default(14),
});

export const OfficeSlotsResponse = z.object({
  success: z.literal(true),
  timezone: z.string(),
  tourDuration: z.number(),
  source: z.enum(["google", "manual"]),
  days: z.array(z.object({
    date: z.string(),
    slots: z.array(z.object({ time: z.string(), start: z.string(), end: z.string(), agentCalendarIds: z.array(z.string()) })),
  })),
});
export type OfficeSlotsResponse = z.infer<typeof OfficeSlotsResponse>;
