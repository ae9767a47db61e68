// GET calendar/connected: where an operator's connect link ends after Google's consent
// when it names no page to return to (the agent who opens it has no WordPress page).
// Only fixed messages are shown; nothing from the query is echoed.
import { htmlPage } from "../_shared/adapters/html.ts";
import type { RouteContext } from "../_shared/adapters/http.ts";

const FAILURES: Record<string, string> = {
  ticket_expired: "This connect link has expired. Ask the property's team for a new one.",
  ticket_used: "This connect link has already been used to connect a calendar. Ask the property's team for a new one.",
  access_denied: "Access was not allowed, so no calendar was connected. Ask for a new link to try again.",
};

export function connectedPage({ url }: RouteContext): Response {
  const result = url.searchParams.get("lumaleasing_calendar");
  if (result === "connected") {
    return htmlPage(200, "Your calendar is connected", "Tours at this property can now be booked into your Google Calendar. You can close this page.");
  }
  const reason = url.searchParams.get("reason") ?? "";
  return htmlPage(
    200,
    "Your calendar is not connected",
    FAILURES[reason] ?? "Something went wrong while connecting your calendar. Ask the property's team for a new link.",
  );
}
