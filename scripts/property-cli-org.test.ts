// The provisioning CLI's organizations: create prints the portfolio key once (only its hash
// is stored), rotate-key retires the old one, properties join and leave an organization,
// and bad input changes nothing.
import assert from "node:assert/strict";
import { adminSql, closeAdminSql } from "./lib/test-support.ts";
import { sha256Hex } from "../supabase/functions/_shared/adapters/crypto.ts";
import { cli, cliJson } from "./lib/property-cli-run.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test("property CLI: org create, list, rotate-key; properties join and leave", opts, async () => {
  const sql = await adminSql();
  const name = `CLI Org ${crypto.randomUUID().slice(0, 6)}`;
  const created = await cli("org", "create", "--name", name);
  assert.equal(created.code, 0, created.stderr);
  const key = created.stdout.match(/portfolio key\s+(llpk_\S+)/)![1];
  const [org] = await sql`select id from public.organizations where name = ${name}`;
  const [stored] = await sql`select key_hash from public.portfolio_keys where organization_id = ${org.id} and revoked_at is null`;
  assert.equal(stored.key_hash, await sha256Hex(key), "only the key's hash is stored");
  const dump = JSON.stringify(await sql`select * from public.portfolio_keys where organization_id = ${org.id}`);
  assert.ok(!dump.includes(key), "the key itself is not stored");

  const dup = await cliJson("org", "create", "--name", name.toUpperCase());
  assert.equal(dup.code, 1);
  assert.equal(dup.doc.error.code, "organization_exists");

  const propName = `CLI Org Property ${crypto.randomUUID().slice(0, 6)}`;
  const prop = await cliJson("create", "--name", propName, "--timezone", "America/Chicago", "--org", name);
  assert.equal(prop.code, 0, prop.stderr);
  assert.equal(prop.doc.organization.id, org.id);
  const [p] = await sql`select id, organization_id from public.properties where name = ${propName}`;
  assert.equal(p.organization_id, org.id);

  const listed = await cliJson("org", "list");
  const row = listed.doc.organizations.find((o: { id: string }) => o.id === org.id);
  assert.equal(row.properties, 1);
  assert.equal(row.portfolioKeyHint, `${key.slice(0, 9)}…${key.slice(-4)}`);

  const rotated = await cliJson("org", "rotate-key", "--org", org.id);
  assert.equal(rotated.code, 0, rotated.stderr);
  assert.notEqual(rotated.doc.portfolioKey, key);
  const keys = await sql`select key_hash, revoked_at from public.portfolio_keys where organization_id = ${org.id} order by created_at`;
  assert.equal(keys.length, 2);
  assert.ok(keys.find((k) => k.key_hash === (keys[0].key_hash) && k.revoked_at), "the first key is revoked");
  const [live] = await sql`select lumaleasing.resolve_portfolio_key(${await sha256Hex(rotated.doc.portfolioKey)}) as org,
    lumaleasing.resolve_portfolio_key(${await sha256Hex(key)}) as old`;
  assert.equal(live.org, org.id);
  assert.equal(live.old, null, "the old key resolves to nothing");

  const left = await cliJson("update", "--property", propName, "--org", "");
  assert.equal(left.code, 0, left.stderr);
  assert.equal(left.doc.organization, null);
  const joined = await cliJson("update", "--property", propName, "--org", name, "--tour-length", "45");
  assert.equal(joined.code, 0, joined.stderr);
  assert.deepEqual(joined.doc.changed, ["tourMinutes"]);
  const [after] = await sql`select organization_id, tour_minutes from public.properties where id = ${p.id}`;
  assert.equal(after.organization_id, org.id);
  assert.equal(after.tour_minutes, 45);

  const unknown = await cliJson("update", "--property", propName, "--org", "No Such Org", "--tour-length", "60");
  assert.equal(unknown.doc.error.code, "organization_not_found");
  const [unchanged] = await sql`select tour_minutes from public.properties where id = ${p.id}`;
  assert.equal(unchanged.tour_minutes, 45, "a refused update writes nothing");
  const noName = await cliJson("org", "create");
  assert.equal(noName.doc.error.code, "missing_argument");
  const badSub = await cliJson("org", "delete");
  assert.equal(badSub.doc.error.code, "invalid_arguments");
  console.log(`org CLI: key printed once and hashed, rotation retires the old key, property joined/left/rejoined ${name}; refusals wrote nothing`);
});

Deno.test("property CLI: metrics prints the same numbers as the routes, per organization and property", opts, async () => {
  const sql = await adminSql();
  const tag = crypto.randomUUID().slice(0, 6);
  const org = (await cliJson("org", "create", "--name", `CLI Metrics Org ${tag}`)).doc.organization;
  const ids: string[] = [];
  for (const n of [1, 2]) {
    const made = await cliJson("create", "--name", `CLI Metrics ${tag} ${n}`, "--timezone", "America/Chicago", "--org", org.id);
    ids.push(made.doc.property.id);
  }
  // Property 1: 9 of 10 booking attempts answered 201; property 2: 1 of 2 (and a 422, not counted).
  for (const [id, outcomes] of [[ids[0], [...Array(9).fill("201"), "409"]], [ids[1], ["201", "5xx", "422"]]] as const) {
    for (const [i, outcome] of outcomes.entries()) {
      await sql`insert into public.metric_events (property_id, kind, outcome, detail, at)
        values (${id}, 'booking_attempt', ${outcome}, 'widget', ${new Date(Date.UTC(2026, 9, 10, 12, i))})`;
    }
  }
  const period = ["--from", "2026-10-01", "--to", "2026-10-31"];
  const whole = await cliJson("metrics", "--org", org.name, ...period);
  assert.equal(whole.code, 0, whole.stderr);
  const booking = whole.doc.metrics.find((m: { metric: string }) => m.metric === "booking_success");
  assert.deepEqual([booking.numerator, booking.denominator, booking.value, booking.state], [10, 12, 83.33, "fail"]);
  assert.equal(whole.doc.metrics.length, 9);
  const one = await cliJson("metrics", "--property", ids[0], ...period);
  const own = one.doc.metrics.find((m: { metric: string }) => m.metric === "booking_success");
  assert.deepEqual([own.numerator, own.denominator, own.state], [9, 10, "fail"], "90 % is under the 95 % target");
  const human = await cli("metrics", "--org", org.id, ...period);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /booking_success\s+83\.33 %\s+target > 95\s+FAIL\s+\(10\/12\)/);
  assert.match(human.stdout, /google_api_success\s+—\s+target > 99\.5\s+NO_DATA/);
  const weekly = await cliJson("metrics", "--org", org.id, "--weeks", "2");
  assert.equal(weekly.doc.weeks.length, 2);
  assert.equal((await cliJson("metrics", "--org", org.id, "--property", ids[0])).doc.error.code, "invalid_arguments");
  assert.equal((await cliJson("metrics", "--from", "2026-10-31", "--to", "2026-10-01")).doc.error.code, "invalid_period");
  assert.equal((await cliJson("metrics", "--weeks", "0")).doc.error.code, "invalid_weeks");
  console.log(`metrics CLI: organization 10/12 = 83.33 % FAIL, property 9/10 FAIL, weekly 2 weeks, three refusals`);
});

Deno.test({ name: "property CLI org: close the database connection", ...opts, fn: async () => await closeAdminSql() });

Deno.test("property CLI: an organization's operations email and Portfolio page (create, update, show, list; bad input writes nothing)", opts, async () => {
  const sql = await adminSql();
  const name = `CLI Ops Org ${crypto.randomUUID().slice(0, 6)}`;
  const created = await cliJson("org", "create", "--name", name, "--ops-email", "Ops@Acme.example");
  assert.equal(created.code, 0, created.stderr);
  assert.equal(created.doc.operationsEmail, "ops@acme.example");
  const id = created.doc.organization.id;

  const bad = await cliJson("org", "update", "--org", name, "--ops-email", "not-an-email", "--portfolio-url", "ftp://x", "--name", "Renamed");
  assert.equal(bad.code, 1);
  assert.equal(bad.doc.error.code, "invalid_input");
  assert.deepEqual(Object.keys(bad.doc.error.fields).sort(), ["ops-email", "portfolio-url"]);
  const [unchanged] = await sql`select name, operations_email from public.organizations where id = ${id}`;
  assert.deepEqual({ ...unchanged }, { name, operations_email: "ops@acme.example" }, "a refused update writes nothing");

  const url = "https://acme.example/wp-admin/admin.php?page=lumaleasing-portfolio";
  const updated = await cliJson("org", "update", "--org", id, "--ops-email", "noc@acme.example", "--portfolio-url", url);
  assert.equal(updated.code, 0, updated.stderr);
  assert.deepEqual(updated.doc.changed, ["operationsEmail", "portfolioUrl"]);
  const shown = await cli("org", "show", "--org", name);
  assert.match(shown.stdout, /operations email noc@acme\.example/);
  assert.ok(shown.stdout.includes(url));
  const listed = await cliJson("org", "list");
  const row = listed.doc.organizations.find((o: { id: string }) => o.id === id);
  assert.equal(row.operationsEmail, "noc@acme.example");
  assert.equal(row.portfolioUrl, url);

  const cleared = await cliJson("org", "update", "--org", id, "--ops-email", "");
  assert.equal(cleared.code, 0, cleared.stderr);
  const [after] = await sql`select operations_email, portfolio_url from public.organizations where id = ${id}`;
  assert.deepEqual({ ...after }, { operations_email: null, portfolio_url: url });
  console.log(`org ops email: set on create (lower-cased), refused bad email and URL with nothing written, updated, shown, listed, cleared — ${name}`);
  await closeAdminSql();
});
