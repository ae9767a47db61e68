// The webhook events' contracts: the published JSON Schema is the one the zod schemas
// make, and every event type's payload passes its schema (and a wrong one does not).
import assert from "node:assert/strict";
import { SCHEMA_FILE, schemaText } from "../../../../scripts/webhook-schema.ts";
import { WEBHOOK_EVENT_TYPES, WebhookEvent } from "./webhook-events.ts";

Deno.test("webhook events: the committed webhooks.schema.json is what the zod contracts generate", async () => {
  const committed = await Deno.readTextFile(SCHEMA_FILE);
  assert.equal(committed, schemaText(), "stale: run deno run -A scripts/webhook-schema.ts");
  const schema = JSON.parse(committed);
  const types = (schema.oneOf as Array<{ properties: { type: { const: string } } }>).map((s) => s.properties.type.const);
  assert.deepEqual(types.sort(), [...WEBHOOK_EVENT_TYPES, "webhook.test"].sort());
  console.log(`schema up to date; ${types.length} event types: ${types.join(", ")}`);
});

const tour = {
  id: crypto.randomUUID(),
  status: "confirmed",
  start: "2026-12-03T16:00:00.000Z",
  end: "2026-12-03T16:30:00.000Z",
  timezone: "America/Chicago",
  previousStart: null,
  source: "widget",
  agentEmail: "pm@example.com",
  prospect: { leadId: crypto.randomUUID(), firstName: "Ana", lastName: "Diaz", email: "ana@example.com", phone: null, smsConsent: false },
  moveInDate: null,
  bedrooms: null,
  pets: null,
  specialRequests: null,
  createdAt: "2026-12-01T14:00:00.000Z",
};
const lead = {
  id: crypto.randomUUID(),
  firstName: "Ana",
  lastName: null,
  email: "ana@example.com",
  phone: null,
  createdAt: "2026-12-01T14:00:00.000Z",
  updatedAt: "2026-12-01T14:00:00.000Z",
};

Deno.test("webhook events: each type's payload is checked; the version and id format are fixed", () => {
  const base = { version: 1, id: "evt_abcdefgh12345678", occurredAt: "2026-12-01T14:00:00Z", propertyId: crypto.randomUUID() };
  const data: Record<string, unknown> = {
    "lead.created": { lead },
    "lead.updated": { lead },
    "tour.booked": { tour },
    "tour.rescheduled": { tour: { ...tour, previousStart: "2026-12-02T16:00:00.000Z" }, changedBy: "prospect" },
    "tour.cancelled": { tour: { ...tour, status: "cancelled" }, changedBy: "calendar" },
    "tour.completed": { tour: { ...tour, status: "completed" } },
    "tour.no_show": { tour: { ...tour, status: "no_show" } },
  };
  for (const type of WEBHOOK_EVENT_TYPES) {
    assert.ok(WebhookEvent.safeParse({ ...base, type, data: data[type] }).success, type);
  }
  assert.equal(WebhookEvent.safeParse({ ...base, type: "tour.booked", data: { lead } }).success, false, "wrong data");
  assert.equal(WebhookEvent.safeParse({ ...base, version: 2, type: "tour.booked", data: { tour } }).success, false, "version");
  assert.equal(WebhookEvent.safeParse({ ...base, id: "x", type: "tour.booked", data: { tour } }).success, false, "id");
  assert.equal(WebhookEvent.safeParse({ ...base, type: "tour.rescheduled", data: { tour } }).success, false, "changedBy missing");
  console.log(`${WEBHOOK_EVENT_TYPES.length} event types accepted; wrong data, version, id and a missing changedBy refused`);
});
