// Google's free/busy answer as the shared cache stores it, and when a stored answer may
// stand in for asking Google again. Pure: the store, the clock and Google are the caller's.
//
// Freshness has two sides. Time: an answer serves for the cache period after Google gave
// it. Change: every change that can alter the busy picture (a booking, a cancel, a
// reschedule, our write to Google, a change synced from Google) bumps the property's
// generation, and an answer serves only the generation it was asked for — or a later one
// a waiting request is content with (see `answerServes`).
import type { Interval } from "./intervals.ts";

/** Busy time per agent calendar (our agent_calendars id), as the slot engine takes it. */
export type BusyTimes = Map<string, Interval[]>;

/** What the store keeps: per agent calendar, [start, end) pairs in epoch ms. */
export type StoredBusy = Record<string, Array<[number, number]>>;

export interface StoredAnswer {
  /** The property's generation now. */
  generation: number;
  /** The generation when the stored answer was asked for (null: none stored yet). */
  answeredGeneration: number | null;
  calendarSet: string | null;
  timeMin: number | null;
  timeMax: number | null;
  fetchedAt: number | null;
  busy: StoredBusy | null;
}

export interface Wanted {
  calendarSet: string;
  /** The span the answer must cover (epoch ms). */
  from: number;
  to: number;
  now: number;
  ttlMs: number;
  /** The oldest generation this request accepts. */
  minGeneration: number;
}

/** The calendars one free/busy answer covers: our ids and the Google calendars they name. */
export function calendarSetKey(calendars: ReadonlyArray<{ id: string; calendarId: string }>): string {
  return calendars.map((c) => `${c.id}=${c.calendarId}`).sort().join(",");
}

/** A stored answer for the same calendars, covering the span, younger than the period, and no older than the generation asked for. */
export function answerServes(row: StoredAnswer | undefined, want: Wanted): boolean {
  if (!row || !row.busy || row.calendarSet !== want.calendarSet) return false;
  if (row.answeredGeneration === null || row.answeredGeneration < want.minGeneration) return false;
  if (row.timeMin === null || row.timeMax === null || row.timeMin > want.from || row.timeMax < want.to) return false;
  // Instances' clocks differ a little; an answer "from the future" beyond a period is not trusted either.
  return row.fetchedAt !== null && Math.abs(want.now - row.fetchedAt) < want.ttlMs;
}

/** Google's last answer for these calendars, whatever changed since, if it is younger than `staleOkMs`. */
export function lastAnswerServes(row: StoredAnswer | undefined, calendarSet: string, now: number, staleOkMs: number): boolean {
  return Boolean(row?.busy && row.calendarSet === calendarSet && row.fetchedAt !== null && now - row.fetchedAt < staleOkMs);
}

export function encodeBusy(busy: BusyTimes): StoredBusy {
  const out: StoredBusy = {};
  for (const [calendar, intervals] of busy) out[calendar] = intervals.map((i) => [i.start, i.end]);
  return out;
}

export function decodeBusy(stored: StoredBusy): BusyTimes {
  const out: BusyTimes = new Map();
  for (const [calendar, pairs] of Object.entries(stored)) out.set(calendar, pairs.map(([start, end]) => ({ start, end })));
  return out;
}
