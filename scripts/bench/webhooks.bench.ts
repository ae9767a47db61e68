// Benchmark of outgoing webhooks against a running stack (its functions and database),
// started with LUMALEASING_WEBHOOK_ALLOW_LOOPBACK=1 so the local receiver may be reached.
//
//   npx deno run -A scripts/bench/webhooks.bench.ts [--bookings 1000] [--samples 300]
//
// 1. Delivery: 1,000 bookings' tour.booked events queued for one endpoint, then the
//    `outbox` job over HTTP (as pg_cron calls it) until the receiver has verified every
//    one. Goal: under 60 s. Checks: each event arrived once, none refused.
// 2. What the enqueue adds to a booking: the emit (lead.created + tour.booked: the
//    endpoint look-up, the snapshots, the outbox inserts) timed inside the booking's
//    transaction, for a property with one endpoint and for one with none. Goal: p95 under 2 ms.
// Exits 1 if a goal or a check fails. The bench properties are deleted afterwards.
import postgres from "postgres";
import { readStackInfo } from "../lib/config.ts";
import { insertTestProperty } from "../lib/test-property.ts";
import { startReceiver } from "../webhook-receiver/server.ts";
import { withProperty } from "../../supabase/functions/_shared/adapters/db.ts";
import { emitWebhookEvents, leadEvent, tourEvent } from "../../supabase/functions/_shared/services/webhook-events.ts";

const DELIVERY_GOAL_MS = 60_000;
const ENQUEUE_GOAL_P95_MS = 2;
const args = Deno.args;
const bookings = Number(args[args.indexOf("--bookings") + 1]) || 1000;
const samples = Number(args[args.indexOf("--samples") + 1]) || 300;
const MINUTE = 60_000;

const info = await readStackInfo();
const admin = postgres(info.adminDbUrl, { max: 2, onnotice: () => {} });
const api = postgres(info.dbUrl, { prepare: false, max: 2, onnotice: () => {}, types: { bigint: postgres.BigInt } });
const clockRes = await fetch(`${new URL(info.functionsUrl).origin}/__local/clock`);
const now = new Date((await clockRes.json()).now);
const offset = now.getTime() - Date.now();
const receiver = await startReceiver({ now: () => Date.now() + offset });
const made: string[] = [];
const verdicts: boolean[] = [];

async function site(p: { siteSecret: string; id: string }, path: string, body: unknown) {
  const res = await fetch(`${info.functionsUrl}/lumaleasing/${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${p.siteSecret}`, "x-lumaleasing-property": p.id, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${path} → ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/** Confirmed bookings with their leads, written straight into the tables. */
async function seedBookings(propertyId: string, n: number, tag: string): Promise<Array<{ id: string; lead_id: string }>> {
  const leads = await admin`insert into public.leads (property_id, first_name, last_name, email, created_at, updated_at)
    select ${propertyId}, 'Bench', 'Prospect', 'wh-' || ${tag}::text || '-' || g || '@bench.example', ${now}, ${now}
    from generate_series(1, ${n}) g returning id`;
  return await admin`insert into public.tour_bookings (property_id, lead_id, start_at, end_at, blocked_range, source, first_name,
      last_name, email, sms_consent, created_at, updated_at)
    select ${propertyId}, l.id, s, s + interval '30 minutes', tstzrange(s, s + interval '45 minutes'), 'admin', 'Bench', 'Prospect',
      l.email, false, ${now}, ${now}
    from (select id, email, row_number() over (order by id) as g from public.leads where id = any(${leads.map((l) => l.id)}::uuid[])) l,
      lateral (select ${new Date(now.getTime() + 2 * 24 * 60 * MINUTE)}::timestamptz + l.g * interval '1 hour' as s) t
    returning id, lead_id`;
}

function pct(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

try {
  // ── 1. delivery ──
  const p = await insertTestProperty(admin, { origin: "https://bench.example", label: "Webhook bench" });
  made.push(p.id);
  const created = await site(p, "admin/webhooks", { url: `${receiver.url}/hooks/bench`, events: ["tour.booked"] });
  receiver.setSecret("/hooks/bench", created.secret);
  const rows = await seedBookings(p.id, bookings, "d");
  for (let i = 0; i < rows.length; i += 50) {
    await withProperty(p.id, async (tx) => {
      for (const r of rows.slice(i, i + 50)) await emitWebhookEvents(tx, p.id, now, [tourEvent("tour.booked", r.id)]);
    }, api);
  }
  console.log(`${bookings} tour.booked events queued for one endpoint (property ${p.id})`);
  const started = performance.now();
  let runs = 0;
  let cpuNote = "";
  while (receiver.deliveries.length < bookings && runs < 50) {
    const res = await fetch(`${info.functionsUrl}/lumaleasing-jobs/outbox`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${info.cronSecret}` },
      body: JSON.stringify({ propertyId: p.id }),
    });
    const json = await res.json();
    runs++;
    cpuNote = `${json.summary?.claimed ?? "?"} claimed in the last run`;
    if (!json.summary?.claimed) break;
  }
  await receiver.waitFor(bookings, undefined, 30_000).catch(() => {});
  const ms = performance.now() - started;
  const ids = new Set(receiver.deliveries.map((d) => d.id));
  const okDelivery = receiver.deliveries.length === bookings && ids.size === bookings && receiver.rejections.length === 0 &&
    ms < DELIVERY_GOAL_MS;
  verdicts.push(okDelivery);
  console.log(`delivery: ${receiver.deliveries.length}/${bookings} verified at the receiver (${ids.size} distinct ids, ` +
    `${receiver.rejections.length} refused) in ${(ms / 1000).toFixed(1)} s over ${runs} outbox runs (${cpuNote}); ` +
    `${(bookings / (ms / 1000)).toFixed(0)}/s; goal < ${DELIVERY_GOAL_MS / 1000} s → ${okDelivery ? "PASS" : "FAIL"}`);

  // ── 2. what the enqueue adds to a booking's transaction ──
  const timed = async (label: string, endpoints: number) => {
    const q = await insertTestProperty(admin, { origin: "https://bench.example", label: `Webhook enqueue ${label}` });
    made.push(q.id);
    for (let i = 0; i < endpoints; i++) {
      await site(q, "admin/webhooks", { url: `${receiver.url}/hooks/enqueue`, events: ["lead.created", "tour.booked"] });
    }
    const list = await seedBookings(q.id, samples + 20, `e${label}`);
    const times: number[] = [];
    for (const [i, b] of list.entries()) {
      await withProperty(q.id, async (tx) => {
        const t0 = performance.now();
        await emitWebhookEvents(tx, q.id, now, [...leadEvent(b.lead_id, "created"), tourEvent("tour.booked", b.id)]);
        if (i >= 20) times.push(performance.now() - t0); // the first few warm the connection up
      }, api);
    }
    return times;
  };
  const none = await timed("none", 0);
  const one = await timed("one", 1);
  const p95 = pct(one, 95);
  const okEnqueue = p95 < ENQUEUE_GOAL_P95_MS;
  verdicts.push(okEnqueue);
  console.log(`enqueue inside the booking transaction (${samples} bookings each): no endpoint p50 ${pct(none, 50).toFixed(2)} ms ` +
    `p95 ${pct(none, 95).toFixed(2)} ms; one endpoint (lead.created + tour.booked) p50 ${pct(one, 50).toFixed(2)} ms ` +
    `p95 ${p95.toFixed(2)} ms p99 ${pct(one, 99).toFixed(2)} ms; goal p95 < ${ENQUEUE_GOAL_P95_MS} ms → ${okEnqueue ? "PASS" : "FAIL"}`);
} finally {
  await receiver.close();
  for (const id of made) {
    await admin`delete from public.outbox where property_id = ${id}`;
    await admin`delete from public.tour_bookings where property_id = ${id}`;
    await admin`delete from public.properties where id = ${id}`;
  }
  await admin.end();
  await api.end();
}
console.log(verdicts.every(Boolean) ? "PASS" : "FAIL");
if (!verdicts.every(Boolean)) Deno.exitCode = 1;
