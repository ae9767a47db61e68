// Inputs that once answered 500: each is now a 4xx with the error shape and writes nothing,
// or (a session id shared by two properties) simply works.
import assert from "node:assert/strict";
import {
  adminSql,
  closeAdminSql,
  connectCalendar,
  createTestProperty,
  nextWeekday,
  siteFetch,
  stack,
  type TestProperty,
  widgetFetch,
} from "../../../scripts/lib/test-support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
let ipCounter = 0;
const freshIp = () => `10.9.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

/** Rows a refused request must not have written. */
async function rowsOf(p: TestProperty): Promise<Record<string, number>> {
  const sql = await adminSql();
  const [row] = await sql`select
      (select count(*) from public.leads where property_id = ${p.id})::int as leads,
      (select count(*) from public.widget_sessions where property_id = ${p.id})::int as sessions,
      (select count(*) from public.tour_bookings where property_id = ${p.id})::int as bookings,
      (select count(*) from public.outbox where property_id = ${p.id})::int as outbox,
      (select count(*) from public.oauth_states where property_id = ${p.id})::int as oauth_states`;
  return { ...row };
}

async function errorBody(res: Response, status: number, code?: string) {
  const text = await res.text();
  assert.equal(res.status, status, text);
  const body = JSON.parse(text);
  assert.equal(body.success, false, text);
  assert.equal(typeof body.error?.code, "string", text);
  assert.equal(typeof body.error?.message, "string", text);
  if (code) assert.equal(body.error.code, code, text);
  return body;
}

async function firstSlot(p: TestProperty): Promise<string> {
  const d = nextWeekday(4);
  const res = await widgetFetch(p, `tours/availability?from=${d}&days=1`);
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return body.slotsByDate[d][0].start;
}

Deno.test("hardening: one browser's session id at two properties leads and books at both", opts, async () => {
  const a = await createTestProperty();
  const b = await createTestProperty();
  await connectCalendar(b, `shared-session-${b.id.slice(0, 8)}@example.com`);
  const sessionId = crypto.randomUUID();
  for (const p of [a, b]) {
    const res = await widgetFetch(p, "chat/lead", { method: "POST", body: JSON.stringify({ sessionId, firstName: "Ana", email: "ana@example.com" }) });
    const text = await res.text();
    assert.equal(res.status, 200, text);
  }
  const start = await firstSlot(b);
  const res = await widgetFetch(b, "tours", {
    method: "POST",
    headers: { "x-forwarded-for": freshIp() },
    body: JSON.stringify({ start, firstName: "Ana", lastName: "Diaz", email: "ana@example.com", sessionId }),
  });
  const text = await res.text();
  assert.equal(res.status, 201, text);
  const sql = await adminSql();
  const sessions = await sql`select property_id, lead_id from public.widget_sessions where id = ${sessionId} order by property_id`;
  assert.equal(sessions.length, 2, "one session per property");
  const leads = await sql`select id, property_id from public.leads where id = any(${sessions.map((s) => s.lead_id)})`;
  for (const s of sessions) assert.equal(leads.find((l) => l.id === s.lead_id)?.property_id, s.property_id, "each session's lead is its own property's");
  console.log(`  the same session id: lead 200 at both properties, booking 201 at the second; ${sessions.length} sessions, each with its property's lead`);
});

Deno.test("hardening: a NUL in any text field is a 422 naming the field, nothing written", opts, async () => {
  const p = await createTestProperty();
  const before = await rowsOf(p);
  const booking = { start: "2030-01-01T15:00:00Z", firstName: "Ana", lastName: "Diaz", email: "ana@example.com" };
  const cases: Array<[string, string, Record<string, unknown>]> = [
    ["tours", "firstName", { ...booking, firstName: "A\u0000na" }],
    ["tours", "lastName", { ...booking, lastName: "\u0000" }],
    ["tours", "phone", { ...booking, phone: "312\u0000555 0199" }],
    ["tours", "specialRequests", { ...booking, specialRequests: "ground floor\u0000" }],
    ["tours", "pets", { ...booking, pets: "cat\u0000" }],
    ["tours", "smsConsentText", { ...booking, smsConsentText: "ok\u0000" }],
    ["chat/lead", "firstName", { sessionId: crypto.randomUUID(), firstName: "A\u0000" }],
    ["chat/lead", "phone", { sessionId: crypto.randomUUID(), phone: "\u0000312" }],
  ];
  for (const [path, field, body] of cases) {
    const res = await widgetFetch(p, path, { method: "POST", headers: { "x-forwarded-for": freshIp() }, body: JSON.stringify(body) });
    const err = await errorBody(res, 422, "invalid_input");
    assert.ok(err.error.fields?.[field], `${path} names ${field}: ${JSON.stringify(err)}`);
  }
  const ticket = await siteFetch(p, "admin/connect-ticket", {
    method: "POST",
    body: JSON.stringify({ wpUserId: "7\u0000", returnUrl: `${p.origin}/wp-admin/` }),
  });
  const err = await errorBody(ticket, 422, "invalid_input");
  assert.ok(err.error.fields?.wpUserId, JSON.stringify(err));
  assert.deepEqual(await rowsOf(p), before);
  console.log(`  ${cases.length + 1} requests with a NUL: each 422 naming its field; rows unchanged ${JSON.stringify(before)}`);
});

Deno.test("hardening: years 0000–0099 are refused by the contract (from → 400, moveInDate → 422)", opts, async () => {
  const p = await createTestProperty();
  const before = await rowsOf(p);
  for (const from of ["0000-01-01", "0050-06-15", "0099-12-31"]) {
    const body = await errorBody(await widgetFetch(p, `tours/availability?from=${from}&days=3`), 400, "invalid_range");
    assert.ok(body.error.fields?.from, JSON.stringify(body));
  }
  for (const moveInDate of ["0000-01-01", "0012-02-29"]) {
    const res = await widgetFetch(p, "tours", {
      method: "POST",
      headers: { "x-forwarded-for": freshIp() },
      body: JSON.stringify({ start: "2030-01-01T15:00:00Z", firstName: "Ana", lastName: "Diaz", email: "ana@example.com", moveInDate }),
    });
    const body = await errorBody(res, 422, "invalid_input");
    assert.ok(body.error.fields?.moveInDate, JSON.stringify(body));
  }
  assert.deepEqual(await rowsOf(p), before);
  console.log("  from=0000/0050/0099 → 400 invalid_range; moveInDate 0000/0012 → 422; nothing written");
});

Deno.test("hardening: an undecodable percent-escape in the path is a 4xx with the error shape", opts, async () => {
  const base = (await stack()).functionsUrl;
  const seen: string[] = [];
  for (const path of ["lumaleasing-jobs/%ff", "lumaleasing-jobs/%e0%80", "lumaleasing/%ff", "lumaleasing/tours/%ff", "lumaleasing/%"]) {
    for (const method of ["GET", "POST"]) {
      const res = await fetch(`${base}/${path}`, { method });
      const text = await res.text();
      assert.ok(res.status >= 400 && res.status < 500, `${method} ${path}: ${res.status} ${text}`);
      const body = JSON.parse(text);
      assert.equal(body.success, false, text);
      assert.equal(typeof body.error?.code, "string", text);
      assert.equal(typeof body.error?.message, "string", text);
      seen.push(`${method} ${path} ${res.status} ${body.error.code}`);
    }
  }
  console.log(`  ${seen.join("; ")}`);
});

Deno.test("hardening: connect-ticket with a returnUrl that is not a URL is a 422", opts, async () => {
  const p = await createTestProperty();
  for (const returnUrl of ["not a url", "", "javascript:alert(1)", "http://", 42]) {
    const body = await errorBody(
      await siteFetch(p, "admin/connect-ticket", { method: "POST", body: JSON.stringify({ wpUserId: 1, returnUrl }) }),
      422,
      "invalid_input",
    );
    assert.ok(body.error.fields?.returnUrl, JSON.stringify(body));
  }
  const ok = await siteFetch(p, "admin/connect-ticket", { method: "POST", body: JSON.stringify({ wpUserId: 1, returnUrl: `${p.origin}/wp-admin/` }) });
  assert.equal(ok.status, 200, await ok.text());
  console.log("  returnUrl 'not a url', '', javascript:, http://, 42 → 422 naming returnUrl; a real URL → 200");
});

Deno.test("hardening: close", opts, async () => {
  await closeAdminSql();
});
