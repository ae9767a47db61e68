// The local WordPress's state directory, its secrets (kept across starts) and the
// wp-config.php written from them on every start.
import { absolute, phpString, randomToken, sha256 } from "./processes.ts";

export const DB_NAME = "wordpress";
export const DB_USER = "wordpress";

export interface Secrets {
  dbPassword: string;
  adminPassword: string;
  subscriberPassword: string;
  salts: Record<string, string>;
}

export interface Layout {
  state: string;
  data: string;
  run: string;
  socket: string;
  pidFile: string;
  www: string;
  logs: string;
  secrets: string;
}

export async function prepareLayout(stateDir: string): Promise<Layout> {
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

export async function loadSecrets(dirs: Layout, adminPassword?: string): Promise<Secrets> {
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

export async function writeConfig(dirs: Layout, secrets: Secrets, url: string, siteKey?: string) {
  const accessible = siteKey ? siteKeyHost(siteKey) : undefined;
  const define = (name: string, value: string | boolean) =>
    `define( '${name}', ${typeof value === "boolean" ? String(value) : phpString(value)} );`;
  const lines = [
    "<?php",
    "// Written by scripts/wordpress/layout.ts on every start; edits here are lost.",
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
export function siteKeyHost(siteKey: string): string | undefined {
  try {
    const payload = siteKey.replace(/\s+/g, "").replace(/^llsk_/, "").replaceAll("-", "+").replaceAll("_", "/");
    const json = JSON.parse(atob(payload + "=".repeat((4 - payload.length % 4) % 4)));
    return new URL(json.url).hostname;
  } catch {
    return undefined; // setup.php reports a malformed key clearly.
  }
}
