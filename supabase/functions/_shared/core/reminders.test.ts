// The reminder rule, proved over random booking times and random job schedules:
// each reminder at most once, never after the start, never a "24-hour" reminder within
// 2 h of the start, and no tour booked early enough misses one while the job runs on time.
//
// Reproduce a failure with REMINDERS_SEED=<seed>.
import assert from "node:assert/strict";
import fc from "fast-check";
import { REMINDER_JOB_INTERVAL_MS, reminderDue, type ReminderKind, reminderWindows } from "./reminders.ts";

const SEED = Number(Deno.env.get("REMINDERS_SEED") ?? 20261125);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const BASE = Date.parse("2026-12-01T00:00:00Z");

interface Sent {
  kind: ReminderKind;
  at: number;
  leadMs: number;
}

/** Runs the rule at each instant (ascending), recording what the job would claim. */
function simulate(startAt: number, createdAt: number, runs: number[]): Sent[] {
  const tour = {
    startAt: new Date(startAt),
    createdAt: new Date(createdAt),
    reminder24hSentAt: null as Date | null,
    reminder1hSentAt: null as Date | null,
  };
  const sent: Sent[] = [];
  for (const at of runs) {
    if (at < createdAt) continue; // the tour did not exist yet
    const kind = reminderDue(tour, new Date(at));
    if (!kind) continue;
    if (kind === "24h") tour.reminder24hSentAt = new Date(at);
    else tour.reminder1hSentAt = new Date(at);
    sent.push({ kind, at, leadMs: startAt - at });
  }
  return sent;
}

/** The job on time: every quarter hour from the booking until an hour after the start. */
function onTimeRuns(createdAt: number, startAt: number): number[] {
  const runs: number[] = [];
  const first = Math.ceil(createdAt / REMINDER_JOB_INTERVAL_MS) * REMINDER_JOB_INTERVAL_MS;
  for (let at = first; at <= startAt + HOUR; at += REMINDER_JOB_INTERVAL_MS) runs.push(at);
  return runs;
}

const count = (sent: Sent[], kind: ReminderKind) => sent.filter((s) => s.kind === kind).length;

// Booked 0–5 days ahead, to the millisecond, at any moment of a month.
const bookingArb = fc.record({
  createdAt: fc.integer({ min: BASE, max: BASE + 30 * DAY }),
  noticeMs: fc.integer({ min: 0, max: 5 * DAY }),
});

Deno.test("reminders: with the job every 15 minutes, each tour gets exactly the reminders its notice allows", () => {
  console.log(`checks: 2,000 random bookings (0–5 days notice) against quarter-hourly runs — seed=${SEED}`);
  fc.assert(
    fc.property(bookingArb, ({ createdAt, noticeMs }) => {
      const startAt = createdAt + noticeMs;
      const sent = simulate(startAt, createdAt, onTimeRuns(createdAt, startAt));
      const want24 = noticeMs > reminderWindows["24h"].minNoticeMs ? 1 : 0;
      const want1 = noticeMs > reminderWindows["1h"].minNoticeMs ? 1 : 0;
      assert.equal(count(sent, "24h"), want24, `24h reminders for notice ${noticeMs / HOUR} h`);
      assert.equal(count(sent, "1h"), want1, `1h reminders for notice ${noticeMs / HOUR} h`);
      for (const s of sent) {
        // On time means within one job interval of the window opening.
        const maxLead = reminderWindows[s.kind].maxLeadMs;
        assert.ok(s.leadMs <= maxLead && s.leadMs > maxLead - REMINDER_JOB_INTERVAL_MS, `${s.kind} sent ${s.leadMs / MINUTE} min before`);
      }
    }),
    { seed: SEED, numRuns: 2000 },
  );
});

Deno.test("reminders: whenever the job runs (late, early, bursts, gaps), at most once each, never after the start, never a 24h reminder within 2 h", () => {
  console.log(`checks: 2,000 random bookings × random run times (gaps 0 s–6 h, duplicates) — seed=${SEED}`);
  const runsArb = fc.array(fc.integer({ min: 0, max: 6 * HOUR }), { minLength: 1, maxLength: 120 });
  fc.assert(
    fc.property(bookingArb, runsArb, fc.integer({ min: 0, max: 6 * HOUR }), ({ createdAt, noticeMs }, gaps, offset) => {
      const startAt = createdAt + noticeMs;
      const runs: number[] = [];
      let at = createdAt - offset;
      for (const gap of gaps) {
        at += gap;
        runs.push(at, at); // two runs at the same instant: the second must find nothing
      }
      const sent = simulate(startAt, createdAt, runs);
      assert.ok(count(sent, "24h") <= 1, "24h at most once");
      assert.ok(count(sent, "1h") <= 1, "1h at most once");
      for (const s of sent) {
        assert.ok(s.leadMs > 0, `${s.kind} sent ${s.leadMs} ms after the start`);
        if (s.kind === "24h") {
          assert.ok(s.leadMs > 2 * HOUR, `24h reminder only ${s.leadMs / MINUTE} min before`);
          assert.ok(s.leadMs <= DAY, "24h reminder more than a day before");
          assert.ok(noticeMs > DAY, "24h reminder for a tour booked less than a day ahead");
        } else {
          assert.ok(s.leadMs > 10 * MINUTE && s.leadMs <= HOUR, `1h reminder ${s.leadMs / MINUTE} min before`);
        }
      }
    }),
    { seed: SEED, numRuns: 2000 },
  );
});

Deno.test("reminders: a moved tour follows its new time (reminders reset on reschedule), still once per start", () => {
  console.log(`checks: 1,000 bookings moved once at a random moment, quarter-hourly runs — seed=${SEED}`);
  fc.assert(
    fc.property(bookingArb, fc.integer({ min: 0, max: 3 * DAY }), fc.integer({ min: -2 * DAY, max: 3 * DAY }), ({ createdAt, noticeMs }, movedAfter, shift) => {
      const firstStart = createdAt + noticeMs;
      const movedAt = createdAt + Math.min(movedAfter, noticeMs);
      const newStart = Math.max(movedAt, firstStart + shift);
      const before = simulate(firstStart, createdAt, onTimeRuns(createdAt, firstStart).filter((t) => t < movedAt));
      // The booking routes reset reminder_*_sent_at when the time changes.
      const after = simulate(newStart, createdAt, onTimeRuns(movedAt, newStart));
      for (const part of [before, after]) {
        assert.ok(count(part, "24h") <= 1 && count(part, "1h") <= 1);
        for (const s of part) assert.ok(s.leadMs > 0);
      }
      if (newStart - createdAt > DAY && newStart - movedAt > DAY) assert.equal(count(after, "24h"), 1);
    }),
    { seed: SEED, numRuns: 1000 },
  );
});

Deno.test("reminders: the six example tours, run every 15 minutes for two days", () => {
  const now = Date.parse("2026-12-01T14:00:00Z");
  const cases: Array<[string, number, ReminderKind[]]> = [
    ["3 days", 3 * DAY, ["24h"]], // the 1-hour one comes on day three, after this window
    ["25 h", 25 * HOUR, ["24h", "1h"]],
    ["23 h", 23 * HOUR, ["1h"]],
    ["90 min", 90 * MINUTE, ["1h"]],
    ["50 min", 50 * MINUTE, []],
    ["10 min", 10 * MINUTE, []],
  ];
  const runs: number[] = [];
  for (let at = now; at <= now + 2 * DAY; at += REMINDER_JOB_INTERVAL_MS) runs.push(at);
  console.log("booked ahead | reminders (minutes before the start)");
  for (const [label, ahead, expected] of cases) {
    const sent = simulate(now + ahead, now, runs);
    console.log(`${label.padEnd(12)} | ${sent.map((s) => `${s.kind} at −${s.leadMs / MINUTE} min`).join(", ") || "none"}`);
    assert.deepEqual(sent.map((s) => s.kind), expected, label);
  }
});
