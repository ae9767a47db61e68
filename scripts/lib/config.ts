// Where the local stack lives and which ports it uses; every port can be overridden.
export const repoRoot = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

export interface StackPorts {
  functions: number;
  postgres: number;
  mail: number;
  google: number;
  wordpress: number;
  hubspot: number;
  /** A second WordPress, when LUMALEASING_WORDPRESS_VERSION names two releases. */
  wordpress2: number;
}

function port(name: string, fallback: number): number {
  const raw = Deno.env.get(name);
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name} must be a port number, got "${raw}"`);
  return n;
}

export function stackPorts(): StackPorts {
  return {
    functions: port("LUMALEASING_FUNCTIONS_PORT", 54321),
    postgres: port("LUMALEASING_DB_PORT", 54322),
    mail: port("LUMALEASING_MAIL_PORT", 54324),
    google: port("LUMALEASING_GOOGLE_PORT", 54325),
    wordpress: port("LUMALEASING_WORDPRESS_PORT", 54326),
    hubspot: port("LUMALEASING_HUBSPOT_PORT", 54327),
    wordpress2: port("LUMALEASING_WORDPRESS2_PORT", 54328),
  };
}

/** The git-ignored folder holding a stack's throwaway state and its stack.json. */
export function stateDir(): string {
  return Deno.env.get("LUMALEASING_STATE_DIR") ?? `${repoRoot}/.lumaleasing`;
}

export interface StackInfo {
  ready: true;
  pid: number;
  functionsUrl: string;
  /** The functions' login (LUMALEASING_DB_URL): reaches data only through the request roles. */
  dbUrl: string;
  /** postgres, no superuser (CREATEROLE, BYPASSRLS): what migrations and operators use, as on a hosted project. */
  migrationDbUrl: string;
  /** The bootstrap superuser, for tests arranging and inspecting data. */
  adminDbUrl: string;
  mailUrl?: string;
  googleUrl?: string;
  hubspotUrl?: string;
  wordpressUrl?: string;
  cronSecret: string;
  /** This stack's throwaway key for Google tokens at rest, so benchmarks can seed calendars as the app stores them. */
  tokenEncryptionKey: string;
  anonKey: string;
  serviceRoleKey: string;
  /** The first WordPress (what wordpressUrl points at). */
  wordpress?: WordPressSiteInfo;
  /** Every WordPress the stack runs, the first one first (two when asked for 6.1 and 6.8). */
  wordpressSites?: WordPressSiteInfo[];
  demo: { propertyId: string; widgetKey: string; siteSecret: string; siteKey: string; origin: string };
}

export interface WordPressSiteInfo {
  url: string;
  adminUser: string;
  adminPassword: string;
  /** The release asked for ("6.1", "6.8") and the exact version running ("6.8.12"). */
  release: string;
  version: string;
  /** The site's state folder (database, tree, secrets.json, logs/debug.log). */
  stateDir: string;
}

export async function readStackInfo(file = `${stateDir()}/stack.json`): Promise<StackInfo> {
  const text = await Deno.readTextFile(Deno.env.get("LUMALEASING_STACK_FILE") ?? file);
  return JSON.parse(text) as StackInfo;
}
