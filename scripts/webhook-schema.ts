// Writes the JSON Schema of the webhook events (from their zod contracts) next to them:
//   deno run -A scripts/webhook-schema.ts          regenerate
//   deno run -A scripts/webhook-schema.ts --check  exit 1 when the committed file is stale
import { webhookEventsJsonSchema } from "../supabase/functions/_shared/contracts/webhook-events.ts";

export const SCHEMA_FILE = new URL("../supabase/functions/_shared/contracts/webhooks.schema.json", import.meta.url);

export function schemaText(): string {
  return JSON.stringify(webhookEventsJsonSchema(), null, 2) + "\n";
}

if (import.meta.main) {
  const fresh = schemaText();
  if (Deno.args.includes("--check")) {
    const committed = await Deno.readTextFile(SCHEMA_FILE).catch(() => "");
    if (committed !== fresh) {
      console.error("webhooks.schema.json is stale: run deno run -A scripts/webhook-schema.ts");
      Deno.exit(1);
    }
    console.log("webhooks.schema.json is up to date");
  } else {
    await Deno.writeTextFile(SCHEMA_FILE, fresh);
    console.log(`wrote ${SCHEMA_FILE.pathname.split("/").slice(-1)[0]}`);
  }
}
