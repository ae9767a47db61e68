// "Add to calendar" without a server round trip: a Google Calendar template link and an
// .ics file built in the browser.

export interface CalendarEvent {
  uid: string;
  title: string;
  start: string;
  end: string;
  details: string;
  location: string;
  url?: string;
}

/** 2026-12-01T15:00:00.000Z → 20261201T150000Z */
export const icsStamp = (instant: string | Date): string =>
  new Date(instant).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

export function googleCalendarUrl(event: CalendarEvent): string {
  const params = new URLSearchParams({
    action: "TEMPLATE",
    text: event.title,
    dates: `${icsStamp(event.start)}/${icsStamp(event.end)}`,
    details: event.details,
    location: event.location,
  });
  return "https://calendar.google.com/calendar/render?" + params.toString();
}

const escapeText = (value: string) => value.replace(/[\\;,]/g, "\\$&").replace(/\r?\n/g, "\\n");

/** RFC 5545 folding: lines of at most 75 octets, continued with CRLF + space. */
function fold(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = new TextEncoder().encode(ch).length;
    if (octets + size > (out.length ? 74 : 75)) {
      out.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join("\r\n ");
}

export function icsFile(event: CalendarEvent, now: Date = new Date()): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//LumaLeasing//Tours//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${event.uid}`,
    `DTSTAMP:${icsStamp(now)}`,
    `DTSTART:${icsStamp(event.start)}`,
    `DTEND:${icsStamp(event.end)}`,
    `SUMMARY:${escapeText(event.title)}`,
    `DESCRIPTION:${escapeText(event.details)}`,
    `LOCATION:${escapeText(event.location)}`,
    ...(event.url ? [`URL:${event.url}`] : []),
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(fold).join("\r\n") + "\r\n";
}

export const icsDataUrl = (ics: string): string => "data:text/calendar;charset=utf-8," + encodeURIComponent(ics);
