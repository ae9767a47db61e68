// The leasing office's actions on a tour: cancel (with a message for the prospect),
// reschedule to a free slot, reassign to another free agent, internal notes. Each is
// one transaction with its side effects and its line in the tour's history (who, when).
import { withProperty } from "../adapters/db.ts";
import { HttpError } from "../adapters/http.ts";
import { enqueue } from "../adapters/outbox-store.ts";
import type { ActingUser, HistoryEntry } from "../contracts/tour-admin.ts";
import { loadSchedule } from "./availability.ts";
import { alternativesFrom, findSlot, SlotTakenError } from "./booking.ts";
import { lockPropertyBookings, retryOnContention } from "./booking-lock.ts";
import { dropBusyCache } from "./busy-cache.ts";
import type { Deps } from "./deps.ts";
import { blockedRange } from "./property.ts";
import { CHANGED_RETURNING, type ChangedBooking, changeTour, unchangedReason } from "./tour-change.ts";
import { recordHistory } from "./tour-history.ts";

const NOT_FOUND = () => new HttpError(404, "not_found", "No such tour.");

export function assertTourId(id: string) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw NOT_FOUND();
}

/** The tour as the office sees it now, or 404 (RLS: another property's tour is not there). */
export async function loadTour(d: Deps, propertyId: string, bookingId: string): Promise<ChangedBooking> {
  assertTourId(bookingId);
  const [row] = await withProperty(propertyId, (tx) =>
    tx<ChangedBooking[]>`select ${tx.unsafe(CHANGED_RETURNING)} from public.tour_bookings where id = ${bookingId}`, d.sql);
  if (!row) throw NOT_FOUND();
  return row;
}

function assertOpen(row: ChangedBooking, now: Date) {
  if (row.status === "cancelled") throw new HttpError(409, "already_cancelled", "This tour was already cancelled.");
  if (row.status !== "confirmed" || row.start_at.getTime() <= now.getTime()) {
    throw new HttpError(410, "tour_past", "This tour has already taken place.");
  }
}

async function settle(d: Deps, propertyId: string, row: ChangedBooking, result: ChangedBooking | null | "contended") {
  if (result === "contended") throw new HttpError(409, "tour_changed", "The tour was being changed at the same moment. Please try again.");
  if (!result) throw await unchangedReason(d, propertyId, row.id);
  return result;
}

/** Cancels the tour; the prospect's cancellation email carries the office's message. */
export async function officeCancel(d: Deps, propertyId: string, bookingId: string, by: ActingUser, message: string | null) {
  const row = await loadTour(d, propertyId, bookingId);
  assertOpen(row, d.clock.now());
  const result = await changeTour(d, propertyId, {
    template: "tour_cancelled",
    changedBy: "office",
    apply: async (tx, now) => {
      const [b] = await tx<ChangedBooking[]>`update public.tour_bookings set status = 'cancelled', cancelled_at = ${now},
          cancelled_by = 'office', cancellation_message = ${message}, updated_at = ${now}
        where id = ${row.id} and status = 'confirmed' and start_at = ${row.start_at} returning ${tx.unsafe(CHANGED_RETURNING)}`;
      return b;
    },
    history: () => ({ event: "cancelled", actor: "office", by, details: { message } }),
  });
  return await settle(d, propertyId, row, result);
}

/** Moves the tour (same agent) to a slot the slot engine offers; 409 slot_taken otherwise. */
export async function officeReschedule(d: Deps, propertyId: string, bookingId: string, by: ActingUser, startIso: string) {
  const row = await loadTour(d, propertyId, bookingId);
  assertOpen(row, d.clock.now());
  const startMs = Date.parse(startIso);
  const schedule = await loadSchedule(d, propertyId, {}, { ignoreBookingId: row.id });
  const agentKey = row.agent_calendar_id ?? undefined;
  const slot = findSlot(schedule, startMs);
  if (!slot || (agentKey && !slot.freeAgentIds.includes(agentKey))) throw new SlotTakenError(alternativesFrom(schedule, startMs, 3, agentKey));
  const start = new Date(slot.start);
  const end = new Date(slot.end);
  const [blockFrom, blockTo] = blockedRange(schedule.property.rules, start, end);
  try {
    const result = await changeTour(d, propertyId, {
      template: "tour_rescheduled",
      changedBy: "office",
      apply: async (tx, now) => {
        const [b] = await tx<ChangedBooking[]>`update public.tour_bookings set previous_start_at = start_at, start_at = ${start},
            end_at = ${end}, blocked_range = tstzrange(${blockFrom}, ${blockTo}), reminder_24h_sent_at = null,
            reminder_1h_sent_at = null, updated_at = ${now}
          where id = ${row.id} and status = 'confirmed' and start_at = ${row.start_at} returning ${tx.unsafe(CHANGED_RETURNING)}`;
        return b;
      },
      history: (b) => ({ event: "rescheduled", actor: "office", by, details: { from: row.start_at.toISOString(), to: b.start_at.toISOString() } }),
    });
    return await settle(d, propertyId, row, result);
  } catch (err) {
    if ((err as { code?: string }).code === "23P01") throw new SlotTakenError(alternativesFrom(schedule, startMs, 3, agentKey));
    throw err;
  }
}

/**
 * Gives the tour to another connected agent who is free for it (409 agent_busy otherwise).
 * The event follows through the outbox: removed from the old calendar, created in the new.
 */
export async function officeReassign(d: Deps, propertyId: string, bookingId: string, by: ActingUser, agentCalendarId: string) {
  const row = await loadTour(d, propertyId, bookingId);
  const now = d.clock.now();
  assertOpen(row, now);
  if (row.agent_calendar_id === agentCalendarId) throw new HttpError(409, "same_agent", "The tour is already with this agent.");
  const schedule = await loadSchedule(d, propertyId, {}, { ignoreBookingId: row.id });
  if (!schedule.agents.some((a) => a.id === agentCalendarId && (a.tokenStatus === "healthy" || a.tokenStatus === "expiring"))) {
    throw new HttpError(422, "invalid_input", "Choose a connected agent calendar.", { error: { fields: { agentCalendarId: "Not a connected agent calendar of this property." } } });
  }
  const slot = findSlot(schedule, row.start_at.getTime());
  if (!slot || !slot.freeAgentIds.includes(agentCalendarId)) {
    throw new HttpError(409, "agent_busy", "That agent is not free at the tour's time.");
  }
  const busy = () => new HttpError(409, "agent_busy", "That agent is not free at the tour's time.");
  const result = await retryOnContention<ChangedBooking | null | "contended">(() => withProperty(propertyId, async (tx) => {
    await lockPropertyBookings(tx, propertyId);
    const [b] = await tx.savepoint((sp) => sp<ChangedBooking[]>`update public.tour_bookings set agent_calendar_id = ${agentCalendarId},
        updated_at = ${now}
      where id = ${row.id} and status = 'confirmed' and start_at = ${row.start_at}
        and agent_calendar_id is not distinct from ${row.agent_calendar_id} returning ${tx.unsafe(CHANGED_RETURNING)}`)
      .catch((err) => {
        if ((err as { code?: string }).code === "23P01") throw busy();
        throw err;
      });
    if (!b) return null;
    const v = b.start_at.getTime();
    // writeTourEvent sees the event in the old calendar and moves it: removed there, made here.
    await enqueue(tx, propertyId, [{
      kind: "google_event_upsert",
      payload: { bookingId: b.id },
      dedupeKey: `gcal-upsert:${b.id}:agent:${agentCalendarId}:${now.getTime()}:${v}`,
    }], now);
    await tx`update public.agent_calendars set last_booked_at = ${now} where id = ${agentCalendarId}`;
    await recordHistory(tx, propertyId, b.id, now, {
      event: "reassigned",
      actor: "office",
      by,
      details: { from: row.agent_calendar_id, to: agentCalendarId },
    });
    await dropBusyCache(tx, propertyId);
    return b;
  }, d.sql), () => "contended" as const);
  return await settle(d, propertyId, row, result);
}

/** An internal note (never sent to the prospect). */
export async function addNote(d: Deps, propertyId: string, bookingId: string, by: ActingUser, text: string): Promise<HistoryEntry> {
  assertTourId(bookingId);
  const now = d.clock.now();
  const entry = await withProperty(propertyId, async (tx) => {
    const [b] = await tx`select id from public.tour_bookings where id = ${bookingId}`;
    if (!b) return null;
    return await recordHistory(tx, propertyId, bookingId, now, { event: "note", actor: "office", by, details: { text } });
  }, d.sql);
  if (!entry) throw NOT_FOUND();
  return entry;
}
