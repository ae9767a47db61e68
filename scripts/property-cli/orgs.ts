// org create|list|rotate-key: organizations and their portfolio keys (only the hash is
// stored; the key is printed once), and finding an organization by id or name.
import type postgres from "postgres";
import { randomToken, sha256Hex } from "../../supabase/functions/_shared/adapters/crypto.ts";
import { allowFlags, CliError, type Parsed, required, type Result } from "./args.ts";
import type { Context } from "./context.ts";

export interface OrgRef {
  id: string;
  name: string;
}

/** The organization with this id or exact name. */
export async function findOrganization(sql: postgres.Sql | postgres.TransactionSql, ref: string): Promise<OrgRef> {
  const matches = await sql<OrgRef[]>`select id, name from public.organizations where id::text = ${ref} or name = ${ref}`;
  if (matches.length !== 1) throw new CliError("organization_not_found", `no organization with id or name "${ref}"`);
  return matches[0];
}

async function issuePortfolioKey(tx: postgres.TransactionSql, organizationId: string): Promise<string> {
  const key = `llpk_${randomToken(32)}`;
  await tx`update public.portfolio_keys set revoked_at = now() where organization_id = ${organizationId} and revoked_at is null`;
  await tx`insert into public.portfolio_keys (organization_id, key_hash, key_hint)
    values (${organizationId}, ${await sha256Hex(key)}, ${key.slice(0, 9) + "…" + key.slice(-4)})`;
  return key;
}

function keyResult(org: OrgRef, key: string, note?: string): Result {
  return {
    data: { organization: org, portfolioKey: key },
    lines: [
      ...(note ? [note] : []),
      `Organization "${org.name}" (${org.id})`,
      `  portfolio key  ${key}   (shown once; only its hash is stored)`,
      "  Send it as Authorization: Bearer <portfolio key> to GET portfolio/… routes.",
    ],
  };
}

async function createOrg(ctx: Context, p: Parsed): Promise<Result> {
  allowFlags(p, "org create", ["name"]);
  const name = required(p, "name", "the organization's name");
  if (name.length > 200) throw new CliError("invalid_name", "--name is at most 200 characters");
  const existing = await ctx.sql`select id from public.organizations where lower(name) = lower(${name})`;
  if (existing.length) throw new CliError("organization_exists", `an organization named "${name}" already exists (${existing[0].id})`);
  return await ctx.sql.begin(async (tx) => {
    const [row] = await tx`insert into public.organizations (name) values (${name}) returning id`;
    return keyResult({ id: row.id, name }, await issuePortfolioKey(tx, row.id));
  }) as Result;
}

async function listOrgs(ctx: Context, p: Parsed): Promise<Result> {
  allowFlags(p, "org list", []);
  const rows = await ctx.sql`select o.id, o.name,
      (select count(*) from public.properties p where p.organization_id = o.id)::int as properties,
      (select k.key_hint from public.portfolio_keys k where k.organization_id = o.id and k.revoked_at is null) as key_hint
    from public.organizations o order by o.name`;
  const organizations = rows.map((r) => ({ id: r.id, name: r.name, properties: r.properties, portfolioKeyHint: r.key_hint }));
  const lines = organizations.length
    ? organizations.map((o) => `${o.id}  ${o.name}  (${o.properties} propert${o.properties === 1 ? "y" : "ies"}, key ${o.portfolioKeyHint ?? "none"})`)
    : ["No organizations yet. Create one with: npm run property -- org create --name …"];
  return { data: { organizations }, lines };
}

async function rotateOrgKey(ctx: Context, p: Parsed): Promise<Result> {
  allowFlags(p, "org rotate-key", ["org"]);
  const ref = required(p, "org", "an organization id or the exact name");
  return await ctx.sql.begin(async (tx) => {
    const org = await findOrganization(tx, ref);
    return keyResult(org, await issuePortfolioKey(tx, org.id), "The previous portfolio key no longer works.");
  }) as Result;
}

export async function org(ctx: Context, p: Parsed): Promise<Result> {
  const sub = p.words[0];
  if (sub === "create") return await createOrg(ctx, p);
  if (sub === "list") return await listOrgs(ctx, p);
  if (sub === "rotate-key") return await rotateOrgKey(ctx, p);
  throw new CliError("invalid_arguments", `org needs create, list or rotate-key (got ${sub ? `"${sub}"` : "nothing"})`);
}
