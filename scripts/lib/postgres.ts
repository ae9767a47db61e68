// A throwaway Postgres 15 cluster for the local stack: initdb, pg_cron preloaded,
// Supabase-like prelude, then our migrations (each once, by recorded version) and the seed.
import { repoRoot } from "./config.ts";
import { run } from "./process.ts";

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
    await run(`${PG_BIN}/pg_ctl`, ["-D", link, "stop", "-m", "immediate"]).catch(() => {});
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
  adminUrl: string;
  apiUrl: string;
  stop(): Promise<void>;
}

export async function startCluster(stateDir: string, port: number): Promise<Cluster> {
  await Deno.mkdir(stateDir, { recursive: true });
  const dataDir = await prepareDataDir(stateDir);
  const asUser = isRoot ? ["runuser", "-u", "postgres", "--"] : [];
  const pg = (bin: string, args: string[]) =>
    asUser.length ? run(asUser[0], [...asUser.slice(1), `${PG_BIN}/${bin}`, ...args]) : run(`${PG_BIN}/${bin}`, args);
  await pg("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
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
  const adminUrl = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  const apiUrl = `postgresql://lumaleasing_api:local-only@127.0.0.1:${port}/postgres`;
  return {
    port,
    adminUrl,
    apiUrl,
    async stop() {
      await pg("pg_ctl", ["-D", dataDir, "stop", "-m", "fast", "-w", "-t", "30"]).catch(() => {});
    },
  };
}

export async function psql(url: string, args: string[]) {
  return await run("psql", [url, "-v", "ON_ERROR_STOP=1", "-q", "-X", ...args]);
}

/** Applies supabase/migrations in order, skipping versions already recorded (as the Supabase CLI does). */
export async function migrate(adminUrl: string, log: (line: string) => void = console.log) {
  await psql(adminUrl, ["-c", `create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (version text primary key, name text, statements text[]);`]);
  const applied = new Set(
    (await psql(adminUrl, ["-At", "-c", "select version from supabase_migrations.schema_migrations"]))
      .split("\n").filter(Boolean),
  );
  const files = [...Deno.readDirSync(`${repoRoot}/supabase/migrations`)]
    .map((e) => e.name).filter((n) => /^\d+_.+\.sql$/.test(n)).sort();
  for (const file of files) {
    const [version, ...rest] = file.replace(/\.sql$/, "").split("_");
    if (applied.has(version)) continue;
    const path = `${repoRoot}/supabase/migrations/${file}`;
    await psql(adminUrl, ["-1", "-f", path, "-c",
      `insert into supabase_migrations.schema_migrations (version, name) values ('${version}', '${rest.join("_")}')`]);
    log(`migration applied: ${file}`);
  }
}

export async function applyLocalPrelude(adminUrl: string) {
  await psql(adminUrl, ["-1", "-f", `${repoRoot}/scripts/sql/local-prelude.sql`]);
}

export async function seed(adminUrl: string) {
  await psql(adminUrl, ["-1", "-f", `${repoRoot}/supabase/seed.sql`]);
}

export async function grantLocalApiRole(adminUrl: string) {
  await psql(adminUrl, ["-c", "grant lumaleasing_property, lumaleasing_jobs to lumaleasing_api"]);
}

export { asPostgres };
