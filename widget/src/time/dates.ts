// Calendar arithmetic on plain "YYYY-MM-DD" strings. Dates are days, not instants, so they
// are handled as UTC midnights: no time zone or DST can shift them.

const DAY_MS = 86_400_000;

export const toUtc = (date: string): Date => new Date(date + "T00:00:00Z");

export const fromUtc = (d: Date): string => d.toISOString().slice(0, 10);

export const addDays = (date: string, days: number): string => fromUtc(new Date(toUtc(date).getTime() + days * DAY_MS));

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (date: string): number => toUtc(date).getUTCDay();

/** "YYYY-MM" of a date. */
export const monthOf = (date: string): string => date.slice(0, 7);

export const daysInMonth = (month: string): number => {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
};

export const addMonths = (month: string, n: number): string => {
  const [y, m] = month.split("-").map(Number);
  return fromUtc(new Date(Date.UTC(y, m - 1 + n, 1))).slice(0, 7);
};

/** The same day of the month in another month, clamped to that month's length (Jan 31 → Feb 28). */
export const sameDayInMonth = (date: string, n: number): string => {
  const month = addMonths(monthOf(date), n);
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(month));
  return `${month}-${String(day).padStart(2, "0")}`;
};

/** Every month from the one holding `first` to the one holding `last`, inclusive. */
export function monthsBetween(first: string, last: string): string[] {
  const months = [monthOf(first)];
  while (months[months.length - 1] < monthOf(last)) months.push(addMonths(months[months.length - 1], 1));
  return months;
}
