// The local stack's own promises: migrations re-run safely, pg_net's stand-in performs
// queued requests after commit, the gateway's config and JWTs.
import assert from "node:assert/strict";
import { adminSql, closeAdminSql, stack } from "./test-support.ts";
import { migrate } from "./postgres.ts";
import { parseFunctionSettings } from "./supabase-config.ts";
import { localApiKeys, signJwt, verifyJwt } from "./jwt.ts";
import { waitFor } from "./process.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test("migrations: re-running the runner applies nothing twice", opts, async () => {
  const applied: string[] = [];
  await migrate((await stack()).adminDbUrl, (line) => applied.push(line));
  assert.deepEqual(applied, []);
  const sql = await adminSql();
  const versions = await sql`select version from supabase_migrations.schema_migrations order by version`;
  const files = [...Deno.readDirSync(new URL("../../supabase/migrations", import.meta.url))].filter((f) => f.name.endsWith(".sql"));
  assert.equal(versions.length, files.length);
  console.log(`  ${versions.length} migrations recorded; a second run applied none`);
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
