// `npm run build`: the widget and admin assets (Vite), then dist/lumaleasing.zip — the
// plugin as WordPress installs it through Plugins → Add New → Upload.
import { repoRoot } from "./lib/config.ts";
import { run } from "./lib/process.ts";

console.log(await run("npx", ["vite", "build"], { cwd: repoRoot }));
await Deno.mkdir(`${repoRoot}/dist`, { recursive: true });
await Deno.remove(`${repoRoot}/dist/lumaleasing.zip`).catch(() => {});
await run("zip", ["-r", "-q", "-X", `${repoRoot}/dist/lumaleasing.zip`, "lumaleasing"], { cwd: `${repoRoot}/plugin` });
const listing = await run("unzip", ["-l", `${repoRoot}/dist/lumaleasing.zip`]);
const files = listing.split("\n").filter((l) => /lumaleasing\//.test(l)).length;
const { size } = await Deno.stat(`${repoRoot}/dist/lumaleasing.zip`);
console.log(`dist/lumaleasing.zip: ${files} entries, ${(size / 1024).toFixed(1)} KB`);
