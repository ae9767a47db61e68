// Hand-worked cases for the slot engine: the old system's defaults in Chicago, busy
// time and buffers, notice, exceptions, the window, DST days, zones without DST or
// with half-hour offsets, and input errors. Expected instants are worked out by hand
// from the zones' published offsets.
import assert from "node:assert/strict";
import {
  type AgentAvailabilityInput,
  bookingWindow,
  computeSlots,
  type ComputeSlotsInput,
  type DaySlots,
  DEFAULT_RULES,
  type LiveBooking,
  SchedulingInputError,
  type SchedulingRules,
} from "./slots.ts";

const CHICAGO = "America/Chicago";
const at = (iso: string) => Date.parse(iso);
const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16) + "Z";

function rules(timeZone: string, overrides: Partial<SchedulingRules> = {}): SchedulingRules {
  return { ...DEFAULT_RULES, timeZone, ...overrides };
}

function run(
  input: Partial<ComputeSlotsInput> & { rules: SchedulingRules; now: number },
): DaySlots[] {
  return computeSlots({ agents: [{ agentId: "a", busy: [] }], bookings: [], ...input });
}

function day(result: DaySlots[], date: string) {
  const found = result.find((d) => d.date === date);
  assert.ok(found, `date ${date} is in the output`);
  return found.slots;
}
const times = (result: DaySlots[], date: string) => day(result, date).map((s) => s.time);
const timesAndInstants = (result: DaySlots[], date: string) =>
  day(result, date).map((s) => `${s.time}=${utc(s.start)}`);

/** Times 09:00, 09:30, … 17:30 of a default working day. */
const FULL_DAY = Array.from(
  { length: 18 },
  (_, i) => `${String(9 + Math.floor(i / 2)).padStart(2, "0")}:${i % 2 ? "30" : "00"}`,
);

// Sunday 2026-03-01 12:00 CST; the 14-day window runs 2026-03-01 … 2026-03-14.
const SUNDAY_NOON = at("2026-03-01T18:00:00Z");
const MONDAY = "2026-03-02";
const without = (removed: string[]) => FULL_DAY.filter((t) => !removed.includes(t));

Deno.test("defaults in Chicago: a Monday has 18 slots 09:00…17:30 at the right instants; Sunday has none but is listed", () => {
  const result = run({ rules: rules(CHICAGO), now: SUNDAY_NOON });
  assert.equal(result.length, 14);
  assert.equal(result[0].date, "2026-03-01");
  assert.equal(result[13].date, "2026-03-14");
  assert.deepEqual(day(result, "2026-03-01"), []);
  const monday = day(result, MONDAY);
  assert.deepEqual(monday.map((s) => s.time), FULL_DAY);
  assert.equal(utc(monday[0].start), "2026-03-02T15:00Z"); // CST = UTC−6
  assert.equal(utc(monday[17].start), "2026-03-02T23:30Z");
  for (const slot of monday) {
    assert.equal(slot.end - slot.start, 30 * 60_000);
    assert.deepEqual(slot.freeAgentIds, ["a"]);
  }
  assert.deepEqual(times(result, "2026-03-07"), FULL_DAY, "Saturday is open");
  assert.deepEqual(times(result, "2026-03-08"), [], "Sunday is closed");
});

Deno.test("busy 10:00–11:00 removes 10:00 and 10:30 without buffers; the 15-minute after-buffer also removes 09:30", () => {
  const busy = [{ start: at("2026-03-02T16:00:00Z"), end: at("2026-03-02T17:00:00Z") }];
  const agents = [{ agentId: "a", busy }];
  const noBuffers = run({ rules: rules(CHICAGO, { bufferAfterMinutes: 0 }), agents, now: SUNDAY_NOON });
  assert.deepEqual(times(noBuffers, MONDAY), without(["10:00", "10:30"]));
  const defaults = run({ rules: rules(CHICAGO), agents, now: SUNDAY_NOON });
  assert.deepEqual(times(defaults, MONDAY), without(["09:30", "10:00", "10:30"]));
  const beforeOnly = run({
    rules: rules(CHICAGO, { bufferBeforeMinutes: 30, bufferAfterMinutes: 0 }),
    agents,
    now: SUNDAY_NOON,
  });
  assert.deepEqual(times(beforeOnly, MONDAY), without(["10:00", "10:30", "11:00"]));
  assert.deepEqual(times(defaults, "2026-03-03"), FULL_DAY, "the next day is untouched");
});

Deno.test("intervals are half-open: busy ending at a slot's start leaves it free; unsorted, overlapping, empty busy is fine", () => {
  const r = rules(CHICAGO, { bufferAfterMinutes: 0 });
  const busy = [
    { start: at("2026-03-02T15:30:00Z"), end: at("2026-03-02T16:00:00Z") }, // 09:30–10:00
    { start: at("2026-03-02T15:00:00Z"), end: at("2026-03-02T15:45:00Z") }, // 09:00–09:45, overlaps
    { start: at("2026-03-02T18:00:00Z"), end: at("2026-03-02T18:00:00Z") }, // empty: ignored
    { start: at("2026-03-02T19:00:00Z"), end: at("2026-03-02T18:30:00Z") }, // negative: ignored
  ];
  const result = run({ rules: r, agents: [{ agentId: "a", busy }], now: SUNDAY_NOON });
  assert.deepEqual(times(result, MONDAY), without(["09:00", "09:30"]));
});

Deno.test("several agents: a slot is offered while one is free, freeAgentIds sorted; live bookings count as busy", () => {
  const tenToEleven = { start: at("2026-03-02T16:00:00Z"), end: at("2026-03-02T17:00:00Z") };
  const agents: AgentAvailabilityInput[] = [
    { agentId: "zoe", busy: [tenToEleven] },
    { agentId: "adam", busy: [] },
  ];
  const bookings: LiveBooking[] = [
    { agentId: "adam", start: at("2026-03-02T16:30:00Z"), end: at("2026-03-02T17:00:00Z") }, // 10:30
    { agentId: "ghost", start: at("2026-03-02T15:00:00Z"), end: at("2026-03-03T00:00:00Z") }, // unknown: ignored
  ];
  const result = run({ rules: rules(CHICAGO, { bufferAfterMinutes: 0 }), agents, bookings, now: SUNDAY_NOON });
  const monday = day(result, MONDAY);
  const freeAt = (time: string) => monday.find((s) => s.time === time)?.freeAgentIds;
  assert.deepEqual(freeAt("09:30"), ["adam", "zoe"]);
  assert.deepEqual(freeAt("10:00"), ["adam"]);
  assert.equal(freeAt("10:30"), undefined, "both busy: not offered");
  assert.deepEqual(freeAt("11:00"), ["adam", "zoe"]);
  assert.equal(monday.length, 17);
});

Deno.test("no agents: every date is listed, no slot is offered", () => {
  const result = computeSlots({ rules: rules(CHICAGO), agents: [], bookings: [], now: SUNDAY_NOON });
  assert.equal(result.length, 14);
  assert.ok(result.every((d) => d.slots.length === 0));
});

Deno.test("minimum notice: 120 minutes from 09:10 first offers 11:30; a slot exactly at now + notice is offered", () => {
  const r = rules(CHICAGO);
  const at0910 = run({ rules: r, now: at("2026-03-02T15:10:00Z") });
  assert.equal(at0910[0].date, MONDAY, "the window starts today");
  assert.equal(times(at0910, MONDAY)[0], "11:30");
  const at0900 = run({ rules: r, now: at("2026-03-02T15:00:00Z") });
  assert.equal(times(at0900, MONDAY)[0], "11:00");
  const lateEvening = run({ rules: r, now: at("2026-03-02T23:00:00Z") }); // 17:00 CST
  assert.deepEqual(times(lateEvening, MONDAY), []);
  assert.deepEqual(times(lateEvening, "2026-03-03"), FULL_DAY);
});

Deno.test("exceptions: a closed holiday has no slots; special hours replace the weekday's; a closed Sunday can open", () => {
  const r = rules(CHICAGO, {
    exceptions: [
      { date: "2026-03-02", closed: true },
      { date: "2026-03-03", hours: [{ start: "12:00", end: "14:00" }] },
      { date: "2026-03-08", hours: [{ start: "10:00", end: "11:00" }] },
      { date: "2026-03-04" }, // neither closed nor hours: no change
      { date: "2026-03-05", hours: [{ start: "09:00", end: "10:00" }] },
      { date: "2026-03-05", closed: true }, // closed wins over hours for the same date
    ],
  });
  const result = run({ rules: r, now: SUNDAY_NOON });
  assert.deepEqual(times(result, "2026-03-02"), []);
  assert.deepEqual(times(result, "2026-03-03"), ["12:00", "12:30", "13:00", "13:30"]);
  assert.deepEqual(times(result, "2026-03-04"), FULL_DAY);
  assert.deepEqual(times(result, "2026-03-05"), []);
  assert.deepEqual(timesAndInstants(result, "2026-03-08"), ["10:00=2026-03-08T15:00Z", "10:30=2026-03-08T15:30Z"]);
});

Deno.test("opening hours: overlapping intervals give each time once; 24:00 closes at midnight; the tour must fit", () => {
  const r = rules(CHICAGO, {
    tourMinutes: 45,
    weeklyHours: {
      ...DEFAULT_RULES.weeklyHours,
      1: [{ start: "10:00", end: "12:00" }, { start: "09:00", end: "11:00" }],
      2: [{ start: "22:30", end: "24:00" }],
    },
  });
  const result = run({ rules: r, now: SUNDAY_NOON });
  // 45-minute tours: 10:30 fits 09:00–11:00 no more, but fits 10:00–12:00; 11:30 fits neither.
  assert.deepEqual(times(result, MONDAY), ["09:00", "09:30", "10:00", "10:30", "11:00"]);
  assert.deepEqual(timesAndInstants(result, "2026-03-03"), ["22:30=2026-03-04T04:30Z", "23:00=2026-03-04T05:00Z"]);
});

Deno.test("the window: today through 13 days later; fromDate/days narrow it and are clipped to it", () => {
  const r = rules(CHICAGO);
  // 05:30Z on 2 March is still 23:30 on 1 March in Chicago.
  assert.deepEqual(bookingWindow(r, at("2026-03-02T05:30:00Z")), { firstDate: "2026-03-01", lastDate: "2026-03-14" });
  assert.deepEqual(bookingWindow({ timeZone: "Asia/Kolkata", bookingWindowDays: 1 }, at("2026-03-01T20:00:00Z")), {
    firstDate: "2026-03-02",
    lastDate: "2026-03-02",
  });
  const dates = (extra: Partial<ComputeSlotsInput>) => run({ rules: r, now: SUNDAY_NOON, ...extra }).map((d) => d.date);
  assert.deepEqual(dates({ fromDate: "2026-03-05", days: 3 }), ["2026-03-05", "2026-03-06", "2026-03-07"]);
  assert.deepEqual(dates({ fromDate: "2026-02-20", days: 11 }), ["2026-03-01", "2026-03-02"]);
  assert.deepEqual(dates({ fromDate: "2026-03-13" }), ["2026-03-13", "2026-03-14"]);
  assert.deepEqual(dates({ days: 2 }), ["2026-03-01", "2026-03-02"]);
  assert.deepEqual(dates({ fromDate: "2026-03-15" }), []);
  assert.deepEqual(dates({ days: 0 }), []);
});

Deno.test("DST spring forward, Chicago 2026-03-08: 02:00–02:59 does not exist, so no slots there; instants jump an hour", () => {
  const sunday = (start: string, end: string) => ({ ...DEFAULT_RULES.weeklyHours, 0: [{ start, end }] });
  const r = rules(CHICAGO, { weeklyHours: sunday("00:00", "04:00"), bufferAfterMinutes: 0 });
  const result = run({ rules: r, now: SUNDAY_NOON });
  assert.deepEqual(timesAndInstants(result, "2026-03-08"), [
    "00:00=2026-03-08T06:00Z",
    "00:30=2026-03-08T06:30Z",
    "01:00=2026-03-08T07:00Z",
    "01:30=2026-03-08T07:30Z", // CST ends at 08:00Z …
    "03:00=2026-03-08T08:00Z", // … which is 03:00 CDT
    "03:30=2026-03-08T08:30Z",
  ]);
  // Hours ending inside the gap close at the jump (08:00Z): a 60-minute tour from 01:30 would end at 08:30Z.
  const gapEnd = run({
    rules: rules(CHICAGO, { weeklyHours: sunday("01:00", "02:30"), tourMinutes: 60 }),
    now: SUNDAY_NOON,
  });
  assert.deepEqual(timesAndInstants(gapEnd, "2026-03-08"), ["01:00=2026-03-08T07:00Z"]);
  // A tour across the jump lasts its real minutes: 01:30 + 60 min ends at 03:30 CDT.
  const across = run({
    rules: rules(CHICAGO, { weeklyHours: sunday("01:30", "04:00"), tourMinutes: 60 }),
    now: SUNDAY_NOON,
  });
  const first = day(across, "2026-03-08")[0];
  assert.equal(`${first.time} ${utc(first.start)}–${utc(first.end)}`, "01:30 2026-03-08T07:30Z–2026-03-08T08:30Z");
});

Deno.test("DST fall back, Chicago 2026-11-01: 01:00–01:59 happens twice, each time is offered once at its first occurrence", () => {
  const sunday = (start: string, end: string) => ({ ...DEFAULT_RULES.weeklyHours, 0: [{ start, end }] });
  const now = at("2026-10-30T12:00:00Z");
  const result = run({ rules: rules(CHICAGO, { weeklyHours: sunday("00:00", "03:00") }), now });
  assert.deepEqual(timesAndInstants(result, "2026-11-01"), [
    "00:00=2026-11-01T05:00Z",
    "00:30=2026-11-01T05:30Z",
    "01:00=2026-11-01T06:00Z", // CDT; the repeat at 07:00Z (CST) is not offered
    "01:30=2026-11-01T06:30Z",
    "02:00=2026-11-01T08:00Z", // CST
    "02:30=2026-11-01T08:30Z",
  ]);
  // Busy during the first 01:00–01:30 blocks that slot even though the wall time comes back.
  const busy = [{ start: at("2026-11-01T06:00:00Z"), end: at("2026-11-01T06:30:00Z") }];
  const blocked = run({
    rules: rules(CHICAGO, { weeklyHours: sunday("01:00", "02:00"), bufferAfterMinutes: 0 }),
    agents: [{ agentId: "a", busy }],
    now,
  });
  assert.deepEqual(timesAndInstants(blocked, "2026-11-01"), ["01:30=2026-11-01T06:30Z"]);
  // An end that happens twice closes at its first occurrence: 01:00–01:30 fits one 30-minute tour.
  const short = run({ rules: rules(CHICAGO, { weeklyHours: sunday("01:00", "01:30") }), now });
  assert.deepEqual(timesAndInstants(short, "2026-11-01"), ["01:00=2026-11-01T06:00Z"]);
  // The working week across the change keeps its local hours: 09:00 is 14:00Z before, 15:00Z after.
  const week = run({ rules: rules(CHICAGO), now });
  assert.equal(timesAndInstants(week, "2026-10-31")[0], "09:00=2026-10-31T14:00Z");
  assert.equal(timesAndInstants(week, "2026-11-02")[0], "09:00=2026-11-02T15:00Z");
});

Deno.test("Phoenix has no DST: 09:00 is 16:00Z before and after the US change; Kolkata's +05:30 puts 09:00 at 03:30Z", () => {
  const phoenix = run({ rules: rules("America/Phoenix"), now: SUNDAY_NOON });
  assert.equal(timesAndInstants(phoenix, "2026-03-02")[0], "09:00=2026-03-02T16:00Z");
  assert.equal(timesAndInstants(phoenix, "2026-03-09")[0], "09:00=2026-03-09T16:00Z");
  assert.deepEqual(times(phoenix, "2026-03-09"), FULL_DAY);
  const kolkata = run({ rules: rules("Asia/Kolkata"), now: at("2026-03-01T06:30:00Z") }); // 12:00 IST Sunday
  const monday = timesAndInstants(kolkata, "2026-03-02");
  assert.equal(monday.length, 18);
  assert.equal(monday[0], "09:00=2026-03-02T03:30Z");
  assert.equal(monday[17], "17:30=2026-03-02T12:00Z");
});

Deno.test("the engine neither mutates its input nor depends on call order", () => {
  const input: ComputeSlotsInput = {
    rules: rules(CHICAGO),
    agents: [{ agentId: "b", busy: [{ start: at("2026-03-02T17:00:00Z"), end: at("2026-03-02T16:00:00Z") }] }, {
      agentId: "a",
      busy: [],
    }],
    bookings: [{ agentId: "a", start: at("2026-03-03T16:00:00Z"), end: at("2026-03-03T16:30:00Z") }],
    now: SUNDAY_NOON,
  };
  const snapshot = structuredClone(input);
  const first = computeSlots(input);
  assert.deepEqual(input, snapshot);
  assert.deepEqual(computeSlots(input), first);
});

Deno.test("bad input fails with a machine-readable code and the field's path", () => {
  const expectError = (input: Partial<ComputeSlotsInput>, code: string, path: string) =>
    assert.throws(
      () => run({ rules: rules(CHICAGO), now: SUNDAY_NOON, ...input }),
      (e: unknown) => e instanceof SchedulingInputError && e.code === code && e.path === path,
      `${code} at ${path}`,
    );
  expectError({ rules: rules("Mars/Olympus_Mons") }, "invalid_time_zone", "rules.timeZone");
  expectError(
    { rules: rules(CHICAGO, { weeklyHours: { ...DEFAULT_RULES.weeklyHours, 2: [{ start: "18:00", end: "09:00" }] } }) },
    "invalid_hours",
    "rules.weeklyHours.2[0]",
  );
  expectError(
    { rules: rules(CHICAGO, { weeklyHours: { ...DEFAULT_RULES.weeklyHours, 3: [{ start: "9:00", end: "12:00" }] } }) },
    "invalid_hours",
    "rules.weeklyHours.3[0].start",
  );
  expectError(
    { rules: rules(CHICAGO, { exceptions: [{ date: "2026-02-30", closed: true }] }) },
    "invalid_date",
    "rules.exceptions[0].date",
  );
  expectError({ rules: rules(CHICAGO, { tourMinutes: 0 }) }, "invalid_number", "rules.tourMinutes");
  expectError({ rules: rules(CHICAGO, { slotIntervalMinutes: 7.5 }) }, "invalid_number", "rules.slotIntervalMinutes");
  expectError({ rules: rules(CHICAGO, { bookingWindowDays: 0 }) }, "invalid_number", "rules.bookingWindowDays");
  expectError({ now: Number.NaN }, "invalid_number", "now");
  expectError({ fromDate: "03/02/2026" }, "invalid_date", "fromDate");
  expectError({ days: -1 }, "invalid_number", "days");
  expectError(
    { agents: [{ agentId: "a", busy: [{ start: Number.NaN, end: 1 }] }] },
    "invalid_interval",
    "agents[0].busy[0]",
  );
  expectError({ bookings: [{ agentId: "a", start: 1, end: Number.NaN }] }, "invalid_interval", "bookings[0]");
  expectError({ agents: [{ agentId: "", busy: [] }] }, "invalid_agent", "agents[0].agentId");
  expectError({ agents: undefined as unknown as [] }, "invalid_agent", "agents");
  expectError({ agents: [{ agentId: "a", busy: null as unknown as [] }] }, "invalid_interval", "agents[0].busy");
  assert.throws(
    () => bookingWindow({ timeZone: CHICAGO, bookingWindowDays: 0 }, SUNDAY_NOON),
    (e: unknown) => e instanceof SchedulingInputError && e.code === "invalid_number",
  );
});
