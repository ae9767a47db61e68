// The HTTP exchanges both providers go through — the POST that sends, and the GET that
// reads back what was sent: a hard timeout, and every failure turned into a
// DeliveryError that says whether a retry can help and whether the message may have
// been accepted all the same, up to the id the provider gives the accepted message.

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

export interface ProviderRequest extends DeliveryTransport {
  channel: DeliveryChannel;
  url: string;
  headers: Record<string, string>;
  /** Reads the provider's error body into a reason and its own words. */
  describeFailure(status: number, bodyText: string): ProviderFailure;
}

export interface DeliveryPost extends ProviderRequest {
  body: string;
  /** Where the accepted answer names the message: Resend's "id", Twilio's "sid". */
  idField: string;
}

/** Sends the message; answers the provider's id for it, or throws a DeliveryError. */
export async function postForDelivery(post: DeliveryPost): Promise<string> {
  const { response, bodyText } = await exchange(post, "POST", post.body);
  // The provider accepted something but said it oddly (not JSON, or no id); retrying is
  // safe for email (idempotency key) and, for SMS, the outbox asks the provider first.
  const answer = parseAnswer(post.channel, response.status, bodyText);
  const id = answer[post.idField];
  if (typeof id !== "string" || !id) throw malformed(post.channel, response.status, `answer has no ${post.idField}`);
  return id;
}

/** A GET that reads what the provider holds (a list of sent messages); throws a DeliveryError. */
export async function getFromProvider(get: ProviderRequest): Promise<Record<string, unknown>> {
  const { response, bodyText } = await exchange(get, "GET");
  return parseAnswer(get.channel, response.status, bodyText);
}

/** One HTTP exchange under the timeout; any failure (no answer, or not 2xx) as a DeliveryError. */
async function exchange(
  request: ProviderRequest,
  method: "GET" | "POST",
  body?: string,
): Promise<{ response: Response; bodyText: string }> {
  const fetchImpl = request.fetch ?? fetch;
  const timeoutMs = request.timeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
  let response: Response;
  let bodyText: string;
  try {
    response = await fetchImpl(request.url, {
      method,
      headers: request.headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    bodyText = await response.text();
  } catch (thrown) {
    throw deliveryErrorFromThrown(request.channel, thrown, timeoutMs);
  }

  if (!response.ok) {
    const failure = request.describeFailure(response.status, bodyText);
    throw new DeliveryError({
      channel: request.channel,
      retryable: failure.retryable ?? isRetryableStatus(response.status),
      status: response.status,
      reason: failure.reason,
      detail: failure.detail,
      retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
    });
  }
  return { response, bodyText };
}

function parseAnswer(channel: DeliveryChannel, status: number, bodyText: string): Record<string, unknown> {
  let answer: unknown;
  try {
    answer = JSON.parse(bodyText);
  } catch {
    throw malformed(channel, status, bodyText.slice(0, 200));
  }
  if (!answer || typeof answer !== "object" || Array.isArray(answer)) throw malformed(channel, status, "answer is not a JSON object");
  return answer as Record<string, unknown>;
}

function malformed(channel: DeliveryChannel, status: number, detail: string): DeliveryError {
  return new DeliveryError({ channel, retryable: true, status, reason: "malformed_response", detail });
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
