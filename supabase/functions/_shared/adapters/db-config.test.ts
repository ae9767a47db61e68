// Which login the functions use and how many connections each isolate keeps.
import assert from "node:assert/strict";
import { DEFAULT_POOL_MAX, dbConfig, loginOf } from "./db-config.ts";

const env = (vars: Record<string, string>) => ({ get: (name: string) => vars[name] });
const POOLER = "postgres://lumaleasing_api.abcdefghijklmnopqrst:s3cret@aws-0-us-east-1.pooler.supabase.com:6543/postgres";
const DIRECT = "postgresql://postgres:pw@db.abcdefghijklmnopqrst.supabase.co:5432/postgres";

Deno.test("db config: LUMALEASING_DB_URL comes before SUPABASE_DB_URL, without a warning", () => {
  const c = dbConfig(env({ LUMALEASING_DB_URL: POOLER, SUPABASE_DB_URL: DIRECT }));
  assert.equal(c.url, POOLER);
  assert.equal(c.source, "LUMALEASING_DB_URL");
  assert.equal(c.login, "lumaleasing_api");
  assert.equal(c.warning, undefined);
  assert.equal(c.max, DEFAULT_POOL_MAX);
  assert.ok(c.max >= 1 && c.max <= 3);
  assert.ok(c.idleTimeoutSeconds > 0 && c.connectTimeoutSeconds > 0);
  console.log(`  pooler URL as ${c.login}: max ${c.max}, idle ${c.idleTimeoutSeconds} s, connect ${c.connectTimeoutSeconds} s, no warning`);
});

Deno.test("db config: only SUPABASE_DB_URL → it is used, with a warning that postgres bypasses RLS", () => {
  const c = dbConfig(env({ SUPABASE_DB_URL: DIRECT }));
  assert.equal(c.url, DIRECT);
  assert.equal(c.source, "SUPABASE_DB_URL");
  assert.equal(c.login, "postgres");
  assert.match(c.warning ?? "", /LUMALEASING_DB_URL is not set/);
  assert.match(c.warning ?? "", /bypasses row-level security/);
  assert.match(c.warning ?? "", /set local role/);
  const blank = dbConfig(env({ LUMALEASING_DB_URL: "  ", SUPABASE_DB_URL: DIRECT }));
  assert.equal(blank.source, "SUPABASE_DB_URL", "a blank LUMALEASING_DB_URL counts as unset");
  console.log(`  fallback warns: "${c.warning!.slice(0, 80)}…"`);
});

Deno.test("db config: LUMALEASING_DB_URL naming postgres (direct or pooler) is warned about too", () => {
  assert.match(dbConfig(env({ LUMALEASING_DB_URL: DIRECT })).warning ?? "", /logs in as postgres/);
  const pooled = "postgres://postgres.abcdefghijklmnopqrst:pw@aws-0-eu-west-1.pooler.supabase.com:6543/postgres";
  assert.match(dbConfig(env({ LUMALEASING_DB_URL: pooled })).warning ?? "", /logs in as postgres/);
  console.log("  a privileged login under our own variable is named in a warning");
});

Deno.test("db config: LUMALEASING_DB_POOL_MAX sets the pool; nonsense is refused with its name", () => {
  assert.equal(dbConfig(env({ LUMALEASING_DB_URL: POOLER, LUMALEASING_DB_POOL_MAX: "1" })).max, 1);
  assert.equal(dbConfig(env({ LUMALEASING_DB_URL: POOLER, LUMALEASING_DB_POOL_MAX: " 8 " })).max, 8);
  for (const bad of ["0", "-1", "2.5", "many", "21"]) {
    assert.throws(() => dbConfig(env({ LUMALEASING_DB_URL: POOLER, LUMALEASING_DB_POOL_MAX: bad })), /LUMALEASING_DB_POOL_MAX/, bad);
  }
  assert.throws(() => dbConfig(env({})), /LUMALEASING_DB_URL is not set/);
  console.log("  1 and 8 accepted; 0, -1, 2.5, many, 21 and no URL at all refused");
});

Deno.test("db config: the login of a connection string, pooler users named by their role", () => {
  assert.equal(loginOf(POOLER), "lumaleasing_api");
  assert.equal(loginOf(DIRECT), "postgres");
  assert.equal(loginOf("postgresql://lumaleasing_api:pw@127.0.0.1:54322/postgres"), "lumaleasing_api");
  assert.equal(loginOf("postgres://we%2Eird:pw@host/db"), "we.ird");
  assert.equal(loginOf("not a url"), "");
  console.log("  role.project-ref → role; plain users as they are; a broken URL → empty");
});
