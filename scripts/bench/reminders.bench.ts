// Benchmark of the reminders job and the outbox drain, against a running stack (its
// functions, database and mail catcher): 10,000 tours whose reminder is due now — half
// the 24-hour one, half the 1-hour one — then one `reminders` run and `outbox` runs until
// nothing is left, timed end to end through HTTP as pg_cron calls them.
//
//   npm start                                   # or any stack; the bench reads its stack file
//   npx deno run -A scripts/bench/reminders.bench.ts [--tours 10000] [--keep]
//
// Goal: under 60 s on 2 cores. Checks that every reminder was sent once: each tour
// claimed once, each outbox row done after exactly one attempt, no idempotency key twice
// among everything the catcher received. Exits 1 if the goal or a check fails. The bench property
// is deleted afterwards unless --keep.
import postgres from "postgres";
import { readStackInfo } from "../lib/config.ts";
import { benchTag, createBenchProperty, seedDueReminders, stackNow } from "./bench-seed.ts";

const GOAL_MS = 60_000;
const args = Deno.args;
const tours = Number(args[args.indexOf("--tours") + 1]) || 10_000;
const keep = args.includes("--keep");

const info = await readStackInfo();
if (!info.mailUrl) throw new Error("the stack has no mail catcher");
const sql = postgres(info.adminDbUrl, { max: 2, onnotice: () => {} });

async function job(name: string, body: unknown) {
  const res = await fetch(`${info.functionsUrl}/lumaleasing-jobs/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${info.cronSecret}` },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${name} → ${res.status}: ${JSON.stringify(json)}`);
  return json.summary;
}

const now = await stackNow(info.functionsUrl);
const tag = benchTag();
const property = await createBenchProperty(sql, tag);

try {
  await seedDueReminders(sql, property.id, tag, now, tours);
  console.log(`${tours} tours due for a reminder (property ${property.id})`);

  const started = performance.now();
  const reminders = await job("reminders", { propertyId: property.id });
  const afterReminders = performance.now();
  let runs = 0;
  for (;;) {
    const summary = await job("outbox", { propertyId: property.id });
    runs++;
    const [{ left }] = await sql`select count(*)::int as left from public.outbox where property_id = ${property.id} and status = 'pending'`;
    if (!left) break;
    if (summary.claimed === 0) await new Promise((r) => setTimeout(r, 200)); // rows leased by pg_cron's own run
    if (performance.now() - started > 5 * GOAL_MS) throw new Error("the outbox did not drain");
  }
  const finished = performance.now();

  const [stats] = await sql`select count(*)::int as rows, count(*) filter (where status = 'done')::int as done,
      count(*) filter (where attempts <> 1)::int as retried, count(distinct payload ->> 'bookingId')::int as bookings,
      count(*) filter (where last_error is not null)::int as skipped
    from public.outbox where property_id = ${property.id}`;
  const [claims] = await sql`select count(*) filter (where reminder_24h_sent_at is not null)::int as r24,
      count(*) filter (where reminder_1h_sent_at is not null)::int as r1 from public.tour_bookings where property_id = ${property.id}`;
  const caught = await (await fetch(`${info.mailUrl}/api/messages?kind=email`)).json();
  const keys = (caught.messages as Array<{ idempotencyKey: string | null; to: string[] }>)
    .filter((m) => m.to.some((t) => t.includes(`bench-${tag}-`)));
  const uniqueKeys = new Set(keys.map((m) => m.idempotencyKey)).size;

  const totalMs = finished - started;
  const remindersMs = afterReminders - started;
  console.log(`reminders run:  ${remindersMs.toFixed(0)} ms — ${JSON.stringify(reminders)}`);
  console.log(`outbox drain:   ${(finished - afterReminders).toFixed(0)} ms in ${runs} run(s), ${(stats.rows / ((finished - afterReminders) / 1000)).toFixed(0)} emails/s`);
  console.log(`total:          ${(totalMs / 1000).toFixed(1)} s (goal < ${GOAL_MS / 1000} s)`);
  console.log(`outbox rows:    ${stats.rows} (${stats.done} done, ${stats.retried} needed more than one attempt, ${stats.skipped} skipped), ${stats.bookings} bookings`);
  console.log(`claimed:        ${claims.r24} 24-hour + ${claims.r1} 1-hour reminders`);
  console.log(`catcher got:    ${keys.length} of them, ${uniqueKeys} distinct idempotency keys`);

  const problems = [
    stats.rows !== tours && `expected ${tours} outbox rows, found ${stats.rows}`,
    stats.done !== tours && `only ${stats.done} rows done`,
    stats.retried !== 0 && `${stats.retried} rows were attempted more than once`,
    stats.bookings !== tours && `rows cover ${stats.bookings} bookings, not ${tours}`,
    claims.r24 + claims.r1 !== tours && `claimed ${claims.r24 + claims.r1} reminders, not ${tours}`,
    uniqueKeys !== keys.length && `the catcher got ${keys.length - uniqueKeys} idempotency keys twice`,
    keys.length !== tours && `the catcher got ${keys.length} emails, not ${tours} (run with LUMALEASING_CATCHER_MAX_MESSAGES ≥ ${tours}, as npm run bench does)`,
    totalMs > GOAL_MS && `took ${(totalMs / 1000).toFixed(1)} s, goal is ${GOAL_MS / 1000} s`,
  ].filter(Boolean);
  if (problems.length) {
    console.error(`FAILED: ${problems.join("; ")}`);
    Deno.exitCode = 1;
  } else {
    console.log("ok: every reminder sent once, within the goal");
  }
} finally {
  if (!keep) await sql`delete from public.properties where id = ${property.id}`;
  await sql.end({ timeout: 2 });
}
