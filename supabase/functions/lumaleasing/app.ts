import { json, router } from "../_shared/adapters/http.ts";
import { deps } from "../_shared/services/deps.ts";
import { preflight } from "../_shared/services/request-auth.ts";
import { sitePages, tourOutcome, verify } from "./admin-routes.ts";
import { listToursRoute, officeSlotsRoute } from "./tour-list-routes.ts";
import { beacon } from "./beacon-route.ts";
import { manageFallbackCancel, manageFallbackPage } from "./manage-page.ts";
import { book, cancel, manage, reschedule } from "./booking-routes.ts";
import { callback, connect, connectTicket, disconnect, status } from "./calendar-routes.ts";
import { connectedPage } from "./connected-page.ts";
import { adminMetrics, adminWeeklyMetrics, portfolioMetrics, portfolioWeeklyMetrics } from "./metrics-routes.ts";
import { portfolioHealthRoute, portfolioReconnectEmailsRoute, portfolioRefreshActivityRoute } from "./portfolio-routes.ts";
import { getSettings, postSettings, previewSettings } from "./settings-routes.ts";
import { hubspotConnect, hubspotDisconnect, hubspotSettings, hubspotStatus } from "./hubspot-routes.ts";
import { webhook } from "./webhook-route.ts";
import { toursTodayRoute } from "./tours-today-route.ts";
import {
  officeBookRoute,
  officeCancelRoute,
  officeNoteRoute,
  officeReassignRoute,
  officeRescheduleRoute,
  outcomeNeededCountRoute,
  tourDetailRoute,
} from "./tour-admin-routes.ts";
import {
  createWebhook,
  deleteWebhook,
  listWebhooks,
  resendWebhookDelivery,
  rotateWebhookSecret,
  testWebhook,
  updateWebhook,
  webhookDeliveries,
} from "./webhooks-admin-routes.ts";
import { availability, config, lead } from "./widget-routes.ts";

export const app = router("lumaleasing");

app.get("/health", () => json(200, { success: true, service: "lumaleasing" }));

// The widget (X-Widget-Key + an allowed Origin; CORS for those origins only).
for (const path of ["/config", "/tours/availability", "/tours", "/tours/manage", "/tours/manage/cancel", "/tours/manage/reschedule", "/chat/lead", "/beacon"]) {
  app.options(path, ({ req }) => preflight(req, deps().sql));
}
app.get("/config", config);
app.get("/tours/availability", availability);
app.post("/beacon", beacon);
app.post("/tours", book);
app.get("/tours/manage", manage);
app.post("/tours/manage/cancel", cancel);
app.post("/tours/manage/reschedule", reschedule);
app.post("/chat/lead", lead);

// The manage link's own page, while the property's site has not said where its page is.
app.get("/tours/manage-page", manageFallbackPage);
app.post("/tours/manage-page/cancel", manageFallbackCancel);

// Google: the OAuth round trip and push notifications.
app.get("/calendar/connect", connect);
app.get("/calendar/callback", callback);
app.get("/calendar/connected", connectedPage);
app.post("/calendar/webhook", webhook);

// The WordPress server (site secret).
app.get("/admin/verify", verify);
app.post("/admin/connect-ticket", connectTicket);
app.get("/admin/tours", listToursRoute);
app.get("/admin/metrics", adminMetrics);
app.get("/admin/metrics/weekly", adminWeeklyMetrics);
app.get("/portfolio/metrics", portfolioMetrics);
app.get("/portfolio/metrics/weekly", portfolioWeeklyMetrics);
app.get("/portfolio/health", portfolioHealthRoute);
app.get("/portfolio/refresh-activity", portfolioRefreshActivityRoute);
app.post("/portfolio/reconnect-emails", portfolioReconnectEmailsRoute);
app.post("/admin/tours", officeBookRoute);
app.get("/admin/tours/outcome-needed-count", outcomeNeededCountRoute);
app.get("/admin/tours/today", toursTodayRoute);
app.get("/admin/tours/slots", officeSlotsRoute);
app.get("/admin/tours/:id", tourDetailRoute);
app.post("/admin/tours/:id/outcome", tourOutcome);
app.post("/admin/tours/:id/cancel", officeCancelRoute);
app.post("/admin/tours/:id/reschedule", officeRescheduleRoute);
app.post("/admin/tours/:id/reassign", officeReassignRoute);
app.post("/admin/tours/:id/notes", officeNoteRoute);
app.post("/admin/site-pages", sitePages);
app.get("/admin/settings", getSettings);
app.post("/admin/settings", postSettings);
app.get("/admin/settings/preview", previewSettings);
app.get("/calendar/status", status);
app.post("/calendar/disconnect", disconnect);
app.get("/admin/hubspot", hubspotStatus);
app.post("/admin/hubspot", hubspotConnect);
app.post("/admin/hubspot/disconnect", hubspotDisconnect);
app.post("/admin/hubspot/settings", hubspotSettings);

// Outgoing webhooks (site secret).
app.get("/admin/webhooks", listWebhooks);
app.post("/admin/webhooks", createWebhook);
app.post("/admin/webhooks/deliveries/:id/resend", resendWebhookDelivery);
app.post("/admin/webhooks/:id", updateWebhook);
app.post("/admin/webhooks/:id/rotate-secret", rotateWebhookSecret);
app.post("/admin/webhooks/:id/delete", deleteWebhook);
app.post("/admin/webhooks/:id/test", testWebhook);
app.get("/admin/webhooks/:id/deliveries", webhookDeliveries);
