// Debian 13's WordPress, fetched with a private apt: a clear error when the mirror cannot be
// reached, a refusal when the archive's signature does not verify, and a second fetch that
// reuses the cache without going online. Which releases the stack accepts.
import assert from "node:assert/strict";
import { DEBIAN_KEYRING, fetchDebianWordPress } from "./debian-release.ts";
import { wordpressReleasesFor } from "../lib/test-suites.ts";
import { parseReleases, releaseTree, siteStateDir, treeVersion, WORDPRESS_RELEASES } from "./releases.ts";

/** A port on 127.0.0.1 that nothing listens on (taken, then let go). */
function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

const exists = (path: string) => Deno.stat(path).then(() => true, () => false);

Deno.test("an unreachable mirror: a clear error naming the mirror, and nothing cached", async () => {
  const cacheDir = await Deno.makeTempDir({ prefix: "lumaleasing-releases-" });
  try {
    const mirror = `http://127.0.0.1:${closedPort()}/debian`;
    const error = await fetchDebianWordPress({ cacheDir, mirror }).then(() => null, (e: Error) => e);
    assert.ok(error, "the fetch failed");
    assert.match(error.message, /could not reach the Debian mirror/);
    assert.ok(error.message.includes(mirror), "the message names the mirror");
    assert.match(error.message, /LUMALEASING_DEBIAN_MIRROR/);
    assert.equal(await exists(`${cacheDir}/trixie/root`), false, "no tree is cached");
    console.log(`  ${mirror}: "${error.message.split("\n")[0]}"; no tree cached`);
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("the archive's signature is checked: a keyring without trixie's keys is refused", async () => {
  // Debian 11's release key alone cannot verify trixie's Release file.
  const keyring = "/usr/share/keyrings/debian-archive-bullseye-stable.gpg";
  if (!(await exists(keyring))) throw new Error(`${keyring} is missing (debian-archive-keyring)`);
  const cacheDir = await Deno.makeTempDir({ prefix: "lumaleasing-releases-" });
  try {
    const error = await fetchDebianWordPress({ cacheDir, keyring }).then(() => null, (e: Error) => e);
    assert.ok(error, "the fetch failed");
    assert.match(error.message, /did not verify against/);
    assert.match(error.message, /NO_PUBKEY/);
    assert.equal(await exists(`${cacheDir}/trixie/root`), false, "no tree is cached");
    console.log(`  with ${keyring}: "${error.message.split("\n")[0]}"`);
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
});

Deno.test("a second fetch reuses the cached tree without going online", async () => {
  // The shared cache (the test stack's start fetched it already when a browser suite runs).
  const first = await fetchDebianWordPress({ keyring: DEBIAN_KEYRING });
  assert.match(first.packageVersion, /^6\.8\./);
  assert.equal(await treeVersion(first.root), first.packageVersion.replace(/\+.*$/, ""));
  // With a mirror that answers nothing, only the cache can serve it.
  const again = await fetchDebianWordPress({ mirror: `http://127.0.0.1:${closedPort()}/debian` });
  assert.equal(again.reused, true);
  assert.equal(again.root, first.root);
  assert.equal(again.packageVersion, first.packageVersion);
  const tree = await releaseTree("6.8");
  assert.equal(tree.root, first.root);
  console.log(`  wordpress ${first.packageVersion} (${first.reused ? "cached" : "fetched"}), then reused from ${again.root} with the mirror unreachable; WordPress ${tree.version}`);
});

Deno.test("the stack's WordPress releases: 6.1 by default, 6.8, or both; anything else refused", () => {
  assert.deepEqual(parseReleases(undefined), ["6.1"]);
  assert.deepEqual(parseReleases("6.8"), ["6.8"]);
  assert.deepEqual(parseReleases("6.1, 6.8"), ["6.1", "6.8"]);
  assert.throws(() => parseReleases("6.0"), /LUMALEASING_WORDPRESS_VERSION names WordPress releases \(6\.1 or 6\.8/);
  assert.throws(() => parseReleases(","), /LUMALEASING_WORDPRESS_VERSION/);
  assert.equal(siteStateDir("/s", "6.1"), "/s/wordpress");
  assert.equal(siteStateDir("/s", "6.8"), "/s/wordpress-6.8");
  // npm test asks for the second WordPress only when a WordPress browser file will run.
  assert.equal(wordpressReleasesFor([]), "6.1,6.8");
  assert.equal(wordpressReleasesFor(["browser"]), "6.1,6.8");
  assert.equal(wordpressReleasesFor(["wp-rules.e2e.test.ts"]), "6.1,6.8");
  assert.equal(wordpressReleasesFor(["keyboard.e2e.test.ts"]), "6.1");
  assert.equal(wordpressReleasesFor(["pgTAP"]), "6.1");
  console.log("  unset → 6.1; \"6.1, 6.8\" → both; \"6.0\" refused; state in wordpress/ and wordpress-6.8/; npm test -- browser or a wp-* file → 6.1,6.8, pgTAP → 6.1");
});

Deno.test("the plugin claims exactly the WordPress releases the browser tests run on", async () => {
  const plugin = new URL("../../plugin/lumaleasing/", import.meta.url).pathname;
  const readme = await Deno.readTextFile(`${plugin}readme.txt`);
  const header = await Deno.readTextFile(`${plugin}lumaleasing.php`);
  const tested = Object.keys(WORDPRESS_RELEASES).sort((a, b) => Number(a) - Number(b));
  const field = (text: string, name: string) => text.match(new RegExp(`^[ *]*${name}:\\s*(\\S+)`, "m"))?.[1];
  assert.equal(field(readme, "Requires at least"), tested[0], "readme.txt's Requires at least is the oldest release tested");
  assert.equal(field(header, "Requires at least"), tested[0], "the plugin header agrees");
  assert.equal(field(readme, "Tested up to"), tested.at(-1), "readme.txt's Tested up to is the newest release tested");
  console.log(`  readme.txt and lumaleasing.php: Requires at least ${tested[0]}, Tested up to ${tested.at(-1)} — the releases npm test runs`);
});
