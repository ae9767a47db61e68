// Emitting webhook events: in the transaction of the change, one outbox row per enabled
// endpoint of the property that wants the event type. The event is a snapshot taken now
// (what the CRM hears is what happened then, in order per tour and per lead).
import { randomToken } from "../adapters/crypto.ts";
import type { Tx } from "../adapters/db.ts";
import { enqueue } from "../adapters/outbox-store.ts";
import type { OutboxItem } from "../contracts/outbox.ts";
import {
  type WebhookEvent,
  WebhookEvent as WebhookEventSchema,
  type WebhookEventType,
  type WebhookLead,
  type WebhookTour,
} from "../contracts/webhook-events.ts";

export interface PendingEvent {
  type: WebhookEventType | "webhook.test";
  /** What the event is about ("tour:<id>", "lead:<id>"): its events reach each endpoint in order. */
  subject: string;
  /** Read only when some endpoint wants the event. */
  data: () => Promise<Record<string, unknown>>;
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

/** Queues `events` for every enabled endpoint of the property that wants them; nothing when none does. */
export async function emitWebhookEvents(tx: Tx, propertyId: string, now: Date, events: PendingEvent[]): Promise<number> {
  if (!events.length) return 0;
  const endpoints = await tx<{ id: string; events: string[] }[]>`select id, events from public.webhook_endpoints
    where property_id = ${propertyId} and enabled`;
  if (!endpoints.length) return 0;
  const items: OutboxItem[] = [];
  for (const pending of events) {
    const targets = endpoints.filter((e) => e.events.includes(pending.type));
    if (!targets.length) continue;
    const event = WebhookEventSchema.parse({
      type: pending.type,
      version: 1,
      id: newEventId(),
      occurredAt: now.toISOString(),
      propertyId,
      data: await pending.data(),
    });
    for (const t of targets) items.push(webhookItem(t.id, event, pending.subject));
  }
  await enqueue(tx, propertyId, items, now);
  return items.length;
}

export async function tourSnapshot(tx: Tx, bookingId: string): Promise<WebhookTour> {
  const [b] = await tx`select b.id, b.status, b.start_at, b.end_at, b.previous_start_at, b.source, b.lead_id, b.first_name,
      b.last_name, b.email, b.phone, b.sms_consent, b.move_in_date, b.bedrooms, b.pets, b.special_requests, b.created_at,
      p.time_zone, c.account_email
    from public.tour_bookings b join public.properties p on p.id = b.property_id
      left join public.agent_calendars c on c.id = b.agent_calendar_id
    where b.id = ${bookingId}`;
  if (!b) throw new Error(`booking ${bookingId} not found`);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: b.id,
    status: b.status,
    start: b.start_at.toISOString(),
    end: b.end_at.toISOString(),
    timezone: b.time_zone,
    previousStart: iso(b.previous_start_at),
    source: b.source,
    agentEmail: b.account_email ?? null,
    prospect: {
      leadId: b.lead_id ?? null,
      firstName: b.first_name,
      lastName: b.last_name,
      email: b.email,
      phone: b.phone ?? null,
      smsConsent: Boolean(b.sms_consent),
    },
    moveInDate: b.move_in_date == null ? null : String(b.move_in_date instanceof Date ? b.move_in_date.toISOString().slice(0, 10) : b.move_in_date),
    bedrooms: b.bedrooms == null ? null : String(b.bedrooms),
    pets: b.pets ?? null,
    specialRequests: b.special_requests ?? null,
    createdAt: b.created_at.toISOString(),
  };
}

export async function leadSnapshot(tx: Tx, leadId: string): Promise<WebhookLead> {
  const [l] = await tx`select id, first_name, last_name, email, phone, created_at, updated_at from public.leads where id = ${leadId}`;
  if (!l) throw new Error(`lead ${leadId} not found`);
  return {
    id: l.id,
    firstName: l.first_name ?? null,
    lastName: l.last_name ?? null,
    email: l.email ?? null,
    phone: l.phone ?? null,
    createdAt: l.created_at.toISOString(),
    updatedAt: l.updated_at.toISOString(),
  };
}

/** A tour event; `extra` joins the tour in `data` (e.g. changedBy). */
export function tourEvent(
  type: "tour.booked" | "tour.rescheduled" | "tour.cancelled" | "tour.completed" | "tour.no_show",
  tx: Tx,
  bookingId: string,
  extra: Record<string, unknown> = {},
): PendingEvent {
  return { type, subject: `tour:${bookingId}`, data: async () => ({ tour: await tourSnapshot(tx, bookingId), ...extra }) };
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
export function leadEvent(tx: Tx, leadId: string, change: LeadChange): PendingEvent[] {
  if (change === "unchanged") return [];
  return [{ type: `lead.${change}`, subject: `lead:${leadId}`, data: async () => ({ lead: await leadSnapshot(tx, leadId) }) }];
}

/**
 * The leasing office's outcome of a tour that has started: completed or no-show. Sets the
 * status and emits tour.completed / tour.no_show in the caller's transaction; false when
 * the tour is not a confirmed one of this property.
 */
export async function recordTourOutcome(
  tx: Tx,
  propertyId: string,
  bookingId: string,
  outcome: "completed" | "no_show",
  now: Date,
): Promise<boolean> {
  const [row] = await tx`update public.tour_bookings set status = ${outcome}, updated_at = ${now}
    where id = ${bookingId} and property_id = ${propertyId} and status = 'confirmed' returning id`;
  if (!row) return false;
  await emitWebhookEvents(tx, propertyId, now, [tourEvent(outcome === "completed" ? "tour.completed" : "tour.no_show", tx, bookingId)]);
  return true;
}
