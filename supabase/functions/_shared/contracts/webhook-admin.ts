// Requests and responses of the webhook settings (the WordPress server, site secret).
import { z } from "zod";
import { text } from "./text.ts";
import { WebhookEventType } from "./webhook-events.ts";

const webhookUrl = text().trim().max(2000, "The URL is too long.").refine((u) => {
  try {
    const url = new URL(u);
    return /^https?:$/.test(url.protocol) && !url.username && !url.password;
  } catch {
    return false;
  }
}, "Enter the endpoint's full https:// URL (no user name or password in it).");

const events = z.array(WebhookEventType, { error: "Pick the events to send." })
  .min(1, "Pick at least one event.")
  .max(20)
  .transform((list) => [...new Set(list)]);

/** POST admin/webhooks */
export const CreateWebhookRequest = z.object({
  url: webhookUrl,
  events,
  enabled: z.boolean().optional(),
  description: text().trim().max(200).optional(),
});
export type CreateWebhookRequest = z.infer<typeof CreateWebhookRequest>;

/** POST admin/webhooks/:id — only what is given changes. */
export const UpdateWebhookRequest = z.object({
  url: webhookUrl.optional(),
  events: events.optional(),
  enabled: z.boolean().optional(),
  description: text().trim().max(200).nullable().optional(),
}).refine((v) => Object.values(v).some((x) => x !== undefined), "Nothing to change.");
export type UpdateWebhookRequest = z.infer<typeof UpdateWebhookRequest>;

/** GET admin/webhooks/:id/deliveries?limit=50&before=<delivery id> */
export const DeliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().positive().optional(),
});

export const WebhookEndpointView = z.object({
  id: z.string().uuid(),
  url: z.string(),
  events: z.array(WebhookEventType),
  enabled: z.boolean(),
  description: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  secretRotatedAt: z.string().nullable(),
});
export type WebhookEndpointView = z.infer<typeof WebhookEndpointView>;

export const WebhookListResponse = z.object({
  success: z.literal(true),
  eventTypes: z.array(WebhookEventType),
  endpoints: z.array(WebhookEndpointView),
});

/** Create and rotate: the only answers that carry the secret. */
export const WebhookSecretResponse = z.object({
  success: z.literal(true),
  endpoint: WebhookEndpointView,
  secret: z.string().regex(/^whsec_[A-Za-z0-9+/]+=*$/),
});

export const WebhookEndpointResponse = z.object({ success: z.literal(true), endpoint: WebhookEndpointView });
export const WebhookDeletedResponse = z.object({ success: z.literal(true), deleted: z.string().uuid() });

export const WebhookDeliveryView = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(["pending", "delivered", "failed", "skipped"]),
  responseStatus: z.number().int().nullable(),
  attempts: z.number().int(),
  createdAt: z.string(),
  lastAttemptAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  error: z.string().nullable(),
});
export type WebhookDeliveryView = z.infer<typeof WebhookDeliveryView>;

export const WebhookDeliveriesResponse = z.object({ success: z.literal(true), deliveries: z.array(WebhookDeliveryView) });
/** Test and resend: the delivery queued. */
export const WebhookDeliveryQueuedResponse = z.object({ success: z.literal(true), delivery: WebhookDeliveryView });
