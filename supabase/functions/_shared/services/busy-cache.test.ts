// The shared free/busy cache with two function instances side by side: each has its own
// connection pool, token service and in-process state, as two isolates would, and they
// meet only in Postgres and at Google (the stack's emulator, whose request log counts the
// free/busy calls). A burst across both costs Google one call; a booking in one, or a
// change Google pushes to the webhook of one, drops the answer the other holds; while
// Google is down a refresh fails fast for every waiter, and a booking uses the last answer.
import assert from "node:assert/strict";
import postgres from "postgres";
import { closeAdminSql, googleControl, stack } from "../../../../scripts/lib/test-support.ts";
import { webhookHandler } from "../../lumaleasing/webhook-route.ts";
import { connectMinted, eventually, type Harness, harness, MINUTE, uniqueAccount } from "../../lumaleasing-jobs/test-support.ts";
import { loadSchedule, type Schedule, ScheduleUnavailableError } from "./availability.ts";
import { bookTour, validateBooking } from "./booking.ts";
import { tokenService } from "./calendar-tokens.ts";
import type { Deps } from "./deps.ts";
import { renewWatches } from "./watch-renewal.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

/** A second instance next to the harness's: same database, Google and clock, its own pool and memory. */
async function secondInstance(h: Harness): Promise<{ d: Deps; close(): Promise<void> }> {
  const sql = postgres((await stack()).dbUrl, { prepare: false, max: 8, onnotice: () => {}, types: { bigint: postgres.BigInt } });
  const d: Deps = { ...h.d, sql, tokens: tokenService({ sql, google: h.d.google, clock: h.clock, encryptionKey: h.d.encryptionKey }) };
  return { d, close: () => sql.end({ timeout: 2 }) };
}

async function freeBusyCalls(): Promise<number> {
  return (await googleControl("requests?path=/calendar/v3/freeBusy")).length;
}

async function resetGoogleLog() {
  await googleControl("requests", undefined, "DELETE");
}

function starts(s: Schedule): number[] {
  return s.days.flatMap((d) => d.slots.map((x) => x.start));
}

async function generation(h: Harness): Promise<{ generation: number; answered: number | null }> {
  const [row] = await h.admin`select generation::int, answered_generation::int as answered from public.freebusy_cache
    where property_id = ${h.property.id}`;
  return { generation: row?.generation ?? 0, answered: row?.answered ?? null };
}

Deno.test("busy cache: a burst across two instances costs Google one call, and both see the same slots", opts, async () => {
  const h = await harness();
  const b = await secondInstance(h);
  try {
    await connectMinted(h, uniqueAccount("burst"));
    await resetGoogleLog();
    // Google answers slowly, so the burst arrives while the first refresh is still out.
    await googleControl("latency", { ms: 400 });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => loadSchedule(i % 2 ? b.d : h.d, h.property.id)));
    await googleControl("latency", { ms: 0 });
    const calls = await freeBusyCalls();
    console.log(`  20 concurrent requests over 2 instances → ${calls} free/busy call(s)`);
    assert.equal(calls, 1);
    const first = JSON.stringify(starts(answers[0]));
    assert.ok(starts(answers[0]).length > 0, "slots offered");
    for (const a of answers) assert.equal(JSON.stringify(starts(a)), first);
    // The period runs out for everyone at once: one more call, whichever instance asks first.
    h.clock.advance(31_000);
    await Promise.all([loadSchedule(h.d, h.property.id), loadSchedule(b.d, h.property.id), loadSchedule(b.d, h.property.id)]);
    assert.equal(await freeBusyCalls(), 2);
    await loadSchedule(h.d, h.property.id);
    assert.equal(await freeBusyCalls(), 2, "within the new period, from the shared row");
    console.log("  31 s later: one more call for both instances, then none");
  } finally {
    await googleControl("latency", { ms: 0 });
    await b.close();
    await h.close();
  }
});

Deno.test("busy cache: a booking in one instance drops the answer the other holds", opts, async () => {
  const h = await harness();
  const b = await secondInstance(h);
  try {
    await connectMinted(h, uniqueAccount("book"));
    await resetGoogleLog();
    const before = await loadSchedule(b.d, h.property.id); // B asks Google and stores the answer
    await loadSchedule(h.d, h.property.id); // A uses it
    assert.equal(await freeBusyCalls(), 1);
    const slot = starts(before)[0];
    const g0 = await generation(h);
    const input = validateBooking({ start: new Date(slot).toISOString(), firstName: "Ana", lastName: "Diaz", email: "ana@example.com" });
    const { answer } = await bookTour(h.d, { propertyId: h.property.id, ip: "192.0.2.10", idempotencyKey: null }, input);
    assert.equal(answer.booking.status, "confirmed");
    const g1 = await generation(h);
    assert.equal(g1.generation, g0.generation + 1, "the booking bumped the generation in its transaction");
    console.log(`  generation ${g0.generation} → ${g1.generation} with the booking (answer for ${g1.answered})`);
    // B holds nothing in memory that could outlive the booking: it asks Google again.
    const after = await loadSchedule(b.d, h.property.id);
    assert.equal(await freeBusyCalls(), 2, "B asked Google again");
    assert.ok(!starts(after).includes(slot), "the booked slot is gone for B");
    await loadSchedule(h.d, h.property.id);
    assert.equal(await freeBusyCalls(), 2, "A uses the answer B stored");
    assert.deepEqual(await generation(h), { generation: g1.generation, answered: g1.generation });
    console.log("  B re-asked Google once after A's booking; A then used B's answer");
  } finally {
    await b.close();
    await h.close();
  }
});

Deno.test("busy cache: a change Google pushes to one instance drops the answer the other holds", opts, async () => {
  // Instance A serves the webhook (Google pushes to it); instance B serves visitors.
  const late: { deps?: Deps } = {};
  const background = new Set<Promise<unknown>>();
  const handle = webhookHandler(() => late.deps!, (task) => {
    background.add(task);
    task.finally(() => background.delete(task));
  });
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, (req) => handle({ req, url: new URL(req.url), params: {} }));
  const h = await harness({ functionsUrl: `http://127.0.0.1:${server.addr.port}` });
  late.deps = h.d;
  const b = await secondInstance(h);
  try {
    const agent = uniqueAccount("push");
    await connectMinted(h, agent);
    const watch = await renewWatches(h.d, { propertyId: h.property.id }); // a channel, and the first full sync
    assert.equal(watch.renewed, 1);
    await resetGoogleLog();
    const before = await loadSchedule(b.d, h.property.id);
    assert.equal(await freeBusyCalls(), 1);
    const target = before.days.find((d) => d.slots.length >= 4)!.slots[2];
    const g0 = await generation(h);
    // The agent puts a meeting over that slot in Google Calendar; Google pushes to A.
    await googleControl(`calendars/${encodeURIComponent(agent)}/events`, {
      summary: "Budget review",
      start: { dateTime: new Date(target.start).toISOString() },
      end: { dateTime: new Date(target.end).toISOString() },
    });
    await eventually("the synced change to drop the answer", async () => (await generation(h)).generation > g0.generation);
    await Promise.all([...background]);
    const after = await loadSchedule(b.d, h.property.id);
    assert.equal(await freeBusyCalls(), 2, "B asked Google again");
    assert.ok(starts(before).includes(target.start) && !starts(after).includes(target.start), "the meeting's slot is gone for B");
    console.log(`  push → sync in A → generation ${g0.generation} → ${(await generation(h)).generation}; B re-asked Google and lost the slot`);
  } finally {
    await b.close();
    await h.close();
    await server.shutdown();
  }
});

Deno.test("busy cache: Google down — the refresh fails fast for every waiter, a booking uses the last answer", opts, async () => {
  const h = await harness();
  const b = await secondInstance(h);
  try {
    await connectMinted(h, uniqueAccount("down"));
    await loadSchedule(h.d, h.property.id); // an answer to fall back on, asked by A
    h.clock.advance(5 * MINUTE); // the period is over; Google must be asked again
    await resetGoogleLog();
    await googleControl("faults", { path: "/calendar/v3/freeBusy", hangMs: 8000, count: 50 });
    const started = Date.now();
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => loadSchedule(i % 2 ? b.d : h.d, h.property.id)));
    const ms = Date.now() - started;
    await googleControl("faults", undefined, "DELETE");
    for (const o of outcomes) {
      assert.equal(o.status, "rejected");
      assert.ok((o as PromiseRejectedResult).reason instanceof ScheduleUnavailableError);
    }
    assert.ok(ms < 3000, `every visitor answered within 3 s (${ms} ms)`);
    const attempts = await freeBusyCalls();
    console.log(`  Google hanging: 6 visitors over 2 instances failed in ${ms} ms after ${attempts} free/busy attempt(s)`);
    assert.ok(attempts <= 3, "one refresh (with its retries), not one per visitor");
    // Still down: a booking on B goes through on A's last answer, 5 minutes old.
    await googleControl("faults", { path: "/calendar/v3/freeBusy", status: 503, count: 50 });
    await resetGoogleLog();
    await assert.rejects(loadSchedule(b.d, h.property.id), ScheduleUnavailableError, "a visitor gets the fallback");
    const stale = await loadSchedule(b.d, h.property.id, {}, { allowStale: true });
    assert.equal(stale.source, "google");
    assert.ok(starts(stale).length > 0, "the booking sees slots");
    assert.ok(await freeBusyCalls() >= 2, "Google was asked each time, and failed");
    h.clock.advance(11 * MINUTE); // now 16 minutes old: too old even for a booking
    await assert.rejects(loadSchedule(b.d, h.property.id, {}, { allowStale: true }), ScheduleUnavailableError);
    await googleControl("faults", undefined, "DELETE");
    console.log("  a booking used the 5-minute-old answer from the other instance; at 16 minutes it is refused");
  } finally {
    await googleControl("faults", undefined, "DELETE");
    await b.close();
    await h.close();
    await closeAdminSql();
  }
});
