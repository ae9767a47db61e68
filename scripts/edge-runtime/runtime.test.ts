// The deploy-shaped runtime keeps the platform's rules: only supabase/functions/ and each
// function's own deno.json resolve, requests are limited in wall clock and memory, and each
// request's CPU time is measured.
import assert from "node:assert/strict";
import { repoRoot } from "../lib/config.ts";
import { functionSettings } from "../lib/supabase-config.ts";
import { edgeDeno, makeDeployView, runEdgeDeno, startWorker, type Usage } from "./runtime.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

/** A throwaway supabase/functions/ folder with the given files. */
async function fixture(files: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "lumaleasing-fixture-" });
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(`${dir}/${path.split("/").slice(0, -1).join("/")}`, { recursive: true });
    await Deno.writeTextFile(`${dir}/${path}`, text);
  }
  return dir;
}

async function boot(files: Record<string, string>, name: string, extra: { wallLimitMs?: number } = {}) {
  const view = await makeDeployView(await fixture(files));
  const usage: Usage[] = [];
  const lines: string[] = [];
  try {
    const worker = await startWorker(view, {
      name,
      entrypoint: `functions/${name}/index.ts`,
      env: {},
      onUsage: (u) => usage.push(u),
      log: (l) => lines.push(l),
      ...extra,
    });
    return { view, worker, usage, lines };
  } catch (err) {
    await view.close();
    throw err;
  }
}

Deno.test("runtime: the pinned Deno is the Edge Runtime's (2.1.x)", () => {
  const { version } = edgeDeno();
  assert.match(version, /^2\.1\.\d+$/);
  console.log(`  functions run on Deno ${version}`);
});

Deno.test("runtime: an import that leaves supabase/functions/ fails to boot, as on the platform", opts, async () => {
  await assert.rejects(
    boot({
      "outside/index.ts": `import "../../../scripts/lib/config.ts";\nDeno.serve(() => new Response("no"));`,
      "outside/deno.json": `{"imports": {}}`,
    }, "outside"),
    /Module not found/,
  );
  console.log("  ../../../scripts/… from a function: refused at boot");
});

Deno.test("runtime: an npm package missing from the function's deno.json does not resolve from node_modules", opts, async () => {
  await assert.rejects(
    boot({
      "bare/index.ts": `import fc from "fast-check";\nDeno.serve(() => new Response(String(fc)));`,
      "bare/deno.json": `{"imports": {}}`,
    }, "bare"),
    /"fast-check"/,
  );
  console.log("  fast-check (in the repository's node_modules, not in the function's deno.json): refused at boot");
});

Deno.test("runtime: CPU per request is measured; wall clock is limited", opts, async () => {
  const { view, worker } = await boot({
    "burn/index.ts": `Deno.serve(async (req) => {
      const url = new URL(req.url);
      if (url.searchParams.has("hang")) await new Promise(() => {});
      if (url.searchParams.has("wait")) await new Promise((r) => setTimeout(r, Number(url.searchParams.get("wait"))));
      // A fixed amount of work: its CPU time does not depend on how loaded the machine is.
      let x = 0;
      for (let i = 0; i < Number(url.searchParams.get("work") ?? 0); i++) x += Math.sqrt(i);
      return Response.json({ x });
    });`,
    "burn/deno.json": `{"imports": {}}`,
  }, "burn", { wallLimitMs: 800 });
  try {
    const call = async (q: string) => {
      const res = await fetch(`http://127.0.0.1:${worker.port}/burn?${q}`);
      await res.body?.cancel();
      return { status: res.status, cpu: Number(res.headers.get("x-lumaleasing-cpu-ms")) };
    };
    const idle = await call("work=0");
    const busy = await call("work=2000000");
    const waiting = await call("wait=400");
    assert.ok(idle.cpu < 20, `an idle request used ${idle.cpu} ms`);
    assert.ok(waiting.cpu < 20, `a request waiting 400 ms on a timer used ${waiting.cpu} ms`);
    assert.ok(busy.cpu > 40, `2·10⁶ square roots measured ${busy.cpu} ms`);
    const hung = await call("hang=1");
    assert.equal(hung.status, 546);
    console.log(`  idle request ${idle.cpu} ms CPU, 400 ms waiting ${waiting.cpu} ms CPU, 2·10⁶ square roots ${busy.cpu} ms CPU; a hung request → 546 at the wall-clock limit`);
  } finally {
    await worker.stop();
    await view.close();
  }
});

Deno.test("runtime: a function past 256 MB dies, like an isolate over its memory limit", opts, async () => {
  const { view, worker } = await boot({
    "hog/index.ts": `const keep: unknown[] = [];
      Deno.serve(() => { for (let i = 0; i < 400; i++) keep.push(new Array(1024 * 128).fill(i)); return new Response("survived"); });`,
    "hog/deno.json": `{"imports": {}}`,
  }, "hog");
  try {
    const res = await fetch(`http://127.0.0.1:${worker.port}/hog`).catch(() => null);
    await res?.body?.cancel();
    const deadline = Date.now() + 20_000;
    while (worker.alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(worker.alive(), false, "the process survived allocating ~400 MB");
    console.log("  allocating ~400 MB of arrays ended the process");
  } finally {
    await worker.stop();
    await view.close();
  }
});

Deno.test("runtime: every function's module graph stays inside supabase/functions/", opts, async () => {
  const view = await makeDeployView();
  try {
    for (const fn of await functionSettings(`${repoRoot}/supabase/config.toml`)) {
      const dir = `${view.functionsDir}/${fn.name}`;
      const res = await runEdgeDeno(["info", "--json", "--config", `${dir}/deno.json`, `${dir}/index.ts`], view.root);
      assert.ok(res.ok, res.stderr);
      const graph = JSON.parse(res.stdout) as {
        modules: Array<{ specifier: string; error?: string; dependencies?: Array<{ specifier: string; code?: { error?: string } }> }>;
      };
      const local = graph.modules.filter((m) => m.specifier.startsWith("file://"));
      const outside = local.filter((m) => !m.specifier.startsWith(`file://${view.functionsDir}/`));
      assert.deepEqual(outside.map((m) => m.specifier), []);
      const unresolved = graph.modules.flatMap((m) => [
        ...(m.error ? [`${m.specifier}: ${m.error}`] : []),
        ...(m.dependencies ?? []).filter((d) => d.code?.error).map((d) => `${d.specifier} in ${m.specifier}: ${d.code!.error}`),
      ]);
      assert.deepEqual(unresolved, []);
      console.log(`  ${fn.name}: ${local.length} local modules, all inside supabase/functions/`);
    }
  } finally {
    await view.close();
  }
});

