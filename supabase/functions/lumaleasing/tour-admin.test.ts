// The leasing office's actions on a tour (site secret), against the running stack: booking
// for someone who phoned, notes, reschedule, reassign, cancel with a message — each in the
// tour's history with who did it — and a race of the office and the prospect's manage link.
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
import { OfficeTourResponse, OutcomeNeededCountResponse, TourDetailResponse } from "../_shared/contracts/tour-admin.ts";
import { book } from "./booking-test-support.ts";
import { runOutbox } from "./hubspot-test-support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
type Answer = Awaited<ReturnType<typeof call>>;
const by = { wpUserId: 7, wpUserName: "Lena Office" };

async function call(p: TestProperty, path: string, body?: unknown) {
  const res = await siteFetch(p, path, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function slotsOn(p: TestProperty, date: string): Promise<string[]> {
  const res = await widgetFetch(p, `tours/availability?from=${date}&days=1`);
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return body.slotsByDate[date].map((s: { start: string }) => s.start);
}

interface Caught {
  subject?: string;
  text?: string;
}

async function inbox(to: string): Promise<Caught[]> {
  const s = await stack();
  const res = await fetch(`${s.mailUrl}/api/messages?kind=email&to=${encodeURIComponent(to)}`);
  return (await res.json()).messages as Caught[];
}

/** Runs the outbox until `done` holds (up to 20 s). */
async function until(p: TestProperty, what: string, done: () => Promise<boolean>) {
  const deadline = Date.now() + 20_000;
  while (!(await done())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await runOutbox(p);
  }
}

async function drained(p: TestProperty): Promise<boolean> {
  const sql = await adminSql();
  const [{ n }] = await sql`select count(*)::int as n from public.outbox where property_id = ${p.id}
    and kind in ('email', 'sms', 'google_event_upsert', 'google_event_cancel') and status = 'pending'`;
  return n === 0;
}

Deno.test("office: book for a caller, note, reschedule, reassign, cancel with a message — each in the history with who", opts, async () => {
  const p = await createTestProperty();
  const a = await connectCalendar(p, `off-a-${p.id.slice(0, 8)}@example.com`);
  const b = await connectCalendar(p, `off-b-${p.id.slice(0, 8)}@example.com`);
  const sql = await adminSql();
  const date = nextWeekday(3);
  const slots = await slotsOn(p, date);
  const email = `caller-${p.id.slice(0, 8)}@example.com`;

  const booked = await call(p, "admin/tours", {
    start: slots[0], firstName: "Cal", lastName: "Ler", email, phone: "(312) 555-0110", source: "phone", by, bedrooms: 2,
  });
  assert.equal(booked.status, 201, JSON.stringify(booked.body));
  const id = booked.body.booking.id as string;
  const [row] = await sql`select source, agent_calendar_id, phone from public.tour_bookings where id = ${id}`;
  assert.equal(row.source, "phone");
  assert.equal(row.phone, "+13125550110");

  const note = await call(p, `admin/tours/${id}/notes`, { text: "Asked about parking (internal)", by });
  assert.equal(note.status, 201, JSON.stringify(note.body));

  const moved = await call(p, `admin/tours/${id}/reschedule`, { start: slots[3], by });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  assert.equal(OfficeTourResponse.parse(moved.body).tour.start, slots[3]);

  const other = row.agent_calendar_id === a.calendarId ? b.calendarId! : a.calendarId!;
  const reassigned = await call(p, `admin/tours/${id}/reassign`, { agentCalendarId: other, by });
  assert.equal(reassigned.status, 200, JSON.stringify(reassigned.body));
  assert.equal(reassigned.body.tour.agentCalendarId, other);
  assert.equal((await call(p, `admin/tours/${id}/reassign`, { agentCalendarId: crypto.randomUUID(), by })).status, 422, "not a connected agent");
  await until(p, "the event in the new agent's calendar", async () => {
    const [ev] = await sql`select agent_calendar_id, status from public.calendar_events where booking_id = ${id}`;
    return ev?.agent_calendar_id === other && ev.status === "confirmed" && await drained(p);
  });

  const message = "Our model unit is being painted that day, sorry! Call us to pick a new time.";
  const cancelled = await call(p, `admin/tours/${id}/cancel`, { message, by });
  assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
  assert.equal(cancelled.body.tour.status, "cancelled");
  assert.equal((await call(p, `admin/tours/${id}/cancel`, { by })).status, 409, "a second cancel");
  await until(p, "the event removed and the emails sent", async () => {
    const [ev] = await sql`select status from public.calendar_events where booking_id = ${id}`;
    return ev?.status === "cancelled" && await drained(p);
  });
  const mails = await inbox(email);
  const cancelMail = mails.find((m) => /cancelled/i.test(m.subject ?? ""));
  assert.ok(cancelMail, `a cancellation email among ${mails.map((m) => m.subject).join(" | ")}`);
  assert.ok(cancelMail.text!.includes(message), "the office's message is in the email");
  assert.match(cancelMail.text!, /had to cancel/);
  assert.ok(mails.every((m) => !m.text?.includes("parking (internal)")), "notes never reach the prospect");

  const detail = TourDetailResponse.parse((await call(p, `admin/tours/${id}`)).body);
  const events = detail.history.filter((h) => h.actor !== "system");
  assert.deepEqual(events.map((h) => h.event), ["booked", "note", "rescheduled", "reassigned", "cancelled"]);
  assert.ok(events.every((h) => h.actor === "office" && h.by?.wpUserId === "7" && h.by?.wpUserName === "Lena Office"));
  assert.equal(events[0].details.source, "phone");
  assert.equal(events[4].details.message, message);
  const messages = detail.history.filter((h) => h.event === "email");
  assert.deepEqual(messages.map((m) => m.details.template), ["tour_confirmation", "tour_rescheduled", "tour_cancelled"]);
  assert.ok(messages.every((m) => m.details.delivery === "sent"), JSON.stringify(messages));
  assert.equal(detail.tour.prospect.answers.bedrooms, 2);
  assert.equal(detail.tour.agent?.calendarId, other);
  console.log(`  history: ${detail.history.map((h) => `${h.event}${h.details.template ? `(${h.details.template}, ${h.details.delivery})` : ""}`).join(", ")}`);
  console.log(`  cancellation email "${cancelMail.subject}" carries the message; the event moved to the new agent, then was removed`);
});

Deno.test("office: another property's secret gets 404, none gets 401; bad input 422 with nothing written", opts, async () => {
  const p = await createTestProperty();
  const stranger = await createTestProperty();
  await connectCalendar(p, `off-auth-${p.id.slice(0, 8)}@example.com`);
  const sql = await adminSql();
  const date = nextWeekday(2);
  const slots = await slotsOn(p, date);
  const res = await book(p, { start: slots[0], email: `auth-${p.id.slice(0, 8)}@example.com` });
  const id = (await res.json()).booking.id as string;
  const actions: Array<[string, unknown]> = [
    [`admin/tours/${id}`, undefined],
    [`admin/tours/${id}/cancel`, { by }],
    [`admin/tours/${id}/reschedule`, { start: slots[2], by }],
    [`admin/tours/${id}/reassign`, { agentCalendarId: crypto.randomUUID(), by }],
    [`admin/tours/${id}/notes`, { text: "hello", by }],
  ];
  for (const [path, body] of actions) {
    const theirs = await call(stranger, path, body);
    assert.equal(theirs.status, 404, `${path}: ${JSON.stringify(theirs.body)}`);
    const anonymous = await fetch(`${(await stack()).functionsUrl}/lumaleasing/${path}`, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
    assert.equal(anonymous.status, 401, path);
    await anonymous.body?.cancel();
  }
  const bad: Array<[string, unknown, string]> = [
    [`admin/tours/${id}/cancel`, { message: "x" }, "by"],
    [`admin/tours/${id}/cancel`, { by: { wpUserId: 1 } }, "by.wpUserName"],
    [`admin/tours/${id}/cancel`, { by, message: "a".repeat(1001) }, "message"],
    [`admin/tours/${id}/reschedule`, { start: "tomorrow", by }, "start"],
    [`admin/tours/${id}/reassign`, { agentCalendarId: "nope", by }, "agentCalendarId"],
    [`admin/tours/${id}/notes`, { text: "", by }, "text"],
    [`admin/tours/${id}/notes`, { text: "a\u0000b", by }, "text"],
    ["admin/tours", { start: slots[1], firstName: "A", lastName: "B", email: "a@example.com", source: "email", by }, "source"],
    ["admin/tours", { start: slots[1], firstName: "A", lastName: "B", email: "a@example.com", phone: "12", source: "walk_in", by }, "phone"],
    ["admin/tours", { start: slots[1], firstName: "A", lastName: "B", email: "nope", source: "walk_in", by }, "email"],
  ];
  const snapshot = async () => {
    const [s] = await sql`select (select count(*) from public.tour_bookings where property_id = ${p.id})::int as tours,
      (select count(*) from public.tour_history where property_id = ${p.id})::int as history,
      (select count(*) from public.outbox where property_id = ${p.id})::int as outbox,
      (select status || start_at::text from public.tour_bookings where id = ${id}) as tour`;
    return { ...s };
  };
  const before = await snapshot();
  for (const [path, body, field] of bad) {
    const r = await call(p, path, body);
    assert.equal(r.status, 422, `${path} ${JSON.stringify(body).slice(0, 80)}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.success, false);
    assert.ok(r.body.error.fields[field], `${field} named in ${JSON.stringify(r.body.error.fields)}`);
  }
  assert.deepEqual(await snapshot(), before, "nothing written");
  assert.equal((await call(p, `admin/tours/not-a-uuid`)).status, 404);
  console.log(`  ${actions.length} routes: 404 for another property, 401 without a secret; ${bad.length} bad bodies → 422 naming the field, nothing written`);
});

Deno.test("office: a walk-in booking has no per-visitor limit and keeps the widget's race safety", opts, async () => {
  const p = await createTestProperty();
  await connectCalendar(p, `off-walk-${p.id.slice(0, 8)}@example.com`);
  const sql = await adminSql();
  const date = nextWeekday(1);
  const slots = await slotsOn(p, date);
  // More than the per-visitor limit (5 an hour), all from the office's one server (every
  // other slot: the 15-minute buffer after a tour takes the next one).
  for (let i = 0; i < 6; i++) {
    const r = await call(p, "admin/tours", { start: slots[i * 2], firstName: "W", lastName: `K${i}`, email: `walk${i}@example.com`, source: "walk_in", by });
    assert.equal(r.status, 201, `booking ${i}: ${JSON.stringify(r.body)}`);
  }
  const answers = await Promise.all(Array.from({ length: 6 }, (_, i) =>
    call(p, "admin/tours", { start: slots[12], firstName: "R", lastName: `C${i}`, email: `race${i}@example.com`, source: "walk_in", by })));
  const statuses = answers.map((a) => a.status).sort();
  assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409]);
  assert.ok(answers.filter((a) => a.status === 409).every((a) => a.body.error.code === "slot_taken"));
  const [{ n }] = await sql`select count(*)::int as n from public.tour_bookings where property_id = ${p.id} and source = 'walk_in'`;
  assert.equal(n, 7);
  console.log(`  6 walk-ins in a row all 201 (no limit); 6 at once for one slot → ${statuses.join(", ")}`);
});

Deno.test("office: outcome needed after 48 h — flagged in the list, counted, cleared by the outcome (with who)", opts, async () => {
  const p = await createTestProperty();
  const sql = await adminSql();
  // Tours that happened (arranged directly, with no calendar that could move them back):
  // one ended 3 days ago, one 10 hours ago (not yet due).
  const ids: string[] = [];
  for (const [i, hoursAgo] of [72, 10].entries()) {
    const [row] = await sql`insert into public.tour_bookings (property_id, start_at, end_at, blocked_range, status, source,
        first_name, last_name, email)
      values (${p.id}, now() - make_interval(mins => ${hoursAgo * 60 + 30}), now() - make_interval(hours => ${hoursAgo}),
        tstzrange(now() - make_interval(mins => ${hoursAgo * 60 + 30}), now() - make_interval(hours => ${hoursAgo})),
        'confirmed', 'admin', 'O', ${`N${i}`}, ${`out${i}@example.com`})
      returning id`;
    ids.push(row.id);
  }
  const count = async () => OutcomeNeededCountResponse.parse((await call(p, "admin/tours/outcome-needed-count")).body).count;
  assert.equal(await count(), 1);
  const list = (await call(p, "admin/tours?days=14")).body.tours as Array<{ id: string; outcomeNeeded: boolean }>;
  assert.equal(list.find((t) => t.id === ids[0])?.outcomeNeeded, true, JSON.stringify({ ids, list }));
  assert.equal(list.find((t) => t.id === ids[1])?.outcomeNeeded ?? false, false);
  const marked = await call(p, `admin/tours/${ids[0]}/outcome`, { outcome: "completed", by });
  assert.equal(marked.status, 200, JSON.stringify(marked.body));
  assert.equal(await count(), 0);
  const detail = TourDetailResponse.parse((await call(p, `admin/tours/${ids[0]}`)).body);
  const outcome = detail.history.find((h) => h.event === "outcome");
  assert.equal(outcome?.details.outcome, "completed");
  assert.equal(outcome?.by?.wpUserName, "Lena Office");
  assert.equal(detail.tour.outcomeNeeded, false);
  console.log("  ended 72 h ago → outcomeNeeded, count 1; 10 h ago → not yet; marked completed → count 0, history names who");
});

Deno.test("office vs prospect: reschedule and the manage link's cancel at the same moment → one wins, the other 409, one coherent email", opts, async () => {
  const p = await createTestProperty();
  await connectCalendar(p, `off-race-${p.id.slice(0, 8)}@example.com`);
  const sql = await adminSql();
  const slots = await slotsOn(p, nextWeekday(5));
  const winners: string[] = [];
  for (let round = 0; round < 4; round++) {
    const email = `race-${round}-${p.id.slice(0, 8)}@example.com`;
    const res = await book(p, { start: slots[round * 4], email });
    const booked = await res.json();
    assert.equal(res.status, 201, JSON.stringify(booked));
    const token = new URL(booked.booking.manageUrl).searchParams.get("lumaleasing_manage")!;
    const target = slots[round * 4 + 2];
    // Both read the tour, then both wait at the property's booking lock (held here until
    // both are queued), so the second decides against a tour the first has just changed.
    // Which one queues first alternates, so each side both wins and loses.
    const waiting = async (count: number) => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const [{ n }] = await sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`;
        if (n >= count) return;
        if (Date.now() > deadline) assert.fail(`${count} changes should be waiting at the booking lock`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const reschedule = () => call(p, `admin/tours/${booked.booking.id}/reschedule`, { start: target, by });
    const cancel = () =>
      widgetFetch(p, "tours/manage/cancel", { method: "POST", body: JSON.stringify({ token }) })
        .then(async (r) => ({ status: r.status, body: await r.json() }));
    let pair!: Promise<[Answer, Answer]>;
    await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtextextended(${`tour-bookings:${p.id}`}, 0))`;
      if (round % 2 === 0) {
        const first = reschedule();
        await waiting(1);
        pair = Promise.all([first, cancel()]);
      } else {
        const first = cancel();
        await waiting(1);
        pair = Promise.all([reschedule(), first]);
      }
      await waiting(2);
    });
    const [office, prospect] = await pair;
    const statuses = [office.status, prospect.status];
    assert.deepEqual([...statuses].sort(), [200, 409], JSON.stringify({ office: office.body, prospect: prospect.body }));
    const loser = office.status === 409 ? office.body : prospect.body;
    assert.ok(["tour_changed", "already_cancelled"].includes(loser.error.code), JSON.stringify(loser));
    assert.ok(loser.error.message.length > 10);
    const winner = `${office.status === 200 ? "office rescheduled" : "prospect cancelled"} (loser: ${loser.error.code})`;
    winners.push(winner);
    const [row] = await sql`select status, start_at from public.tour_bookings where id = ${booked.booking.id}`;
    if (office.status === 200) assert.equal(row.status === "confirmed" && row.start_at.toISOString(), target);
    else assert.equal(row.status, "cancelled");

    await until(p, "the emails of this round", () => drained(p));
    const mails = await inbox(email);
    assert.equal(mails.length, 2, `confirmation and one change: ${mails.map((m) => m.subject).join(" | ")}`);
    const change = mails.find((m) => !/confirmed/i.test(m.subject ?? ""))!;
    assert.match(change.subject!, office.status === 200 ? /rescheduled/i : /cancelled/i);
    const history = TourDetailResponse.parse((await call(p, `admin/tours/${booked.booking.id}`)).body).history;
    assert.equal(history.filter((h) => h.event === "rescheduled" || h.event === "cancelled").length, 1, "one change in the history");
  }
  console.log(`  4 rounds: ${winners.join(", ")}; the loser got 409 each time and the prospect one change email`);
  await closeAdminSql();
});
