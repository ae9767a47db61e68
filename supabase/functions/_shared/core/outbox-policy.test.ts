// The outbox's retry policy: growing waits with jitter, a cap, Retry-After honoured, a bound on attempts.
import assert from "node:assert/strict";
import fc from "fast-check";
import { BASE_DELAY_MS, MAX_ATTEMPTS, MAX_DELAY_MS, retryDelayMs, verdictFor } from "./outbox-policy.ts";

Deno.test("outbox policy: the wait doubles per attempt between half and all of 30 s × 2^(n−1), capped at 1 h", () => {
  const rows = [];
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const low = retryDelayMs(attempt, () => 0);
    const high = retryDelayMs(attempt, () => 0.999999);
    rows.push(`attempt ${attempt}: ${low / 1000}–${Math.round(high / 1000)} s`);
    const full = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
    assert.equal(low, full / 2);
    assert.ok(high <= full && high > full * 0.99);
  }
  console.log(rows.join("\n"));
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 0.9999, noNaN: true }), (attempt, r) => {
      const wait = retryDelayMs(attempt, () => r);
      assert.ok(wait >= BASE_DELAY_MS / 2 && wait <= MAX_DELAY_MS);
    }),
  );
});

Deno.test("outbox policy: a longer Retry-After wins, within the cap; retry only while retryable and under the bound", () => {
  assert.equal(retryDelayMs(1, () => 0, 120_000), 120_000);
  assert.equal(retryDelayMs(1, () => 0, 10 * MAX_DELAY_MS), MAX_DELAY_MS);
  assert.equal(retryDelayMs(3, () => 0, 1_000), 60_000);
  assert.equal(verdictFor(true, 1), "retry");
  assert.equal(verdictFor(true, MAX_ATTEMPTS - 1), "retry");
  assert.equal(verdictFor(true, MAX_ATTEMPTS), "dead");
  assert.equal(verdictFor(false, 1), "dead");
});
