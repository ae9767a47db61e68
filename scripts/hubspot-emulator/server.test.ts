// The HubSpot emulator against our own client (supabase/functions/_shared/adapters/hubspot.ts):
// HubSpot's paths, shapes, error bodies and rate-limit headers, so a drift between the two breaks here.
import assert from "node:assert/strict";
import {
  accountDetails,
  createMeeting,
  findContactByEmail,
  findMeetingByRef,
  HubSpotError,
  updateContact,
  updateMeeting,
  upsertContactByEmail,
} from "../../supabase/functions/_shared/adapters/hubspot.ts";
import { startHubSpotEmulator } from "./server.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

async function control(url: string, path: string, body?: unknown, method = body === undefined ? "GET" : "POST") {
  const res = await fetch(`${url}/__control/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

Deno.test("hubspot emulator: token auth, contacts, 409 on a duplicate email, search, meetings with their contact", opts, async () => {
  const emu = await startHubSpotEmulator();
  try {
    const { body: minted } = await control(emu.url, "tokens", {});
    const client = { baseUrl: emu.url, token: minted.token };
    assert.equal((await accountDetails(client)).portalId, minted.portalId);

    const bad = await fetch(`${emu.url}/crm/v3/objects/contacts/1`, { headers: { authorization: "Bearer pat-na1-nope" } });
    const badBody = await bad.json();
    assert.equal(bad.status, 401);
    assert.equal(badBody.status, "error");
    assert.equal(badBody.category, "INVALID_AUTHENTICATION");
    assert.ok(badBody.correlationId);

    const id = await upsertContactByEmail(client, "Ana@Example.com", { firstname: "Ana", lastname: "Diaz" });
    assert.equal(await upsertContactByEmail(client, "ana@example.com", { phone: "+13125550100" }), id, "upsert by email finds the contact");
    assert.equal(await findContactByEmail(client, "ANA@example.com"), id);
    const dup = await fetch(`${emu.url}/crm/v3/objects/contacts`, {
      method: "POST",
      headers: { authorization: `Bearer ${minted.token}`, "content-type": "application/json" },
      body: JSON.stringify({ properties: { email: "ana@example.com" } }),
    });
    const dupBody = await dup.json();
    assert.equal(dup.status, 409);
    assert.equal(dupBody.category, "CONFLICT");
    assert.match(dupBody.message, new RegExp(`Existing ID: ${id}`));
    await assert.rejects(updateContact(client, id, { hs_lead_status: "MAYBE" }), (e: HubSpotError) => e.status === 400 && e.category === "VALIDATION_ERROR");
    await updateContact(client, id, { hs_lead_status: "CONNECTED" });

    const start = new Date("2026-12-03T16:00:00Z");
    const meetingId = await createMeeting(client, {
      hs_timestamp: start.toISOString(),
      hs_meeting_title: "Tour",
      hs_internal_meeting_notes: "booking llbookingabc123",
      hs_meeting_start_time: start.toISOString(),
      hs_meeting_end_time: new Date(start.getTime() + 1_800_000).toISOString(),
      hs_meeting_outcome: "SCHEDULED",
    }, id);
    assert.equal(await findMeetingByRef(client, "llbookingabc123"), meetingId);
    assert.equal(await findMeetingByRef(client, "llbookingother"), null);
    assert.equal(await updateMeeting(client, meetingId, { hs_meeting_outcome: "CANCELED" }), true);
    assert.equal(await updateMeeting(client, "999", { hs_meeting_outcome: "CANCELED" }), false, "404 → false");
    const read = await (await fetch(`${emu.url}/crm/v3/objects/meetings/${meetingId}?associations=contacts&properties=hs_meeting_outcome`, {
      headers: { authorization: `Bearer ${minted.token}` },
    })).json();
    assert.equal(read.properties.hs_meeting_outcome, "CANCELED");
    assert.deepEqual(read.associations.contacts.results, [{ id, type: "meeting_event_to_contact" }]);
    const { body: state } = await control(emu.url, `portals/${minted.portalId}`);
    assert.equal(state.contacts.length, 1);
    assert.equal(state.contacts[0].properties.hs_lead_status, "CONNECTED");
    const page = await (await fetch(`${emu.url}/`)).text();
    assert.match(page, /ana@example.com/);
    console.log(`  portal ${minted.portalId}: contact ${id} (upsert twice → one), 409 "${dupBody.message}", meeting ${meetingId} → contact ${id}, 401 INVALID_AUTHENTICATION`);
  } finally {
    await emu.close();
  }
});

Deno.test("hubspot emulator: the per-second budget answers 429 with HubSpot's headers; the client waits it out", opts, async () => {
  const emu = await startHubSpotEmulator({ perSecond: 2 });
  try {
    const { body: minted } = await control(emu.url, "tokens", {});
    const raw = async () => await fetch(`${emu.url}/account-info/v3/details`, { headers: { authorization: `Bearer ${minted.token}` } });
    const answers = [await raw(), await raw(), await raw()];
    const limited = answers[2];
    const body = await limited.json();
    for (const r of answers.slice(0, 2)) await r.body?.cancel();
    assert.equal(limited.status, 429);
    assert.equal(body.errorType, "RATE_LIMIT");
    assert.equal(body.policyName, "SECONDLY");
    assert.equal(body.message, "You have reached your secondly limit.");
    assert.equal(limited.headers.get("x-hubspot-ratelimit-max"), "2");
    assert.equal(limited.headers.get("x-hubspot-ratelimit-remaining"), "0");
    assert.equal(limited.headers.get("x-hubspot-ratelimit-interval-milliseconds"), "1000");
    assert.ok(limited.headers.get("x-hubspot-ratelimit-daily-remaining"));
    assert.ok(Number(limited.headers.get("retry-after")) >= 1);

    const waits: number[] = [];
    const client = {
      baseUrl: emu.url,
      token: minted.token,
      sleep: (ms: number) => {
        waits.push(ms);
        return new Promise<void>((r) => setTimeout(r, ms));
      },
    };
    const details = await accountDetails(client);
    assert.equal(details.portalId, minted.portalId);
    assert.ok(waits.length >= 1, "the client waited for the next second");

    // A long Retry-After is not waited here: the error carries it for the outbox.
    await control(emu.url, "faults", { status: 429, retryAfter: 30, count: 1 });
    await assert.rejects(accountDetails({ baseUrl: emu.url, token: minted.token }), (e: HubSpotError) =>
      e.status === 429 && e.retryable && e.retryAfterMs === 30_000);
    const { body: log } = await control(emu.url, `requests?portalId=${minted.portalId}`);
    const statuses = log.requests.map((r: { status: number }) => r.status);
    assert.ok(statuses.filter((s: number) => s === 429).length >= 2);
    console.log(`  budget 2/s: third call 429 SECONDLY (Retry-After ${limited.headers.get("retry-after")}); client waited ${waits.join(", ")} ms; Retry-After 30 → HubSpotError(retryAfterMs 30000)`);
  } finally {
    await emu.close();
  }
});

Deno.test("hubspot emulator: faults — a lost answer after the work, latency, and bad control input", opts, async () => {
  const emu = await startHubSpotEmulator();
  try {
    const { body: minted } = await control(emu.url, "tokens", {});
    const client = { baseUrl: emu.url, token: minted.token, timeoutMs: 2000 };
    const contact = await upsertContactByEmail(client, "lost@example.com", {});
    const queued = await control(emu.url, "faults", { status: 500, afterAccept: true, method: "POST", path: "/crm/v3/objects/meetings" });
    assert.equal(queued.status, 201);
    const props = {
      hs_timestamp: "2026-12-03T16:00:00Z",
      hs_meeting_title: "Tour",
      hs_internal_meeting_notes: "llbookinglost1",
      hs_meeting_start_time: "2026-12-03T16:00:00Z",
      hs_meeting_end_time: "2026-12-03T16:30:00Z",
      hs_meeting_outcome: "SCHEDULED" as const,
    };
    await assert.rejects(createMeeting(client, props, contact), (e: HubSpotError) => e.status === 500 && e.retryable);
    assert.ok(await findMeetingByRef(client, "llbookinglost1"), "the meeting was stored although the answer was a 500");

    await control(emu.url, "faults", { latencyMs: 3000 });
    await assert.rejects(accountDetails({ ...client, timeoutMs: 300 }), (e: HubSpotError) => e.status === 0 && e.category === "timeout" && e.retryable);
    await control(emu.url, "faults", undefined, "DELETE");

    const bad = await control(emu.url, "faults", { count: 0, status: 500 });
    assert.equal(bad.status, 400);
    const bad2 = await control(emu.url, "faults", { afterAccept: true });
    assert.equal(bad2.status, 400);
    console.log("  500 after storing → the meeting is there to be found; 3 s latency vs a 300 ms timeout → timeout; bad fault → 400");
  } finally {
    await emu.close();
  }
});
