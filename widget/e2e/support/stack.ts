// The running stack as the browser tests see it: its stack.json, a superuser Postgres
// connection for arranging and inspecting data, the catcher, the Google emulator's
// control API, and fresh properties made the way the Deno integration tests make them.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { connectThroughConsent } from "../../../scripts/lib/google-consent.ts";
import { insertTestProperty, type TestProperty } from "../../../scripts/lib/test-property.ts";
import { emulatorControl } from "../../../scripts/lib/google-control.ts";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

export interface StackInfo {
  functionsUrl: string;
  adminDbUrl: string;
  cronSecret: string;
  mailUrl?: string;
  googleUrl?: string;
  wordpressUrl?: string;
  wordpress?: WordPressSite;
  /** Every WordPress the stack runs (6.1 first; 6.8 too when the stack was asked for both). */
  wordpressSites?: WordPressSite[];
  demo: { propertyId: string; widgetKey: string; siteSecret: string; siteKey: string; origin: string };
}

export interface WordPressSite {
  url: string;
  adminUser: string;
  adminPassword: string;
  release?: string;
  version?: string;
  stateDir?: string;
}

export const stackFile = process.env.LUMALEASING_STACK_FILE ?? `${repoRoot}/.lumaleasing/stack.json`;
/** The stack's state folder (stack.json lives at its top). */
export const stateDir = dirname(stackFile);

/**
 * Which of the stack's WordPress sites the tests use: LUMALEASING_E2E_WORDPRESS=6.8 picks
 * that release's site (npm test runs the wp-* files once more on it); by default the first.
 */
export const wordpressRelease = process.env.LUMALEASING_E2E_WORDPRESS || undefined;

let info: StackInfo | undefined;
export function stack(): StackInfo {
  if (!info) {
    let read: StackInfo;
    try {
      read = JSON.parse(readFileSync(stackFile, "utf8")) as StackInfo;
    } catch (error) {
      throw new Error(`no running stack: could not read ${stackFile} (start one with npm start, or set LUMALEASING_STACK_FILE): ${error}`);
    }
    if (wordpressRelease) {
      const site = read.wordpressSites?.find((s) => s.release === wordpressRelease);
      if (!site) {
        const running = read.wordpressSites?.map((s) => s.release).join(", ") || "none";
        throw new Error(`LUMALEASING_E2E_WORDPRESS=${wordpressRelease}, but the stack in ${stackFile} runs WordPress ${running} (start it with LUMALEASING_WORDPRESS_VERSION=6.1,${wordpressRelease})`);
      }
      read = { ...read, wordpressUrl: site.url, wordpress: site };
    }
    info = read;
  }
  return info;
}

export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the stack has no ${what} (see ${stackFile})`);
  return value;
}

let admin: postgres.Sql | undefined;
/** Superuser connection for arranging and inspecting test data (never what the product uses). */
export function adminSql(): postgres.Sql {
  return admin ??= postgres(stack().adminDbUrl, { max: 2, onnotice: () => {} });
}
export async function closeAdminSql() {
  await admin?.end({ timeout: 2 });
  admin = undefined;
}

export const randomToken = (bytes = 16) => randomBytes(bytes).toString("base64url");

/** Polls `probe` until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last}` : ""}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

// ── the catcher ───────────────────────────────────────────────────────────────

export interface CaughtEmail {
  kind: "email";
  id: string;
  to: string[];
  subject: string;
  html: string | null;
  text: string | null;
  attachments: { filename: string; contentType: string; size: number; text: string | null }[];
}
export interface CaughtSms {
  kind: "sms";
  id: string;
  to: string;
  body: string;
}

export async function caughtMessages(to: string, kind: "email" | "sms"): Promise<(CaughtEmail | CaughtSms)[]> {
  const url = new URL("/api/messages", need(stack().mailUrl, "mail catcher"));
  url.searchParams.set("to", to);
  url.searchParams.set("kind", kind);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`catcher GET ${url} → ${res.status}`);
  return (await res.json()).messages;
}

/** The first caught email to `to` that `match` accepts (the outbox delivers after the booking commits: poll). */
export async function waitForEmail(to: string, timeoutMs = 20_000, match: (m: CaughtEmail) => boolean = () => true): Promise<CaughtEmail> {
  return await waitFor(`an email to ${to}`, async () => (await caughtMessages(to, "email") as CaughtEmail[]).find(match), timeoutMs, 500);
}
/**
 * The first caught text to `to` that `match` accepts. Test phone numbers come from the 100
 * fictional 555-01xx numbers, so on a long-lived stack a number has had texts before (other
 * tests, earlier runs, reminders): match on something only this booking's text holds.
 */
export async function waitForSms(to: string, timeoutMs = 20_000, match: (m: CaughtSms) => boolean = () => true): Promise<CaughtSms> {
  return await waitFor(`a text message to ${to}`, async () => (await caughtMessages(to, "sms") as CaughtSms[]).find(match), timeoutMs, 500);
}

// ── the Google emulator ───────────────────────────────────────────────────────

export async function googleControl(path: string, body?: unknown, method?: string) {
  return await emulatorControl(need(stack().googleUrl, "Google emulator"), path, body, method);
}

/** Runs one of the jobs pg_cron calls (reminders, outbox, calendar-health, …) now. */
export async function runJob(job: string, propertyId?: string) {
  const res = await fetch(`${stack().functionsUrl}/lumaleasing-jobs/${job}`, {
    method: "POST",
    headers: { authorization: `Bearer ${stack().cronSecret}`, "content-type": "application/json" },
    body: JSON.stringify(propertyId ? { propertyId } : {}),
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`job ${job} → ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

// ── properties and the widget API ─────────────────────────────────────────────

export type { TestProperty };

/**
 * A property of its own for one test, whose widget key allows `origin` (the page the test
 * serves). Chicago, the default hours, an hour's minimum notice.
 */
export async function createTestProperty(origin: string, overrides: Record<string, unknown> = {}): Promise<TestProperty> {
  // An hour's notice: a slot a test picks cannot start (and vanish) while the test runs.
  return await insertTestProperty(adminSql(), { origin, label: "E2E Property", overrides: { min_notice_minutes: 60, ...overrides } });
}

export async function widgetFetch(p: TestProperty, path: string, init: RequestInit & { ip?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("x-widget-key", p.widgetKey);
  headers.set("origin", p.origin);
  headers.set("x-forwarded-for", init.ip ?? "198.51.100.200");
  if (init.body && !headers.has("content-type")) headers.set("content-type", "application/json");
  return await fetch(`${stack().functionsUrl}/lumaleasing/${path}`, { ...init, headers });
}

export interface Slot {
  time: string;
  available: boolean;
  start: string;
}

/** The open slots of the first local date that has any, asked the way the widget asks. */
export async function firstOpenDay(p: TestProperty, from: string, days = 14): Promise<{ date: string; slots: Slot[] }> {
  const res = await widgetFetch(p, `tours/availability?from=${from}&days=${days}`);
  const body = await res.json();
  if (res.status !== 200) throw new Error(`availability → ${res.status}: ${JSON.stringify(body)}`);
  for (const date of body.availableDates as string[]) {
    const slots = (body.slotsByDate[date] as Slot[]).filter((s) => s.available);
    if (slots.length) return { date, slots };
  }
  throw new Error(`no open slot in ${days} days from ${from}`);
}

/** Books through the widget API as another visitor would (own address, own idempotency key). */
export async function bookViaApi(p: TestProperty, start: string, who: { email: string; phone?: string; smsConsent?: boolean }) {
  const res = await widgetFetch(p, "tours", {
    method: "POST",
    headers: { "idempotency-key": crypto.randomUUID() },
    ip: `198.51.100.${Math.floor(Math.random() * 200) + 1}`,
    body: JSON.stringify({ start, firstName: "Other", lastName: "Visitor", smsConsent: false, ...who }),
  });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`booking ${start} → ${res.status}: ${JSON.stringify(body)}`);
  return body.booking as { id: string; start: string; end: string; manageUrl: string; status: string };
}

/** Today's date (YYYY-MM-DD) in a zone, as the widget computes its first day. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

// ── Google Calendar connection (the OAuth round trip, answered without a browser) ──

/** Connects `email`'s calendar to `p`: ticket, connect route, the emulator's consent (Allow), callback. */
export async function connectCalendar(p: TestProperty, email: string): Promise<string> {
  await googleControl("accounts", { email, name: email.split("@")[0], timeZone: "America/Chicago" });
  const back = await connectThroughConsent({
    functionsUrl: stack().functionsUrl,
    siteSecret: p.siteSecret,
    email,
    returnUrl: `${p.origin}/wp-admin/options-general.php?page=lumaleasing`,
  });
  if (back.searchParams.get("lumaleasing_calendar") !== "connected") throw new Error(`connecting ${email} ended with ${back}`);
  const [row] = await adminSql()`select id from public.agent_calendars where property_id = ${p.id} and account_email = ${email.toLowerCase()}`;
  return row.id;
}

/** A test property with one freshly connected Google calendar, owned by `agent`. */
export type BookableProperty = TestProperty & { agent: string };

/** A property with one freshly connected (empty, so wide open) Google calendar. */
export async function createBookableProperty(origin: string, overrides: Record<string, unknown> = {}): Promise<BookableProperty> {
  const p = await createTestProperty(origin, overrides);
  const agent = `agent-${p.id.slice(0, 8)}@example.com`;
  await connectCalendar(p, agent);
  return { ...p, agent };
}
