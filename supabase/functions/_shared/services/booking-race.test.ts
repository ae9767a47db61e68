// Many function instances booking one slot at once, as a burst of visitors spread over
// isolates does: ten instances side by side (each its own connection pool and memory),
// fifty bookings per burst, two agents free. Only "booked" and "taken" come back, never
// an error, and Postgres never has to break a deadlock to decide who won.
import assert from "node:assert/strict";
import postgres from "postgres";
import { closeAdminSql, stack } from "../../../../scripts/lib/test-support.ts";
import { HttpError } from "../adapters/http.ts";
import { connectMinted, DAY, type Harness, harness, uniqueAccount } from "../../lumaleasing-jobs/test-support.ts";
import { loadSchedule, ScheduleUnavailableError } from "./availability.ts";
import { bookTour, SlotTakenError, validateBooking } from "./booking.ts";
import { tokenService } from "./calendar-tokens.ts";
import type { Deps } from "./deps.ts";
import { postgresLog, tally } from "./race-test-support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const INSTANCES = 10;
const BURSTS = 10;
const VISITORS = 50;

function instances(h: Harness, dbUrl: string): Array<{ d: Deps; sql: postgres.Sql }> {
  return Array.from({ length: INSTANCES }, () => {
    const sql = postgres(dbUrl, { prepare: false, max: 5, onnotice: () => {}, types: { bigint: postgres.BigInt } });
    return { sql, d: { ...h.d, sql, tokens: tokenService({ sql, google: h.d.google, clock: h.clock, encryptionKey: h.d.encryptionKey }) } };
  });
}

/** What the route answers for a booking attempt: 201, 409, another 4xx/503, or 500 for anything unexpected. */
async function attempt(d: Deps, propertyId: string, start: string, i: number): Promise<{ status: number; error?: string }> {
  try {
    await bookTour(d, { propertyId, ip: null, idempotencyKey: null }, validateBooking({
      start,
      firstName: "Race",
      lastName: `Visitor ${i}`,
      email: `race-${i}@example.com`,
    }));
    return { status: 201 };
  } catch (err) {
    if (err instanceof SlotTakenError) return { status: 409 };
    if (err instanceof ScheduleUnavailableError) return { status: 503, error: err.message };
    if (err instanceof HttpError) return { status: err.status, error: err.code };
    return { status: 500, error: `${(err as { code?: string }).code ?? ""} ${err instanceof Error ? err.message : err}` };
  }
}

Deno.test(`booking race: ${BURSTS} bursts × ${VISITORS} bookings of one slot over ${INSTANCES} instances, two agents free → only 201 and 409, no deadlock`, opts, async () => {
  const log = await postgresLog();
  const dbUrl = (await stack()).dbUrl;
  const all: number[] = [];
  const errors = new Set<string>();
  let slowest = 0;
  for (let burst = 0; burst < BURSTS; burst++) {
    const h = await harness();
    const fleet = instances(h, dbUrl);
    try {
      await connectMinted(h, uniqueAccount(`race${burst}a`));
      await connectMinted(h, uniqueAccount(`race${burst}b`));
      const schedule = await loadSchedule(h.d, h.property.id);
      const slot = schedule.days.find((d) => d.slots.some((s) => s.freeAgentIds.length === 2 && s.start > h.t0.getTime() + DAY))!
        .slots.find((s) => s.freeAgentIds.length === 2)!;
      const start = new Date(slot.start).toISOString();
      const started = Date.now();
      const answers = await Promise.all(
        Array.from({ length: VISITORS }, (_, i) => attempt(fleet[i % INSTANCES].d, h.property.id, start, burst * 100 + i)),
      );
      slowest = Math.max(slowest, Date.now() - started);
      const statuses = answers.map((a) => a.status);
      all.push(...statuses);
      for (const a of answers) if (a.error) errors.add(a.error);
      const [{ booked, agents }] = await h.admin`select count(*)::int as booked, count(distinct agent_calendar_id)::int as agents
        from public.tour_bookings where property_id = ${h.property.id} and status = 'confirmed'`;
      assert.deepEqual(tally(statuses), { 201: 2, 409: VISITORS - 2 }, `burst ${burst}: ${[...errors].join(" | ")}`);
      assert.deepEqual({ booked, agents }, { booked: 2, agents: 2 });
    } finally {
      await Promise.all(fleet.map((f) => f.sql.end({ timeout: 2 })));
      await h.close();
    }
  }
  const seen = await log.since();
  console.log(`  ${all.length} bookings: ${JSON.stringify(tally(all))}; slowest burst ${slowest} ms; ` +
    `Postgres logged ${seen.deadlocks} deadlocks and ${seen.serialization} serialization failures`);
  assert.equal(seen.deadlocks, 0);
  assert.equal(seen.serialization, 0);
  await closeAdminSql();
});
