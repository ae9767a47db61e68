// GET admin/tours/today (site secret): the WordPress dashboard's "Today's tours".
import { json, type RouteContext } from "../_shared/adapters/http.ts";
import { deps } from "../_shared/services/deps.ts";
import { authenticateSite } from "../_shared/services/request-auth.ts";
import { toursToday } from "../_shared/services/tours-today.ts";

export async function toursTodayRoute({ req }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  return json(200, await toursToday(d, propertyId), { "cache-control": "no-store" });
}
