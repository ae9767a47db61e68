// The Portfolio page's routes (portfolio key): calendar health across the organization's
// properties, refresh activity, and re-connect emails — scoped to the organization, rate
// limited per calendar, recorded with their outbox rows, and the link each email carries.
import assert from "node:assert/strict";
import { randomToken, sha256Hex } from "../_shared/adapters/crypto.ts";
import { adminSql, closeAdminSql, createTestProperty, siteFetch, stack, type TestProperty } from "../../../scripts/lib/test-support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

async function organization(name: string, properties: TestProperty[]): Promise<{ id: string; key: string }> {
  const sql = await adminSql();
  const key = `llpk_${randomToken(32)}`;
  const [org] = await sql`insert into public.organizations (name) values (${name}) returning id`;
  await sql`insert into public.portfolio_keys (organization_id, key_hash, key_hint) values (${org.id}, ${await sha256Hex(key)}, 'llpk_…')`;
  for (const p of properties) await sql`update public.properties set organization_id = ${org.id} where id = ${p.id}`;
  return { id: org.id, key };
}

/** A calendar row in a given state (nothing here talks to Google). */
async function calendar(p: TestProperty, email: string, status: string, extra: Record<string, unknown> = {}): Promise<string> {
  const sql = await adminSql();
  const [row] = await sql`insert into public.agent_calendars ${sql({
    property_id: p.id,
    account_email: email,
    token_status: status,
    last_health_check_at: new Date(Date.now() - 3600_000),
    access_token_expires_at: new Date(Date.now() + 1800_000),
    refresh_token_expires_at: status === "expiring" ? new Date(Date.now() + 2 * 86_400_000) : null,
    ...extra,
  })} returning id`;
  return row.id;
}

async function portfolio(key: string, path: string, init: RequestInit = {}) {
  const res = await fetch(`${(await stack()).functionsUrl}/lumaleasing/${path}`, {
    ...init,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
  });
  return { status: res.status, body: await res.json() };
}

async function emailsTo(to: string, count: number): Promise<Array<{ subject: string; text: string; html: string; to: string[] }>> {
  const s = await stack();
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await fetch(`${s.mailUrl}/api/messages?kind=email&to=${encodeURIComponent(to)}`);
    const { messages } = await res.json();
    if (messages.length >= count) return messages;
    if (Date.now() > deadline) assert.fail(`${messages.length} of ${count} emails for ${to}`);
    const run = await fetch(`${s.functionsUrl}/lumaleasing-jobs/outbox`, {
      method: "POST",
      headers: { authorization: `Bearer ${s.cronSecret}`, "content-type": "application/json" },
      body: "{}",
    });
    await run.body?.cancel();
    await new Promise((r) => setTimeout(r, 200));
  }
}

Deno.test("portfolio health: every property × calendar of the organization, counts, filters, search; never another organization's", opts, async () => {
  const tag = randomToken(4).toLowerCase();
  const [a1, a2, a3, b1] = [
    await createTestProperty(),
    await createTestProperty({ admin_url: null }),
    await createTestProperty(),
    await createTestProperty(),
  ];
  const orgA = await organization(`Health A ${tag}`, [a1, a2, a3]);
  const orgB = await organization(`Health B ${tag}`, [b1]);
  const ok = await calendar(a1, `ok-${tag}@example.com`, "healthy");
  const soon = await calendar(a1, `soon-${tag}@example.com`, "expiring");
  const dead = await calendar(a2, `dead-${tag}@example.com`, "revoked");
  await calendar(b1, `other-${tag}@example.com`, "expired");
  const sql = await adminSql();
  await sql`insert into public.calendar_token_refreshes (property_id, agent_calendar_id, attempted_at, trigger, outcome, error)
    values (${a2.id}, ${dead}, now() - interval '2 hours', 'health_check', 'invalid_grant', 'invalid_grant: Token has been expired or revoked.'),
           (${a1.id}, ${ok}, now() - interval '1 hour', 'request', 'refreshed', null),
           (${b1.id}, (select id from public.agent_calendars where property_id = ${b1.id}), now(), 'request', 'error', 'b only')`;

  const all = await portfolio(orgA.key, "portfolio/health");
  assert.equal(all.status, 200, JSON.stringify(all.body));
  assert.equal(all.body.organization.id, orgA.id);
  assert.equal(all.body.properties, 3);
  assert.deepEqual(all.body.counts, { all: 4, healthy: 1, expiring: 1, expired: 0, revoked: 1, noCalendar: 1 });
  const emails = all.body.rows.map((r: { calendar: { accountEmail: string } | null }) => r.calendar?.accountEmail ?? null);
  assert.ok(!emails.includes(`other-${tag}@example.com`), "organization B's calendar is not listed");
  const noCal = all.body.rows.find((r: { propertyId: string }) => r.propertyId === a3.id);
  assert.equal(noCal.calendar, null, "a property without a calendar is listed as such");
  const revoked = all.body.rows.find((r: { calendar: { id: string } | null }) => r.calendar?.id === dead);
  assert.equal(revoked.settingsPageKnown, false);
  assert.equal(revoked.calendar.status, "revoked");
  assert.match(revoked.calendar.lastError.message, /invalid_grant/);
  const expiring = all.body.rows.find((r: { calendar: { id: string } | null }) => r.calendar?.id === soon);
  assert.ok(expiring.calendar.grantExpiresAt && expiring.calendar.accessTokenExpiresAt && expiring.calendar.lastHealthCheckAt);
  assert.equal(JSON.stringify(all.body).includes("token_enc"), false);

  const onlyRevoked = await portfolio(orgA.key, "portfolio/health?status=revoked");
  assert.deepEqual(onlyRevoked.body.rows.map((r: { calendar: { id: string } }) => r.calendar.id), [dead]);
  const searched = await portfolio(orgA.key, `portfolio/health?q=${encodeURIComponent(`SOON-${tag}`)}`);
  assert.deepEqual(searched.body.rows.map((r: { calendar: { id: string } }) => r.calendar.id), [soon]);
  assert.equal(searched.body.counts.all, 1);
  const byName = await portfolio(orgA.key, `portfolio/health?q=${encodeURIComponent(a3.name)}`);
  assert.equal(byName.body.rows.length, 1);

  const activity = await portfolio(orgA.key, "portfolio/refresh-activity?limit=10");
  assert.equal(activity.status, 200, JSON.stringify(activity.body));
  assert.deepEqual(activity.body.activity.map((a: { outcome: string; accountEmail: string }) => [a.outcome, a.accountEmail]),
    [["refreshed", `ok-${tag}@example.com`], ["invalid_grant", `dead-${tag}@example.com`]], "newest first, organization A only");
  const bActivity = await portfolio(orgB.key, "portfolio/refresh-activity");
  assert.deepEqual(bActivity.body.activity.map((a: { error: string }) => a.error), ["b only"]);
  const bHealth = await portfolio(orgB.key, "portfolio/health");
  assert.equal(bHealth.body.counts.all, 1);

  for (const [path, code] of [["portfolio/health?status=broken", "invalid_query"], ["portfolio/refresh-activity?limit=0", "invalid_query"], ["portfolio/health?x=1", "invalid_query"]]) {
    const bad = await portfolio(orgA.key, path);
    assert.equal(bad.status, 400, path);
    assert.equal(bad.body.success, false);
    assert.equal(bad.body.error.code, code);
  }
  const s = await stack();
  for (const path of ["portfolio/health", "portfolio/refresh-activity"]) {
    const none = await fetch(`${s.functionsUrl}/lumaleasing/${path}`);
    assert.equal(none.status, 401);
    await none.body?.cancel();
    const propertyKey = await siteFetch(a1, path);
    assert.equal(propertyKey.status, 401, "a site secret is not a portfolio key");
    await propertyKey.body?.cancel();
  }
  console.log(`portfolio health: A sees 3 properties / 4 rows (1 healthy, 1 expiring, 1 revoked, 1 without calendar), B sees 1; filter, search, activity scoped; 400 on bad queries; 401 without a portfolio key`);
});

Deno.test("portfolio re-connect emails: one email per manager with the right links, recorded, rate limited, never for another organization", opts, async () => {
  const tag = randomToken(4).toLowerCase();
  const m1 = `m1-${tag}@mgr.example`, m2 = `m2-${tag}@mgr.example`, m3 = `m3-${tag}@mgr.example`;
  const a1 = await createTestProperty({ manager_email: `${m1}, ${m2}` });
  const a2 = await createTestProperty({ manager_email: m3 });
  const a3 = await createTestProperty({ manager_email: m3, admin_url: null });
  const b1 = await createTestProperty();
  const orgA = await organization(`Reconnect A ${tag}`, [a1, a2, a3]);
  await organization(`Reconnect B ${tag}`, [b1]);
  const c1 = await calendar(a1, `one-${tag}@example.com`, "revoked");
  const c2 = await calendar(a1, `two-${tag}@example.com`, "expiring");
  const c3 = await calendar(a2, `three-${tag}@example.com`, "expired");
  const c4 = await calendar(a3, `four-${tag}@example.com`, "expired");
  const foreign = await calendar(b1, `foreign-${tag}@example.com`, "expired");
  const by = { name: "Ops Olivia", email: "ops@acme.example" };
  const sql = await adminSql();
  const count = async () => (await sql`select count(*)::int as n from public.calendar_reconnect_requests where organization_id = ${orgA.id}`)[0].n;
  const outboxCount = async () => (await sql`select count(*)::int as n from public.outbox where property_id in (${a1.id}, ${a2.id}, ${a3.id})`)[0].n;

  const bad: Array<[unknown, string]> = [
    [{ calendarIds: [], by }, "calendarIds"],
    [{ calendarIds: ["nope"], by }, "calendarIds.0"],
    [{ calendarIds: [c1], by: { name: "", email: "ops@acme.example" } }, "by.name"],
    [{ calendarIds: [c1], by: { name: "x", email: "not-an-email" } }, "by.email"],
    [{ calendarIds: [c1] }, "by"],
  ];
  for (const [body, field] of bad) {
    const r = await portfolio(orgA.key, "portfolio/reconnect-emails", { method: "POST", body: JSON.stringify(body) });
    assert.equal(r.status, 422, JSON.stringify(r.body));
    assert.equal(r.body.error.code, "invalid_input");
    assert.ok(r.body.error.fields[field], `${field}: ${JSON.stringify(r.body)}`);
  }
  const notOurs = await portfolio(orgA.key, "portfolio/reconnect-emails", { method: "POST", body: JSON.stringify({ calendarIds: [c1, foreign], by }) });
  assert.equal(notOurs.status, 404, JSON.stringify(notOurs.body));
  assert.equal(notOurs.body.error.code, "calendar_not_found");
  assert.equal(await count(), 0, "nothing recorded");
  assert.equal(await outboxCount(), 0, "nothing queued");
  const propertyKey = await siteFetch(a1, "portfolio/reconnect-emails", { method: "POST", body: JSON.stringify({ calendarIds: [c1], by }) });
  assert.equal(propertyKey.status, 401);
  await propertyKey.body?.cancel();

  const sent = await portfolio(orgA.key, "portfolio/reconnect-emails", { method: "POST", body: JSON.stringify({ calendarIds: [c1, c2, c3, c4], by }) });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  assert.deepEqual(sent.body.sent.map((s: { calendarId: string }) => s.calendarId).sort(), [c1, c2, c3].sort());
  assert.deepEqual(sent.body.skipped.map((s: { calendarId: string; reason: string }) => [s.calendarId, s.reason]), [[c4, "settings_page_unknown"]]);
  assert.equal(sent.body.emails, 3, "two managers at A1, one at A2");
  const recorded = await sql`select agent_calendar_id, requested_by_name, requested_by_email, recipients from public.calendar_reconnect_requests
    where organization_id = ${orgA.id} order by account_email`;
  assert.equal(recorded.length, 3);
  assert.deepEqual(recorded.find((r) => r.agent_calendar_id === c1)!.recipients.sort(), [m1, m2].sort());
  assert.equal(recorded[0].requested_by_name, "Ops Olivia");

  const settings = `${a1.origin}/wp-admin/options-general.php?page=lumaleasing`;
  for (const manager of [m1, m2]) {
    const [mail] = await emailsTo(manager, 1);
    assert.match(mail.subject, /re-connect 2 Google Calendars/i);
    for (const [id, email] of [[c1, `one-${tag}@example.com`], [c2, `two-${tag}@example.com`]]) {
      const link = `${settings}&lumaleasing_reconnect=${id}&login_hint=${encodeURIComponent(email)}`;
      assert.ok(mail.text.includes(link), `${manager}'s email links ${link}:\n${mail.text}`);
    }
    assert.ok(!mail.text.includes(c3), "only this property's calendars");
  }
  const [third] = await emailsTo(m3, 1);
  assert.ok(third.text.includes(`lumaleasing_reconnect=${c3}`) && !third.text.includes(c4));
  assert.equal((await emailsTo(m3, 1)).length, 1, "the property without a settings page sent nothing");

  const again = await portfolio(orgA.key, "portfolio/reconnect-emails", { method: "POST", body: JSON.stringify({ calendarIds: [c1, c3], by }) });
  assert.equal(again.status, 200);
  assert.equal(again.body.sent.length, 0);
  assert.deepEqual(again.body.skipped.map((s: { reason: string }) => s.reason), ["rate_limited", "rate_limited"]);
  const next = Date.parse(again.body.skipped[0].nextAllowedAt);
  assert.ok(next > Date.now() + 11.9 * 3600_000 && next < Date.now() + 12.1 * 3600_000, again.body.skipped[0].nextAllowedAt);
  assert.equal(await count(), 3, "a skipped calendar is not recorded again");
  // Two requests at once for a calendar not yet emailed: one sends, the other is rate limited.
  const c5 = await calendar(a2, `five-${tag}@example.com`, "revoked");
  const raced = await Promise.all([1, 2].map(() =>
    portfolio(orgA.key, "portfolio/reconnect-emails", { method: "POST", body: JSON.stringify({ calendarIds: [c5], by }) })));
  assert.deepEqual(raced.map((r) => r.body.sent.length).sort(), [0, 1], JSON.stringify(raced.map((r) => r.body)));
  assert.equal((await sql`select count(*)::int as n from public.calendar_reconnect_requests where agent_calendar_id = ${c5}`)[0].n, 1);
  const health = await portfolio(orgA.key, "portfolio/health?status=revoked");
  assert.ok(health.body.rows[0].calendar.lastReconnectEmailAt && health.body.rows[0].calendar.nextReconnectEmailAt);
  console.log(`re-connect: 5 bad bodies 422, another organization's calendar 404 (nothing written), 3 sent as 3 emails with login_hint links, 1 skipped (no settings page), again within 12 h: rate_limited; two at once: one sent, one rate_limited`);
});

Deno.test("connect ticket with a login hint: the consent page is asked for that account", opts, async () => {
  const p = await createTestProperty();
  const returnUrl = `${p.origin}/wp-admin/options-general.php?page=lumaleasing`;
  const res = await siteFetch(p, "admin/connect-ticket", { method: "POST", body: JSON.stringify({ returnUrl, loginHint: "hint@example.com" }) });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  const go = await fetch(body.connectUrl, { redirect: "manual" });
  await go.body?.cancel();
  const consent = new URL(go.headers.get("location")!);
  assert.equal(consent.searchParams.get("login_hint"), "hint@example.com");
  const badHint = await siteFetch(p, "admin/connect-ticket", { method: "POST", body: JSON.stringify({ returnUrl, loginHint: "nope" }) });
  assert.equal(badHint.status, 422);
  await badHint.body?.cancel();
  const plain = await (await siteFetch(p, "admin/connect-ticket", { method: "POST", body: JSON.stringify({ returnUrl }) })).json();
  const plainGo = await fetch(plain.connectUrl, { redirect: "manual" });
  await plainGo.body?.cancel();
  assert.equal(new URL(plainGo.headers.get("location")!).searchParams.get("login_hint"), null);
  console.log(`connect ticket: login_hint=hint@example.com reaches Google's consent URL; a bad hint 422; no hint, none sent`);
  await closeAdminSql();
});
