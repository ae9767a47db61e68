// create, list, rotate-keys: properties and their keys.
import type postgres from "postgres";
import { randomToken, sha256Hex } from "../../supabase/functions/_shared/adapters/crypto.ts";
import { TimeZone } from "../../supabase/functions/_shared/contracts/property-settings.ts";
import { encodeSiteKey } from "../../supabase/functions/_shared/core/site-key.ts";
import { allowFlags, CliError, one, type Parsed, required, type Result } from "./args.ts";
import { type Context, findProperty } from "./context.ts";
import { findOrganization } from "./orgs.ts";

interface Keys {
  widgetKey: string;
  siteSecret: string;
}

async function issueKeys(tx: postgres.TransactionSql, propertyId: string, origins: string[]): Promise<Keys> {
  const widgetKey = `llwk_${randomToken(18)}`;
  const siteSecret = `llss_${randomToken(32)}`;
  await tx`insert into public.widget_keys (property_id, key_hash, key_hint, allowed_origins)
    values (${propertyId}, ${await sha256Hex(widgetKey)}, ${widgetKey.slice(0, 9) + "…" + widgetKey.slice(-4)}, ${origins})`;
  await tx`insert into public.site_secrets (property_id, secret_hash, secret_hint)
    values (${propertyId}, ${await sha256Hex(siteSecret)}, ${siteSecret.slice(0, 9) + "…" + siteSecret.slice(-4)})`;
  return { widgetKey, siteSecret };
}

function keysResult(p: { id: string; name: string; timeZone: string }, keys: Keys, functionsUrl: string, note?: string): Result {
  const siteKey = functionsUrl
    ? encodeSiteKey({ url: functionsUrl, property: p.id, ...keys, secret: keys.siteSecret })
    : null;
  const lines = [
    ...(note ? [note] : []),
    `Property "${p.name}" (${p.id})`,
    `  widget key   ${keys.widgetKey}`,
    `  site secret  ${keys.siteSecret}   (shown once; only its hash is stored)`,
  ];
  if (siteKey) lines.push(`  site key     ${siteKey}`, "  Paste the site key into WordPress → Settings → LumaLeasing Tours.");
  return { data: { property: p, widgetKey: keys.widgetKey, siteSecret: keys.siteSecret, siteKey }, lines };
}

/** Checked before the database is touched. */
export function checkCreate(p: Parsed) {
  allowFlags(p, "create", ["name", "timezone", "org", "address", "phone", "email", "manager-email", "origin"], ["origin"]);
  required(p, "name", "the property's name");
  const tz = required(p, "timezone", "an IANA zone such as America/Chicago");
  if (!TimeZone.safeParse(tz).success) {
    throw new CliError("invalid_time_zone", `unknown time zone "${tz}" (use an IANA zone such as America/Chicago)`);
  }
  for (const origin of p.flags.origin ?? []) {
    if (!/^https?:\/\/[^/]+$/.test(origin)) {
      throw new CliError("invalid_origin", `--origin must be a scheme and host like https://site.example, got "${origin}"`);
    }
  }
}

export async function create(ctx: Context, p: Parsed): Promise<Result> {
  const name = one(p, "name")!;
  const timeZone = one(p, "timezone")!;
  const existing = await ctx.sql`select id from public.properties where lower(name) = lower(${name})`;
  if (existing.length) throw new CliError("property_exists", `a property named "${name}" already exists (${existing[0].id})`);
  const orgRef = one(p, "org");
  const organization = orgRef ? await findOrganization(ctx.sql, orgRef) : null;
  return await ctx.sql.begin(async (tx) => {
    const [row] = await tx`insert into public.properties (name, time_zone, address, phone, email, manager_email, organization_id)
      values (${name}, ${timeZone}, ${one(p, "address") ?? null}, ${one(p, "phone") ?? null}, ${one(p, "email") ?? null},
              ${one(p, "manager-email") ?? null}, ${organization?.id ?? null}) returning id`;
    const keys = await issueKeys(tx, row.id, p.flags.origin ?? []);
    const result = keysResult({ id: row.id, name, timeZone }, keys, ctx.functionsUrl);
    if (organization) {
      result.data.organization = organization;
      result.lines.splice(1, 0, `  organization ${organization.name} (${organization.id})`);
    }
    return result;
  }) as Result;
}

export async function list(ctx: Context, p: Parsed): Promise<Result> {
  allowFlags(p, "list", []);
  const rows = await ctx.sql`select p.id, p.name, p.time_zone, p.organization_id,
      (select o.name from public.organizations o where o.id = p.organization_id) as organization_name,
      (select count(*) from public.agent_calendars c where c.property_id = p.id and c.disconnected_at is null)::int as calendars,
      (select count(*) from public.widget_keys k where k.property_id = p.id and k.revoked_at is null)::int as keys,
      (select count(*) from public.tour_slots s where s.property_id = p.id and s.end_at > now())::int as slots
    from public.properties p order by p.name`;
  const properties = rows.map((r) => ({
    id: r.id,
    name: r.name,
    timeZone: r.time_zone,
    organization: r.organization_id ? { id: r.organization_id, name: r.organization_name } : null,
    calendars: r.calendars,
    liveWidgetKeys: r.keys,
    upcomingManualSlots: r.slots,
  }));
  const lines = properties.length
    ? properties.map((r) =>
      `${r.id}  ${r.name}  (${r.timeZone}, ${r.organization ? `${r.organization.name}, ` : ""}${r.calendars} calendar(s), ${r.liveWidgetKeys} live widget key(s), ${r.upcomingManualSlots} manual slot(s))`
    )
    : ["No properties yet. Create one with: npm run property -- create --name … --timezone …"];
  return { data: { properties }, lines };
}

export async function rotateKeys(ctx: Context, p: Parsed): Promise<Result> {
  allowFlags(p, "rotate-keys", ["property"]);
  const ref = required(p, "property", "an id or the exact name");
  return await ctx.sql.begin(async (tx) => {
    const property = await findProperty(tx, ref);
    const [{ origins }] = await tx`select coalesce((select allowed_origins from public.widget_keys
      where property_id = ${property.id} and revoked_at is null order by created_at desc limit 1), '{}') as origins`;
    await tx`update public.widget_keys set revoked_at = now() where property_id = ${property.id} and revoked_at is null`;
    await tx`update public.site_secrets set revoked_at = now() where property_id = ${property.id} and revoked_at is null`;
    const keys = await issueKeys(tx, property.id, origins);
    return keysResult({ id: property.id, name: property.name, timeZone: property.time_zone }, keys, ctx.functionsUrl,
      "The previous keys no longer work.");
  }) as Result;
}
