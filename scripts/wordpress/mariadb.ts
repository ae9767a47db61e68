// The local WordPress's private MariaDB: one server per state directory, on a unix socket.
import { type Layout, type Secrets, DB_NAME, DB_USER } from "./layout.ts";
import { alive, exists, type Managed, output, run, spawnLogged, tail, waitUntil } from "./processes.ts";

export async function startMariaDb(dirs: Layout): Promise<Managed> {
  await stopStaleMariaDb(dirs);
  const runAs = await mariaDbUser(dirs);
  const marker = `${dirs.data}/.lumaleasing-initialised`;
  if (!(await exists(marker))) {
    await Deno.remove(dirs.data, { recursive: true }).catch(() => {});
    await Deno.mkdir(dirs.data, { recursive: true });
    await chownTo(runAs, dirs.data);
    await run("mariadb-install-db", [
      "--no-defaults",
      `--datadir=${dirs.data}`,
      `--user=${runAs}`,
      "--auth-root-authentication-method=normal",
      "--skip-test-db",
      "--skip-name-resolve",
    ]);
    await Deno.writeTextFile(marker, new Date().toISOString() + "\n");
  }
  await chownTo(runAs, dirs.run);

  const server = await spawnLogged("mariadbd", [
    "--no-defaults",
    `--datadir=${dirs.data}`,
    `--socket=${dirs.socket}`,
    `--pid-file=${dirs.pidFile}`,
    `--user=${runAs}`,
    "--skip-networking",
    "--skip-name-resolve",
    "--skip-log-bin",
    "--performance-schema=OFF",
    "--innodb-buffer-pool-size=64M",
    "--innodb-log-file-size=16M",
    "--character-set-server=utf8mb4",
    "--collation-server=utf8mb4_unicode_ci",
  ], `${dirs.logs}/mariadb.log`);

  try {
    await waitUntil("MariaDB", async () => {
      const out = await new Deno.Command("mariadb-admin", {
        args: ["--no-defaults", `--socket=${dirs.socket}`, "-uroot", "--connect-timeout=2", "ping"],
        stdout: "null",
        stderr: "null",
      }).output();
      return out.success;
    }, 60_000, server.exited);
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n${await tail(`${dirs.logs}/mariadb.log`)}`);
  }
  return server;
}

/** A mariadbd left behind by a run that did not stop cleanly holds the data dir: end it. */
export async function stopStaleMariaDb(dirs: Layout) {
  let pid: number;
  try {
    pid = Number((await Deno.readTextFile(dirs.pidFile)).trim());
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 1) return;
  let cmdline = "";
  try {
    cmdline = (await Deno.readTextFile(`/proc/${pid}/cmdline`)).replaceAll("\0", " ");
  } catch { /* not running */ }
  if (cmdline.includes("mariadbd") && cmdline.includes(`--datadir=${dirs.data}`)) {
    Deno.kill(pid, "SIGTERM");
    await waitUntil("the previous MariaDB to stop", async () => !(await alive(pid)), 60_000);
  }
  await Deno.remove(dirs.pidFile).catch(() => {});
}

/** mariadbd refuses to run as root: as root, use the mysql account when it can reach the data. */
export async function mariaDbUser(dirs: Layout): Promise<string> {
  const me = (await output("id", ["-un"])).trim();
  if (me !== "root") return me;
  const mysqlExists = await new Deno.Command("id", { args: ["-u", "mysql"], stdout: "null", stderr: "null" })
    .output();
  if (!mysqlExists.success) return "root";
  const reachable = await new Deno.Command("runuser", {
    args: ["-u", "mysql", "--", "test", "-x", dirs.state],
    stdout: "null",
    stderr: "null",
  }).output().catch(() => ({ success: false }));
  return reachable.success ? "mysql" : "root";
}

export async function chownTo(user: string, path: string) {
  if (user === "root" || Deno.uid() !== 0) return;
  await run("chown", ["-R", `${user}:`, path]);
}

export async function ensureDatabase(dirs: Layout, secrets: Secrets) {
  const sql = [
    `CREATE DATABASE IF NOT EXISTS \`${DB_NAME}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`,
    `CREATE USER IF NOT EXISTS '${DB_USER}'@'localhost' IDENTIFIED BY '${secrets.dbPassword}';`,
    `ALTER USER '${DB_USER}'@'localhost' IDENTIFIED BY '${secrets.dbPassword}';`,
    `GRANT ALL PRIVILEGES ON \`${DB_NAME}\`.* TO '${DB_USER}'@'localhost';`,
  ].join("\n");
  await run("mariadb", ["--no-defaults", `--socket=${dirs.socket}`, "-uroot", "-e", sql]);
}

