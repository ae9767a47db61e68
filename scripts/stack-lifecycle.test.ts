// The local stack keeps its promises: one clock for the functions and both emulators, a
// SIGTERM to `npm start` frees every port, and a start after an unclean stop comes up.
// The clock test uses the suite's stack; the others start stacks of their own on private
// ports (LUMALEASING_TEST_BASE_PORT + 41…47) without WordPress.
import assert from "node:assert/strict";
import { adminSql, closeAdminSql, createTestProperty, moveClock, setClock, stack } from "./lib/test-support.ts";
import { repoRoot } from "./lib/config.ts";
import { portIsFree, waitFor } from "./lib/process.ts";
import { cleanLeftovers, markedProcesses } from "./lib/leftovers.ts";
import { randomToken, sha256Hex } from "../supabase/functions/_shared/adapters/crypto.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const MINUTE = 60_000;

async function getJson(url: string) {
  const res = await fetch(url);
  return await res.json();
}

/** The stack's clock as each part of it sees it. */
async function clocks() {
  const s = await stack();
  const [stackNow, google, catcher] = await Promise.all([
    getJson(`${new URL(s.functionsUrl).origin}/__local/clock`),
    getJson(`${s.googleUrl}/__control/clock`),
    getJson(`${s.mailUrl}/__control/clock`),
  ]);
  return { stack: stackNow.now as string, google: google.now as string, catcher: catcher.now as string };
}

async function job(name: string, body: unknown) {
  const s = await stack();
  const res = await fetch(`${s.functionsUrl}/lumaleasing-jobs/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${s.cronSecret}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

Deno.test("clock: one clock moves the functions, the Google emulator and the catcher together", opts, async () => {
  const s = await stack();
  const t = new Date(Math.ceil((Date.now() + 2 * 24 * 60 * MINUTE) / MINUTE) * MINUTE);
  const property = await createTestProperty();
  try {
    assert.equal((await setClock(t)).toISOString(), t.toISOString());
    assert.deepEqual(await clocks(), { stack: t.toISOString(), google: t.toISOString(), catcher: t.toISOString() });
    console.log(`  set to ${t.toISOString()} (frozen): /__local/clock, the emulator's and the catcher's clocks all say so`);

    // The functions: a job runs at the stack's now, and a reminder it sends is stamped by the catcher at that now.
    const sql = await adminSql();
    const email = `clock-${randomToken(6).toLowerCase().replace(/[^a-z0-9]/g, "x")}@clock.test`;
    const start = new Date(t.getTime() + 45 * MINUTE);
    const end = new Date(start.getTime() + 30 * MINUTE);
    const created = new Date(t.getTime() - 2 * 60 * MINUTE);
    const [tour] = await sql`insert into public.tour_bookings (property_id, start_at, end_at, blocked_range, source,
        first_name, last_name, email, manage_token_hash, created_at, updated_at)
      values (${property.id}, ${start}, ${end}, tstzrange(${start}, ${end}), 'admin', 'Sam', 'Reyes', ${email},
        ${await sha256Hex(randomToken(16))}, ${created}, ${created}) returning id`;
    const reminders = await job("reminders", { propertyId: property.id });
    assert.equal(reminders.status, 200);
    assert.equal(reminders.body.now, t.toISOString());
    const [row] = await sql`select reminder_1h_sent_at as at from public.tour_bookings where id = ${tour.id}`;
    assert.equal(row.at?.toISOString(), t.toISOString(), "claimed at the stack's now (by this run or pg_cron's)");
    await job("outbox", { propertyId: property.id });
    const since = (at: Date) => `${s.mailUrl}/api/messages?to=${encodeURIComponent(email)}&since=${at.toISOString()}`;
    let caught: { receivedAt: string }[] = [];
    await waitFor("the reminder email", async () => (caught = (await getJson(since(t))).messages).length > 0, 15000);
    assert.equal(caught.length, 1);
    assert.equal(caught[0].receivedAt, t.toISOString());
    assert.equal((await getJson(since(new Date(t.getTime() + 1000)))).count, 0, "since= a second later finds nothing");
    console.log(`  reminders job ran at ${reminders.body.now}; the reminder was claimed then and caught at ${caught[0].receivedAt}`);
    console.log("  the catcher's since= compares with the stack's clock: since=now finds it, since=now+1 s does not");

    // advanceMs adds up, everywhere.
    await moveClock({ advanceMs: 90_000 });
    const after = await moveClock({ advanceMs: 90_000 });
    const expected = new Date(t.getTime() + 180_000).toISOString();
    assert.equal(after.toISOString(), expected);
    assert.deepEqual(await clocks(), { stack: expected, google: expected, catcher: expected });
    assert.equal((await job("reminders", { propertyId: property.id })).body.now, expected);
    console.log(`  advanceMs 90 s twice → ${expected} for the stack, a job, the emulator and the catcher`);

    // Bad input moves nothing.
    const origin = new URL(s.functionsUrl).origin;
    for (const bad of [{ now: "yesterday" }, { advanceMs: "10" }, { frozen: "yes" }, { nowMs: 1 }, [1]]) {
      const res = await fetch(`${origin}/__local/clock`, { method: "POST", body: JSON.stringify(bad) });
      const body = await res.json();
      assert.equal(res.status, 400, JSON.stringify(bad));
      assert.deepEqual([body.success, body.error.code], [false, "invalid_clock"]);
    }
    assert.deepEqual(await clocks(), { stack: expected, google: expected, catcher: expected });
    console.log("  a bad now, advanceMs, frozen, an unknown field or a non-object → 400 invalid_clock; no clock moved");
  } finally {
    await setClock(null);
    await closeAdminSql();
  }
  const back = await clocks();
  for (const [part, now] of Object.entries(back)) {
    assert.ok(Math.abs(Date.parse(now) - Date.now()) < 5000, `${part} is back on real time: ${now}`);
  }
  console.log("  {now: null} puts all three back on real time");
});

// ── stacks of their own ─────────────────────────────────────────────────────────────

const base = Number(Deno.env.get("LUMALEASING_TEST_BASE_PORT") ?? 15320) + 40;
const ports = { functions: base + 1, postgres: base + 2, mail: base + 4, google: base + 5, hubspot: base + 7 };
const stateDir = `${repoRoot}/.lumaleasing/lifecycle`;

interface Started {
  child: Deno.ChildProcess;
  output(): string;
  exited(): boolean;
  /** Resolves once stdout and stderr have ended (everything printed is in output()). */
  drained: Promise<void>;
}

/** Starts `cmd args` as the stack on the private ports and state folder; output is kept. */
function spawnStack(cmd: string, args: string[], env: Record<string, string> = {}, fresh = true): Started {
  // A killed stack leaves its stack.json: "ready" must come from this start.
  if (fresh) {
    try {
      Deno.removeSync(`${stateDir}/stack.json`);
    } catch { /* none */ }
  }
  const parentEnv = Deno.env.toObject();
  for (const key of ["LUMALEASING_NOW", "LUMALEASING_NOW_FROZEN", "LUMALEASING_STACK_FILE"]) delete parentEnv[key];
  const child = new Deno.Command(cmd, {
    args,
    cwd: repoRoot,
    env: {
      ...parentEnv,
      LUMALEASING_FUNCTIONS_PORT: String(ports.functions),
      LUMALEASING_DB_PORT: String(ports.postgres),
      LUMALEASING_MAIL_PORT: String(ports.mail),
      LUMALEASING_GOOGLE_PORT: String(ports.google),
      LUMALEASING_HUBSPOT_PORT: String(ports.hubspot),
      LUMALEASING_WORDPRESS: "0",
      LUMALEASING_STATE_DIR: stateDir,
      LUMALEASING_QUIET: "1",
      ...env,
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let output = "";
  const pumps = [child.stdout, child.stderr].map((stream) =>
    (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of stream) output = (output + decoder.decode(chunk, { stream: true })).slice(-100_000);
    })().catch(() => {})
  );
  let exited = false;
  child.status.then(() => exited = true);
  // The exit can be seen before the last of the output is read: wait for both streams to end.
  const drained = Promise.all(pumps).then(() => {});
  return { child, output: () => output, exited: () => exited, drained };
}

async function ready(started: Started) {
  try {
    await waitFor("the stack", async () => {
      if (started.exited()) throw new Error("the stack exited");
      return JSON.parse(await Deno.readTextFile(`${stateDir}/stack.json`)).ready === true;
    }, 240_000);
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : err}\n${started.output().slice(-3000)}`);
  }
}

async function busyPorts(): Promise<string[]> {
  const busy: string[] = [];
  for (const [name, port] of Object.entries(ports)) if (!(await portIsFree(port))) busy.push(`${name} ${port}`);
  return busy;
}

/** Waits until every port is free and no process of the state folder is left; returns how long it took. */
async function allGone(boundMs: number): Promise<number> {
  const started = Date.now();
  await waitFor("every port free and no stack process left", async () =>
    (await busyPorts()).length === 0 && (await markedProcesses(stateDir)).length === 0, boundMs);
  return Date.now() - started;
}

const deno = Deno.execPath();
const stackArgs = ["run", "-A", `${repoRoot}/scripts/stack.ts`];

// npm forwards SIGINT and SIGTERM to the script (which `exec`s the stack); it dies of
// SIGHUP without forwarding it, and the stack notices that its parent is gone.
for (const signal of ["SIGTERM", "SIGHUP"] as const) {
  Deno.test(`npm start: ${signal} to the npm process stops the whole stack and frees every port`, opts, async () => {
    await cleanLeftovers(stateDir); // of an earlier run of these tests that failed halfway
    const before = await busyPorts();
    assert.deepEqual(before, [], "the private ports are free to begin with");
    const npm = spawnStack("npm", ["start", "--silent"], { LUMALEASING_DEMO_CALENDARS: "0" });
    await ready(npm);
    assert.equal((await busyPorts()).length, Object.keys(ports).length, "functions, Postgres, the catcher and both emulators listen");
    const ours = await markedProcesses(stateDir);
    assert.ok(ours.length >= 3, `the gateway and its function processes carry the marker: ${ours}`);
    npm.child.kill(signal);
    const tookMs = await allGone(30_000);
    const status = await npm.child.status;
    console.log(`  npm start up (${ours.length} processes of the stack besides Postgres); ${signal} to npm (pid ${npm.child.pid})`);
    console.log(`  → all ${Object.keys(ports).length} ports free and no stack process left after ${tookMs} ms; npm exited (${status.signal ?? status.code})`);
    await waitFor("the lock to go", () => Deno.stat(`${stateDir}/stack.lock`).then(() => false, () => true), 5000);
  });
}

Deno.test("stack: a start after SIGKILL of the previous stack cleans its leftovers and comes up; a live one is still refused", opts, async () => {
  await cleanLeftovers(stateDir);
  const first = spawnStack(deno, stackArgs, { LUMALEASING_DEMO_CALENDARS: "0" });
  await ready(first);
  first.child.kill("SIGKILL");
  await first.child.status;
  const left = await busyPorts();
  assert.ok(left.length > 0, "a killed stack leaves its children behind");
  console.log(`  SIGKILL to the stack (pid ${first.child.pid}): still bound — ${left.join(", ")}`);

  // The next start, on the stack's own "now": the demo week is seeded around it.
  const now = "2031-05-06T15:00:00.000Z";
  const second = spawnStack(deno, stackArgs, { LUMALEASING_NOW: now, LUMALEASING_NOW_FROZEN: "1" });
  try {
    await ready(second);
    assert.match(second.output(), /stopped a leftover of an earlier stack: Postgres/);
    assert.match(second.output(), /stopped a leftover of an earlier stack: \d+ process\(es\)/);
    const info = JSON.parse(await Deno.readTextFile(`${stateDir}/stack.json`));
    const health = await fetch(`${info.functionsUrl}/lumaleasing/health`);
    assert.equal(health.status, 200);
    await health.body?.cancel();
    console.log(`  the next start stopped the leftovers and came up: ${second.output().match(/stopped a leftover[^\n]*/g)!.join("; ")}`);

    const stackClock = await getJson(`${new URL(info.functionsUrl).origin}/__local/clock`);
    const googleClock = await getJson(`${info.googleUrl}/__control/clock`);
    const mailClock = await getJson(`${info.mailUrl}/__control/clock`);
    assert.deepEqual([stackClock.now, googleClock.now, mailClock.now], [now, now, now]);
    const events = await getJson(`${info.googleUrl}/__control/calendars/pm%40example.com/events`);
    const days = [...new Set((events as Array<{ start: { date?: string; dateTime?: string } }>)
      .map((e) => (e.start.date ?? e.start.dateTime!).slice(0, 10)))].sort();
    assert.equal(days[0], "2031-05-06");
    assert.ok(days.at(-1)! <= "2031-05-12", days.join(" "));
    console.log(`  LUMALEASING_NOW=${now} frozen: functions, emulator and catcher say ${now}; the demo week runs ${days[0]} … ${days.at(-1)}`);

    const third = spawnStack(deno, stackArgs, {}, false);
    const status = await third.child.status;
    await third.drained;
    assert.equal(status.code, 1);
    assert.match(third.output(), /already running \(pid \d+\)/);
    console.log(`  a second start while it runs: exit 1, "${third.output().trim().split("\n").at(-1)}"`);
  } finally {
    second.child.kill("SIGTERM");
    await second.child.status;
  }
  const tookMs = await allGone(30_000);
  console.log(`  SIGTERM: every port free and no process left after ${tookMs} ms`);
});
