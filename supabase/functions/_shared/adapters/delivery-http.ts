// The one POST both providers go through: a hard timeout, and every failure turned
// into a DeliveryError that says whether a retry can help, up to the id the provider
// gives the accepted message.

import {
  type DeliveryChannel,
  DeliveryError,
  deliveryErrorFromThrown,
  isRetryableStatus,
  parseRetryAfter,
} from "./delivery-error.ts";

export const DEFAULT_DELIVERY_TIMEOUT_MS = 10_000;

export interface ProviderFailure {
  reason: string;
  detail: string;
  /** Overrides the status-based rule, for provider errors known to clear by themselves. */
  retryable?: boolean;
}

/** How a sender reaches its provider; both have production defaults. */
export interface DeliveryTransport {
  /** Stands in for the global fetch (tests). */
  fetch?: typeof fetch;
  /** Defaults to DEFAULT_DELIVERY_TIMEOUT_MS. */
  timeoutMs?: number;
}

export interface DeliveryPost extends DeliveryTransport {
  channel: DeliveryChannel;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Reads the provider's error body into a reason and its own words. */
  describeFailure(status: number, bodyText: string): ProviderFailure;
  /** Where the accepted answer names the message: Resend's "id", Twilio's "sid". */
  idField: string;
}

/** Sends the message; answers the provider's id for it, or throws a DeliveryError. */
export async function postForDelivery(post: DeliveryPost): Promise<string> {
  const fetchImpl = post.fetch ?? fetch;
  const timeoutMs = post.timeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
  let response: Response;
  let bodyText: string;
  try {
    response = await fetchImpl(post.url, {
      method: "POST",
      headers: post.headers,
      body: post.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    bodyText = await response.text();
  } catch (thrown) {
    throw deliveryErrorFromThrown(post.channel, thrown, timeoutMs);
  }

  if (!response.ok) {
    const failure = post.describeFailure(response.status, bodyText);
    throw new DeliveryError({
      channel: post.channel,
      retryable: failure.retryable ?? isRetryableStatus(response.status),
      status: response.status,
      reason: failure.reason,
      detail: failure.detail,
      retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
    });
  }

  // The provider accepted something but said it oddly (not JSON, or no id); retrying is
  // safe for email (idempotency key) and the lesser evil for SMS.
  const malformed = (detail: string) =>
    new DeliveryError({
      channel: post.channel,
      retryable: true,
      status: response.status,
      reason: "malformed_response",
      detail,
    });
  let answer: unknown;
  try {
    answer = JSON.parse(bodyText);
  } catch {
    throw malformed(bodyText.slice(0, 200));
  }
  const id = (answer as Record<string, unknown> | null)?.[post.idField];
  if (typeof id !== "string" || !id) throw malformed(`answer has no ${post.idField}`);
  return id;
}

/** Parses a JSON error body without trusting it to be JSON. */
export function parseJsonObject(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}
