// Runs the local WordPress on its own, for trying the plugin by hand:
//
//   deno run -A scripts/wordpress/main.ts [--port 54326] [--state-dir DIR] [--site-key llsk_…]
//                                         [--admin-password PW] [--version 6.1|6.8]
//
// LUMALEASING_WORDPRESS_PORT, LUMALEASING_STATE_DIR, LUMALEASING_SITE_KEY and
// LUMALEASING_WORDPRESS_VERSION work too. 6.8 is Debian 13's package, fetched once.
// Stops cleanly on Ctrl-C.
import { startWordPress } from "./wordpress.ts";
import { parseReleases, siteStateDir } from "./releases.ts";

const repoRoot = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

function flag(name: string): string | undefined {
  const index = Deno.args.indexOf(`--${name}`);
  if (index >= 0) return Deno.args[index + 1];
  const inline = Deno.args.find((arg) => arg.startsWith(`--${name}=`));
  return inline?.slice(name.length + 3);
}

const rawPort = flag("port") ?? Deno.env.get("LUMALEASING_WORDPRESS_PORT") ?? "54326";
const port = Number(rawPort);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`--port must be a port number, got "${rawPort}"`);
  Deno.exit(2);
}
let release;
try {
  [release] = parseReleases(flag("version") ?? Deno.env.get("LUMALEASING_WORDPRESS_VERSION"));
} catch (error) {
  console.error((error as Error).message);
  Deno.exit(2);
}
const stateDir = flag("state-dir") ??
  siteStateDir(Deno.env.get("LUMALEASING_STATE_DIR") ?? `${repoRoot}/.lumaleasing`, release);

const site = await startWordPress({
  port,
  stateDir,
  siteKey: flag("site-key") ?? Deno.env.get("LUMALEASING_SITE_KEY") ?? undefined,
  adminPassword: flag("admin-password"),
  release,
  log: (message) => console.error(`[wordpress] ${message}`),
});

console.log(`WordPress:      ${site.url}/  (${site.version})`);
console.log(`Demo page:      ${site.pageUrl}`);
console.log(`Settings page:  ${site.settingsUrl}`);
console.log(`Log in:         ${site.url}/wp-login.php  as ${site.adminUser} / ${site.adminPassword}`);
console.log(`State and logs: ${stateDir}`);
console.log("Press Ctrl-C to stop.");

const stop = async () => {
  console.error("[wordpress] stopping");
  await site.stop();
  Deno.exit(0);
};
Deno.addSignalListener("SIGINT", stop);
Deno.addSignalListener("SIGTERM", stop);
