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

/**
 * Runs `fn` in a transaction that first switches to a request role. The switch is sent
 * without waiting for its answer: `fn`'s queries follow it on the same connection, in
 * order, so none runs before it, and if it failed they fail with its error (postgres.js
 * reports the first error of a transaction). With a pool of 3, the round trip saved
 * shortens how long each request holds a connection.
 */
async function inRole<T>(sql: Sql, switchRole: (tx: Tx) => postgres.PendingQuery<postgres.Row[]>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return await sql.begin(async (tx) => {
    const switched = switchRole(tx).execute();
    const result = await fn(tx);
    await switched;
    return result;
  }) as T;
}

/** Runs `fn` in a transaction as lumaleasing_property, scoped to one property by RLS. */
export async function withProperty<T>(propertyId: string, fn: (tx: Tx) => Promise<T>, sql: Sql = db()): Promise<T> {
  // The claim and "set local role" together (set_config('role', …, true) is the same).
  return await inRole(sql, (tx) =>
    tx`select set_config('request.jwt.claims', ${JSON.stringify({ property_id: propertyId, role: "lumaleasing_property" })}, true),
      set_config('role', 'lumaleasing_property', true)`, fn);
}

/**
 * Runs `fn` in a transaction as lumaleasing_portfolio: read only, scoped by RLS to one
 * organization's properties (null: none — for the portfolio key look-up).
 */
export async function withPortfolio<T>(organizationId: string | null, fn: (tx: Tx) => Promise<T>, sql: Sql = db()): Promise<T> {
  return await inRole(sql, (tx) =>
    tx`select set_config('request.jwt.claims', ${JSON.stringify({ organization_id: organizationId, role: "lumaleasing_portfolio" })}, true),
      set_config('role', 'lumaleasing_portfolio', true)`, fn);
}

/** Runs `fn` in a transaction as lumaleasing_jobs (cross-property, narrow grants). */
export async function withJobs<T>(fn: (tx: Tx) => Promise<T>, sql: Sql = db()): Promise<T> {
  return await inRole(sql, (tx) => tx`set local role lumaleasing_jobs`, fn);
}

/** Runs a look-up that happens before the property is known (key → property). */
export async function withResolver<T>(fn: (tx: Tx) => Promise<T>, sql: Sql = db()): Promise<T> {
  return await inRole(sql, (tx) => tx`set local role lumaleasing_property`, fn);
}
