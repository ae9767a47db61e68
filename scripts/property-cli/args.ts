// The provisioning CLI's arguments, errors and output: every verb answers a result that
// prints as lines for a person, or (with --json) as one JSON document on stdout.

/** A refusal: one line per field for a person; `{ success:false, error }` with --json. */
export class CliError extends Error {
  constructor(readonly code: string, message: string, readonly fields?: Record<string, string>) {
    super(message);
  }
}

export interface Parsed {
  command: string | undefined;
  /** Words after the command before the first flag (e.g. `slots add`). */
  words: string[];
  flags: Record<string, string[]>;
  json: boolean;
}

export function parseArgs(argv: string[]): Parsed {
  const json = argv.includes("--json");
  const args = argv.filter((a) => a !== "--json");
  const [command, ...rest] = args;
  const words: string[] = [];
  const flags: Record<string, string[]> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (!arg.startsWith("--")) {
      if (Object.keys(flags).length === 0 && words.length === 0) {
        words.push(arg);
        continue;
      }
      throw new CliError("invalid_arguments", `unexpected argument "${arg}"`);
    }
    const eq = arg.indexOf("=");
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    const value = eq < 0 ? rest[++i] : arg.slice(eq + 1);
    if (value === undefined || value.startsWith("--")) throw new CliError("invalid_arguments", `--${name} needs a value`);
    (flags[name] ??= []).push(value);
  }
  return { command, words, flags, json };
}

/** Refuses flags the verb does not take, and a flag given twice unless it may repeat. */
export function allowFlags(p: Parsed, verb: string, allowed: string[], repeatable: string[] = []) {
  for (const [name, values] of Object.entries(p.flags)) {
    if (!allowed.includes(name)) {
      throw new CliError("invalid_arguments", `${verb} takes no --${name} (it takes ${allowed.map((a) => `--${a}`).join(", ") || "no options"})`);
    }
    if (values.length > 1 && !repeatable.includes(name)) throw new CliError("invalid_arguments", `--${name} is given twice`);
  }
}

export function one(p: Parsed, name: string): string | undefined {
  return p.flags[name]?.[0]?.trim();
}

export function required(p: Parsed, name: string, hint: string): string {
  const value = one(p, name);
  if (!value) throw new CliError("missing_argument", `--${name} is required (${hint})`);
  return value;
}

export interface Result {
  /** The JSON document's fields (besides `success: true`). */
  data: Record<string, unknown>;
  /** What a person reads. */
  lines: string[];
}

export function printResult(result: Result, json: boolean) {
  if (json) console.log(JSON.stringify({ success: true, ...result.data }, null, 2));
  else for (const line of result.lines) console.log(line);
}

export function printError(err: unknown, json: boolean) {
  const e = err instanceof CliError ? err : new CliError("internal_error", err instanceof Error ? err.message : String(err));
  if (json) {
    console.error(JSON.stringify({ success: false, error: { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) } }));
  } else if (e.fields && Object.keys(e.fields).length) {
    for (const [field, message] of Object.entries(e.fields)) console.error(`property: ${field}: ${message}`);
  } else {
    console.error(`property: ${e.message}`);
  }
}
