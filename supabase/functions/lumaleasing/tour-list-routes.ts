// What the office reads to plan: the tours in a range with filters, and the free slots.
import { apiError, json, type RouteContext } from "../_shared/adapters/http.ts";
import { OfficeSlotsQuery, TourListQuery } from "../_shared/contracts/tour-admin.ts";
import { fieldErrors } from "../_shared/contracts/widget.ts";
import { BeyondWindowError, ScheduleUnavailableError } from "../_shared/services/availability.ts";
import { deps } from "../_shared/services/deps.ts";
import { authenticateSite } from "../_shared/services/request-auth.ts";
import { listTours, officeSlots } from "../_shared/services/tour-list.ts";
import { calendarUnavailable } from "./widget-routes.ts";

const refused = (fields: Record<string, string>) =>
  apiError(422, "invalid_input", Object.values(fields)[0] ?? "Check the filters.", { error: { fields } });

/** The query's values; `status` may repeat (or be comma-separated), the others are taken once. */
function queryOf(url: URL): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(url.searchParams.keys())) {
    if (key === "status") out.status = url.searchParams.getAll(key).flatMap((s) => s.split(",")).filter(Boolean);
    else out[key] = url.searchParams.get(key);
  }
  return out;
}

/** GET admin/tours?days=14 | ?from=&to=&agent=&status=&source=&q= */
export async function listToursRoute({ req, url }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  const parsed = TourListQuery.safeParse(queryOf(url));
  if (!parsed.success) return refused(fieldErrors(parsed.error));
  return json(200, await listTours(d, propertyId, parsed.data), { "cache-control": "no-store" });
}

/** GET admin/tours/slots?from=YYYY-MM-DD&days=14: the slots the widget would offer, per day. */
export async function officeSlotsRoute({ req, url }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  const parsed = OfficeSlotsQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return refused(fieldErrors(parsed.error));
  try {
    return json(200, await officeSlots(d, propertyId, parsed.data), { "cache-control": "no-store" });
  } catch (err) {
    if (err instanceof BeyondWindowError) return apiError(422, "beyond_booking_window", err.message, { error: { fields: { from: err.message } } });
    if (err instanceof ScheduleUnavailableError) return calendarUnavailable(err.property);
    throw err;
  }
}
