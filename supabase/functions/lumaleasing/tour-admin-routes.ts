// The leasing office's actions on a tour (the WordPress server, with the site secret).
import { json, readJson, type RouteContext } from "../_shared/adapters/http.ts";
import type { SlotTakenResponse } from "../_shared/contracts/widget.ts";
import { fieldErrors } from "../_shared/contracts/widget.ts";
import {
  OfficeBookingRequest,
  OfficeCancelRequest,
  OfficeNoteRequest,
  OfficeReassignRequest,
  OfficeRescheduleRequest,
  type OfficeTourResponse,
} from "../_shared/contracts/tour-admin.ts";
import type { z } from "zod";
import { ScheduleUnavailableError } from "../_shared/services/availability.ts";
import { bookTour, SlotTakenError, validateBooking } from "../_shared/services/booking.ts";
import { deps } from "../_shared/services/deps.ts";
import { authenticateSite } from "../_shared/services/request-auth.ts";
import { addNote, assertTourId, officeCancel, officeReassign, officeReschedule } from "../_shared/services/tour-admin.ts";
import type { ChangedBooking } from "../_shared/services/tour-change.ts";
import { outcomeNeededCount, tourDetail } from "../_shared/services/tour-detail.ts";
import { recordedAttempt } from "../_shared/services/metrics-record.ts";
import { drainSoon } from "./drain.ts";
import { calendarUnavailable } from "./widget-routes.ts";

function invalid(fields: Record<string, string>, message = "Please check the highlighted fields.") {
  return json(422, { success: false, error: { code: "invalid_input", message, fields } });
}

function tourAnswer(b: ChangedBooking): Response {
  const body: OfficeTourResponse = {
    success: true,
    tour: { id: b.id, start: b.start_at.toISOString(), end: b.end_at.toISOString(), status: b.status, agentCalendarId: b.agent_calendar_id },
  };
  return json(200, body);
}

/** The failures the slot engine answers with, as the widget's routes answer them. */
async function slotAware(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof SlotTakenError) {
      const body: SlotTakenResponse = {
        success: false,
        error: { code: "slot_taken", message: "That time is not free. Here are the next open times." },
        alternatives: err.alternatives,
      };
      return json(409, body);
    }
    if (err instanceof ScheduleUnavailableError) return calendarUnavailable(err.property);
    throw err;
  }
}

/** Authenticates, checks the tour id and the body; the handler runs only on valid input. */
function officeRoute<S extends z.ZodType>(
  schema: S,
  handler: (propertyId: string, id: string, input: z.infer<S>) => Promise<Response>,
) {
  return async ({ req, params }: RouteContext): Promise<Response> => {
    const { propertyId } = await authenticateSite(req, deps().sql);
    const parsed = schema.safeParse(await readJson(req));
    if (!parsed.success) return invalid(fieldErrors(parsed.error));
    assertTourId(params.id);
    return await slotAware(() => handler(propertyId, params.id, parsed.data));
  };
}

/** GET admin/tours/:id: the tour, its prospect (answers, consent), its agent and its history. */
export async function tourDetailRoute({ req, params }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  return json(200, await tourDetail(d, propertyId, params.id));
}

/** GET admin/tours/outcome-needed-count: for the admin menu's badge. */
export async function outcomeNeededCountRoute({ req }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  return json(200, { success: true, count: await outcomeNeededCount(d, propertyId) });
}

export const officeCancelRoute = officeRoute(OfficeCancelRequest, async (propertyId, id, input) => {
  const b = await officeCancel(deps(), propertyId, id, input.by, input.message || null);
  drainSoon(propertyId);
  return tourAnswer(b);
});

export const officeRescheduleRoute = officeRoute(OfficeRescheduleRequest, async (propertyId, id, input) => {
  const b = await officeReschedule(deps(), propertyId, id, input.by, input.start);
  drainSoon(propertyId);
  return tourAnswer(b);
});

export const officeReassignRoute = officeRoute(OfficeReassignRequest, async (propertyId, id, input) => {
  const b = await officeReassign(deps(), propertyId, id, input.by, input.agentCalendarId);
  drainSoon(propertyId);
  return tourAnswer(b);
});

export const officeNoteRoute = officeRoute(OfficeNoteRequest, async (propertyId, id, input) => {
  const note = await addNote(deps(), propertyId, id, input.by, input.text);
  return json(201, { success: true, note });
});

/** POST admin/tours: the office books for someone who phoned or walked in (same rules and race safety as the widget). */
export async function officeBookRoute({ req }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  return await recordedAttempt(d.sql, propertyId, "office", () => d.clock.now(), () => officeBook(req, propertyId));
}

async function officeBook(req: Request, propertyId: string): Promise<Response> {
  const d = deps();
  const body = await readJson(req);
  const parsed = OfficeBookingRequest.safeParse(body);
  const fields: Record<string, string> = parsed.success ? {} : fieldErrors(parsed.error);
  // The widget's checks (the phone's format, consent needs a phone) on the same fields.
  let input;
  try {
    const { source: _s, by: _b, ...rest } = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
    input = validateBooking({ ...rest, website: null, sessionId: null });
  } catch (err) {
    const more = (err as { extra?: { error?: { fields?: Record<string, string> } } }).extra?.error?.fields;
    if (!more) throw err;
    Object.assign(fields, more);
  }
  if (!parsed.success || !input || Object.keys(fields).length) return invalid(fields);
  const office = { by: parsed.data.by, source: parsed.data.source };
  return await slotAware(async () => {
    const { answer } = await bookTour(d, { propertyId, ip: null, idempotencyKey: null, office }, input);
    drainSoon(propertyId);
    return json(201, answer);
  });
}
