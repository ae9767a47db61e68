// Booking a tour, and the prospect's manage link: see, cancel, reschedule.
import { sha256Hex } from "../_shared/adapters/crypto.ts";
import { type Tx, withProperty, withResolver } from "../_shared/adapters/db.ts";
import { apiError, clientIp, HttpError, json, readJson, type RouteContext } from "../_shared/adapters/http.ts";
import {
  fieldErrors,
  type ManagedBooking,
  ManageTokenRequest,
  RescheduleRequest,
  type SlotTakenResponse,
} from "../_shared/contracts/widget.ts";
import { loadSchedule, ScheduleUnavailableError } from "../_shared/services/availability.ts";
import {
  alternativesFrom,
  bookTour,
  findSlot,
  SlotTakenError,
  validateBooking,
} from "../_shared/services/booking.ts";
import { languageOf } from "../_shared/core/language.ts";
import { deps } from "../_shared/services/deps.ts";
import { CHANGED_RETURNING, type ChangedBooking, changeTour, unchangedReason } from "../_shared/services/tour-change.ts";
import { blockedRange, loadProperty } from "../_shared/services/property.ts";
import { recordedAttempt } from "../_shared/services/metrics-record.ts";
import { drainSoon } from "./drain.ts";
import { calendarUnavailable, widgetRoute } from "./widget-routes.ts";

function slotTaken(alternatives: SlotTakenResponse["alternatives"]): Response {
  const body: SlotTakenResponse = {
    success: false,
    error: { code: "slot_taken", message: "Someone just took that time. Here are the next open times." },
    alternatives,
  };
  return json(409, body);
}


let warnedNoAddress = false;

/** The edge's address header, or null (then only the session is limited; said once per instance). */
function visitorAddress(req: Request): string | null {
  const ip = clientIp(req);
  if (!ip && !warnedNoAddress) {
    warnedNoAddress = true;
    console.warn("booking: no client address in the trusted header (LUMALEASING_CLIENT_IP_HEADER); limiting by session only");
  }
  return ip;
}

export const book = widgetRoute(async ({ req }, caller) => {
  const d = deps();
  return await recordedAttempt(d.sql, caller.propertyId, "widget", () => d.clock.now(), () => bookFor(req, caller.propertyId));
});

/** POST tours: validates, books in one transaction, answers 201 (or 409/422/429/503). */
async function bookFor(req: Request, propertyId: string): Promise<Response> {
  const d = deps();
  const idempotencyKey = req.headers.get("idempotency-key")?.trim() || null;
  if (idempotencyKey && !/^[A-Za-z0-9_.:-]{8,100}$/.test(idempotencyKey)) {
    return apiError(400, "invalid_idempotency_key", "Idempotency-Key must be 8–100 letters, digits or - _ . :");
  }
  const input = validateBooking(await readJson(req));
  try {
    const { answer, replay } = await bookTour(d, { propertyId: propertyId, ip: visitorAddress(req), idempotencyKey }, input);
    if (!replay) drainSoon(propertyId);
    return json(201, answer, replay ? { "idempotent-replayed": "true" } : {});
  } catch (err) {
    if (err instanceof SlotTakenError) return slotTaken(err.alternatives);
    if (err instanceof ScheduleUnavailableError) return calendarUnavailable(err.property);
    throw err;
  }
}

/**
 * The booking a manage token names, if it belongs to the calling widget's property (or,
 * with `expected` null, to whichever property owns the token: the function's own page).
 */
export async function bookingForToken(token: string, expected: string | null): Promise<ChangedBooking> {
  const d = deps();
  const hash = await sha256Hex(token);
  const [owner] = await withResolver((tx) => tx<{ p: string | null }[]>`select lumaleasing.resolve_manage_token(${hash}) as p`, d.sql);
  const propertyId = owner?.p;
  if (!propertyId || (expected !== null && propertyId !== expected)) {
    throw new HttpError(404, "invalid_token", "This link is not valid. Check the link in your confirmation email.");
  }
  const [row] = await withProperty(propertyId, (tx) =>
    tx<ChangedBooking[]>`select ${tx.unsafe(CHANGED_RETURNING)} from public.tour_bookings where manage_token_hash = ${hash}`, d.sql);
  if (!row) throw new HttpError(404, "invalid_token", "This link is not valid. Check the link in your confirmation email.");
  return row;
}

export function assertChangeable(row: ChangedBooking, now: Date) {
  if (row.status === "cancelled") throw new HttpError(409, "already_cancelled", "This tour was already cancelled.");
  if (row.start_at.getTime() <= now.getTime() || row.status !== "confirmed") {
    throw new HttpError(410, "tour_past", "This tour has already taken place.");
  }
}

export async function managed(row: ChangedBooking): Promise<ManagedBooking> {
  const d = deps();
  const property = await withProperty(row.property_id, (tx) => loadProperty(tx, row.property_id), d.sql);
  const open = row.status === "confirmed" && row.start_at.getTime() > d.clock.now().getTime();
  return {
    id: row.id,
    start: row.start_at.toISOString(),
    end: row.end_at.toISOString(),
    timezone: property.timeZone,
    status: row.status,
    canCancel: open,
    canReschedule: open,
    propertyName: property.name,
    language: languageOf(row.language, property.defaultLanguage),
  };
}

export const manage = widgetRoute(async ({ url }, caller) => {
  const parsed = ManageTokenRequest.safeParse({ token: url.searchParams.get("token") ?? "" });
  if (!parsed.success) return apiError(404, "invalid_token", "This link is not valid. Check the link in your confirmation email.");
  const row = await bookingForToken(parsed.data.token, caller.propertyId);
  // The link lives until the tour has passed.
  if (row.end_at.getTime() < deps().clock.now().getTime()) {
    return apiError(410, "expired", "This tour has already taken place, so its link has expired.");
  }
  return json(200, { success: true, booking: await managed(row) });
});

/**
 * Applies `apply` to the booking as the prospect saw it and queues what the prospect and
 * the calendar must hear about it, in one transaction; answers with the booking as it is now.
 */
async function changeBooking(
  propertyId: string,
  row: ChangedBooking,
  template: "tour_cancelled" | "tour_rescheduled",
  apply: (tx: Tx, now: Date) => Promise<ChangedBooking | undefined>,
  /** The answer when Postgres keeps aborting the change for contention (never a 500). */
  contended: () => Response,
): Promise<Response> {
  const d = deps();
  const updated = await changeTour(d, propertyId, {
    template,
    changedBy: "prospect",
    apply,
    history: (b) =>
      template === "tour_cancelled"
        ? { event: "cancelled", actor: "prospect" }
        : { event: "rescheduled", actor: "prospect", details: { from: row.start_at.toISOString(), to: b.start_at.toISOString() } },
  });
  if (updated === "contended") return contended();
  if (!updated) throw await unchangedReason(d, propertyId, row.id);
  drainSoon(propertyId);
  return json(200, { success: true, booking: await managed(updated) });
}

export const cancel = widgetRoute(async ({ req }, caller) => {
  const parsed = ManageTokenRequest.safeParse(await readJson(req));
  if (!parsed.success) return apiError(404, "invalid_token", "This link is not valid. Check the link in your confirmation email.");
  const row = await bookingForToken(parsed.data.token, caller.propertyId);
  return await cancelBooking(row);
});

/** Cancels a confirmed, upcoming tour by its prospect (409/410 otherwise); the JSON answer. */
export async function cancelBooking(row: ChangedBooking): Promise<Response> {
  assertChangeable(row, deps().clock.now());
  return await changeBooking(row.property_id, row, "tour_cancelled", async (tx, now) => {
    const [b] = await tx<ChangedBooking[]>`update public.tour_bookings set status = 'cancelled', cancelled_at = ${now},
        cancelled_by = 'prospect', updated_at = ${now}
      where id = ${row.id} and status = 'confirmed' and start_at = ${row.start_at} returning ${tx.unsafe(CHANGED_RETURNING)}`;
    return b;
  }, () => apiError(409, "try_again", "The tour was being changed at the same moment. Please try again."));
}

export const reschedule = widgetRoute(async ({ req }, caller) => {
  const d = deps();
  const parsed = RescheduleRequest.safeParse(await readJson(req));
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error);
    if (fields.token) return apiError(404, "invalid_token", "This link is not valid. Check the link in your confirmation email.");
    return apiError(422, "invalid_input", "Please pick a new time.", { error: { fields } });
  }
  const row = await bookingForToken(parsed.data.token, caller.propertyId);
  const now = d.clock.now();
  assertChangeable(row, now);
  const startMs = Date.parse(parsed.data.start);
  let schedule;
  try {
    schedule = await loadSchedule(d, caller.propertyId, {}, { ignoreBookingId: row.id });
  } catch (err) {
    if (err instanceof ScheduleUnavailableError) return calendarUnavailable(err.property);
    throw err;
  }
  // The tour stays with its agent: the same event moves in the same calendar.
  const agentKey = row.agent_calendar_id ?? undefined;
  const slot = findSlot(schedule, startMs);
  if (!slot || (agentKey && !slot.freeAgentIds.includes(agentKey))) {
    return slotTaken(alternativesFrom(schedule, startMs, 3, agentKey));
  }
  const start = new Date(slot.start);
  const end = new Date(slot.end);
  const [blockFrom, blockTo] = blockedRange(schedule.property.rules, start, end);
  try {
    return await changeBooking(caller.propertyId, row, "tour_rescheduled", async (tx, now) => {
      const [b] = await tx<ChangedBooking[]>`update public.tour_bookings set previous_start_at = start_at, start_at = ${start},
          end_at = ${end}, blocked_range = tstzrange(${blockFrom}, ${blockTo}), reminder_24h_sent_at = null,
          reminder_1h_sent_at = null, updated_at = ${now}
        where id = ${row.id} and status = 'confirmed' and start_at = ${row.start_at} returning ${tx.unsafe(CHANGED_RETURNING)}`;
      return b;
    }, () => slotTaken(alternativesFrom(schedule, startMs, 3, agentKey)));
  } catch (err) {
    if ((err as { code?: string }).code === "23P01") return slotTaken(alternativesFrom(schedule, startMs, 3, agentKey));
    throw err;
  }
});
