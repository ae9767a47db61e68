// Benchmark of the scheduled jobs at scale, against a running stack (its functions, database,
// pg_net stand-in, mail catcher and Google emulator): 10,000 tours whose reminder is due and
// 2,000 connected calendars. Each job is triggered once, over HTTP as pg_cron calls it, and
// left to drain its backlog as a chain of invocations (each queues its successor through
// pg_net); the stack's own pg_cron schedules are paused meanwhile.
//
//   npm run bench -- jobs-scale                 # on a private stack
//   npx deno run -A scripts/bench/jobs-scale.bench.ts [--reminders 10000] [--calendars 2000] [--keep]
//
// Per job it prints the time to drain (goal: under 60 s), the number of invocations, and the
// largest CPU and wall time of any one invocation (goal: CPU under 1 s; wall under 60 s), each
// with PASS/FAIL; and it checks the work: every reminder claimed and sent exactly once (the
// catcher, by idempotency key), every calendar checked once by calendar-health (one Calendar
// call each) and seen to once by watch-renewal (one channel each). Exits 1 if a goal or a
// check fails. The bench property is deleted afterwards unless --keep.
import postgres from "postgres";
import { readStackInfo } from "../lib/config.ts";
import { emulatorControl } from "../lib/google-control.ts";
import { encryptText } from "../../supabase/functions/_shared/adapters/crypto.ts";
import type { JobAnswer } from "../../supabase/functions/_shared/contracts/jobs.ts";
import { benchTag, createBenchProperty, seedDueReminders, stackNow } from "./bench-seed.ts";

const GOAL_DRAIN_MS = 60_000;
const GOAL_CPU_MS = 1000;
const GOAL_WALL_MS = 60_000;
const args = Deno.args;
const arg = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : NaN) || fallback;
const reminders = arg("--reminders", 10_000);
const calendars = arg("--calendars", 2_000);
const keep = args.includes("--keep");

const info = await readStackInfo();
if (!info.mailUrl || !info.googleUrl) throw new Error("the stack has no mail catcher or no Google emulator");
if (!info.tokenEncryptionKey) throw new Error("the stack file has no tokenEncryptionKey (start the stack from this checkout)");
const sql = postgres(info.adminDbUrl, { max: 4, onnotice: () => {} });
const google = (path: string, body?: unknown, method?: string) => emulatorControl(info.googleUrl!, path, body, method);

/** One invocation's answer, and the CPU the runtime itself accounted to the request (its x-lumaleasing-cpu-ms header), if any. */
interface Link {
  answer: JobAnswer;
  runtimeCpuMs: number | null;
  /** The runtime's figure is its wall time (it cannot read CPU either): an upper bound. */
  runtimeCpuIsWall?: boolean;
}

const headerCpu = (value: string | null | undefined) => (value ? Number(value) : null);

async function callJob(name: string, body: Record<string, unknown>): Promise<Link> {
  const res = await fetch(`${info.functionsUrl}/lumaleasing-jobs/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${info.cronSecret}` },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${name} → ${res.status}: ${JSON.stringify(json)}`);
  return { answer: json as JobAnswer, runtimeCpuMs: headerCpu(res.headers.get("x-lumaleasing-cpu-ms")) };
}

async function pool<T>(items: T[], size: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

const now = await stackNow(info.functionsUrl);
const tag = benchTag();

// The stack's own schedules would take the same rows (and share the functions' CPU): paused.
const paused = await sql<{ jobid: number }[]>`select jobid from cron.job where jobname like 'lumaleasing-%' and active`;
for (const { jobid } of paused) await sql`select cron.alter_job(${jobid}::bigint, active := false)`;

const property = await createBenchProperty(sql, tag);

interface Drained {
  job: string;
  links: Link[];
  drainMs: number;
}

/** Triggers `job` once and waits for its chain's last link; the drain time is the database's (start → last answer recorded). */
async function drain(job: string): Promise<Drained> {
  const [{ t0 }] = await sql<{ t0: Date }[]>`select clock_timestamp() as t0`;
  const first = await callJob(job, { propertyId: property.id });
  const [{ t1 }] = await sql<{ t1: Date }[]>`select clock_timestamp() as t1`;
  const id = first.answer.chain.id;
  const deadline = performance.now() + 5 * GOAL_DRAIN_MS;
  for (;;) {
    const rows = await sql<{ content: string; headers: Record<string, string> | null; created: Date; status_code: number | null; error_msg: string | null }[]>`
      select content, headers, created, status_code, error_msg from net._http_response
      where content like ${`%"id":"${id}"%`} or (status_code is distinct from 200 and created >= ${t0})`;
    const failed = rows.find((r) => r.status_code !== 200);
    if (failed) throw new Error(`${job}: a link failed: ${failed.status_code ?? ""} ${failed.error_msg ?? failed.content}`);
    const successors = rows.map((r) => ({
      answer: JSON.parse(r.content) as JobAnswer,
      runtimeCpuMs: headerCpu(r.headers?.["x-lumaleasing-cpu-ms"]),
      created: r.created,
    }));
    const links = [{ ...first, created: t1 }, ...successors].sort((a, b) => a.answer.chain.depth - b.answer.chain.depth);
    const last = links.find((l) => !l.answer.chain.successor);
    if (last) {
      await attachRuntimeUsage(job, links, t0);
      return { job, links, drainMs: last.created.getTime() - t0.getTime() };
    }
    if (performance.now() > deadline) throw new Error(`${job}: the chain did not finish (${links.length} links so far)`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The gateway's own record of each request (GET /__local/usage: CPU and wall per request, as
 * the runtime accounted them), matched to the chain's links in order — the links of one chain
 * run one after another, and nothing else calls this job while the bench runs.
 */
async function attachRuntimeUsage(job: string, links: Link[], since: Date) {
  const res = await fetch(`${new URL(info.functionsUrl).origin}/__local/usage`).catch(() => null);
  if (!res?.ok) return void await res?.body?.cancel();
  const { usage } = await res.json() as { usage: Array<{ fn: string; kind: string; path?: string; cpuMs: number; wallMs: number; at: string }> };
  const mine = usage.filter((u) => u.fn === "lumaleasing-jobs" && u.kind === "request" && u.path?.endsWith(`/lumaleasing-jobs/${job}`) &&
    Date.parse(u.at) >= since.getTime()).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  if (mine.length !== links.length) return;
  links.forEach((l, i) => {
    if (l.runtimeCpuMs !== null) return;
    l.runtimeCpuMs = mine[i].cpuMs;
    l.runtimeCpuIsWall = Math.abs(mine[i].cpuMs - mine[i].wallMs) < 0.5;
  });
}

const verdicts: string[] = [];
const problems: string[] = [];
const check = (ok: boolean, what: string) => {
  if (!ok) problems.push(what);
};

/**
 * An invocation's CPU: its own reading of its thread (cpu.ts) where the runtime lets it read
 * one, else what the runtime accounted to the request (which, where it cannot read CPU
 * either, is the request's wall time: an upper bound).
 */
function cpuOf(l: Link): { ms: number | null; source: string } {
  if (l.answer.cpuMs !== null) return { ms: l.answer.cpuMs, source: "its thread's CPU, read by the job" };
  if (l.runtimeCpuMs !== null) {
    return { ms: l.runtimeCpuMs, source: l.runtimeCpuIsWall ? "the runtime's figure, its wall time here: an upper bound" : "the runtime's per-request figure" };
  }
  return { ms: null, source: "not measurable" };
}

function report(d: Drained, sum: (l: JobAnswer) => number, unit: string) {
  const cpu = d.links.map(cpuOf);
  const maxCpu = cpu.some((c) => c.ms === null) ? null : Math.max(...cpu.map((c) => c.ms!));
  const sources = [...new Set(cpu.map((c) => c.source))].join(", ");
  const maxWall = Math.max(...d.links.map((l) => l.answer.wallMs));
  const counts = d.links.map((l) => sum(l.answer));
  const total = counts.reduce((n, c) => n + c, 0);
  const limits = d.links[0].answer.limits;
  const pass = (ok: boolean) => (ok ? "PASS" : "FAIL");
  console.log(`\n${d.job}: ${total} ${unit} in ${d.links.length} invocation(s), drained in ${(d.drainMs / 1000).toFixed(1)} s`);
  console.log(`  limits: ${limits.cpuMs} ms CPU, ${limits.wallMs} ms wall${limits.cpuMeasured ? "" : " (CPU not readable: wall stands in)"}, batch ${limits.batch}`);
  console.log(`  largest invocation: ${maxCpu === null ? "CPU not measurable" : `${maxCpu.toFixed(0)} ms CPU (${sources})`}, ` +
    `${maxWall.toFixed(0)} ms wall; per invocation ${Math.min(...counts)}–${Math.max(...counts)} ${unit}`);
  const goals: Array<[string, boolean]> = [
    [`drain < ${GOAL_DRAIN_MS / 1000} s`, d.drainMs < GOAL_DRAIN_MS],
    [`CPU per invocation < ${GOAL_CPU_MS} ms`, maxCpu !== null && maxCpu < GOAL_CPU_MS],
    [`wall per invocation < ${GOAL_WALL_MS / 1000} s`, maxWall < GOAL_WALL_MS],
  ];
  for (const [goal, ok] of goals) {
    console.log(`  ${pass(ok)} ${goal}`);
    verdicts.push(`${pass(ok)} ${d.job}: ${goal}`);
  }
  return total;
}

try {
  // ── the backlog ──────────────────────────────────────────────────────────────
  await seedDueReminders(sql, property.id, tag, now, reminders);

  // Each calendar: an account and a grant in the emulator, its tokens encrypted as the app stores them.
  const seeded = performance.now();
  const rows: Record<string, unknown>[] = [];
  await pool(Array.from({ length: calendars }, (_, i) => i), 16, async (i) => {
    const email = `agent-${tag}-${i}@bench.example`;
    await google("accounts", { email, name: `Agent ${i}`, timeZone: "America/Chicago" });
    const grant = await google("grants", { email });
    rows.push({
      property_id: property.id,
      account_email: email,
      display_name: `Agent ${i}`,
      calendar_id: email,
      time_zone: "America/Chicago",
      access_token_enc: await encryptText(grant.access_token, info.tokenEncryptionKey),
      refresh_token_enc: await encryptText(grant.refresh_token, info.tokenEncryptionKey),
      access_token_expires_at: new Date(now.getTime() + grant.expires_in * 1000),
      scopes: grant.scope,
      token_status: "healthy",
      connected_at: now,
      connected_by: "bench",
      last_refresh_at: now,
    });
  });
  for (let i = 0; i < rows.length; i += 500) await sql`insert into public.agent_calendars ${sql(rows.slice(i, i + 500))}`;
  console.log(`${reminders} tours due for a reminder and ${calendars} connected calendars (property ${property.id}; ` +
    `calendars seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s)`);

  // ── reminders ────────────────────────────────────────────────────────────────
  const r = await drain("reminders");
  const claimedTours = report(r, (l) => {
    const s = l.summary as Record<"24h" | "1h", { tours: number }>;
    return s["24h"].tours + s["1h"].tours;
  }, "tours claimed");
  const [claims] = await sql`select count(*) filter (where reminder_24h_sent_at is not null)::int as r24,
      count(*) filter (where reminder_1h_sent_at is not null)::int as r1 from public.tour_bookings where property_id = ${property.id}`;
  check(claimedTours === reminders, `reminders claimed ${claimedTours} across the chain, not ${reminders}`);
  check(claims.r24 + claims.r1 === reminders, `${claims.r24 + claims.r1} tours marked as reminded, not ${reminders}`);

  // ── outbox ───────────────────────────────────────────────────────────────────
  const o = await drain("outbox");
  const sent = report(o, (l) => (l.summary as { claimed: number }).claimed, "messages");
  const [stats] = await sql`select count(*)::int as rows, count(*) filter (where status = 'done')::int as done,
      count(*) filter (where attempts > 1)::int as retried, count(*) filter (where attempts = 0)::int as untouched
    from public.outbox where property_id = ${property.id}`;
  const caught = await (await fetch(`${info.mailUrl}/api/messages?kind=email`)).json();
  const keys = (caught.messages as Array<{ idempotencyKey: string | null; to: string[] }>)
    .filter((m) => m.to.some((t) => t.includes(`bench-${tag}-`)));
  const uniqueKeys = new Set(keys.map((m) => m.idempotencyKey)).size;
  console.log(`  outbox rows ${stats.rows}: ${stats.done} done, ${stats.retried} needed more than one attempt, ${stats.untouched} never claimed; ` +
    `the catcher got ${keys.length} emails with ${uniqueKeys} distinct idempotency keys`);
  check(sent === reminders, `the outbox chain claimed ${sent} messages, not ${reminders}`);
  check(stats.rows === reminders && stats.done === reminders, `${stats.done} of ${stats.rows} outbox rows done, expected ${reminders}`);
  check(stats.retried === 0, `${stats.retried} outbox rows were attempted more than once`);
  check(stats.untouched === 0, `${stats.untouched} outbox rows were never claimed`);
  check(keys.length === reminders, `the catcher got ${keys.length} emails, not ${reminders} (LUMALEASING_CATCHER_MAX_MESSAGES ≥ ${reminders}, as npm run bench sets)`);
  check(uniqueKeys === keys.length, `the catcher got ${keys.length - uniqueKeys} idempotency keys twice`);

  // ── calendar-health ──────────────────────────────────────────────────────────
  // The emulator counts calls per "METHOD /path" (its request log keeps only the latest 2,000).
  const counters = async () => (await google("counters")) as Record<string, number>;
  const settingsCall = "GET /calendar/v3/users/me/settings/timezone";
  const callsBefore = (await counters())[settingsCall] ?? 0;
  const healthStart = new Date((await (await fetch(`${new URL(info.functionsUrl).origin}/__local/clock`)).json()).now);
  const h = await drain("calendar-health");
  const checked = report(h, (l) => (l.summary as { checked: number }).checked, "calendars checked");
  const googleCalls = ((await counters())[settingsCall] ?? 0) - callsBefore;
  const [health] = await sql`select count(*) filter (where last_health_check_at >= ${healthStart})::int as stamped,
      count(*) filter (where token_status = 'healthy')::int as healthy
    from public.agent_calendars where property_id = ${property.id}`;
  const healthErrors = h.links.reduce((n, l) => n + (l.answer.summary as { errors: number }).errors, 0);
  console.log(`  ${health.stamped} calendars checked this round, ${health.healthy} healthy, ${googleCalls} Calendar calls, ${healthErrors} errors`);
  check(checked === calendars, `calendar-health checked ${checked} across the chain, not ${calendars} (each once)`);
  check(health.stamped === calendars, `${health.stamped} of ${calendars} calendars checked this round`);
  check(googleCalls === calendars, `calendar-health made ${googleCalls} Calendar calls for ${calendars} calendars`);
  check(healthErrors === 0, `calendar-health had ${healthErrors} errors`);

  // ── watch-renewal ────────────────────────────────────────────────────────────
  const watchCalls = async () =>
    Object.entries(await counters()).filter(([call]) => call.startsWith("POST ") && call.endsWith("/events/watch") && call.includes(`agent-${tag}-`));
  check((await watchCalls()).length === 0, "channels existed before watch-renewal ran");
  const [{ watchStart }] = await sql<{ watchStart: Date }[]>`select now() as "watchStart"`;
  const w = await drain("watch-renewal");
  const seen = report(w, (l) => (l.summary as { calendars: number }).calendars, "calendars seen to");
  const watches = await watchCalls();
  const watchedOnce = watches.filter(([, n]) => n === 1).length;
  const [watch] = await sql`select count(*) filter (where watch_checked_at >= ${watchStart})::int as stamped,
      count(distinct watch_channel_id)::int as channels, count(*) filter (where sync_token is not null)::int as synced
    from public.agent_calendars where property_id = ${property.id}`;
  const watchErrors = w.links.reduce((n, l) => n + (l.answer.summary as { errors: number }).errors, 0);
  console.log(`  ${watch.stamped} calendars seen to this round, ${watch.channels} channels, ${watch.synced} synced, ` +
    `events.watch called once for ${watchedOnce} calendars (${watches.length} calendars in all), ${watchErrors} errors`);
  check(seen === calendars, `watch-renewal saw to ${seen} calendars across the chain, not ${calendars} (each once)`);
  check(watch.stamped === calendars && watch.channels === calendars && watch.synced === calendars,
    `watch-renewal: ${watch.stamped} stamped, ${watch.channels} channels, ${watch.synced} synced of ${calendars}`);
  check(watchedOnce === calendars && watches.length === calendars, `events.watch once for ${watchedOnce} of ${calendars} calendars`);
  check(watchErrors === 0, `watch-renewal had ${watchErrors} errors`);

  console.log(`\n${verdicts.join("\n")}`);
  if (problems.length) console.error(`\nFAILED checks: ${problems.join("; ")}`);
  else console.log("\nok: every reminder sent once, every calendar checked once and seen to once");
  if (problems.length || verdicts.some((v) => v.startsWith("FAIL"))) Deno.exitCode = 1;
} finally {
  for (const { jobid } of paused) await sql`select cron.alter_job(${jobid}::bigint, active := true)`;
  if (!keep) await sql`delete from public.properties where id = ${property.id}`;
  await sql.end({ timeout: 2 });
}
