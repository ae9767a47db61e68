// Function secrets and settings, read through one shape: Deno.env in production, a Map
// or a plain object with get() in tests.

export interface Env {
  get(name: string): string | undefined;
}

/** An env var, or the fallback when unset or blank. */
export function envOr(env: Env, name: string, fallback: string) {
  const value = env.get(name)?.trim();
  return value ? value : fallback;
}

/** An env var that must be set, with an error naming it. */
export function requireEnv(env: Env, name: string): string {
  const value = env.get(name)?.trim();
  if (!value) throw new Error(`missing function secret ${name}`);
  return value;
}
