// When a tour's reminders are due. Pure: the reminders job asks the database the same
// question with the same numbers (see `reminderWindows`), and the property tests check
// this rule against every booking time and every minute the job might run.
//
// The rule, with lead = start − now and notice = start − createdAt (how far ahead the tour
// was booked):
//
//   "24h"  not sent yet, notice > 24 h, and 2 h < lead ≤ 24 h
//   "1h"   not sent yet, notice > 1 h,  and 10 min < lead ≤ 1 h
//
// Why these numbers:
// - A tour booked less than 24 h (or 1 h) ahead has just had its confirmation; a
//   "reminder" minutes later is noise, so it gets only the reminders it was booked
//   early enough for.
// - The windows are disjoint, so a tour never gets both at once, and each is claimed
//   once (the sent-at column), so it never gets either twice.
// - "24h" closes 2 h before the start: a job that ran late must not send "your tour is
//   tomorrow" on the day itself.
// - "1h" closes 10 min before the start, so the message (sent by the outbox within a
//   minute or two) cannot arrive after the tour began.
// - With the job every 15 min, a window of 22 h (or 50 min) always holds a run: every
//   tour booked more than 24 h ahead gets its 24-hour reminder between 24 h and 23 h 45
//   min before, and every tour booked more than 1 h ahead gets its 1-hour reminder
//   between 1 h and 45 min before. Runs that are late or missed still send it while the
//   window is open.

export type ReminderKind = "24h" | "1h";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface ReminderWindow {
  kind: ReminderKind;
  /** Due only when start − now ≤ this … */
  maxLeadMs: number;
  /** … and start − now > this. */
  minLeadMs: number;
  /** Only tours booked more than this ahead (start − createdAt). */
  minNoticeMs: number;
}

export const reminderWindows: Record<ReminderKind, ReminderWindow> = {
  "24h": { kind: "24h", maxLeadMs: 24 * HOUR, minLeadMs: 2 * HOUR, minNoticeMs: 24 * HOUR },
  "1h": { kind: "1h", maxLeadMs: 1 * HOUR, minLeadMs: 10 * MINUTE, minNoticeMs: 1 * HOUR },
};

/** How often pg_cron runs the reminders job (the schedule in the migrations). */
export const REMINDER_JOB_INTERVAL_MS = 15 * MINUTE;

export interface ReminderTour {
  startAt: Date;
  createdAt: Date;
  reminder24hSentAt: Date | null;
  reminder1hSentAt: Date | null;
}

/** Whether `window` is open for this tour at `now` (ignoring whether it was sent). */
export function inWindow(window: ReminderWindow, tour: Pick<ReminderTour, "startAt" | "createdAt">, now: Date): boolean {
  const lead = tour.startAt.getTime() - now.getTime();
  const notice = tour.startAt.getTime() - tour.createdAt.getTime();
  return notice > window.minNoticeMs && lead > window.minLeadMs && lead <= window.maxLeadMs;
}

/** The reminder to send now, if any. Only confirmed tours should be asked about. */
export function reminderDue(tour: ReminderTour, now: Date): ReminderKind | null {
  if (tour.reminder24hSentAt === null && inWindow(reminderWindows["24h"], tour, now)) return "24h";
  if (tour.reminder1hSentAt === null && inWindow(reminderWindows["1h"], tour, now)) return "1h";
  return null;
}

/** The outbox dedupe key of a reminder: the tour's start is part of it, so a moved tour is reminded again. */
export function reminderDedupeKey(channel: "email" | "sms", bookingId: string, kind: ReminderKind, startAt: Date): string {
  return `${channel}:${bookingId}:tour_reminder_${kind}:${startAt.getTime()}`;
}
