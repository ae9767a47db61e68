// `npm run property -- <command>`: provisions properties and their keys.
//   create --name "Luma Heights" --timezone America/Chicago [--address …] [--phone …] [--email …]
//          [--manager-email …] [--origin https://site.example]…
//   list
//   rotate-keys --property <id or exact name>
// It talks to the local stack's database, or to DATABASE_URL (with FUNCTIONS_URL) for a hosted project.
import postgres from "postgres";
import { readStackInfo } from "./lib/config.ts";
import { randomToken, sha256Hex } from "../supabase/functions/_shared/adapters/crypto.ts";
import { encodeSiteKey } from "../supabase/functions/_shared/core/site-key.ts";

class CliError extends Error {}

function parseArgs(argv: string[]) {
  const [command, ...rest] = argv;
  const flags: Record<string, string[]> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith("--")) throw new CliError(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split("=", 2);
    const value = inline ?? rest[++i];
    if (value === undefined || value.startsWith("--")) throw new CliError(`--${name} needs a value`);
    (flags[name] ??= []).push(value);
  }
  return { command, flags };
}

function isTimeZone(tz: string) {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return tz.includes("/") || tz === "UTC";
  } catch {
    return false;
  }
}

async function connection() {
  const url = Deno.env.get("DATABASE_URL");
  if (url) return { url, functionsUrl: Deno.env.get("FUNCTIONS_URL") ?? "" };
  try {
    const info = await readStackInfo();
    // As postgres, like DATABASE_URL on a hosted project (no superuser; bypasses RLS).
    return { url: info.migrationDbUrl ?? info.adminDbUrl, functionsUrl: info.functionsUrl };
  } catch {
    throw new CliError("no database: start the local stack with `npm start`, or set DATABASE_URL (and FUNCTIONS_URL)");
  }
}

async function issueKeys(tx: postgres.TransactionSql, propertyId: string, origins: string[]) {
  const widgetKey = `llwk_${randomToken(18)}`;
  const siteSecret = `llss_${randomToken(32)}`;
  await tx`insert into public.widget_keys (property_id, key_hash, key_hint, allowed_origins)
    values (${propertyId}, ${await sha256Hex(widgetKey)}, ${widgetKey.slice(0, 9) + "…" + widgetKey.slice(-4)}, ${origins})`;
  await tx`insert into public.site_secrets (property_id, secret_hash, secret_hint)
    values (${propertyId}, ${await sha256Hex(siteSecret)}, ${siteSecret.slice(0, 9) + "…" + siteSecret.slice(-4)})`;
  return { widgetKey, siteSecret };
}

function printKeys(name: string, propertyId: string, keys: { widgetKey: string; siteSecret: string }, functionsUrl: string) {
  console.log(`Property "${name}" (${propertyId})`);
  console.log(`  widget key   ${keys.widgetKey}`);
  console.log(`  site secret  ${keys.siteSecret}   (shown once; only its hash is stored)`);
  if (functionsUrl) {
    console.log(`  site key     ${encodeSiteKey({ url: functionsUrl, property: propertyId, ...keys, secret: keys.siteSecret })}`);
    console.log("  Paste the site key into WordPress → Settings → LumaLeasing Tours.");
  }
}

async function main(argv: string[]) {
  const { command, flags } = parseArgs(argv);
  const one = (name: string) => flags[name]?.[0]?.trim();
  if (!command || command === "help" || command === "--help") {
    console.log("usage: npm run property -- create --name NAME --timezone Area/City [--address …] [--origin URL]… | list | rotate-keys --property ID|NAME");
    return;
  }
  if (!["create", "list", "rotate-keys"].includes(command)) throw new CliError(`unknown command "${command}" (create, list, rotate-keys)`);

  // Validate everything before touching the database.
  if (command === "create") {
    const name = one("name");
    const tz = one("timezone");
    if (!name) throw new CliError("--name is required");
    if (!tz) throw new CliError("--timezone is required (an IANA zone such as America/Chicago)");
    if (!isTimeZone(tz)) throw new CliError(`unknown time zone "${tz}" (use an IANA zone such as America/Chicago)`);
    for (const origin of flags.origin ?? []) {
      if (!/^https?:\/\/[^/]+$/.test(origin)) throw new CliError(`--origin must be a scheme and host like https://site.example, got "${origin}"`);
    }
  }
  if (command === "rotate-keys" && !one("property")) throw new CliError("--property is required (an id or the exact name)");

  const { url, functionsUrl } = await connection();
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    if (command === "list") {
      const rows = await sql`select p.id, p.name, p.time_zone,
          (select count(*) from public.agent_calendars c where c.property_id = p.id and c.disconnected_at is null)::int as calendars,
          (select count(*) from public.widget_keys k where k.property_id = p.id and k.revoked_at is null)::int as keys
        from public.properties p order by p.name`;
      if (rows.length === 0) console.log("No properties yet. Create one with: npm run property -- create --name … --timezone …");
      for (const r of rows) console.log(`${r.id}  ${r.name}  (${r.time_zone}, ${r.calendars} calendar(s), ${r.keys} live widget key(s))`);
      return;
    }
    if (command === "create") {
      const name = one("name")!;
      const existing = await sql`select id from public.properties where lower(name) = lower(${name})`;
      if (existing.length) throw new CliError(`a property named "${name}" already exists (${existing[0].id})`);
      await sql.begin(async (tx) => {
        const [p] = await tx`insert into public.properties (name, time_zone, address, phone, email, manager_email)
          values (${name}, ${one("timezone")!}, ${one("address") ?? null}, ${one("phone") ?? null}, ${one("email") ?? null},
                  ${one("manager-email") ?? null}) returning id`;
        const keys = await issueKeys(tx, p.id, flags.origin ?? []);
        printKeys(name, p.id, keys, functionsUrl);
      });
      return;
    }
    const ref = one("property")!;
    const matches = await sql`select id, name from public.properties where id::text = ${ref} or name = ${ref}`;
    if (matches.length !== 1) throw new CliError(`no property with id or name "${ref}"`);
    await sql.begin(async (tx) => {
      const [{ origins }] = await tx`select coalesce((select allowed_origins from public.widget_keys
        where property_id = ${matches[0].id} and revoked_at is null order by created_at desc limit 1), '{}') as origins`;
      await tx`update public.widget_keys set revoked_at = now() where property_id = ${matches[0].id} and revoked_at is null`;
      await tx`update public.site_secrets set revoked_at = now() where property_id = ${matches[0].id} and revoked_at is null`;
      const keys = await issueKeys(tx, matches[0].id, origins);
      console.log("The previous keys no longer work.");
      printKeys(matches[0].name, matches[0].id, keys, functionsUrl);
    });
  } finally {
    await sql.end({ timeout: 2 });
  }
}

try {
  await main(Deno.args);
} catch (err) {
  console.error(`property: ${err instanceof CliError ? err.message : err instanceof Error ? err.message : err}`);
  Deno.exit(1);
}
