// Everything a request handler needs from the outside world, built once per isolate.
import { type Clock, processClock } from "../adapters/clock.ts";
import { db, type Sql } from "../adapters/db.ts";
import { googleConfig, type GoogleConfig } from "../adapters/google.ts";
import { tokenService, type TokenService } from "./calendar-tokens.ts";

export interface Deps {
  sql: Sql;
  google: GoogleConfig;
  clock: Clock;
  tokens: TokenService;
  encryptionKey: string;
  stateSecret: string;
  functionsUrl: string;
}

function required(name: string): string {
  const value = Deno.env.get(name);
  if (!value) throw new Error(`${name} is not set (see the README's deploy section)`);
  return value;
}

let built: Deps | undefined;

export function deps(): Deps {
  if (built) return built;
  const sql = db();
  const google = googleConfig();
  const clock = processClock();
  const encryptionKey = required("TOKEN_ENCRYPTION_KEY");
  const functionsUrl = (Deno.env.get("PUBLIC_FUNCTIONS_URL") ?? `${required("SUPABASE_URL")}/functions/v1`).replace(/\/$/, "");
  built = {
    sql,
    google,
    clock,
    encryptionKey,
    stateSecret: required("STATE_SIGNING_SECRET"),
    functionsUrl,
    tokens: tokenService({ sql, google, clock, encryptionKey }),
  };
  return built;
}
