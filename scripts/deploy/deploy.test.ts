// deploy:check's own judgement: unknown config keys, inexact versions, the README's commands.
import assert from "node:assert/strict";
import { repoRoot } from "../lib/config.ts";
import { checkConfigToml } from "./config-keys.ts";
import { inexactImports } from "./functions-check.ts";
import { commands, deploySection, secretsRead, secretsSet } from "./readme-walk.ts";

Deno.test("deploy: config.toml keys are checked against the CLI's", () => {
  const ok = checkConfigToml(`project_id = "x"\n[functions.a]\nverify_jwt = false\nentrypoint = "./functions/a/index.ts"\n[edge_runtime]\npolicy = "per_worker"\n`);
  assert.deepEqual(ok.problems, []);
  assert.equal(ok.functions.get("a")?.verify_jwt, "false");
  const bad = checkConfigToml(`[functions.a]\nverify-jwt = false\nverify_jtw = false\n[edge_runtimes]\nx = 1\n`);
  assert.deepEqual(bad.problems.map((p) => p.line), [2, 3, 4, 5]);
  assert.match(bad.problems[1].message, /unknown key "verify_jtw"/);
  const ours = checkConfigToml(Deno.readTextFileSync(`${repoRoot}/supabase/config.toml`));
  assert.deepEqual(ours.problems, []);
  for (const [name, s] of ours.functions) assert.equal(s.import_map, undefined, `${name} still names an import map`);
  console.log(`  a misspelt key and an unknown section are caught; our config.toml (${ours.functions.size} functions) passes`);
});

Deno.test("deploy: only exact npm versions pass", () => {
  assert.deepEqual(inexactImports({ a: "npm:zod@4.6.7", b: "npm:@scope/x@1.2.3", c: "npm:/date-fns-tz@3.2.0/", d: "./local.ts" }), []);
  assert.deepEqual(inexactImports({ a: "npm:zod@^4.6.7", b: "npm:zod", c: "npm:zod@4" }).length, 3);
  for (const fn of ["lumaleasing", "lumaleasing-jobs"]) {
    const config = JSON.parse(Deno.readTextFileSync(`${repoRoot}/supabase/functions/${fn}/deno.json`));
    assert.deepEqual(inexactImports(config.imports), [], fn);
  }
  console.log("  ^ranges, bare names and major-only versions are refused; both functions' deno.json are exact");
});

Deno.test("deploy: the README's deploy commands are read as a newcomer would type them", async () => {
  const section = deploySection("# x\n## Deploying to a hosted Supabase project\n```sh\nsupabase secrets set A=1 \\\n  B='two words' # why\n```\n```sql\nselect 1;\n```\n## Next\n```sh\nsupabase secrets set C=3\n```\n");
  const cmds = commands(section.shell);
  assert.deepEqual([...secretsSet(cmds).entries()], [["A", "1"], ["B", "two words"]]);
  assert.equal(section.sql.length, 1);
  const { read, required } = await secretsRead();
  assert.ok(required.has("TOKEN_ENCRYPTION_KEY") && read.has("GOOGLE_CLIENT_ID"));
  console.log(`  continuations joined, comments dropped, the next section ignored; functions read ${read.size} settings, ${required.size} required`);
});
