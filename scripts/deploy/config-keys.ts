// The keys the Supabase CLI accepts in supabase/config.toml, for the sections we use (from
// the CLI's own config template and its [functions.<name>] settings). A key it does not
// know is ignored by the CLI without a word, so a typo like `verify-jwt` would silently
// turn JWT checking back on: deploy:check refuses unknown keys instead.

const KNOWN: Record<string, string[]> = {
  "": ["project_id"],
  "api": ["enabled", "port", "schemas", "extra_search_path", "max_rows"],
  "api.tls": ["enabled", "cert_path", "key_path"],
  "db": ["port", "shadow_port", "major_version"],
  "db.pooler": ["enabled", "port", "pool_mode", "default_pool_size", "max_client_conn"],
  "db.migrations": ["enabled", "schema_paths"],
  "db.seed": ["enabled", "sql_paths"],
  "db.network_restrictions": ["enabled", "allowed_cidrs", "allowed_cidrs_v6"],
  "inbucket": ["enabled", "port", "smtp_port", "pop3_port", "admin_email", "sender_name"],
  "studio": ["enabled", "port", "api_url", "openai_api_key"],
  "realtime": ["enabled", "ip_version", "max_header_length"],
  "storage": ["enabled", "file_size_limit"],
  "analytics": ["enabled", "port", "backend"],
  "edge_runtime": ["enabled", "policy", "inspector_port", "deno_version"],
  "functions.*": ["enabled", "verify_jwt", "import_map", "entrypoint", "static_files"],
};
/** Sections whose keys are the user's own names. */
const FREE = ["edge_runtime.secrets", "db.vault"];

export interface ConfigProblem {
  line: number;
  message: string;
}

export interface ParsedConfig {
  functions: Map<string, Record<string, string>>;
  problems: ConfigProblem[];
}

/** Checks every section and key of a config.toml against the CLI's; collects function settings. */
export function checkConfigToml(text: string): ParsedConfig {
  const problems: ConfigProblem[] = [];
  const functions = new Map<string, Record<string, string>>();
  let section = "";
  let fn: Record<string, string> | null = null;
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) return;
    const header = line.match(/^\[([^\]]+)\]$/);
    if (header) {
      const name = header[1].trim();
      const fnName = name.match(/^functions\.("?)([A-Za-z0-9_-]+)\1$/);
      fn = null;
      if (fnName) {
        section = "functions.*";
        fn = {};
        functions.set(fnName[2], fn);
      } else section = name;
      if (!(section in KNOWN) && !FREE.includes(section)) problems.push({ line: i + 1, message: `unknown section [${name}]` });
      return;
    }
    const kv = line.match(/^([A-Za-z0-9_]+)\s*=\s*(.+)$/);
    if (!kv) {
      problems.push({ line: i + 1, message: `not a key = value line: ${line}` });
      return;
    }
    const [, key, value] = kv;
    if (FREE.includes(section)) return;
    if (!(KNOWN[section] ?? []).includes(key)) {
      problems.push({ line: i + 1, message: `unknown key "${key}" in ${section ? `[${section}]` : "the top level"}` });
    }
    if (fn) (fn as Record<string, string>)[key] = value.trim().replace(/^"(.*)"$/, "$1");
  });
  return { functions, problems };
}
