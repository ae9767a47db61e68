// The jobs function over HTTP, as pg_cron calls it, and Google's pushes through the real
// webhook route — against the running stack (its functions, catcher and Google emulator),
// on the stack's own clock.
import assert from "node:assert/strict";
import {
  adminSql,
  closeAdminSql,
  connectCalendar,
  createTestProperty,
  googleControl,
  stack,
} from "../../../scripts/lib/test-support.ts";
import { randomToken, sha256Hex } from "../_shared/adapters/crypto.ts";
import { eventIdForBooking } from "../_shared/adapters/google.ts";
import { eventually, HOUR, MINUTE } from "./test-support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

async function job(name: string, body: unknown = {}, secret?: string) {
  const s = await stack();
  const res = await fetch(`${s.functionsUrl}/lumaleasing-jobs/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${secret ?? s.cronSecret}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** The functions' "now" (the local stack's clock may have been moved). */
async function functionsNow(): Promise<Date> {
  const s = await stack();
  const res = await fetch(`${new URL(s.functionsUrl).origin}/__local/clock`);
  return new Date((await res.json()).now);
}

async function caught(to: string, kind: "email" | "sms" = "email") {
  const s = await stack();
  const res = await fetch(`${s.mailUrl}/api/messages?kind=${kind}&to=${encodeURIComponent(to)}`);
  return (await res.json()).messages as Array<{ subject?: string; body?: string }>;
}

async function insertTour(propertyId: string, start: Date, createdAt: Date, agentCalendarId: string | null = null) {
  const sql = await adminSql();
  const email = `prospect-${randomToken(6).toLowerCase().replace(/[^a-z0-9]/g, "x")}@jobs.test`;
  const phone = `+1312555${String(Math.floor(Math.random() * 9000) + 1000)}`;
  const end = new Date(start.getTime() + 30 * MINUTE);
  const [row] = await sql`insert into public.tour_bookings (property_id, agent_calendar_id, start_at, end_at, blocked_range, source,
      first_name, last_name, email, phone, sms_consent, manage_token_hash, created_at, updated_at)
    values (${propertyId}, ${agentCalendarId}, ${start}, ${end}, tstzrange(${start}, ${end}), ${agentCalendarId ? "widget" : "admin"},
      'Sam', 'Reyes', ${email}, ${phone}, true, ${await sha256Hex(randomToken(16))}, ${createdAt}, ${createdAt})
    returning id`;
  return { id: row.id as string, email, phone };
}

Deno.test("jobs: the cron secret is required; unknown jobs and bad input are refused", opts, async () => {
  const s = await stack();
  for (const name of ["reminders", "outbox", "calendar-health", "watch-renewal"]) {
    const wrong = await job(name, {}, "not-the-secret");
    assert.equal(wrong.status, 401, name);
    assert.equal(wrong.body.error.code, "unauthorized");
    const none = await fetch(`${s.functionsUrl}/lumaleasing-jobs/${name}`, { method: "POST" });
    assert.equal(none.status, 401);
    assert.equal((await none.json()).success, false);
  }
  assert.equal((await job("nope")).status, 404);
  assert.equal((await job("outbox", { propertyId: "not-a-uuid" })).status, 422);
  console.log("401 without the secret for every job; 404 for an unknown job; 422 for a bad propertyId");
});

Deno.test("jobs: reminders then outbox over HTTP — the 1-hour reminder arrives by email and SMS, once", opts, async () => {
  const property = await createTestProperty();
  try {
    const now = await functionsNow();
    const tour = await insertTour(property.id, new Date(now.getTime() + 45 * MINUTE), new Date(now.getTime() - 2 * HOUR));
    const first = await job("reminders", { propertyId: property.id });
    console.log("reminders:", JSON.stringify(first.body.summary));
    assert.equal(first.status, 200);
    assert.deepEqual(first.body.summary["24h"], { tours: 0, emails: 0, sms: 0 });
    // pg_cron's own quarter-hourly run may have claimed it a moment earlier; either way, once.
    const sql = await adminSql();
    const [{ claimed }] = await sql`select reminder_1h_sent_at is not null as claimed from public.tour_bookings where id = ${tour.id}`;
    assert.ok(claimed);
    if (first.body.summary["1h"].tours) assert.deepEqual(first.body.summary["1h"], { tours: 1, emails: 1, sms: 1 });
    const queued = await sql`select kind from public.outbox where payload ->> 'bookingId' = ${tour.id} order by kind`;
    assert.deepEqual(queued.map((r) => r.kind), ["email", "sms"]);
    const again = await job("reminders", { propertyId: property.id });
    assert.deepEqual(again.body.summary["1h"], { tours: 0, emails: 0, sms: 0 }, "a second run finds nothing");

    const outbox = await job("outbox", { propertyId: property.id });
    console.log("outbox:", JSON.stringify(outbox.body.summary));
    assert.equal(outbox.status, 200);
    // pg_cron's own outbox run may have been first: either way, one of each.
    const mail = await eventually("the reminder email", async () => (await caught(tour.email)).length ? await caught(tour.email) : null);
    assert.equal(mail.length, 1);
    assert.match(mail[0].subject!, /^Starting soon: your tour at /);
    const texts = await eventually("the reminder text", async () => (await caught(tour.phone, "sms")).length ? await caught(tour.phone, "sms") : null);
    assert.equal(texts.length, 1);
  } finally {
    await closeAdminSql();
  }
});

Deno.test("webhook: through the real route — forged pushes refused; moving the event moves the booking, deleting cancels it", opts, async () => {
  const s = await stack();
  const property = await createTestProperty();
  try {
    const agent = `agent-${randomToken(6).toLowerCase().replace(/[^a-z0-9]/g, "x")}@jobs.test`;
    const connected = await connectCalendar(property, agent);
    assert.ok(connected.calendarId, `connected: ${connected.finalUrl}`);
    const sql = await adminSql();
    const now = await functionsNow();
    const start = new Date(Math.ceil((now.getTime() + 3 * 24 * HOUR) / HOUR) * HOUR);
    const tour = await insertTour(property.id, start, now, connected.calendarId!);
    await sql`insert into public.outbox (property_id, kind, payload, dedupe_key, next_attempt_at)
      values (${property.id}, 'google_event_upsert', ${sql.json({ bookingId: tour.id })}, ${`gcal-upsert:${tour.id}:${start.getTime()}`}, ${now})`;
    await job("outbox", { propertyId: property.id });
    const eventId = eventIdForBooking(tour.id);
    await eventually("the tour's event", async () =>
      (await googleControl(`calendars/${encodeURIComponent(agent)}/events`)).find((e: { id: string }) => e.id === eventId));

    const renewal = await job("watch-renewal", { propertyId: property.id });
    console.log("watch-renewal:", JSON.stringify(renewal.body.summary));
    assert.equal(renewal.status, 200);
    const [cal] = await sql`select watch_channel_id, watch_token, watch_resource_id from public.agent_calendars where id = ${connected.calendarId}`;
    assert.ok(cal.watch_channel_id && cal.watch_token && cal.watch_resource_id, "a live channel (this run's, or pg_cron's hourly one)");

    const webhookUrl = `${s.functionsUrl}/lumaleasing/calendar/webhook`;
    const push = async (headers: Record<string, string>) => {
      const res = await fetch(webhookUrl, { method: "POST", headers: { "x-goog-resource-state": "exists", ...headers } });
      return { status: res.status, body: await res.json() };
    };
    const unknown = await push({ "x-goog-channel-id": crypto.randomUUID(), "x-goog-channel-token": cal.watch_token });
    const badToken = await push({ "x-goog-channel-id": cal.watch_channel_id, "x-goog-channel-token": "x".repeat(43), "x-goog-resource-id": cal.watch_resource_id });
    console.log(`forged: unknown channel → ${unknown.status}, wrong token → ${badToken.status}`);
    assert.equal(unknown.status, 404);
    assert.equal(badToken.status, 401);

    const newStart = new Date(start.getTime() + HOUR);
    await googleControl(`calendars/${encodeURIComponent(agent)}/events/${eventId}`, {
      start: { dateTime: newStart.toISOString() },
      end: { dateTime: new Date(newStart.getTime() + 30 * MINUTE).toISOString() },
    }, "PATCH");
    await eventually("the booking to follow its event", async () => {
      const [b] = await sql`select start_at from public.tour_bookings where id = ${tour.id}`;
      return b.start_at.getTime() === newStart.getTime();
    });
    await job("outbox", { propertyId: property.id });
    const moved = await eventually("the rescheduled email", async () =>
      (await caught(tour.email)).find((m) => /^Tour rescheduled/.test(m.subject ?? "")));
    console.log(`moved in Google → booking moved, prospect told: "${moved.subject}"`);

    await googleControl(`calendars/${encodeURIComponent(agent)}/events/${eventId}`, undefined, "DELETE");
    await eventually("the booking to be cancelled", async () => {
      const [b] = await sql`select status from public.tour_bookings where id = ${tour.id}`;
      return b.status === "cancelled";
    });
    await job("outbox", { propertyId: property.id });
    const cancelled = await eventually("the cancellation email", async () =>
      (await caught(tour.email)).find((m) => /^Tour cancelled/.test(m.subject ?? "")));
    console.log(`deleted in Google → booking cancelled, prospect told: "${cancelled.subject}"`);
    assert.equal((await caught(tour.email)).length, 2);
  } finally {
    await closeAdminSql();
  }
});
