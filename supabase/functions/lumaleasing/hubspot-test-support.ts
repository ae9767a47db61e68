// Shared by the HubSpot tests: the emulator's control API, a property connected to a
// portal of its own, manual tour slots (no calendar needed), and running the outbox.
import assert from "node:assert/strict";
import { adminSql, createTestProperty, siteFetch, stack, type TestProperty } from "../../../scripts/lib/test-support.ts";

export async function hubspotControl(path: string, body?: unknown, method = body === undefined ? "GET" : "POST") {
  const res = await fetch(`${(await stack()).hubspotUrl}/__control/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`hubspot control ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

export interface PortalState {
  contacts: Array<{ id: string; properties: Record<string, string | null> }>;
  meetings: Array<{ id: string; properties: Record<string, string | null>; associations: Array<{ toId: string; typeId: number }> }>;
}

export async function portal(portalId: number): Promise<PortalState> {
  return await hubspotControl(`portals/${portalId}`);
}

/** A property with `count` manual tour slots on the days ahead, 10:00 Chicago (16:00 UTC). */
export async function propertyWithSlots(count = 4): Promise<{ p: TestProperty; starts: string[] }> {
  const p = await createTestProperty();
  const sql = await adminSql();
  const starts: string[] = [];
  const base = new Date();
  for (let i = 0; i < count; i++) {
    const day = new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate() + 2 + i, 16, 0));
    starts.push(day.toISOString());
    await sql`insert into public.tour_slots (property_id, start_at, end_at) values (${p.id}, ${day}, ${new Date(day.getTime() + 30 * 60_000)})`;
  }
  return { p, starts };
}

/** Mints a token for a fresh portal and connects the property with it. */
export async function connectHubSpot(p: TestProperty): Promise<{ token: string; portalId: number }> {
  const minted = await hubspotControl("tokens", {});
  const res = await siteFetch(p, "admin/hubspot", { method: "POST", body: JSON.stringify({ token: minted.token }) });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.equal(body.connected, true);
  return minted;
}

/** Runs the outbox for the property (pg_cron's job, called at once) with every pending row due now. */
export async function runOutbox(p: TestProperty) {
  const s = await stack();
  const sql = await adminSql();
  await sql`update public.outbox set next_attempt_at = now() where property_id = ${p.id} and status = 'pending'`;
  const res = await fetch(`${s.functionsUrl}/lumaleasing-jobs/outbox`, {
    method: "POST",
    headers: { authorization: `Bearer ${s.cronSecret}`, "content-type": "application/json" },
    body: JSON.stringify({ propertyId: p.id }),
  });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return JSON.parse(text);
}

/**
 * Runs the outbox until `check` holds; while a HubSpot row is in flight (another run holds
 * its lease, e.g. the drain right after a booking waiting out a 429) it waits for that run
 * instead. Fails after `tries` runs or a minute.
 */
export async function syncUntil<T>(p: TestProperty, check: () => Promise<T | null | undefined | false>, tries = 20): Promise<T> {
  const sql = await adminSql();
  const deadline = Date.now() + 60_000;
  for (let runs = 0; runs < tries && Date.now() < deadline;) {
    const value = await check();
    if (value) return value;
    const [busy] = await sql`select 1 from public.outbox where property_id = ${p.id} and kind = 'hubspot_sync'
      and status = 'pending' and locked_until > now()`;
    if (busy) {
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    await runOutbox(p);
    runs++;
  }
  const value = await check();
  if (value) return value;
  const rows = await sql`select kind, status, attempts, last_error from public.outbox where property_id = ${p.id} and kind = 'hubspot_sync'`;
  throw new Error(`HubSpot never caught up: ${JSON.stringify(rows)}`);
}
