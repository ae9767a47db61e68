// The HubSpot connection against the running stack and its HubSpot emulator: connecting
// with a private-app token, a booking's contact and meeting, reschedule and cancel, the
// office's outcome, rate limits, lost answers, and who may see what.
import assert from "node:assert/strict";
import postgres from "postgres";
import { processClock } from "../_shared/adapters/clock.ts";
import type { Deps } from "../_shared/services/deps.ts";
import { recordTourOutcome } from "../_shared/services/tour-outcome.ts";
import { adminSql, createTestProperty, siteFetch, stack, widgetFetch } from "../../../scripts/lib/test-support.ts";
import { book } from "./booking-test-support.ts";
import { connectHubSpot, hubspotControl, portal, propertyWithSlots, runOutbox, syncUntil } from "./hubspot-test-support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test("hubspot: a bad token is refused at save with a clear 4xx; a good one is kept encrypted and never answered back", opts, async () => {
  const p = await createTestProperty();
  const sql = await adminSql();
  const malformed = await siteFetch(p, "admin/hubspot", { method: "POST", body: JSON.stringify({ token: "hello" }) });
  const malformedBody = await malformed.json();
  assert.equal(malformed.status, 422);
  assert.equal(malformedBody.success, false);
  assert.equal(malformedBody.error.code, "invalid_input");
  const wrong = await siteFetch(p, "admin/hubspot", { method: "POST", body: JSON.stringify({ token: "pat-na1-00000000-dead-beef-0000-000000000000" }) });
  const wrongBody = await wrong.json();
  assert.equal(wrong.status, 422);
  assert.equal(wrongBody.error.code, "hubspot_token_rejected");
  assert.match(wrongBody.error.message, /did not accept/);
  assert.equal((await sql`select 1 from public.hubspot_connections where property_id = ${p.id}`).length, 0, "nothing written");

  const { token, portalId } = await connectHubSpot(p);
  const status = await siteFetch(p, "admin/hubspot");
  const statusText = await status.text();
  const body = JSON.parse(statusText);
  assert.equal(status.status, 200);
  assert.equal(body.connected, true);
  assert.equal(body.portalId, portalId);
  assert.equal(body.leadStatusMap.completed, "CONNECTED");
  assert.ok(!statusText.includes(token), "the token is never answered back");
  // Scan the table: the token appears nowhere in plain text.
  const [row] = await sql`select * from public.hubspot_connections where property_id = ${p.id}`;
  const dump = JSON.stringify(row, (_k, v) => (v instanceof Uint8Array ? new TextDecoder("latin1").decode(v) : v));
  assert.ok(!dump.includes(token) && !dump.includes(token.slice(8)), "no plain token in the row");
  assert.ok(row.token_enc.length > token.length, "stored as ciphertext (iv + tag)");

  // Another property's site secret: 401 for this property; its own has no connection.
  const other = await createTestProperty();
  const foreign = await fetch(`${(await stack()).functionsUrl}/lumaleasing/admin/hubspot`, {
    headers: { authorization: `Bearer ${other.siteSecret}`, "x-lumaleasing-property": p.id },
  });
  assert.equal(foreign.status, 401);
  await foreign.body?.cancel();
  const own = await (await siteFetch(other, "admin/hubspot")).json();
  assert.equal(own.connected, false);
  assert.equal(own.portalId, null);
  const anonymous = await fetch(`${(await stack()).functionsUrl}/lumaleasing/admin/hubspot`, { method: "POST", body: "{}" });
  assert.equal(anonymous.status, 401);
  await anonymous.body?.cancel();

  const bad = await siteFetch(p, "admin/hubspot/settings", { method: "POST", body: JSON.stringify({ leadStatusMap: { completed: "GREAT" } }) });
  assert.equal(bad.status, 422);
  await bad.body?.cancel();
  const set = await siteFetch(p, "admin/hubspot/settings", { method: "POST", body: JSON.stringify({ leadStatusMap: { completed: "IN_PROGRESS" } }) });
  assert.equal((await set.json()).leadStatusMap.completed, "IN_PROGRESS");

  const gone = await siteFetch(p, "admin/hubspot/disconnect", { method: "POST" });
  assert.equal((await gone.json()).connected, false);
  assert.equal((await sql`select 1 from public.hubspot_connections where property_id = ${p.id}`).length, 0);
  console.log(`  malformed → 422 invalid_input; unknown token → 422 hubspot_token_rejected; portal ${portalId} connected, ` +
    `token only as ${row.token_enc.length} bytes of ciphertext; foreign secret → 401; bad mapping → 422; disconnected`);
});

Deno.test("hubspot: a booking puts the contact and its meeting in HubSpot; reschedule and cancel update the meeting", opts, async () => {
  const { p, starts } = await propertyWithSlots();
  const { portalId } = await connectHubSpot(p);
  const email = `tour-${p.id.slice(0, 8)}@example.com`;
  const made = await (await book(p, { start: starts[0], email, firstName: "Grace", lastName: "Hopper", phone: "(312) 555-0142" })).json();
  assert.ok(made.booking?.id, JSON.stringify(made));
  const sql = await adminSql();
  // Done when HubSpot has the meeting and our row has its id (committed after HubSpot answered).
  const state = await syncUntil(p, async () => {
    const s = await portal(portalId);
    const [r] = await sql`select hubspot_meeting_id from public.tour_bookings where id = ${made.booking.id}`;
    return s.meetings.length === 1 && r?.hubspot_meeting_id ? s : null;
  });
  assert.equal(state.contacts.length, 1);
  const [contact] = state.contacts;
  const [meeting] = state.meetings;
  assert.equal(contact.properties.email, email);
  assert.equal(contact.properties.firstname, "Grace");
  assert.equal(contact.properties.hs_lead_status, "OPEN");
  assert.deepEqual(meeting.associations, [{ toId: contact.id, typeId: 200 }]);
  assert.equal(meeting.properties.hs_meeting_start_time, starts[0]);
  assert.equal(meeting.properties.hs_meeting_outcome, "SCHEDULED");
  assert.match(meeting.properties.hs_internal_meeting_notes!, new RegExp(made.booking.id));
  const [row] = await sql`select hubspot_meeting_id, hubspot_contact_id, lead_id from public.tour_bookings where id = ${made.booking.id}`;
  assert.equal(row.hubspot_meeting_id, meeting.id);
  const [lead] = await sql`select hubspot_contact_id from public.leads where id = ${row.lead_id}`;
  assert.equal(lead.hubspot_contact_id, contact.id);
  const sync = await (await siteFetch(p, "admin/hubspot")).json();
  assert.ok(sync.lastSyncAt, "the status shows the last sync");

  const token = new URL(made.booking.manageUrl).searchParams.get("lumaleasing_manage")!;
  const moved = await widgetFetch(p, "tours/manage/reschedule", { method: "POST", body: JSON.stringify({ token, start: starts[1] }) });
  assert.equal(moved.status, 200, await moved.clone().text());
  await moved.body?.cancel();
  const afterMove = await syncUntil(p, async () => {
    const s = await portal(portalId);
    return s.meetings[0]?.properties.hs_meeting_start_time === starts[1] ? s : null;
  });
  assert.equal(afterMove.meetings.length, 1, "moved, not duplicated");
  assert.equal(afterMove.meetings[0].properties.hs_meeting_outcome, "RESCHEDULED");

  const cancelled = await widgetFetch(p, "tours/manage/cancel", { method: "POST", body: JSON.stringify({ token }) });
  assert.equal(cancelled.status, 200);
  await cancelled.body?.cancel();
  const afterCancel = await syncUntil(p, async () => {
    const s = await portal(portalId);
    return s.meetings[0]?.properties.hs_meeting_outcome === "CANCELED" ? s : null;
  });
  assert.equal(afterCancel.meetings.length, 1);
  assert.equal(afterCancel.contacts.length, 1);
  console.log(`  contact ${contact.id} (OPEN) + meeting ${meeting.id} → contact (type 200); moved to ${starts[1]} (RESCHEDULED); cancelled (CANCELED); still 1 meeting`);
});

Deno.test("hubspot: the office's outcome sets the meeting's outcome and the mapped lead status", opts, async () => {
  const { p, starts } = await propertyWithSlots();
  const { portalId } = await connectHubSpot(p);
  const set = await siteFetch(p, "admin/hubspot/settings", { method: "POST", body: JSON.stringify({ leadStatusMap: { no_show: "UNQUALIFIED" } }) });
  assert.equal(set.status, 200);
  await set.body?.cancel();
  const came = await (await book(p, { start: starts[0], email: `came-${p.id.slice(0, 8)}@example.com` })).json();
  const missed = await (await book(p, { start: starts[1], email: `missed-${p.id.slice(0, 8)}@example.com` })).json();
  await syncUntil(p, async () => (await portal(portalId)).meetings.length === 2);

  const s = await stack();
  const sql = postgres(s.dbUrl, { prepare: false, max: 2, onnotice: () => {} });
  try {
    const d = { sql, clock: processClock() } as unknown as Deps;
    assert.equal((await recordTourOutcome(d, p.id, came.booking.id, "completed")).status, "completed");
    assert.equal((await recordTourOutcome(d, p.id, missed.booking.id, "no_show")).status, "no_show");
    const other = await createTestProperty();
    await assert.rejects(recordTourOutcome(d, other.id, came.booking.id, "completed"), (e: { status?: number }) => e.status === 404);
  } finally {
    await sql.end({ timeout: 2 });
  }
  const state = await syncUntil(p, async () => {
    const st = await portal(portalId);
    const outcomes = st.meetings.map((m) => m.properties.hs_meeting_outcome).sort();
    return outcomes.join() === "COMPLETED,NO_SHOW" ? st : null;
  });
  const byEmail = Object.fromEntries(state.contacts.map((c) => [c.properties.email!.split("-")[0], c.properties.hs_lead_status]));
  assert.deepEqual(byEmail, { came: "CONNECTED", missed: "UNQUALIFIED" });
  console.log(`  completed → meeting COMPLETED, lead CONNECTED; no_show → NO_SHOW, lead UNQUALIFIED (configured); another property's booking → 404`);
});

Deno.test("hubspot: 429s are waited out or deferred, and everything arrives once", opts, async () => {
  const { p, starts } = await propertyWithSlots();
  const { portalId } = await connectHubSpot(p);
  const sql = await adminSql();
  try {
    // A budget of 1 call a second: the sync's calls meet HubSpot's 429 and wait for the next second.
    await hubspotControl("rate-limit", { perSecond: 1 });
    const a = await book(p, { start: starts[0], email: `busy-${p.id.slice(0, 8)}@example.com` });
    assert.equal(a.status, 201);
    await a.body?.cancel();
    await syncUntil(p, async () => (await portal(portalId)).meetings.length === 1);
  } finally {
    await hubspotControl("rate-limit", { perSecond: 100 });
  }
  const log = (await hubspotControl(`requests?portalId=${portalId}`)).requests as Array<{ status: number; path: string }>;
  const limited = log.filter((r) => r.status === 429).length;
  assert.ok(limited >= 1, `HubSpot answered 429 (${limited} times)`);

  // A 429 asking for 30 s is not waited in the request: the row goes back with that wait.
  await hubspotControl("faults", { status: 429, retryAfter: 30, count: 1, method: "POST", path: "/crm/v3/objects/contacts/batch/upsert" });
  const b = await (await book(p, { start: starts[1], email: `later-${p.id.slice(0, 8)}@example.com` })).json();
  // The drain right after the booking meets the 429.
  let deferred: { status: string; next_attempt_at: Date; last_error: string | null; attempts: number } | undefined;
  for (let i = 0; i < 150 && !deferred?.last_error; i++) {
    if (i) await new Promise((res) => setTimeout(res, 100));
    [deferred] = await sql`select status, next_attempt_at, last_error, attempts from public.outbox
      where property_id = ${p.id} and kind = 'hubspot_sync' and payload->>'bookingId' = ${b.booking.id}`;
  }
  assert.ok(deferred?.last_error, "the 429 was recorded on the row");
  assert.equal(deferred.status, "pending");
  assert.match(deferred.last_error, /429/);
  assert.ok(deferred.next_attempt_at.getTime() - Date.now() > 20_000, "deferred by about HubSpot's Retry-After");
  const state = await syncUntil(p, async () => {
    const st = await portal(portalId);
    return st.meetings.length === 2 ? st : null;
  });
  assert.equal(state.contacts.length, 2, "each prospect once");
  const after = await (await siteFetch(p, "admin/hubspot")).json();
  assert.equal(after.lastError, null, "a later success clears the last error");
  console.log(`  budget 1/s → ${limited} × 429 waited out in place; Retry-After 30 → deferred ${Math.round((deferred.next_attempt_at.getTime() - Date.now()) / 1000)} s; 2 meetings, 2 contacts`);
});

Deno.test("hubspot: a lost answer (stored, then 500) does not make a second meeting or contact", opts, async () => {
  const { p, starts } = await propertyWithSlots();
  const { portalId } = await connectHubSpot(p);
  await hubspotControl("faults", { status: 500, afterAccept: true, count: 1, method: "POST", path: "/crm/v3/objects/meetings" });
  await hubspotControl("faults", { status: 502, afterAccept: true, count: 1, method: "POST", path: "/crm/v3/objects/contacts/batch/upsert" });
  const made = await (await book(p, { start: starts[0], email: `lost-${p.id.slice(0, 8)}@example.com` })).json();
  const sql = await adminSql();
  const row = await syncUntil(p, async () => {
    const [r] = await sql`select hubspot_meeting_id from public.tour_bookings where id = ${made.booking.id}`;
    return r?.hubspot_meeting_id ? r : null;
  });
  const state = await portal(portalId);
  assert.equal(state.contacts.length, 1);
  assert.equal(state.meetings.length, 1, "one meeting although its creation was answered 500");
  assert.equal(state.meetings[0].id, row.hubspot_meeting_id);
  const [effect] = await sql`select status, attempts, last_error from public.outbox where property_id = ${p.id} and kind = 'hubspot_sync'`;
  assert.equal(effect.status, "done");
  assert.ok(effect.attempts >= 2, `retried (${effect.attempts} attempts)`);
  const log = (await hubspotControl(`requests?portalId=${portalId}`)).requests as Array<{ method: string; path: string; status: number }>;
  const creates = log.filter((r) => r.method === "POST" && r.path === "/crm/v3/objects/meetings");
  assert.equal(creates.length, 1, "the retry searched and found it instead of creating");
  console.log(`  upsert 502 after storing, create 500 after storing → ${effect.attempts} attempts, 1 contact, 1 meeting (${row.hubspot_meeting_id}), 1 create call`);
});

Deno.test("hubspot: a chat lead with an email becomes a contact; without a connection nothing is queued", opts, async () => {
  const { p } = await propertyWithSlots(1);
  const { portalId } = await connectHubSpot(p);
  const email = `chat-${p.id.slice(0, 8)}@example.com`;
  const res = await widgetFetch(p, "chat/lead", {
    method: "POST",
    body: JSON.stringify({ sessionId: crypto.randomUUID(), firstName: "Ada", email, phone: "+13125550111" }),
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  const contact = await syncUntil(p, async () => (await portal(portalId)).contacts.find((c) => c.properties.email === email));
  assert.equal(contact.properties.firstname, "Ada");
  const sql = await adminSql();
  const [lead] = await sql`select hubspot_contact_id from public.leads where id = ${body.lead.id}`;
  assert.equal(lead.hubspot_contact_id, contact.id);

  const { p: plain, starts } = await propertyWithSlots(1);
  const booked = await book(plain, { start: starts[0] });
  assert.equal(booked.status, 201);
  await booked.body?.cancel();
  const queued = await sql`select 1 from public.outbox where property_id = ${plain.id} and kind = 'hubspot_sync'`;
  assert.equal(queued.length, 0);
  console.log(`  chat lead → contact ${contact.id}; a property without HubSpot queues no HubSpot sync`);
});
