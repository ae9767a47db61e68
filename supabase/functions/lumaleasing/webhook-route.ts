// Placeholder until the Google push receiver lands (being written alongside the jobs).
import { apiError, type RouteContext } from "../_shared/adapters/http.ts";
export function webhook(_ctx: RouteContext) {
  return apiError(503, "not_ready", "Push notifications are not handled yet.");
}
