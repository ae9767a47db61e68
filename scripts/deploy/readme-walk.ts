// Walks the README's "Deploying to a hosted Supabase project" section the way a newcomer
// would, so that section is tested rather than just written: the functions it deploys, the
// secrets it sets (against what the functions read), the pooler URL, and its SQL — run on a
// throwaway Postgres set up like a hosted project (migrations applied as a `postgres` that
// is not a superuser).
import postgres from "postgres";
import { repoRoot } from "../lib/config.ts";
import { functionSettings } from "../lib/supabase-config.ts";
import { API_LOGIN, applyLocalPrelude, migrate, startCluster } from "../lib/postgres.ts";
import { portIsFree } from "../lib/process.ts";

export interface Step {
  ok: boolean;
  line: string;
}

export interface DeploySection {
  shell: string[];
  sql: string[];
}

/** The section's fenced code blocks, shell and SQL, in order. */
export function deploySection(readme: string): DeploySection {
  const start = readme.indexOf("## Deploying to a hosted Supabase project");
  if (start < 0) throw new Error('the README has no "## Deploying to a hosted Supabase project" section');
  const rest = readme.slice(start + 3);
  const end = rest.search(/\n## /);
  const section = end < 0 ? rest : rest.slice(0, end);
  const shell: string[] = [];
  const sql: string[] = [];
  for (const m of section.matchAll(/```(sh|sql)\n([\s\S]*?)```/g)) (m[1] === "sh" ? shell : sql).push(m[2]);
  return { shell, sql };
}

/** Shell lines with their `\` continuations joined and comments dropped. */
export function commands(shell: string[]): string[] {
  return shell.join("\n").replace(/\\\n\s*/g, " ").split("\n").map((l) => l.replace(/\s+#.*$/, "").trim()).filter((l) => l && !l.startsWith("#"));
}

/** NAME=value pairs of every `supabase secrets set` line (values may be quoted). */
export function secretsSet(cmds: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of cmds.filter((c) => c.startsWith("supabase secrets set "))) {
    for (const m of c.matchAll(/([A-Z][A-Z0-9_]*)=("[^"]*"|'[^']*'|\S+)/g)) out.set(m[1], m[2].replace(/^["']|["']$/g, ""));
  }
  return out;
}

/** Secret names the functions read, and those they cannot run without. */
export async function secretsRead(dir = `${repoRoot}/supabase/functions`): Promise<{ read: Set<string>; required: Set<string> }> {
  const read = new Set<string>();
  const required = new Set<string>();
  const walk = async (d: string) => {
    for await (const e of Deno.readDir(d)) {
      const path = `${d}/${e.name}`;
      if (e.isDirectory) await walk(path);
      else if (e.name.endsWith(".ts") && !e.name.includes(".test.") && !e.name.includes("test-support")) {
        const text = await Deno.readTextFile(path);
        for (const m of text.matchAll(/(?:env\.get|envOr\(\s*\w+,|requireEnv\(\s*\w+,|required)\(?\s*"([A-Z][A-Z0-9_]+)"/g)) read.add(m[1]);
        for (const m of text.matchAll(/(?:requireEnv\(\s*\w+,\s*|required\()"([A-Z][A-Z0-9_]+)"/g)) required.add(m[1]);
      }
    }
  };
  await walk(dir);
  return { read, required };
}

/** Names the platform gives every function itself (`supabase secrets set` refuses them). */
const PLATFORM = /^SUPABASE_/;

export async function walkReadmeDeploySection(readmePath: string): Promise<Step[]> {
  const steps: Step[] = [];
  const { shell, sql } = deploySection(await Deno.readTextFile(readmePath));
  const cmds = commands(shell);

  // 1. Every function in config.toml is deployed.
  const fns = (await functionSettings(`${repoRoot}/supabase/config.toml`)).map((f) => f.name);
  const deployed = new Set(cmds.filter((c) => c.startsWith("supabase functions deploy")).flatMap((c) => c.split(/\s+/).slice(3).filter((w) => !w.startsWith("-"))));
  for (const fn of fns) steps.push({ ok: deployed.has(fn), line: `supabase functions deploy ${fn}` });
  steps.push({ ok: cmds.some((c) => c.startsWith("supabase db push")), line: "supabase db push applies the migrations" });

  // 2. The secrets it sets are the ones the functions read, and none they need is missing.
  const set = secretsSet(cmds);
  const { read, required } = await secretsRead();
  for (const name of set.keys()) {
    steps.push({ ok: read.has(name) && !PLATFORM.test(name), line: `secret ${name} is one the functions read${PLATFORM.test(name) ? " (but SUPABASE_* is the platform's)" : ""}` });
  }
  for (const name of [...required].filter((n) => !PLATFORM.test(n)).sort()) {
    steps.push({ ok: set.has(name), line: `required secret ${name} is set by the section` });
  }

  // 3. The database URL goes through the transaction pooler as the functions' own login.
  const dbUrl = set.get("LUMALEASING_DB_URL");
  if (!dbUrl) steps.push({ ok: false, line: "LUMALEASING_DB_URL (the pooler URL of the functions' login) is set" });
  else {
    const url = new URL(dbUrl.replace(/<([a-z-]+)>/g, "$1"));
    const role = decodeURIComponent(url.username).split(".")[0];
    steps.push({ ok: url.port === "6543", line: `LUMALEASING_DB_URL uses the transaction pooler (port ${url.port || "default"})` });
    steps.push({ ok: role !== "postgres", line: `LUMALEASING_DB_URL logs in as ${role}, not postgres` });
  }

  // 4. Its SQL runs on a database set up like a hosted project's.
  steps.push(...await runSqlLikeHosted(sql));
  return steps;
}

/** Placeholders such as <ref> or <the same CRON_SECRET> become sample values. */
function fillPlaceholders(sql: string): string {
  return sql.replace(/<ref>/g, "abcdefghijklmnopqrst").replace(/<[^>\n]+>/g, "sample-value-for-the-check");
}

async function runSqlLikeHosted(blocks: string[]): Promise<Step[]> {
  const steps: Step[] = [];
  const dir = await Deno.makeTempDir({ prefix: "lumaleasing-deploy-db-" });
  let port = 15900;
  while (!(await portIsFree(port))) port++;
  const cluster = await startCluster(dir, port, "not-the-password-the-readme-sets");
  try {
    await applyLocalPrelude(cluster.adminUrl);
    // As on a hosted project: migrations and the SQL editor run as postgres, not a superuser.
    await migrate(cluster.migrationUrl, () => {});
    const sql = postgres(cluster.migrationUrl, { max: 1, onnotice: () => {} });
    let loginPassword: string | undefined;
    try {
      const available = new Set((await sql`select name from pg_available_extensions`).map((r) => r.name as string));
      for (const block of blocks) {
        for (const statement of fillPlaceholders(block).split(/;\s*\n/).map((s) => s.trim()).filter((s) => s && !/^--/.test(s))) {
          const ext = statement.match(/create extension (?:if not exists )?(\w+)/i)?.[1];
          if (ext && !available.has(ext)) {
            steps.push({ ok: true, line: `${statement.split("\n")[0]} — skipped here: ${ext} is not installable on this machine (the local stand-in provides it)` });
            continue;
          }
          loginPassword ??= statement.match(new RegExp(`alter role ${API_LOGIN} (?:with )?(?:login )?password '([^']+)'`, "i"))?.[1];
          try {
            await sql.unsafe(statement);
            steps.push({ ok: true, line: `runs: ${statement.split("\n")[0].slice(0, 100)}` });
          } catch (err) {
            steps.push({ ok: false, line: `${statement.split("\n")[0].slice(0, 100)} — ${err instanceof Error ? err.message : err}` });
          }
        }
      }
      // What pg_cron's calls read must now be there.
      const names = (await sql`select name from vault.decrypted_secrets`).map((r) => r.name as string);
      for (const name of ["lumaleasing_functions_url", "lumaleasing_cron_secret"]) {
        steps.push({ ok: names.includes(name), line: `Vault holds ${name} for the scheduled jobs` });
      }
      // The functions' login works with the password the section set, through a request role.
      if (loginPassword) {
        const url = new URL(cluster.migrationUrl);
        url.username = API_LOGIN;
        url.password = loginPassword;
        const login = postgres(url.toString(), { max: 1, onnotice: () => {}, connect_timeout: 5 });
        try {
          const [row] = await login.begin(async (tx) => {
            await tx`set local role lumaleasing_property`;
            return await tx`select current_user as who`;
          });
          steps.push({ ok: row.who === "lumaleasing_property", line: `${API_LOGIN} logs in with the password the section set and switches to a request role` });
        } catch (err) {
          steps.push({ ok: false, line: `${API_LOGIN} cannot log in with the section's password: ${err instanceof Error ? err.message : err}` });
        } finally {
          await login.end({ timeout: 2 });
        }
      } else steps.push({ ok: false, line: `the section sets a password for ${API_LOGIN} (alter role … password)` });
    } finally {
      await sql.end({ timeout: 2 });
    }
  } finally {
    await cluster.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
  return steps;
}
