// A property's rules and contact settings, as the operator CLI and the WordPress settings
// page edit them. The limits are the database's own (public.properties' checks), so a
// value this accepts is one the database stores.
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { z } from "zod";
import { isValidTimeZone, parseClock } from "../core/wallclock.ts";
import { isoDate, text } from "./text.ts";

const clock = (allowEndOfDay: boolean) =>
  z.string().refine((v) => /^\d{2}:\d{2}$/.test(v) && parseClock(v, allowEndOfDay) !== null, {
    message: allowEndOfDay ? "Use a time from 00:01 to 24:00, like 18:00." : "Use a time from 00:00 to 23:59, like 09:00.",
  });

export const OpeningHours = z.object({ start: clock(false), end: clock(true) }).strict()
  .refine((h) => (parseClock(h.end, true) ?? 0) > (parseClock(h.start, false) ?? 0), "The end must be after the start.");

const dayHours = z.array(OpeningHours).max(12, "At most 12 ranges a day.").refine((list) => {
  const sorted = list.map((h) => [parseClock(h.start, false)!, parseClock(h.end, true)!]).sort((a, b) => a[0] - b[0]);
  return sorted.every((r, i) => i === 0 || r[0] >= sorted[i - 1][1]);
}, "Opening ranges on one day must not overlap.");

/** 0 = Sunday … 6 = Saturday; an empty list closes the day. */
export const WeeklyHours = z.object({
  "0": dayHours,
  "1": dayHours,
  "2": dayHours,
  "3": dayHours,
  "4": dayHours,
  "5": dayHours,
  "6": dayHours,
}).strict();

/** A date that is closed, or has its own hours instead of the weekday's. */
export const DateException = z.object({
  date: isoDate,
  closed: z.boolean().optional(),
  hours: dayHours.optional(),
}).strict().refine((e) => e.closed === true || (e.hours?.length ?? 0) > 0, "Say the date is closed, or give its hours.");

const minutes = (label: string, min: number, max: number) =>
  z.number({ error: `${label} must be a number of minutes.` }).int(`${label} must be whole minutes.`)
    .min(min, `${label} must be from ${min} to ${max} minutes.`).max(max, `${label} must be from ${min} to ${max} minutes.`);

const email = text().trim().toLowerCase().email("Enter a valid email address.").max(254, "That email is too long.");

/** An IANA zone Postgres knows too (it refuses "EST5EDT"-style names only Intl accepts). */
export const TimeZone = text().refine((tz) => (tz.includes("/") || tz === "UTC") && isValidTimeZone(tz), {
  message: "Use an IANA time zone such as America/Chicago.",
});

/** Whether `v` is an https address a prospect can open (no spaces, one that URL parses). */
export function isHttpsUrl(v: string): boolean {
  if (!/^https:\/\/\S+$/.test(v)) return false;
  try {
    return new URL(v).protocol === "https:";
  } catch {
    return false;
  }
}

/** Turning the follow-up email on needs somewhere to send the prospect. */
export const APPLY_URL_REQUIRED = "Give the apply link (an https address) to send the follow-up email.";

export const PropertySettings = z.object({
  timeZone: TimeZone,
  address: text().trim().max(300, "Keep the address under 300 characters.").nullable(),
  /** Stored in E.164 (+13125550142); a number without a country code is read as US. */
  phone: text().trim().nullable().transform((v, ctx) => {
    if (v === null || v === "") return null;
    const number = parsePhoneNumberFromString(v, "US");
    if (!number?.isValid()) {
      ctx.addIssue({ code: "custom", message: "Enter a valid phone number, like (312) 555-0142 or +44 20 7946 0958." });
      return z.NEVER;
    }
    return number.number as string;
  }),
  email: email.nullable(),
  /** Who gets the alerts (a calendar needs re-connecting, a message could not be sent). */
  managers: z.array(email).max(10, "At most 10 manager emails.")
    .refine((list) => new Set(list).size === list.length, "A manager email is listed twice."),
  weeklyHours: WeeklyHours,
  dateExceptions: z.array(DateException).max(400, "At most 400 date exceptions."),
  tourMinutes: minutes("The tour length", 10, 240),
  slotIntervalMinutes: minutes("The slot step", 5, 240),
  bufferBeforeMinutes: minutes("The buffer before", 0, 240),
  bufferAfterMinutes: minutes("The buffer after", 0, 240),
  minNoticeMinutes: minutes("The minimum notice", 0, 20160),
  bookingWindowDays: z.number({ error: "The booking window must be a number of days." }).int("The booking window must be whole days.")
    .min(1, "The booking window must be from 1 to 90 days.").max(90, "The booking window must be from 1 to 90 days."),
  /** After a tour marked attended, a thank-you email to the prospect with the apply link (needs applyUrl). */
  followUpEmail: z.boolean({ error: "Say whether to send the follow-up email: true or false." }),
  /** The property's online application, linked from the follow-up email; "" clears it. */
  applyUrl: text().trim().max(2000, "Keep the link under 2,000 characters.").nullable().transform((v, ctx) => {
    if (v === null || v === "") return null;
    if (!isHttpsUrl(v)) {
      ctx.addIssue({ code: "custom", message: "Enter a full https address, like https://apply.example.com/." });
      return z.NEVER;
    }
    return v;
  }),
}).strict();
export type PropertySettings = z.infer<typeof PropertySettings>;
export type PropertySettingsInput = z.input<typeof PropertySettings>;

/** A change: any of the settings, nothing else. */
export const PropertySettingsUpdate = PropertySettings.partial().strict();
export type PropertySettingsUpdate = z.input<typeof PropertySettingsUpdate>;

/** A manual tour slot (the fallback when no calendar is connected). */
export const TourSlotRequest = z.object({
  start: text().datetime({ offset: true, message: "Give the start as an ISO time with its offset." }),
  durationMinutes: minutes("The duration", 10, 240),
}).strict();
