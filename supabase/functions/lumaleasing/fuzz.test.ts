// Property-based fuzzing of every route of both functions against the running stack, with
// a fixed seed: wrong types, missing and extra fields, huge strings, deep nesting, invalid
// UTF-8 and percent-escapes, NUL, odd dates and offsets, foreign ids, lying headers, other
// methods, repeated query parameters. Every answer must be below 500; every 4xx JSON with
// the error shape (browser pages excepted: they answer HTML); no stack trace or SQL text;
// and a refused request writes no row.
import assert from "node:assert/strict";
import fc from "fast-check";
import { randomToken, sha256Hex } from "../_shared/adapters/crypto.ts";
import {
  adminSql,
  closeAdminSql,
  connectCalendar,
  createTestProperty,
  nextWeekday,
  stack,
  type TestProperty,
} from "../../../scripts/lib/test-support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const SEED = 20261128;
/** A tour id no property has. */
const NO_TOUR = "00000000-0000-4000-8000-00000000dead";

// ── what is sent ────────────────────────────────────────────────────────────────────

type Auth = "widget" | "site" | "cron" | "portfolio" | "none";
interface Route {
  fn: "lumaleasing" | "lumaleasing-jobs";
  method: string;
  path: string;
  auth: Auth;
  /** A body or query that passes the contract, to mutate one field at a time. */
  valid?: Record<string, unknown>;
  query?: boolean;
  /** Browser pages: their 4xx are HTML by design. */
  html?: boolean;
  runs: number;
}

interface Fuzzed {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string | Uint8Array | null;
  auth: "valid" | "wrong" | "missing";
}

interface World {
  a: TestProperty;
  b: TestProperty;
  functionsUrl: string;
  cronSecret: string;
  slotStart: string;
  bCalendarId: string;
  aCalendarId: string;
  /** The portfolio key of an organization holding property A. */
  portfolioKey: string;
  bSessionId: string;
  aChannelId: string | null;
}

let world: World;

const uuid = fc.uuid();
const oddDates = [
  "0000-01-01", "0001-01-01", "0050-06-15", "0099-12-31", "0100-01-01", "0999-12-31", "9999-12-31", "2026-02-30",
  "2027-02-29", "2026-13-01", "2026-00-10", "2026-1-1", "26-01-01", "2026-03-08", "2026-11-01", "+02026-01-01",
];
const oddDateTimes = [
  "2026-03-08T02:30:00-06:00", // a DST gap in Chicago
  "2026-11-01T01:30:00-05:00", // a repeated hour
  "2026-12-01T10:00:00+14:00",
  "2026-12-01T10:00:00-12:00",
  "2026-12-01T10:00:00+25:00",
  "2026-12-01T10:00:00.123456789Z",
  "0000-01-01T00:00:00Z",
  "0099-12-31T23:59:59Z",
  "9999-12-31T23:59:59Z",
  "2026-02-30T10:00:00Z",
  "1970-01-01T00:00:00Z",
  "2026-12-01 10:00",
  "2026-12-01T24:00:00Z",
];
const nasty = [
  "", " ", "\u0000", "a\u0000b", "\ud800", "\udfff", "\uffff", "\ufeff", "\u202e", "😀", "０", "%ff", "%00", "%",
  "' or 1=1 --", "\"; drop table public.leads; --", "$1", "<script>alert(1)</script>", "null", "undefined", "NaN",
  "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "not-a-uuid",
  "123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000", "123e4567e89b12d3a456426614174000",
  "javascript:alert(1)", "http://", "https://example.com/\u0000", "mailto:x@y", "a@b", "ANA@EXAMPLE.COM",
  ...oddDates,
  ...oddDateTimes,
];

/** Ids of the other property, known only once the world is set up. */
const foreignIds = () => fc.constantFrom(world.b.id, world.bCalendarId, world.bSessionId, world.a.id);

const bigString = fc.constantFrom(4_096, 65_536, 1_000_000).chain((n) =>
  fc.constantFrom("x", "ä", "\u0000", "😀", "%ff").map((c) => c.repeat(Math.ceil(n / c.length)).slice(0, n))
);

const anyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...nasty) },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 2, arbitrary: uuid },
  { weight: 2, arbitrary: fc.constant(null).chain(() => foreignIds()) },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 1, arbitrary: bigString },
);

function nest(depth: number, leaf: unknown, asArray: boolean): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

const anyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { weight: 6, arbitrary: anyString },
    { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-1, 0, 1e308, -0, 2 ** 53 + 1)) },
    { weight: 2, arbitrary: fc.constantFrom(null, true, false) },
    { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), tie("value"), { maxKeys: 3 }) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(50, 1000, 5000), fc.boolean()).map(([d, arr]) => nest(d, "x", arr)) },
  ),
})).value;

/** A JSON body: the route's valid body with one thing changed, or anything at all. */
function bodyFor(route: Route): fc.Arbitrary<string | Uint8Array | null> {
  const valid = route.valid ?? {};
  const keys = Object.keys(valid);
  const mutated = fc.oneof(
    // one field replaced
    keys.length
      ? fc.tuple(fc.constantFrom(...keys), anyValue).map(([k, v]) => ({ ...valid, [k]: v }))
      : anyValue.map((v) => ({ value: v })),
    // one field missing
    keys.length ? fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(valid).filter(([x]) => x !== k))) : fc.constant({}),
    // extra fields, including ones that look like privileged columns
    fc.tuple(fc.constantFrom("property_id", "propertyId", "status", "__proto__", "constructor", "id", "x"), anyValue)
      .map(([k, v]) => ({ ...valid, [k]: v })),
    // the whole body replaced
    anyValue,
  ).map((v) => JSON.stringify(v) ?? "null");
  const raw = fc.oneof(
    fc.constantFrom("", "{", "{\"a\":", "[1,2", "nul", "\"\\u0000\"", "{\"sessionId\":\"\\ud800\"}", "{}".repeat(3), "\u0000"),
    fc.uint8Array({ maxLength: 64 }).map((b) => new Uint8Array([0x7b, 0x22, 0xff, 0xfe, ...b])), // invalid UTF-8
    fc.constant(null),
  );
  return fc.oneof({ weight: 8, arbitrary: mutated }, { weight: 2, arbitrary: raw });
}

function enc(s: string, raw: boolean) {
  return raw ? s.replace(/[&#=\s]/g, encodeURIComponent) : encodeURIComponent(s);
}

/** A query string: the valid one with a value changed, repeated parameters, raw bad escapes. */
function queryFor(route: Route): fc.Arbitrary<string> {
  const valid = Object.entries(route.valid ?? {}).map(([k, v]) => [k, String(v)] as [string, string]);
  const value = fc.oneof(anyString.map((s) => s.slice(0, 2_000)), fc.integer().map(String)); // URLs stay under 8 KB
  const entry = fc.tuple(fc.constantFrom(...valid.map(([k]) => k), "x", "from", "days", "token", "ticket", "state", "code"), value, fc.boolean());
  return fc.tuple(fc.array(entry, { maxLength: 4 }), fc.boolean(), fc.constantFrom("", "%ff", "%", "&&", "=", "%e0%80"))
    .map(([extra, keepValid, junk]) => {
      const parts = [
        ...(keepValid ? valid.map(([k, v]) => `${k}=${encodeURIComponent(v)}`) : []),
        ...extra.map(([k, v, raw]) => `${k}=${enc(v, raw)}`),
      ];
      if (junk) parts.push(junk);
      return parts.join("&");
    });
}

const contentTypes = fc.constantFrom(
  "application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
  "application/json; charset=latin1", "", "application/xml", "image/png",
);

function authHeaders(route: Route, mode: Fuzzed["auth"], wrong: string): Record<string, string> {
  const { a } = world;
  if (route.auth === "widget") {
    if (mode === "valid") return { "x-widget-key": a.widgetKey, origin: a.origin };
    if (mode === "wrong") return { "x-widget-key": wrong.slice(0, 200) || "x", origin: wrong.startsWith("h") ? "http://evil.test" : world.b.origin };
    return {};
  }
  if (route.auth === "site") {
    if (mode === "valid") return { authorization: `Bearer ${a.siteSecret}`, "x-lumaleasing-property": a.id };
    if (mode === "wrong") return { authorization: `Bearer ${wrong.slice(0, 200)}`, "x-lumaleasing-property": world.b.id };
    return {};
  }
  if (route.auth === "portfolio") {
    if (mode === "valid") return { authorization: `Bearer ${world.portfolioKey}` };
    if (mode === "wrong") return { authorization: `Bearer ${wrong.slice(0, 200)}` };
    return {};
  }
  if (route.auth === "cron") {
    if (mode === "valid") return { authorization: `Bearer ${world.cronSecret}` };
    if (mode === "wrong") return { authorization: `Basic ${btoa(wrong.slice(0, 50).replace(/[^\x20-\x7e]/g, "?"))}` };
    return {};
  }
  return {};
}

function headerSafe(s: string) {
  return s.replace(/[^\x20-\x7e]/g, "?");
}

function requestFor(route: Route): fc.Arbitrary<Fuzzed> {
  const methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"];
  return fc.record({
    method: fc.oneof({ weight: 9, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom(...methods) }),
    suffix: fc.oneof({ weight: 9, arbitrary: fc.constant("") }, { weight: 1, arbitrary: fc.constantFrom("/", "/%ff", "%2F..", "/x/y", "//") }),
    query: route.query ? queryFor(route) : fc.oneof({ weight: 9, arbitrary: fc.constant("") }, { weight: 1, arbitrary: queryFor(route) }),
    body: route.query ? fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: bodyFor(route) }) : bodyFor(route),
    auth: fc.oneof(
      { weight: 8, arbitrary: fc.constant("valid" as const) },
      { weight: 1, arbitrary: fc.constant("wrong" as const) },
      { weight: 1, arbitrary: fc.constant("missing" as const) },
    ),
    wrong: anyString.filter((s) => s.length < 1000),
    contentType: contentTypes,
    bigHeader: fc.oneof({ weight: 9, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(1_000, 8_000) }),
    idem: fc.option(anyString.map(headerSafe).filter((s) => s.length < 500), { nil: undefined }),
    goog: fc.record({
      channel: fc.oneof(uuid, fc.constant(world.aChannelId ?? "none"), anyString.map(headerSafe).filter((s) => s.length < 300)),
      token: anyString.map(headerSafe).filter((s) => s.length < 300),
      state: fc.constantFrom("sync", "exists", "not_exists", "", "?"),
    }),
  }).map((r) => {
    const headers: Record<string, string> = { ...authHeaders(route, r.auth, headerSafe(r.wrong)), "x-forwarded-for": "10.77.0.1" };
    if (r.contentType) headers["content-type"] = r.contentType;
    if (r.bigHeader) headers["user-agent"] = "u".repeat(r.bigHeader);
    if (r.idem !== undefined && route.path === "tours") headers["idempotency-key"] = r.idem;
    if (route.path === "calendar/webhook") {
      Object.assign(headers, {
        "x-goog-channel-id": r.goog.channel,
        "x-goog-channel-token": r.goog.token,
        "x-goog-resource-id": r.goog.token,
        "x-goog-resource-state": r.goog.state,
      });
    }
    let body = r.body;
    // A job run with the secret and no property would sweep every property: keep it to one.
    if (route.auth === "cron" && r.auth === "valid" && typeof body === "string") {
      try {
        const parsed = JSON.parse(body);
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed) && parsed.propertyId === undefined) {
          body = JSON.stringify({ ...parsed, propertyId: world.a.id });
        }
      } catch { /* not JSON: refused before any work */ }
    }
    if (route.auth === "cron" && r.auth === "valid" && (body === null || body === "")) body = JSON.stringify({ propertyId: world.a.id });
    if (["GET", "HEAD"].includes(r.method)) body = null; // fetch sends no body with these
    return { method: r.method, path: route.path + r.suffix, query: r.query, headers, body, auth: r.auth };
  });
}

// ── what is checked ─────────────────────────────────────────────────────────────────

const LEAKS = [/at file:\/\//i, /postgres/i, /syntax error/i, /violates/i, /\.ts:\d+:\d+/, /sqlstate/i, /relation "/i];

async function rowCounts(): Promise<string> {
  const sql = await adminSql();
  const ids = [world.a.id, world.b.id];
  const [row] = await sql`select
      (select count(*) from public.leads where property_id = any(${ids}))::int as leads,
      (select count(*) from public.widget_sessions where property_id = any(${ids}))::int as sessions,
      (select count(*) from public.tour_bookings where property_id = any(${ids}))::int as bookings,
      (select count(*) from public.tour_history where property_id = any(${ids}))::int as history,
      (select count(*) from public.outbox where property_id = any(${ids}))::int as outbox,
      (select count(*) from public.oauth_states where property_id = any(${ids}))::int as oauth_states,
      (select count(*) from public.agent_calendars where property_id = any(${ids}) and disconnected_at is null)::int as calendars,
      (select count(*) from public.calendar_token_refreshes where property_id = any(${ids}))::int as refreshes,
      (select count(*) from public.calendar_reconnect_requests where property_id = any(${ids}))::int as reconnect_requests`;
  return JSON.stringify(row);
}

const tally = { requests: 0, routes: new Set<string>(), serverErrors: 0, statuses: new Map<number, number>() };

async function send(route: Route, f: Fuzzed): Promise<void> {
  const url = `${world.functionsUrl}/${route.fn}/${f.path}${f.query ? `?${f.query}` : ""}`;
  const before = await rowCounts();
  const res = await fetch(url, { method: f.method, headers: f.headers, body: f.body as BodyInit | null, redirect: "manual" });
  const text = await res.text();
  tally.requests++;
  tally.routes.add(`${route.method} ${route.fn}/${route.path}`);
  tally.statuses.set(res.status, (tally.statuses.get(res.status) ?? 0) + 1);
  const what = `${f.method} ${route.fn}/${f.path}?${f.query.slice(0, 200)} (${f.auth}) body ${
    typeof f.body === "string" ? f.body.slice(0, 200) : f.body ? `${f.body.length} bytes` : "none"
  } → ${res.status} ${text.slice(0, 300)}`;
  if (res.status >= 500) tally.serverErrors++;
  assert.ok(res.status < 500, what);
  const sent = `${url} ${typeof f.body === "string" ? f.body : ""} ${JSON.stringify(f.headers)}`;
  for (const leak of LEAKS) assert.ok(!leak.test(text) || leak.test(sent), `${leak} in ${what}`);
  if (res.status >= 400) {
    if (f.method !== "HEAD" && !(route.html && /text\/html/.test(res.headers.get("content-type") ?? ""))) {
      let body: { success?: unknown; error?: { code?: unknown; message?: unknown } };
      try {
        body = JSON.parse(text);
      } catch {
        assert.fail(`not JSON: ${what}`);
      }
      assert.equal(body.success, false, what);
      assert.equal(typeof body.error?.code, "string", what);
      assert.equal(typeof body.error?.message, "string", what);
    }
    assert.equal(await rowCounts(), before, `rows changed by a refused request: ${what}`);
  }
}

async function fuzzRoute(route: Route) {
  await fc.assert(fc.asyncProperty(requestFor(route), (f) => send(route, f)), {
    seed: SEED,
    numRuns: route.runs,
    endOnFailure: true,
  });
}

// ── the world ───────────────────────────────────────────────────────────────────────

Deno.test("fuzz: set up two properties, a connected calendar each, a session at the other", opts, async () => {
  const s = await stack();
  const a = await createTestProperty();
  const b = await createTestProperty();
  const { calendarId: aCalendarId } = await connectCalendar(a, `fuzz-a-${a.id.slice(0, 8)}@example.com`);
  const { calendarId: bCalendarId } = await connectCalendar(b, `fuzz-b-${b.id.slice(0, 8)}@example.com`);
  const date = nextWeekday(4);
  const res = await fetch(`${s.functionsUrl}/lumaleasing/tours/availability?from=${date}&days=1`, {
    headers: { "x-widget-key": a.widgetKey, origin: a.origin },
  });
  const avail = await res.json();
  assert.equal(res.status, 200, JSON.stringify(avail));
  const bSessionId = crypto.randomUUID();
  const sql = await adminSql();
  await sql`insert into public.widget_sessions (id, property_id) values (${bSessionId}, ${b.id})`;
  const [channel] = await sql`select watch_channel_id from public.agent_calendars where property_id = ${a.id}`;
  const portfolioKey = `llpk_${randomToken(32)}`;
  const [org] = await sql`insert into public.organizations (name) values (${`Fuzz ${a.id.slice(0, 8)}`}) returning id`;
  await sql`insert into public.portfolio_keys (organization_id, key_hash, key_hint) values (${org.id}, ${await sha256Hex(portfolioKey)}, 'llpk_…')`;
  await sql`update public.properties set organization_id = ${org.id} where id = ${a.id}`;
  world = {
    a,
    b,
    functionsUrl: s.functionsUrl,
    cronSecret: s.cronSecret,
    slotStart: avail.slotsByDate[date][0].start,
    bCalendarId: bCalendarId!,
    aCalendarId: aCalendarId!,
    portfolioKey,
    bSessionId,
    aChannelId: channel?.watch_channel_id ?? null,
  };
  console.log(`  properties ${a.id.slice(0, 8)} and ${b.id.slice(0, 8)}, first slot ${world.slotStart}, seed ${SEED}`);
});

function routes(): Route[] {
  const token = "a".repeat(43);
  const booking = {
    start: world.slotStart,
    firstName: "Ana",
    lastName: "Diaz",
    email: "ana@example.com",
    phone: "(312) 555-0199",
    specialRequests: "Ground floor",
    smsConsent: false,
    moveInDate: "2027-01-15",
    bedrooms: 2,
    pets: "cat",
    sessionId: world.bSessionId,
  };
  const office = { by: { wpUserId: 7, wpUserName: "Lena" } };
  return [
    { fn: "lumaleasing", method: "GET", path: "health", auth: "none", runs: 20 },
    { fn: "lumaleasing", method: "OPTIONS", path: "tours", auth: "none", runs: 30 },
    { fn: "lumaleasing", method: "GET", path: "config", auth: "widget", runs: 60 },
    { fn: "lumaleasing", method: "GET", path: "tours/availability", auth: "widget", query: true, valid: { from: nextWeekday(2), days: 7 }, runs: 160 },
    { fn: "lumaleasing", method: "POST", path: "tours", auth: "widget", valid: booking, runs: 220 },
    { fn: "lumaleasing", method: "GET", path: "tours/manage", auth: "widget", query: true, valid: { token }, runs: 60 },
    { fn: "lumaleasing", method: "POST", path: "tours/manage/cancel", auth: "widget", valid: { token }, runs: 60 },
    { fn: "lumaleasing", method: "POST", path: "tours/manage/reschedule", auth: "widget", valid: { token, start: world.slotStart }, runs: 80 },
    { fn: "lumaleasing", method: "POST", path: "chat/lead", auth: "widget", valid: { sessionId: world.bSessionId, firstName: "Ana", email: "ana@example.com", phone: "3125550199" }, runs: 160 },
    { fn: "lumaleasing", method: "GET", path: "calendar/connect", auth: "none", query: true, valid: { ticket: "x.y" }, html: true, runs: 50 },
    { fn: "lumaleasing", method: "GET", path: "calendar/connect", auth: "none", query: true, valid: { ticket: `llct_${token}` }, html: true, runs: 30 },
    { fn: "lumaleasing", method: "GET", path: "calendar/connected", auth: "none", query: true, valid: { lumaleasing_calendar: "connected", reason: "ticket_used" }, html: true, runs: 20 },
    { fn: "lumaleasing", method: "GET", path: "calendar/callback", auth: "none", query: true, valid: { state: "x.y", code: "c" }, html: true, runs: 50 },
    { fn: "lumaleasing", method: "POST", path: "calendar/webhook", auth: "none", runs: 60 },
    { fn: "lumaleasing", method: "GET", path: "admin/verify", auth: "site", runs: 40 },
    { fn: "lumaleasing", method: "POST", path: "admin/connect-ticket", auth: "site", valid: { wpUserId: 7, wpUserEmail: "pm@example.com", returnUrl: `${world.a.origin}/wp-admin/` }, runs: 120 },
    { fn: "lumaleasing", method: "GET", path: "admin/tours", auth: "site", query: true, valid: { days: 14 }, runs: 50 },
    { fn: "lumaleasing", method: "POST", path: "admin/tours", auth: "site", valid: { ...office, start: world.slotStart, firstName: "Ana", lastName: "Diaz", email: "ana@example.com", source: "phone" }, runs: 80 },
    { fn: "lumaleasing", method: "GET", path: "admin/tours/outcome-needed-count", auth: "site", runs: 20 },
    { fn: "lumaleasing", method: "GET", path: "admin/tours/today", auth: "site", runs: 20 },
    { fn: "lumaleasing", method: "GET", path: "admin/tours/slots", auth: "site", query: true, valid: { days: 7 }, runs: 30 },
    { fn: "lumaleasing", method: "GET", path: "admin/tours", auth: "site", query: true, valid: { from: "2026-12-01", to: "2026-12-31", status: "confirmed", source: "phone", q: "ana" }, runs: 40 },
    { fn: "lumaleasing", method: "GET", path: `admin/tours/${NO_TOUR}`, auth: "site", runs: 20 },
    { fn: "lumaleasing", method: "POST", path: `admin/tours/${NO_TOUR}/cancel`, auth: "site", valid: { ...office, message: "Sorry!" }, runs: 40 },
    { fn: "lumaleasing", method: "POST", path: `admin/tours/${NO_TOUR}/reschedule`, auth: "site", valid: { ...office, start: world.slotStart }, runs: 40 },
    { fn: "lumaleasing", method: "POST", path: `admin/tours/${NO_TOUR}/reassign`, auth: "site", valid: { ...office, agentCalendarId: world.bCalendarId }, runs: 40 },
    { fn: "lumaleasing", method: "POST", path: `admin/tours/${NO_TOUR}/notes`, auth: "site", valid: { ...office, text: "Called back" }, runs: 40 },
    { fn: "lumaleasing", method: "GET", path: "calendar/status", auth: "site", runs: 30 },
    { fn: "lumaleasing", method: "POST", path: "calendar/disconnect", auth: "site", valid: { calendarId: world.bCalendarId }, runs: 80 },
    { fn: "lumaleasing", method: "GET", path: "portfolio/health", auth: "portfolio", query: true, valid: { status: "revoked", q: "fuzz" }, runs: 50 },
    { fn: "lumaleasing", method: "GET", path: "portfolio/refresh-activity", auth: "portfolio", query: true, valid: { limit: 20 }, runs: 40 },
    { fn: "lumaleasing", method: "POST", path: "portfolio/reconnect-emails", auth: "portfolio", valid: { calendarIds: [world.aCalendarId], by: { name: "Ops", email: "ops@example.com" } }, runs: 80 },
    { fn: "lumaleasing", method: "GET", path: "no/such/route", auth: "none", runs: 20 },
    { fn: "lumaleasing-jobs", method: "GET", path: "health", auth: "none", runs: 15 },
    { fn: "lumaleasing-jobs", method: "POST", path: "reminders", auth: "cron", valid: { propertyId: world.a.id }, runs: 40 },
    { fn: "lumaleasing-jobs", method: "POST", path: "outbox", auth: "cron", valid: { propertyId: world.a.id }, runs: 40 },
    { fn: "lumaleasing-jobs", method: "POST", path: "calendar-health", auth: "cron", valid: { propertyId: world.a.id }, runs: 25 },
    { fn: "lumaleasing-jobs", method: "POST", path: "watch-renewal", auth: "cron", valid: { propertyId: world.a.id }, runs: 25 },
    { fn: "lumaleasing-jobs", method: "POST", path: "no-such-job", auth: "cron", valid: { propertyId: world.a.id }, runs: 20 },
  ];
}

Deno.test("fuzz: every route of both functions answers bad input with a 4xx in the error shape, writing nothing", opts, async () => {
  const started = performance.now();
  for (const route of routes()) await fuzzRoute(route);
  const seconds = (performance.now() - started) / 1000;
  const statuses = [...tally.statuses].sort(([x], [y]) => x - y).map(([s, n]) => `${s}×${n}`).join(" ");
  console.log(`  statuses: ${statuses}; ${seconds.toFixed(1)} s`);
  console.log(`fuzz: ${tally.requests} requests over ${tally.routes.size} routes, ${tally.serverErrors} server errors`);
  assert.equal(tally.serverErrors, 0);
  assert.ok(tally.requests >= 1_400, `only ${tally.requests} requests`);
});

Deno.test("fuzz: close", opts, async () => {
  await closeAdminSql();
});
