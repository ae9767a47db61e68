// The emulator's pure core: free/busy arithmetic, ids, event times, and the deterministic demo seed.
import assert from "node:assert/strict";
import { settableClock } from "../../supabase/functions/_shared/adapters/clock.ts";
import { busyIntervals } from "./core/freebusy.ts";
import type { IdTokenSigner } from "./core/id-token.ts";
import { isValidEventId } from "./core/ids.ts";
import { createState } from "./core/state.ts";
import { resolveEventTime } from "./core/time.ts";
import type { GoogleEvent } from "./core/types.ts";
import { seedDemo } from "./seed-demo.ts";
import { checks } from "./test-support.ts";

const stubSigner: IdTokenSigner = {
  kid: "k",
  sign: () => Promise.resolve("x.y.z"),
  pemCerts: () => ({}),
  jwks: () => ({ keys: [] }),
};

const event = (startMs: number, endMs: number, extra: Partial<GoogleEvent> = {}, deleted = false) => ({
  startMs,
  endMs,
  deleted,
  resource: { status: "confirmed", ...extra } as GoogleEvent,
});

Deno.test("busyIntervals clips, merges overlapping and touching blocks, and skips free time", () => {
  checks(
    "[start, end) semantics, clipping to the range, merging, and transparent/cancelled/deleted/empty events ignored",
  );
  const busy = busyIntervals(
    [
      event(0, 10), // ends at range start
      event(5, 15), // clipped to 10
      event(20, 30),
      event(30, 35), // touches: merged
      event(32, 40), // overlaps: merged
      event(50, 60, { transparency: "transparent" }),
      event(50, 60, { status: "cancelled" }),
      event(50, 60, {}, true),
      event(55, 55), // zero length
      event(70, 80, { status: "tentative" }),
      event(95, 120), // clipped to 100
      event(100, 110), // starts at range end
    ],
    10,
    100,
  );
  assert.deepEqual(busy, [
    { startMs: 10, endMs: 15 },
    { startMs: 20, endMs: 40 },
    { startMs: 70, endMs: 80 },
    { startMs: 95, endMs: 100 },
  ]);
});

Deno.test("event ids: base32hex characters a-v and 0-9, length 5 to 1024", () => {
  checks("the id rule Google applies to client-supplied event ids");
  for (const ok of ["abcde", "0123456789abcdefghijklmnopqrstuv", "v".repeat(1024)]) assert.ok(isValidEventId(ok), ok);
  for (const bad of ["abcd", "ABCDE", "abcdw", "abc-de", "v".repeat(1025), ""]) assert.ok(!isValidEventId(bad), bad);
});

Deno.test("event times: offsets, zone-local times across DST, and all-day dates", () => {
  checks(
    "dateTime with offset, dateTime + timeZone (CST and CDT), date → midnight in the calendar zone, bad input refused",
  );
  assert.deepEqual(resolveEventTime({ dateTime: "2025-03-08T10:00:00-06:00" }, "UTC"), {
    ok: true,
    ms: Date.parse("2025-03-08T16:00:00Z"),
  });
  assert.deepEqual(resolveEventTime({ dateTime: "2025-03-10T10:00:00", timeZone: "America/Chicago" }, "UTC"), {
    ok: true,
    ms: Date.parse("2025-03-10T15:00:00Z"),
  });
  assert.deepEqual(resolveEventTime({ date: "2025-03-10" }, "America/Chicago"), {
    ok: true,
    ms: Date.parse("2025-03-10T05:00:00Z"),
  });
  assert.deepEqual(resolveEventTime({ dateTime: "2025-03-10T10:00:00" }, "UTC"), { ok: false, problem: "zone" });
  assert.deepEqual(resolveEventTime({ dateTime: "2025-03-10T10:00:00", timeZone: "Mars/Base" }, "UTC"), {
    ok: false,
    problem: "zone",
  });
  assert.deepEqual(resolveEventTime({ dateTime: "tomorrow" }, "UTC"), { ok: false, problem: "format" });
});

Deno.test("seedDemo is deterministic for a clock and starts today in Chicago", () => {
  checks("two seeds at the same instant produce identical calendars; the first day is today in America/Chicago");
  checks("each agent has busy, transparent and cancelled events so the free/busy rules are visible");
  // 03:00 UTC on the 4th is still the 3rd in Chicago.
  const at = new Date("2025-03-04T03:00:00Z");
  const snapshot = () => {
    const state = createState(settableClock(at, true), stubSigner, "http://emulator");
    const summary = seedDemo(state, state.clock);
    const events = [...state.calendars.values()].flatMap((c) =>
      [...c.events.values()].map((
        e,
      ) => [
        c.id,
        e.resource.id,
        e.resource.summary,
        e.startMs,
        e.endMs,
        e.resource.status,
        e.resource.transparency ?? "opaque",
      ])
    );
    return { summary, events, state };
  };
  const first = snapshot();
  const second = snapshot();
  assert.deepEqual(first.events, second.events);
  assert.equal(first.summary.firstDay, "2025-03-03");
  assert.deepEqual(
    [...first.state.accounts.values()].map((a) => [a.email, a.name, a.timeZone]),
    [["pm@example.com", "Pat Morgan", "America/Chicago"], ["agent2@example.com", "Alex Rivera", "America/Chicago"]],
  );
  for (const email of ["pm@example.com", "agent2@example.com"]) {
    const mine = first.events.filter((e) => e[0] === email);
    assert.ok(mine.some((e) => e[5] === "confirmed" && e[6] === "opaque"), `${email} has busy events`);
    assert.ok(mine.some((e) => e[6] === "transparent"), `${email} has a free event`);
    assert.ok(mine.some((e) => e[5] === "cancelled"), `${email} has a cancelled event`);
    const earliest = Math.min(...mine.map((e) => e[3] as number));
    assert.ok(earliest >= Date.parse("2025-03-03T06:00:00Z"), "nothing before today in Chicago");
  }
  const reseeded = seedDemo(first.state, first.state.clock);
  assert.equal(reseeded.events, first.summary.events, "seeding again replaces rather than duplicates");
  assert.equal(
    first.state.calendars.get("pm@example.com")!.events.size,
    first.events.filter((e) => e[0] === "pm@example.com").length,
  );
});
