// Weekly opening hours as a person writes them, and back:
//   "mon-fri 09:00-12:00,13:00-18:00; sat 10:00-14:00"
// Segments are separated by ";". Each names days (a day, a range such as "mon-fri" or
// "fri-mon", a list such as "mon,wed", or "daily") and then either "closed" or one or more
// "HH:MM-HH:MM" ranges separated by commas ("24:00" may end a range). A day not named is
// closed; a day named twice, overlapping ranges or an end not after its start are refused.
import type { OpeningHours, Weekday } from "./slots.ts";
import { formatClock, parseClock } from "./wallclock.ts";

export type WeeklyHours = Record<Weekday, OpeningHours[]>;

export const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

export class HoursTextError extends Error {
  override readonly name = "HoursTextError";
}

function dayIndex(word: string): Weekday {
  const i = DAY_NAMES.indexOf(word.slice(0, 3).toLowerCase() as typeof DAY_NAMES[number]);
  const full = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
  if (i < 0 || (word.length > 3 && full[i] !== word.toLowerCase())) {
    throw new HoursTextError(`"${word}" is not a day (use mon, tue, wed, thu, fri, sat, sun)`);
  }
  return i as Weekday;
}

function parseDays(spec: string): Weekday[] {
  if (/^(daily|every-?day)$/i.test(spec)) return [0, 1, 2, 3, 4, 5, 6];
  const days: Weekday[] = [];
  for (const part of spec.split(",")) {
    const [from, to, extra] = part.split("-");
    if (extra !== undefined || !from) throw new HoursTextError(`"${part}" is not a day or a range of days like mon-fri`);
    if (to === undefined) {
      days.push(dayIndex(from));
      continue;
    }
    const first = dayIndex(from);
    const last = dayIndex(to);
    for (let d = first; ; d = ((d + 1) % 7) as Weekday) {
      days.push(d);
      if (d === last) break;
    }
  }
  return days;
}

function parseRange(range: string): OpeningHours & { from: number; to: number } {
  const match = /^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/.exec(range);
  if (!match) throw new HoursTextError(`"${range}" is not a range like 09:00-18:00`);
  const [start, end] = [match[1].padStart(5, "0"), match[2].padStart(5, "0")];
  const from = parseClock(start, false);
  const to = parseClock(end, true);
  if (from === null) throw new HoursTextError(`"${match[1]}" is not a time (00:00–23:59)`);
  if (to === null) throw new HoursTextError(`"${match[2]}" is not a time (00:01–24:00)`);
  if (to <= from) throw new HoursTextError(`in "${range}" the end must be after the start`);
  return { start, end, from, to };
}

/** Parses the text; throws HoursTextError with a one-line reason. */
export function parseWeeklyHours(text: string): WeeklyHours {
  const hours: WeeklyHours = { 0: [], 1: [], 2: [], 3: [], 4: [], 5: [], 6: [] };
  const named = new Set<Weekday>();
  const segments = text.split(";").map((s) => s.trim()).filter(Boolean);
  if (segments.length === 0) throw new HoursTextError('give the hours, like "mon-fri 09:00-18:00; sat 10:00-14:00"');
  for (const segment of segments) {
    const [daySpec, ...rest] = segment.split(/\s+/);
    const what = rest.join("");
    if (!what) throw new HoursTextError(`"${segment}" needs hours like 09:00-18:00, or "closed"`);
    const ranges = /^closed$/i.test(what) ? [] : what.split(",").map(parseRange).sort((a, b) => a.from - b.from);
    for (let i = 1; i < ranges.length; i++) {
      if (ranges[i].from < ranges[i - 1].to) {
        throw new HoursTextError(`${ranges[i - 1].start}-${ranges[i - 1].end} and ${ranges[i].start}-${ranges[i].end} overlap`);
      }
    }
    for (const day of parseDays(daySpec)) {
      if (named.has(day)) throw new HoursTextError(`${DAY_NAMES[day]} is given twice`);
      named.add(day);
      hours[day] = ranges.map(({ start, end }) => ({ start, end }));
    }
  }
  return hours;
}

function rangesText(list: OpeningHours[]): string {
  return list.length ? list.map((h) => `${h.start}-${h.end}`).join(",") : "closed";
}

/**
 * The hours as text that parseWeeklyHours reads back to the same hours: consecutive days
 * (Monday first) with the same hours grouped, e.g. "mon-fri 09:00-18:00; sat 10:00-14:00; sun closed".
 */
export function formatWeeklyHours(hours: { readonly [day: string]: readonly OpeningHours[] | undefined }): string {
  const order: Weekday[] = [1, 2, 3, 4, 5, 6, 0];
  const textOf = (d: Weekday) => rangesText((hours[String(d)] ?? []).map((h) => ({
    start: formatClock(parseClock(h.start, false) ?? 0),
    end: h.end === "24:00" ? "24:00" : formatClock(parseClock(h.end, true) ?? 0),
  })));
  const groups: Array<{ first: Weekday; last: Weekday; text: string }> = [];
  for (const day of order) {
    const text = textOf(day);
    const previous = groups[groups.length - 1];
    if (previous && previous.text === text) previous.last = day;
    else groups.push({ first: day, last: day, text });
  }
  return groups.map((g) =>
    `${DAY_NAMES[g.first]}${g.first === g.last ? "" : `-${DAY_NAMES[g.last]}`} ${g.text}`
  ).join("; ");
}
