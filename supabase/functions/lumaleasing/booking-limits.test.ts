// The booking limits against the running stack: the honeypot, five bookings an hour per
// visitor address — the address the platform's edge saw, never one the client wrote —
// and, when no address can be trusted, per session (never one bucket for everyone).
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
import { addressHash } from "../_shared/services/booking.ts";
import { book } from "./booking-test-support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

/** Every other offered start on `days` weekdays (with the default buffers neighbours would overlap). */
async function spacedSlots(p: TestProperty, weekdays: number[]): Promise<string[]> {
  const out: string[] = [];
  for (const wd of weekdays) {
    const date = nextWeekday(wd);
    const body = await (await widgetFetch(p, `tours/availability?from=${date}&days=1`)).json();
    out.push(...body.slotsByDate[date].filter((_: unknown, i: number) => i % 2 === 0).map((s: { start: string }) => s.start));
  }
  return out;
}

const randomIp = () => `198.18.${Math.floor(Math.random() * 255)}.${1 + Math.floor(Math.random() * 250)}`;

Deno.test("booking: the honeypot and the per-IP limit answer 429 with Retry-After", opts, async () => {
  const p = await createTestProperty();
  await connectCalendar(p, `bots-${p.id.slice(0, 8)}@example.com`);
  const date = nextWeekday(1);
  const slots = (await (await widgetFetch(p, `tours/availability?from=${date}&days=1`)).json()).slotsByDate[date];
  const bot = await book(p, { start: slots[0].start, website: "http://spam.example" });
  assert.equal(bot.status, 429);
  assert.ok(Number(bot.headers.get("retry-after")) > 0);
  await bot.body?.cancel();
  const ip = "203.0.113.9";
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    const r = await book(p, { start: slots[i * 3].start, email: `ip${i}@example.com` }, { "x-forwarded-for": ip });
    statuses.push(r.status);
    if (i === 5) {
      assert.ok(Number(r.headers.get("retry-after")) > 0);
      assert.equal((await r.json()).error.code, "rate_limited");
    } else await r.body?.cancel();
  }
  assert.deepEqual(statuses, [201, 201, 201, 201, 201, 429]);
  const sql = await adminSql();
  const [{ n }] = await sql`select count(*)::int as n from public.tour_bookings where property_id = ${p.id}`;
  assert.equal(n, 5);
  console.log(`  honeypot → 429; one address: ${statuses.join(" ")}`);
});

Deno.test("booking: forged X-Forwarded-For entries or X-Real-IP do not escape the per-address limit", opts, async () => {
  const p = await createTestProperty();
  await connectCalendar(p, `forge-${p.id.slice(0, 8)}@example.com`);
  const slots = await spacedSlots(p, [2]);
  const visitor = "203.0.113.77";
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    // The client writes what it likes first; the edge appends the address it saw and sets X-Real-IP.
    const forged = {
      "x-forwarded-for": `${randomIp()}, ${randomIp()}, ${visitor}`,
      "x-real-ip": randomIp(),
      "cf-connecting-ip": randomIp(),
      "true-client-ip": randomIp(),
    };
    const r = await book(p, { start: slots[i], email: `forge${i}@example.com` }, forged);
    statuses.push(r.status);
    await r.body?.cancel();
  }
  assert.deepEqual(statuses, [201, 201, 201, 201, 201, 429]);
  const sql = await adminSql();
  const hashes = await sql`select distinct client_ip_hash from public.tour_bookings where property_id = ${p.id}`;
  assert.deepEqual(hashes.map((h) => h.client_ip_hash), [await addressHash(visitor)], "every booking counted under the edge's address");
  console.log(`  6 bookings, each with different forged entries, one real address: ${statuses.join(" ")}`);

  // An IPv6 visitor is one /64: addresses inside it share the limit.
  const q = await createTestProperty();
  await connectCalendar(q, `forge6-${q.id.slice(0, 8)}@example.com`);
  const slots6 = await spacedSlots(q, [3]);
  const v6: number[] = [];
  for (let i = 0; i < 6; i++) {
    const r = await book(q, { start: slots6[i], email: `v6-${i}@example.com` }, { "x-forwarded-for": `2001:db8:7:8::${(i + 1).toString(16)}` });
    v6.push(r.status);
    await r.body?.cancel();
  }
  assert.deepEqual(v6, [201, 201, 201, 201, 201, 429]);
  console.log(`  six addresses of one IPv6 /64: ${v6.join(" ")}`);
});

Deno.test("booking: no trusted address → the limit counts the session; two sessions never share a bucket", opts, async () => {
  const p = await createTestProperty();
  await connectCalendar(p, `noip-${p.id.slice(0, 8)}@example.com`);
  const slots = await spacedSlots(p, [2, 3]);
  // The edge hands on no usable address (the function reads X-Real-IP: "unknown").
  const noAddress = { "x-forwarded-for": "unknown" };
  const sessionA = crypto.randomUUID();
  const sessionB = crypto.randomUUID();
  const a: number[] = [];
  for (let i = 0; i < 6; i++) {
    const r = await book(p, { start: slots[i], email: `a${i}@example.com`, sessionId: sessionA }, noAddress);
    a.push(r.status);
    if (i === 5) assert.equal((await r.json()).error.code, "rate_limited");
    else await r.body?.cancel();
  }
  assert.deepEqual(a, [201, 201, 201, 201, 201, 429]);
  const b = await book(p, { start: slots[6], email: "b@example.com", sessionId: sessionB }, noAddress);
  assert.equal(b.status, 201, "another session is not in session A's bucket");
  await b.body?.cancel();
  const none = await book(p, { start: slots[7], email: "c@example.com" }, noAddress);
  assert.equal(none.status, 201, "no address and no session is no shared bucket either");
  await none.body?.cancel();
  const sql = await adminSql();
  const [{ n, hashes }] = await sql`select count(*)::int as n, count(client_ip_hash)::int as hashes
    from public.tour_bookings where property_id = ${p.id}`;
  assert.deepEqual({ n, hashes }, { n: 7, hashes: 0 }, "nothing stored as an address");
  console.log(`  session A: ${a.join(" ")}; session B: ${b.status}; no session: ${none.status}; ${n} bookings, no address stored`);
  await closeAdminSql();
});
