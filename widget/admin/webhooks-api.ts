// The plugin's Webhooks routes (lumaleasing/v1/webhooks…), through the same REST caller
// as the Calendars section.
import { ApiError, restCaller } from "./api.ts";
import { t } from "./i18n.ts";
import type { AdminConfig, WebhookDelivery, WebhookEndpoint, WebhookEventType } from "./types.ts";

export interface WebhooksApi {
  list(): Promise<WebhookEndpoint[]>;
  /** The secret is in this answer only. */
  create(url: string, events: WebhookEventType[]): Promise<{ endpoint: WebhookEndpoint; secret: string }>;
  update(id: string, fields: { url?: string; events?: WebhookEventType[]; enabled?: boolean }): Promise<WebhookEndpoint>;
  /** The new secret, shown once; the old one stops working at once. */
  rotate(id: string): Promise<{ endpoint: WebhookEndpoint; secret: string }>;
  remove(id: string): Promise<void>;
  test(id: string): Promise<WebhookDelivery | null>;
  deliveries(id: string): Promise<WebhookDelivery[]>;
  resend(deliveryId: string): Promise<WebhookDelivery | null>;
}

function withSecret(data: { endpoint?: WebhookEndpoint; secret?: unknown }) {
  if (!data.endpoint || typeof data.secret !== "string" || !data.secret.startsWith("whsec_")) {
    throw new ApiError("bad_response", t("WordPress sent an answer this page does not understand."), 200);
  }
  return { endpoint: data.endpoint, secret: data.secret };
}

export function createWebhooksApi(config: Pick<AdminConfig, "restUrl" | "nonce">, fetchImpl: typeof fetch = fetch): WebhooksApi {
  const call = restCaller(config, fetchImpl);
  const path = (id: string, action = "") => `webhooks/${encodeURIComponent(id)}${action ? `/${action}` : ""}`;
  return {
    async list() {
      const data = await call<{ endpoints?: WebhookEndpoint[] }>("GET", "webhooks");
      return Array.isArray(data.endpoints) ? data.endpoints : [];
    },
    async create(url, events) {
      return withSecret(await call("POST", "webhooks", { body: { url, events } }));
    },
    async update(id, fields) {
      const data = await call<{ endpoint: WebhookEndpoint }>("POST", path(id), { body: fields });
      return data.endpoint;
    },
    async rotate(id) {
      return withSecret(await call("POST", path(id, "rotate-secret"), { body: {} }));
    },
    async remove(id) {
      await call("POST", path(id, "delete"), { body: {} });
    },
    async test(id) {
      const data = await call<{ delivery?: WebhookDelivery | null }>("POST", path(id, "test"), { body: {} });
      return data.delivery ?? null;
    },
    async deliveries(id) {
      const data = await call<{ deliveries?: WebhookDelivery[] }>("GET", path(id, "deliveries"));
      return Array.isArray(data.deliveries) ? data.deliveries : [];
    },
    async resend(deliveryId) {
      const data = await call<{ delivery?: WebhookDelivery | null }>("POST", `webhooks/deliveries/${encodeURIComponent(deliveryId)}/resend`, {
        body: {},
      });
      return data.delivery ?? null;
    },
  };
}
