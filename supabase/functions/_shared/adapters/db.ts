// Postgres through postgres.js over SUPABASE_DB_URL: real transactions, and every request
// runs as a restricted role — scoped to one property, or the jobs role — never as the login.
import postgres from "postgres";

export type Sql = postgres.Sql;
export type Tx = postgres.TransactionSql;

let shared: Sql | undefined;

export function db(): Sql {
  if (!shared) {
    const url = Deno.env.get("SUPABASE_DB_URL");
    if (!url) throw new Error("SUPABASE_DB_URL is not set");
    // prepare: false — Supabase's transaction pooler cannot keep prepared statements.
    shared = postgres(url, {
      prepare: false,
      max: Number(Deno.env.get("LUMALEASING_DB_POOL") ?? 10),
      idle_timeout: 20,
      connect_timeout: 10,
      onnotice: () => {},
      types: { bigint: postgres.BigInt },
    });
  }
  return shared;
}

/** Runs `fn` in a transaction as lumaleasing_property, scoped to one property by RLS. */
export async function withProperty<T>(propertyId: string, fn: (tx: Tx) => Promise<T>, sql: Sql = db()): Promise<T> {
  return await sql.begin(async (tx) => {
    // One round trip: the claim and "set local role" (set_config('role', …, true) is the same).
    await tx`select set_config('request.jwt.claims', ${JSON.stringify({ property_id: propertyId, role: "lumaleasing_property" })}, true),
      set_config('role', 'lumaleasing_property', true)`;
    return await fn(tx);
  }) as T;
}

/** Runs `fn` in a transaction as lumaleasing_jobs (cross-property, narrow grants). */
export async function withJobs<T>(fn: (tx: Tx) => Promise<T>, sql: Sql = db()): Promise<T> {
  return await sql.begin(async (tx) => {
    await tx`set local role lumaleasing_jobs`;
    return await fn(tx);
  }) as T;
}

/** Runs a look-up that happens before the property is known (key → property). */
export async function withResolver<T>(fn: (tx: Tx) => Promise<T>, sql: Sql = db()): Promise<T> {
  return await sql.begin(async (tx) => {
    await tx`set local role lumaleasing_property`;
    return await fn(tx);
  }) as T;
}
