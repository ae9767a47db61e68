// A local date's span of instants in an IANA zone: from its first instant at or after
// local midnight to the next date's, so a daylight-saving day is 23 or 25 hours long.
import { addDays, DAY_MS, firstInstantAtOrAfter, localDateOf, offsetTimeline, parseLocalDate } from "./wallclock.ts";

export interface LocalDay {
  date: string;
  fromMs: number;
  toMs: number;
}

/** The local day in `timeZone` that contains the instant `nowMs`. */
export function localDayAt(nowMs: number, timeZone: string): LocalDay {
  const date = localDateOf(nowMs, timeZone);
  const timeline = offsetTimeline(timeZone, nowMs - 2 * DAY_MS, nowMs + 2 * DAY_MS);
  return {
    date,
    fromMs: firstInstantAtOrAfter(timeline, parseLocalDate(date)!),
    toMs: firstInstantAtOrAfter(timeline, parseLocalDate(addDays(date, 1))!),
  };
}
