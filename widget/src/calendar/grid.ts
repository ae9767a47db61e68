// The month grid and the WAI-ARIA APG date-picker keyboard model, as pure functions.
import { addDays, daysInMonth, monthOf, sameDayInMonth, weekday } from "../time/dates.ts";

/** Weeks of a month; null pads the days before the 1st and after the last day. */
export function monthMatrix(month: string, firstDay: number): (string | null)[][] {
  const first = `${month}-01`;
  const lead = (weekday(first) - firstDay + 7) % 7;
  const cells: (string | null)[] = Array(lead).fill(null);
  for (let d = 0; d < daysInMonth(month); d++) cells.push(addDays(first, d));
  while (cells.length % 7) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/**
 * Where focus goes for a key press on `date`: arrows move by day/week, Home/End to the
 * start/end of the week, PageUp/PageDown by month. Returns null for other keys, and
 * `date` itself when the move would leave the months the booking window touches.
 */
export function moveFocus(date: string, key: string, firstDay: number, months: string[]): string | null {
  const offset = (weekday(date) - firstDay + 7) % 7;
  const next =
    key === "ArrowRight" ? addDays(date, 1)
    : key === "ArrowLeft" ? addDays(date, -1)
    : key === "ArrowDown" ? addDays(date, 7)
    : key === "ArrowUp" ? addDays(date, -7)
    : key === "Home" ? addDays(date, -offset)
    : key === "End" ? addDays(date, 6 - offset)
    : key === "PageDown" ? sameDayInMonth(date, 1)
    : key === "PageUp" ? sameDayInMonth(date, -1)
    : null;
  if (next === null) return null;
  return months.includes(monthOf(next)) ? next : date;
}
