// Runs the HubSpot emulator on its own:
//   npx deno run -A scripts/hubspot-emulator/main.ts
// LUMALEASING_HUBSPOT_PORT (default 54327); the demo portal's token is DEMO_TOKEN.
import { clockFromEnv } from "../../supabase/functions/_shared/adapters/clock.ts";
import { DEMO_PORTAL_ID, DEMO_TOKEN, startHubSpotEmulator } from "./server.ts";

if (import.meta.main) {
  const port = Number(Deno.env.get("LUMALEASING_HUBSPOT_PORT") ?? 54327);
  const emulator = await startHubSpotEmulator({ port, clock: clockFromEnv() });
  console.log(`HubSpot emulator on ${emulator.url}; demo portal ${DEMO_PORTAL_ID}, token ${DEMO_TOKEN}`);
  const stop = async () => {
    await emulator.close();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
}
