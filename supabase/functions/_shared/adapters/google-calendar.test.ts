// The Calendar v3 half of the Google client against the test stack's emulator: free/busy,
// the event calls (insert, get, patch, update, list with pages and sync tokens, delete),
// a tour's event created once however often it is retried, push channels, and the
// errors callers act on (401, 404, 409, 410).
import assert from "node:assert/strict";
import { googleControl } from "../../../../scripts/lib/test-support.ts";
import {
  deleteEvent,
  getEvent,
  insertEvent,
  listAllEvents,
  listEvents,
  patchEvent,
  queryFreeBusy,
  stopWatchChannel,
  updateEvent,
  watchEvents,
} from "./google-calendar.ts";
import { cancelTourEvent, eventIdForBooking, tourEventBody, type TourEvent, upsertTourEvent } from "./google-tour-event.ts";
import { googleFailure, testAccount, testGoogleConfig, testOpts } from "./google-test-support.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A whole hour two days ahead: where each test's events go. */
const at = (hours: number) => new Date(Math.ceil(Date.now() / HOUR) * HOUR + 2 * DAY + hours * HOUR);

function tour(bookingId: string, start: Date): TourEvent {
  return {
    id: eventIdForBooking(bookingId),
    summary: "Tour - Luma Heights",
    description: "Prospect: Rosa Lopez",
    location: "100 Test St, Chicago, IL",
    start,
    end: new Date(start.getTime() + HOUR / 2),
    timeZone: "America/Chicago",
    attendee: { email: "rosa@prospect.test", displayName: "Rosa Lopez" },
    bookingId,
  };
}

Deno.test("calendar: freeBusy gives each calendar's busy time in one call; a calendar Google cannot answer for is reported", testOpts, async () => {
  const cfg = await testGoogleConfig();
  const agent = await testAccount("busy");
  await googleControl(`calendars/${encodeURIComponent(agent.email)}/events`, {
    summary: "Inspection",
    start: { dateTime: at(1).toISOString() },
    end: { dateTime: at(2).toISOString() },
  });
  const unknown = `nobody-${crypto.randomUUID().slice(0, 8)}@client.test`;
  const res = await queryFreeBusy(cfg, agent.accessToken, {
    calendarIds: [agent.email, unknown],
    timeMin: at(0),
    timeMax: at(24),
    timeoutMs: 5000,
  });
  assert.deepEqual(res.busy.get(agent.email), [{ start: at(1).getTime(), end: at(2).getTime() }]);
  assert.equal(res.failed.get(unknown), "notFound");
  assert.equal(res.busy.has(unknown), false);
  console.log(`  ${agent.email}: busy ${at(1).toISOString()}–${at(2).toISOString()}; ${unknown}: failed (notFound)`);
});

Deno.test("calendar: events insert, get, patch, update, list in pages with a sync token, delete; 404, 409 and 410 as Google says them", testOpts, async () => {
  const cfg = await testGoogleConfig();
  const agent = await testAccount("events");
  const call = { accessToken: agent.accessToken, calendarId: agent.email };
  const bookingId = crypto.randomUUID();
  const t = tour(bookingId, at(3));

  const created = await upsertTourEvent(cfg, agent.accessToken, agent.email, t);
  assert.deepEqual([created.id, created.created], [t.id, true]);
  assert.ok(created.htmlLink && created.etag);
  const retried = await upsertTourEvent(cfg, agent.accessToken, agent.email, { ...t, summary: "Tour - Luma Heights (2)" });
  assert.deepEqual([retried.id, retried.created], [t.id, false]);
  const duplicate = await googleFailure(insertEvent(cfg, { ...call, event: tourEventBody(t) }));
  assert.deepEqual([duplicate.status, duplicate.reason, duplicate.retryable], [409, "duplicate", false]);
  console.log(`  tour event ${t.id}: created once; the retry found it (409 ${duplicate.reason}) and updated it`);

  const got = await getEvent(cfg, { ...call, eventId: t.id });
  assert.equal(got.summary, "Tour - Luma Heights (2)");
  assert.equal(got.extendedProperties?.private?.bookingId, bookingId);
  assert.equal(Date.parse(got.start!.dateTime!), t.start.getTime());
  assert.equal(got.status, "confirmed");

  const patched = await patchEvent(cfg, { ...call, eventId: t.id, patch: { summary: "Tour (patched)" }, sendUpdates: "none" });
  assert.equal(patched.summary, "Tour (patched)");
  assert.equal(patched.description, "Prospect: Rosa Lopez", "patch keeps what it does not name");
  const replaced = await updateEvent(cfg, {
    ...call,
    eventId: t.id,
    event: { summary: "Tour (replaced)", start: { dateTime: at(4).toISOString() }, end: { dateTime: at(5).toISOString() } },
  });
  assert.equal(replaced.description, undefined, "update replaces the whole event");
  assert.equal(Date.parse(replaced.start!.dateTime!), at(4).getTime());
  assert.ok((replaced.sequence ?? 0) > (got.sequence ?? 0));
  console.log(`  get → "${got.summary}"; patch keeps the description; update replaces it (sequence ${got.sequence} → ${replaced.sequence})`);

  for (const h of [6, 8]) {
    await insertEvent(cfg, { ...call, event: { summary: `Walkthrough ${h}`, start: { dateTime: at(h).toISOString() }, end: { dateTime: at(h + 1).toISOString() } } });
  }
  const all = await listAllEvents(cfg, { ...call, params: { maxResults: 1, showDeleted: true } });
  assert.equal(all.items.length, 3);
  assert.ok(all.pages >= 3, `one event a page: ${all.pages} pages`);
  assert.ok(all.nextSyncToken, "the last page carries the sync token");
  const firstPage = await listEvents(cfg, { ...call, params: { maxResults: 1 } });
  assert.ok(firstPage.nextPageToken && !firstPage.nextSyncToken, "a page with more to come has no sync token");
  console.log(`  list: 3 events over ${all.pages} pages, sync token on the last page only`);

  await deleteEvent(cfg, { ...call, eventId: t.id, sendUpdates: "all" });
  const changes = await listEvents(cfg, { ...call, params: { syncToken: all.nextSyncToken!, showDeleted: true } });
  assert.deepEqual(changes.items.map((e) => [e.id, e.status]), [[t.id, "cancelled"]]);
  assert.ok(changes.nextSyncToken);
  const again = await googleFailure(deleteEvent(cfg, { ...call, eventId: t.id }));
  assert.deepEqual([again.status, again.reason, again.retryable], [410, "deleted", false]);
  await cancelTourEvent(cfg, agent.accessToken, agent.email, t.id); // gone already: fine
  const missing = await googleFailure(getEvent(cfg, { ...call, eventId: "nosuchevent123" }));
  assert.deepEqual([missing.status, missing.reason], [404, "notFound"]);
  await cancelTourEvent(cfg, agent.accessToken, agent.email, "nosuchevent123"); // never there: fine
  console.log(`  delete → the sync token's changes hold only it (cancelled); again → 410 ${again.reason}; unknown → 404 ${missing.reason}; cancelTourEvent takes both`);

  await googleControl(`calendars/${encodeURIComponent(agent.email)}/expire-sync-tokens`, {});
  const stale = await googleFailure(listEvents(cfg, { ...call, params: { syncToken: changes.nextSyncToken! } }));
  assert.deepEqual([stale.status, stale.reason, stale.retryable], [410, "fullSyncRequired", false]);
  console.log(`  an expired sync token → ${stale.status} ${stale.reason}`);
});

Deno.test("calendar: events.watch opens a channel Google pushes to; channels.stop ends it, a second stop is 404", testOpts, async () => {
  const cfg = await testGoogleConfig();
  const agent = await testAccount("watch");
  const pushes: Headers[] = [];
  const receiver = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async (req) => {
    await req.body?.cancel();
    pushes.push(req.headers);
    return new Response(null, { status: 200 });
  });
  try {
    const id = crypto.randomUUID();
    const before = Date.now();
    const channel = await watchEvents(cfg, {
      accessToken: agent.accessToken,
      calendarId: agent.email,
      channel: { id, address: `http://127.0.0.1:${receiver.addr.port}/hook`, token: "channel-secret", ttlSeconds: 3600 },
    });
    assert.equal(channel.id, id);
    assert.ok(channel.resourceId);
    assert.equal(channel.token, "channel-secret");
    assert.ok(Math.abs(channel.expiration! - (before + 3600_000)) < 60_000, `expires in about an hour: ${channel.expiration}`);
    for (const until = Date.now() + 5000; pushes.length === 0 && Date.now() < until;) await new Promise((r) => setTimeout(r, 50));
    assert.equal(pushes[0]?.get("x-goog-channel-id"), id);
    assert.equal(pushes[0]?.get("x-goog-resource-state"), "sync");
    assert.equal(pushes[0]?.get("x-goog-channel-token"), "channel-secret");
    console.log(`  channel ${id}: resource ${channel.resourceId}, expires ${new Date(channel.expiration!).toISOString()}; the "sync" push arrived`);

    await stopWatchChannel(cfg, { accessToken: agent.accessToken, id, resourceId: channel.resourceId });
    const again = await googleFailure(stopWatchChannel(cfg, { accessToken: agent.accessToken, id, resourceId: channel.resourceId }));
    assert.deepEqual([again.status, again.reason], [404, "notFound"]);
    console.log(`  stop → done; stop again → ${again.status} ${again.reason}`);
  } finally {
    await receiver.shutdown();
  }
});

Deno.test("calendar: a token Google does not accept → 401 authError, not retried (the caller refreshes)", testOpts, async () => {
  const cfg = await testGoogleConfig();
  const agent = await testAccount("auth");
  const err = await googleFailure(listEvents(cfg, { accessToken: "ya29.not-a-token", calendarId: agent.email }));
  assert.deepEqual([err.status, err.reason, err.unauthorized, err.retryable], [401, "authError", true, false]);
  assert.match(err.message, /events\.list: Invalid Credentials/);
  console.log(`  ${err.message} → status ${err.status}, reason ${err.reason}`);
});
