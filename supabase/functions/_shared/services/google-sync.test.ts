// Two-way sync against the stack's Google emulator: the tour's event is written as the
// agent should see it; a watch channel delivers Google's pushes to the webhook handler
// (served here on an ephemeral port); forged notifications are refused without work; an
// agent moving the event moves the booking and tells the prospect; deleting it (after
// Google expired our sync token) cancels the booking.
import assert from "node:assert/strict";
import { closeAdminSql, googleControl } from "../../../../scripts/lib/test-support.ts";
import { webhookHandler } from "../../lumaleasing/webhook-route.ts";
import {
  connectMinted,
  DAY,
  emails,
  eventually,
  harness,
  HOUR,
  insertBooking,
  MINUTE,
  queue,
  texts,
  uniqueAccount,
} from "../../lumaleasing-jobs/test-support.ts";
import { eventIdForBooking } from "../adapters/google.ts";
import type { Deps } from "./deps.ts";
import { bookingIdFromEventId } from "./google-sync.ts";
import { renewWatches } from "./watch-renewal.ts";
import { dispatchOutbox } from "./outbox-dispatch.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test("event ids: a booking's Google event id maps back to the booking", () => {
  const id = crypto.randomUUID();
  assert.equal(bookingIdFromEventId(eventIdForBooking(id)), id);
  assert.equal(bookingIdFromEventId("someoneelses123"), null);
  assert.equal(bookingIdFromEventId(undefined), null);
});

Deno.test("google sync: event written for the agent; forged pushes refused; a moved event moves the booking, a deleted one cancels it", opts, async () => {
  const late: { deps?: Deps } = {}; // the handler is built before the harness it uses
  const background = new Set<Promise<unknown>>();
  const handle = webhookHandler(() => late.deps!, (task) => {
    background.add(task);
    task.finally(() => background.delete(task));
  });
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, (req) => handle({ req, url: new URL(req.url), params: {} }));
  const base = `http://127.0.0.1:${server.addr.port}`;
  const h = await harness({ functionsUrl: base });
  late.deps = h.d;
  try {
    const agent = uniqueAccount("agent");
    const calendarId = await connectMinted(h, agent);
    const start = new Date(h.t0.getTime() + 3 * DAY);
    const booking = await insertBooking(h, { start, createdAt: h.t0, agentCalendarId: calendarId, smsConsent: true, firstName: "Rosa" });
    await h.admin`update public.tour_bookings set special_requests = 'Ground floor, please' where id = ${booking.id}`;
    await queue(h, "google_event_upsert", { bookingId: booking.id }, `gcal-upsert:${booking.id}:${start.getTime()}`);

    // 1. The event, as the agent sees it.
    const s1 = await dispatchOutbox(h.d, { propertyId: h.property.id, senders: h.senders });
    assert.equal(s1.done, 1, JSON.stringify(s1));
    const eventId = eventIdForBooking(booking.id);
    const events = await googleControl(`calendars/${encodeURIComponent(agent)}/events`);
    const event = events.find((e: { id: string }) => e.id === eventId);
    assert.ok(event, "the tour's event exists under its client-chosen id");
    console.log(`event ${event.id}: "${event.summary}", ${event.start.dateTime}, attendees ${event.attendees.map((a: { email: string }) => a.email)}`);
    assert.equal(event.summary, `Tour - ${h.property.name}`);
    assert.equal(Date.parse(event.start.dateTime), start.getTime());
    assert.equal(event.location, "100 Test St, Chicago, IL");
    assert.ok(event.attendees.some((a: { email: string }) => a.email === booking.email));
    assert.equal(event.extendedProperties.private.bookingId, booking.id);
    assert.deepEqual(event.reminders.overrides.map((o: { minutes: number }) => o.minutes).sort((a: number, b: number) => a - b), [60, 1440]);
    for (const part of ["Rosa Lopez", booking.email, booking.phone!, "Ground floor, please"]) assert.ok(event.description.includes(part), part);
    const updates = await googleControl("send-updates");
    assert.ok(updates.some((u: { eventId: string; sendUpdates: string }) => u.eventId === eventId && u.sendUpdates === "all"));
    const [stored] = await h.admin`select google_event_id, html_link, etag, status from public.calendar_events where booking_id = ${booking.id}`;
    assert.equal(stored.google_event_id, eventId);
    assert.ok(stored.html_link && stored.etag);

    const push = (headers: Record<string, string>) =>
      fetch(`${base}/lumaleasing/calendar/webhook`, {
        method: "POST",
        headers: { "x-goog-resource-state": "exists", "x-goog-message-number": "2", ...headers },
      }).then(async (r) => ({ status: r.status, body: await r.json() }));

    // 2. A channel: the webhook address, a per-channel secret, Google's "sync" answered 200.
    const w = await renewWatches(h.d, { propertyId: h.property.id });
    console.log("watch renewal:", JSON.stringify(w));
    assert.equal(w.renewed, 1);
    const [cal] = await h.admin`select watch_channel_id, watch_resource_id, watch_token, watch_expires_at, sync_token
      from public.agent_calendars where id = ${calendarId}`;
    assert.ok(cal.watch_resource_id && cal.watch_token && cal.sync_token);
    assert.ok(cal.watch_expires_at.getTime() > Date.now() + 6 * DAY);
    const syncDelivery = await eventually("the sync notification", async () => {
      const all = await googleControl("notifications");
      return all.find((n: { channelId: string; resourceState: string }) => n.channelId === cal.watch_channel_id && n.resourceState === "sync");
    });
    assert.equal(syncDelivery.outcome, 200);
    assert.equal(syncDelivery.address, `${base}/lumaleasing/calendar/webhook`);
    // Three days before the channel ends nothing happens; twelve hours before, a new channel
    // replaces it and the old one is stopped.
    h.clock.set(new Date(cal.watch_expires_at.getTime() - 3 * DAY), true);
    assert.equal((await renewWatches(h.d, { propertyId: h.property.id })).renewed, 0);
    h.clock.set(new Date(cal.watch_expires_at.getTime() - 12 * HOUR), true);
    const renewal = await renewWatches(h.d, { propertyId: h.property.id });
    console.log("12 h before expiry:", JSON.stringify(renewal));
    assert.deepEqual([renewal.renewed, renewal.stopped], [1, 1]);
    const [renewed] = await h.admin`select watch_channel_id, watch_resource_id, watch_token from public.agent_calendars where id = ${calendarId}`;
    assert.notEqual(renewed.watch_channel_id, cal.watch_channel_id);
    assert.notEqual(renewed.watch_token, cal.watch_token, "a new secret per channel");
    const channels = await googleControl("channels");
    assert.equal(channels.find((c: { id: string }) => c.id === cal.watch_channel_id).stopped, true, "the old channel is stopped");
    assert.equal(channels.find((c: { id: string }) => c.id === renewed.watch_channel_id).stopped, false);
    const old = { ...cal };
    Object.assign(cal, renewed);
    h.clock.set(new Date(h.t0.getTime() + HOUR), true);
    const stale = await push({ "x-goog-channel-id": old.watch_channel_id, "x-goog-channel-token": old.watch_token ?? "", "x-goog-resource-id": "x" });
    assert.equal(stale.status, 404, "the replaced channel is no longer accepted");

    // 3. Forged notifications: refused, and no sync runs.
    const listCalls = async () =>
      (await googleControl(`requests?path=${encodeURIComponent(`/calendar/v3/calendars/${agent}/events`)}&method=GET`)).length;
    const callsBefore = await listCalls();
    const forged = [
      await push({ "x-goog-channel-id": crypto.randomUUID(), "x-goog-channel-token": cal.watch_token, "x-goog-resource-id": cal.watch_resource_id }),
      await push({ "x-goog-channel-id": cal.watch_channel_id, "x-goog-channel-token": "guessed", "x-goog-resource-id": cal.watch_resource_id }),
      await push({ "x-goog-channel-id": cal.watch_channel_id, "x-goog-resource-id": cal.watch_resource_id }),
      await push({ "x-goog-channel-id": cal.watch_channel_id, "x-goog-channel-token": cal.watch_token, "x-goog-resource-id": "other" }),
    ];
    console.log("forged:", forged.map((f) => `${f.status} ${f.body.error.code}`).join(", "));
    assert.deepEqual(forged.map((f) => f.status), [404, 401, 401, 401]);
    assert.equal(background.size, 0);
    assert.equal(await listCalls(), callsBefore, "no events.list for a forged push");

    // 4. The agent moves the event two hours later: the booking follows, the prospect is told.
    await h.admin`update public.tour_bookings set reminder_24h_sent_at = ${h.t0} where id = ${booking.id}`;
    const newStart = new Date(start.getTime() + 2 * HOUR);
    await googleControl(`calendars/${encodeURIComponent(agent)}/events/${eventId}`, {
      start: { dateTime: newStart.toISOString() },
      end: { dateTime: new Date(newStart.getTime() + 30 * MINUTE).toISOString() },
    }, "PATCH");
    const moved = await eventually("the booking to move", async () => {
      const [b] = await h.admin`select start_at, end_at, previous_start_at, reminder_24h_sent_at, status
        from public.tour_bookings where id = ${booking.id}`;
      return b.start_at.getTime() === newStart.getTime() ? b : null;
    });
    console.log(`booking moved ${start.toISOString()} → ${moved.start_at.toISOString()}`);
    assert.equal(moved.previous_start_at.getTime(), start.getTime());
    assert.equal(moved.end_at.getTime(), newStart.getTime() + 30 * MINUTE);
    assert.equal(moved.reminder_24h_sent_at, null, "reminders follow the new time");
    await Promise.all([...background]);
    await dispatchOutbox(h.d, { propertyId: h.property.id, senders: h.senders });
    const [rescheduled] = await emails(h, booking.email);
    assert.match(rescheduled.subject, /^Tour rescheduled: /);
    assert.match(rescheduled.text ?? "", /Previously/);
    console.log(`prospect email: "${rescheduled.subject}"`);
    assert.equal((await texts(h, booking.phone!)).length, 1);
    // Our own write-back is not mistaken for another move.
    assert.equal((await h.admin`select count(*)::int as n from public.outbox where property_id = ${h.property.id}
      and kind = 'google_event_upsert'`)[0].n, 1);

    // 5. Google expires our sync token, then the agent deletes the event: a full resync cancels the booking.
    await googleControl(`calendars/${encodeURIComponent(agent)}/expire-sync-tokens`, {});
    await googleControl(`calendars/${encodeURIComponent(agent)}/events/${eventId}`, undefined, "DELETE");
    const cancelled = await eventually("the booking to be cancelled", async () => {
      const [b] = await h.admin`select status, cancelled_at from public.tour_bookings where id = ${booking.id}`;
      return b.status === "cancelled" ? b : null;
    });
    assert.ok(cancelled.cancelled_at);
    await Promise.all([...background]);
    await dispatchOutbox(h.d, { propertyId: h.property.id, senders: h.senders });
    const mails = await emails(h, booking.email);
    assert.equal(mails.length, 2);
    assert.match(mails[1].subject, /^Tour cancelled: /);
    console.log(`prospect email: "${mails[1].subject}"`);
    const [after] = await h.admin`select sync_token, (select status from public.calendar_events where booking_id = ${booking.id}) as event_status
      from public.agent_calendars where id = ${calendarId}`;
    assert.notEqual(after.sync_token, cal.sync_token, "a fresh sync token after the full resync");
    assert.equal(after.event_status, "cancelled");
    const history = await h.admin`select event, actor, details from public.tour_history where booking_id = ${booking.id} order by id`;
    assert.deepEqual(history.map((r) => `${r.event}:${r.actor}`), ["rescheduled:calendar", "cancelled:calendar"]);
    assert.equal(history[0].details.to, newStart.toISOString());
    const [by] = await h.admin`select cancelled_by from public.tour_bookings where id = ${booking.id}`;
    assert.equal(by.cancelled_by, "calendar");
    console.log(`history: ${history.map((r) => `${r.event} by ${r.actor}`).join(", ")}`);

    // 6. An agent's own event (no booking id) changes nothing but free/busy.
    const delivered = async () =>
      (await googleControl("notifications")).filter((n: { channelId: string; outcome?: number }) => n.channelId === cal.watch_channel_id && n.outcome).length;
    const deliveredBefore = await delivered();
    await googleControl(`calendars/${encodeURIComponent(agent)}/events`, {
      summary: "Dentist",
      start: { dateTime: new Date(newStart.getTime() + DAY).toISOString() },
      end: { dateTime: new Date(newStart.getTime() + DAY + HOUR).toISOString() },
    });
    // Its push reaches the webhook (which starts a sync): wait for the delivery, then the sync.
    await eventually("the push for the agent's event", async () => (await delivered()) > deliveredBefore);
    await Promise.all([...background]);
    const [{ n }] = await h.admin`select count(*)::int as n from public.outbox where property_id = ${h.property.id} and status = 'pending'`;
    assert.equal(n, 0);
  } finally {
    await h.close();
    await server.shutdown();
    await closeAdminSql();
  }
});
