// Emitting webhook events: in the transaction of the change, one outbox row per enabled
// endpoint of the property that wants the event type. The event is a snapshot taken now
// (what the CRM hears is what happened then, in order per tour and per lead).
import { randomToken } from "../adapters/crypto.ts";
import type { Tx } from "../adapters/db.ts";
import type { OutboxItem } from "../contracts/outbox.ts";
import type { WebhookEvent, WebhookEventType } from "../contracts/webhook-events.ts";

export interface PendingEvent {
  type: WebhookEventType;
  /** What the event is about ("tour:<id>", "lead:<id>"): its events reach each endpoint in order. */
  subject: string;
  /** The row whose snapshot is the event's data (a booking for tour.*, a lead for lead.*). */
  ref: string;
  /** Joined into `data` beside the snapshot (e.g. changedBy). */
  extra?: Record<string, unknown>;
}

export function newEventId(): string {
  return `evt_${randomToken(18)}`;
}

export function webhookItem(endpointId: string, event: WebhookEvent, subject: string, dedupeSuffix = ""): OutboxItem<"webhook"> {
  return {
    kind: "webhook",
    payload: { endpointId, event },
    dedupeKey: `webhook:${endpointId}:${event.id}${dedupeSuffix}`,
    orderingKey: `webhook:${endpointId}:${subject}`,
  };
}

/**
 * Queues `events` for every enabled endpoint of the property that wants them, in one call
 * (lumaleasing.queue_webhook_events builds the snapshots in SQL, only for events some
 * endpoint wants); each delivery is checked against the zod contract when it is sent.
 * Answers how many deliveries were queued.
 */
export async function emitWebhookEvents(tx: Tx, propertyId: string, now: Date, events: PendingEvent[]): Promise<number> {
  if (!events.length) return 0;
  const [{ n }] = await tx<{ n: number }[]>`select lumaleasing.queue_webhook_events(${propertyId}, ${now},
    ${events.map((e) => e.type)}::text[], ${events.map((e) => e.subject)}::text[], ${events.map(() => newEventId())}::text[],
    ${events.map((e) => e.ref)}::uuid[], ${events.map((e) => JSON.stringify(e.extra ?? {}))}::text[]::jsonb[]) as n`;
  return n;
}

/** A tour event; `extra` joins the tour in `data` (e.g. changedBy). */
export function tourEvent(
  type: "tour.booked" | "tour.rescheduled" | "tour.cancelled" | "tour.completed" | "tour.no_show",
  bookingId: string,
  extra: Record<string, unknown> = {},
): PendingEvent {
  return { type, subject: `tour:${bookingId}`, ref: bookingId, extra };
}

export type LeadChange = "created" | "updated" | "unchanged";

/**
 * What an upsert or update of public.leads did, as a RETURNING expression: the statement
 * reads the row as it was in a CTE named `prior` (first_name, last_name, phone).
 */
export const LEAD_CHANGE = `case when not exists (select 1 from prior) then 'created'
  when exists (select 1 from prior p where (p.first_name, p.last_name, p.phone)
    is not distinct from (leads.first_name, leads.last_name, leads.phone)) then 'unchanged'
  else 'updated' end`;

/** lead.created or lead.updated; nothing when the write changed nothing worth telling. */
export function leadEvent(leadId: string, change: LeadChange): PendingEvent[] {
  if (change === "unchanged") return [];
  return [{ type: `lead.${change}`, subject: `lead:${leadId}`, ref: leadId }];
}

