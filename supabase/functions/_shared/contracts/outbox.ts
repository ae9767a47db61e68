// The side effects the outbox carries: one schema per kind. Payloads name rows, not
// copies of them, so what is sent reflects the booking as it is when it is sent.
import { z } from "zod";
import { WebhookEvent } from "./webhook-events.ts";

export const EmailTemplate = z.enum([
  "tour_confirmation",
  "tour_reminder_24h",
  "tour_reminder_1h",
  "tour_cancelled",
  "tour_rescheduled",
  "tour_follow_up",
]);
export const SmsTemplate = z.enum(["tour_confirmation", "tour_reminder_24h", "tour_reminder_1h", "tour_cancelled", "tour_rescheduled"]);

export const OutboxPayload = {
  /** Create or move the tour's event in the agent's Google Calendar. */
  google_event_upsert: z.object({ bookingId: z.string().uuid() }),
  /** Cancel the tour's event (Google notifies the attendee). */
  google_event_cancel: z.object({ bookingId: z.string().uuid() }),
  /** An email to the prospect about a booking. */
  email: z.object({ bookingId: z.string().uuid(), template: EmailTemplate }),
  /** An SMS to the prospect about a booking (only with SMS consent). */
  sms: z.object({ bookingId: z.string().uuid(), template: SmsTemplate }),
  /** Bring HubSpot up to date: a lead's contact, or a tour's meeting (and its contact). */
  hubspot_sync: z.discriminatedUnion("type", [
    z.object({ type: z.literal("contact"), leadId: z.string().uuid() }),
    z.object({ type: z.literal("meeting"), bookingId: z.string().uuid() }),
  ]),
  /** An email to the property manager. */
  manager_alert: z.discriminatedUnion("type", [
    z.object({ type: z.literal("calendar_reconnect"), calendarId: z.string().uuid() }),
    z.object({ type: z.literal("outbox_dead"), outboxId: z.number().int(), kind: z.string(), error: z.string() }),
    /** The Portfolio page's re-connect email to one manager: the batch's calendars at this row's property. */
    z.object({ type: z.literal("portfolio_reconnect"), batchId: z.string().uuid(), recipient: z.string().email() }),
  ]),
  /** A signed POST of one event to one of the property's webhook endpoints (a snapshot, not a reference). */
  webhook: z.object({ endpointId: z.string().uuid(), event: WebhookEvent }),
  /** An email to an organization's operations address: a metric missed its target over the last 24 h (the numbers seen). */
  metric_alert: z.object({
    organizationId: z.string().uuid(),
    metric: z.enum(["token_refresh_success", "reminder_delivery", "booking_success", "google_api_success"]),
    value: z.number(),
    unit: z.string().max(40),
    target: z.string().max(40),
    numerator: z.number().nullable(),
    denominator: z.number().nullable(),
    from: z.string().datetime({ offset: true }),
    to: z.string().datetime({ offset: true }),
  }),
} as const;

export type OutboxKind = keyof typeof OutboxPayload;
export type OutboxPayloadOf<K extends OutboxKind> = z.infer<(typeof OutboxPayload)[K]>;

export interface OutboxItem<K extends OutboxKind = OutboxKind> {
  kind: K;
  payload: OutboxPayloadOf<K>;
  /** Unique: the same effect queued twice is stored once. */
  dedupeKey: string;
  /** When it may run first (default: now). */
  notBefore?: Date;
  /** Rows with the same key run one after another, in the order they were queued. */
  orderingKey?: string;
}
