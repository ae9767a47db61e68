// What went wrong talking to HubSpot, read from its error envelope
// `{ status: "error", message, correlationId, category }` (429s add errorType and
// policyName), in the terms the outbox decides on: retryable or not, and how long to wait.

export class HubSpotError extends Error {
  override readonly name = "HubSpotError";
  constructor(
    message: string,
    /** 0 for network errors and timeouts. */
    readonly status: number,
    /** HubSpot's category (INVALID_AUTHENTICATION, CONFLICT, RATE_LIMITS, …) or our own word. */
    readonly category: string,
    readonly retryable: boolean,
    /** How long HubSpot asked us to wait, when it said. */
    readonly retryAfterMs: number | null = null,
    readonly correlationId: string | null = null,
  ) {
    super(message);
  }
  get unauthorized() {
    return this.status === 401;
  }
}

export function isRetryableHubSpotStatus(status: number): boolean {
  return status === 0 || status === 408 || status === 423 || status === 429 || status >= 500;
}

function parseBody(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

/**
 * How long a 429 asks us to wait: Retry-After (seconds) when given, else the rest of
 * the rate-limit interval when nothing remains of it, else null.
 */
export function retryAfterMs(headers: Headers): number | null {
  const retryAfter = headers.get("retry-after");
  if (retryAfter !== null && /^\d+(\.\d+)?$/.test(retryAfter.trim())) return Math.round(Number(retryAfter) * 1000);
  const interval = Number(headers.get("x-hubspot-ratelimit-interval-milliseconds"));
  const remaining = headers.get("x-hubspot-ratelimit-remaining");
  if (Number.isFinite(interval) && interval > 0 && (remaining === null || Number(remaining) <= 0)) return interval;
  return null;
}

export function hubspotErrorFromResponse(status: number, headers: Headers, bodyText: string, what: string): HubSpotError {
  const body = parseBody(bodyText);
  const message = typeof body.message === "string" ? body.message : bodyText.slice(0, 200) || `HTTP ${status}`;
  const category = typeof body.category === "string"
    ? body.category
    : typeof body.errorType === "string"
    ? body.errorType
    : `http_${status}`;
  const wait = status === 429 ? retryAfterMs(headers) : null;
  return new HubSpotError(
    `${what}: ${message}`.slice(0, 500),
    status,
    category,
    isRetryableHubSpotStatus(status),
    wait,
    typeof body.correlationId === "string" ? body.correlationId : null,
  );
}

export function toHubSpotError(err: unknown, what: string): HubSpotError {
  if (err instanceof HubSpotError) return err;
  const name = (err as { name?: string })?.name;
  if (name === "TimeoutError" || name === "AbortError") return new HubSpotError(`${what}: no answer in time`, 0, "timeout", true);
  return new HubSpotError(`${what}: ${err instanceof Error ? err.message : String(err)}`, 0, "network", true);
}

/** "Contact already exists. Existing ID: 123" → "123". */
export function existingIdFrom(err: HubSpotError): string | null {
  if (err.status !== 409) return null;
  return /Existing ID:\s*(\d+)/.exec(err.message)?.[1] ?? null;
}
