// The WordPress releases the local site can run: Debian 12's package as installed (6.1,
// the oldest the plugin supports) and Debian 13's, fetched into a cache (6.8).
import { fetchDebianWordPress } from "./debian-release.ts";
import { exists } from "./processes.ts";

/** Where Debian's package installs WordPress; relative symlinks in its tree start here. */
export const DEBIAN_WORDPRESS = "/usr/share/wordpress";

export const WORDPRESS_RELEASES = {
  "6.1": "Debian 12's wordpress package, installed by scripts/bootstrap.sh",
  "6.8": "Debian 13's wordpress package, fetched with apt into .lumaleasing/wordpress-releases",
} as const;
export type WordPressRelease = keyof typeof WORDPRESS_RELEASES;
export const DEFAULT_RELEASE: WordPressRelease = "6.1";

export function isRelease(name: string): name is WordPressRelease {
  return Object.hasOwn(WORDPRESS_RELEASES, name);
}

export interface ReleaseTree {
  release: WordPressRelease;
  /** The exact version ($wp_version), e.g. 6.8.12. */
  version: string;
  /** The folder holding wp-settings.php. */
  root: string;
}

/** The tree of a release, fetching Debian 13's package the first time it is asked for. */
export async function releaseTree(release: WordPressRelease, log: (message: string) => void = () => {}): Promise<ReleaseTree> {
  let root = DEBIAN_WORDPRESS;
  if (release === "6.8") {
    root = (await fetchDebianWordPress({ suite: "trixie", log })).root;
  } else if (!(await exists(`${root}/wp-settings.php`))) {
    throw new Error(`WordPress ${release} needs ${WORDPRESS_RELEASES[release]} (${root} is missing)`);
  }
  const version = await treeVersion(root);
  if (version !== release && !version.startsWith(`${release}.`)) {
    throw new Error(`WordPress ${release} was asked for, but ${root} holds ${version}`);
  }
  return { release, version, root };
}

export async function treeVersion(root: string): Promise<string> {
  const text = await Deno.readTextFile(`${root}/wp-includes/version.php`);
  const version = text.match(/^\$wp_version\s*=\s*'([^']+)'/m)?.[1];
  if (!version) throw new Error(`${root}/wp-includes/version.php names no $wp_version`);
  return version;
}

/** Release names from a list such as "6.1,6.8" (LUMALEASING_WORDPRESS_VERSION). */
export function parseReleases(raw: string | undefined): WordPressRelease[] {
  const names = (raw ?? DEFAULT_RELEASE).split(/[\s,]+/).filter(Boolean);
  const bad = names.filter((name) => !isRelease(name));
  if (bad.length || !names.length) {
    throw new Error(
      `LUMALEASING_WORDPRESS_VERSION names WordPress releases (${Object.keys(WORDPRESS_RELEASES).join(" or ")}, ` +
        `comma-separated for more than one), got "${raw}"`,
    );
  }
  return [...new Set(names)] as WordPressRelease[];
}

/**
 * A stack's WordPress state folder for a release: Debian 12's keeps the folder it always
 * had (`wordpress`), another release has its own database and tree (`wordpress-6.8`).
 */
export function siteStateDir(stackStateDir: string, release: WordPressRelease): string {
  return release === DEFAULT_RELEASE ? `${stackStateDir}/wordpress` : `${stackStateDir}/wordpress-${release}`;
}
