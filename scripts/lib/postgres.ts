// A throwaway Postgres 15 cluster for the local stack, with a hosted project's role model:
// a bootstrap superuser (Supabase's supabase_admin) creates the cluster and applies the
// prelude (the postgres role, extensions, Supabase's roles); the migrations and the seed
// run as `postgres`, which is no superuser (CREATEROLE, BYPASSRLS), each migration once by
// recorded version; the functions log in as their own role, with a password.
import { repoRoot } from "./config.ts";
import { run } from "./process.ts";

/** The cluster's bootstrap superuser, named as on a hosted project. */
export const BOOTSTRAP_SUPERUSER = "supabase_admin";
/** The functions' login (created by a migration; the stack sets its password). */
export const API_LOGIN = "lumaleasing_api";

const PG_BIN = "/usr/lib/postgresql/15/bin";
const isRoot = Deno.uid() === 0;

async function asPostgres(cmd: string, args: string[]) {
  return isRoot ? await run("runuser", ["-u", "postgres", "--", cmd, ...args]) : await run(cmd, args);
}

async function exists(path: string) {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** The data folder; when root, it must be reachable by the postgres user, so it may live in /tmp behind a link. */
async function prepareDataDir(stateDir: string): Promise<string> {
  const link = `${stateDir}/postgres`;
  if (await exists(`${link}/postmaster.pid`)) {
    await asPostgres(`${PG_BIN}/pg_ctl`, ["-D", link, "stop", "-m", "immediate"]).catch(() => {});
  }
  if (await exists(link)) {
    const target = await Deno.realPath(link).catch(() => link);
    await Deno.remove(target, { recursive: true }).catch(() => {});
    await Deno.remove(link, { recursive: true }).catch(() => {});
  }
  if (!isRoot) {
    await Deno.mkdir(link, { recursive: true });
    return link;
  }
  const dir = await Deno.makeTempDir({ prefix: "lumaleasing-pg-" });
  await Deno.chmod(dir, 0o700);
  await run("chown", ["postgres:postgres", dir]);
  await Deno.symlink(dir, link);
  return dir;
}

export interface Cluster {
  port: number;
  /** The bootstrap superuser: the prelude, and tests arranging data. */
  adminUrl: string;
  /** `postgres` (no superuser): migrations, the seed, operators' tools. */
  migrationUrl: string;
  /** The functions' login; its password is `apiPassword`, set by `setLoginPassword` after the migrations. */
  apiUrl: string;
  apiPassword: string;
  stop(): Promise<void>;
}

/**
 * Connections over TCP trust every role but the functions' login, which must present
 * its password (scram-sha-256), as it must through a hosted project's pooler.
 */
async function requireApiPassword(dataDir: string) {
  const file = `${dataDir}/pg_hba.conf`;
  const lines = [
    `host all ${API_LOGIN} 127.0.0.1/32 scram-sha-256`,
    `host all ${API_LOGIN} ::1/128 scram-sha-256`,
  ];
  await Deno.writeTextFile(file, `${lines.join("\n")}\n${await Deno.readTextFile(file)}`);
}

export async function startCluster(stateDir: string, port: number, apiPassword: string): Promise<Cluster> {
  if (!/^[A-Za-z0-9_-]{16,}$/.test(apiPassword)) throw new Error("the functions' password must be 16+ URL-safe characters");
  await Deno.mkdir(stateDir, { recursive: true });
  const dataDir = await prepareDataDir(stateDir);
  const asUser = isRoot ? ["runuser", "-u", "postgres", "--"] : [];
  const pg = (bin: string, args: string[]) =>
    asUser.length ? run(asUser[0], [...asUser.slice(1), `${PG_BIN}/${bin}`, ...args]) : run(`${PG_BIN}/${bin}`, args);
  await pg("initdb", ["-D", dataDir, "-U", BOOTSTRAP_SUPERUSER, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
  await requireApiPassword(dataDir);
  const options = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dataDir}`,
    "-c shared_preload_libraries=pg_cron",
    "-c cron.database_name=postgres",
    "-c cron.timezone=UTC",
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=300",
    "-c timezone=UTC",
  ].join(" ");
  await pg("pg_ctl", ["-D", dataDir, "-l", `${dataDir}/server.log`, "-o", options, "-w", "-t", "60", "start"]);
  return {
    port,
    adminUrl: `postgresql://${BOOTSTRAP_SUPERUSER}@127.0.0.1:${port}/postgres`,
    migrationUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    apiUrl: `postgresql://${API_LOGIN}:${apiPassword}@127.0.0.1:${port}/postgres`,
    apiPassword,
    async stop() {
      await pg("pg_ctl", ["-D", dataDir, "stop", "-m", "fast", "-w", "-t", "30"]).catch(() => {});
    },
  };
}

export async function psql(url: string, args: string[]) {
  return await run("psql", [url, "-v", "ON_ERROR_STOP=1", "-q", "-X", ...args]);
}

/** Applies supabase/migrations in order, skipping versions already recorded (as the Supabase CLI does). */
export async function migrate(url: string, log: (line: string) => void = console.log) {
  await psql(url, ["-c", `create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (version text primary key, name text, statements text[]);`]);
  const applied = new Set(
    (await psql(url, ["-At", "-c", "select version from supabase_migrations.schema_migrations"]))
      .split("\n").filter(Boolean),
  );
  const files = [...Deno.readDirSync(`${repoRoot}/supabase/migrations`)]
    .map((e) => e.name).filter((n) => /^\d+_.+\.sql$/.test(n)).sort();
  for (const file of files) {
    const [version, ...rest] = file.replace(/\.sql$/, "").split("_");
    if (applied.has(version)) continue;
    const path = `${repoRoot}/supabase/migrations/${file}`;
    await psql(url, ["-1", "-f", path, "-c",
      `insert into supabase_migrations.schema_migrations (version, name) values ('${version}', '${rest.join("_")}')`]);
    log(`migration applied: ${file}`);
  }
}

export async function applyLocalPrelude(adminUrl: string) {
  await psql(adminUrl, ["-1", "-f", `${repoRoot}/scripts/sql/local-prelude.sql`]);
}

export async function seed(url: string) {
  await psql(url, ["-1", "-f", `${repoRoot}/supabase/seed.sql`]);
}

/** What a deploy does for the functions' login, as postgres: `alter role … password …`. */
export async function setLoginPassword(url: string, role: string, password: string) {
  if (!/^[a-z_]+$/.test(role) || !/^[A-Za-z0-9_-]+$/.test(password)) throw new Error("unexpected role or password characters");
  await psql(url, ["-c", `alter role ${role} password '${password}'`]);
}

export { asPostgres };
