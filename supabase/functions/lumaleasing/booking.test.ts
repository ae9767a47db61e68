// POST tours and the manage link, against the running stack.
import assert from "node:assert/strict";
import ICAL from "ical.js";
import { eventIdForBooking } from "../_shared/adapters/google.ts";
import {
  adminSql,
  closeAdminSql,
  connectCalendar,
  createTestProperty,
  googleControl,
  nextWeekday,
  stack,
  widgetFetch,
} from "../../../scripts/lib/test-support.ts";
import { eventually } from "../lumaleasing-jobs/test-support.ts";
import { book, firstSlot } from "./booking-test-support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
Deno.test("booking: a valid request books, answers 201 and writes the side effects with it", opts, async () => {
  const p = await createTestProperty();
  const { calendarId } = await connectCalendar(p, `book-${p.id.slice(0, 8)}@example.com`);
  const { start } = await firstSlot(p);
  const res = await book(p, {
    start,
    phone: "(312) 555-0199",
    smsConsent: true,
    smsConsentText: "Text me",
    specialRequests: "Ground floor, please",
    moveInDate: "2027-01-15",
    bedrooms: 2,
    pets: "one cat",
    sessionId: crypto.randomUUID(),
  }, { "idempotency-key": `test-${crypto.randomUUID()}` });
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  assert.equal(body.success, true);
  assert.equal(body.booking.start, start);
  assert.equal(body.booking.status, "confirmed");
  assert.equal(body.booking.timezone, "America/Chicago");
  assert.equal(Date.parse(body.booking.end) - Date.parse(start), 30 * 60_000);
  const manage = new URL(body.booking.manageUrl);
  assert.equal(manage.origin + manage.pathname, `${p.origin}/tours/`);
  const token = manage.searchParams.get("lumaleasing_manage")!;
  assert.ok(token.length >= 40);
  const sql = await adminSql();
  const [row] = await sql`select * from public.tour_bookings where id = ${body.booking.id}`;
  assert.equal(row.agent_calendar_id, calendarId);
  assert.equal(row.phone, "+13125550199");
  assert.equal(row.sms_consent, true);
  assert.ok(row.sms_consent_at);
  assert.equal(row.sms_consent_text, "Text me");
  assert.equal(row.bedrooms, 2);
  assert.notEqual(row.manage_token_hash, token, "only a hash of the manage token is stored");
  const effects = await sql`select kind from public.outbox where property_id = ${p.id} and kind <> 'manager_alert' order by id`;
  assert.deepEqual(effects.map((e) => e.kind).sort(), ["email", "google_event_upsert", "sms"]);
  const [lead] = await sql`select first_name, email, phone from public.leads where id = ${row.lead_id}`;
  assert.deepEqual({ ...lead }, { first_name: "Ana", email: "ana@example.com", phone: "+13125550199" });
  console.log(`  201, phone normalised to ${row.phone}, lead upserted, outbox: ${effects.map((e) => e.kind).join(", ")}`);
});

Deno.test("booking: without a phone or consent there is no SMS", opts, async () => {
  const p = await createTestProperty();
  await connectCalendar(p, `nosms-${p.id.slice(0, 8)}@example.com`);
  const { start } = await firstSlot(p);
  const res = await book(p, { start, phone: "312-555-0100", smsConsent: false });
  assert.equal(res.status, 201);
  await res.body?.cancel();
  const sql = await adminSql();
  const effects = await sql`select kind from public.outbox where property_id = ${p.id} order by id`;
  assert.deepEqual(effects.map((e) => e.kind).sort(), ["email", "google_event_upsert"]);
  console.log("  phone given, consent not ticked → email and calendar event only");
});

Deno.test("booking: bad input → 422 naming each field, and nothing is written", opts, async () => {
  const p = await createTestProperty();
  await connectCalendar(p, `bad-${p.id.slice(0, 8)}@example.com`);
  const res = await book(p, {
    start: "tomorrow",
    firstName: "",
    email: "not-an-email",
    phone: "12",
    specialRequests: "x".repeat(1001),
    bedrooms: 42,
  });
  const body = await res.json();
  assert.equal(res.status, 422);
  assert.equal(body.error.code, "invalid_input");
  for (const f of ["start", "firstName", "email", "specialRequests", "bedrooms"]) assert.ok(body.error.fields[f], `${f} named`);
  const badPhone = await book(p, { start: (await firstSlot(p)).start, phone: "12" });
  assert.equal(badPhone.status, 422);
  assert.ok((await badPhone.json()).error.fields.phone);
  const notJson = await widgetFetch(p, "tours", { method: "POST", body: "{oops" });
  assert.equal(notJson.status, 400);
  await notJson.body?.cancel();
  const sql = await adminSql();
  const [{ n }] = await sql`select count(*)::int as n from public.tour_bookings where property_id = ${p.id}`;
  const [{ m }] = await sql`select count(*)::int as m from public.outbox where property_id = ${p.id}`;
  assert.equal(n + m, 0);
  console.log(`  422 fields: ${Object.keys(body.error.fields).join(", ")}; bad phone → 422; not JSON → 400; nothing written`);
});

Deno.test("booking: the same Idempotency-Key returns the same answer and books nothing new", opts, async () => {
  const p = await createTestProperty();
  await connectCalendar(p, `idem-${p.id.slice(0, 8)}@example.com`);
  const { start } = await firstSlot(p);
  const key = `idem-${crypto.randomUUID()}`;
  const answers = await Promise.all([1, 2, 3].map(() => book(p, { start }, { "idempotency-key": key })));
  const bodies = await Promise.all(answers.map((a) => a.json()));
  for (const [i, a] of answers.entries()) assert.equal(a.status, 201, JSON.stringify(bodies[i]));
  assert.equal(new Set(bodies.map((b) => b.booking.id)).size, 1);
  assert.equal(bodies[0].booking.manageUrl, bodies[2].booking.manageUrl);
  const sql = await adminSql();
  const [{ n }] = await sql`select count(*)::int as n from public.tour_bookings where property_id = ${p.id}`;
  assert.equal(n, 1);
  console.log("  3 requests with one key (at once) → one booking, three identical 201s");
});

Deno.test("booking: 50 concurrent requests for one slot and one agent → one 201, 49 × 409 with alternatives", opts, async () => {
  const p = await createTestProperty();
  await connectCalendar(p, `race-${p.id.slice(0, 8)}@example.com`);
  const { start } = await firstSlot(p);
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => book(p, { start, email: `race${i}@example.com` })));
  const statuses = answers.map((a) => a.status);
  const bodies = await Promise.all(answers.map((a) => a.json()));
  assert.equal(statuses.filter((s) => s === 201).length, 1, JSON.stringify(statuses));
  assert.equal(statuses.filter((s) => s === 409).length, 49);
  const conflict = bodies.find((b) => b.error?.code === "slot_taken");
  assert.equal(conflict.alternatives.length, 3);
  assert.ok(conflict.alternatives.every((a: { start: string }) => a.start > start));
  const sql = await adminSql();
  const [{ n }] = await sql`select count(*)::int as n from public.tour_bookings where property_id = ${p.id} and status = 'confirmed'`;
  assert.equal(n, 1);
  console.log(`  1 × 201, 49 × 409; alternatives ${conflict.alternatives.map((a: { time: string }) => a.time).join(", ")}`);
});

Deno.test("booking: 50 concurrent requests for one slot with three agents → three 201s on three agents", opts, async () => {
  const p = await createTestProperty();
  for (const n of [1, 2, 3]) await connectCalendar(p, `team${n}-${p.id.slice(0, 8)}@example.com`);
  const { start } = await firstSlot(p);
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => book(p, { start, email: `team${i}@example.com` })));
  const statuses = answers.map((a) => a.status);
  await Promise.all(answers.map((a) => a.body?.cancel()));
  assert.equal(statuses.filter((s) => s === 201).length, 3, JSON.stringify(statuses));
  assert.equal(statuses.filter((s) => s === 409).length, 47);
  const sql = await adminSql();
  const agents = await sql`select agent_calendar_id from public.tour_bookings where property_id = ${p.id} and status = 'confirmed'`;
  assert.equal(new Set(agents.map((a) => a.agent_calendar_id)).size, 3);
  const [{ overlaps }] = await sql`select count(*)::int as overlaps from public.tour_bookings a join public.tour_bookings b
    on a.agent_calendar_id = b.agent_calendar_id and a.id < b.id and a.blocked_range && b.blocked_range
    where a.property_id = ${p.id} and a.status = 'confirmed' and b.status = 'confirmed'`;
  assert.equal(overlaps, 0);
  console.log("  3 × 201 on 3 different agents, 47 × 409, no overlapping live bookings per agent");
});

Deno.test("booking: round robin gives the next tour to the agent with fewer upcoming tours", opts, async () => {
  const p = await createTestProperty();
  const a = await connectCalendar(p, `rr-a-${p.id.slice(0, 8)}@example.com`);
  const b = await connectCalendar(p, `rr-b-${p.id.slice(0, 8)}@example.com`);
  const date = nextWeekday(5);
  const res = await widgetFetch(p, `tours/availability?from=${date}&days=1`);
  const slots = (await res.json()).slotsByDate[date];
  const picked: string[] = [];
  const sql = await adminSql();
  for (const slot of [slots[0], slots[4], slots[8], slots[12]]) {
    const r = await book(p, { start: slot.start });
    const body = await r.json();
    assert.equal(r.status, 201, JSON.stringify(body));
    const [row] = await sql`select agent_calendar_id from public.tour_bookings where id = ${body.booking.id}`;
    picked.push(row.agent_calendar_id === a.calendarId ? "A" : row.agent_calendar_id === b.calendarId ? "B" : "?");
  }
  assert.deepEqual(picked.slice().sort(), ["A", "A", "B", "B"]);
  assert.notEqual(picked[0], picked[1]);
  console.log(`  four tours in a row went to ${picked.join(", ")}`);
});

Deno.test("manage link: see, reschedule, cancel, and clear answers for wrong or spent links", opts, async () => {
  const p = await createTestProperty();
  await connectCalendar(p, `manage-${p.id.slice(0, 8)}@example.com`);
  const date = nextWeekday(2);
  const slots = (await (await widgetFetch(p, `tours/availability?from=${date}&days=1`)).json()).slotsByDate[date];
  const made = await (await book(p, { start: slots[0].start, phone: "3125550123", smsConsent: true })).json();
  const token = new URL(made.booking.manageUrl).searchParams.get("lumaleasing_manage")!;

  const seen = await widgetFetch(p, `tours/manage?token=${encodeURIComponent(token)}`);
  const seenBody = await seen.json();
  assert.equal(seen.status, 200);
  assert.equal(seenBody.booking.id, made.booking.id);
  assert.equal(seenBody.booking.canCancel, true);
  assert.equal(seenBody.booking.propertyName, p.name);

  const wrong = await widgetFetch(p, `tours/manage?token=${"x".repeat(43)}`);
  assert.equal(wrong.status, 404);
  assert.equal((await wrong.json()).error.code, "invalid_token");
  const other = await createTestProperty();
  const foreign = await widgetFetch(other, `tours/manage?token=${encodeURIComponent(token)}`);
  assert.equal(foreign.status, 404);
  await foreign.body?.cancel();

  const target = slots[6].start;
  const moved = await widgetFetch(p, "tours/manage/reschedule", { method: "POST", body: JSON.stringify({ token, start: target }) });
  const movedBody = await moved.json();
  assert.equal(moved.status, 200, JSON.stringify(movedBody));
  assert.equal(movedBody.booking.start, target);
  const sql = await adminSql();
  const [row] = await sql`select start_at, reminder_24h_sent_at from public.tour_bookings where id = ${made.booking.id}`;
  assert.equal(row.start_at.toISOString(), target);
  const rescheduled = await sql`select kind, payload from public.outbox where property_id = ${p.id} and payload->>'template' = 'tour_rescheduled'`;
  assert.deepEqual(rescheduled.map((r) => r.kind).sort(), ["email", "sms"]);
  const upserts = await sql`select 1 from public.outbox where property_id = ${p.id} and kind = 'google_event_upsert'`;
  assert.equal(upserts.length, 2, "the event is moved, not duplicated (same event id, a second upsert)");

  const cancelled = await widgetFetch(p, "tours/manage/cancel", { method: "POST", body: JSON.stringify({ token }) });
  assert.equal(cancelled.status, 200);
  assert.equal((await cancelled.json()).booking.status, "cancelled");
  const twice = await widgetFetch(p, "tours/manage/cancel", { method: "POST", body: JSON.stringify({ token }) });
  assert.equal(twice.status, 409);
  assert.equal((await twice.json()).error.code, "already_cancelled");
  const lateMove = await widgetFetch(p, "tours/manage/reschedule", { method: "POST", body: JSON.stringify({ token, start: slots[8].start }) });
  assert.equal(lateMove.status, 409);
  await lateMove.body?.cancel();
  const cancels = await sql`select kind from public.outbox where property_id = ${p.id} and (kind = 'google_event_cancel' or payload->>'template' = 'tour_cancelled')`;
  assert.deepEqual(cancels.map((c) => c.kind).sort(), ["email", "google_event_cancel", "sms"]);
  // The freed slot is offered again.
  const again = (await (await widgetFetch(p, `tours/availability?from=${date}&days=1`)).json()).slotsByDate[date];
  assert.ok(again.some((s: { start: string }) => s.start === target));
  console.log("  manage: view → reschedule (event moved, prospect told) → cancel (event cancelled) → 409 on repeat; wrong or foreign token → 404");

  // A tour in the past: its link has expired.
  const past = await createTestProperty();
  await connectCalendar(past, `past-${past.id.slice(0, 8)}@example.com`);
  const pastBooking = await (await book(past, { start: (await firstSlot(past)).start })).json();
  const pastToken = new URL(pastBooking.booking.manageUrl).searchParams.get("lumaleasing_manage")!;
  await sql`update public.tour_bookings set start_at = now() - interval '2 days', end_at = now() - interval '2 days' + interval '30 minutes',
    blocked_range = tstzrange(now() - interval '2 days', now() - interval '2 days' + interval '45 minutes') where id = ${pastBooking.booking.id}`;
  const expired = await widgetFetch(past, `tours/manage?token=${encodeURIComponent(pastToken)}`);
  assert.equal(expired.status, 410);
  assert.equal((await expired.json()).error.code, "expired");
  const pastCancel = await widgetFetch(past, "tours/manage/cancel", { method: "POST", body: JSON.stringify({ token: pastToken }) });
  assert.equal(pastCancel.status, 410);
  assert.equal((await pastCancel.json()).error.code, "tour_past");
  console.log("  a past tour's link → 410 expired; cancelling it → 410 tour_past");
});

Deno.test("booking: Google down while booking → booked at once; the event appears once Google answers; the email's .ics parses", opts, async () => {
  const s = await stack();
  const p = await createTestProperty();
  const email = `gdown-${p.id.slice(0, 8)}@example.com`;
  await connectCalendar(p, email);
  const { start } = await firstSlot(p);
  const prospect = `prospect-${p.id.slice(0, 8)}@example.com`;
  const sql = await adminSql();
  await googleControl("faults", { path: "/calendar/v3/", status: 503, count: 1000 });
  let bookingId: string;
  try {
    const started = Date.now();
    const res = await book(p, { start, email: prospect, firstName: "Grace", lastName: "Hopper", specialRequests: "Corner unit; pets, too" });
    const ms = Date.now() - started;
    const body = await res.json();
    assert.equal(res.status, 201, JSON.stringify(body));
    assert.ok(ms < 5000, `answered in ${ms} ms`);
    bookingId = body.booking.id;
    // The drain right after the answer meets the fault: wait for its attempt to be recorded.
    const effect = await eventually("the event's first attempt", async () => {
      const [row] = await sql`select status, attempts from public.outbox where property_id = ${p.id} and kind = 'google_event_upsert'`;
      return row && row.attempts >= 1 ? row : null;
    });
    assert.equal(effect.status, "pending", "the calendar event waits in the outbox");
    console.log(`  Google answering 503 → booked in ${ms} ms; the event waits (attempts so far: ${effect.attempts})`);
  } finally {
    await googleControl("faults", undefined, "DELETE");
  }
  // Google is back: the dispatcher (pg_cron's job, run here at once) creates the event.
  await sql`update public.outbox set next_attempt_at = now() where property_id = ${p.id} and status = 'pending'`;
  const run = await fetch(`${s.functionsUrl}/lumaleasing-jobs/outbox`, {
    method: "POST",
    headers: { authorization: `Bearer ${s.cronSecret}`, "content-type": "application/json" },
    body: JSON.stringify({ propertyId: p.id }),
  });
  assert.equal(run.status, 200, await run.clone().text());
  await run.body?.cancel();
  // pg_cron's own outbox run may hold the row a moment (ours then skips it): wait for the event.
  const event = await eventually("the tour's event in the agent's calendar", async () => {
    const events = await googleControl(`calendars/${encodeURIComponent(email)}/events`);
    return events.find((e: { extendedProperties?: { private?: { bookingId?: string } } }) => e.extendedProperties?.private?.bookingId === bookingId);
  });
  assert.equal(event.id, eventIdForBooking(bookingId));
  assert.equal(event.summary, `Tour - ${p.name}`);
  assert.equal(event.start.dateTime && Date.parse(event.start.dateTime), Date.parse(start));
  assert.deepEqual(event.attendees.map((a: { email: string }) => a.email), [prospect]);
  assert.match(event.description, /Grace Hopper/);
  assert.match(event.description, /Corner unit; pets, too/);
  // The link to the event is recorded just after Google answers: wait for it too.
  const link = await eventually("the booking's link to its event", async () =>
    (await sql`select google_event_id from public.calendar_events where booking_id = ${bookingId}`)[0]);
  assert.equal(link.google_event_id, event.id);
  console.log(`  after Google recovered: event ${event.id} "${event.summary}" with the prospect invited`);

  // The email goes out from the outbox after the answer: wait for it in the catcher.
  const confirmation = await eventually("the confirmation email", async () => {
    const inbox = await (await fetch(`${s.mailUrl}/api/messages?to=${encodeURIComponent(prospect)}&kind=email`)).json();
    return inbox.messages.find((m: { subject: string }) => /confirm/i.test(m.subject));
  });
  const ics = confirmation.attachments.find((a: { filename: string }) => a.filename.endsWith(".ics"));
  assert.ok(ics, "with an .ics attachment");
  assert.equal(ics.contentType, "text/calendar; charset=utf-8; method=REQUEST", "the invitation's method is in its Content-Type");
  const text: string = ics.text ?? new TextDecoder().decode(Uint8Array.from(atob(ics.contentBase64), (c) => c.charCodeAt(0)));
  const vevent = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent("vevent")!;
  const parsed = new ICAL.Event(vevent);
  assert.equal(parsed.startDate.toJSDate().toISOString(), start);
  assert.match(parsed.summary, new RegExp(p.name));
  assert.ok(confirmation.html.includes(`lumaleasing_manage=`) && confirmation.text.includes("lumaleasing_manage="), "both parts carry the manage link");
  assert.equal(vevent.parent?.getFirstPropertyValue("method"), "REQUEST", "the METHOD line matches the Content-Type");
  console.log(`  confirmation "${confirmation.subject}" with ${ics.filename} (${ics.contentType}), parsed by ical.js: ${parsed.summary} at ${parsed.startDate}`);
  await closeAdminSql();
});
