// A local day's bounds: an ordinary day is 24 hours, a spring-forward day 23 and a
// fall-back day 25, and every instant of the day falls inside its own bounds.
import assert from "node:assert/strict";
import fc from "fast-check";
import { localDayAt } from "./local-day.ts";
import { localDateOf } from "./wallclock.ts";

const H = 3_600_000;

Deno.test("local day: Chicago's ordinary, spring-forward and fall-back days", () => {
  const plain = localDayAt(Date.parse("2026-12-01T23:30:00Z"), "America/Chicago"); // 17:30 CST
  assert.deepEqual(plain, { date: "2026-12-01", fromMs: Date.parse("2026-12-01T06:00:00Z"), toMs: Date.parse("2026-12-02T06:00:00Z") });
  const spring = localDayAt(Date.parse("2026-03-08T18:00:00Z"), "America/Chicago");
  assert.equal(spring.date, "2026-03-08");
  assert.equal((spring.toMs - spring.fromMs) / H, 23);
  const fall = localDayAt(Date.parse("2026-11-01T18:00:00Z"), "America/Chicago");
  assert.equal((fall.toMs - fall.fromMs) / H, 25);
  // 05:30Z on Dec 2 is still Dec 1 in Chicago (23:30 CST).
  assert.equal(localDayAt(Date.parse("2026-12-02T05:30:00Z"), "America/Chicago").date, "2026-12-01");
  console.log("  Chicago: 24 h on Dec 1 (06:00Z–06:00Z), 23 h on Mar 8, 25 h on Nov 1; 23:30 CST is still its own date");
});

Deno.test("local day: every instant lies in its own day, and the bounds belong to that date (property)", () => {
  const zones = ["America/Chicago", "Europe/London", "Asia/Kolkata", "Australia/Lord_Howe", "America/Santiago", "Pacific/Chatham"];
  fc.assert(fc.property(fc.integer({ min: Date.parse("2026-01-01T00:00:00Z"), max: Date.parse("2028-12-31T00:00:00Z") }),
    fc.constantFrom(...zones), (now, zone) => {
      const day = localDayAt(now, zone);
      assert.ok(day.fromMs <= now && now < day.toMs, `${zone} ${new Date(now).toISOString()}`);
      assert.equal(localDateOf(day.fromMs, zone), day.date);
      assert.equal(localDateOf(day.toMs - 1, zone), day.date);
      assert.notEqual(localDateOf(day.toMs, zone), day.date);
    }), { seed: 20261128, numRuns: 300 });
  console.log("  300 instants over 6 zones (half-hour and 30-min DST zones included): inside their day, bounds on the date");
});
