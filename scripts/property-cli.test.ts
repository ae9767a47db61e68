// The provisioning CLI against the test stack: create, list, rotate-keys, and bad input
// that changes nothing.
import assert from "node:assert/strict";
import { adminSql, closeAdminSql, stack } from "./lib/test-support.ts";
import { decodeSiteKey } from "../supabase/functions/_shared/core/site-key.ts";
import { sha256Hex } from "../supabase/functions/_shared/adapters/crypto.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

async function cli(...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./property-cli.ts", import.meta.url).pathname, ...args],
    env: { LUMALEASING_STACK_FILE: Deno.env.get("LUMALEASING_STACK_FILE") ?? "" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stdout: new TextDecoder().decode(out.stdout), stderr: new TextDecoder().decode(out.stderr) };
}

async function propertyCount() {
  const sql = await adminSql();
  const [{ n }] = await sql`select count(*)::int as n from public.properties`;
  return n as number;
}

Deno.test("property CLI: create prints keys once, stores only hashes, and the keys work", opts, async () => {
  const name = `CLI Court ${crypto.randomUUID().slice(0, 6)}`;
  const res = await cli("create", "--name", name, "--timezone", "America/New_York", "--address", "12 Maple St", "--origin", "https://cli.example");
  assert.equal(res.code, 0, res.stderr);
  const widgetKey = res.stdout.match(/^\s+widget key\s+(\S+)/m)![1];
  const secret = res.stdout.match(/^\s+site secret\s+(\S+)/m)![1];
  const siteKey = decodeSiteKey(res.stdout.match(/site key\s+(\S+)/)![1])!;
  assert.equal(siteKey.widgetKey, widgetKey);
  assert.equal(siteKey.secret, secret);
  assert.equal(siteKey.url, (await stack()).functionsUrl);
  const sql = await adminSql();
  const [p] = await sql`select id, time_zone, address from public.properties where name = ${name}`;
  assert.equal(p.time_zone, "America/New_York");
  assert.equal(siteKey.property, p.id);
  const [k] = await sql`select key_hash, allowed_origins from public.widget_keys where property_id = ${p.id}`;
  assert.equal(k.key_hash, await sha256Hex(widgetKey));
  assert.deepEqual(k.allowed_origins, ["https://cli.example"]);
  const dump = JSON.stringify(await sql`select * from public.site_secrets where property_id = ${p.id}`);
  assert.ok(!dump.includes(secret), "the secret itself is not stored");
  const verify = await fetch(`${siteKey.url}/lumaleasing/admin/verify`, { headers: { authorization: `Bearer ${secret}` } });
  assert.equal((await verify.json()).property.name, name);
  console.log(`  created "${name}"; keys printed once, hashes stored, the site key verifies`);

  const list = await cli("list");
  assert.equal(list.code, 0);
  assert.match(list.stdout, new RegExp(name));

  const rotated = await cli("rotate-keys", "--property", name);
  assert.equal(rotated.code, 0, rotated.stderr);
  const newSecret = rotated.stdout.match(/^\s+site secret\s+(\S+)/m)![1];
  assert.notEqual(newSecret, secret);
  const old = await fetch(`${siteKey.url}/lumaleasing/admin/verify`, { headers: { authorization: `Bearer ${secret}` } });
  assert.equal(old.status, 401);
  await old.body?.cancel();
  const fresh = await fetch(`${siteKey.url}/lumaleasing/admin/verify`, { headers: { authorization: `Bearer ${newSecret}` } });
  assert.equal(fresh.status, 200);
  await fresh.body?.cancel();
  const [k2] = await sql`select allowed_origins from public.widget_keys where property_id = ${p.id} and revoked_at is null`;
  assert.deepEqual(k2.allowed_origins, ["https://cli.example"]);
  console.log("  rotate-keys: the old secret → 401, the new one works, origins kept");
});

Deno.test("property CLI: an unknown zone, a missing name or a duplicate is refused in one line and nothing changes", opts, async () => {
  const before = await propertyCount();
  const cases: Array<[string[], RegExp]> = [
    [["create", "--name", "Zone Test", "--timezone", "Mars/Olympus"], /unknown time zone "Mars\/Olympus"/],
    [["create", "--timezone", "America/Chicago"], /--name is required/],
    [["create", "--name", "Luma Heights", "--timezone", "America/Chicago"], /already exists/],
    [["create", "--name", "X", "--timezone", "America/Chicago", "--origin", "not a url"], /--origin must be/],
    [["frobnicate"], /unknown command/],
    [["rotate-keys", "--property", "No Such Place"], /no property/],
  ];
  for (const [args, message] of cases) {
    const res = await cli(...args);
    assert.equal(res.code, 1, args.join(" "));
    assert.match(res.stderr, message);
    assert.equal(res.stderr.trim().split("\n").length, 1, `one line: ${res.stderr}`);
    console.log(`  ${args.join(" ")} → ${res.stderr.trim()}`);
  }
  assert.equal(await propertyCount(), before);
  await closeAdminSql();
});
