// A property's webhook endpoints and their delivery log, as the settings page manages them
// (every call in a property-scoped transaction). The signing secret is made here, stored
// encrypted, and answered only by create and rotate.
import { encryptText } from "../adapters/crypto.ts";
import { type Tx, withProperty } from "../adapters/db.ts";
import { HttpError } from "../adapters/http.ts";
import { enqueue } from "../adapters/outbox-store.ts";
import { dnsResolver, type Resolver, resolveTarget, webhookPolicyFromEnv } from "../adapters/webhook-http.ts";
import type { CreateWebhookRequest, UpdateWebhookRequest, WebhookDeliveryView, WebhookEndpointView } from "../contracts/webhook-admin.ts";
import { TEST_EVENT_TYPE, type WebhookEvent, WebhookEventType } from "../contracts/webhook-events.ts";
import { UnsafeTargetError, type WebhookTargetPolicy } from "../core/webhook-address.ts";
import type { Deps } from "./deps.ts";
import { newEventId, webhookItem } from "./webhook-events.ts";

/** At most this many endpoints per property. */
export const MAX_ENDPOINTS = 10;

export interface TargetCheck {
  policy: WebhookTargetPolicy;
  resolve: Resolver;
}

const defaultCheck = (): TargetCheck => ({ policy: webhookPolicyFromEnv(), resolve: dnsResolver });

/** `whsec_` + 24 random bytes, base64 (the Standard Webhooks secret format). */
export function newWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return `whsec_${btoa(s)}`;
}

/** Refuses a URL that is not https (in production) or points at a non-public address. */
export async function checkTarget(url: string, check: TargetCheck = defaultCheck()): Promise<void> {
  try {
    await resolveTarget(url, check.policy, check.resolve);
  } catch (err) {
    if (!(err instanceof UnsafeTargetError)) throw err;
    throw new HttpError(422, "invalid_webhook_url", err.message, { error: { fields: { url: err.message }, reason: err.code } });
  }
}

interface EndpointRow {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  description: string | null;
  created_at: Date;
  updated_at: Date;
  secret_rotated_at: Date | null;
}
const COLUMNS = "id, url, events, enabled, description, created_at, updated_at, secret_rotated_at";

function view(r: EndpointRow): WebhookEndpointView {
  return {
    id: r.id,
    url: r.url,
    events: r.events.filter((e) => WebhookEventType.safeParse(e).success) as WebhookEndpointView["events"],
    enabled: r.enabled,
    description: r.description,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    secretRotatedAt: r.secret_rotated_at?.toISOString() ?? null,
  };
}

function notFound(): HttpError {
  return new HttpError(404, "webhook_not_found", "No such webhook endpoint.");
}

function isUuid(id: string) {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}

export async function listEndpoints(d: Deps, propertyId: string): Promise<WebhookEndpointView[]> {
  const rows = await withProperty(propertyId, (tx) =>
    tx.unsafe<EndpointRow[]>(`select ${COLUMNS} from public.webhook_endpoints order by created_at, id`), d.sql);
  return rows.map(view);
}

export async function createEndpoint(
  d: Deps,
  propertyId: string,
  input: CreateWebhookRequest,
  check?: TargetCheck,
): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  await checkTarget(input.url, check);
  const secret = newWebhookSecret();
  const enc = await encryptText(secret, d.encryptionKey);
  const now = d.clock.now();
  const row = await withProperty(propertyId, async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${`webhook-endpoints:${propertyId}`}))`;
    const [{ n }] = await tx<{ n: number }[]>`select count(*)::int as n from public.webhook_endpoints`;
    if (n >= MAX_ENDPOINTS) throw new HttpError(409, "too_many_webhooks", `A property may have at most ${MAX_ENDPOINTS} webhook endpoints.`);
    const [r] = await tx<EndpointRow[]>`insert into public.webhook_endpoints (property_id, url, events, secret_enc, enabled, description,
        created_at, updated_at)
      values (${propertyId}, ${input.url}, ${input.events}, ${enc}, ${input.enabled ?? true}, ${input.description ?? null}, ${now}, ${now})
      returning ${tx.unsafe(COLUMNS)}`;
    return r;
  }, d.sql);
  return { endpoint: view(row), secret };
}

export async function updateEndpoint(
  d: Deps,
  propertyId: string,
  id: string,
  input: UpdateWebhookRequest,
  check?: TargetCheck,
): Promise<WebhookEndpointView> {
  if (!isUuid(id)) throw notFound();
  if (input.url !== undefined) await checkTarget(input.url, check);
  const now = d.clock.now();
  const [row] = await withProperty(propertyId, (tx) =>
    tx<EndpointRow[]>`update public.webhook_endpoints set
        url = coalesce(${input.url ?? null}, url),
        events = coalesce(${input.events ?? null}::text[], events),
        enabled = coalesce(${input.enabled ?? null}::boolean, enabled),
        description = case when ${input.description !== undefined} then ${input.description ?? null} else description end,
        updated_at = ${now}
      where id = ${id} returning ${tx.unsafe(COLUMNS)}`, d.sql);
  if (!row) throw notFound();
  return view(row);
}

export async function rotateSecret(d: Deps, propertyId: string, id: string): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  if (!isUuid(id)) throw notFound();
  const secret = newWebhookSecret();
  const enc = await encryptText(secret, d.encryptionKey);
  const now = d.clock.now();
  const [row] = await withProperty(propertyId, (tx) =>
    tx<EndpointRow[]>`update public.webhook_endpoints set secret_enc = ${enc}, secret_rotated_at = ${now}, updated_at = ${now}
      where id = ${id} returning ${tx.unsafe(COLUMNS)}`, d.sql);
  if (!row) throw notFound();
  return { endpoint: view(row), secret };
}

/** Deletes the endpoint; its queued deliveries close as skipped when their turn comes. */
export async function deleteEndpoint(d: Deps, propertyId: string, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound();
  const [row] = await withProperty(propertyId, (tx) => tx`delete from public.webhook_endpoints where id = ${id} returning id`, d.sql);
  if (!row) throw notFound();
}

interface DeliveryRow {
  id: string;
  payload: { event: { id: string; type: string } };
  status: "pending" | "done" | "dead";
  response_status: number | null;
  attempts: number;
  created_at: Date;
  last_attempt_at: Date | null;
  next_attempt_at: Date;
  last_error: string | null;
}
const DELIVERY_COLUMNS = `id::text as id, payload, status, response_status, attempts, created_at, last_attempt_at, next_attempt_at,
  last_error`;

function deliveryView(r: DeliveryRow): WebhookDeliveryView {
  const delivered = r.status === "done" && r.response_status !== null && r.response_status < 300;
  return {
    id: r.id,
    eventId: r.payload.event.id,
    eventType: r.payload.event.type,
    status: r.status === "pending" ? "pending" : r.status === "dead" ? "failed" : delivered ? "delivered" : "skipped",
    responseStatus: r.response_status,
    attempts: r.attempts,
    createdAt: r.created_at.toISOString(),
    lastAttemptAt: r.last_attempt_at?.toISOString() ?? null,
    nextAttemptAt: r.status === "pending" ? r.next_attempt_at.toISOString() : null,
    error: r.status === "done" && delivered ? null : r.last_error,
  };
}

async function endpointExists(tx: Tx, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const [row] = await tx`select 1 from public.webhook_endpoints where id = ${id}`;
  return Boolean(row);
}

export async function listDeliveries(
  d: Deps,
  propertyId: string,
  endpointId: string,
  opts: { limit: number; before?: number },
): Promise<WebhookDeliveryView[]> {
  const rows = await withProperty(propertyId, async (tx) => {
    if (!(await endpointExists(tx, endpointId))) throw notFound();
    return await tx.unsafe<DeliveryRow[]>(
      `select ${DELIVERY_COLUMNS} from public.outbox where kind = 'webhook' and payload ->> 'endpointId' = $1
        and ($2::bigint is null or id < $2::bigint) order by id desc limit $3`,
      [endpointId, opts.before ?? null, opts.limit],
    );
  }, d.sql);
  return rows.map(deliveryView);
}

/** Queues a webhook.test event for the endpoint (enabled or not, subscribed or not: it is a test). */
export async function queueTestEvent(d: Deps, propertyId: string, endpointId: string): Promise<WebhookDeliveryView> {
  const now = d.clock.now();
  return await withProperty(propertyId, async (tx) => {
    if (!(await endpointExists(tx, endpointId))) throw notFound();
    const event: WebhookEvent = {
      type: TEST_EVENT_TYPE,
      version: 1,
      id: newEventId(),
      occurredAt: now.toISOString(),
      propertyId,
      data: { message: "A test event from LumaLeasing Tours.", endpointId },
    };
    const item = webhookItem(endpointId, event, `test:${event.id}`);
    await enqueue(tx, propertyId, [item], now);
    return await deliveryByKey(tx, item.dedupeKey);
  }, d.sql);
}

/**
 * "Send again": the same event (same webhook-id, so a receiver that has it can tell) in a
 * new delivery, behind any of the tour's deliveries still pending.
 */
export async function resendDelivery(d: Deps, propertyId: string, deliveryId: string): Promise<WebhookDeliveryView> {
  if (!/^\d{1,18}$/.test(deliveryId)) throw new HttpError(404, "delivery_not_found", "No such delivery.");
  const now = d.clock.now();
  return await withProperty(propertyId, async (tx) => {
    const [row] = await tx<{ payload: { endpointId: string; event: WebhookEvent }; ordering_key: string | null }[]>`
      select payload, ordering_key from public.outbox where id = ${deliveryId}::bigint and kind = 'webhook'`;
    if (!row || !(await endpointExists(tx, row.payload.endpointId))) {
      throw new HttpError(404, "delivery_not_found", "No such delivery.");
    }
    const item = webhookItem(row.payload.endpointId, row.payload.event, "", `:resend:${crypto.randomUUID()}`);
    item.orderingKey = row.ordering_key ?? undefined;
    await enqueue(tx, propertyId, [item], now);
    return await deliveryByKey(tx, item.dedupeKey);
  }, d.sql);
}

async function deliveryByKey(tx: Tx, dedupeKey: string): Promise<WebhookDeliveryView> {
  const [r] = await tx.unsafe<DeliveryRow[]>(`select ${DELIVERY_COLUMNS} from public.outbox where dedupe_key = $1`, [dedupeKey]);
  return deliveryView(r);
}
