// The outbox step that delivers one webhook event to one endpoint, signed the Standard
// Webhooks way (webhook-id = the event id, webhook-timestamp, webhook-signature) with the
// standardwebhooks library. The endpoint is read when sending: a deleted or disabled one
// gets nothing (the row closes as skipped), a rotated secret signs from then on.
// 2xx: delivered. 408, 429, 5xx, no answer: retried with the outbox's backoff. A 3xx (never
// followed), another 4xx, or a URL that is not (or no longer resolves to) a public
// address: failed for good, and the manager is told with the other dead rows.
import { Webhook } from "standardwebhooks";
import { decryptText } from "../adapters/crypto.ts";
import { withJobs } from "../adapters/db.ts";
import { DeliveryError, isRetryableStatus, parseRetryAfter } from "../adapters/delivery-error.ts";
import {
  dnsResolver,
  postToTarget,
  type Resolver,
  type ResolvedTarget,
  resolveTarget,
  WEBHOOK_TIMEOUT_MS,
  type WebhookAnswer,
  webhookPolicyFromEnv,
  WebhookNetworkError,
} from "../adapters/webhook-http.ts";
import type { OutboxPayloadOf } from "../contracts/outbox.ts";
import { UnsafeTargetError, type WebhookTargetPolicy } from "../core/webhook-address.ts";
import { type EffectResult, type OutboxRow, PermanentError, type Run } from "./outbox-run.ts";

export interface WebhookDelivery {
  policy: WebhookTargetPolicy;
  resolve: Resolver;
  timeoutMs: number;
  /** Extra trusted TLS roots (PEM), for tests; none in production. */
  caCerts?: string[];
}

export function webhookDeliveryFromEnv(): WebhookDelivery {
  return { policy: webhookPolicyFromEnv(), resolve: dnsResolver, timeoutMs: WEBHOOK_TIMEOUT_MS };
}

interface EndpointRow {
  id: string;
  url: string;
  secret_enc: Uint8Array;
  enabled: boolean;
}

interface Target {
  skipped?: string;
  target?: ResolvedTarget;
  signer?: Webhook;
}

/** The endpoint as this run sees it: read, its secret decrypted and its name resolved once. */
async function targetFor(run: Run, row: OutboxRow, endpointId: string, delivery: WebhookDelivery): Promise<Target> {
  const cache = run.webhookTargets ??= new Map();
  const key = `${row.property_id}:${endpointId}`;
  let pending = cache.get(key) as Promise<Target> | undefined;
  if (!pending) {
    pending = loadTarget(run, row, endpointId, delivery);
    cache.set(key, pending);
    // A failure is not remembered: the next row tries again.
    pending.catch(() => cache.delete(key));
  }
  return await pending;
}

async function loadTarget(run: Run, row: OutboxRow, endpointId: string, delivery: WebhookDelivery): Promise<Target> {
  const [endpoint] = await withJobs((tx) =>
    tx<EndpointRow[]>`select id, url, secret_enc, enabled from public.webhook_endpoints
      where id = ${endpointId} and property_id = ${row.property_id}`, run.d.sql);
  if (!endpoint) return { skipped: "the endpoint was deleted" };
  if (!endpoint.enabled) return { skipped: "the endpoint is disabled" };
  let target: ResolvedTarget;
  try {
    target = await resolveTarget(endpoint.url, delivery.policy, delivery.resolve);
  } catch (err) {
    if (err instanceof UnsafeTargetError) {
      // A name that stops resolving may come back; one that points inside will not be followed.
      if (err.code === "unresolvable") {
        throw new DeliveryError({ channel: "webhook", retryable: true, status: null, reason: "dns", detail: err.message });
      }
      throw new PermanentError(`refused: ${err.message}`);
    }
    throw err;
  }
  return { target, signer: new Webhook(await decryptText(endpoint.secret_enc, run.d.encryptionKey)) };
}

export async function deliverWebhook(run: Run, row: OutboxRow, payload: OutboxPayloadOf<"webhook">): Promise<EffectResult> {
  const delivery = run.webhooks ??= webhookDeliveryFromEnv();
  const { skipped, target, signer } = await targetFor(run, row, payload.endpointId, delivery);
  if (skipped || !target || !signer) return { skipped: skipped ?? "the endpoint was deleted" };
  const now = run.d.clock.now();
  const body = JSON.stringify(payload.event);
  const signature = signer.sign(payload.event.id, now, body);
  const headers = {
    "webhook-id": payload.event.id,
    "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
    "webhook-signature": signature,
  };
  let answer: WebhookAnswer;
  try {
    answer = await postToTarget(target, headers, body, delivery.timeoutMs, delivery.caCerts);
  } catch (err) {
    await recordAttempt(run, row, null, now);
    if (err instanceof WebhookNetworkError) {
      throw new DeliveryError({
        channel: "webhook",
        retryable: true,
        status: null,
        reason: err.reason,
        detail: err.message,
      });
    }
    throw err;
  }
  if (answer.status >= 200 && answer.status < 300) return { note: `delivered (${answer.status})`, responseStatus: answer.status };
  await recordAttempt(run, row, answer.status, now);
  if (answer.status >= 300 && answer.status < 400) {
    throw new PermanentError(`the endpoint answered ${answer.status} (redirects are not followed${answer.location ? `: ${answer.location.slice(0, 200)}` : ""})`);
  }
  throw new DeliveryError({
    channel: "webhook",
    retryable: isRetryableStatus(answer.status),
    status: answer.status,
    reason: `http_${answer.status}`,
    detail: answer.bodyText.replace(/\s+/g, " ").trim().slice(0, 200),
    retryAfterMs: parseRetryAfter(answer.retryAfter, now),
  });
}

/** What the receiver answered (null: no answer) and when, for the delivery log. */
async function recordAttempt(run: Run, row: OutboxRow, status: number | null, at: Date) {
  await withJobs((tx) =>
    tx`update public.outbox set response_status = ${status}, last_attempt_at = ${at}
      where id = ${row.id}::bigint and status = 'pending'`, run.d.sql);
}
