// Side effects go out right after the answer; the outbox job retries whatever fails.
import { deps } from "../_shared/services/deps.ts";
import { dispatchOutbox } from "../_shared/services/outbox-dispatch.ts";

export function drainSoon(propertyId: string) {
  const task = dispatchOutbox(deps(), { propertyId, limit: 20 }).catch((err: unknown) => console.error("outbox drain failed:", err));
  const runtime = (globalThis as unknown as { EdgeRuntime?: { waitUntil(p: Promise<unknown>): void } }).EdgeRuntime;
  if (runtime) runtime.waitUntil(task);
}
