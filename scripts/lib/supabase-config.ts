// Reads the functions' settings from supabase/config.toml (the few keys the gateway needs).
import { repoRoot } from "./config.ts";

export interface FunctionSetting {
  name: string;
  verifyJwt: boolean;
  entrypoint: string;
}

export function parseFunctionSettings(toml: string, supabaseDir = `${repoRoot}/supabase`): FunctionSetting[] {
  const result: FunctionSetting[] = [];
  let current: FunctionSetting | null = null;
  for (const raw of toml.split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) continue;
    const section = line.match(/^\[(.+)\]$/);
    if (section) {
      const fn = section[1].match(/^functions\.("?)([A-Za-z0-9_-]+)\1$/);
      current = fn ? { name: fn[2], verifyJwt: true, entrypoint: `${supabaseDir}/functions/${fn[2]}/index.ts` } : null;
      if (current) result.push(current);
      continue;
    }
    if (!current) continue;
    const kv = line.match(/^([a-z_]+)\s*=\s*(.+)$/);
    if (!kv) continue;
    const value = kv[2].trim();
    if (kv[1] === "verify_jwt") current.verifyJwt = value !== "false";
    if (kv[1] === "entrypoint") {
      const rel = value.replace(/^"|"$/g, "");
      current.entrypoint = new URL(rel, `file://${supabaseDir}/`).pathname;
    }
  }
  return result;
}

export async function functionSettings(path: string) {
  return parseFunctionSettings(await Deno.readTextFile(path));
}
