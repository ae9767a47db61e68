// What a state change queues for HubSpot, in the caller's transaction: nothing unless
// the property has connected HubSpot. Dedupe keys name the change, so the same change
// queued twice is synced once and a later change is synced again.
import type { Tx } from "../adapters/db.ts";
import { enqueue } from "../adapters/outbox-store.ts";

export async function hubspotConnected(tx: Tx, propertyId: string): Promise<boolean> {
  const [row] = await tx`select 1 as yes from public.hubspot_connections where property_id = ${propertyId}`;
  return Boolean(row);
}

/** The tour's meeting (and its contact) after `change`: "booked:<start ms>", "cancelled", "completed", … */
export async function queueMeetingSync(tx: Tx, propertyId: string, bookingId: string, change: string, now: Date) {
  if (!(await hubspotConnected(tx, propertyId))) return;
  await enqueue(tx, propertyId, [{
    kind: "hubspot_sync",
    payload: { type: "meeting", bookingId },
    dedupeKey: `hubspot:meeting:${bookingId}:${change}`,
  }], now);
}

/** A lead's contact, after the lead was captured or changed. */
export async function queueContactSync(tx: Tx, propertyId: string, leadId: string, now: Date) {
  if (!(await hubspotConnected(tx, propertyId))) return;
  await enqueue(tx, propertyId, [{
    kind: "hubspot_sync",
    payload: { type: "contact", leadId },
    dedupeKey: `hubspot:contact:${leadId}:${now.getTime()}`,
  }], now);
}
