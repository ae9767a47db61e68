// iCalendar (RFC 5545) text for a tour invitation or its cancellation (iTIP, RFC 5546).
// Times are written in UTC ("Z"): every client converts them to the reader's zone, and
// no VTIMEZONE block is needed. Pure: the caller passes `now` for DTSTAMP.

export interface IcsPerson {
  name: string;
  email: string;
}

export interface IcsEvent {
  /** Stable across updates of the same tour, e.g. "tour-<id>@lumaleasing". */
  uid: string;
  /** Bumped on every change (reschedule, cancel) so clients replace the old copy. */
  sequence: number;
  method: "REQUEST" | "CANCEL";
  start: Date;
  end: Date;
  /** The property's IANA zone; validated, times themselves are UTC. */
  timeZone: string;
  summary: string;
  description: string;
  /** Omitted when empty: a blank LOCATION would become a map search for nothing. */
  location: string;
  /** The reminders' texts; English by default. */
  alarms?: { day: string; hour: string };
  organizer: IcsPerson;
  attendee: IcsPerson;
  url?: string;
  status: "CONFIRMED" | "CANCELLED";
  now: Date;
}

export type IcsInputErrorCode =
  | "invalid_uid"
  | "invalid_sequence"
  | "invalid_date"
  | "end_before_start"
  | "invalid_time_zone"
  | "invalid_email"
  | "invalid_url"
  | "status_mismatch";

export class IcsInputError extends Error {
  override readonly name = "IcsInputError";
  constructor(readonly code: IcsInputErrorCode, message: string) {
    super(message);
  }
}

export const ICS_PRODID = "-//LumaLeasing//Tours 1.0//EN";

/** Reminders before the start, as RFC 5545 durations. */
const ALARM_TEXT = { day: "Apartment tour tomorrow", hour: "Apartment tour in 1 hour" };

/**
 * The MIME type of an iTIP attachment: RFC 6047 §2.4 requires the `method` parameter,
 * matching the object's METHOD property, so mail clients treat it as an invitation or
 * a cancellation rather than a file.
 */
export function icsContentType(method: IcsEvent["method"]): string {
  return `text/calendar; charset=utf-8; method=${method}`;
}

export function buildIcs(event: IcsEvent): string {
  validate(event);
  const cancelling = event.method === "CANCEL";
  const alarmText = event.alarms ?? ALARM_TEXT;
  const alarms = [{ trigger: "-PT24H", text: alarmText.day }, { trigger: "-PT1H", text: alarmText.hour }];
  const lines: string[] = [
    "BEGIN:VCALENDAR",
    `PRODID:${ICS_PRODID}`,
    "VERSION:2.0",
    "CALSCALE:GREGORIAN",
    `METHOD:${event.method}`,
    "BEGIN:VEVENT",
    `UID:${escapeText(event.uid)}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${utcStamp(event.now)}`,
    `DTSTART:${utcStamp(event.start)}`,
    `DTEND:${utcStamp(event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    ...(event.location ? [`LOCATION:${escapeText(event.location)}`] : []),
    ...(event.url ? [`URL;VALUE=URI:${new URL(event.url).href}`] : []),
    `STATUS:${event.status}`,
    "TRANSP:OPAQUE",
    `ORGANIZER;CN=${paramValue(event.organizer.name)}:mailto:${event.organizer.email}`,
    `ATTENDEE;CN=${paramValue(event.attendee.name)};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;` +
    `PARTSTAT=${cancelling ? "DECLINED" : "ACCEPTED"};RSVP=FALSE:mailto:${event.attendee.email}`,
    // A cancelled event needs no reminders; clients would otherwise keep them.
    ...(cancelling ? [] : alarms.flatMap((alarm) => [
      "BEGIN:VALARM",
      "ACTION:DISPLAY",
      `DESCRIPTION:${escapeText(alarm.text)}`,
      `TRIGGER;RELATED=START:${alarm.trigger}`,
      "END:VALARM",
    ])),
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join("\r\n") + "\r\n";
}

/** TEXT value escaping (RFC 5545 §3.3.11): backslash, semicolon, comma, newline. */
export function escapeText(text: string): string {
  return text
    .toWellFormed() // a lone surrogate has no UTF-8 form
    .replace(/\r\n?/g, "\n")
    // deno-lint-ignore no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\n/g, "\\n");
}

/**
 * Parameter values (RFC 5545 §3.2): always quoted, so ; : , are safe. A double quote
 * cannot appear inside quotes, so it and the caret use RFC 6868's ^' and ^^. Backslashes
 * are dropped: RFC 5545 gives them no meaning here, but some parsers (ical.js among
 * them) read them as escapes, so a name with one would come out differently.
 */
function paramValue(text: string): string {
  const clean = text
    .toWellFormed()
    // deno-lint-ignore no-control-regex
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/\\/g, "")
    .trim()
    .replace(/\^/g, "^^")
    .replace(/"/g, "^'");
  return `"${clean}"`;
}

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1): continuation lines start with one
 * space. Splits only between code points, so a multi-byte UTF-8 character is never cut.
 */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = "";
  let currentOctets = 0;
  let limit = 75;
  for (const ch of line) {
    const octets = encoder.encode(ch).length;
    if (currentOctets + octets > limit) {
      parts.push(current);
      current = "";
      currentOctets = 0;
      limit = 74; // the leading space counts toward the 75
    }
    current += ch;
    currentOctets += octets;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

/** 20261205T200000Z */
function utcStamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
}

const EMAIL = /^[^\s@<>"(),;:\\]+@[^\s@<>"(),;:\\]+\.[^\s@<>"(),;:\\]+$/;

function validate(event: IcsEvent): void {
  if (!event.uid.trim() || /[\r\n]/.test(event.uid)) {
    throw new IcsInputError("invalid_uid", "uid must be a non-empty single line");
  }
  if (!Number.isInteger(event.sequence) || event.sequence < 0) {
    throw new IcsInputError("invalid_sequence", "sequence must be a non-negative integer");
  }
  for (const [field, at] of [["start", event.start], ["end", event.end], ["now", event.now]] as const) {
    if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
      throw new IcsInputError("invalid_date", `${field} is not a valid date`);
    }
  }
  if (event.end.getTime() <= event.start.getTime()) {
    throw new IcsInputError("end_before_start", "end must be after start");
  }
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: event.timeZone });
  } catch {
    throw new IcsInputError("invalid_time_zone", `not an IANA time zone: ${event.timeZone}`);
  }
  for (const [field, person] of [["organizer", event.organizer], ["attendee", event.attendee]] as const) {
    if (!EMAIL.test(person.email)) {
      throw new IcsInputError("invalid_email", `${field} email is not an address: ${person.email}`);
    }
  }
  if (event.url !== undefined) {
    let ok = false;
    try {
      ok = ["http:", "https:"].includes(new URL(event.url).protocol);
    } catch { /* reported below */ }
    if (!ok) throw new IcsInputError("invalid_url", `url must be http(s): ${event.url}`);
  }
  if (event.method === "CANCEL" && event.status !== "CANCELLED") {
    throw new IcsInputError("status_mismatch", "a CANCEL must carry STATUS:CANCELLED (RFC 5546)");
  }
}
