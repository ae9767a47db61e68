// A real local WordPress for development and browser tests: Debian's WordPress package
// (Debian 12's 6.1 as installed, or Debian 13's 6.8 fetched into a cache), a private
// MariaDB on a unix socket, PHP's built-in server, and the repository's plugin.
// Everything lives under one state directory; starting again on it reuses what is there.
// Its parts: layout.ts (state, secrets, wp-config.php), mariadb.ts, tree.ts and
// releases.ts (the WordPress files), php-server.ts (setup and web server), processes.ts.
import { loadSecrets, prepareLayout, writeConfig } from "./layout.ts";
import { ensureDatabase, startMariaDb } from "./mariadb.ts";
import { recordPhpPids, runSetup, startPhp, stopStalePhp } from "./php-server.ts";
import { portIsFree } from "../lib/process.ts";
import { exists, type Managed, waitUntil, which } from "./processes.ts";
import { DEFAULT_RELEASE, DEBIAN_WORDPRESS, releaseTree, type WordPressRelease } from "./releases.ts";
import { ensureTree, THEME_SOURCE } from "./tree.ts";

export interface WordPressOptions {
  /** Port of the web server on 127.0.0.1 (the stack uses 54326). */
  port: number;
  /** Where the database, the WordPress tree and the logs live (e.g. <repo>/.lumaleasing/wordpress). */
  stateDir: string;
  /** A site key (llsk_…) to store in the plugin's settings. */
  siteKey?: string;
  /** The admin's password; by default one is generated once and kept in the state directory. */
  adminPassword?: string;
  /** Which WordPress: "6.1" (Debian 12's, the default) or "6.8" (Debian 13's, fetched once). */
  release?: WordPressRelease;
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
  /** The release asked for ("6.1", "6.8") and the exact version running (e.g. 6.8.12). */
  release: WordPressRelease;
  version: string;
  stop(): Promise<void>;
}

const ADMIN_USER = "admin";
const SUBSCRIBER_USER = "subscriber";

export async function startWordPress(opts: WordPressOptions): Promise<WordPressSite> {
  const log = opts.log ?? (() => {});
  const started = Date.now();
  await requireTools();
  const tree = await releaseTree(opts.release ?? DEFAULT_RELEASE, log);
  const dirs = await prepareLayout(opts.stateDir);
  const secrets = await loadSecrets(dirs, opts.adminPassword);
  const url = `http://127.0.0.1:${opts.port}`;

  await stopStalePhp(dirs);
  if (!(await portIsFree(opts.port))) {
    throw new Error(`port ${opts.port} is already in use; stop what is listening there or choose another port`);
  }

  log("starting MariaDB");
  const db = await startMariaDb(dirs);
  let php: Managed | undefined;
  try {
    await ensureDatabase(dirs, secrets);
    log(`preparing the WordPress ${tree.version} tree`);
    await ensureTree(dirs, tree.root);
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
      release: tree.release,
      version: tree.version,
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

async function requireTools() {
  const missing: string[] = [];
  for (const tool of ["/usr/sbin/mariadbd", "/usr/bin/mariadb-install-db", "/usr/bin/mariadb", "/usr/bin/mariadb-admin"]) {
    if (!(await exists(tool))) missing.push(tool);
  }
  if (!(await which("php"))) missing.push("php");
  if (!(await exists(`${DEBIAN_WORDPRESS}/wp-settings.php`))) missing.push(DEBIAN_WORDPRESS);
  if (!(await exists(THEME_SOURCE))) missing.push(THEME_SOURCE);
  if (missing.length) {
    throw new Error(
      `the local WordPress needs Debian's packages (missing: ${missing.join(", ")}); run scripts/bootstrap.sh as root`,
    );
  }
}

