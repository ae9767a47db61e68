// Metrics recorded where they happen: the widget's beacon (204, only a timing, limited),
// each booking attempt with its answer's status, each delivery's outcome by message kind,
// and each free/busy call to Google.
import assert from "node:assert/strict";
import { adminSql, closeAdminSql, connectCalendar, createTestProperty, stack, widgetFetch } from "../../../scripts/lib/test-support.ts";
import { eventually } from "../lumaleasing-jobs/test-support.ts";
import { book, firstSlot, freshIp } from "./booking-test-support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

async function metrics(propertyId: string, kind: string) {
  const sql = await adminSql();
  return await sql`select outcome, detail, value_ms from public.metric_events
    where property_id = ${propertyId} and kind = ${kind} order by id`;
}

function beacon(p: Awaited<ReturnType<typeof createTestProperty>>, body: unknown, ip = freshIp()) {
  return widgetFetch(p, "beacon", { method: "POST", headers: { "x-forwarded-for": ip }, body: JSON.stringify(body) });
}

Deno.test("metrics: POST beacon records the calendar's load time and nothing else", opts, async () => {
  const p = await createTestProperty();
  const ok = await beacon(p, { kind: "calendar_load", ms: 840 });
  assert.equal(ok.status, 204, await ok.text());
  assert.equal(ok.headers.get("access-control-allow-origin"), p.origin);
  assert.deepEqual((await metrics(p.id, "calendar_load")).map((r) => r.value_ms), [840]);

  const refused = [
    await beacon(p, { kind: "calendar_load", ms: 900, email: "ana@example.com" }),
    await beacon(p, { kind: "page_view", ms: 10 }),
    await beacon(p, { kind: "calendar_load", ms: -1 }),
    await beacon(p, { kind: "calendar_load", ms: 1.5 }),
  ];
  for (const res of refused) {
    const body = await res.json();
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.equal(body.success, false);
    assert.equal(body.error.code, "invalid_beacon");
  }
  const foreign = await fetch(`${(await stack()).functionsUrl}/lumaleasing/beacon`, {
    method: "POST",
    headers: { "x-widget-key": p.widgetKey, origin: "https://elsewhere.example", "content-type": "application/json" },
    body: JSON.stringify({ kind: "calendar_load", ms: 5 }),
  });
  assert.equal(foreign.status, 403);
  await foreign.body?.cancel();
  assert.equal((await metrics(p.id, "calendar_load")).length, 1, "a refused beacon records nothing");

  const ip = freshIp();
  const statuses: number[] = [];
  for (let i = 0; i < 21; i++) {
    const res = await beacon(p, { kind: "calendar_load", ms: 100 + i }, ip);
    statuses.push(res.status);
    await res.body?.cancel();
  }
  assert.deepEqual(statuses.slice(0, 20), Array(20).fill(204));
  assert.equal(statuses[20], 429, "the 21st beacon in a minute from one visitor is refused");
  assert.equal((await metrics(p.id, "calendar_load")).length, 21);
  console.log("beacon: 204 with the timing stored; extra fields, other kinds and bad ms → 422; foreign origin 403; 21st/min → 429");
});

Deno.test("metrics: a beacon as navigator.sendBeacon sends it — the key in a text/plain body, no headers of its own", opts, async () => {
  const p = await createTestProperty();
  const url = `${(await stack()).functionsUrl}/lumaleasing/beacon`;
  const send = (body: unknown, origin = p.origin) =>
    fetch(url, {
      method: "POST",
      headers: { origin, "content-type": "text/plain;charset=UTF-8", "x-forwarded-for": freshIp() },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const ok = await send({ kind: "calendar_load", ms: 1234, key: p.widgetKey });
  assert.equal(ok.status, 204, await ok.text());
  const wrongKey = await send({ kind: "calendar_load", ms: 5, key: "llwk_not_a_key" });
  assert.equal(wrongKey.status, 401);
  assert.equal((await wrongKey.json()).error.code, "invalid_widget_key");
  const noKey = await send({ kind: "calendar_load", ms: 5 });
  assert.equal(noKey.status, 401);
  assert.equal((await noKey.json()).error.code, "missing_widget_key");
  const foreign = await send({ kind: "calendar_load", ms: 5, key: p.widgetKey }, "https://elsewhere.example");
  assert.equal(foreign.status, 403);
  await foreign.body?.cancel();
  const garbled = await send("{not json");
  assert.equal(garbled.status, 401, "the key is asked for before the body is judged");
  await garbled.body?.cancel();
  const badJson = await fetch(url, { method: "POST", headers: { origin: p.origin, "x-widget-key": p.widgetKey }, body: "{not json" });
  assert.equal(badJson.status, 400);
  assert.equal((await badJson.json()).error.code, "invalid_json");
  const sql = await adminSql();
  const rows = await sql`select kind, outcome, detail, value_ms from public.metric_events
    where property_id = ${p.id} and kind = 'calendar_load'`;
  assert.deepEqual(rows.map((r) => ({ ...r })), [{ kind: "calendar_load", outcome: "ok", detail: null, value_ms: 1234 }],
    "only the timing is stored (not the key)");
  console.log("sendBeacon-style beacon: key in the text/plain body → 204 and only ms stored; wrong/missing key 401, foreign origin 403, bad JSON 400 after the key");
});

Deno.test("metrics: every booking attempt is recorded with its answer, and each delivery and Google call", opts, async () => {
  const p = await createTestProperty();
  await connectCalendar(p, `metrics-${p.id.slice(0, 8)}@example.com`);
  const { start } = await firstSlot(p);
  const made = await book(p, { start });
  assert.equal(made.status, 201, await made.text());
  const taken = await book(p, { start, email: "other@example.com" });
  assert.equal(taken.status, 409);
  await taken.body?.cancel();
  const invalid = await book(p, { start, email: "not-an-email" });
  assert.equal(invalid.status, 422);
  await invalid.body?.cancel();
  const attempts = await metrics(p.id, "booking_attempt");
  assert.deepEqual(attempts.map((r) => `${r.detail}:${r.outcome}`), ["widget:201", "widget:409", "widget:422"]);

  const google = await metrics(p.id, "google_api");
  assert.ok(google.some((r) => r.detail === "freebusy" && r.outcome === "ok"), JSON.stringify(google));
  const deliveries = await eventually("the confirmation email and the event are recorded", async () => {
    const d = await metrics(p.id, "delivery");
    const g = await metrics(p.id, "google_api");
    return d.some((r) => r.detail === "email:tour_confirmation" && r.outcome === "sent") &&
        g.some((r) => r.detail === "google_event_upsert" && r.outcome === "ok")
      ? d
      : null;
  });
  const sql = await adminSql();
  const [row] = await sql`select count(*)::int as n from public.metric_events where property_id = ${p.id} and detail like '%ana@%'`;
  assert.equal(row.n, 0, "no personal data in the metrics");
  console.log(`booking attempts ${attempts.map((r) => r.outcome).join(", ")}; deliveries ${deliveries.map((r) => `${r.detail}=${r.outcome}`).join(", ")}; Google freebusy and event write ok`);
});

Deno.test({ name: "metrics-record: close the database connection", ...opts, fn: async () => await closeAdminSql() });
