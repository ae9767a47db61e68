// One broken calendar never takes a property down, and a tour never lands on a dead
// calendar; a calendar's push channel opens when it is connected. Against the stack and
// the Google emulator.
import assert from "node:assert/strict";
import {
  adminSql,
  closeAdminSql,
  connectCalendar,
  createTestProperty,
  googleControl,
  localInstant,
  nextWeekday,
  widgetFetch,
} from "../../../scripts/lib/test-support.ts";
import { eventually } from "../lumaleasing-jobs/test-support.ts";
import { book } from "./booking-test-support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test("one revoked calendar: no tour lands on it, availability keeps serving the other agent, the calendar is marked with one alert", opts, async () => {
  const p = await createTestProperty();
  const tag = p.id.slice(0, 8);
  const revoked = `gone-${tag}@example.com`;
  const healthy = `fine-${tag}@example.com`;
  // The first connected calendar's token leads the free/busy call: that is the one revoked.
  const a = await connectCalendar(p, revoked);
  const b = await connectCalendar(p, healthy);
  const date = nextWeekday(3);
  // The healthy agent is busy until 14:00; the other is free all day.
  await googleControl(`calendars/${encodeURIComponent(healthy)}/events`, {
    summary: "Open house",
    start: { dateTime: localInstant(date, "08:00") },
    end: { dateTime: localInstant(date, "14:00") },
  });
  const before = await (await widgetFetch(p, `tours/availability?from=${date}&days=1`)).json();
  const morning = before.slotsByDate[date].find((s: { time: string }) => s.time === "09:00");
  assert.ok(morning, "09:00 is offered while both calendars work (only the first agent is free then)");

  await googleControl(`accounts/${encodeURIComponent(revoked)}/revoke-grants`, {});
  // The shared answer's period ends (it stays usable as Google's last answer for 15 minutes).
  const sql = await adminSql();
  await sql`update public.freebusy_cache set fetched_at = fetched_at - interval '1 minute' where property_id = ${p.id}`;

  // Google is up; only that calendar's grant is dead: its last answer must not book the tour onto it.
  const onDead = await book(p, { start: morning.start, email: `late-${tag}@example.com` });
  const onDeadBody = await onDead.json();
  assert.equal(onDead.status, 409, JSON.stringify(onDeadBody));
  assert.equal(onDeadBody.error.code, "slot_taken");
  const [{ n: onRevoked }] = await sql`select count(*)::int as n from public.tour_bookings where agent_calendar_id = ${a.calendarId!}`;
  assert.equal(onRevoked, 0, "no tour on the revoked calendar");
  console.log(`  09:00 (only the revoked agent free) → 409 slot_taken, alternatives ${onDeadBody.alternatives.map((x: { time: string }) => x.time).join(", ")}`);

  const res = await widgetFetch(p, `tours/availability?from=${date}&days=1`);
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  const times: string[] = body.slotsByDate[date].map((s: { time: string }) => s.time);
  assert.ok(times.length > 0 && times.every((t) => t >= "14:00"), `only the healthy agent's afternoon: ${times.join(" ")}`);
  console.log(`  availability after the revoke → 200 with ${times.join(" ")}`);

  const made = await book(p, { start: body.slotsByDate[date][0].start, email: `ok-${tag}@example.com` });
  const madeBody = await made.json();
  assert.equal(made.status, 201, JSON.stringify(madeBody));
  const [row] = await sql`select agent_calendar_id from public.tour_bookings where id = ${madeBody.booking.id}`;
  assert.equal(row.agent_calendar_id, b.calendarId);

  const [cal] = await sql`select token_status from public.agent_calendars where id = ${a.calendarId!}`;
  assert.equal(cal.token_status, "revoked");
  const [other] = await sql`select token_status from public.agent_calendars where id = ${b.calendarId!}`;
  assert.equal(other.token_status, "healthy");
  const alerts = await sql`select payload from public.outbox where property_id = ${p.id} and kind = 'manager_alert'`;
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0].payload.calendarId, a.calendarId);
  const audits = await sql`select outcome from public.calendar_token_refreshes where agent_calendar_id = ${a.calendarId!} and trigger = 'request'`;
  assert.deepEqual(audits.map((x) => x.outcome), ["invalid_grant"]);
  console.log(`  booked on the healthy agent; revoked calendar marked "${cal.token_status}", 1 audit row, 1 alert queued`);
});

Deno.test("connect: the calendar's push channel opens right after the connection, without waiting for watch-renewal", opts, async () => {
  const p = await createTestProperty();
  const email = `watch-${p.id.slice(0, 8)}@example.com`;
  const { finalUrl, calendarId } = await connectCalendar(p, email);
  assert.equal(finalUrl.searchParams.get("lumaleasing_calendar"), "connected");
  const sql = await adminSql();
  const row = await eventually("the channel to be stored", async () => {
    const [r] = await sql`select watch_channel_id, watch_resource_id, watch_expires_at from public.agent_calendars where id = ${calendarId!}`;
    return r.watch_resource_id ? r : null;
  });
  const channels: Array<{ id: string; email: string; address: string; stopped: boolean }> = await googleControl("channels");
  const channel = channels.find((c) => c.id === row.watch_channel_id);
  assert.ok(channel, "Google knows the channel");
  assert.equal(channel.email, email);
  assert.equal(channel.stopped, false);
  assert.match(channel.address, /\/lumaleasing\/calendar\/webhook$/);
  assert.ok(row.watch_expires_at.getTime() > Date.now() + 24 * 3_600_000, "it lives for days");
  console.log(`  connected → channel ${channel.id} to ${new URL(channel.address).pathname}, expires ${row.watch_expires_at.toISOString()}`);
  await closeAdminSql();
});
