// The request roles against the running stack, on the functions' own login: every query
// of a request runs after the switch (sent without waiting for its answer), and a switch
// that fails fails the request with its own error.
import assert from "node:assert/strict";
import postgres from "postgres";
import { adminSql, closeAdminSql, createTestProperty, stack } from "../../../../scripts/lib/test-support.ts";
import { withJobs, withProperty, withResolver } from "./db.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

function connect(url: string) {
  return postgres(url, { prepare: false, max: 1, onnotice: () => {} });
}

Deno.test("db: each request's first query already runs as its role, on the functions' login", opts, async () => {
  const p = await createTestProperty();
  const sql = connect((await stack()).dbUrl);
  try {
    const [prop] = await withProperty(p.id, (tx) =>
      tx`select current_user as who, session_user as login, lumaleasing.current_property_id() as pid,
        (select count(*)::int from public.properties) as visible`, sql);
    assert.deepEqual({ ...prop }, { who: "lumaleasing_property", login: "lumaleasing_api", pid: p.id, visible: 1 });
    const [jobs] = await withJobs((tx) => tx`select current_user as who`, sql);
    assert.equal(jobs.who, "lumaleasing_jobs");
    const [resolver] = await withResolver((tx) => tx`select current_user as who, lumaleasing.current_property_id() as pid`, sql);
    assert.deepEqual({ ...resolver }, { who: "lumaleasing_property", pid: null });
    // The role ends with the transaction: the connection is back to the bare login.
    await assert.rejects(sql`select count(*) from public.properties`, (err: { code?: string }) => err.code === "42501");
    console.log("  withProperty → lumaleasing_property seeing 1 property; withJobs → lumaleasing_jobs; withResolver → no property");
    console.log("  after each transaction the login alone is refused again (42501)");
  } finally {
    await sql.end({ timeout: 1 });
  }
});

Deno.test("db: a login that cannot switch gets the switch's error, and none of the request's queries run", opts, async () => {
  const admin = await adminSql();
  const login = `lumaleasing_test_${crypto.randomUUID().slice(0, 8)}`;
  await admin.unsafe(`create role ${login} login noinherit`);
  const url = new URL((await stack()).adminDbUrl);
  url.username = login;
  const sql = connect(url.toString());
  try {
    const p = await createTestProperty();
    let ran = false;
    await assert.rejects(
      withProperty(p.id, async (tx) => {
        const rows = await tx`select 1 as one`;
        ran = rows.length > 0;
        return rows;
      }, sql),
      (err: { code?: string; message?: string }) => err.code === "42501" && /lumaleasing_property/.test(err.message ?? ""),
    );
    assert.equal(ran, false);
    await assert.rejects(withJobs((tx) => tx`select 1`, sql), (err: { code?: string }) => err.code === "42501");
    console.log("  a login outside the request roles: 42501 naming the role, the request's query never answered");
  } finally {
    await sql.end({ timeout: 1 });
    await admin.unsafe(`drop role ${login}`);
    await closeAdminSql();
  }
});
