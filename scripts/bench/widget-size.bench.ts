// What the widget's gzipped bytes are made of, against the decided budget of 25 KB for one
// language's whole widget (the loader's 2 KB is checked by every build). Builds the English widget
// once whole, once as the bare stack (Preact + @preact/signals + hooks), and once without
// each feature; a feature's cost is how much smaller the widget is without it.
//
//   npm run bench -- widget-size
import { gzipSync } from "node:zlib";
import { repoRoot } from "../lib/config.ts";
import { run } from "../lib/process.ts";

/** Each feature and the modules that are only it. */
const FEATURES: Record<string, RegExp> = {
  "tour-intent detection": /widget\/src\/chat\/intent\.ts$/,
  "contact details in chat": /widget\/src\/chat\/contact\.ts$/,
  "FAQ answers": /widget\/src\/chat\/faq\.ts$/,
  "chat view": /widget\/src\/ui\/Chat\.tsx$/,
  "calendar view": /widget\/src\/(ui\/Calendar\.tsx|calendar\/grid\.ts)$/,
  "confirmation form": /widget\/src\/(ui\/Confirmation\.tsx|booking\/validate\.ts)$/,
  "success + add to calendar": /widget\/src\/(ui\/Success\.tsx|booking\/addToCalendar\.ts)$/,
  "manage view": /widget\/src\/ui\/Manage\.tsx$/,
  "stylesheet": /widget\/src\/ui\/styles\.css$/,
  "strings (one language)": /widget\/src\/i18n\/en\.ts$/,
};

const GOAL = 25 * 1024;
const CONFIG = "scripts/bench/widget-size.vite.config.ts";
const out = await Deno.makeTempDir({ prefix: "lumaleasing-size-" });

/** The English widget's gzipped size with the modules `stub` matches stubbed out. */
async function gzippedSize(stub: RegExp | "everything" | null): Promise<number> {
  await run("npx", ["vite", "build", "-c", CONFIG], {
    cwd: repoRoot,
    env: { LUMALEASING_SIZE_STUB: stub instanceof RegExp ? stub.source : stub ?? "", LUMALEASING_SIZE_OUT: out },
  });
  return gzipSync(await Deno.readFile(`${out}/lumaleasing-widget.js`), { level: 9 }).length;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`.padStart(9);

try {
  const whole = await gzippedSize(null);
  const stack = await gzippedSize("everything");
  const costs = [];
  for (const [feature, modules] of Object.entries(FEATURES)) costs.push({ feature, cost: whole - await gzippedSize(modules) });
  costs.sort((a, b) => b.cost - a.cost);

  const row = (label: string, bytes: number) => console.log(`${label.padEnd(62)}${kb(bytes)}`);
  row("whole widget (English), gzipped", whole);
  row("  the stack alone (Preact 11, @preact/signals, hooks)", stack);
  for (const { feature, cost } of costs) row(`  ${feature}`, cost);
  row("  the rest (state, API client, time formatting, focus, mount)", whole - stack - costs.reduce((sum, c) => sum + c.cost, 0));
  row("goal", GOAL);
  console.log(`${whole <= GOAL ? "PASS" : "FAIL"} whole widget ${kb(whole).trim()} ${whole <= GOAL ? "≤" : ">"} ${kb(GOAL).trim()}`);
  if (whole > GOAL) Deno.exitCode = 1;
} finally {
  await Deno.remove(out, { recursive: true });
}
