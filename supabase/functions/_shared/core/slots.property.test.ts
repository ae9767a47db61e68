// Property tests: the slot engine against a brute-force reference, over random rules,
// busy time, bookings and "now" values clustered around DST changes.
//
// The reference shares no code with the engine. It learns the zone from
// Intl.DateTimeFormat's local date and time of every whole minute around the window
// (the engine samples date-fns-tz offsets once a day), walks every candidate time and
// checks every busy interval and booking linearly.
//
// Reproduce a failure with SLOTS_SEED=<seed> (printed below and by fast-check).
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  type AgentAvailabilityInput,
  computeSlots,
  type ComputeSlotsInput,
  type DaySlots,
  type LiveBooking,
  type OpeningHours,
  type SchedulingRules,
  type Slot,
} from "./slots.ts";
import { intlWall } from "./test-intl-wall.ts";

const SEED = Number(Deno.env.get("SLOTS_SEED") ?? 20260308);
const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

const ZONES = [
  "America/Chicago",
  "America/New_York",
  "Europe/London",
  "Australia/Sydney",
  "America/Phoenix",
  "Asia/Kolkata",
  "Australia/Lord_Howe", // DST shifts by 30 minutes
] as const;

// ---------------------------------------------------------------- Intl-based wall clock

const wallCache = new Map<string, Map<number, number>>();

/** Local wall time at an instant, as whole minutes since 1970-01-01T00:00 local. */
function wallMinute(instant: number, timeZone: string): number {
  let cache = wallCache.get(timeZone);
  if (!cache) wallCache.set(timeZone, cache = new Map());
  const cached = cache.get(instant);
  if (cached !== undefined) return cached;
  const value = intlWall(instant, timeZone) / MINUTE;
  if (instant % MINUTE === 0) cache.set(instant, value);
  return value;
}

/**
 * Wall minutes of `count` whole minutes from `start`. Asks Intl at every quarter hour
 * and, where the offset is the same at both ends of a quarter, counts the minutes
 * between; where it differs, asks Intl for every minute of that quarter.
 */
function wallMinutesFrom(start: number, count: number, timeZone: string): number[] {
  const quarter = 15 * MINUTE;
  const walls: number[] = [];
  for (let q = Math.floor(start / quarter) * quarter; walls.length < count; q += quarter) {
    const steady = wallMinute(q + quarter, timeZone) - wallMinute(q, timeZone) === 15;
    for (let t = Math.max(q, start); t < q + quarter && walls.length < count; t += MINUTE) {
      walls.push(steady ? wallMinute(q, timeZone) + (t - q) / MINUTE : wallMinute(t, timeZone));
    }
  }
  return walls;
}

const dayNumber = (date: string) => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY;
const dateOfDay = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const clockMinutes = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
const clockText = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
const localDayOfInstant = (instant: number, timeZone: string) => Math.floor(wallMinute(instant, timeZone) / 1440);

// ---------------------------------------------------------------- the reference engine

function overlaps(start: number, end: number, from: number, to: number): boolean {
  return end > start && start < to && end > from;
}

function agentIsFree(input: ComputeSlotsInput, agentId: string, from: number, to: number): boolean {
  for (const agent of input.agents) {
    if (agent.agentId !== agentId) continue;
    for (const busy of agent.busy) if (overlaps(busy.start, busy.end, from, to)) return false;
  }
  for (const booking of input.bookings) {
    if (booking.agentId === agentId && overlaps(booking.start, booking.end, from, to)) return false;
  }
  return true;
}

function hoursOf(rules: SchedulingRules, date: string): OpeningHours[] {
  const exceptions = rules.exceptions.filter((e) => e.date === date);
  if (exceptions.some((e) => e.closed)) return [];
  const replaced = exceptions.filter((e) => e.hours !== undefined);
  if (replaced.length > 0) return replaced.flatMap((e) => e.hours!);
  return rules.weeklyHours[new Date(dayNumber(date) * DAY).getUTCDay() as 0];
}

function referenceSlots(input: ComputeSlotsInput): DaySlots[] {
  const { rules, now } = input;
  const zone = rules.timeZone;
  const firstDay = localDayOfInstant(now, zone);
  const lastDay = firstDay + rules.bookingWindowDays - 1;
  const requestedFrom = input.fromDate === undefined ? firstDay : dayNumber(input.fromDate);
  const requestedTo = input.days === undefined ? lastDay : requestedFrom + input.days - 1;
  const fromDay = Math.max(firstDay, requestedFrom);
  const toDay = Math.min(lastDay, requestedTo);
  if (fromDay > toDay) return [];

  // Every whole minute from 15 hours before the first local midnight to 15 hours after the last.
  const scanStart = fromDay * DAY - 15 * 60 * MINUTE;
  const walls = wallMinutesFrom(scanStart, (toDay - fromDay + 1) * 1440 + 30 * 60 + 1, zone);
  const firstInstantOfWall = new Map<number, number>();
  walls.forEach((wall, i) => {
    if (!firstInstantOfWall.has(wall)) firstInstantOfWall.set(wall, scanStart + i * MINUTE);
  });
  const firstInstantAtOrAfter = (wall: number) => scanStart + walls.findIndex((w) => w >= wall) * MINUTE;

  const agentIds = [...new Set(input.agents.map((a) => a.agentId))].sort();
  const result: DaySlots[] = [];
  for (let day = fromDay; day <= toDay; day++) {
    const date = dateOfDay(day);
    const byMinute = new Map<number, Slot>();
    for (const hours of hoursOf(rules, date)) {
      const open = clockMinutes(hours.start);
      const close = clockMinutes(hours.end);
      const closesAt = firstInstantAtOrAfter(day * 1440 + close);
      for (let minute = open; minute < close; minute += rules.slotIntervalMinutes) {
        const start = firstInstantOfWall.get(day * 1440 + minute);
        if (start === undefined) continue;
        const end = start + rules.tourMinutes * MINUTE;
        if (end > closesAt || start < now + rules.minNoticeMinutes * MINUTE) continue;
        const from = start - rules.bufferBeforeMinutes * MINUTE;
        const to = end + rules.bufferAfterMinutes * MINUTE;
        const freeAgentIds = agentIds.filter((id) => agentIsFree(input, id, from, to));
        if (freeAgentIds.length > 0) byMinute.set(minute, { time: clockText(minute), start, end, freeAgentIds });
      }
    }
    result.push({ date, slots: [...byMinute.entries()].sort((a, b) => a[0] - b[0]).map(([, slot]) => slot) });
  }
  return result;
}

// ---------------------------------------------------------------- generators

/** Instants where the zone's offset changes in 2026–2027, found by an hourly Intl scan. */
const transitionCache = new Map<string, number[]>();
function transitionsOf(zone: string): number[] {
  let found = transitionCache.get(zone);
  if (!found) {
    found = [];
    const offsetAt = (t: number) => wallMinute(t, zone) - t / MINUTE;
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2028, 0, 1); t += 60 * MINUTE) {
      if (offsetAt(t) !== offsetAt(t + 60 * MINUTE)) found.push(t);
    }
    // Zones without DST: use the US and EU change dates anyway, as ordinary days.
    if (found.length === 0) found = transitionsOf("America/New_York").concat(transitionsOf("Europe/London"));
    transitionCache.set(zone, found);
  }
  return found;
}

const clockArb = fc.oneof(
  fc.integer({ min: 0, max: 1439 }),
  fc.integer({ min: 0, max: 47 }).map((half) => half * 30),
  fc.integer({ min: 0, max: 16 }).map((quarter) => quarter * 15), // 00:00–04:00, where clocks change
);
const hoursArb: fc.Arbitrary<OpeningHours> = fc
  .tuple(clockArb, fc.oneof(fc.integer({ min: 1, max: 600 }), fc.constantFrom(60, 120, 180, 540)))
  .map(([start, length]) => {
    const end = Math.min(1440, start + length);
    return { start: clockText(start), end: end === 1440 ? "24:00" : clockText(end) };
  });
/** Hours in the small hours, where clocks change. */
const nightHoursArb: fc.Arbitrary<OpeningHours> = fc
  .tuple(
    fc.oneof(fc.integer({ min: 0, max: 240 }), fc.integer({ min: 0, max: 16 }).map((q) => q * 15)),
    fc.integer({ min: 30, max: 300 }),
  )
  .map(([start, length]) => ({ start: clockText(start), end: clockText(start + length) }));
const dayHoursArb = fc.array(hoursArb, { minLength: 1, maxLength: 2 });
const weekdayHoursArb = fc.oneof({ weight: 1, arbitrary: fc.constant<OpeningHours[]>([]) }, {
  weight: 4,
  arbitrary: dayHoursArb,
});
const nightWeekdayHoursArb = fc.array(
  fc.oneof({ weight: 3, arbitrary: nightHoursArb }, { weight: 1, arbitrary: hoursArb }),
  {
    minLength: 1,
    maxLength: 2,
  },
);

function nowArb(zone: string, nearChange: boolean) {
  // Often on the quarter hour, so that now + notice lands exactly on slot starts.
  return fc.tuple(anyNowArb(zone, nearChange), fc.boolean()).map(([now, round]) =>
    round ? now - now % (15 * MINUTE) : now
  );
}

function anyNowArb(zone: string, nearChange: boolean) {
  const transitions = transitionsOf(zone);
  if (nearChange) {
    return fc.tuple(fc.constantFrom(...transitions), fc.integer({ min: -2 * DAY, max: 0 })).map(([t, shift]) =>
      t + shift
    );
  }
  return fc.oneof(
    // Mostly up to three days before a change, so the change falls inside short windows too.
    {
      weight: 4,
      arbitrary: fc.tuple(fc.constantFrom(...transitions), fc.integer({ min: -3 * DAY, max: DAY / 2 })).map((
        [t, shift],
      ) => t + shift),
    },
    { weight: 1, arbitrary: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) }) },
  );
}

/** Busy-ish spans near `now`: on the quarter hour (to touch slot edges exactly) or anywhere. */
function spanArb(now: number, minLength: number, maxLength: number) {
  const quarter = 15 * MINUTE;
  return fc
    .tuple(
      fc.oneof(
        fc.integer({ min: -96, max: 600 }).map((q) => Math.floor(now / quarter) * quarter + q * quarter),
        fc.integer({ min: now - DAY, max: now + 6 * DAY }),
      ),
      fc.integer({ min: minLength, max: maxLength }),
    )
    .map(([start, minutes]) => ({ start, end: start + minutes * MINUTE }));
}

const AGENT_IDS = ["a", "b", "c"];

/** `nightHours`: open mostly in the small hours, with "now" up to two days before a change. */
function inputArb(maxWindowDays: number, nightHours = false): fc.Arbitrary<ComputeSlotsInput> {
  const openArb = nightHours ? nightWeekdayHoursArb : weekdayHoursArb;
  return fc
    .constantFrom(...ZONES)
    .chain((timeZone) => fc.tuple(fc.constant(timeZone), nowArb(timeZone, nightHours)))
    .chain(([timeZone, now]) => {
      const today = localDayOfInstant(now, timeZone);
      const exceptionArb = fc
        .record({
          offset: fc.integer({ min: -2, max: maxWindowDays + 2 }),
          closed: fc.option(fc.boolean(), { nil: undefined }),
          hours: fc.option(fc.array(hoursArb, { maxLength: 2 }), { nil: undefined }),
        }, { noNullPrototype: true })
        .map(({ offset, closed, hours }) => ({
          date: dateOfDay(today + offset),
          ...(closed === undefined ? {} : { closed }),
          ...(hours === undefined ? {} : { hours }),
        }));
      const rulesArb: fc.Arbitrary<SchedulingRules> = fc.record({
        timeZone: fc.constant(timeZone),
        weeklyHours: fc.tuple(openArb, openArb, openArb, openArb, openArb, openArb, openArb)
          .map((week) => ({ ...week }) as SchedulingRules["weeklyHours"]),
        exceptions: fc.array(exceptionArb, { maxLength: 3 }),
        tourMinutes: fc.oneof(fc.integer({ min: 1, max: 180 }), fc.constantFrom(15, 30, 45, 60, 90)),
        slotIntervalMinutes: fc.oneof(fc.integer({ min: 1, max: 120 }), fc.constantFrom(5, 15, 30, 60)),
        bufferBeforeMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60 })),
        bufferAfterMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60 })),
        minNoticeMinutes: fc.oneof(fc.constant(0), fc.constantFrom(60, 120), fc.integer({ min: 0, max: 720 })),
        bookingWindowDays: fc.integer({ min: 1, max: maxWindowDays }),
      }, { noNullPrototype: true });
      const agentArb: fc.Arbitrary<AgentAvailabilityInput> = fc.record({
        agentId: fc.constantFrom(...AGENT_IDS),
        busy: fc.array(spanArb(now, -30, 300), { maxLength: 12 }),
      }, { noNullPrototype: true });
      const bookingArb: fc.Arbitrary<LiveBooking> = fc
        .tuple(fc.constantFrom(...AGENT_IDS, "unknown"), spanArb(now, 15, 120))
        .map(([agentId, span]) => ({ agentId, ...span }));
      // fromDate / days: usually absent; when present, sometimes reaching outside the window.
      const sometimes = <T>(arbitrary: fc.Arbitrary<T>) =>
        fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });
      const fromDateArb = sometimes(
        fc.integer({ min: -2, max: maxWindowDays + 1 }).map((offset) => dateOfDay(today + offset)),
      );
      const daysArb = sometimes(
        fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: maxWindowDays + 2 }) }, {
          weight: 1,
          arbitrary: fc.constant(0),
        }),
      );
      return fc
        .record({
          rules: rulesArb,
          agents: fc.oneof(
            { weight: 1, arbitrary: fc.constant<AgentAvailabilityInput[]>([]) },
            { weight: 9, arbitrary: fc.array(agentArb, { minLength: 1, maxLength: 3 }) },
          ),
          bookings: fc.array(bookingArb, { maxLength: 5 }),
          fromDate: fromDateArb,
          days: daysArb,
        }, { noNullPrototype: true })
        .map(({ fromDate, days, ...rest }): ComputeSlotsInput => ({
          ...rest,
          now,
          ...(fromDate === null ? {} : { fromDate }),
          ...(days === null ? {} : { days }),
        }));
    });
}

// ---------------------------------------------------------------- properties

function describe(what: string, numRuns: number) {
  console.log(`checks: ${what} — fast-check seed=${SEED}, runs=${numRuns} (SLOTS_SEED=<n> to vary)`);
  return { seed: SEED, numRuns };
}

Deno.test("property: the engine equals the brute-force reference (random rules, busy, bookings, now near DST changes)", () => {
  const options = describe("computeSlots deep-equals a minute-by-minute Intl reference, windows of 1–5 days", 600);
  fc.assert(
    fc.property(inputArb(5), (input) => {
      assert.deepEqual(computeSlots(input), referenceSlots(input));
    }),
    options,
  );
});

Deno.test("property: the engine equals the reference on DST-change days with hours in the small hours", () => {
  const options = describe(
    "computeSlots deep-equals the reference; hours mostly within 00:00–09:00, now up to 2 days before a change",
    400,
  );
  fc.assert(
    fc.property(inputArb(4, true), (input) => {
      assert.deepEqual(computeSlots(input), referenceSlots(input));
    }),
    options,
  );
});

Deno.test("property: the engine equals the reference over full two-week windows", () => {
  const options = describe("computeSlots deep-equals the reference, windows of up to 15 days", 100);
  fc.assert(
    fc.property(inputArb(15), (input) => {
      assert.deepEqual(computeSlots(input), referenceSlots(input));
    }),
    options,
  );
});

Deno.test("property: invariants — real local times once each, after notice, inside the window, offered iff an agent is free", () => {
  const options = describe(
    "each slot's instant formats to its date and time in the zone (so it exists) and is its first occurrence; " +
      "no time twice per date; start ≥ now + notice; dates = the clipped window; freeAgentIds = exactly the free agents",
    400,
  );
  fc.assert(
    fc.property(inputArb(15), (input) => {
      const { rules, now } = input;
      const zone = rules.timeZone;
      const result = computeSlots(input);
      const firstDay = localDayOfInstant(now, zone);
      const fromDay = Math.max(firstDay, input.fromDate ? dayNumber(input.fromDate) : firstDay);
      const lastDay = firstDay + rules.bookingWindowDays - 1;
      const toDay = Math.min(
        lastDay,
        input.days === undefined ? lastDay : (input.fromDate ? dayNumber(input.fromDate) : firstDay) + input.days - 1,
      );
      assert.deepEqual(
        result.map((d) => d.date),
        Array.from({ length: Math.max(0, toDay - fromDay + 1) }, (_, i) => dateOfDay(fromDay + i)),
      );
      const knownAgents = [...new Set(input.agents.map((a) => a.agentId))];
      let previousStart = -Infinity;
      for (const { date, slots } of result) {
        const seen = new Set<string>();
        for (const slot of slots) {
          const wall = wallMinute(slot.start, zone);
          assert.equal(`${dateOfDay(Math.floor(wall / 1440))} ${clockText(wall % 1440)}`, `${date} ${slot.time}`);
          for (const earlier of [30, 60]) {
            assert.notEqual(wallMinute(slot.start - earlier * MINUTE, zone), wall, "first occurrence");
          }
          assert.ok(!seen.has(slot.time), `${slot.time} once on ${date}`);
          seen.add(slot.time);
          assert.ok(slot.start > previousStart, "ascending");
          previousStart = slot.start;
          assert.ok(slot.start >= now + rules.minNoticeMinutes * MINUTE, "minimum notice");
          assert.equal(slot.end - slot.start, rules.tourMinutes * MINUTE);
          const from = slot.start - rules.bufferBeforeMinutes * MINUTE;
          const to = slot.end + rules.bufferAfterMinutes * MINUTE;
          const free = knownAgents.filter((id) => agentIsFree(input, id, from, to)).sort();
          assert.ok(free.length > 0, "offered only with a free agent");
          assert.deepEqual(slot.freeAgentIds, free);
        }
      }
    }),
    options,
  );
});

Deno.test("property: deterministic, and the input is not mutated", () => {
  const options = describe(
    "two calls on the same input give equal output; the input deep-equals a copy taken before",
    150,
  );
  fc.assert(
    fc.property(inputArb(15), (input) => {
      const before = structuredClone(input);
      const first = computeSlots(input);
      assert.deepEqual(input, before);
      assert.deepEqual(computeSlots(structuredClone(input)), first);
    }),
    options,
  );
});
