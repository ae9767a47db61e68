// The local WordPress's tree: a private copy of a WordPress release (hard links where
// possible) with the repository's plugin and Debian's block theme linked into wp-content.
import type { Layout } from "./layout.ts";
import { exists, run, sha256 } from "./processes.ts";
import { DEBIAN_WORDPRESS } from "./releases.ts";

/** Debian 12's block theme, used on every release. */
export const THEME_SOURCE = `${DEBIAN_WORDPRESS}/wp-content/themes/twentytwentythree`;
/** Bump when the way the tree is built changes, so existing state dirs are rebuilt. */
const TREE_LAYOUT = 2;
const pluginSource = new URL("../../plugin/lumaleasing", import.meta.url).pathname;

/**
 * A private copy of a WordPress release's tree (hard links where possible): WordPress finds
 * its wp-config.php next to its own files, so a symlinked tree would load Debian's instead.
 * `source` is the release's root: Debian's installed package or an unpacked one.
 */
export async function ensureTree(dirs: Layout, source = DEBIAN_WORDPRESS) {
  const version = await Deno.readTextFile(`${source}/wp-includes/version.php`);
  const stamp = `${dirs.www}/.lumaleasing-source`;
  // The system's tree keeps the stamp it always had; another tree adds its place.
  const from = source === DEBIAN_WORDPRESS ? "" : `\n${source}`;
  const wanted = (await sha256(`${TREE_LAYOUT}\n${version}${from}`)).slice(0, 32);
  const current = await Deno.readTextFile(stamp).catch(() => "");
  if (current.trim() !== wanted) {
    for await (const entry of Deno.readDir(dirs.www)) {
      if (entry.name === "wp-content" || entry.name === "wp-config.php") continue;
      await Deno.remove(`${dirs.www}/${entry.name}`, { recursive: true });
    }
    const sources: string[] = [];
    for await (const entry of Deno.readDir(source)) {
      if (["wp-content", "wp-config.php", ".htaccess"].includes(entry.name)) continue;
      sources.push(`${source}/${entry.name}`);
    }
    const linked = await new Deno.Command("cp", { args: ["-al", ...sources, `${dirs.www}/`], stderr: "null" })
      .output();
    if (!linked.success) await run("cp", ["-a", ...sources, `${dirs.www}/`]);
    await absolutiseSymlinks(source, dirs.www);
    await Deno.writeTextFile(stamp, wanted + "\n");
  }

  const content = `${dirs.www}/wp-content`;
  for (const dir of ["plugins", "themes", "uploads", "upgrade"]) {
    await Deno.mkdir(`${content}/${dir}`, { recursive: true });
  }
  await ensureSymlink(pluginSource, `${content}/plugins/lumaleasing`);
  await ensureSymlink(THEME_SOURCE, `${content}/themes/twentytwentythree`);
}

/**
 * Debian's tree links to shared libraries (underscore, getID3…) with relative symlinks,
 * which break once copied elsewhere: point the copies at the real files. A tree unpacked
 * elsewhere is read as if installed in /usr/share/wordpress, so its links reach the
 * system's libraries (the same Debian packages, installed with Debian 12's WordPress).
 */
export async function absolutiseSymlinks(source: string, copy: string, relative = "") {
  for await (const entry of Deno.readDir(`${source}${relative}`)) {
    const path = `${relative}/${entry.name}`;
    if (path === "/wp-content") continue;
    if (entry.isSymlink) {
      const target = await Deno.readLink(`${source}${path}`);
      if (target.startsWith("/")) continue;
      const installed = resolvePath(`${DEBIAN_WORDPRESS}${relative}`, target);
      const resolved = await Deno.realPath(`${source}${path}`).catch(() => null) ??
        (await exists(installed) ? await Deno.realPath(installed) : null);
      await Deno.remove(`${copy}${path}`).catch(() => {});
      if (resolved) await Deno.symlink(resolved, `${copy}${path}`);
    } else if (entry.isDirectory) {
      await absolutiseSymlinks(source, copy, path);
    }
  }
}

export async function ensureSymlink(target: string, path: string) {
  try {
    if ((await Deno.readLink(path)) === target) return;
    await Deno.remove(path, { recursive: true });
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      await Deno.remove(path, { recursive: true }).catch(() => {});
    }
  }
  await Deno.symlink(target, path);
}

/** `target` resolved against the folder `from` (both absolute, no symlinks followed). */
function resolvePath(from: string, target: string): string {
  const parts = from.split("/").filter(Boolean);
  for (const part of target.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return "/" + parts.join("/");
}
