// Postgres through postgres.js: real transactions, and every request runs as a restricted
// role — scoped to one property, or the jobs role — never as the login. The login is our
// own (LUMALEASING_DB_URL, through the transaction pooler); see db-config.ts.
import postgres from "postgres";
import { APPLICATION_NAME, dbConfig } from "./db-config.ts";

export type Sql = postgres.Sql;
export type Tx = postgres.TransactionSql;

let shared: Sql | undefined;

export function db(): Sql {
  if (!shared) {
    const config = dbConfig();
    // Built once per isolate, so this is said once.
    if (config.warning) console.warn(config.warning);
    shared = postgres(config.url, {
      // The transaction pooler cannot keep prepared statements across transactions.
      prepare: false,
      max: config.max,
      idle_timeout: config.idleTimeoutSeconds,
      connect_timeout: config.connectTimeoutSeconds,
      connection: { application_name: APPLICATION_NAME },
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
