// connect-link: a link an operator sends to an agent, who opens it to connect a Google
// Calendar to the property. A stored ticket (only its hash is kept) that works until it
// expires or a calendar has been connected with it.
import { httpUrl } from "../../supabase/functions/_shared/contracts/text.ts";
import { mintStoredTicket } from "../../supabase/functions/_shared/services/connect-tickets.ts";
import { allowFlags, CliError, one, type Parsed, required, type Result } from "./args.ts";
import { type Context, findProperty } from "./context.ts";

const MAX_HOURS = 72;

export async function connectLink(ctx: Context, p: Parsed): Promise<Result> {
  allowFlags(p, "connect-link", ["property", "for", "valid-hours", "return-url"]);
  const ref = required(p, "property", "an id or the exact name");
  const rawHours = one(p, "valid-hours") ?? "24";
  if (!/^\d+$/.test(rawHours) || Number(rawHours) < 1 || Number(rawHours) > MAX_HOURS) {
    throw new CliError("invalid_input", `--valid-hours must be a whole number of hours from 1 to ${MAX_HOURS}`);
  }
  const returnUrl = one(p, "return-url") ?? null;
  if (returnUrl !== null && !httpUrl("").safeParse(returnUrl).success) {
    throw new CliError("invalid_input", `--return-url must be an http(s) URL, got "${returnUrl}"`);
  }
  const connectedBy = one(p, "for") || "connect link";
  if (connectedBy.length > 254 || connectedBy.includes("\u0000")) throw new CliError("invalid_input", "--for is too long");
  if (!ctx.functionsUrl) throw new CliError("no_functions_url", "set FUNCTIONS_URL (the project's …/functions/v1 URL) to make a link");
  const property = await findProperty(ctx.sql, ref);
  const minted = await ctx.sql.begin((tx) =>
    mintStoredTicket(tx, { functionsUrl: ctx.functionsUrl, now: new Date(), validMs: Number(rawHours) * 3_600_000 }, {
      propertyId: property.id,
      connectedBy,
      returnUrl,
    })
  ) as { connectUrl: string; expiresAt: string };
  return {
    data: { property: { id: property.id, name: property.name }, ...minted, connectedBy },
    lines: [
      `Calendar connect link for "${property.name}" (valid until ${minted.expiresAt}, or until a calendar is connected with it):`,
      `  ${minted.connectUrl}`,
      "  Send it to the agent: opening it asks Google to share their calendar with LumaLeasing Tours.",
    ],
  };
}
