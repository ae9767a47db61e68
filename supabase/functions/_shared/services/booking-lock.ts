// Who gets a contested slot is decided one transaction at a time per property. Without
// this, two transactions inserting overlapping bookings for the same agent each find the
// other's uncommitted row while checking the exclusion constraint and wait for each
// other: a deadlock Postgres breaks only after deadlock_timeout, failing one of them.
// Every transaction that writes a booking's time (book, reschedule, a move synced from
// Google) takes this lock first, so the constraint only ever meets committed rows and
// answers at once. The lock ends with the transaction.
import type { Tx } from "../adapters/db.ts";

/** Waits for, then holds until commit or rollback, the property's booking lock. */
export async function lockPropertyBookings(tx: Tx, propertyId: string): Promise<void> {
  await tx`select pg_advisory_xact_lock(hashtextextended(${`tour-bookings:${propertyId}`}, 0))`;
}

/** Postgres gave up on the transaction because of another one: a deadlock or a serialization failure. */
export function isContention(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === "40P01" || code === "40001";
}

/**
 * Runs `fn` (one whole transaction) again when Postgres aborted it for contention, up to
 * `attempts` times in all; after that `onGiveUp` decides the answer (a 409, never a 500).
 */
export async function retryOnContention<T>(fn: () => Promise<T>, onGiveUp: (err: unknown) => T | Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1;; i++) {
    try {
      return await fn();
    } catch (err) {
      if (!isContention(err)) throw err;
      console.warn(`booking: transaction aborted by contention (${(err as { code: string }).code}), attempt ${i} of ${attempts}`);
      if (i >= attempts) return await onGiveUp(err);
    }
  }
}
