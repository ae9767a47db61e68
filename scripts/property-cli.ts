// `npm run property -- <command> [--json]`: provisions organizations, properties, their keys,
// calendar connect links, manual tour slots and their rules and contact settings, and
// prints the success metrics. With --json each
// command prints one JSON document on stdout, and a refusal is JSON on stderr (non-zero exit).
// It talks to the local stack's database, or to DATABASE_URL (with FUNCTIONS_URL) for a hosted project.
import { CliError, type Parsed, parseArgs, printError, printResult, type Result } from "./property-cli/args.ts";
import { connectLink } from "./property-cli/connect-link.ts";
import { type Context, openContext } from "./property-cli/context.ts";
import { checkCreate, create, list, rotateKeys } from "./property-cli/keys.ts";
import { show, update, updateFromFlags } from "./property-cli/settings.ts";
import { metrics } from "./property-cli/metrics.ts";
import { org } from "./property-cli/orgs.ts";
import { slots } from "./property-cli/slots.ts";

const USAGE = `usage: npm run property -- <command> [--json]
  create --name NAME --timezone Area/City [--org ID|NAME] [--address …] [--phone …] [--email …] [--manager-email …] [--origin URL]…
  list
  rotate-keys --property ID|NAME
  show --property ID|NAME
  update --property ID|NAME [--hours "mon-fri 09:00-12:00,13:00-18:00; sat 10:00-14:00"] [--closed YYYY-MM-DD]…
         [--reopen YYYY-MM-DD]… [--tour-length MIN] [--slot-step MIN] [--buffer-before MIN] [--buffer-after MIN]
         [--min-notice MIN] [--window-days DAYS] [--address …] [--phone …] [--email …] [--timezone Area/City]
         [--managers a@x,b@y] [--org ID|NAME|""]
  slots list --property ID|NAME
  slots add --property ID|NAME --start "YYYY-MM-DD HH:MM" [--duration MIN]
  slots remove --property ID|NAME (--start "YYYY-MM-DD HH:MM" | --id SLOT_ID)
  connect-link --property ID|NAME [--for agent@example.com] [--valid-hours 24] [--return-url URL]
  org create --name NAME [--ops-email EMAIL] [--portfolio-url URL]
  org update --org ID|NAME [--name NAME] [--ops-email EMAIL|""] [--portfolio-url URL|""]
  org show --org ID|NAME
  org list
  org rotate-key --org ID|NAME
  metrics [--org ID|NAME | --property ID|NAME] [--from YYYY-MM-DD --to YYYY-MM-DD | --weeks N]`;

const COMMANDS: Record<string, (ctx: Context, p: Parsed) => Promise<Result>> = {
  create,
  list,
  "rotate-keys": rotateKeys,
  show,
  update,
  slots,
  "connect-link": connectLink,
  org,
  metrics,
};

async function main(p: Parsed): Promise<Result> {
  if (!p.command || p.command === "help" || p.command === "--help") return { data: { usage: USAGE }, lines: [USAGE] };
  const run = COMMANDS[p.command];
  if (!run) throw new CliError("unknown_command", `unknown command "${p.command}" (${Object.keys(COMMANDS).join(", ")})`);
  if (p.words.length && !["slots", "org"].includes(p.command)) throw new CliError("invalid_arguments", `unexpected argument "${p.words[0]}"`);
  // What can be checked without the database is checked before connecting.
  if (p.command === "create") checkCreate(p);
  if (p.command === "update") updateFromFlags(p);
  const ctx = await openContext();
  try {
    return await run(ctx, p);
  } finally {
    await ctx.sql.end({ timeout: 2 });
  }
}

let json = Deno.args.includes("--json");
try {
  const parsed = parseArgs(Deno.args);
  json = parsed.json;
  printResult(await main(parsed), json);
} catch (err) {
  printError(err, json);
  Deno.exit(1);
}
