// Where the CLI's database and functions are, and finding a property by id or name.
import postgres from "postgres";
import { readStackInfo } from "../lib/config.ts";
import { CliError } from "./args.ts";

export interface Context {
  sql: postgres.Sql;
  functionsUrl: string;
}

export interface PropertyRef {
  id: string;
  name: string;
  time_zone: string;
}

export async function openContext(): Promise<Context> {
  let url = Deno.env.get("DATABASE_URL");
  let functionsUrl = Deno.env.get("FUNCTIONS_URL") ?? "";
  if (!url) {
    try {
      const info = await readStackInfo();
      // As postgres, like DATABASE_URL on a hosted project (no superuser; bypasses RLS).
      url = info.migrationDbUrl ?? info.adminDbUrl;
      functionsUrl = info.functionsUrl;
    } catch {
      throw new CliError("no_database", "no database: start the local stack with `npm start`, or set DATABASE_URL (and FUNCTIONS_URL)");
    }
  }
  return { sql: postgres(url, { max: 1, onnotice: () => {} }), functionsUrl: functionsUrl.replace(/\/$/, "") };
}

/** The property with this id or exact name (in `tx`, locked when asked). */
export async function findProperty(sql: postgres.Sql | postgres.TransactionSql, ref: string): Promise<PropertyRef> {
  const matches = await sql<PropertyRef[]>`select id, name, time_zone from public.properties
    where id::text = ${ref} or name = ${ref}`;
  if (matches.length !== 1) throw new CliError("property_not_found", `no property with id or name "${ref}"`);
  return matches[0];
}
