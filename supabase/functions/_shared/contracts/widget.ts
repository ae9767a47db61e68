// Requests and responses of the widget's API. The widget imports these *types* only.
import { z } from "zod";
import { LANGUAGES } from "../core/language.ts";
import { isoDate, text } from "./text.ts";

export { isoDate };

/** The prospect's language; left out, the property's default language applies. */
export const ProspectLanguage = z.enum(LANGUAGES, { error: "Language must be en or es." });
export type ProspectLanguage = z.infer<typeof ProspectLanguage>;

export interface WidgetConfigResponse {
  success: true;
  property: { id: string; name: string; timezone: string; phone: string | null; email: string | null; address: string | null };
  widget: { greeting: string; brandColor: string; position: "bottom-right" | "bottom-left" };
  faqs: Array<{ id: string; question: string; answer: string; keywords: string[] }>;
  leasingQuestions: { moveInDate: boolean; bedrooms: boolean; pets: boolean };
  smsConsentText: string;
  bookingWindowDays: number;
}

export const AvailabilityQuery = z.object({
  from: isoDate.optional(),
  days: z.coerce.number().int().min(1, "days must be at least 1").max(90, "days must be at most 90").optional(),
});

export interface AvailabilitySlot {
  time: string;
  available: boolean;
  start: string;
}
export interface AvailabilityResponse {
  success: true;
  availableDates: string[];
  slotsByDate: Record<string, AvailabilitySlot[]>;
  timezone: string;
  tourDuration: number;
  source: "google" | "manual";
}
export interface CalendarUnavailableResponse {
  success: false;
  error: { code: "calendar_unavailable"; message: string };
  fallback: { phone: string | null; email: string | null };
}

const name = text({ error: "Enter your name." }).trim().min(1, "Enter your name.").max(80, "That name is too long.");

export const BookingRequest = z.object({
  start: text({ error: "Pick a time from the calendar." }).datetime({ offset: true, message: "Pick a time from the calendar." }),
  firstName: name,
  lastName: name,
  email: text({ error: "Enter your email address." }).trim().toLowerCase().email("Enter a valid email address.").max(254, "That email is too long."),
  phone: text().trim().max(32, "That phone number is too long.").optional().nullable(),
  specialRequests: text().trim().max(1000, "Keep special requests under 1,000 characters.").optional().nullable(),
  smsConsent: z.boolean().optional().default(false),
  smsConsentText: text().max(500).optional().nullable(),
  moveInDate: isoDate.optional().nullable(),
  bedrooms: z.number().int().min(0, "Choose a number of bedrooms.").max(10, "Choose a number of bedrooms.").optional().nullable(),
  pets: text().trim().max(200, "Keep this under 200 characters.").optional().nullable(),
  sessionId: text().uuid().optional().nullable(),
  /** The widget's language: the confirmation, reminders and manage page follow it. */
  language: ProspectLanguage.optional().nullable(),
  /** Honeypot: hidden from people; bots fill it in. */
  website: text().optional().nullable(),
});
export type BookingRequest = z.infer<typeof BookingRequest>;
/** What a client may send (optional fields may be left out). */
export type BookingRequestInput = z.input<typeof BookingRequest>;

export interface BookingSummary {
  id: string;
  start: string;
  end: string;
  timezone: string;
  status: "confirmed" | "cancelled" | "completed" | "no_show";
  manageUrl?: string;
}
export interface BookingResponse {
  success: true;
  booking: BookingSummary;
}
export interface Alternative {
  date: string;
  time: string;
  start: string;
}
export interface SlotTakenResponse {
  success: false;
  error: { code: "slot_taken"; message: string };
  alternatives: Alternative[];
}

export type LeadRequest = z.input<typeof LeadRequest>;
export const LeadRequest = z.object({
  sessionId: text().uuid(),
  firstName: text().trim().max(80).optional(),
  lastName: text().trim().max(80).optional(),
  email: text().trim().toLowerCase().email("Enter a valid email address.").optional(),
  phone: text().trim().max(32).optional(),
  language: ProspectLanguage.optional(),
});

export interface LeadResponse {
  success: true;
  lead: { id: string };
}

export const ManageTokenRequest = z.object({ token: text().min(20).max(200) });
export const RescheduleRequest = ManageTokenRequest.extend({
  start: text().datetime({ offset: true, message: "Pick a time from the calendar." }),
});

export interface ManagedBooking extends BookingSummary {
  canCancel: boolean;
  canReschedule: boolean;
  propertyName: string;
  /** The booking's language (else the property's default): the manage page speaks it. */
  language: ProspectLanguage;
}
export interface ManageResponse {
  success: true;
  booking: ManagedBooking;
}

/** zod issues → `{ field: message }` for the 422 answer. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "body";
    out[key] ??= issue.message;
  }
  return out;
}
