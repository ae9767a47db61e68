// The webhook settings, called by the WordPress plugin's server with the site secret.
import { apiError, json, readJson, type RouteContext } from "../_shared/adapters/http.ts";
import { fieldErrors } from "../_shared/contracts/widget.ts";
import {
  CreateWebhookRequest,
  DeliveriesQuery,
  UpdateWebhookRequest,
  type WebhookDeletedResponse,
  type WebhookDeliveriesResponse,
  type WebhookDeliveryQueuedResponse,
  type WebhookEndpointResponse,
  type WebhookListResponse,
  type WebhookSecretResponse,
} from "../_shared/contracts/webhook-admin.ts";
import { WEBHOOK_EVENT_TYPES } from "../_shared/contracts/webhook-events.ts";
import { deps } from "../_shared/services/deps.ts";
import { authenticateSite } from "../_shared/services/request-auth.ts";
import {
  createEndpoint,
  deleteEndpoint,
  listDeliveries,
  listEndpoints,
  queueTestEvent,
  resendDelivery,
  rotateSecret,
  updateEndpoint,
} from "../_shared/services/webhook-endpoints.ts";
import { drainSoon } from "./drain.ts";
import type { z } from "zod";

type Body<T extends z.ZodType> = z.infer<T>;

function invalid(error: z.ZodError): Response {
  return apiError(422, "invalid_input", "Please check the highlighted fields.", { error: { fields: fieldErrors(error) } });
}

/** GET admin/webhooks */
export async function listWebhooks({ req }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  const body: Body<typeof WebhookListResponse> = {
    success: true,
    eventTypes: [...WEBHOOK_EVENT_TYPES],
    endpoints: await listEndpoints(d, propertyId),
  };
  return json(200, body);
}

/** POST admin/webhooks: 201 with the secret, shown this once. */
export async function createWebhook({ req }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  const parsed = CreateWebhookRequest.safeParse(await readJson(req));
  if (!parsed.success) return invalid(parsed.error);
  const created = await createEndpoint(d, propertyId, parsed.data);
  const body: Body<typeof WebhookSecretResponse> = { success: true, ...created };
  return json(201, body);
}

/** POST admin/webhooks/:id: URL, events, enabled, description. */
export async function updateWebhook({ req, params }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  const parsed = UpdateWebhookRequest.safeParse(await readJson(req));
  if (!parsed.success) return invalid(parsed.error);
  const body: Body<typeof WebhookEndpointResponse> = {
    success: true,
    endpoint: await updateEndpoint(d, propertyId, params.id, parsed.data),
  };
  return json(200, body);
}

/** POST admin/webhooks/:id/rotate-secret: the new secret, shown this once; the old one stops at once. */
export async function rotateWebhookSecret({ req, params }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  const body: Body<typeof WebhookSecretResponse> = { success: true, ...(await rotateSecret(d, propertyId, params.id)) };
  return json(200, body);
}

/** POST admin/webhooks/:id/delete */
export async function deleteWebhook({ req, params }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  await deleteEndpoint(d, propertyId, params.id);
  const body: Body<typeof WebhookDeletedResponse> = { success: true, deleted: params.id };
  return json(200, body);
}

/** POST admin/webhooks/:id/test: 202, a webhook.test event queued and sent right away. */
export async function testWebhook({ req, params }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  const body: Body<typeof WebhookDeliveryQueuedResponse> = { success: true, delivery: await queueTestEvent(d, propertyId, params.id) };
  drainSoon(propertyId);
  return json(202, body);
}

/** GET admin/webhooks/:id/deliveries?limit=50&before=ID: newest first. */
export async function webhookDeliveries({ req, url, params }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  const parsed = DeliveriesQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return invalid(parsed.error);
  const body: Body<typeof WebhookDeliveriesResponse> = {
    success: true,
    deliveries: await listDeliveries(d, propertyId, params.id, parsed.data),
  };
  return json(200, body);
}

/** POST admin/webhooks/deliveries/:id/resend: the same event again, in a new delivery. */
export async function resendWebhookDelivery({ req, params }: RouteContext): Promise<Response> {
  const d = deps();
  const { propertyId } = await authenticateSite(req, d.sql);
  const body: Body<typeof WebhookDeliveryQueuedResponse> = { success: true, delivery: await resendDelivery(d, propertyId, params.id) };
  drainSoon(propertyId);
  return json(202, body);
}
