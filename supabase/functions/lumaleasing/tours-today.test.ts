// GET admin/tours/today (site secret), against the running stack: the tours of the
// property's own local date — from its midnight to the next, earlier ones included, in
// order, whatever their status — with the agent and whether an outcome is awaited; not
// yesterday's last minute nor tomorrow's first; only this property's; 401 without the secret.
import assert from "node:assert/strict";
import { adminSql, closeAdminSql, createTestProperty, localInstant, siteFetch, stack } from "../../../scripts/lib/test-support.ts";
import { ToursTodayResponse } from "../_shared/contracts/tours-today.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const H = 3_600_000;

async function stackNow(): Promise<Date> {
  const s = await stack();
  const res = await fetch(`${new URL(s.functionsUrl).origin}/__local/clock`);
  return new Date((await res.json()).now);
}

const localDate = (at: Date, zone: string) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
const localHour = (at: Date, zone: string) =>
  Number(new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", hourCycle: "h23" }).format(at));

/** A zone where it is now mid-day (06:00–18:00), so "3 h ago" and "3 h from now" are both today there. */
function middayZone(now: Date): string {
  const zones = ["Pacific/Honolulu", "America/Los_Angeles", "America/Chicago", "America/New_York", "America/Sao_Paulo", "Europe/London",
    "Europe/Berlin", "Europe/Moscow", "Asia/Dubai", "Asia/Kolkata", "Asia/Bangkok", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland"];
  return zones.find((z) => localHour(now, z) >= 6 && localHour(now, z) < 18)!;
}

Deno.test("tours today: the property's local date, midnight to midnight, earlier ones included, with agent and awaited outcome", opts, async () => {
  const now = await stackNow();
  const zone = middayZone(now);
  const p = await createTestProperty({ time_zone: zone });
  const other = await createTestProperty({ time_zone: zone });
  const sql = await adminSql();
  const today = localDate(now, zone);
  const yesterday = localDate(new Date(now.getTime() - 24 * H), zone);
  const tomorrow = localDate(new Date(now.getTime() + 24 * H), zone);
  const [agent] = await sql`insert into public.agent_calendars (property_id, account_email, display_name)
    values (${p.id}, ${`today-${p.id.slice(0, 8)}@example.com`}, 'Ava Agent') returning id`;

  const add = async (propertyId: string, startIso: string, status: string, last: string, agentId: string | null = null) => {
    const start = new Date(startIso);
    const end = new Date(start.getTime() + 30 * 60_000);
    const [row] = await sql`insert into public.tour_bookings (property_id, agent_calendar_id, start_at, end_at, blocked_range, status,
        source, first_name, last_name, email)
      values (${propertyId}, ${agentId}, ${start}, ${end}, tstzrange(${start}, ${end}), ${status}, 'admin', 'Pat', ${last},
        ${`${last.toLowerCase()}@example.com`}) returning id`;
    return row.id as string;
  };
  const ids = {
    midnight: await add(p.id, localInstant(today, "00:00", zone), "completed", "Midnight"),
    earlier: await add(p.id, new Date(now.getTime() - 3 * H).toISOString(), "confirmed", "Earlier"),
    later: await add(p.id, new Date(now.getTime() + 2 * H).toISOString(), "confirmed", "Later", agent.id),
    cancelled: await add(p.id, new Date(now.getTime() + 3 * H).toISOString(), "cancelled", "Cancelled"),
  };
  await add(p.id, localInstant(yesterday, "23:59", zone), "confirmed", "Yesterday");
  await add(p.id, localInstant(tomorrow, "00:00", zone), "confirmed", "Tomorrow");
  await add(other.id, new Date(now.getTime() + H).toISOString(), "confirmed", "Elsewhere");

  const res = await siteFetch(p, "admin/tours/today");
  const raw = await res.json();
  assert.equal(res.status, 200, JSON.stringify(raw));
  const body = ToursTodayResponse.parse(raw);
  assert.equal(body.timezone, zone);
  assert.equal(body.date, today);
  assert.deepEqual(body.tours.map((t) => t.id), [ids.midnight, ids.earlier, ids.later, ids.cancelled]);
  const by = Object.fromEntries(body.tours.map((t) => [t.prospectName, t]));
  assert.equal(by["Pat Midnight"].localTime, "00:00");
  assert.equal(by["Pat Earlier"].awaitingOutcome, true, "confirmed and over: the office owes an outcome");
  assert.equal(by["Pat Midnight"].awaitingOutcome, false, "already marked");
  assert.equal(by["Pat Later"].awaitingOutcome, false, "not yet happened");
  assert.deepEqual(by["Pat Later"].agent, { email: `today-${p.id.slice(0, 8)}@example.com`, name: "Ava Agent" });
  assert.equal(by["Pat Earlier"].agent, null);
  assert.equal(by["Pat Cancelled"].status, "cancelled");
  const hhmm = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  assert.equal(by["Pat Later"].localTime, hhmm.format(new Date(now.getTime() + 2 * H)));

  const anonymous = await fetch(`${(await stack()).functionsUrl}/lumaleasing/admin/tours/today`);
  const refused = await anonymous.json();
  assert.equal(anonymous.status, 401);
  assert.equal(refused.success, false);
  console.log(`  ${zone} (${body.date}): 4 tours from 00:00 on, in order; yesterday 23:59, tomorrow 00:00 and another property's left out; no secret → 401`);
  await closeAdminSql();
});
