// Runs the mail and SMS catcher for the local stack:
//   npx deno run -A scripts/catcher/main.ts
// LUMALEASING_MAIL_PORT (default 54324) and LUMALEASING_MAIL_HOST (default 127.0.0.1).
// Functions reach it with RESEND_API_URL=http://127.0.0.1:54324 and
// TWILIO_API_URL=http://127.0.0.1:54324.

import { clockFromEnv } from "../../supabase/functions/_shared/adapters/clock.ts";
import { startCatcher } from "./server.ts";

export const DEFAULT_MAIL_PORT = 54324;

const portText = Deno.env.get("LUMALEASING_MAIL_PORT") ?? String(DEFAULT_MAIL_PORT);
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`LUMALEASING_MAIL_PORT is not a port number: ${portText}`);
  Deno.exit(2);
}

const catcher = await startCatcher({
  port,
  hostname: Deno.env.get("LUMALEASING_MAIL_HOST") ?? "127.0.0.1",
  clock: clockFromEnv(),
});
console.log(`mail/SMS catcher listening on ${catcher.url} (open it in a browser to read messages)`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, async () => {
    await catcher.close();
    Deno.exit(0);
  });
}
