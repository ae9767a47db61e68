// What the outbox sends about a booking: the prospect's email (with its .ics), the SMS,
// and the text of the agent's Google Calendar event. Pure: the dispatcher loads the
// booking as it is now and passes it in, with a stamp that is the same on every retry
// (so the provider's idempotency key always sees the same request).
import { buildIcs, icsContentType } from "./ics.ts";
import { type Language, languageOf } from "./language.ts";
import { messageStrings } from "./message-strings.ts";
import type { ProspectTour } from "./prospect-tour.ts";
import {
  type EmailContent,
  MessageInputError,
  type PropertyInfo,
  tourCancelledEmail,
  tourCancelledSms,
  tourConfirmationEmail,
  tourConfirmationSms,
  tourFollowUpEmail,
  type TourMessageInput,
  tourReminderEmail,
  tourReminderSms,
  tourRescheduledEmail,
  tourRescheduledSms,
} from "./messages.ts";

export type ProspectTemplate =
  | "tour_confirmation"
  | "tour_reminder_24h"
  | "tour_reminder_1h"
  | "tour_cancelled"
  | "tour_rescheduled"
  /** Email only: thanks after a tour the office marked attended, with the apply link. */
  | "tour_follow_up";

/** The templates that have an SMS. */
export type ProspectSmsTemplate = Exclude<ProspectTemplate, "tour_follow_up">;

export interface BookingFacts extends ProspectTour {
  id: string;
  createdAt: Date;
  /** The language the prospect booked in; null → the property's default. */
  language: string | null;
  /** Who cancelled ("office" is the leasing team), and the team's message for the prospect. */
  cancelledBy?: string | null;
  cancellationMessage?: string | null;
}

export interface PropertyFacts {
  name: string;
  brandColor: string;
  timeZone: string;
  address: string | null;
  phone: string | null;
  email: string | null;
  /** Used when the booking has no language of its own. */
  defaultLanguage?: string | null;
  /** The property's online application (the follow-up email's button). */
  applyUrl?: string | null;
}

export interface ProspectMessageInput {
  booking: BookingFacts;
  property: PropertyFacts;
  manageUrl: string;
  /** The .ics organizer when the property has no email of its own. */
  fallbackOrganizerEmail: string;
  /** When the message was queued: the DTSTAMP, and the base of the SEQUENCE. */
  queuedAt: Date;
}

export interface ProspectEmail extends EmailContent {
  attachments: Array<{ filename: string; content: string; contentType: string }>;
}

function propertyInfo(p: PropertyFacts): PropertyInfo {
  return {
    name: p.name,
    brandColor: p.brandColor,
    timeZone: p.timeZone,
    address: p.address ?? "",
    phone: p.phone ?? "",
    email: p.email ?? "",
  };
}

/** The language the prospect is written to in. */
export function prospectLanguage(input: Pick<ProspectMessageInput, "booking" | "property">): Language {
  return languageOf(input.booking.language, input.property.defaultLanguage);
}

function tourInput(input: ProspectMessageInput): TourMessageInput {
  return {
    property: propertyInfo(input.property),
    tour: { startUtc: input.booking.startAt, endUtc: input.booking.endAt, prospectFirstName: input.booking.firstName },
    manageUrl: input.manageUrl,
    lang: prospectLanguage(input),
  };
}

/** Later versions of the invitation must carry a higher SEQUENCE: seconds since booking. */
function sequenceFor(input: ProspectMessageInput, first: boolean): number {
  if (first) return 0;
  return Math.max(1, Math.floor((input.queuedAt.getTime() - input.booking.createdAt.getTime()) / 1000));
}

export function tourEventSummary(propertyName: string): string {
  return `Tour - ${propertyName}`;
}

/** The agent's calendar event: who is coming and what they asked for. */
export function tourEventDescription(booking: BookingFacts): string {
  const name = `${booking.firstName} ${booking.lastName}`.trim();
  return [
    `Apartment tour booked online.`,
    `Prospect: ${name}`,
    `Email: ${booking.email}`,
    `Phone: ${booking.phone || "not given"}`,
    `Special requests: ${booking.specialRequests?.trim() || "none"}`,
    ...(booking.language === "es" ? ["Language: Spanish (booked in Spanish; messages go out in Spanish)"] : []),
  ].join("\n");
}

/** The .ics attachment: its Content-Type names the same iTIP method as its METHOD line (RFC 6047 §2.4). */
function invitation(filename: string, input: ProspectMessageInput, cancel: boolean, first: boolean) {
  const method = cancel ? "CANCEL" : "REQUEST";
  return { filename, content: invitationText(input, method, first), contentType: icsContentType(method) };
}

function invitationText(input: ProspectMessageInput, method: "REQUEST" | "CANCEL", first: boolean): string {
  const { booking, property } = input;
  const words = messageStrings(prospectLanguage(input)).ics;
  return buildIcs({
    uid: `tour-${booking.id}@lumaleasing`,
    sequence: sequenceFor(input, first),
    method,
    start: booking.startAt,
    end: booking.endAt,
    timeZone: property.timeZone,
    summary: words.summary(property.name),
    description: words.description(property.name, input.manageUrl),
    // No address, no LOCATION: a calendar would turn anything else into a map search.
    location: property.address?.trim() ?? "",
    alarms: { day: words.alarmDay, hour: words.alarmHour },
    organizer: { name: property.name, email: property.email ?? input.fallbackOrganizerEmail },
    attendee: { name: `${booking.firstName} ${booking.lastName}`.trim(), email: booking.email },
    url: input.manageUrl,
    status: method === "CANCEL" ? "CANCELLED" : "CONFIRMED",
    now: input.queuedAt,
  });
}

export function prospectEmail(template: ProspectTemplate, input: ProspectMessageInput): ProspectEmail {
  const tour = tourInput(input);
  switch (template) {
    case "tour_confirmation":
      return {
        ...tourConfirmationEmail(tour),
        attachments: [invitation("tour.ics", input, false, true)],
      };
    case "tour_reminder_24h":
      return { ...tourReminderEmail({ ...tour, kind: "24h" }), attachments: [] };
    case "tour_reminder_1h":
      return { ...tourReminderEmail({ ...tour, kind: "1h" }), attachments: [] };
    case "tour_cancelled":
      return {
        ...tourCancelledEmail({
          ...tour,
          cancelledBy: input.booking.cancelledBy === "office" ? "property" : undefined,
          officeMessage: input.booking.cancellationMessage ?? undefined,
        }),
        attachments: [invitation("tour-cancelled.ics", input, true, false)],
      };
    case "tour_rescheduled":
      return {
        ...tourRescheduledEmail({ ...tour, previousStartUtc: input.booking.previousStartAt ?? input.booking.startAt }),
        attachments: [invitation("tour.ics", input, false, false)],
      };
    case "tour_follow_up": {
      const { manageUrl: _manage, ...rest } = tour;
      if (!input.property.applyUrl) throw new MessageInputError("invalid_url", "the follow-up email needs the property's apply link");
      return { ...tourFollowUpEmail({ ...rest, applyUrl: input.property.applyUrl }), attachments: [] };
    }
  }
}

/** One GSM-7 segment, in the prospect's language. */
export function prospectSms(template: ProspectSmsTemplate, input: ProspectMessageInput): string {
  const tour = tourInput(input);
  switch (template) {
    case "tour_confirmation":
      return tourConfirmationSms(tour);
    case "tour_rescheduled":
      return tourRescheduledSms(tour);
    case "tour_reminder_24h":
      return tourReminderSms({ ...tour, kind: "24h" });
    case "tour_reminder_1h":
      return tourReminderSms({ ...tour, kind: "1h" });
    case "tour_cancelled":
      return tourCancelledSms(tour);
  }
}

/** A reminder template's kind, or null for the others. */
export function reminderKindOf(template: ProspectTemplate): "24h" | "1h" | null {
  return template === "tour_reminder_24h" ? "24h" : template === "tour_reminder_1h" ? "1h" : null;
}

/** The tour start a dedupe key was written for ("…:<epoch ms>"), if it names one. */
export function startInDedupeKey(dedupeKey: string): number | null {
  const m = /:(\d{10,})$/.exec(dedupeKey);
  return m ? Number(m[1]) : null;
}
