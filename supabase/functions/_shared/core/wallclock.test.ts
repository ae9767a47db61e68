// Wall-clock functions: date and time parsing, and offsets / first instants checked
// against Intl.DateTimeFormat around real DST changes.
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  addDays,
  firstInstantAtOrAfter,
  localDateOf,
  MINUTE_MS,
  offsetAt,
  offsetTimeline,
  parseClock,
  parseLocalDate,
  wallAt,
  weekdayOf,
} from "./wallclock.ts";
import { intlWall } from "./test-intl-wall.ts";

const SEED = Number(Deno.env.get("SLOTS_SEED") ?? 20260308);
const ZONES = [
  "America/Chicago",
  "America/New_York",
  "Europe/London",
  "Australia/Sydney",
  "America/Phoenix",
  "Asia/Kolkata",
  "Australia/Lord_Howe",
  "Asia/Kathmandu",
  "Pacific/Chatham",
  "UTC",
];

Deno.test("parseLocalDate / addDays / weekdayOf: real dates only; arithmetic across months and leap days", () => {
  assert.equal(parseLocalDate("2026-02-30"), null);
  assert.equal(parseLocalDate("2026-2-3"), null);
  assert.equal(parseLocalDate("2026-13-01"), null);
  assert.equal(parseLocalDate("2028-02-29"), Date.UTC(2028, 1, 29));
  assert.equal(addDays("2028-02-28", 1), "2028-02-29");
  assert.equal(addDays("2026-12-31", 1), "2027-01-01");
  assert.equal(addDays("2026-03-01", -1), "2026-02-28");
  assert.equal(weekdayOf(parseLocalDate("2026-03-08")!), 0, "2026-03-08 is a Sunday");
});

Deno.test("parseClock: HH:MM from 00:00 to 23:59; 24:00 only as an end of day", () => {
  assert.equal(parseClock("00:00", false), 0);
  assert.equal(parseClock("17:30", false), 17 * 60 + 30);
  assert.equal(parseClock("24:00", true), 1440);
  assert.equal(parseClock("24:00", false), null);
  assert.equal(parseClock("24:30", true), null);
  assert.equal(parseClock("23:60", false), null);
  assert.equal(parseClock("9:00", false), null);
});

Deno.test("localDateOf: the date in the zone, not in UTC", () => {
  const instant = Date.parse("2026-03-02T05:30:00Z");
  assert.equal(localDateOf(instant, "America/Chicago"), "2026-03-01");
  assert.equal(localDateOf(instant, "Asia/Kolkata"), "2026-03-02");
  assert.equal(localDateOf(instant, "UTC"), "2026-03-02");
});

Deno.test("offsetAt and the offset timeline agree with Intl at random instants of 2026–2027", () => {
  console.log(`checks: offsetAt / wallAt against Intl parts in ${ZONES.length} zones — seed=${SEED}, runs=400`);
  const start = Date.UTC(2026, 0, 1);
  const end = Date.UTC(2028, 0, 1);
  const timelines = new Map(ZONES.map((zone) => [zone, offsetTimeline(zone, start, end)]));
  fc.assert(
    fc.property(
      fc.constantFrom(...ZONES),
      fc.integer({ min: start / MINUTE_MS, max: end / MINUTE_MS }),
      (zone, minute) => {
        const instant = minute * MINUTE_MS;
        assert.equal(instant + offsetAt(instant, zone), intlWall(instant, zone));
        assert.equal(wallAt(timelines.get(zone)!, instant), intlWall(instant, zone));
      },
    ),
    { seed: SEED, numRuns: 400 },
  );
});

Deno.test("firstInstantAtOrAfter: the first instant whose wall time is ≥ the target, near DST changes (minute scan)", () => {
  console.log(`checks: firstInstantAtOrAfter against a minute-by-minute Intl scan — seed=${SEED}, runs=150`);
  const changes = [
    ["America/Chicago", "2026-03-08T08:00:00Z"],
    ["America/Chicago", "2026-11-01T07:00:00Z"],
    ["Europe/London", "2027-03-28T01:00:00Z"],
    ["Europe/London", "2027-10-31T01:00:00Z"],
    ["Australia/Sydney", "2026-04-04T16:00:00Z"],
    ["Australia/Sydney", "2026-10-03T16:00:00Z"],
    ["Australia/Lord_Howe", "2026-04-04T15:00:00Z"],
    ["Asia/Kolkata", "2026-03-08T08:00:00Z"],
  ] as const;
  fc.assert(
    fc.property(fc.constantFrom(...changes), fc.integer({ min: -180, max: 180 }), ([zone, iso], shift) => {
      const change = Date.parse(iso);
      const target = intlWall(change, zone) + shift * MINUTE_MS; // a wall time near the change
      const timeline = offsetTimeline(zone, change - 2 * 86_400_000, change + 2 * 86_400_000);
      let expected = change - 20 * 60 * MINUTE_MS;
      while (intlWall(expected, zone) < target) expected += MINUTE_MS;
      assert.equal(firstInstantAtOrAfter(timeline, target), expected);
    }),
    { seed: SEED, numRuns: 150 },
  );
});
