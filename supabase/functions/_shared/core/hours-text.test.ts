// Weekly hours as text, and local moments in a property's zone.
import assert from "node:assert/strict";
import fc from "fast-check";
import { formatWeeklyHours, HoursTextError, parseWeeklyHours } from "./hours-text.ts";
import { formatLocalMoment, parseMoment } from "./local-time.ts";

Deno.test("hours text: ranges, lists, wrap-around and closed days", () => {
  const h = parseWeeklyHours("mon-fri 09:00-12:00,13:00-18:00; sat 10:00-14:00");
  assert.deepEqual(h[1], [{ start: "09:00", end: "12:00" }, { start: "13:00", end: "18:00" }]);
  assert.deepEqual(h[5], h[1]);
  assert.deepEqual(h[6], [{ start: "10:00", end: "14:00" }]);
  assert.deepEqual(h[0], [], "a day not named is closed");
  assert.equal(formatWeeklyHours(h), "mon-fri 09:00-12:00,13:00-18:00; sat 10:00-14:00; sun closed");
  const wrap = parseWeeklyHours("fri-mon 9:00-17:00; tue,thu 12:00-24:00; wed closed");
  assert.deepEqual([0, 1, 5, 6].map((d) => wrap[d as 0][0].start), ["09:00", "09:00", "09:00", "09:00"]);
  assert.equal(wrap[4][0].end, "24:00");
  assert.equal(formatWeeklyHours(wrap), "mon 09:00-17:00; tue 12:00-24:00; wed closed; thu 12:00-24:00; fri-sun 09:00-17:00");
  console.log("  parsed and formatted:", formatWeeklyHours(h), "|", formatWeeklyHours(wrap));
});

Deno.test("hours text: every mistake is refused with a one-line reason", () => {
  const bad: Array<[string, RegExp]> = [
    ["", /give the hours/],
    ["mon", /needs hours/],
    ["moon 09:00-10:00", /"moon" is not a day/],
    ["mon 09:00-08:00", /end must be after the start/],
    ["mon 09:00-12:00,11:00-13:00", /overlap/],
    ["mon 25:00-26:00", /not a time/],
    ["mon 9-5", /not a range/],
    ["mon-fri 09:00-17:00; fri 10:00-12:00", /fri is given twice/],
  ];
  for (const [text, reason] of bad) {
    assert.throws(() => parseWeeklyHours(text), (e: unknown) => e instanceof HoursTextError && reason.test(e.message) && !e.message.includes("\n"));
  }
  console.log(`  ${bad.length} malformed hours refused`);
});

Deno.test("hours text: what is formatted parses back to the same hours", () => {
  const clock = fc.integer({ min: 0, max: 47 }).map((half) => half * 30);
  const day = fc.uniqueArray(clock, { maxLength: 6 }).map((points) => {
    const sorted = [...points].sort((a, b) => a - b);
    const ranges = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) ranges.push({ start: sorted[i], end: sorted[i + 1] });
    const fmt = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
    return ranges.map((r) => ({ start: fmt(r.start), end: fmt(r.end) }));
  });
  fc.assert(fc.property(fc.array(day, { minLength: 7, maxLength: 7 }), (days) => {
    const hours = Object.fromEntries(days.map((d, i) => [String(i), d]));
    assert.deepEqual(parseWeeklyHours(formatWeeklyHours(hours)), Object.fromEntries(days.map((d, i) => [i, d])));
  }), { seed: 20261128, numRuns: 200 });
  console.log("  200 random weeks round-trip through the text");
});

Deno.test("local moments: local text in the zone, ISO with offsets, and the clocks' gaps", () => {
  const local = parseMoment("2026-12-03 10:00", "America/Chicago");
  assert.deepEqual(local, { ok: true, instant: Date.parse("2026-12-03T16:00:00Z") });
  assert.equal(formatLocalMoment(Date.parse("2026-12-03T16:00:00Z"), "America/Chicago"), "2026-12-03 10:00");
  assert.deepEqual(parseMoment("2026-12-03T16:00:00Z", "America/Chicago"), local);
  assert.deepEqual(parseMoment("2026-12-03T11:00-05:00", "America/Chicago"), local);
  const gap = parseMoment("2027-03-14 02:30", "America/Chicago");
  assert.equal(gap.ok, false);
  assert.match(!gap.ok ? gap.message : "", /does not exist in America\/Chicago/);
  const repeated = parseMoment("2026-11-01 01:30", "America/Chicago");
  assert.deepEqual(repeated, { ok: true, instant: Date.parse("2026-11-01T06:30:00Z") }, "the first 01:30 (CDT)");
  for (const text of ["2026-02-30 10:00", "2026-12-03 24:00", "tomorrow", "2026-12-03T10:00"]) {
    if (text === "2026-12-03T10:00") assert.equal(parseMoment(text, "America/Chicago").ok, true, "a T without an offset is local");
    else assert.equal(parseMoment(text, "America/Chicago").ok, false, text);
  }
  console.log("  10:00 Chicago = 16:00Z; 02:30 on 2027-03-14 refused; 01:30 on 2026-11-01 is the CDT one");
});
