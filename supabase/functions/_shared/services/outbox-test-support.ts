// For the outbox's tests: each test gets its own jobs harness (clock, catcher, property),
// closed afterwards, and these few steps every outbox story takes.
import { closeAdminSql } from "../../../../scripts/lib/test-support.ts";
import { harness, type Harness, queue } from "../../lumaleasing-jobs/test-support.ts";
import { dispatchOutbox, type Senders } from "./outbox-dispatch.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

/** A Deno test with a fresh harness, closed (with the admin connection) however the test ends. */
export function outboxTest(name: string, fn: (h: Harness, t: Deno.TestContext) => Promise<void>): void {
  Deno.test(name, opts, async (t) => {
    const h = await harness();
    try {
      await fn(h, t);
    } finally {
      await h.close();
      await closeAdminSql();
    }
  });
}

/** One outbox run for the harness's property, with its senders unless others are given. */
export function dispatch(h: Harness, senders: Senders = h.senders) {
  return dispatchOutbox(h.d, { propertyId: h.property.id, senders });
}

/** Queues a booking's confirmation on one channel; returns its dedupe key. */
export async function queueConfirmation(h: Harness, kind: "email" | "sms", bookingId: string): Promise<string> {
  const key = `${kind}:${bookingId}:tour_confirmation`;
  await queue(h, kind, { bookingId, template: "tour_confirmation" }, key);
  return key;
}

export interface OutboxRow {
  id: string;
  kind: string;
  dedupe_key: string;
  status: string;
  attempts: number;
  last_error: string | null;
  provider_message_id: string | null;
  payload: Record<string, unknown>;
}

/** The property's outbox rows, oldest first. */
export async function outboxRows(h: Harness): Promise<OutboxRow[]> {
  return await h.admin<OutboxRow[]>`
    select id::text, kind, dedupe_key, status, attempts, last_error, provider_message_id, payload from public.outbox
    where property_id = ${h.property.id} order by id`;
}
