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

Deno.test({ name: "property CLI org: close the database connection", ...opts, fn: async () => await closeAdminSql() });
