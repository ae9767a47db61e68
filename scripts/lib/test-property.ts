// A fresh property with its keys, for the tests (Deno and Node alike: postgres.js and
// WebCrypto only). Returns the plaintext keys; the database keeps only their hashes.
import type postgres from "postgres";
import { randomToken, sha256Hex } from "../../supabase/functions/_shared/adapters/crypto.ts";

export interface TestProperty {
  id: string;
  name: string;
  widgetKey: string;
  siteSecret: string;
  origin: string;
  phone: string;
  email: string;
}

export async function insertTestProperty(
  sql: postgres.Sql,
  opts: { origin: string; sitePath?: string; label?: string; overrides?: Record<string, unknown> },
): Promise<TestProperty> {
  const name = `${opts.label ?? "Test Property"} ${randomToken(6)}`;
  const row = {
    name,
    time_zone: "America/Chicago",
    address: "100 Test St, Chicago, IL",
    phone: "+13125550100",
    email: "leasing@test.example",
    manager_email: "manager@test.example",
    site_url: `${opts.origin}${opts.sitePath ?? "/"}`,
    admin_url: `${opts.origin}/wp-admin/options-general.php?page=lumaleasing`,
    min_notice_minutes: 0,
    ...opts.overrides,
  };
  const [p] = await sql`insert into public.properties ${sql(row)} returning id`;
  const widgetKey = `llwk_${randomToken(18)}`;
  const siteSecret = `llss_${randomToken(32)}`;
  await sql`insert into public.widget_keys (property_id, key_hash, key_hint, allowed_origins)
    values (${p.id}, ${await sha256Hex(widgetKey)}, 'test', ${[opts.origin]})`;
  await sql`insert into public.site_secrets (property_id, secret_hash, secret_hint)
    values (${p.id}, ${await sha256Hex(siteSecret)}, 'test')`;
  return { id: p.id, name, widgetKey, siteSecret, origin: opts.origin, phone: String(row.phone), email: String(row.email) };
}
