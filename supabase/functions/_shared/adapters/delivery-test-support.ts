// Shared by the email and SMS sender tests: a private catcher per test, its fault switch,
// and the DeliveryError a failed send must throw.

import assert from "node:assert/strict";
import { type Catcher, startCatcher } from "../../../../scripts/catcher/server.ts";
import type { Clock } from "./clock.ts";
import { type DeliveryChannel, DeliveryError } from "./delivery-error.ts";

/** Runs fn against a catcher on a free port (its clock given, if any), closed afterwards even when fn fails. */
export async function withCatcher(
  fn: (catcher: Catcher) => Promise<void>,
  options: { clock?: Clock } = {},
): Promise<void> {
  const catcher = await startCatcher({ port: 0, ...options });
  try {
    await fn(catcher);
  } finally {
    await catcher.close();
  }
}

/** Makes the catcher's next answer on this channel fail as described (status, hangMs, code, …). */
export async function injectFault(catcher: Catcher, kind: DeliveryChannel, fault: Record<string, unknown>) {
  const res = await fetch(`${catcher.url}/__control/faults`, {
    method: "POST",
    body: JSON.stringify({ kind, ...fault }),
  });
  assert.equal(res.status, 201);
  await res.body?.cancel();
}

/** The DeliveryError the send was rejected with; anything else (or success) fails the test. */
export async function deliveryFailure(attempt: Promise<unknown>): Promise<DeliveryError> {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof DeliveryError) return error;
    throw error;
  }
  throw new Error("expected the send to fail with a DeliveryError");
}
