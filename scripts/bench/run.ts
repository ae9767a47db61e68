// `npm run bench`: every benchmark, each printing its numbers and PASS/FAIL against the
// goal the issues set. The API benchmarks run against a private stack of their own.
import { repoRoot } from "../lib/config.ts";
import { startPrivateStack } from "../lib/private-stack.ts";

const only = Deno.args.filter((a) => !a.startsWith("-"));
const benches = [
  { name: "engine", file: "scripts/bench/engine.bench.ts", stack: false },
  { name: "cold-start", file: "scripts/bench/cold-start.bench.ts", stack: false },
  { name: "availability-api", file: "scripts/bench/availability-api.bench.ts", stack: true },
  { name: "booking-api", file: "scripts/bench/booking-api.bench.ts", stack: true },
  { name: "reminders", file: "scripts/bench/reminders.bench.ts", stack: true },
  { name: "jobs-scale", file: "scripts/bench/jobs-scale.bench.ts", stack: true },
  { name: "widget", file: "scripts/bench/widget.bench.ts", stack: true },
  { name: "widget-size", file: "scripts/bench/widget-size.bench.ts", stack: false },
  { name: "tours-calendar", file: "scripts/bench/tours-calendar.bench.ts", stack: true },
  { name: "webhooks", file: "scripts/bench/webhooks.bench.ts", stack: true },
  { name: "portfolio-health", file: "scripts/bench/portfolio-health.bench.ts", stack: true },
  { name: "portfolio-metrics", file: "scripts/bench/portfolio-metrics.bench.ts", stack: true },
].filter((b) => !only.length || only.some((o) => b.name.includes(o)));

const exists = (path: string) => Deno.stat(`${repoRoot}/${path}`).then(() => true, () => false);
const needStack = (await Promise.all(benches.map(async (b) => b.stack && await exists(b.file)))).some(Boolean);
// LUMALEASING_BENCH_BASE_PORT moves the private stack (two checkouts can benchmark side by side);
// WordPress runs only for the widget benchmark (the demo page's layout shift).
const basePort = Number(Deno.env.get("LUMALEASING_BENCH_BASE_PORT") ?? 16320);
const needWordPress = benches.some((b) => b.name === "widget");
const stack = needStack
  ? await startPrivateStack("bench", basePort, {
    LUMALEASING_WORDPRESS: needWordPress ? "1" : "0",
    LUMALEASING_CATCHER_MAX_MESSAGES: "20000",
    // The webhook bench's receiver listens on this machine.
    LUMALEASING_WEBHOOK_ALLOW_LOOPBACK: "1",
  })
  : undefined;
const verdicts: string[] = [];
try {
  for (const bench of benches) {
    if (!(await exists(bench.file))) continue;
    console.log(`\n━━ ${bench.name} ━━`);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", bench.file],
      cwd: repoRoot,
      env: { ...Deno.env.toObject(), ...(stack ? { LUMALEASING_STACK_FILE: stack.stackFile } : {}) },
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    verdicts.push(`${out.success ? "PASS" : "FAIL"} ${bench.name}`);
  }
} finally {
  await stack?.stop();
}
console.log(`\n${verdicts.join("\n")}`);
if (verdicts.some((v) => v.startsWith("FAIL"))) Deno.exitCode = 1;
