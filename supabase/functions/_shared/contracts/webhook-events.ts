// The events a property's webhook endpoints receive: versioned payloads, one schema per
// type. `scripts/webhook-schema.ts` writes their JSON Schema to webhooks.schema.json
// beside this file (a test fails when that file is stale).
import { z } from "zod";

export const WEBHOOK_EVENT_TYPES = [
  "lead.created",
  "lead.updated",
  "tour.booked",
  "tour.rescheduled",
  "tour.cancelled",
  "tour.completed",
  "tour.no_show",
] as const;
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** Sent only by "send a test event"; not subscribable. */
export const TEST_EVENT_TYPE = "webhook.test";

const isoInstant = z.string().datetime({ offset: true }).describe("An instant, ISO 8601 with an offset (UTC: Z).");

export const WebhookLead = z.object({
  id: z.string().uuid(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable().describe("E.164 when known."),
  createdAt: isoInstant,
  updatedAt: isoInstant,
}).describe("A prospect as the leasing office knows them (one per email per property).");

export const WebhookTour = z.object({
  id: z.string().uuid(),
  status: z.enum(["confirmed", "cancelled", "completed", "no_show"]),
  start: isoInstant,
  end: isoInstant,
  timezone: z.string().describe("The property's IANA time zone."),
  previousStart: isoInstant.nullable().describe("The start before the last reschedule."),
  source: z.string().describe("Where the booking came from: widget, admin, …"),
  agentEmail: z.string().nullable().describe("The agent's Google account, when a calendar holds the tour."),
  prospect: z.object({
    leadId: z.string().uuid().nullable(),
    firstName: z.string(),
    lastName: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    smsConsent: z.boolean(),
  }),
  moveInDate: z.string().nullable(),
  bedrooms: z.string().nullable(),
  pets: z.string().nullable(),
  specialRequests: z.string().nullable(),
  createdAt: isoInstant,
}).describe("A tour booking.");

/** Who made a change: the prospect (manage link), the agent in Google Calendar, or the leasing office. */
export const ChangedBy = z.enum(["prospect", "calendar", "office"]);

function envelope<T extends string, D extends z.ZodType>(type: T, data: D, description: string) {
  return z.object({
    type: z.literal(type),
    version: z.literal(1),
    id: z.string().regex(/^evt_[A-Za-z0-9_-]{8,64}$/).describe("Unique per event; also the webhook-id header. Deduplicate on it."),
    occurredAt: isoInstant,
    propertyId: z.string().uuid(),
    data,
  }).describe(description);
}

export const LeadCreatedEvent = envelope("lead.created", z.object({ lead: WebhookLead }), "A new lead: from the chat or a booking.");
export const LeadUpdatedEvent = envelope("lead.updated", z.object({ lead: WebhookLead }), "A lead's name or phone changed.");
export const TourBookedEvent = envelope("tour.booked", z.object({ tour: WebhookTour }), "A tour was booked.");
export const TourRescheduledEvent = envelope(
  "tour.rescheduled",
  z.object({ tour: WebhookTour, changedBy: ChangedBy }),
  "A tour moved to a new time (tour.previousStart is the old one).",
);
export const TourCancelledEvent = envelope(
  "tour.cancelled",
  z.object({ tour: WebhookTour, changedBy: ChangedBy }),
  "A tour was cancelled.",
);
export const TourCompletedEvent = envelope("tour.completed", z.object({ tour: WebhookTour }), "The prospect came to the tour.");
export const TourNoShowEvent = envelope("tour.no_show", z.object({ tour: WebhookTour }), "The prospect did not come.");
export const WebhookTestEvent = envelope(
  TEST_EVENT_TYPE,
  z.object({ message: z.string(), endpointId: z.string().uuid() }),
  "Sent by \"send a test event\" in the settings.",
);

export const WebhookEvent = z.discriminatedUnion("type", [
  LeadCreatedEvent,
  LeadUpdatedEvent,
  TourBookedEvent,
  TourRescheduledEvent,
  TourCancelledEvent,
  TourCompletedEvent,
  TourNoShowEvent,
  WebhookTestEvent,
]);
export type WebhookEvent = z.infer<typeof WebhookEvent>;
export type WebhookTour = z.infer<typeof WebhookTour>;
export type WebhookLead = z.infer<typeof WebhookLead>;

/** The JSON Schema of every event (draft 2020-12), as published. */
export function webhookEventsJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(WebhookEvent, { target: "draft-2020-12" }) as Record<string, unknown>;
  return {
    $id: "https://lumaleasing.example/schemas/webhook-events.v1.json",
    title: "LumaLeasing Tours webhook events, version 1",
    ...schema,
  };
}
