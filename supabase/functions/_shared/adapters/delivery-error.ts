// One error type for every outbound message (email, SMS), so the outbox can decide
// "try again later" versus "give up and record why" without knowing the provider.

export type DeliveryChannel = "email" | "sms" | "webhook";

export class DeliveryError extends Error {
  override readonly name = "DeliveryError";
  readonly channel: DeliveryChannel;
  /** True when the same request may succeed later (408, 429, 5xx, network, timeout). */
  readonly retryable: boolean;
  /** HTTP status from the provider, or null when no answer arrived (network, timeout). */
  readonly status: number | null;
  /** Short machine-readable cause: provider error name/code, "timeout", "network", … */
  readonly reason: string;
  /** Provider's own words, kept for the outbox row and the dead-letter alert. */
  readonly detail: string;
  /** From a Retry-After header, when the provider sent one. */
  readonly retryAfterMs: number | null;
  /**
   * True when the provider may have accepted the message although we never heard so: no
   * answer (timeout, connection lost mid-way), a 5xx, or a 2xx we could not read. False
   * when it surely did not (a 4xx refusal, or the connection was refused before sending).
   */
  readonly outcomeUnknown: boolean;

  constructor(init: {
    channel: DeliveryChannel;
    retryable: boolean;
    status: number | null;
    reason: string;
    detail?: string;
    retryAfterMs?: number | null;
    /** Defaults from the status: null, 2xx and 5xx are unknown; other answers are refusals. */
    outcomeUnknown?: boolean;
  }) {
    const detail = init.detail ?? "";
    super(
      `${init.channel} delivery failed (${init.status ?? "no response"}, ${init.reason})` +
        (detail ? `: ${detail}` : ""),
    );
    this.channel = init.channel;
    this.retryable = init.retryable;
    this.status = init.status;
    this.reason = init.reason;
    this.detail = detail;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.outcomeUnknown = init.outcomeUnknown ??
      (init.status === null || init.status >= 500 || (init.status >= 200 && init.status < 300));
  }
}

/** 408, 429 and every 5xx are worth retrying; any other 4xx will fail the same way again. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: Date = new Date()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/**
 * Wraps what fetch threw (no HTTP answer at all) into a retryable DeliveryError.
 * A timeout is told apart so the outbox log reads clearly, and a refused connection
 * (nothing reached the provider) from one lost on the way (anything may have).
 */
export function deliveryErrorFromThrown(
  channel: DeliveryChannel,
  thrown: unknown,
  timeoutMs: number,
): DeliveryError {
  const name = thrown instanceof Error ? thrown.name : "";
  if (name === "TimeoutError") {
    return new DeliveryError({
      channel,
      retryable: true,
      status: null,
      reason: "timeout",
      detail: `no answer within ${timeoutMs} ms`,
    });
  }
  if (name === "AbortError") {
    return new DeliveryError({ channel, retryable: true, status: null, reason: "aborted", detail: String(thrown) });
  }
  const message = describeThrown(thrown);
  return new DeliveryError({
    channel,
    retryable: true,
    status: null,
    reason: "network",
    detail: message,
    outcomeUnknown: !connectionRefused(thrown, message),
  });
}

/** The error's message, with its cause when the message alone says little ("fetch failed"). */
function describeThrown(thrown: unknown): string {
  if (!(thrown instanceof Error)) return String(thrown);
  const cause = thrown.cause instanceof Error ? thrown.cause.message : thrown.cause ? String(thrown.cause) : "";
  return cause && !thrown.message.includes(cause) ? `${thrown.message}: ${cause}` : thrown.message;
}

/** The TCP connection was refused: the request never left this machine's side. */
function connectionRefused(thrown: unknown, message: string): boolean {
  const code = (thrown as { code?: unknown } | null)?.code ?? (thrown as { cause?: { code?: unknown } } | null)?.cause?.code;
  return code === "ECONNREFUSED" || /connection refused/i.test(message);
}
