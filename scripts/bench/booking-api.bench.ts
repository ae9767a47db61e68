// API benchmark: 500 bookings on distinct slots against the local stack (10 at a time),
// printing bookings per second and latency percentiles. Side effects (the Google event,
// the emails) run after each answer as in production.
//
//   npm run bench   or   LUMALEASING_STACK_FILE=… deno run -A scripts/bench/booking-api.bench.ts
import { adminSql, closeAdminSql, connectCalendar, createTestProperty, stack } from "../lib/test-support.ts";
import { percentile } from "./load.ts";

const BOOKINGS = Number(Deno.env.get("BENCH_BOOKINGS") ?? 500);
const CONCURRENCY = Number(Deno.env.get("BENCH_CONCURRENCY") ?? 10);

const s = await stack();
// Open every day 07:00–22:00, 15-minute slots, no buffers: enough distinct slots for 3 agents.
const allDay = [{ start: "07:00", end: "22:00" }];
const p = await createTestProperty({
  slot_interval_minutes: 15,
  tour_minutes: 15,
  buffer_after_minutes: 0,
  booking_window_days: 14,
});
const sql = await adminSql();
await sql`update public.properties set weekly_hours = ${sql.json(Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [String(d), allDay])))}
  where id = ${p.id}`;
for (const n of [1, 2, 3]) await connectCalendar(p, `bench-book-${n}-${p.id.slice(0, 8)}@example.com`);
const headers = { "x-widget-key": p.widgetKey, origin: p.origin, "content-type": "application/json" };
const availability = await (await fetch(`${s.functionsUrl}/lumaleasing/tours/availability`, { headers })).json();
const slots: string[] = [];
for (const date of availability.availableDates) for (const slot of availability.slotsByDate[date]) slots.push(slot.start);
// Each slot can take three tours (one per agent): spread bookings across slots first.
const targets = Array.from({ length: BOOKINGS }, (_, i) => slots[i % slots.length]);
if (slots.length * 3 < BOOKINGS) throw new Error(`only ${slots.length} slots for ${BOOKINGS} bookings`);

const latencies: number[] = [];
const statuses: Record<number, number> = {};
let next = 0;
const started = performance.now();
await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
  while (next < targets.length) {
    const i = next++;
    const t0 = performance.now();
    const res = await fetch(`${s.functionsUrl}/lumaleasing/tours`, {
      method: "POST",
      headers: { ...headers, "x-forwarded-for": `198.51.${Math.floor(i / 200)}.${i % 200}`, "idempotency-key": `bench-${p.id}-${i}` },
      body: JSON.stringify({ start: targets[i], firstName: "Bench", lastName: `Visitor ${i}`, email: `bench${i}@example.com` }),
    });
    await res.arrayBuffer();
    latencies.push(performance.now() - t0);
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
  }
}));
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const [{ n }] = await sql`select count(*)::int as n from public.tour_bookings where property_id = ${p.id} and status = 'confirmed'`;
const [{ overlaps }] = await sql`select count(*)::int as overlaps from public.tour_bookings a join public.tour_bookings b
  on a.agent_calendar_id = b.agent_calendar_id and a.id < b.id and a.blocked_range && b.blocked_range
  where a.property_id = ${p.id} and a.status = 'confirmed' and b.status = 'confirmed'`;
console.log(`booking API: ${BOOKINGS} bookings on distinct slots, ${CONCURRENCY} at a time`);
console.log(`  ${(BOOKINGS / seconds).toFixed(1)} bookings/s over ${seconds.toFixed(1)} s; statuses ${JSON.stringify(statuses)}`);
console.log(`  latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`);
console.log(`  ${n} confirmed bookings in the database, ${overlaps} overlapping per agent`);
const pass = (statuses[201] ?? 0) === BOOKINGS && n === BOOKINGS && overlaps === 0;
console.log(`${pass ? "PASS" : "FAIL"}: every booking answered 201 and stored once, none overlapping`);
await closeAdminSql();
if (!pass) Deno.exitCode = 1;
