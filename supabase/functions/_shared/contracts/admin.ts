// Requests of the WordPress server's routes (site secret).
import { z } from "zod";
import { httpUrl, text } from "./text.ts";
import { ActingUser } from "./tour-admin.ts";

/** POST admin/connect-ticket: who is connecting, and the settings page to come back to. */
export const TicketRequest = z.object({
  wpUserId: z.union([z.number(), text().max(200)]).optional(),
  wpUserEmail: text().email().max(254).optional(),
  returnUrl: httpUrl("returnUrl must be the settings page's http(s) URL").max(2000, "returnUrl is too long"),
  /** The Google account to pre-select on the consent page (a re-connect). */
  loginHint: text().email("loginHint must be an email address").max(254).optional(),
});

/** POST calendar/disconnect. */
export const DisconnectRequest = z.object({ calendarId: text().uuid("calendarId must be a calendar's id") });

/** POST admin/tours/:id/outcome: attended or missed. */
export const TourOutcomeRequest = z.object({
  outcome: z.enum(["completed", "no_show"]),
  /** The WordPress user who marked it (recorded in the tour's history). */
  by: ActingUser.optional(),
});

/** POST admin/site-pages: where the site's pages are (the manage page opens email links; alerts link to the settings page). */
export const SitePagesRequest = z.object({
  managePageUrl: httpUrl("managePageUrl must be an http(s) URL").max(2000, "managePageUrl is too long"),
  settingsPageUrl: httpUrl("settingsPageUrl must be an http(s) URL").max(2000, "settingsPageUrl is too long"),
});
export type SitePagesRequest = z.infer<typeof SitePagesRequest>;
