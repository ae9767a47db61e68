// Placeholder until the outbox dispatcher lands (being written alongside the jobs).
import type { Deps } from "./deps.ts";
export function dispatchOutbox(_d: Deps, _opts: { limit?: number; propertyId?: string } = {}) {
  return Promise.resolve({ claimed: 0, done: 0, retried: 0, dead: 0 });
}
