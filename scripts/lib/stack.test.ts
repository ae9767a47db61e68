// The local stack's own promises: migrations re-run safely, the hosted role model (the
// functions on their own login, with its password and a small pool), pg_net's stand-in
// performs queued requests after commit, the gateway's config and JWTs.
import assert from "node:assert/strict";
import postgres from "postgres";
import { adminSql, closeAdminSql, createTestProperty, stack, widgetFetch } from "./test-support.ts";
import { APPLICATION_NAME, DEFAULT_POOL_MAX } from "../../supabase/functions/_shared/adapters/db-config.ts";
import { migrate } from "./postgres.ts";
import { functionSettings, parseFunctionSettings } from "./supabase-config.ts";
import { repoRoot } from "./config.ts";
import { localApiKeys, signJwt, verifyJwt } from "./jwt.ts";
import { waitFor } from "./process.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test("migrations: re-running the runner applies nothing twice", opts, async () => {
  const applied: string[] = [];
  await migrate((await stack()).migrationDbUrl, (line) => applied.push(line));
  assert.deepEqual(applied, []);
  const sql = await adminSql();
  const versions = await sql`select version from supabase_migrations.schema_migrations order by version`;
  const files = [...Deno.readDirSync(new URL("../../supabase/migrations", import.meta.url))].filter((f) => f.name.endsWith(".sql"));
  assert.equal(versions.length, files.length);
  console.log(`  ${versions.length} migrations recorded; a second run applied none`);
});

Deno.test("migrations: the functions' login is adapted, not duplicated, where the role exists (roles are cluster-wide)", opts, async () => {
  const file = new URL("../../supabase/migrations/20261128000300_functions_login.sql", import.meta.url);
  const text = await Deno.readTextFile(file);
  const sql = await adminSql();
  class Undo extends Error {}
  // Everything in a transaction that is rolled back: role changes are transactional too.
  const attempt = (before: string) =>
    sql.begin(async (tx) => {
      await tx.unsafe(before);
      await tx`set local role postgres`;
      await tx.unsafe(text);
      const [r] = await tx`select rolcanlogin, rolinherit, (select count(*)::int from pg_auth_members m
        where m.member = 'lumaleasing_api'::regrole) as memberships from pg_roles where rolname = 'lumaleasing_api'`;
      throw Object.assign(new Undo(), { r });
    }).catch((err) => {
      if (err instanceof Undo) return (err as Undo & { r: Record<string, unknown> }).r;
      throw err;
    });
  // Existing with drifted attributes: brought back to LOGIN NOINHERIT, memberships not doubled.
  const [{ memberships }] = await sql`select count(*)::int as memberships from pg_auth_members
    where member = 'lumaleasing_api'::regrole`;
  const again = await attempt("alter role lumaleasing_api inherit");
  assert.deepEqual({ ...again }, { rolcanlogin: true, rolinherit: false, memberships });
  await assert.rejects(attempt("alter role lumaleasing_api bypassrls"), /exists with superuser, bypassrls or replication/);
  const [now] = await sql`select rolbypassrls, rolinherit from pg_roles where rolname = 'lumaleasing_api'`;
  assert.deepEqual({ ...now }, { rolbypassrls: false, rolinherit: false });
  console.log(`  re-run as postgres on an existing (drifted) role: LOGIN NOINHERIT again, ${memberships} memberships as before; with BYPASSRLS: refused`);
});

Deno.test("roles: the functions' login needs its password and can read nothing without set role", opts, async () => {
  const s = await stack();
  const url = new URL(s.dbUrl);
  assert.equal(decodeURIComponent(url.username), "lumaleasing_api");
  url.password = "not-the-password";
  const wrong = postgres(url.toString(), { max: 1, onnotice: () => {}, connect_timeout: 5 });
  await assert.rejects(wrong`select 1`, (err: { code?: string }) => err.code === "28P01");
  await wrong.end({ timeout: 1 });
  const api = postgres(s.dbUrl, { max: 1, onnotice: () => {} });
  try {
    const [who] = await api`select current_user as who, (select rolsuper from pg_roles where rolname = current_user) as su`;
    assert.deepEqual({ ...who }, { who: "lumaleasing_api", su: false });
    await assert.rejects(api`select count(*) from public.properties`, (err: { code?: string }) => err.code === "42501");
    const [, [row]] = await api.begin((tx) => [tx`set local role lumaleasing_jobs`, tx`select current_user as who`]);
    assert.equal(row.who, "lumaleasing_jobs");
  } finally {
    await api.end({ timeout: 1 });
  }
  const sql = await adminSql();
  const [pg] = await sql`select rolsuper, rolbypassrls from pg_roles where rolname = 'postgres'`;
  assert.deepEqual({ ...pg }, { rolsuper: false, rolbypassrls: true });
  console.log("  wrong password → 28P01; lumaleasing_api alone → 42501 on properties; set local role → lumaleasing_jobs");
  console.log("  postgres (migrations) is no superuser and bypasses RLS, as on a hosted project");
});

Deno.test("roles: the functions connect as lumaleasing_api, with at most their pool of connections", opts, async () => {
  const p = await createTestProperty();
  const answers = await Promise.all(Array.from({ length: 24 }, async () => {
    const res = await widgetFetch(p, "config");
    await res.body?.cancel();
    return res.status;
  }));
  assert.deepEqual([...new Set(answers)], [200]);
  const sql = await adminSql();
  const rows = await sql`select usename, count(*)::int as n from pg_stat_activity
    where application_name = ${APPLICATION_NAME} group by usename`;
  // The stack's functions see the same environment as this test.
  // Each function runs in its own process (an isolate) with a pool of its own.
  const functions = (await functionSettings(`${repoRoot}/supabase/config.toml`)).length;
  const max = Number(Deno.env.get("LUMALEASING_DB_POOL_MAX") || DEFAULT_POOL_MAX) * functions;
  assert.deepEqual(rows.map((r) => r.usename), ["lumaleasing_api"]);
  assert.ok(rows[0].n >= 1 && rows[0].n <= max, `${rows[0].n} connections`);
  console.log(`  24 parallel config requests → 200; the functions hold ${rows[0].n} connection(s) as lumaleasing_api (at most ${max}: a pool per function process)`);
});

Deno.test("pg_net stand-in: net.http_post is performed after commit and its response recorded", opts, async () => {
  const s = await stack();
  const sql = await adminSql();
  const [{ id }] = await sql`select net.http_post(
    url := ${`${s.functionsUrl}/lumaleasing-jobs/no-such-job`},
    body := '{"hello": "world"}'::jsonb,
    headers := ${sql.json({ "Content-Type": "application/json", Authorization: `Bearer ${s.cronSecret}` })}
  ) as id`;
  let row: { status_code: number; content: string } | undefined;
  await waitFor("the response", async () => {
    [row] = await sql`select status_code, content from net._http_response where id = ${id}`;
    return Boolean(row);
  }, 10000);
  assert.equal(row!.status_code, 404);
  assert.match(row!.content, /unknown_job/);
  console.log(`  request ${id} → ${row!.status_code} recorded in net._http_response`);

  await sql.begin(async (tx) => {
    await tx`select net.http_post(url := ${`${s.functionsUrl}/lumaleasing-jobs/rolled-back`})`;
    await tx`rollback and chain`.catch(() => {});
    throw new Error("roll back");
  }).catch(() => {});
  const [{ n }] = await sql`select count(*)::int as n from net.http_request_queue where url like '%rolled-back%'`;
  assert.equal(n, 0);
  console.log("  a rolled-back transaction queues nothing");
});

Deno.test("pg_cron: the jobs are scheduled to call the jobs function with the cron secret", opts, async () => {
  const sql = await adminSql();
  const jobs = await sql`select jobname, schedule, command from cron.job order by jobname`;
  const byName = Object.fromEntries(jobs.map((j) => [j.jobname, j]));
  assert.equal(byName["lumaleasing-reminders"].schedule, "*/15 * * * *");
  assert.equal(byName["lumaleasing-outbox"].schedule, "* * * * *");
  assert.equal(byName["lumaleasing-calendar-health"].schedule, "7 */6 * * *");
  assert.match(byName["lumaleasing-outbox"].command, /lumaleasing\.call_job\('outbox'\)/);
  const [{ secret }] = await sql`select decrypted_secret as secret from vault.decrypted_secrets where name = 'lumaleasing_cron_secret'`;
  assert.equal(secret, (await stack()).cronSecret);
  console.log(`  ${jobs.map((j) => `${j.jobname} (${j.schedule})`).join(", ")}`);
  // Scheduled by the migrations as postgres, so pg_cron runs them as postgres: its call
  // path (Vault, then net.http_post) must work for a role that is no superuser.
  const owners = await sql`select distinct username from cron.job where jobname like 'lumaleasing-%'`;
  assert.deepEqual(owners.map((o) => o.username), ["postgres"]);
  const [{ id }] = await sql.begin((tx) => [tx`set local role postgres`, tx`select lumaleasing.call_job('no-such-job') as id`])
    .then((r) => r[1]);
  assert.ok(id, "call_job queued a request");
  let status: number | undefined;
  await waitFor("the job call's response", async () => {
    [{ status } = { status: undefined }] = await sql`select status_code as status from net._http_response where id = ${id}`;
    return status !== undefined;
  }, 10000);
  assert.equal(status, 404);
  console.log(`  jobs belong to postgres; as postgres, call_job read Vault and queued request ${id} (→ ${status})`);
  await closeAdminSql();
});

Deno.test("gateway: verify_jwt comes from config.toml; local keys are HS256 JWTs", async () => {
  const settings = parseFunctionSettings(`
[functions.lumaleasing]
verify_jwt = false
[functions.private-thing]
# defaults to verifying
[functions.custom]
verify_jwt = true
entrypoint = "./functions/custom/main.ts"
`, "/repo/supabase");
  assert.deepEqual(settings.map((f) => [f.name, f.verifyJwt]), [["lumaleasing", false], ["private-thing", true], ["custom", true]]);
  assert.equal(settings[2].entrypoint, "/repo/supabase/functions/custom/main.ts");
  const secret = "a-local-secret-of-at-least-32-characters!";
  const { anonKey, serviceRoleKey } = await localApiKeys(secret);
  assert.equal((await verifyJwt(anonKey, secret))?.role, "anon");
  assert.equal((await verifyJwt(serviceRoleKey, secret))?.role, "service_role");
  assert.equal(await verifyJwt(anonKey, "another-secret-another-secret-another"), null);
  assert.equal(await verifyJwt(await signJwt({ role: "anon", exp: 1 }, secret), secret), null, "expired");
  assert.equal(await verifyJwt("not.a.jwt", secret), null);
  const s = await stack();
  const res = await fetch(`${s.functionsUrl}/no-such-function`);
  assert.equal(res.status, 404);
  await res.body?.cancel();
  console.log("  verify_jwt parsed per function (default true); anon/service keys verify; forged, expired, malformed refused");
});
