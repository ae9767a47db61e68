// GET admin/metrics (site secret: one property) and GET portfolio/metrics (portfolio key:
// one organization), with their weekly series: each caller sees exactly its own numbers,
// keys are not interchangeable, bad queries answer 400 in the error shape.
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

/** Google calls in October 2026: `ok` successes and `fail` failures. */
async function googleCalls(p: TestProperty, ok: number, fail: number) {
  const sql = await adminSql();
  await sql`insert into public.metric_events (property_id, kind, outcome, detail, at)
    select ${p.id}, 'google_api', case when g <= ${ok} then 'ok' else 'fail' end, 'freebusy', '2026-10-05'::timestamptz + g * interval '1 minute'
    from generate_series(1, ${ok + fail}) g`;
}

async function portfolioFetch(key: string, path: string) {
  return await fetch(`${(await stack()).functionsUrl}/lumaleasing/${path}`, { headers: { authorization: `Bearer ${key}` } });
}

interface Metric {
  metric: string;
  value: number | null;
  state: string;
  numerator: number;
  denominator: number;
}
const metric = (body: { metrics: Metric[] }, name: string): Metric => body.metrics.find((m) => m.metric === name)!;

Deno.test("metrics routes: a property reads its own numbers, an organization its properties' together", opts, async () => {
  const [a1, a2, b1] = [await createTestProperty(), await createTestProperty(), await createTestProperty()];
  const tag = crypto.randomUUID().slice(0, 6);
  const orgA = await organization(`Metrics API A ${tag}`, [a1, a2]);
  const orgB = await organization(`Metrics API B ${tag}`, [b1]);
  await googleCalls(a1, 999, 1);
  await googleCalls(a2, 90, 10);
  await googleCalls(b1, 5, 5);
  const q = "from=2026-10-01&to=2026-10-31";

  const own = await siteFetch(a1, `admin/metrics?${q}`);
  const ownBody = await own.json();
  assert.equal(own.status, 200, JSON.stringify(ownBody));
  assert.deepEqual(ownBody.period, { from: "2026-10-01", to: "2026-10-31" });
  assert.equal(ownBody.metrics.length, 9);
  assert.deepEqual({ ...metric(ownBody, "google_api_success") }, { metric: "google_api_success", value: 99.9, unit: "%", target: "> 99.5", state: "pass", numerator: 999, denominator: 1000 });
  assert.equal(metric(ownBody, "booking_success").state, "no_data");

  const portfolio = await portfolioFetch(orgA.key, `portfolio/metrics?${q}`);
  const pBody = await portfolio.json();
  assert.equal(portfolio.status, 200, JSON.stringify(pBody));
  assert.equal(pBody.scope.organizationId, orgA.id);
  assert.equal(pBody.scope.properties, 2);
  const g = metric(pBody, "google_api_success");
  assert.deepEqual([g.numerator, g.denominator, g.value, g.state], [1089, 1100, 99, "fail"]);

  const other = await (await portfolioFetch(orgB.key, `portfolio/metrics?${q}`)).json();
  assert.equal(other.scope.properties, 1);
  assert.deepEqual([metric(other, "google_api_success").numerator, metric(other, "google_api_success").denominator], [5, 10],
    "organization B counts only its own property");

  const weekly = await (await portfolioFetch(orgA.key, "portfolio/metrics/weekly?weeks=3")).json();
  assert.equal(weekly.weeks.length, 3);
  assert.ok(weekly.weeks.every((w: { metrics: unknown[] }) => w.metrics.length === 9));
  assert.ok(weekly.weeks[0].weekStart < weekly.weeks[2].weekStart, "oldest week first");
  const ownWeekly = await (await siteFetch(a1, "admin/metrics/weekly")).json();
  assert.equal(ownWeekly.weeks.length, 12, "12 weeks by default");
  console.log(`metrics: property A1 Google 999/1000 pass; organization A 1089/1100 = 99 % fail; B sees 5/10; weekly 3 and 12 weeks`);
});

Deno.test("metrics routes: keys are not interchangeable, and bad queries answer 400 in the error shape", opts, async () => {
  const p = await createTestProperty();
  const org = await organization(`Metrics API C ${crypto.randomUUID().slice(0, 6)}`, [p]);
  const refusals: Array<[Response, number, string]> = [
    [await portfolioFetch(p.siteSecret, "portfolio/metrics"), 401, "invalid_portfolio_key"],
    [await portfolioFetch(`llpk_${randomToken(32)}`, "portfolio/metrics"), 401, "invalid_portfolio_key"],
    [await fetch(`${(await stack()).functionsUrl}/lumaleasing/portfolio/metrics`), 401, "missing_portfolio_key"],
    [await portfolioFetch(org.key, "admin/metrics"), 401, "invalid_site_secret"],
    [await siteFetch(p, "admin/metrics?from=2026-10-31&to=2026-10-01"), 400, "invalid_query"],
    [await siteFetch(p, "admin/metrics?from=2026-02-30&to=2026-03-01"), 400, "invalid_query"],
    [await siteFetch(p, "admin/metrics?from=2025-01-01&to=2026-03-01"), 400, "invalid_query"],
    [await siteFetch(p, "admin/metrics?from=2026-10-01"), 400, "invalid_query"],
    [await siteFetch(p, "admin/metrics?from=2026-10-01&to=2026-10-02&x=1"), 400, "invalid_query"],
    [await portfolioFetch(org.key, "portfolio/metrics/weekly?weeks=0"), 400, "invalid_query"],
    [await portfolioFetch(org.key, "portfolio/metrics/weekly?weeks=53"), 400, "invalid_query"],
  ];
  for (const [res, status, code] of refusals) {
    const body = await res.json();
    assert.equal(res.status, status, JSON.stringify(body));
    assert.equal(body.success, false);
    assert.equal(body.error.code, code);
    assert.equal(typeof body.error.message, "string");
  }
  const sql = await adminSql();
  await sql`update public.portfolio_keys set revoked_at = now() where organization_id = ${org.id}`;
  const revoked = await portfolioFetch(org.key, "portfolio/metrics");
  assert.equal(revoked.status, 401, "a revoked portfolio key stops at once");
  await revoked.body?.cancel();
  console.log(`metrics refusals: ${refusals.length} bad keys/queries answered 401/400 in the error shape; a revoked key 401`);
});

Deno.test({ name: "metrics-routes: close the database connection", ...opts, fn: async () => await closeAdminSql() });
