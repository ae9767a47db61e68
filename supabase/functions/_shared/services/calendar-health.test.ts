// The calendar health check against the stack's Google emulator: a healthy calendar, a
// "Testing" app's grant close to its 7-day end, a grant the person revoked, and a deleted
// Google account — the right statuses, one audit row per refresh attempt, and the
// manager's re-connect email at most once per calendar per 24 h.
import assert from "node:assert/strict";
import { closeAdminSql, googleControl } from "../../../../scripts/lib/test-support.ts";
import { connectMinted, DAY, emails, harness, HOUR, uniqueAccount } from "../../lumaleasing-jobs/test-support.ts";
import { checkCalendarHealth, healthSlice } from "./calendar-health.ts";
import { dispatchOutbox } from "./outbox-dispatch.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test("calendar health: healthy, expiring, revoked and deleted calendars; audited; alerts once per 24 h", opts, async () => {
  const h = await harness();
  try {
    const accounts = {
      healthy: uniqueAccount("healthy"),
      expiring: uniqueAccount("testing"),
      revoked: uniqueAccount("revoked"),
      deleted: uniqueAccount("deleted"),
    };
    const ids: Record<string, string> = {};
    for (const [label, email] of Object.entries(accounts)) {
      ids[label] = await connectMinted(h, email, { testing: label === "expiring" });
    }
    await googleControl(`accounts/${encodeURIComponent(accounts.revoked)}/revoke-grants`, {});
    await googleControl(`accounts/${encodeURIComponent(accounts.deleted)}`, { deleted: true }, "PATCH");
    const labelOf = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));

    const state = async () => {
      const rows = await h.admin`select id, token_status, last_health_check_at from public.agent_calendars where property_id = ${h.property.id}`;
      return Object.fromEntries(rows.map((r) => [labelOf[r.id], r]));
    };
    const audit = async () => {
      const rows = await h.admin`select agent_calendar_id, outcome from public.calendar_token_refreshes
        where property_id = ${h.property.id} and trigger = 'health_check' order by id`;
      const out: Record<string, string[]> = { healthy: [], expiring: [], revoked: [], deleted: [] };
      for (const r of rows) out[labelOf[r.agent_calendar_id]].push(r.outcome);
      return out;
    };
    const alertsTo = async () => (await emails(h, "manager@test.example")).map((m) => m.subject);

    // Five and a half days later: the testing grant has 36 hours left.
    const t1 = new Date(h.t0.getTime() + 5 * DAY + 12 * HOUR);
    h.clock.set(t1, true);
    const first = await checkCalendarHealth(h.d, { propertyId: h.property.id });
    console.log("first check:", JSON.stringify(first));
    const s1 = await state();
    console.log(Object.entries(s1).map(([k, r]) => `${k}: ${r.token_status}`).join(", "));
    assert.equal(s1.healthy.token_status, "healthy");
    assert.equal(s1.expiring.token_status, "expiring");
    assert.equal(s1.revoked.token_status, "revoked");
    assert.equal(s1.deleted.token_status, "revoked");
    for (const r of Object.values(s1)) assert.equal(r.last_health_check_at.getTime(), t1.getTime());
    assert.deepEqual(
      { checked: first.checked, healthy: first.healthy, expiring: first.expiring, revoked: first.revoked, alerted: first.alerted },
      { checked: 4, healthy: 1, expiring: 1, revoked: 2, alerted: 3 },
    );
    const a1 = await audit();
    console.log("audit after the first check:", JSON.stringify(a1));
    assert.deepEqual(a1, { healthy: ["refreshed"], expiring: ["refreshed"], revoked: ["invalid_grant"], deleted: ["invalid_grant"] });

    await dispatchOutbox(h.d, { propertyId: h.property.id, senders: h.senders });
    const mails1 = await emails(h, "manager@test.example");
    console.log(mails1.map((m) => `alert: ${m.subject}`).join("\n"));
    assert.equal(mails1.length, 3);
    assert.equal(mails1.filter((m) => /^Action needed: reconnect/.test(m.subject)).length, 2);
    assert.equal(mails1.filter((m) => /needs reconnecting soon/.test(m.subject)).length, 1);
    for (const m of mails1) assert.match(m.text ?? "", /options-general\.php\?page=lumaleasing/, "the settings link");
    for (const email of [accounts.expiring, accounts.revoked, accounts.deleted]) {
      assert.equal(mails1.filter((m) => (m.text ?? "").includes(email)).length, 1, `one alert about ${email}`);
    }

    // Six hours later: checked again, audited again where a refresh was tried, no new alerts.
    h.clock.set(new Date(t1.getTime() + 6 * HOUR), true);
    const second = await checkCalendarHealth(h.d, { propertyId: h.property.id });
    console.log("six hours later:", JSON.stringify(second));
    assert.equal(second.alerted, 0);
    await dispatchOutbox(h.d, { propertyId: h.property.id, senders: h.senders });
    assert.equal((await alertsTo()).length, 3, "no second alert within 24 h");
    const a2 = await audit();
    assert.deepEqual(a2.revoked, ["invalid_grant"], "a dead grant is not tried again");
    assert.equal(second.refreshed, 2, "both working grants' access tokens had run out again");
    assert.deepEqual([a2.healthy, a2.expiring], [["refreshed", "refreshed"], ["refreshed", "refreshed"]], "one audit row per refresh");

    // A day after the first alert: the manager hears again about each calendar still broken.
    h.clock.set(new Date(t1.getTime() + 25 * HOUR), true);
    const third = await checkCalendarHealth(h.d, { propertyId: h.property.id });
    console.log("25 hours later:", JSON.stringify(third));
    assert.equal(third.alerted, 3);
    await dispatchOutbox(h.d, { propertyId: h.property.id, senders: h.senders });
    const mails3 = await alertsTo();
    assert.equal(mails3.length, 6);
    assert.equal((await state()).expiring.token_status, "expiring");
  } finally {
    await h.close();
    await closeAdminSql();
  }
});

Deno.test("calendar health: least recently checked first — slices of one check different calendars, overlapping runs too", opts, async () => {
  const h = await harness();
  try {
    const labels = ["an hour ago", "never", "three hours ago", "two hours ago"] as const;
    const ids: Record<string, string> = {};
    for (const label of labels) ids[label] = await connectMinted(h, uniqueAccount("order"));
    const t = new Date(h.t0.getTime() + DAY);
    h.clock.set(t, true);
    for (const [label, ago] of [["an hour ago", 1], ["three hours ago", 3], ["two hours ago", 2]] as const) {
      await h.admin`update public.agent_calendars set last_health_check_at = ${new Date(t.getTime() - ago * HOUR)} where id = ${ids[label]}`;
    }
    const labelOf = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
    const checkedAt = async () => {
      const rows = await h.admin`select id, last_health_check_at from public.agent_calendars where property_id = ${h.property.id}`;
      return new Map(rows.map((r) => [labelOf[r.id], r.last_health_check_at?.getTime() ?? null]));
    };
    const spent = { spent: () => true }; // one batch per invocation
    const order: string[] = [];
    for (let i = 0; i < 2; i++) {
      const before = await checkedAt();
      const { summary: s, more } = await healthSlice(h.d, { propertyId: h.property.id, batchSize: 1, budget: spent });
      const after = await checkedAt();
      const now = [...after].filter(([label, at]) => at === t.getTime() && before.get(label) !== t.getTime()).map(([label]) => label);
      assert.equal(s.checked, 1);
      assert.equal(more, true, "a full slice with the budget spent: perhaps more");
      assert.equal(now.length, 1, `one calendar checked by invocation ${i + 1}`);
      order.push(now[0]);
    }
    console.log(`slice of 1, twice: ${order.join(", then ")}`);
    assert.deepEqual(order, ["never", "three hours ago"]);

    // Two runs at the same moment take different calendars (claimed FOR UPDATE SKIP LOCKED).
    const [a, b] = await Promise.all([
      checkCalendarHealth(h.d, { propertyId: h.property.id, batchSize: 1, budget: spent }),
      checkCalendarHealth(h.d, { propertyId: h.property.id, batchSize: 1, budget: spent }),
    ]);
    const all = await checkedAt();
    console.log(`two at once: ${a.checked} + ${b.checked} checked; now ${[...all].filter(([, at]) => at === t.getTime()).length} of 4 done this round`);
    assert.deepEqual([a.checked, b.checked], [1, 1]);
    assert.ok([...all.values()].every((at) => at === t.getTime()), "the other two, one each");
    const rest = await healthSlice(h.d, { propertyId: h.property.id, batchSize: 1, budget: spent });
    assert.deepEqual([rest.summary.checked, rest.more], [0, false], "this round is over");
  } finally {
    await h.close();
    await closeAdminSql();
  }
});
