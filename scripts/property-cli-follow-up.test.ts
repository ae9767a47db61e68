// The follow-up email from the provisioning CLI: `show` says whether it is on and where
// the apply link goes; `update --follow-up-email on|off --apply-url URL` changes them, and
// refuses (one line per flag, nothing written) "on" without an https link or a bad value.
import assert from "node:assert/strict";
import { adminSql, closeAdminSql, createTestProperty } from "./lib/test-support.ts";
import { cli, cliJson } from "./lib/property-cli-run.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const APPLY = "https://apply.example.com/birch";

Deno.test("property CLI: --follow-up-email on|off with --apply-url; show prints both; bad flags refused, nothing written", opts, async () => {
  const p = await createTestProperty();
  const sql = await adminSql();
  const row = async () => ({ ...(await sql`select follow_up_email, apply_url from public.properties where id = ${p.id}`)[0] });

  const shown = await cli("show", "--property", p.id);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /follow-up\s+off/);
  assert.match(shown.stdout, /apply link\s+—/);

  const noLink = await cli("update", "--property", p.id, "--follow-up-email", "on");
  assert.equal(noLink.code, 1);
  assert.match(noLink.stderr, /--apply-url: Give the apply link/);
  const bad = await cliJson("update", "--property", p.id, "--follow-up-email", "yes", "--apply-url", "http://apply.example.com/");
  assert.equal(bad.doc.error.code, "invalid_settings");
  assert.deepEqual(Object.keys(bad.doc.error.fields).sort(), ["--apply-url", "--follow-up-email"]);
  assert.deepEqual(await row(), { follow_up_email: false, apply_url: null }, "nothing written");

  const on = await cliJson("update", "--property", p.name, "--follow-up-email", "on", "--apply-url", APPLY);
  assert.equal(on.doc.success, true, JSON.stringify(on.doc));
  assert.deepEqual(on.doc.changed.sort(), ["applyUrl", "followUpEmail"]);
  assert.deepEqual(await row(), { follow_up_email: true, apply_url: APPLY });
  const showJson = await cliJson("show", "--property", p.id);
  assert.equal(showJson.doc.settings.followUpEmail, true);
  assert.equal(showJson.doc.settings.applyUrl, APPLY);
  const human = await cli("show", "--property", p.id);
  assert.match(human.stdout, /follow-up\s+on/);
  assert.ok(human.stdout.includes(APPLY));

  const off = await cli("update", "--property", p.id, "--follow-up-email", "off");
  assert.equal(off.code, 0, off.stderr);
  assert.match(off.stdout, /Updated follow-up-email/);
  assert.deepEqual(await row(), { follow_up_email: false, apply_url: APPLY }, "off keeps the link for next time");
  console.log(`  show: off/—; on without a link and "yes"/http refused per flag, nothing written; on → ${APPLY}; off keeps the link`);
  await closeAdminSql();
});
