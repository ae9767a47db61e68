// A newer Debian release's `wordpress` package, fetched with apt and unpacked with
// `dpkg -x` into a cache folder, without root and without touching the system's apt:
// a private sources list for the suite, its own lists, cache, status and log folders,
// no configuration parts from /etc/apt. The archive's signature is checked against the
// system's Debian archive keyring (debian-archive-keyring 2023.3+deb12u2 and later hold
// trixie's keys). A second run reuses the unpacked tree without going online.
//
//   deno run -A scripts/wordpress/debian-release.ts [--suite trixie] [--refresh]
//
// LUMALEASING_DEBIAN_MIRROR picks the mirror (by default the one the system's apt uses for
// Debian, else deb.debian.org); apt honours http_proxy, and the system's apt proxy is used.
import { repoRoot } from "../lib/config.ts";
import { exists, run } from "./processes.ts";

export const DEBIAN_KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg";
const FALLBACK_MIRROR = "http://deb.debian.org/debian";

export interface FetchOptions {
  /** Debian suite (default trixie, Debian 13). */
  suite?: string;
  /** Where the apt state, the .deb and the unpacked tree live (default <repo>/.lumaleasing/wordpress-releases). */
  cacheDir?: string;
  /** A Debian mirror (default LUMALEASING_DEBIAN_MIRROR, the system's, or deb.debian.org). */
  mirror?: string;
  /** The keyring the suite's Release file must be signed with. */
  keyring?: string;
  /** Fetch again even when a tree is cached. */
  refresh?: boolean;
  log?: (message: string) => void;
}

export interface FetchedRelease {
  suite: string;
  /** The package's version, e.g. 6.8.12+dfsg1-0+deb13u1. */
  packageVersion: string;
  /** The unpacked WordPress (the folder with wp-settings.php). */
  root: string;
  /** True when the cached tree was used and nothing was fetched. */
  reused: boolean;
}

/** The cache folder shared by every stack of this checkout. */
export function releaseCacheDir(): string {
  return Deno.env.get("LUMALEASING_WORDPRESS_RELEASES") ?? `${repoRoot}/.lumaleasing/wordpress-releases`;
}

export async function fetchDebianWordPress(opts: FetchOptions = {}): Promise<FetchedRelease> {
  const suite = opts.suite ?? "trixie";
  if (!/^[a-z]+$/.test(suite)) throw new Error(`a Debian suite is a plain name such as trixie, got "${suite}"`);
  const log = opts.log ?? (() => {});
  const base = `${opts.cacheDir ?? releaseCacheDir()}/${suite}`;
  const rootDir = `${base}/root`;
  const marker = `${rootDir}/.lumaleasing-release.json`;
  const wordpressRoot = `${rootDir}/usr/share/wordpress`;

  await Deno.mkdir(base, { recursive: true });
  // One fetch at a time per cache (two stacks may start together); apt locks its lists too.
  const lock = await Deno.open(`${base}/.lock`, { create: true, write: true });
  await lock.lock(true);
  try {
    const cached = await readMarker(marker);
    if (cached && !opts.refresh && await exists(`${wordpressRoot}/wp-settings.php`)) {
      return { suite, packageVersion: cached.packageVersion, root: wordpressRoot, reused: true };
    }

    const keyring = opts.keyring ?? DEBIAN_KEYRING;
    if (!(await exists(keyring))) {
      throw new Error(`${keyring} is missing: install debian-archive-keyring to verify Debian's ${suite} archive`);
    }
    const mirror = (opts.mirror ?? Deno.env.get("LUMALEASING_DEBIAN_MIRROR") ?? await systemMirror() ?? FALLBACK_MIRROR)
      .replace(/\/+$/, "");
    const apt = await privateApt(base, suite, mirror, keyring);

    log(`fetching Debian ${suite}'s package list from ${mirror}`);
    const update = await aptGet(apt.config, ["update", "--error-on=any"], base);
    if (!update.ok || !(await hasPackageList(apt.lists))) {
      throw new Error(explainUpdateFailure(update.text, mirror, suite, keyring));
    }

    const debs = `${base}/debs`;
    await Deno.remove(debs, { recursive: true }).catch(() => {});
    await Deno.mkdir(debs, { recursive: true });
    await handToApt(debs);
    log(`downloading ${suite}'s wordpress package`);
    const download = await aptGet(apt.config, ["download", "wordpress"], debs);
    const deb = (await listNames(debs)).find((name) => /^wordpress_.*\.deb$/.test(name));
    if (!download.ok || !deb) {
      throw new Error(`apt-get download wordpress from ${mirror} (${suite}) failed:\n${download.text.trim()}`);
    }
    const packageVersion = decodeURIComponent(deb.replace(/^wordpress_/, "").replace(/_[^_]+\.deb$/, ""));

    // Unpacked beside the cache and renamed into place: a tree is whole or absent.
    const unpacking = `${base}/root.unpacking`;
    await Deno.remove(unpacking, { recursive: true }).catch(() => {});
    await run("dpkg", ["-x", `${debs}/${deb}`, unpacking]);
    if (!(await exists(`${unpacking}/usr/share/wordpress/wp-settings.php`))) {
      throw new Error(`${deb} holds no usr/share/wordpress/wp-settings.php`);
    }
    await Deno.writeTextFile(
      `${unpacking}/.lumaleasing-release.json`,
      JSON.stringify({ suite, packageVersion, deb, mirror, fetchedAt: new Date().toISOString() }, null, 2) + "\n",
    );
    await Deno.remove(rootDir, { recursive: true }).catch(() => {});
    await Deno.rename(unpacking, rootDir);
    // The package lists and apt's caches built from them (tens of MB) serve only a refresh.
    await Deno.remove(apt.lists, { recursive: true }).catch(() => {});
    await Deno.remove(apt.cache, { recursive: true }).catch(() => {});
    log(`unpacked wordpress ${packageVersion} into ${wordpressRoot}`);
    return { suite, packageVersion, root: wordpressRoot, reused: false };
  } finally {
    lock.close();
  }
}

async function readMarker(path: string): Promise<{ packageVersion: string } | null> {
  try {
    const parsed = JSON.parse(await Deno.readTextFile(path));
    return typeof parsed?.packageVersion === "string" ? parsed : null;
  } catch {
    return null;
  }
}

/** apt's configuration, sources and state, all under `base`; nothing read from /etc/apt. */
async function privateApt(base: string, suite: string, mirror: string, keyring: string) {
  const dir = `${base}/apt`;
  const lists = `${dir}/lists`;
  for (const sub of ["sources.list.d", "apt.conf.d", "preferences.d", "trusted.gpg.d", "lists/partial", "cache/archives/partial", "log"]) {
    await Deno.mkdir(`${dir}/${sub}`, { recursive: true });
  }
  await handToApt(`${dir}/lists/partial`, `${dir}/cache/archives/partial`);
  await Deno.writeTextFile(`${dir}/status`, "");
  await Deno.writeTextFile(`${dir}/sources.list`, `deb [signed-by=${keyring}] ${mirror} ${suite} main\n`);
  const arch = (await run("dpkg", ["--print-architecture"])).trim() || "amd64";
  const proxies = await systemProxies();
  const q = (value: string) => `"${value.replaceAll('"', "")}"`;
  const lines = [
    `Dir::Etc ${q(dir)};`,
    `Dir::Etc::main ${q(`${dir}/apt.conf.d/none`)};`,
    `Dir::Etc::parts ${q(`${dir}/apt.conf.d`)};`,
    `Dir::Etc::sourcelist ${q(`${dir}/sources.list`)};`,
    `Dir::Etc::sourceparts ${q(`${dir}/sources.list.d`)};`,
    `Dir::Etc::preferences ${q(`${dir}/preferences`)};`,
    `Dir::Etc::preferencesparts ${q(`${dir}/preferences.d`)};`,
    `Dir::Etc::trusted ${q(`${dir}/trusted.gpg`)};`,
    `Dir::Etc::trustedparts ${q(`${dir}/trusted.gpg.d`)};`,
    `Dir::State ${q(dir)};`,
    `Dir::State::Lists ${q(lists)};`,
    `Dir::State::status ${q(`${dir}/status`)};`,
    `Dir::Cache ${q(`${dir}/cache`)};`,
    `Dir::Log ${q(`${dir}/log`)};`,
    `APT::Architecture ${q(arch)};`,
    `APT::Architectures { ${q(arch)}; };`,
    `Acquire::Languages "none";`,
    `Acquire::IndexTargets::deb::DEP-11::DefaultEnabled "false";`,
    `Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled "false";`,
    `Acquire::Retries "1";`,
    `Acquire::http::Timeout "30";`,
    ...proxies.map(([key, value]) => `${key} ${q(value)};`),
    "",
  ];
  const config = `${dir}/apt.conf`;
  await Deno.writeTextFile(config, lines.join("\n"));
  return { config, lists, cache: `${dir}/cache` };
}

/** As root, apt downloads as _apt: give it the folders it writes to (elsewhere a no-op). */
async function handToApt(...dirs: string[]) {
  if (Deno.uid() !== 0) return;
  const hasApt = await new Deno.Command("id", { args: ["-u", "_apt"], stdout: "null", stderr: "null" }).output();
  if (!hasApt.success) return;
  await run("chown", ["_apt:root", ...dirs]);
}

async function aptGet(config: string, args: string[], cwd: string): Promise<{ ok: boolean; text: string }> {
  const out = await new Deno.Command("apt-get", {
    args: ["-q", ...args],
    cwd,
    // Only the private configuration: APT_CONFIG is read first, and it names its own parts folder.
    env: { APT_CONFIG: config, LC_ALL: "C" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  return { ok: out.success, text };
}

async function hasPackageList(lists: string): Promise<boolean> {
  return (await listNames(lists)).some((name) => name.endsWith("_Packages"));
}

function explainUpdateFailure(text: string, mirror: string, suite: string, keyring: string): string {
  const detail = text.split("\n").filter((line) => /^(E|W|Err):|^\s+\S/.test(line)).slice(0, 6).join("\n").trim();
  if (/NO_PUBKEY|not signed|signature|EXPKEYSIG|KEYEXPIRED|is not signed/i.test(text)) {
    return `Debian ${suite}'s Release file from ${mirror} did not verify against ${keyring} ` +
      `(update debian-archive-keyring; it needs ${suite}'s keys):\n${detail}`;
  }
  if (/Could not connect|Could not resolve|Temporary failure resolving|Connection timed out|Unable to connect|Failed to fetch|Network is unreachable/i.test(text)) {
    return `could not reach the Debian mirror ${mirror} to fetch ${suite}'s wordpress package ` +
      `(set LUMALEASING_DEBIAN_MIRROR to another mirror, or http_proxy):\n${detail}`;
  }
  return `apt-get update for ${suite} from ${mirror} failed:\n${detail || text.trim()}`;
}

/** The Debian mirror the system's apt uses (sources.list and deb822 .sources), if any. */
async function systemMirror(): Promise<string | undefined> {
  const files = ["/etc/apt/sources.list"];
  for (const name of await listNames("/etc/apt/sources.list.d")) {
    if (name.endsWith(".list") || name.endsWith(".sources")) files.push(`/etc/apt/sources.list.d/${name}`);
  }
  for (const file of files.sort((a, b) => a.localeCompare(b))) {
    const text = await Deno.readTextFile(file).catch(() => "");
    for (const line of text.split("\n")) {
      const uris = line.match(/^\s*URIs:\s*(.+)$/i)?.[1]?.split(/\s+/) ??
        [line.match(/^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)/)?.[1]].filter((u): u is string => Boolean(u));
      const main = uris.find((uri) => /^https?:\/\/.+\/debian\/?$/.test(uri));
      if (main) return main;
    }
  }
  return undefined;
}

/** The system apt's proxy settings, read (never changed) with apt-config. */
async function systemProxies(): Promise<[string, string][]> {
  const out = await new Deno.Command("apt-config", { args: ["dump"], stdout: "piped", stderr: "null" }).output()
    .catch(() => null);
  if (!out?.success) return [];
  const found: [string, string][] = [];
  for (const line of new TextDecoder().decode(out.stdout).split("\n")) {
    const m = line.match(/^(Acquire::https?::Proxy(?:::[^ ]+)?) "(.*)";$/);
    if (m && m[2]) found.push([m[1], m[2]]);
  }
  return found;
}

async function listNames(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  } catch { /* no such folder */ }
  return names;
}

if (import.meta.main) {
  const suite = Deno.args.includes("--suite") ? Deno.args[Deno.args.indexOf("--suite") + 1] : undefined;
  try {
    const fetched = await fetchDebianWordPress({
      suite,
      refresh: Deno.args.includes("--refresh"),
      log: (message) => console.error(`[wordpress] ${message}`),
    });
    console.log(
      `${fetched.reused ? "cached" : "fetched"}: Debian ${fetched.suite}'s wordpress ${fetched.packageVersion} in ${fetched.root}`,
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    Deno.exit(1);
  }
}
