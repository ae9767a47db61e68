// `npm start`: the whole local stack in the foreground — Postgres with pg_cron, the
// functions gateway, the Google and HubSpot emulators, the mail/SMS catcher and WordPress — until
// Ctrl-C or SIGTERM, which stops every child and frees every port.
import { repoRoot, type StackInfo, stackPorts, stateDir, type WordPressSiteInfo } from "./lib/config.ts";
import { API_LOGIN, applyLocalPrelude, migrate, psql, seed, setLoginPassword, startCluster } from "./lib/postgres.ts";
import { type Child, portIsFree, spawnChild, waitFor } from "./lib/process.ts";
import { cleanLeftovers, liveStack, STACK_MARKER } from "./lib/leftovers.ts";
import { processClock } from "../supabase/functions/_shared/adapters/clock.ts";
import { startPgNetWorker } from "./lib/pg-net-worker.ts";
import { localApiKeys } from "./lib/jwt.ts";
import { DEMO } from "./lib/demo.ts";
import { encodeSiteKey } from "../supabase/functions/_shared/core/site-key.ts";
import { base64url, randomToken } from "../supabase/functions/_shared/adapters/crypto.ts";
import { parseReleases, siteStateDir, type WordPressRelease } from "./wordpress/releases.ts";

const ports = stackPorts();
const dir = stateDir();
const lockFile = `${dir}/stack.lock`;
const infoFile = `${dir}/stack.json`;
const quiet = Deno.env.get("LUMALEASING_QUIET") === "1";
const withWordPress = Deno.env.get("LUMALEASING_WORDPRESS") !== "0";
// Which WordPress: "6.1" (Debian 12's, the default), "6.8" (Debian 13's), or "6.1,6.8" for
// a second site on LUMALEASING_WORDPRESS2_PORT, against the same backend and demo property.
let releases: WordPressRelease[];
try {
  releases = parseReleases(Deno.env.get("LUMALEASING_WORDPRESS_VERSION"));
} catch (error) {
  console.error((error as Error).message);
  Deno.exit(2);
}
if (releases.length > 2) {
  console.error("LUMALEASING_WORDPRESS_VERSION names at most two releases (the second runs on LUMALEASING_WORDPRESS2_PORT)");
  Deno.exit(2);
}
const wordpressPorts = [ports.wordpress, ports.wordpress2].slice(0, releases.length);
const log = (line: string) => console.log(line);

await Deno.mkdir(dir, { recursive: true });
const running = await liveStack(lockFile);
if (running) {
  console.error(`The LumaLeasing stack is already running (pid ${running}); stop it first.`);
  Deno.exit(1);
}
// No stack owns this folder: whatever an earlier one left running (it was killed, or
// crashed) is stopped before the ports are checked, so it cannot block this start.
for (const what of await cleanLeftovers(dir)) log(`stopped a leftover of an earlier stack: ${what}`);
for (const [name, port] of Object.entries(ports)) {
  if (name.startsWith("wordpress") && !withWordPress) continue;
  if (name === "wordpress2" && releases.length < 2) continue;
  if (!(await portIsFree(port))) {
    console.error(`Port ${port} (${name}) is already in use; is another stack running? Set LUMALEASING_${name.toUpperCase()}_PORT to move it.`);
    Deno.exit(1);
  }
}
await Deno.writeTextFile(lockFile, String(Deno.pid));
await Deno.remove(infoFile).catch(() => {});
// Everything started from here on carries the marker (see lib/leftovers.ts), and this
// process is the local stack: its clock honours LUMALEASING_NOW like the functions'.
Deno.env.set(STACK_MARKER, dir);
Deno.env.set("LUMALEASING_ENV", "local");

const stops: Array<() => Promise<void>> = [];
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log("stopping the stack…");
  for (const stop of stops.reverse()) await stop().catch((err) => console.error(err));
  await Deno.remove(infoFile).catch(() => {});
  await Deno.remove(lockFile).catch(() => {});
  Deno.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) Deno.addSignalListener(signal, () => shutdown(0));
// Started by npm: npm forwards SIGINT and SIGTERM, but dies of SIGHUP (or SIGKILL) alone.
// When it is gone, so is whoever asked for this stack.
if (Deno.env.get("npm_lifecycle_event")) {
  const parent = Deno.ppid;
  const watch = setInterval(() => {
    if (Deno.ppid !== parent) {
      clearInterval(watch);
      log("npm has gone away;");
      shutdown(0);
    }
  }, 500);
  Deno.unrefTimer(watch);
}

try {
  const started = Date.now();
  const host = "127.0.0.1";
  const functionsBase = `http://${host}:${ports.functions}`;
  const functionsUrl = `${functionsBase}/functions/v1`;
  const mailUrl = `http://${host}:${ports.mail}`;
  const googleUrl = `http://${host}:${ports.google}`;
  const hubspotUrl = `http://${host}:${ports.hubspot}`;
  const wordpressUrl = `http://${host}:${ports.wordpress}`;
  const allowedOrigins = wordpressPorts.flatMap((port) => [`'http://${host}:${port}'`, `'http://localhost:${port}'`]).join(", ");
  const cronSecret = randomToken(24);
  const tokenEncryptionKey = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const jwtSecret = "super-secret-jwt-token-with-at-least-32-characters-long";
  const { anonKey, serviceRoleKey } = await localApiKeys(jwtSecret);

  const cluster = await startCluster(dir, ports.postgres, randomToken(24));
  stops.push(() => cluster.stop());
  // As on a hosted project: the platform's superuser prepares the database, then
  // everything of ours runs as postgres (no superuser), like `supabase db push`.
  await applyLocalPrelude(cluster.adminUrl);
  await migrate(cluster.migrationUrl, quiet ? () => {} : log);
  await seed(cluster.migrationUrl);
  await setLoginPassword(cluster.migrationUrl, API_LOGIN, cluster.apiPassword);
  await psql(cluster.migrationUrl, ["-c", `
    select vault.create_secret('${functionsUrl}', 'lumaleasing_functions_url');
    select vault.create_secret('${cronSecret}', 'lumaleasing_cron_secret');
    update public.widget_keys set allowed_origins = array[${allowedOrigins}]
      where property_id = '${DEMO.propertyId}';
    update public.properties set site_url = '${wordpressUrl}/schedule-a-tour/',
      admin_url = '${wordpressUrl}/wp-admin/options-general.php?page=lumaleasing'
      where id = '${DEMO.propertyId}';`]);

  const env: Record<string, string> = {
    LUMALEASING_ENV: "local",
    LUMALEASING_FUNCTIONS_PORT: String(ports.functions),
    LUMALEASING_JWT_SECRET: jwtSecret,
    SUPABASE_URL: functionsBase,
    // The hosted runtime's SUPABASE_DB_URL logs in as postgres; the functions prefer
    // LUMALEASING_DB_URL, their own login (on a hosted project: the transaction pooler).
    SUPABASE_DB_URL: cluster.migrationUrl,
    LUMALEASING_DB_URL: cluster.apiUrl,
    SUPABASE_ANON_KEY: anonKey,
    SUPABASE_SERVICE_ROLE_KEY: serviceRoleKey,
    PUBLIC_FUNCTIONS_URL: functionsUrl,
    CRON_SECRET: cronSecret,
    TOKEN_ENCRYPTION_KEY: tokenEncryptionKey,
    STATE_SIGNING_SECRET: randomToken(32),
    GOOGLE_CLIENT_ID: "lumaleasing-local.apps.googleusercontent.com",
    GOOGLE_CLIENT_SECRET: "local-client-secret",
    GOOGLE_OAUTH_URL: googleUrl,
    GOOGLE_API_URL: googleUrl,
    HUBSPOT_API_URL: hubspotUrl,
    RESEND_API_URL: mailUrl,
    RESEND_API_KEY: "re_local",
    EMAIL_FROM: "LumaLeasing Tours <tours@lumaleasing.example>",
    TWILIO_API_URL: mailUrl,
    TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000000",
    TWILIO_AUTH_TOKEN: "local",
    TWILIO_FROM: "+13125550100",
  };
  // One clock for the stack: it starts here (LUMALEASING_NOW, LUMALEASING_NOW_FROZEN) and the
  // emulators in this process use it; the gateway owns it from its start (handed the instant
  // it has reached by then) and moves the function processes and the emulators together.
  const clock = processClock();

  // The emulators run in this process; the functions run in their own, like the hosted runtime.
  const emulators = await import("./lib/emulators.ts");
  const google = await emulators.startGoogle(ports.google);
  if (google) stops.push(() => google.close());
  const catcher = await emulators.startMail(ports.mail);
  if (catcher) stops.push(() => catcher.close());
  const hubspot = await emulators.startHubSpot(ports.hubspot);
  if (hubspot) stops.push(() => hubspot.close());
  env.LUMALEASING_CLOCK_FOLLOWERS = [
    google && `${googleUrl}/__control/clock`,
    catcher && `${mailUrl}/__control/clock`,
    hubspot && `${hubspotUrl}/__control/clock`,
  ]
    .filter(Boolean).join(",");
  if (Deno.env.get("LUMALEASING_NOW")) env.LUMALEASING_NOW = clock.now().toISOString();

  const functions: Child = spawnChild("functions", Deno.execPath(), ["run", "-A", `${repoRoot}/scripts/functions-server.ts`], {
    env: { ...Deno.env.toObject(), ...env },
    cwd: repoRoot,
  });
  stops.push(() => functions.stop());
  await waitFor("the functions gateway", async () => {
    const res = await fetch(`${functionsUrl}/lumaleasing/health`);
    await res.body?.cancel();
    return res.ok;
  }, 180000);

  const worker = startPgNetWorker(cluster.adminUrl, quiet ? () => {} : log);
  stops.push(() => worker.stop());

  const setup = await import("./lib/demo-setup.ts");
  await setup.connectDemoCalendars({
    functionsUrl,
    returnUrl: `${wordpressUrl}/wp-admin/options-general.php?page=lumaleasing`,
    enabled: Boolean(google) && Deno.env.get("LUMALEASING_DEMO_CALENDARS") !== "0",
  });

  const siteKey = encodeSiteKey({ url: functionsUrl, property: DEMO.propertyId, widgetKey: DEMO.widgetKey, secret: DEMO.siteSecret });
  const sites: WordPressSiteInfo[] = [];
  if (withWordPress) {
    // Side by side: each has its own MariaDB, tree and PHP server.
    const starting = releases.map((release, i) =>
      emulators.startWordPressIfAvailable({
        port: wordpressPorts[i],
        stateDir: siteStateDir(dir, release),
        siteKey,
        release,
        log: quiet ? undefined : (message) => log(`[wordpress ${release}] ${message}`),
      })
    );
    const settled = await Promise.allSettled(starting);
    for (const [i, result] of settled.entries()) {
      if (result.status !== "fulfilled" || !result.value) continue;
      const wp = result.value;
      stops.push(() => wp.stop());
      sites.push({
        url: wp.url,
        adminUser: wp.adminUser,
        adminPassword: wp.adminPassword,
        release: wp.release,
        version: wp.version,
        stateDir: siteStateDir(dir, releases[i]),
      });
    }
    const failed = settled.find((result) => result.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }
  const wordpress = sites[0];

  const info: StackInfo = {
    ready: true,
    pid: Deno.pid,
    functionsUrl,
    dbUrl: cluster.apiUrl,
    migrationDbUrl: cluster.migrationUrl,
    adminDbUrl: cluster.adminUrl,
    mailUrl: catcher ? mailUrl : undefined,
    googleUrl: google ? googleUrl : undefined,
    hubspotUrl: hubspot ? hubspotUrl : undefined,
    wordpressUrl: wordpress?.url,
    cronSecret,
    tokenEncryptionKey,
    anonKey,
    serviceRoleKey,
    wordpress,
    wordpressSites: sites.length ? sites : undefined,
    demo: { propertyId: DEMO.propertyId, widgetKey: DEMO.widgetKey, siteSecret: DEMO.siteSecret, siteKey, origin: wordpressUrl },
  };
  await Deno.writeTextFile(infoFile, JSON.stringify(info, null, 2));

  log("");
  log(`LumaLeasing Tours is up (${((Date.now() - started) / 1000).toFixed(1)} s).`);
  log(`  Functions         ${functionsUrl}`);
  log(`  Postgres          ${cluster.apiUrl}  (the functions' login)`);
  log(`                    ${cluster.migrationUrl}  (migrations, as on a hosted project)`);
  log(`                    ${cluster.adminUrl}  (superuser)`);
  if (catcher) log(`  Mail/SMS catcher  ${mailUrl}`);
  if (google) log(`  Google emulator   ${googleUrl}`);
  if (hubspot) log(`  HubSpot emulator  ${hubspotUrl}`);
  for (const site of sites) {
    log(`  WordPress ${site.version.padEnd(8)}${site.url}  — demo page: ${site.url}/schedule-a-tour/`);
    log(`  WordPress admin   ${site.url}/wp-admin/  user "${site.adminUser}", password "${site.adminPassword}"`);
  }
  log(`  Demo property     Luma Heights (${DEMO.propertyId}), widget key ${DEMO.widgetKey}`);
  log(`  Demo site key     ${siteKey}`);
  log(`  Stack file        ${infoFile}`);
  log("Press Ctrl-C to stop.");
  await functions.process.status;
  if (!stopping) {
    console.error("the functions gateway exited; stopping");
    await shutdown(1);
  }
} catch (err) {
  console.error(`The stack could not start: ${err instanceof Error ? err.message : err}`);
  await shutdown(1);
}
