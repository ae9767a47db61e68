// Shared by the integration tests: the running stack, a fresh property per test, and
// a calendar connected the way a property manager does it (the real OAuth round trip).
import postgres from "postgres";
import { readStackInfo, type StackInfo } from "./config.ts";
import { insertTestProperty, type TestProperty } from "./test-property.ts";
import { connectThroughConsent } from "./google-consent.ts";
import { emulatorControl } from "./google-control.ts";

let info: StackInfo | undefined;
export async function stack(): Promise<StackInfo> {
  return info ??= await readStackInfo();
}

let admin: postgres.Sql | undefined;
/** A superuser connection for arranging and inspecting test data (never used by the product). */
export async function adminSql(): Promise<postgres.Sql> {
  return admin ??= postgres((await stack()).adminDbUrl, { max: 4, onnotice: () => {} });
}

export async function closeAdminSql() {
  await admin?.end({ timeout: 2 });
  admin = undefined;
}

export type { TestProperty };

export async function createTestProperty(overrides: Record<string, unknown> = {}): Promise<TestProperty> {
  return await insertTestProperty(await adminSql(), { origin: "http://widget.test", sitePath: "/tours/", overrides });
}

export async function widgetFetch(p: TestProperty, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("x-widget-key", p.widgetKey);
  headers.set("origin", p.origin);
  if (init.body && !headers.has("content-type")) headers.set("content-type", "application/json");
  return await fetch(`${(await stack()).functionsUrl}/lumaleasing/${path}`, { ...init, headers });
}

export async function siteFetch(p: TestProperty, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${p.siteSecret}`);
  headers.set("x-lumaleasing-property", p.id);
  if (init.body && !headers.has("content-type")) headers.set("content-type", "application/json");
  return await fetch(`${(await stack()).functionsUrl}/lumaleasing/${path}`, { ...init, headers });
}

export async function googleControl(path: string, body?: unknown, method?: string) {
  return await emulatorControl((await stack()).googleUrl!, path, body, method);
}

/** Makes sure the emulator knows this Google account (testing: a "Testing" app's 7-day grants). */
export async function googleAccount(email: string, opts: { name?: string; timeZone?: string; testing?: boolean } = {}) {
  await googleControl("accounts", {
    email,
    name: opts.name ?? email.split("@")[0],
    timeZone: opts.timeZone ?? "America/Chicago",
    ...(opts.testing ? { testingApp: true, testing: true } : {}),
  });
}

export interface ConnectResult {
  /** Where the browser ended: the WordPress page with the result in its query. */
  finalUrl: URL;
  calendarId?: string;
}

/**
 * Connects `email` the way a property manager does: ticket from the WordPress server,
 * the connect route, the emulator's consent page (Allow or Deny), the callback.
 */
export async function connectCalendar(
  p: TestProperty,
  email: string,
  opts: { decision?: "allow" | "deny"; testing?: boolean; returnUrl?: string } = {},
): Promise<ConnectResult> {
  await googleAccount(email, { testing: opts.testing });
  const finalUrl = await connectThroughConsent({
    functionsUrl: (await stack()).functionsUrl,
    siteSecret: p.siteSecret,
    email,
    decision: opts.decision,
    returnUrl: opts.returnUrl ?? `${p.origin}/wp-admin/options-general.php?page=lumaleasing`,
  });
  let calendarId: string | undefined;
  if (finalUrl.searchParams.get("lumaleasing_calendar") === "connected") {
    const sql = await adminSql();
    const [row] = await sql`select id from public.agent_calendars where property_id = ${p.id} and account_email = ${email.toLowerCase()}`;
    calendarId = row?.id;
  }
  return { finalUrl, calendarId };
}

/**
 * Moves the stack's one clock — the functions, the Google emulator and the catcher
 * together — to `now` (frozen there by default); null goes back to real time.
 */
export async function setClock(now: Date | null, frozen = true): Promise<Date> {
  return await moveClock({ now: now?.toISOString() ?? null, frozen: now ? frozen : false });
}

/** POST /__local/clock with `{now, frozen, advanceMs}`; answers the stack's now after the move. */
export async function moveClock(command: { now?: string | null; frozen?: boolean; advanceMs?: number }): Promise<Date> {
  const s = await stack();
  const res = await fetch(`${new URL(s.functionsUrl).origin}/__local/clock`, {
    method: "POST",
    body: JSON.stringify(command),
    headers: { "content-type": "application/json" },
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`the clock did not move (${res.status}): ${JSON.stringify(body)}`);
  return new Date(body.now);
}

/** The instant (ISO) of a wall-clock time on a local date in `timeZone` (Intl says which offset applies that day). */
export function localInstant(date: string, time: string, timeZone = "America/Chicago"): string {
  const guess = new Date(`${date}T${time}:00Z`);
  const offset = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
    .formatToParts(guess).find((p) => p.type === "timeZoneName")!.value; // "GMT-06:00"
  return new Date(`${date}T${time}:00${offset.replace("GMT", "")}`).toISOString();
}

/** The next local date (YYYY-MM-DD) in `timeZone` that falls on `weekday` (0 = Sunday), at least `minDaysAhead` days out. */
export function nextWeekday(weekday: number, timeZone = "America/Chicago", minDaysAhead = 1, from = new Date()): string {
  for (let i = minDaysAhead; i < minDaysAhead + 8; i++) {
    const d = new Date(from.getTime() + i * 86_400_000);
    const local = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", weekday: "short" })
      .formatToParts(d);
    const wd = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(local.find((x) => x.type === "weekday")!.value);
    if (wd === weekday) {
      const get = (t: string) => local.find((x) => x.type === t)!.value;
      return `${get("year")}-${get("month")}-${get("day")}`;
    }
  }
  throw new Error("unreachable");
}
