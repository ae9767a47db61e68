// Starts the stand-ins for Google, HubSpot, the email/SMS providers and WordPress.
import { repoRoot } from "./config.ts";
import { processClock } from "../../supabase/functions/_shared/adapters/clock.ts";

async function exists(path: string) {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

export async function startGoogle(port: number) {
  if (!(await exists(`${repoRoot}/scripts/google-emulator/server.ts`))) return null;
  const mod = await import("../google-emulator/server.ts");
  const emulator = await mod.startGoogleEmulator({ port, hostname: "127.0.0.1", clock: processClock() });
  const { seedDemo } = await import("../google-emulator/seed-demo.ts");
  seedDemo(emulator.state, processClock());
  return emulator;
}

export async function startHubSpot(port: number) {
  if (!(await exists(`${repoRoot}/scripts/hubspot-emulator/server.ts`))) return null;
  const mod = await import("../hubspot-emulator/server.ts");
  return await mod.startHubSpotEmulator({ port, hostname: "127.0.0.1", clock: processClock() });
}

export async function startMail(port: number) {
  if (!(await exists(`${repoRoot}/scripts/catcher/server.ts`))) return null;
  const mod = await import("../catcher/server.ts");
  // The stack's clock stamps caught messages (and so decides what `since=` finds).
  return await mod.startCatcher({ port, hostname: "127.0.0.1", clock: processClock() });
}

/**
 * WordPress needs Debian's wordpress, MariaDB and PHP; without them the rest still runs.
 * `release` "6.8" runs Debian 13's WordPress, fetched into a cache the first time.
 */
export async function startWordPressIfAvailable(opts: { port: number; stateDir: string; siteKey: string; release?: string; log?: (message: string) => void }) {
  const needed = [`${repoRoot}/scripts/wordpress/wordpress.ts`, "/usr/share/wordpress/wp-settings.php", "/usr/bin/php", "/usr/sbin/mariadbd"];
  for (const path of needed) {
    if (!(await exists(path))) {
      console.log(`WordPress skipped: ${path} is missing (run the bootstrap as root to install it).`);
      return null;
    }
  }
  const mod = await import(`${repoRoot}/scripts/wordpress/wordpress.ts`);
  return await mod.startWordPress({ ...opts, adminPassword: "lumaleasing-demo" });
}
