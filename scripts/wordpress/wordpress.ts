// A real local WordPress for development and browser tests: Debian's WordPress package,
// a private MariaDB on a unix socket, PHP's built-in server, and the repository's plugin.
// Everything lives under one state directory; starting again on it reuses what is there.
import { terminate } from "../lib/process.ts";

export interface WordPressOptions {
  /** Port of the web server on 127.0.0.1 (the stack uses 54326). */
  port: number;
  /** Where the database, the WordPress tree and the logs live (e.g. <repo>/.lumaleasing/wordpress). */
  stateDir: string;
  /** A site key (llsk_…) to store in the plugin's settings. */
  siteKey?: string;
  /** The admin's password; by default one is generated once and kept in the state directory. */
  adminPassword?: string;
  /** Progress messages (default: silent). */
  log?: (message: string) => void;
}

export interface WordPressSite {
  url: string;
  adminUser: string;
  adminPassword: string;
  /** A subscriber, for checking that non-admins get nothing from the plugin's routes. */
  subscriberUser: string;
  subscriberPassword: string;
  /** The published "Schedule a tour" page holding the [lumaleasing] shortcode. */
  pageUrl: string;
  /** Settings → LumaLeasing Tours. */
  settingsUrl: string;
  stop(): Promise<void>;
}

const WORDPRESS_SOURCE = "/usr/share/wordpress";
const THEME_SOURCE = `${WORDPRESS_SOURCE}/wp-content/themes/twentytwentythree`;
/** Bump when the way the tree is built changes, so existing state dirs are rebuilt. */
const TREE_LAYOUT = 2;
const ADMIN_USER = "admin";
const SUBSCRIBER_USER = "subscriber";
const DB_NAME = "wordpress";
const DB_USER = "wordpress";

const here = new URL(".", import.meta.url).pathname;
const pluginSource = new URL("../../plugin/lumaleasing", import.meta.url).pathname;

interface Secrets {
  dbPassword: string;
  adminPassword: string;
  subscriberPassword: string;
  salts: Record<string, string>;
}

interface Layout {
  state: string;
  data: string;
  run: string;
  socket: string;
  pidFile: string;
  www: string;
  logs: string;
  secrets: string;
}

export async function startWordPress(opts: WordPressOptions): Promise<WordPressSite> {
  const log = opts.log ?? (() => {});
  const started = Date.now();
  await requireTools();
  const dirs = await prepareLayout(opts.stateDir);
  const secrets = await loadSecrets(dirs, opts.adminPassword);
  const url = `http://127.0.0.1:${opts.port}`;

  await stopStalePhp(dirs);
  if (!portIsFree(opts.port)) {
    throw new Error(`port ${opts.port} is already in use; stop what is listening there or choose another port`);
  }

  log("starting MariaDB");
  const db = await startMariaDb(dirs);
  let php: Managed | undefined;
  try {
    await ensureDatabase(dirs, secrets);
    log("preparing the WordPress tree");
    await ensureTree(dirs);
    await writeConfig(dirs, secrets, url, opts.siteKey);
    log("installing and configuring WordPress");
    const setupInput = {
      www: dirs.www,
      url,
      adminUser: ADMIN_USER,
      adminEmail: "admin@example.test",
      adminPassword: secrets.adminPassword,
      subscriberUser: SUBSCRIBER_USER,
      subscriberPassword: secrets.subscriberPassword,
      siteKey: opts.siteKey ?? "",
    };
    await runSetup("install", setupInput);
    const configured = await runSetup("configure", setupInput);
    if (configured.siteKeyVerified === false) {
      log("the site key was stored without the backend confirming it (is the backend running?)");
    }

    log(`starting PHP on ${url}`);
    php = await startPhp(dirs, opts.port);
    await waitUntil(`WordPress at ${url}`, async () => {
      const res = await fetch(`${url}/wp-login.php`, { redirect: "manual" });
      await res.body?.cancel();
      return res.status === 200;
    }, 30_000, php.exited);

    await recordPhpPids(dirs, php);
    log(`WordPress ready in ${Date.now() - started} ms`);
    const phpProcess = php;
    let stopping: Promise<void> | undefined;
    return {
      url,
      adminUser: ADMIN_USER,
      adminPassword: secrets.adminPassword,
      subscriberUser: SUBSCRIBER_USER,
      subscriberPassword: secrets.subscriberPassword,
      pageUrl: String(configured.pageUrl ?? `${url}/schedule-a-tour/`),
      settingsUrl: `${url}/wp-admin/options-general.php?page=lumaleasing`,
      stop() {
        stopping ??= (async () => {
          await phpProcess.stop();
          await db.stop();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await php?.stop();
    await db.stop();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------
// Layout, secrets, tools

async function requireTools() {
  const missing: string[] = [];
  for (const tool of ["/usr/sbin/mariadbd", "/usr/bin/mariadb-install-db", "/usr/bin/mariadb", "/usr/bin/mariadb-admin"]) {
    if (!(await exists(tool))) missing.push(tool);
  }
  if (!(await which("php"))) missing.push("php");
  if (!(await exists(`${WORDPRESS_SOURCE}/wp-settings.php`))) missing.push(WORDPRESS_SOURCE);
  if (!(await exists(THEME_SOURCE))) missing.push(THEME_SOURCE);
  if (missing.length) {
    throw new Error(
      `the local WordPress needs Debian's packages (missing: ${missing.join(", ")}); run scripts/bootstrap.sh as root`,
    );
  }
}

async function prepareLayout(stateDir: string): Promise<Layout> {
  const state = absolute(stateDir);
  const run = `${state}/run`;
  // Unix socket paths are limited to about 107 bytes; long state paths get one in the temp dir.
  let socket = `${run}/mariadb.sock`;
  if (new TextEncoder().encode(socket).length > 100) {
    socket = `${Deno.env.get("TMPDIR") ?? "/tmp"}/lumaleasing-${(await sha256(state)).slice(0, 16)}.sock`;
  }
  const dirs: Layout = {
    state,
    data: `${state}/mariadb`,
    run,
    socket,
    pidFile: `${run}/mariadb.pid`,
    www: `${state}/www`,
    logs: `${state}/logs`,
    secrets: `${state}/secrets.json`,
  };
  for (const dir of [state, dirs.run, dirs.www, dirs.logs]) {
    await Deno.mkdir(dir, { recursive: true });
  }
  // MariaDB may run as another user, who must be able to reach its directories.
  await Deno.chmod(state, 0o755);
  return dirs;
}

async function loadSecrets(dirs: Layout, adminPassword?: string): Promise<Secrets> {
  let secrets: Secrets | undefined;
  try {
    secrets = JSON.parse(await Deno.readTextFile(dirs.secrets)) as Secrets;
  } catch { /* first start */ }
  const saltNames = [
    "AUTH_KEY",
    "SECURE_AUTH_KEY",
    "LOGGED_IN_KEY",
    "NONCE_KEY",
    "AUTH_SALT",
    "SECURE_AUTH_SALT",
    "LOGGED_IN_SALT",
    "NONCE_SALT",
  ];
  const next: Secrets = {
    dbPassword: secrets?.dbPassword ?? randomToken(24),
    adminPassword: adminPassword ?? secrets?.adminPassword ?? randomToken(18),
    subscriberPassword: secrets?.subscriberPassword ?? randomToken(18),
    salts: Object.fromEntries(saltNames.map((name) => [name, secrets?.salts?.[name] ?? randomToken(48)])),
  };
  if (JSON.stringify(next) !== JSON.stringify(secrets)) {
    await Deno.writeTextFile(dirs.secrets, JSON.stringify(next, null, 2) + "\n", { mode: 0o600 });
  }
  return next;
}

// ---------------------------------------------------------------------------------------
// MariaDB

async function startMariaDb(dirs: Layout): Promise<Managed> {
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
async function stopStaleMariaDb(dirs: Layout) {
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
async function mariaDbUser(dirs: Layout): Promise<string> {
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

async function chownTo(user: string, path: string) {
  if (user === "root" || Deno.uid() !== 0) return;
  await run("chown", ["-R", `${user}:`, path]);
}

async function ensureDatabase(dirs: Layout, secrets: Secrets) {
  const sql = [
    `CREATE DATABASE IF NOT EXISTS \`${DB_NAME}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`,
    `CREATE USER IF NOT EXISTS '${DB_USER}'@'localhost' IDENTIFIED BY '${secrets.dbPassword}';`,
    `ALTER USER '${DB_USER}'@'localhost' IDENTIFIED BY '${secrets.dbPassword}';`,
    `GRANT ALL PRIVILEGES ON \`${DB_NAME}\`.* TO '${DB_USER}'@'localhost';`,
  ].join("\n");
  await run("mariadb", ["--no-defaults", `--socket=${dirs.socket}`, "-uroot", "-e", sql]);
}

// ---------------------------------------------------------------------------------------
// WordPress tree and configuration

/**
 * A private copy of Debian's WordPress (hard links where possible): WordPress finds its
 * wp-config.php next to its own files, so a symlinked tree would load Debian's instead.
 */
async function ensureTree(dirs: Layout) {
  const version = await Deno.readTextFile(`${WORDPRESS_SOURCE}/wp-includes/version.php`);
  const stamp = `${dirs.www}/.lumaleasing-source`;
  const wanted = (await sha256(`${TREE_LAYOUT}\n${version}`)).slice(0, 32);
  const current = await Deno.readTextFile(stamp).catch(() => "");
  if (current.trim() !== wanted) {
    for await (const entry of Deno.readDir(dirs.www)) {
      if (entry.name === "wp-content" || entry.name === "wp-config.php") continue;
      await Deno.remove(`${dirs.www}/${entry.name}`, { recursive: true });
    }
    const sources: string[] = [];
    for await (const entry of Deno.readDir(WORDPRESS_SOURCE)) {
      if (["wp-content", "wp-config.php", ".htaccess"].includes(entry.name)) continue;
      sources.push(`${WORDPRESS_SOURCE}/${entry.name}`);
    }
    const linked = await new Deno.Command("cp", { args: ["-al", ...sources, `${dirs.www}/`], stderr: "null" })
      .output();
    if (!linked.success) await run("cp", ["-a", ...sources, `${dirs.www}/`]);
    await absolutiseSymlinks(WORDPRESS_SOURCE, dirs.www);
    await Deno.writeTextFile(stamp, wanted + "\n");
  }

  const content = `${dirs.www}/wp-content`;
  for (const dir of ["plugins", "themes", "uploads", "upgrade"]) {
    await Deno.mkdir(`${content}/${dir}`, { recursive: true });
  }
  await ensureSymlink(pluginSource, `${content}/plugins/lumaleasing`);
  await ensureSymlink(THEME_SOURCE, `${content}/themes/twentytwentythree`);
}

/**
 * Debian's tree links to shared libraries (underscore, getID3…) with relative symlinks,
 * which break once copied elsewhere: point the copies at the real files.
 */
async function absolutiseSymlinks(source: string, copy: string, relative = "") {
  for await (const entry of Deno.readDir(`${source}${relative}`)) {
    const path = `${relative}/${entry.name}`;
    if (path === "/wp-content") continue;
    if (entry.isSymlink) {
      const target = await Deno.readLink(`${source}${path}`);
      if (target.startsWith("/")) continue;
      const resolved = await Deno.realPath(`${source}${path}`).catch(() => null);
      await Deno.remove(`${copy}${path}`).catch(() => {});
      if (resolved) await Deno.symlink(resolved, `${copy}${path}`);
    } else if (entry.isDirectory) {
      await absolutiseSymlinks(source, copy, path);
    }
  }
}

async function ensureSymlink(target: string, path: string) {
  try {
    if ((await Deno.readLink(path)) === target) return;
    await Deno.remove(path, { recursive: true });
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      await Deno.remove(path, { recursive: true }).catch(() => {});
    }
  }
  await Deno.symlink(target, path);
}

async function writeConfig(dirs: Layout, secrets: Secrets, url: string, siteKey?: string) {
  const accessible = siteKey ? siteKeyHost(siteKey) : undefined;
  const define = (name: string, value: string | boolean) =>
    `define( '${name}', ${typeof value === "boolean" ? String(value) : phpString(value)} );`;
  const lines = [
    "<?php",
    "// Written by scripts/wordpress/wordpress.ts on every start; edits here are lost.",
    define("DB_NAME", DB_NAME),
    define("DB_USER", DB_USER),
    define("DB_PASSWORD", secrets.dbPassword),
    define("DB_HOST", `localhost:${dirs.socket}`),
    define("DB_CHARSET", "utf8mb4"),
    define("DB_COLLATE", ""),
    ...Object.entries(secrets.salts).map(([name, value]) => define(name, value)),
    "$table_prefix = 'wp_';",
    define("WP_HOME", url),
    define("WP_SITEURL", url),
    define("WP_ENVIRONMENT_TYPE", "local"),
    "// Nothing may reach the internet: no cron spawning, no updates, no outside HTTP except the backend.",
    define("DISABLE_WP_CRON", true),
    define("AUTOMATIC_UPDATER_DISABLED", true),
    define("WP_AUTO_UPDATE_CORE", false),
    define("WP_HTTP_BLOCK_EXTERNAL", true),
    ...(accessible ? [define("WP_ACCESSIBLE_HOSTS", accessible)] : []),
    define("FS_METHOD", "direct"),
    define("WP_DEBUG", true),
    define("WP_DEBUG_DISPLAY", false),
    define("WP_DEBUG_LOG", `${dirs.logs}/debug.log`),
    "if ( ! defined( 'ABSPATH' ) ) {",
    "\tdefine( 'ABSPATH', __DIR__ . '/' );",
    "}",
    "require_once ABSPATH . 'wp-settings.php';",
    "",
  ];
  const text = lines.join("\n");
  const path = `${dirs.www}/wp-config.php`;
  if ((await Deno.readTextFile(path).catch(() => "")) !== text) {
    await Deno.writeTextFile(path, text, { mode: 0o640 });
  }
}

/** The backend host named in a site key (for WordPress' outgoing-HTTP allow-list). */
function siteKeyHost(siteKey: string): string | undefined {
  try {
    const payload = siteKey.replace(/\s+/g, "").replace(/^llsk_/, "").replaceAll("-", "+").replaceAll("_", "/");
    const json = JSON.parse(atob(payload + "=".repeat((4 - payload.length % 4) % 4)));
    return new URL(json.url).hostname;
  } catch {
    return undefined; // setup.php reports a malformed key clearly.
  }
}

async function runSetup(phase: "install" | "configure", input: Record<string, unknown>) {
  const out = await new Deno.Command("php", {
    args: ["-d", "display_errors=stderr", `${here}setup.php`, phase],
    env: { LUMALEASING_SETUP: JSON.stringify(input) },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  const last = stdout.trim().split("\n").pop() ?? "";
  let result: Record<string, unknown> = {};
  try {
    result = JSON.parse(last);
  } catch { /* reported below */ }
  if (!out.success || typeof result !== "object" || result === null || "error" in result) {
    throw new Error(
      `WordPress setup (${phase}) failed: ${String(result?.error ?? `exit ${out.code}`)}\n${stdout}\n${stderr}`.trim(),
    );
  }
  return result;
}

// ---------------------------------------------------------------------------------------
// PHP's built-in server

async function startPhp(dirs: Layout, port: number): Promise<Managed> {
  const server = await spawnLogged("php", [
    "-d",
    "memory_limit=256M",
    "-d",
    "display_errors=0",
    "-d",
    "log_errors=1",
    "-d",
    `error_log=${dirs.logs}/php-error.log`,
    "-d",
    "upload_max_filesize=16M",
    "-d",
    "post_max_size=16M",
    "-S",
    `127.0.0.1:${port}`,
    "-t",
    dirs.www,
    `${here}router.php`,
  ], `${dirs.logs}/php-server.log`, {
    // A few workers, so a page and its REST calls do not queue behind each other.
    PHP_CLI_SERVER_WORKERS: "3",
  });
  return server;
}

/** Notes the server's pids (with its workers, which outlive a killed parent) for stopStalePhp. */
async function recordPhpPids(dirs: Layout, server: Managed) {
  const pids = [server.pid, ...await childPids(server.pid)];
  await Deno.writeTextFile(`${dirs.run}/php.pid`, pids.join("\n") + "\n");
}

/** A PHP server left behind by a run that did not stop cleanly holds the port: end it. */
async function stopStalePhp(dirs: Layout) {
  const pidFile = `${dirs.run}/php.pid`;
  const pids = (await Deno.readTextFile(pidFile).catch(() => "")).split("\n").map(Number)
    .filter((pid) => Number.isInteger(pid) && pid > 1);
  await Deno.remove(pidFile).catch(() => {});
  const ours: number[] = [];
  for (const pid of pids) {
    // Only a PHP server of this state directory, never a process that reused the pid.
    const cmdline = (await Deno.readTextFile(`/proc/${pid}/cmdline`).catch(() => "")).split("\0");
    if (cmdline.includes(`${here}router.php`) && cmdline.includes(dirs.www)) ours.push(pid);
  }
  for (const pid of ours) {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch { /* gone */ }
  }
  for (const pid of ours) {
    await waitUntil("the previous PHP server to stop", async () => !(await alive(pid)), 10_000);
  }
}

// ---------------------------------------------------------------------------------------
// Processes

interface Managed {
  pid: number;
  exited: () => boolean;
  stop(): Promise<void>;
}

/** Starts a long-running process with its output appended to a log file. */
async function spawnLogged(cmd: string, args: string[], logFile: string, env?: Record<string, string>): Promise<Managed> {
  const file = await Deno.open(logFile, { create: true, append: true, write: true });
  const child = new Deno.Command(cmd, { args, env, stdin: "null", stdout: "piped", stderr: "piped" }).spawn();
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) {
      let written = 0;
      while (written < chunk.length) written += await file.write(chunk.subarray(written));
    }
  };
  const drained = Promise.all([pump(child.stdout), pump(child.stderr)]).catch(() => {}).finally(() => file.close());
  let exited = false;
  void child.status.then(() => (exited = true));
  let stopping: Promise<void> | undefined;
  return {
    pid: child.pid,
    exited: () => exited,
    stop() {
      stopping ??= (async () => {
        if (!exited) {
          const workers = await childPids(child.pid);
          await terminate(child, 30_000);
          // PHP's server workers normally leave with their parent; make sure.
          for (const pid of workers) {
            try {
              Deno.kill(pid, "SIGKILL");
            } catch { /* already gone */ }
          }
        }
        await drained;
      })();
      return stopping;
    },
  };
}

async function childPids(parent: number): Promise<number[]> {
  try {
    const text = await Deno.readTextFile(`/proc/${parent}/task/${parent}/children`);
    return text.trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function run(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdin: "null", stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${out.code}):\n${text}`);
  return text;
}

async function output(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "null" }).output();
  return new TextDecoder().decode(out.stdout);
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number, died?: () => boolean) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (died?.()) throw new Error(`${what} exited while starting`);
    try {
      if (await check()) return;
    } catch { /* not yet */ }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

function portIsFree(port: number): boolean {
  try {
    const listener = Deno.listen({ hostname: "127.0.0.1", port });
    listener.close();
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------
// Small helpers

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Whether a process is running (a zombie waiting to be reaped is not). */
async function alive(pid: number): Promise<boolean> {
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`).catch(() => "");
  if (!stat) return false;
  const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  return state !== "Z" && state !== "X";
}

async function which(cmd: string): Promise<boolean> {
  const out = await new Deno.Command("sh", { args: ["-c", `command -v ${cmd}`], stdout: "null", stderr: "null" })
    .output();
  return out.success;
}

async function tail(path: string, lines = 20): Promise<string> {
  const text = await Deno.readTextFile(path).catch(() => "");
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

function absolute(path: string): string {
  const joined = path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
  const parts: string[] = [];
  for (const part of joined.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return "/" + parts.join("/");
}

function randomToken(bytes: number): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...raw)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

function phpString(value: string): string {
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}
