// Writes side effects into the outbox inside the caller's transaction.
import type { Tx } from "./db.ts";
import { type OutboxItem, OutboxPayload } from "../contracts/outbox.ts";

export async function enqueue(tx: Tx, propertyId: string, items: OutboxItem[], now: Date): Promise<void> {
  for (const item of items) {
    const payload = OutboxPayload[item.kind].parse(item.payload);
    await tx`insert into public.outbox (property_id, kind, payload, dedupe_key, next_attempt_at, ordering_key)
      values (${propertyId}, ${item.kind}, ${tx.json(payload as never)}, ${item.dedupeKey}, ${item.notBefore ?? now},
        ${item.orderingKey ?? null})
      on conflict (dedupe_key) do nothing`;
  }
}
