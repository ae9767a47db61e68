// Writes plugin/lumaleasing/languages/lumaleasing.pot from the plugin's PHP (xgettext), the
// block's editor script and block.json, and the settings app's sources (widget/admin, whose
// TSX xgettext cannot parse, so its t()/tf()/tn() calls are read here).
//
//   deno run -A scripts/wordpress/make-pot.ts           write the template
//   deno run -A scripts/wordpress/make-pot.ts --check   fail if the template is out of date
const root = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
const plugin = `${root}/plugin/lumaleasing`;
const potPath = `${plugin}/languages/lumaleasing.pot`;

interface Entry {
  context?: string;
  msgid: string;
  plural?: string;
  refs: Set<string>;
  comments: Set<string>;
}

async function files(dir: string, pattern: RegExp, skip: RegExp = /\/(node_modules|test|tests)\//): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (skip.test(`${path}/`)) continue;
    if (entry.isDirectory) found.push(...await files(path, pattern, skip));
    else if (pattern.test(entry.name)) found.push(path);
  }
  return found.sort();
}

async function xgettext(args: string[], inputs: string[]): Promise<string> {
  const out = await new Deno.Command("xgettext", {
    args: ["--from-code=UTF-8", "--add-comments=translators:", "--sort-by-file", "--no-wrap", "-o", "-", ...args, ...inputs],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout);
}

/** Reads the entries of a .pot that xgettext wrote (single-line strings, thanks to --no-wrap). */
function parsePot(text: string, entries: Map<string, Entry>) {
  for (const block of text.split(/\n\n+/)) {
    const get = (key: string) => {
      const m = new RegExp(`^${key} "(.*)"$`, "m").exec(block);
      return m ? JSON.parse(`"${m[1]}"`) as string : undefined;
    };
    const msgid = get("msgid");
    if (!msgid) continue;
    const entry = upsert(entries, msgid, get("msgctxt"), get("msgid_plural"));
    for (const m of block.matchAll(/^#: (.+)$/gm)) for (const ref of m[1].split(" ")) entry.refs.add(ref);
    for (const m of block.matchAll(/^#\. (.+)$/gm)) entry.comments.add(m[1]);
  }
}

function upsert(entries: Map<string, Entry>, msgid: string, context?: string, plural?: string): Entry {
  const key = `${context ?? ""}\u0004${msgid}`;
  let entry = entries.get(key);
  if (!entry) {
    entry = { context, msgid, plural, refs: new Set(), comments: new Set() };
    entries.set(key, entry);
  }
  if (plural) entry.plural = plural;
  return entry;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split("\n").length;
}

const STRING = `"((?:[^"\\\\]|\\\\.)*)"`;

async function scanAdminSources(entries: Map<string, Entry>) {
  for (const path of await files(`${root}/widget/admin`, /\.(ts|tsx)$/, /\/(node_modules|test)\/|vitest\.config/)) {
    const text = await Deno.readTextFile(path);
    const ref = (index: number) => `${path.slice(root.length + 1)}:${lineOf(text, index)}`;
    for (const m of text.matchAll(new RegExp(`\\b(?:t|tf)\\(\\s*${STRING}`, "g"))) {
      upsert(entries, JSON.parse(`"${m[1]}"`)).refs.add(ref(m.index!));
    }
    for (const m of text.matchAll(new RegExp(`\\btn\\(\\s*${STRING}\\s*,\\s*${STRING}`, "g"))) {
      upsert(entries, JSON.parse(`"${m[1]}"`), undefined, JSON.parse(`"${m[2]}"`)).refs.add(ref(m.index!));
    }
  }
}

async function scanBlockJson(entries: Map<string, Entry>) {
  for (const path of await files(`${plugin}/blocks`, /^block\.json$/)) {
    const block = JSON.parse(await Deno.readTextFile(path));
    const ref = path.slice(root.length + 1);
    if (block.title) upsert(entries, block.title, "block title").refs.add(ref);
    if (block.description) upsert(entries, block.description, "block description").refs.add(ref);
    for (const keyword of block.keywords ?? []) upsert(entries, keyword, "block keyword").refs.add(ref);
  }
}

function quote(text: string): string {
  return JSON.stringify(text).replace(/\\u([0-9a-f]{4})/g, (_m, hex) => String.fromCharCode(parseInt(hex, 16)));
}

function render(entries: Map<string, Entry>, version: string): string {
  const header = [
    "# Copyright (C) LumaLeasing",
    "# This file is distributed under the GPLv2 or later.",
    'msgid ""',
    'msgstr ""',
    `"Project-Id-Version: LumaLeasing Tours ${version}\\n"`,
    '"Report-Msgid-Bugs-To: \\n"',
    '"MIME-Version: 1.0\\n"',
    '"Content-Type: text/plain; charset=UTF-8\\n"',
    '"Content-Transfer-Encoding: 8bit\\n"',
    '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"',
    '"X-Domain: lumaleasing\\n"',
  ].join("\n");
  const blocks = [...entries.values()].map((e) => {
    const lines: string[] = [];
    for (const c of e.comments) lines.push(`#. ${c}`);
    lines.push(`#: ${[...e.refs].join(" ")}`);
    if (/%(\d+\$)?[sd]/.test(e.msgid)) {
      lines.push([...e.refs].some((r) => r.includes(".php:")) ? "#, php-format" : "#, javascript-format");
    }
    if (e.context) lines.push(`msgctxt ${quote(e.context)}`);
    lines.push(`msgid ${quote(e.msgid)}`);
    if (e.plural) {
      lines.push(`msgid_plural ${quote(e.plural)}`, 'msgstr[0] ""', 'msgstr[1] ""');
    } else {
      lines.push('msgstr ""');
    }
    return lines.join("\n");
  });
  return [header, ...blocks].join("\n\n") + "\n";
}

const entries = new Map<string, Entry>();
const phpFiles = (await files(plugin, /\.php$/)).map((p) => p.slice(root.length + 1));
parsePot(
  await xgettext([
    "--language=PHP",
    "--keyword=__",
    "--keyword=_e",
    "--keyword=_x:1,2c",
    "--keyword=_n:1,2",
    "--keyword=esc_html__",
    "--keyword=esc_html_e",
    "--keyword=esc_html_x:1,2c",
    "--keyword=esc_attr__",
    "--keyword=esc_attr_e",
    "--keyword=esc_attr_x:1,2c",
  ], phpFiles),
  entries,
);
const editorScripts = (await files(`${plugin}/blocks`, /\.js$/)).map((p) => p.slice(root.length + 1));
parsePot(await xgettext(["--language=JavaScript", "--keyword=__", "--keyword=_x:1,2c", "--keyword=_n:1,2"], editorScripts), entries);
await scanBlockJson(entries);
await scanAdminSources(entries);

// The plugin header, which WordPress translates on the Plugins screen.
const mainFile = await Deno.readTextFile(`${plugin}/lumaleasing.php`);
for (const field of ["Plugin Name", "Description", "Author"]) {
  const value = new RegExp(`^ \\* ${field}:\\s*(.+)$`, "m").exec(mainFile)?.[1]?.trim();
  if (value) {
    const entry = upsert(entries, value);
    entry.refs.add("plugin/lumaleasing/lumaleasing.php");
    entry.comments.add(`${field} of the plugin`);
  }
}

const version = /Version:\s*([0-9.]+)/.exec(mainFile)?.[1] ?? "0.0.0";
const pot = render(entries, version);

if (Deno.args.includes("--check")) {
  const current = await Deno.readTextFile(potPath).catch(() => "");
  if (current !== pot) {
    console.error(`${potPath.slice(root.length + 1)} is out of date: run deno run -A scripts/wordpress/make-pot.ts`);
    Deno.exit(1);
  }
  console.log(`lumaleasing.pot is up to date (${entries.size} strings)`);
} else {
  await Deno.writeTextFile(potPath, pot);
  console.log(`wrote ${potPath.slice(root.length + 1)} (${entries.size} strings)`);
}
