// A moment as an operator types it: an ISO instant with its offset ("2026-12-03T16:00:00Z",
// "2026-12-03T10:00-06:00"), or a local "YYYY-MM-DD HH:MM" read in the property's zone.
// A local time the clocks skip (spring forward) is refused; one they repeat (fall back)
// is its first occurrence, as the slot engine reads it.
import { DAY_MS, firstInstantAtOrAfter, MINUTE_MS, offsetTimeline, parseClock, parseLocalDate, wallAt } from "./wallclock.ts";

export type LocalTimeResult = { ok: true; instant: number } | { ok: false; message: string };

const LOCAL = /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})$/;
const WITH_OFFSET = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/i;

export function parseMoment(text: string, timeZone: string): LocalTimeResult {
  const value = text.trim();
  if (WITH_OFFSET.test(value)) {
    const [, date, clock] = WITH_OFFSET.exec(value)!;
    const instant = Date.parse(value);
    if (parseLocalDate(date) === null || parseClock(clock, false) === null || Number.isNaN(instant)) {
      return { ok: false, message: `"${text}" is not a real date and time` };
    }
    return { ok: true, instant };
  }
  const local = LOCAL.exec(value);
  if (!local) {
    return { ok: false, message: `"${text}" is not a time like "2026-12-03 10:00" (local) or 2026-12-03T16:00:00Z` };
  }
  const midnight = parseLocalDate(local[1]);
  const minutes = parseClock(local[2].padStart(5, "0"), false);
  if (midnight === null || minutes === null || !/^[1-9]/.test(local[1])) {
    return { ok: false, message: `"${text}" is not a real date and time` };
  }
  const wall = midnight + minutes * MINUTE_MS;
  const timeline = offsetTimeline(timeZone, wall - 2 * DAY_MS, wall + 2 * DAY_MS);
  const instant = firstInstantAtOrAfter(timeline, wall);
  if (wallAt(timeline, instant) !== wall) {
    return { ok: false, message: `${local[1]} ${local[2]} does not exist in ${timeZone} (the clocks skip it)` };
  }
  return { ok: true, instant };
}

/** "YYYY-MM-DD HH:MM" of an instant in a zone. */
export function formatLocalMoment(instant: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}
