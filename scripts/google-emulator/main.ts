// Runs the Google emulator on its own with the demo seeded:
//   npx deno run -A scripts/google-emulator/main.ts
// LUMALEASING_GOOGLE_PORT (default 54325), LUMALEASING_GOOGLE_HOST (default 127.0.0.1),
// LUMALEASING_GOOGLE_PUBLIC_URL (origin clients use, if not http://host:port).
import { clockFromEnv } from "../../supabase/functions/_shared/adapters/clock.ts";
import { seedDemo } from "./seed-demo.ts";
import { startGoogleEmulator } from "./server.ts";

export const defaultGooglePort = 54325;

function portFromEnv(): number {
  const text = Deno.env.get("LUMALEASING_GOOGLE_PORT");
  if (!text) return defaultGooglePort;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`LUMALEASING_GOOGLE_PORT is not a port number: ${text}`);
  }
  return port;
}

if (import.meta.main) {
  const clock = clockFromEnv();
  const emulator = await startGoogleEmulator({
    port: portFromEnv(),
    hostname: Deno.env.get("LUMALEASING_GOOGLE_HOST") ?? "127.0.0.1",
    clock,
    publicUrl: Deno.env.get("LUMALEASING_GOOGLE_PUBLIC_URL") || undefined,
  });
  const seeded = seedDemo(emulator.state, clock);
  console.log(
    `Google emulator on ${emulator.url} (calendars at ${emulator.url}/, control at ${emulator.url}/__control); ` +
      `demo: ${seeded.accounts.join(", ")} with ${seeded.events} events from ${seeded.firstDay}`,
  );
  const stop = async () => {
    await emulator.close();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
}
