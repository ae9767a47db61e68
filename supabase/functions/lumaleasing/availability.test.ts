// GET tours/availability against the running stack and the Google emulator.
import assert from "node:assert/strict";
import {
  adminSql,
  closeAdminSql,
  connectCalendar,
  createTestProperty,
  googleControl,
  localInstant,
  nextWeekday,
  stack,
  widgetFetch,
} from "../../../scripts/lib/test-support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test("availability: keys, origins, ranges and CORS are checked before anything else", opts, async () => {
  const p = await createTestProperty();
  const s = await stack();
  const url = `${s.functionsUrl}/lumaleasing/tours/availability`;
  const unknown = await fetch(url, { headers: { "x-widget-key": "llwk_nope", origin: p.origin } });
  assert.equal(unknown.status, 401);
  assert.equal((await unknown.json()).error.code, "invalid_widget_key");
  console.log("  unknown key → 401 invalid_widget_key");
  const missing = await fetch(url, { headers: { origin: p.origin } });
  assert.equal(missing.status, 401);
  await missing.body?.cancel();
  const wrongOrigin = await fetch(url, { headers: { "x-widget-key": p.widgetKey, origin: "https://evil.example" } });
  assert.equal(wrongOrigin.status, 403);
  assert.equal((await wrongOrigin.json()).error.code, "origin_not_allowed");
  assert.equal(wrongOrigin.headers.get("access-control-allow-origin"), null);
  console.log("  origin not allowed → 403, no CORS header");
  const bad = await widgetFetch(p, "tours/availability?from=2026-13-45");
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).success, false);
  const notADay = await widgetFetch(p, "tours/availability?from=2026-02-30");
  assert.equal(notADay.status, 400);
  assert.equal((await notADay.json()).error.code, "invalid_range");
  const tooFar = await widgetFetch(p, "tours/availability?from=2099-01-01");
  assert.equal(tooFar.status, 400);
  assert.equal((await tooFar.json()).error.code, "beyond_booking_window");
  const badDays = await widgetFetch(p, "tours/availability?days=0");
  assert.equal(badDays.status, 400);
  await badDays.body?.cancel();
  console.log("  malformed date, a date that does not exist, a window beyond the booking window, days=0 → 400");
  const pre = await fetch(url, { method: "OPTIONS", headers: { origin: p.origin, "access-control-request-method": "GET" } });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get("access-control-allow-origin"), p.origin);
  assert.match(pre.headers.get("access-control-allow-headers") ?? "", /x-widget-key/);
  const preBad = await fetch(url, { method: "OPTIONS", headers: { origin: "https://evil.example" } });
  assert.equal(preBad.status, 403);
  assert.equal(preBad.headers.get("access-control-allow-origin"), null);
  console.log("  preflight answered only for an allowed origin");
  const revoked = await adminSql();
  await revoked`update public.widget_keys set revoked_at = now() where property_id = ${p.id}`;
  const afterRevoke = await widgetFetch(p, "tours/availability");
  assert.equal(afterRevoke.status, 401);
  await afterRevoke.body?.cancel();
  console.log("  revoked key → 401");
});

Deno.test("availability: no calendar and no manual slots → 503 with the property's contact details", opts, async () => {
  const p = await createTestProperty({ phone: "+13125550111", email: "front@desk.example" });
  const res = await widgetFetch(p, "tours/availability");
  assert.equal(res.status, 503);
  const body = await res.json();
  assert.equal(body.error.code, "calendar_unavailable");
  assert.deepEqual(body.fallback, { phone: "+13125550111", email: "front@desk.example" });
  assert.equal(res.headers.get("access-control-allow-origin"), p.origin);
  console.log("  503 calendar_unavailable with fallback", body.fallback);
});

Deno.test("availability: manual tour_slots when no calendar is connected", opts, async () => {
  const p = await createTestProperty();
  const sql = await adminSql();
  const date = nextWeekday(3);
  const start = localInstant(date, "10:00");
  await sql`insert into public.tour_slots (property_id, start_at, end_at)
    values (${p.id}, ${start}, ${new Date(Date.parse(start) + 30 * 60_000)})`;
  const res = await widgetFetch(p, "tours/availability");
  const body = await res.json();
  assert.equal(res.status, 200);
  assert.equal(body.source, "manual");
  assert.deepEqual(body.availableDates, [date]);
  assert.deepEqual(body.slotsByDate[date], [{ time: "10:00", available: true, start }]);
  console.log(`  source manual: ${date} 10:00 (${start})`);
});

Deno.test("availability: Google busy time is respected; free and cancelled events do not block", opts, async () => {
  const p = await createTestProperty();
  const email = `busy-${p.id.slice(0, 8)}@example.com`;
  const { calendarId } = await connectCalendar(p, email);
  assert.ok(calendarId, "calendar connected");
  const date = nextWeekday(2);
  const event = (summary: string, from: string, to: string, extra: Record<string, unknown> = {}) =>
    googleControl(`calendars/${encodeURIComponent(email)}/events`, {
      summary,
      start: { dateTime: localInstant(date, from) },
      end: { dateTime: localInstant(date, to) },
      ...extra,
    });
  await event("Team meeting", "10:00", "11:00");
  await event("Focus time (free)", "13:00", "14:00", { transparency: "transparent" });
  const cancelled = await event("Cancelled call", "15:00", "16:00");
  await googleControl(`calendars/${encodeURIComponent(email)}/events/${cancelled.id}`, undefined, "DELETE").catch(() => {});
  const res = await widgetFetch(p, `tours/availability?from=${date}&days=1`);
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.equal(body.source, "google");
  assert.equal(body.timezone, "America/Chicago");
  assert.equal(body.tourDuration, 30);
  const times = body.slotsByDate[date].map((s: { time: string }) => s.time);
  // 09:30 would end at 10:00 but needs 15 minutes after it; 10:00–10:30 overlap the meeting.
  assert.ok(times.includes("09:00"));
  for (const blocked of ["09:30", "10:00", "10:30"]) assert.ok(!times.includes(blocked), `${blocked} blocked`);
  for (const open of ["11:00", "13:00", "13:30", "15:00", "15:30"]) assert.ok(times.includes(open), `${open} open`);
  assert.equal(times.at(-1), "17:30");
  console.log(`  ${date}: ${times.join(" ")}`);
});

Deno.test("availability: a burst of visitors costs Google one free/busy call", opts, async () => {
  const p = await createTestProperty();
  await connectCalendar(p, `burst-${p.id.slice(0, 8)}@example.com`);
  await googleControl("requests", undefined, "DELETE");
  const answers = await Promise.all(Array.from({ length: 30 }, () => widgetFetch(p, "tours/availability")));
  for (const a of answers) {
    assert.equal(a.status, 200);
    await a.body?.cancel();
  }
  const calls = (await googleControl("requests?path=/calendar/v3/freeBusy")).length;
  assert.equal(calls, 1);
  console.log(`  30 concurrent visitors → ${calls} freeBusy call`);
});

Deno.test("availability: the answer is kept in Postgres; a booking through the stack drops it for every instance", opts, async () => {
  const p = await createTestProperty();
  await connectCalendar(p, `shared-${p.id.slice(0, 8)}@example.com`);
  const sql = await adminSql();
  const date = nextWeekday(3);
  const ask = async (): Promise<string[]> => {
    const res = await widgetFetch(p, `tours/availability?from=${date}&days=1`);
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    return body.slotsByDate[date].map((s: { start: string }) => s.start);
  };
  const calls = async () => (await googleControl("requests?path=/calendar/v3/freeBusy")).length;
  const cached = async () =>
    (await sql`select generation::int, answered_generation::int as answered, busy is not null as stored
      from public.freebusy_cache where property_id = ${p.id}`)[0];
  await googleControl("requests", undefined, "DELETE");
  const offered = (await Promise.all(Array.from({ length: 10 }, ask)))[0];
  assert.equal(await calls(), 1);
  const row0 = await cached();
  assert.ok(row0.stored && row0.answered === row0.generation, JSON.stringify(row0));
  console.log(`  10 visitors → 1 call; the answer is stored for generation ${row0.generation}`);

  const booked = await widgetFetch(p, "tours", {
    method: "POST",
    headers: { "x-forwarded-for": "203.0.113.201" },
    body: JSON.stringify({ start: offered[0], firstName: "Ana", lastName: "Diaz", email: "ana@example.com" }),
  });
  assert.equal(booked.status, 201);
  await booked.body?.cancel();
  assert.equal(await calls(), 1, "the booking itself was checked against the stored answer");
  // The tour's event goes to Google right after the answer; writing it drops the answer again.
  for (let i = 0; (await sql`select 1 from public.outbox where property_id = ${p.id} and status = 'pending'`).length; i++) {
    assert.ok(i < 100, "the outbox drained");
    await new Promise((r) => setTimeout(r, 100));
  }
  const row1 = await cached();
  // At least twice: the booking and the event written to Google. The calendar's push
  // channel may add a third (Google tells us of our own event, and the sync drops it too).
  assert.ok(row1.generation >= row0.generation + 2, `dropped by the booking and by the event written to Google (${row0.generation} → ${row1.generation})`);
  const after = await ask();
  assert.equal(await calls(), 2, "the next visitor asked Google again");
  assert.ok(!after.includes(offered[0]), "the booked slot is gone");
  console.log(`  booking → generation ${row0.generation} → ${row1.generation}; the next visitor asked Google (2 calls in all)`);

  // What another instance does to the row (a booking there) is seen here at once.
  await sql`update public.freebusy_cache set generation = generation + 1 where property_id = ${p.id}`;
  await ask();
  await ask();
  assert.equal(await calls(), 3);
  console.log("  a change made elsewhere → one more call here, then the stored answer again");
});

Deno.test("availability: Google down or hanging → 503 within 3 s, never a 500", opts, async () => {
  const p = await createTestProperty();
  await connectCalendar(p, `down-${p.id.slice(0, 8)}@example.com`);
  for (const fault of [{ status: 503, count: 20 }, { status: 429, count: 20 }, { hangMs: 8000, count: 20 }]) {
    await googleControl("faults", { path: "/calendar/v3/freeBusy", ...fault });
    const started = Date.now();
    const res = await widgetFetch(p, "tours/availability?days=2");
    const ms = Date.now() - started;
    const body = await res.json();
    await googleControl("faults", undefined, "DELETE");
    assert.equal(res.status, 503, JSON.stringify(body));
    assert.equal(body.error.code, "calendar_unavailable");
    assert.ok(ms < 3000, `answered in ${ms} ms`);
    console.log(`  fault ${JSON.stringify(fault)} → 503 in ${ms} ms`);
  }
  await closeAdminSql();
});
