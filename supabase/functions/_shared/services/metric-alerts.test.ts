// The metric-alerts job against the stack's database, with the jobs' own clock and catcher:
// an organization whose last 24 hours miss all four alerted targets gets exactly one email
// per metric at its operations address, even when the job (and the outbox) run twice; one
// whose numbers pass, and one with nothing measured, get none; misses older than 24 hours
// do not count.
import assert from "node:assert/strict";
import { closeAdminSql, createTestProperty } from "../../../../scripts/lib/test-support.ts";
import { callJob, emails, harness, HOUR, type Harness, MINUTE } from "../../lumaleasing-jobs/test-support.ts";
import { metricAlertsSlice } from "./metric-alerts.ts";
import { dispatchOutbox } from "./outbox-dispatch.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

async function organization(h: Harness, label: string, propertyIds: string[], opsEmail: string | null) {
  const [org] = await h.admin`insert into public.organizations (name, operations_email, portfolio_url)
    values (${`Alerts ${label} ${crypto.randomUUID().slice(0, 8)}`}, ${opsEmail}, 'https://ops.example/wp-admin/admin.php?page=lumaleasing-portfolio')
    returning id`;
  await h.admin`update public.properties set organization_id = ${org.id} where id = any (${propertyIds}::uuid[])`;
  return org.id as string;
}

/** n metric events of one kind/outcome/detail at `at` for a property. */
async function events(h: Harness, propertyId: string, kind: string, outcome: string, detail: string | null, n: number, at: Date) {
  await h.admin`insert into public.metric_events (property_id, kind, outcome, detail, at)
    select ${propertyId}, ${kind}, ${outcome}, ${detail}, ${at}::timestamptz + g * interval '1 second' from generate_series(1, ${n}) g`;
}

async function refreshes(h: Harness, propertyId: string, ok: number, failed: number, at: Date) {
  const [cal] = await h.admin`insert into public.agent_calendars (property_id, account_email, token_status)
    values (${propertyId}, ${`alerts-${crypto.randomUUID().slice(0, 8)}@example.com`}, 'healthy') returning id`;
  await h.admin`insert into public.calendar_token_refreshes (property_id, agent_calendar_id, attempted_at, trigger, outcome)
    select ${propertyId}, ${cal.id}, ${at}::timestamptz + g * interval '1 second', 'request',
      case when g <= ${failed} then 'invalid_grant' else 'refreshed' end
    from generate_series(1, ${ok + failed}) g`;
}

Deno.test("metric alerts: one email per missed metric per day, none for passes or no data", opts, async () => {
  const h = await harness();
  try {
    const now = h.t0;
    const recent = new Date(now.getTime() - 3 * HOUR);
    const old = new Date(now.getTime() - 30 * HOUR);
    const other = await createTestProperty();
    const quiet = await createTestProperty();
    const missOps = `ops-miss-${crypto.randomUUID().slice(0, 8)}@alerts.test`;
    const passOps = `ops-pass-${crypto.randomUUID().slice(0, 8)}@alerts.test`;
    const quietOps = `ops-quiet-${crypto.randomUUID().slice(0, 8)}@alerts.test`;
    const missOrg = await organization(h, "miss", [h.property.id], missOps);
    await organization(h, "pass", [other.id], passOps);
    await organization(h, "quiet", [quiet.id], quietOps);

    // Misses in the last 24 h: refresh 8/10, Google 90/100, booking 15/20, reminders 45/50.
    await refreshes(h, h.property.id, 8, 2, recent);
    await events(h, h.property.id, "google_api", "ok", "freebusy", 90, recent);
    await events(h, h.property.id, "google_api", "fail", "freebusy", 10, recent);
    await events(h, h.property.id, "booking_attempt", "201", "widget", 15, recent);
    await events(h, h.property.id, "booking_attempt", "5xx", "widget", 5, recent);
    await events(h, h.property.id, "delivery", "sent", "email:tour_reminder_24h", 45, recent);
    await events(h, h.property.id, "delivery", "dead", "sms:tour_reminder_1h", 5, recent);
    // The other organization passes everything in the last 24 h, and failed a lot 30 h ago (not counted).
    await refreshes(h, other.id, 100, 0, recent);
    await events(h, other.id, "google_api", "ok", "freebusy", 300, recent);
    await events(h, other.id, "booking_attempt", "201", "widget", 30, recent);
    await events(h, other.id, "delivery", "sent", "email:tour_reminder_24h", 60, recent);
    await events(h, other.id, "google_api", "fail", "freebusy", 50, old);
    await events(h, other.id, "booking_attempt", "5xx", "widget", 50, old);

    // Each run a minute after the last (a new round, as each cron run is).
    const scope = async (propertyId: string) => {
      h.clock.advance(MINUTE);
      return await metricAlertsSlice(h.d, { propertyId });
    };
    const first = await scope(h.property.id);
    console.log("first run, missing organization:", JSON.stringify(first.summary));
    assert.deepEqual(first.summary, { organizations: 1, misses: 4, queued: 4 });
    const again = await scope(h.property.id);
    console.log("second run, same day:", JSON.stringify(again.summary));
    assert.deepEqual(again.summary, { organizations: 1, misses: 4, queued: 0 }, "the second run queues nothing");
    assert.deepEqual((await scope(other.id)).summary, { organizations: 1, misses: 0, queued: 0 });
    assert.deepEqual((await scope(quiet.id)).summary, { organizations: 1, misses: 0, queued: 0 });

    for (const p of [h.property.id, other.id, quiet.id]) await dispatchOutbox(h.d, { propertyId: p, senders: h.senders });
    await scope(h.property.id);
    for (const p of [h.property.id, other.id, quiet.id]) await dispatchOutbox(h.d, { propertyId: p, senders: h.senders });

    const got = await emails(h, missOps);
    const subjects = got.map((m) => m.subject).sort();
    console.log(`emails to the missing organization's operations address (${got.length}):\n  ${subjects.join("\n  ")}`);
    assert.equal(got.length, 4, "exactly one email per missed metric");
    for (const [label, value] of [["Calendar token refresh success", "80 %"], ["Google Calendar API success", "90 %"],
      ["Tour booking success", "75 %"], ["Reminder delivery", "90 %"]]) {
      const mail = got.find((m) => m.subject?.startsWith(label));
      assert.ok(mail, `an email about ${label}`);
      assert.ok(mail.subject!.includes(value), `${label}: the value ${value} in the subject`);
      assert.ok(mail.text?.includes("page=lumaleasing-portfolio"), "the Portfolio page's link");
    }
    assert.equal((await emails(h, passOps)).length, 0, "passing numbers: no email");
    assert.equal((await emails(h, quietOps)).length, 0, "no data: no email");
    const keys = await h.admin`select dedupe_key from public.outbox where kind = 'metric_alert' and payload ->> 'organizationId' = ${missOrg}`;
    assert.equal(keys.length, 4);
    assert.ok(keys.every((k) => k.dedupe_key.startsWith(`metric-alert:${missOrg}:`) && k.dedupe_key.endsWith(h.clock.now().toISOString().slice(0, 10))));

    // The next day the same misses alert again, once.
    h.clock.set(new Date(now.getTime() + 24 * HOUR + 10 * MINUTE), true);
    await events(h, h.property.id, "booking_attempt", "5xx", "widget", 10, new Date(h.clock.now().getTime() - HOUR));
    const nextDay = await scope(h.property.id);
    console.log("the next day:", JSON.stringify(nextDay.summary));
    assert.deepEqual(nextDay.summary, { organizations: 1, misses: 1, queued: 1 }, "only the booking misses in the new 24 h");
    console.log("4 misses → 4 emails, once, though the job and the outbox ran twice; a pass and no data → none; the next day's miss → one more");
  } finally {
    await h.close();
    await closeAdminSql();
  }
});

Deno.test("metric alerts: the job answers over HTTP as pg_cron calls it", opts, async () => {
  const property = await createTestProperty();
  try {
    const res = await callJob("metric-alerts", { propertyId: property.id });
    console.log("POST lumaleasing-jobs/metric-alerts:", res.status, JSON.stringify(res.body.summary));
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.summary, { organizations: 0, misses: 0, queued: 0 }, "a property outside any organization: nothing to check");
  } finally {
    await closeAdminSql();
  }
});
