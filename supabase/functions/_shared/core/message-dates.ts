// Tour times as the messages write them: in the property's zone, in the message's language.
import { formatInTimeZone } from "date-fns-tz/formatInTimeZone";
import { toGsm7 } from "./gsm7.ts";
import { MessageInputError } from "./message-input.ts";
import type { DatePatterns, MessageStrings } from "./message-strings.ts";
import { en } from "./message-strings-en.ts";

export interface TourTime {
  /** "Saturday, December 5, 2026 at 2:00 PM CST" */
  full: string;
  fullNoYear: string;
  /** "Sat, Dec 5 at 2:00 PM CST" */
  short: string;
  /** "2:00 PM CST" */
  time: string;
  /** "30 minutes"; empty when the end is not after the start. */
  duration: string;
}

export interface SmsTime {
  when: string;
  short: string;
  time: string;
}

/** One of the language's patterns, at `at` in `timeZone`. */
export function formatTourDate(at: Date, timeZone: string, strings: MessageStrings, kind: keyof DatePatterns): string {
  checkedDate(at);
  try {
    // The zone's US short name, quoted so the locale cannot respell it.
    const zone = formatInTimeZone(at, timeZone, "zzz").replace(/'/g, "''");
    const pattern = strings.dates[kind].replace("{zone}", `'${zone}'`);
    return strings.fixDate(formatInTimeZone(at, timeZone, pattern, strings.locale ? { locale: strings.locale } : undefined));
  } catch {
    throw new MessageInputError("invalid_time_zone", `not an IANA time zone: ${timeZone}`);
  }
}

export function describeTourTime(start: Date, end: Date, timeZone: string, strings: MessageStrings): TourTime {
  return {
    full: formatTourDate(start, timeZone, strings, "full"),
    fullNoYear: formatTourDate(start, timeZone, strings, "fullNoYear"),
    short: formatTourDate(start, timeZone, strings, "short"),
    time: formatTourDate(start, timeZone, strings, "time"),
    duration: describeDuration(checkedDate(end).getTime() - start.getTime(), strings),
  };
}

/** The SMS forms, in GSM-7 (accents outside it dropped: "sáb" → "sab"). */
export function describeSmsTime(start: Date, timeZone: string, strings: MessageStrings): SmsTime {
  return {
    when: toGsm7(formatTourDate(start, timeZone, strings, "smsWhen")),
    short: toGsm7(formatTourDate(start, timeZone, strings, "smsShort")),
    time: toGsm7(formatTourDate(start, timeZone, strings, "smsTime")),
  };
}

/** "Saturday, December 5, 2026 at 2:00 PM CST", in the given zone (English unless told). */
export function formatFull(at: Date, timeZone: string, strings: MessageStrings = en): string {
  return formatTourDate(at, timeZone, strings, "full");
}

export function checkedDate(at: Date): Date {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw new MessageInputError("invalid_date", "a tour time is not a valid date");
  }
  return at;
}

function describeDuration(ms: number, strings: MessageStrings): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes <= 0) return "";
  return strings.duration(Math.floor(minutes / 60), minutes % 60);
}
