// How the functions reach Postgres: which login, and how many connections per isolate.
// On a hosted project SUPABASE_DB_URL is a direct connection as postgres, which bypasses
// row-level security. LUMALEASING_DB_URL comes first: our own login (lumaleasing_api, which
// can do nothing by itself) through Supabase's transaction pooler (port 6543).
import type { Env } from "./env.ts";

/** Connections one isolate may hold: serverless instances are many, the pooler's slots few. */
export const DEFAULT_POOL_MAX = 3;
export const POOL_MAX_LIMIT = 20;
/** An idle connection is closed after this, so a quiet isolate holds no pooler slot. */
export const IDLE_TIMEOUT_SECONDS = 10;
/** A connection attempt gives up after this, well inside a request's time. */
export const CONNECT_TIMEOUT_SECONDS = 5;
/** Shown in pg_stat_activity. */
export const APPLICATION_NAME = "lumaleasing-functions";

/** Logins that bypass row-level security on a hosted project. */
const PRIVILEGED_LOGINS = new Set(["postgres", "supabase_admin"]);

export interface DbConfig {
  url: string;
  /** The variable the URL came from. */
  source: "LUMALEASING_DB_URL" | "SUPABASE_DB_URL";
  /** The role the URL logs in as (a pooler's "role.project-ref" user named by its role). */
  login: string;
  max: number;
  idleTimeoutSeconds: number;
  connectTimeoutSeconds: number;
  /** Set when requests would run on a login that bypasses row-level security. */
  warning?: string;
}

/** The role a connection string logs in as; Supavisor's user is "<role>.<project-ref>". */
export function loginOf(url: string): string {
  let user: string;
  try {
    user = decodeURIComponent(new URL(url).username);
  } catch {
    return "";
  }
  const dot = user.lastIndexOf(".");
  return dot > 0 && /^[a-z0-9]{8,}$/.test(user.slice(dot + 1)) ? user.slice(0, dot) : user;
}

function poolMax(env: Env): number {
  const raw = env.get("LUMALEASING_DB_POOL_MAX")?.trim();
  if (!raw) return DEFAULT_POOL_MAX;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > POOL_MAX_LIMIT) {
    throw new Error(`LUMALEASING_DB_POOL_MAX must be a whole number from 1 to ${POOL_MAX_LIMIT}, got "${raw}"`);
  }
  return n;
}

export function dbConfig(env: Env = Deno.env): DbConfig {
  const own = env.get("LUMALEASING_DB_URL")?.trim();
  const platform = env.get("SUPABASE_DB_URL")?.trim();
  const url = own || platform;
  if (!url) throw new Error("LUMALEASING_DB_URL is not set (nor SUPABASE_DB_URL); see the README's deploy section");
  const source = own ? "LUMALEASING_DB_URL" : "SUPABASE_DB_URL";
  const login = loginOf(url);
  const config: DbConfig = {
    url,
    source,
    login,
    max: poolMax(env),
    idleTimeoutSeconds: IDLE_TIMEOUT_SECONDS,
    connectTimeoutSeconds: CONNECT_TIMEOUT_SECONDS,
  };
  if (!own) {
    config.warning = `LUMALEASING_DB_URL is not set: the functions connect with SUPABASE_DB_URL as ${login || "its login"}, ` +
      "which bypasses row-level security. Every request still switches to lumaleasing_property or lumaleasing_jobs " +
      "(set local role), but set LUMALEASING_DB_URL to the lumaleasing_api login through the transaction pooler.";
  } else if (PRIVILEGED_LOGINS.has(login)) {
    config.warning = `LUMALEASING_DB_URL logs in as ${login}, which bypasses row-level security; ` +
      "it should name the lumaleasing_api login.";
  }
  return config;
}
