// A backlog drains as a chain of short invocations: over HTTP against the running stack,
// with limits asked small (a batch of 5, the budget spent after the first batch), each
// invocation queues its successor through pg_net and the stack's pg_net stand-in performs
// it after commit. The stack's own pg_cron schedules are paused meanwhile, so the chain is
// the only thing taking these rows.
import assert from "node:assert/strict";
import { adminSql, closeAdminSql, createTestProperty, stack } from "../../../scripts/lib/test-support.ts";
import { randomToken, sha256Hex } from "../_shared/adapters/crypto.ts";
import type { JobAnswer } from "../_shared/contracts/jobs.ts";
import { callJob, chainAnswers, HOUR, MINUTE, pauseCron } from "./test-support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const LIMITS = { batch: 5, wallMs: 1 };
const GOAL_CPU_MS = 1000;

async function functionsNow(): Promise<Date> {
  const s = await stack();
  const res = await fetch(`${new URL(s.functionsUrl).origin}/__local/clock`);
  return new Date((await res.json()).now);
}

async function caught(to: string, kind: "email" | "sms") {
  const s = await stack();
  const res = await fetch(`${s.mailUrl}/api/messages?kind=${kind}&to=${encodeURIComponent(to)}`);
  return (await res.json()).messages as Array<{ subject?: string; body?: string }>;
}

function describe(links: JobAnswer[], count: (l: JobAnswer) => number): string {
  return links.map((l) => `#${l.chain.depth}: ${count(l)} (${l.cpuMs} ms CPU, ${l.wallMs} ms, more ${l.more}, ${l.chain.successor ? "successor" : l.chain.why})`)
    .join("\n");
}

/** Every link of one chain, in order, within its budget; the last one queued nothing. */
function assertChain(links: JobAnswer[], count: (l: JobAnswer) => number) {
  links.forEach((l, i) => {
    assert.equal(l.chain.depth, i, "one link per depth, none missing");
    assert.equal(l.chain.id, links[0].chain.id);
    assert.deepEqual({ batch: l.limits.batch, wallMs: l.limits.wallMs }, LIMITS, "the successor keeps the limits asked for");
    assert.ok(count(l) <= LIMITS.batch, `link ${i} did ${count(l)}, more than one batch`);
    assert.ok(l.cpuMs === null || l.cpuMs < GOAL_CPU_MS, `link ${i} used ${l.cpuMs} ms CPU`);
    assert.ok(l.wallMs < 60_000);
    assert.equal(l.chain.successor, i < links.length - 1, "every link but the last queued its successor");
  });
  assert.equal(links.at(-1)!.more, false, "the last link found nothing left");
}

Deno.test("chain: 23 due reminders and their 35 messages drain through chained invocations of 5, each sent once", opts, async () => {
  const sql = await adminSql();
  const resume = await pauseCron();
  try {
    const property = await createTestProperty();
    const now = await functionsNow();
    const tours: Array<{ id: string; email: string; phone: string | null }> = [];
    for (let i = 0; i < 23; i++) {
      const start = new Date(now.getTime() + 20 * MINUTE + i * MINUTE);
      const email = `chain-${randomToken(6).toLowerCase().replace(/[^a-z0-9]/g, "x")}@jobs.test`;
      const phone = i % 2 === 0 ? `+1312555${String(2000 + i).padStart(4, "0")}` : null;
      const [row] = await sql`insert into public.tour_bookings (property_id, start_at, end_at, blocked_range, source,
          first_name, last_name, email, phone, sms_consent, manage_token_hash, created_at, updated_at)
        values (${property.id}, ${start}, ${new Date(start.getTime() + 30 * MINUTE)}, tstzrange(${start}, ${new Date(start.getTime() + 30 * MINUTE)}),
          'admin', 'Sam', 'Reyes', ${email}, ${phone}, ${phone !== null}, ${await sha256Hex(randomToken(16))},
          ${new Date(now.getTime() - 2 * HOUR)}, ${now})
        returning id`;
      tours.push({ id: row.id, email, phone });
    }
    const withSms = tours.filter((t) => t.phone).length;

    const first = await callJob("reminders", { propertyId: property.id, limits: LIMITS });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const reminders = await chainAnswers(first.body);
    const tally = (l: JobAnswer) => (l.summary as { "1h": { tours: number } })["1h"].tours;
    console.log(`reminders: ${reminders.length} invocations\n${describe(reminders, tally)}`);
    assertChain(reminders, tally);
    assert.equal(reminders.reduce((n, l) => n + tally(l), 0), tours.length, "every tour claimed once across the chain");
    assert.ok(reminders.length >= Math.ceil(tours.length / LIMITS.batch), "a batch per invocation");
    const [claimed] = await sql`select count(*)::int as n from public.tour_bookings where property_id = ${property.id}
      and reminder_1h_sent_at is not null`;
    assert.equal(claimed.n, tours.length);

    const firstOutbox = await callJob("outbox", { propertyId: property.id, limits: LIMITS });
    assert.equal(firstOutbox.status, 200, JSON.stringify(firstOutbox.body));
    const outbox = await chainAnswers(firstOutbox.body);
    const sent = (l: JobAnswer) => (l.summary as { claimed: number }).claimed;
    console.log(`outbox: ${outbox.length} invocations\n${describe(outbox, sent)}`);
    assertChain(outbox, sent);
    assert.equal(outbox.reduce((n, l) => n + sent(l), 0), tours.length + withSms, "every message claimed once");
    const [left] = await sql`select count(*) filter (where status = 'pending')::int as pending,
        count(*) filter (where status = 'done' and attempts = 1)::int as once
      from public.outbox where property_id = ${property.id}`;
    assert.deepEqual(left, { pending: 0, once: tours.length + withSms });
    for (const t of tours) {
      const mail = await caught(t.email, "email");
      assert.equal(mail.length, 1, `one email to ${t.email}`);
      assert.match(mail[0].subject ?? "", /^Starting soon: your tour at /);
      if (t.phone) assert.equal((await caught(t.phone, "sms")).length, 1, `one SMS to ${t.phone}`);
    }
    const [marker] = await sql`select count(*)::int as n from lumaleasing.job_chains where scope = ${property.id}`;
    assert.equal(marker.n, 0, "the chains let go of their markers");
    console.log(`caught: ${tours.length} emails and ${withSms} SMS, one each`);
  } finally {
    await resume();
    await closeAdminSql();
  }
});
