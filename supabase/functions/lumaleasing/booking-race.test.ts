// Races answered as races: many visitors after one slot get 201 or 409, never a 500, and
// Postgres never has to break a deadlock to decide who won.
import assert from "node:assert/strict";
import {
  adminSql,
  closeAdminSql,
  connectCalendar,
  createTestProperty,
  nextWeekday,
  type TestProperty,
  widgetFetch,
} from "../../../scripts/lib/test-support.ts";
import { postgresLog, tally } from "../_shared/services/race-test-support.ts";
import { book, firstSlot } from "./booking-test-support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

async function overlapsAt(p: TestProperty): Promise<number> {
  const sql = await adminSql();
  const [{ n }] = await sql`select count(*)::int as n from public.tour_bookings a join public.tour_bookings b
    on a.agent_calendar_id = b.agent_calendar_id and a.id < b.id and a.blocked_range && b.blocked_range
    where a.property_id = ${p.id} and a.status = 'confirmed' and b.status = 'confirmed'`;
  return n;
}

Deno.test("booking race: 10 bursts × 50 visitors on one slot with two agents free → 2 × 201 and 48 × 409 each, no deadlock", opts, async () => {
  const log = await postgresLog();
  const all: number[] = [];
  for (let burst = 0; burst < 10; burst++) {
    const p = await createTestProperty();
    await connectCalendar(p, `burst${burst}a-${p.id.slice(0, 8)}@example.com`);
    await connectCalendar(p, `burst${burst}b-${p.id.slice(0, 8)}@example.com`);
    const { start } = await firstSlot(p);
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => book(p, { start, email: `burst${burst}-${i}@example.com` })));
    const statuses = answers.map((a) => a.status);
    const bodies = await Promise.all(answers.map((a) => a.json()));
    all.push(...statuses);
    assert.deepEqual(tally(statuses), { 201: 2, 409: 48 }, `burst ${burst}: ${JSON.stringify(bodies.find((b) => !b.success && b.error?.code !== "slot_taken"))}`);
    assert.ok(bodies.filter((b) => !b.success).every((b) => b.error.code === "slot_taken" && b.alternatives.length > 0));
    assert.equal(await overlapsAt(p), 0);
  }
  const seen = await log.since();
  console.log(`  500 requests in 10 bursts: ${JSON.stringify(tally(all))}; Postgres logged ${seen.deadlocks} deadlocks, ${seen.serialization} serialization failures`);
  assert.equal(seen.deadlocks, 0);
  assert.equal(seen.serialization, 0);
});

Deno.test("booking race: reschedules and new bookings racing for one agent's slot → exactly one wins, the rest 409, no deadlock", opts, async () => {
  const log = await postgresLog();
  const p = await createTestProperty();
  await connectCalendar(p, `resched-${p.id.slice(0, 8)}@example.com`);
  const date = nextWeekday(3);
  const slots = (await (await widgetFetch(p, `tours/availability?from=${date}&days=1`)).json()).slotsByDate[date];
  // Eight tours far enough apart, then all of them (and twenty newcomers) want the same time.
  const tokens: string[] = [];
  for (const slot of [slots[0], slots[2], slots[4], slots[6], slots[8], slots[10], slots[12], slots[14]]) {
    const res = await book(p, { start: slot.start, email: `move-${tokens.length}@example.com` });
    const body = await res.json();
    assert.equal(res.status, 201, JSON.stringify(body));
    tokens.push(new URL(body.booking.manageUrl).searchParams.get("lumaleasing_manage")!);
  }
  const target = slots.at(-1).start;
  const moves = tokens.map((token) =>
    widgetFetch(p, "tours/manage/reschedule", { method: "POST", body: JSON.stringify({ token, start: target }) })
  );
  const books = Array.from({ length: 20 }, (_, i) => book(p, { start: target, email: `new-${i}@example.com` }));
  const answers = await Promise.all([...moves, ...books]);
  const statuses = answers.map((a) => a.status);
  const bodies = await Promise.all(answers.map((a) => a.json()));
  const won = statuses.filter((s) => s === 200 || s === 201).length;
  assert.equal(won, 1, JSON.stringify(tally(statuses)));
  assert.equal(statuses.filter((s) => s === 409).length, 27, JSON.stringify(bodies.find((b) => !b.success && b.error?.code !== "slot_taken")));
  assert.equal(await overlapsAt(p), 0);
  const seen = await log.since();
  console.log(`  8 reschedules + 20 bookings for one slot: ${JSON.stringify(tally(statuses))}; ${seen.deadlocks} deadlocks logged`);
  assert.equal(seen.deadlocks, 0);
  assert.equal(seen.serialization, 0);
  await closeAdminSql();
});
