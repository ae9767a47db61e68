// What went wrong talking to Google, in the terms our callers decide on, read from both
// of Google's error dialects: OAuth's flat `{ error, error_description }` (token, revoke)
// and the API envelope `{ error: { code, message, errors: [{ reason }] } }` (Calendar,
// userinfo). And the one retry loop for the calls worth repeating.

export class GoogleError extends Error {
  override readonly name = "GoogleError";
  constructor(
    message: string,
    readonly status: number, // 0 for network errors and timeouts
    readonly reason: string, // Google's reason or OAuth error code
    readonly retryable: boolean,
  ) {
    super(message);
  }
  get invalidGrant() {
    return this.reason === "invalid_grant";
  }
  get unauthorized() {
    return this.status === 401;
  }
}

const RATE_LIMIT_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"]);

/** Google asks to be asked again for: no answer, 408, 429, 5xx, and its 403 rate limits. */
export function isRetryableGoogleStatus(status: number, reason: string): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500 ||
    (status === 403 && RATE_LIMIT_REASONS.has(reason));
}

function parseBody(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

/** A non-2xx answer as a GoogleError; `what` names the call (e.g. "events.insert"). */
export function googleErrorFromResponse(status: number, bodyText: string, what: string): GoogleError {
  const body = parseBody(bodyText);
  let reason = "";
  let message = "";
  if (typeof body.error === "string") {
    reason = body.error;
    message = typeof body.error_description === "string" ? body.error_description : "";
  } else if (body.error && typeof body.error === "object") {
    const e = body.error as { message?: unknown; status?: unknown; errors?: Array<{ reason?: unknown }> };
    const first = Array.isArray(e.errors) ? e.errors[0] : undefined;
    if (typeof first?.reason === "string") reason = first.reason;
    else if (typeof e.status === "string") reason = e.status;
    if (typeof e.message === "string") message = e.message;
  }
  reason ||= `http_${status}`;
  return new GoogleError(
    `${what}: ${message || bodyText.slice(0, 200) || `HTTP ${status}`}`,
    status,
    reason,
    isRetryableGoogleStatus(status, reason),
  );
}

/** Anything thrown on the way to Google as a GoogleError (timeouts and network errors: status 0, retryable). */
export function toGoogleError(err: unknown, what = "google"): GoogleError {
  if (err instanceof GoogleError) return err;
  const name = (err as { name?: string } | null)?.name;
  const text = err instanceof Error ? err.message : String(err);
  if (name === "TimeoutError") return new GoogleError(`${what}: no answer in time`, 0, "timeout", true);
  if (name === "AbortError") return new GoogleError(`${what}: aborted`, 0, "aborted", true);
  return new GoogleError(`${what}: ${text}`, 0, "network_error", true);
}

/**
 * Retries what Google asks us to retry (429, 403 rate limits, 5xx, timeouts) with truncated
 * exponential backoff and full jitter, within a deadline; anything else fails at once.
 */
export async function withGoogleRetry<T>(
  call: (timeoutMs: number) => Promise<T>,
  opts: { deadlineMs: number; attempts?: number; baseDelayMs?: number; random?: () => number },
): Promise<T> {
  const started = Date.now();
  const attempts = opts.attempts ?? 4;
  const random = opts.random ?? Math.random;
  for (let attempt = 1;; attempt++) {
    const left = opts.deadlineMs - (Date.now() - started);
    try {
      return await call(Math.max(100, left));
    } catch (err) {
      const error = toGoogleError(err);
      const delay = Math.floor(random() * (opts.baseDelayMs ?? 200) * 2 ** (attempt - 1));
      const leftAfter = opts.deadlineMs - (Date.now() - started) - delay;
      if (!error.retryable || attempt >= attempts || leftAfter < 100) throw error;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
