// How the outbox retries: exponential backoff with jitter, a bound on attempts.
//
// Attempt n (1-based) that failed and may be retried waits 30 s × 2^(n−1), capped at
// 1 h, scaled by a random factor in [0.5, 1) so rows that failed together do not come
// back together; a provider's Retry-After, when longer, wins. After 8 attempts
// (32 to 64 minutes of trying) a row is dead.

export const MAX_ATTEMPTS = 8;
export const BASE_DELAY_MS = 30_000;
export const MAX_DELAY_MS = 60 * 60_000;

export function retryDelayMs(attempts: number, random: () => number = Math.random, retryAfterMs: number | null = null): number {
  const exponential = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  const jittered = Math.round(exponential * (0.5 + 0.5 * random()));
  return Math.max(jittered, Math.min(MAX_DELAY_MS, retryAfterMs ?? 0));
}

export type Verdict = "retry" | "dead";

export function verdictFor(retryable: boolean, attempts: number): Verdict {
  return retryable && attempts < MAX_ATTEMPTS ? "retry" : "dead";
}
