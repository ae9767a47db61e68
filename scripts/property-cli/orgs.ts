// org create|update|show|list|rotate-key: organizations, their portfolio keys (only the hash
// is stored; the key is printed once), their operations email (where the metric alerts go)
// and the address of their Portfolio page (the alerts' link), and finding an organization by
// id or name.
import type postgres from "postgres";
import { randomToken, sha256Hex } from "../../supabase/functions/_shared/adapters/crypto.ts";
import { allowFlags, CliError, one, type Parsed, required, type Result } from "./args.ts";
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

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** --ops-email and --portfolio-url as given ("" clears), each bad one reported with its field; nothing when absent. */
function contactFlags(p: Parsed): { operations_email?: string | null; portfolio_url?: string | null } {
  const out: { operations_email?: string | null; portfolio_url?: string | null } = {};
  const fields: Record<string, string> = {};
  const email = p.flags["ops-email"]?.[0]?.trim();
  if (email !== undefined) {
    if (email === "") out.operations_email = null;
    else if (email.length > 320 || !EMAIL.test(email)) fields["ops-email"] = `--ops-email must be an email address (got "${email}")`;
    else out.operations_email = email.toLowerCase();
  }
  const url = p.flags["portfolio-url"]?.[0]?.trim();
  if (url !== undefined) {
    if (url === "") out.portfolio_url = null;
    else {
      let ok = false;
      try {
        ok = ["https:", "http:"].includes(new URL(url).protocol) && url.length <= 2048;
      } catch { /* not a URL */ }
      if (ok) out.portfolio_url = url;
      else fields["portfolio-url"] = `--portfolio-url must be an http(s) URL (got "${url}")`;
    }
  }
  if (Object.keys(fields).length) throw new CliError("invalid_input", Object.values(fields).join("; "), fields);
  return out;
}

interface OrgDetail {
  id: string;
  name: string;
  operationsEmail: string | null;
  portfolioUrl: string | null;
  properties: number;
  portfolioKeyHint: string | null;
}

async function orgDetails(sql: postgres.Sql | postgres.TransactionSql, id?: string): Promise<OrgDetail[]> {
  const rows = await sql`select o.id, o.name, o.operations_email, o.portfolio_url,
      (select count(*) from public.properties p where p.organization_id = o.id)::int as properties,
      (select k.key_hint from public.portfolio_keys k where k.organization_id = o.id and k.revoked_at is null) as key_hint
    from public.organizations o where ${id ?? null}::uuid is null or o.id = ${id ?? null}::uuid order by o.name`;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    operationsEmail: r.operations_email,
    portfolioUrl: r.portfolio_url,
    properties: r.properties,
    portfolioKeyHint: r.key_hint,
  }));
}

function detailLines(o: OrgDetail): string[] {
  return [
    `Organization "${o.name}" (${o.id})`,
    `  properties       ${o.properties}`,
    `  operations email ${o.operationsEmail ?? "— (no metric alerts)"}`,
    `  portfolio page   ${o.portfolioUrl ?? "—"}`,
    `  portfolio key    ${o.portfolioKeyHint ?? "none"}`,
  ];
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
  allowFlags(p, "org create", ["name", "ops-email", "portfolio-url"]);
  const name = required(p, "name", "the organization's name");
  if (name.length > 200) throw new CliError("invalid_name", "--name is at most 200 characters");
  const contact = contactFlags(p);
  const existing = await ctx.sql`select id from public.organizations where lower(name) = lower(${name})`;
  if (existing.length) throw new CliError("organization_exists", `an organization named "${name}" already exists (${existing[0].id})`);
  return await ctx.sql.begin(async (tx) => {
    const [row] = await tx`insert into public.organizations (name, operations_email, portfolio_url)
      values (${name}, ${contact.operations_email ?? null}, ${contact.portfolio_url ?? null}) returning id`;
    const result = keyResult({ id: row.id, name }, await issuePortfolioKey(tx, row.id));
    result.data.operationsEmail = contact.operations_email ?? null;
    result.data.portfolioUrl = contact.portfolio_url ?? null;
    if (contact.operations_email) result.lines.push(`  operations email ${contact.operations_email} (metric alerts)`);
    return result;
  }) as Result;
}

async function updateOrg(ctx: Context, p: Parsed): Promise<Result> {
  allowFlags(p, "org update", ["org", "name", "ops-email", "portfolio-url"]);
  const ref = required(p, "org", "an organization id or the exact name");
  const contact = contactFlags(p);
  const name = one(p, "name");
  if (name !== undefined && (name === "" || name.length > 200)) {
    throw new CliError("invalid_input", "--name is 1 to 200 characters", { name: "--name is 1 to 200 characters" });
  }
  return await ctx.sql.begin(async (tx) => {
    const org = await findOrganization(tx, ref);
    const changed: string[] = [];
    if (name !== undefined && name !== org.name) {
      const clash = await tx`select id from public.organizations where lower(name) = lower(${name}) and id <> ${org.id}`;
      if (clash.length) throw new CliError("organization_exists", `an organization named "${name}" already exists (${clash[0].id})`);
      await tx`update public.organizations set name = ${name} where id = ${org.id}`;
      changed.push("name");
    }
    if ("operations_email" in contact) {
      await tx`update public.organizations set operations_email = ${contact.operations_email ?? null} where id = ${org.id}`;
      changed.push("operationsEmail");
    }
    if ("portfolio_url" in contact) {
      await tx`update public.organizations set portfolio_url = ${contact.portfolio_url ?? null} where id = ${org.id}`;
      changed.push("portfolioUrl");
    }
    const [detail] = await orgDetails(tx, org.id);
    return {
      data: { organization: detail, changed },
      lines: [changed.length ? `Updated ${changed.join(", ")}.` : "Nothing to change.", ...detailLines(detail)],
    };
  }) as Result;
}

async function showOrg(ctx: Context, p: Parsed): Promise<Result> {
  allowFlags(p, "org show", ["org"]);
  const org = await findOrganization(ctx.sql, required(p, "org", "an organization id or the exact name"));
  const [detail] = await orgDetails(ctx.sql, org.id);
  return { data: { organization: detail }, lines: detailLines(detail) };
}

async function listOrgs(ctx: Context, p: Parsed): Promise<Result> {
  allowFlags(p, "org list", []);
  const organizations = await orgDetails(ctx.sql);
  const lines = organizations.length
    ? organizations.map((o) =>
      `${o.id}  ${o.name}  (${o.properties} propert${o.properties === 1 ? "y" : "ies"}, key ${o.portfolioKeyHint ?? "none"}, ` +
      `ops email ${o.operationsEmail ?? "none"})`
    )
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
  if (sub === "update") return await updateOrg(ctx, p);
  if (sub === "show") return await showOrg(ctx, p);
  if (sub === "rotate-key") return await rotateOrgKey(ctx, p);
  throw new CliError("invalid_arguments", `org needs create, update, show, list or rotate-key (got ${sub ? `"${sub}"` : "nothing"})`);
}
