// For the jobs' tests: the job code runs in the test process against the running stack's
// database and Google emulator, with its own clock (moved freely, without disturbing
// other suites), its own token key, and its own mail/SMS catcher (faults injected there
// reach nobody else). The clock starts far ahead of real time, so the stack's own cron
// runs (which use real time) never pick up these rows.
import postgres from "postgres";
import { type Catcher, startCatcher } from "../../../scripts/catcher/server.ts";
import { adminSql, createTestProperty, googleControl, stack, type TestProperty } from "../../../scripts/lib/test-support.ts";
import { settableClock } from "../_shared/adapters/clock.ts";
import { base64url, encryptText, randomToken, sha256Hex } from "../_shared/adapters/crypto.ts";
import { createEmailSender } from "../_shared/adapters/email.ts";
import { googleConfig } from "../_shared/adapters/google.ts";
import { createSmsSender } from "../_shared/adapters/sms.ts";
import { tokenService } from "../_shared/services/calendar-tokens.ts";
import type { JobAnswer } from "../_shared/contracts/jobs.ts";
import type { Deps } from "../_shared/services/deps.ts";
import type { Senders } from "../_shared/services/outbox-dispatch.ts";
import type { CaughtEmail, CaughtSms } from "../../../scripts/catcher/store.ts";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The emulator's built-in OAuth client (the stack's functions use the same). */
const GOOGLE_CLIENT = { id: "lumaleasing-local.apps.googleusercontent.com", secret: "local-client-secret" };

export interface Harness {
  d: Deps;
  clock: ReturnType<typeof settableClock>;
  catcher: Catcher;
  senders: Senders;
  admin: postgres.Sql;
  property: TestProperty;
  /** A quarter-hour about 400 days ahead: where each test's story starts. */
  t0: Date;
  close(): Promise<void>;
}

export async function harness(opts: { functionsUrl?: string; property?: Record<string, unknown> } = {}): Promise<Harness> {
  const info = await stack();
  const t0 = new Date(Math.ceil((Date.now() + 400 * DAY) / (15 * MINUTE)) * 15 * MINUTE);
  const clock = settableClock(t0, true);
  const sql = postgres(info.dbUrl, {
    prepare: false,
    max: 8,
    onnotice: () => {},
    types: { bigint: postgres.BigInt },
  });
  const google = googleConfig({
    get: (name: string) =>
      ({
        GOOGLE_CLIENT_ID: GOOGLE_CLIENT.id,
        GOOGLE_CLIENT_SECRET: GOOGLE_CLIENT.secret,
        GOOGLE_OAUTH_URL: info.googleUrl,
        GOOGLE_API_URL: info.googleUrl,
      })[name],
  });
  const encryptionKey = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const d: Deps = {
    sql,
    google,
    clock,
    encryptionKey,
    stateSecret: randomToken(32),
    functionsUrl: opts.functionsUrl ?? info.functionsUrl,
    tokens: tokenService({ sql, google, clock, encryptionKey }),
  };
  const catcher = await startCatcher({ port: 0, clock });
  const senders: Senders = {
    email: createEmailSender({ apiUrl: catcher.url, apiKey: "re_test", from: "Tours <tours@jobs.test>", timeoutMs: 5000 }),
    sms: createSmsSender({ apiUrl: catcher.url, accountSid: "AC" + "1".repeat(32), authToken: "test", from: "+13125550199" }),
    fromAddress: "tours@jobs.test",
  };
  const property = await createTestProperty(opts.property ?? {});
  return {
    d,
    clock,
    catcher,
    senders,
    admin: await adminSql(),
    property,
    t0,
    async close() {
      await catcher.close();
      await sql.end({ timeout: 2 });
    },
  };
}

export interface BookingInput {
  start: Date;
  createdAt: Date;
  minutes?: number;
  email?: string;
  phone?: string | null;
  smsConsent?: boolean;
  agentCalendarId?: string | null;
  firstName?: string;
}

let phoneSeq = 0;

/** A confirmed tour written straight into the table (as the booking routes would). */
export async function insertBooking(h: Harness, input: BookingInput): Promise<{ id: string; email: string; phone: string | null }> {
  const end = new Date(input.start.getTime() + (input.minutes ?? 30) * MINUTE);
  const email = input.email ?? `prospect-${randomToken(6).toLowerCase().replace(/[^a-z0-9]/g, "x")}@jobs.test`;
  const phone = input.phone === undefined ? `+1312555${String(1000 + (phoneSeq++ % 9000)).padStart(4, "0")}` : input.phone;
  const [row] = await h.admin`insert into public.tour_bookings (property_id, agent_calendar_id, start_at, end_at,
      blocked_range, status, source, first_name, last_name, email, phone, sms_consent, manage_token_hash, created_at, updated_at)
    values (${h.property.id}, ${input.agentCalendarId ?? null}, ${input.start}, ${end},
      tstzrange(${input.start}, ${new Date(end.getTime() + 15 * MINUTE)}), 'confirmed',
      ${input.agentCalendarId ? "widget" : "admin"},
      ${input.firstName ?? "Maria"}, 'Lopez', ${email}, ${phone}, ${input.smsConsent ?? true},
      ${await sha256Hex(randomToken(16))}, ${input.createdAt}, ${input.createdAt})
    returning id`;
  return { id: row.id, email, phone };
}

/** Queues outbox rows the way the booking routes do (admin connection, explicit times). */
export async function queue(h: Harness, kind: string, payload: Record<string, unknown>, dedupeKey: string, at = h.clock.now()) {
  await h.admin`insert into public.outbox (property_id, kind, payload, dedupe_key, next_attempt_at)
    values (${h.property.id}, ${kind}, ${h.admin.json(payload as never)}, ${dedupeKey}, ${at})`;
}

export async function emails(h: Harness, to?: string): Promise<CaughtEmail[]> {
  const res = await fetch(`${h.catcher.url}/api/messages?kind=email${to ? `&to=${encodeURIComponent(to)}` : ""}`);
  return ((await res.json()).messages as CaughtEmail[]).reverse();
}

export async function texts(h: Harness, to?: string): Promise<CaughtSms[]> {
  const res = await fetch(`${h.catcher.url}/api/messages?kind=sms${to ? `&to=${encodeURIComponent(to)}` : ""}`);
  return ((await res.json()).messages as CaughtSms[]).reverse();
}

export async function injectFault(h: Harness, fault: Record<string, unknown>) {
  const res = await fetch(`${h.catcher.url}/__control/faults`, { method: "POST", body: JSON.stringify(fault) });
  if (res.status !== 201) throw new Error(`fault not queued: ${await res.text()}`);
  await res.body?.cancel();
}

export async function clearFaults(h: Harness) {
  const res = await fetch(`${h.catcher.url}/__control/faults`, { method: "DELETE" });
  await res.body?.cancel();
}

/** A fresh Google account for this test (unique, so parallel suites never share one). */
export function uniqueAccount(label: string): string {
  return `${label}-${randomToken(6).toLowerCase().replace(/[^a-z0-9]/g, "x")}@jobs.test`;
}

/**
 * A calendar connected with a grant minted by the emulator, its tokens encrypted with the
 * harness's key — what the OAuth callback stores, without the browser round trip.
 */
export async function connectMinted(h: Harness, email: string, opts: { testing?: boolean } = {}): Promise<string> {
  await googleControl("accounts", { email, name: "Agent " + email.split("@")[0], timeZone: "America/Chicago", testing: opts.testing ?? false });
  const grant = await googleControl("grants", { email });
  const now = h.clock.now();
  const [row] = await h.admin`insert into public.agent_calendars (property_id, account_email, display_name, calendar_id, time_zone,
      access_token_enc, refresh_token_enc, access_token_expires_at, refresh_token_expires_at, scopes, token_status,
      connected_at, connected_by, last_refresh_at)
    values (${h.property.id}, ${email}, ${"Agent " + email.split("@")[0]}, ${email}, 'America/Chicago',
      ${await encryptText(grant.access_token, h.d.encryptionKey)}, ${await encryptText(grant.refresh_token, h.d.encryptionKey)},
      ${new Date(now.getTime() + grant.expires_in * 1000)},
      ${grant.refresh_token_expires_in ? new Date(now.getTime() + grant.refresh_token_expires_in * 1000) : null},
      ${grant.scope}, 'healthy', ${now}, 'test', ${now})
    returning id`;
  return row.id;
}

/** Polls until `check` returns something truthy (or throws after `ms`). */
export async function eventually<T>(what: string, check: () => Promise<T | null | undefined | false>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ---------------------------------------------------------------------------- jobs over HTTP, as pg_cron calls them

/** One invocation through the stack's functions, with the cron secret. */
export async function callJob(name: string, body: Record<string, unknown> = {}): Promise<{ status: number; body: JobAnswer & Record<string, unknown> }> {
  const s = await stack();
  const res = await fetch(`${s.functionsUrl}/lumaleasing-jobs/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${s.cronSecret}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/**
 * Every answer of a chain, by depth: the first (given) and each successor's, which pg_net
 * (the stack's stand-in) recorded in net._http_response. Waits until the chain's last link
 * (one that queued no successor) has answered.
 */
export async function chainAnswers(first: JobAnswer, ms = 30_000): Promise<JobAnswer[]> {
  const sql = await adminSql();
  const id = first.chain.id;
  return await eventually(`chain ${id} to finish`, async () => {
    const rows = await sql<{ content: string }[]>`select content from net._http_response
      where status_code = 200 and content like ${`%"id":"${id}"%`}`;
    const links = [first, ...rows.map((r) => JSON.parse(r.content) as JobAnswer)].sort((a, b) => a.chain.depth - b.chain.depth);
    return links.some((l) => !l.chain.successor) ? links : null;
  }, ms);
}

/** Pauses the stack's own pg_cron schedules (they would take the same rows) until the returned function is called. */
export async function pauseCron(): Promise<() => Promise<void>> {
  const sql = await adminSql();
  const paused = await sql<{ jobid: number }[]>`select jobid from cron.job where jobname like 'lumaleasing-%' and active`;
  for (const { jobid } of paused) await sql`select cron.alter_job(${jobid}::bigint, active := false)`;
  return async () => {
    for (const { jobid } of paused) await sql`select cron.alter_job(${jobid}::bigint, active := true)`;
  };
}
