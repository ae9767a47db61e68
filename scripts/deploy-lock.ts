// `npm run deploy:lock`: writes each function's deno.lock with the Edge Runtime's Deno,
// resolving from a deploy view (supabase/functions/ only), so the committed lock is the
// one the platform and the local stack check against. Run it after changing a deno.json.
import { repoRoot } from "./lib/config.ts";
import { functionSettings } from "./lib/supabase-config.ts";
import { edgeDeno, makeDeployView, runEdgeDeno } from "./edge-runtime/runtime.ts";

const settings = await functionSettings(`${repoRoot}/supabase/config.toml`);
const view = await makeDeployView();
try {
  console.log(`locking with Deno ${edgeDeno().version}`);
  for (const fn of settings) {
    const dir = `${view.functionsDir}/${fn.name}`;
    await Deno.remove(`${dir}/deno.lock`).catch(() => {});
    const entry = `${view.root}/supabase/${fn.entrypoint.slice(`${repoRoot}/supabase/`.length)}`;
    const res = await runEdgeDeno(["cache", "--config", `${dir}/deno.json`, "--lock", `${dir}/deno.lock`, entry], view.root);
    if (!res.ok) {
      console.error(`${fn.name}: ${res.stderr.trim()}`);
      Deno.exit(1);
    }
    await Deno.copyFile(`${dir}/deno.lock`, `${repoRoot}/supabase/functions/${fn.name}/deno.lock`);
    const lock = JSON.parse(await Deno.readTextFile(`${dir}/deno.lock`));
    console.log(`${fn.name}: deno.lock with ${Object.keys(lock.npm ?? {}).length} npm packages`);
  }
} finally {
  await view.close();
}
