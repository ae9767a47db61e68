// The webhook settings over HTTP (site secret), and events emitted by the real flows — a
// booking, the manage link's reschedule and cancel, the chat's lead — arriving at the test
// receiver through the stack's functions (drained right after each change).
import assert from "node:assert/strict";
import {
  adminSql,
  closeAdminSql,
  connectCalendar,
  createTestProperty,
  nextWeekday,
  siteFetch,
  stack,
  type TestProperty,
  widgetFetch,
} from "../../../scripts/lib/test-support.ts";
import { startReceiver } from "../../../scripts/webhook-receiver/server.ts";
import { WEBHOOK_EVENT_TYPES, WebhookEvent } from "../_shared/contracts/webhook-events.ts";
import {
  WebhookDeliveriesResponse,
  WebhookDeliveryQueuedResponse,
  WebhookListResponse,
  WebhookSecretResponse,
} from "../_shared/contracts/webhook-admin.ts";
import { book } from "./booking-test-support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

async function call(p: TestProperty, path: string, body?: unknown) {
  const res = await siteFetch(p, path, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

/** The receiver on the stack's clock (which a test may have moved). */
async function stackReceiver() {
  const s = await stack();
  const res = await fetch(`${new URL(s.functionsUrl).origin}/__local/clock`);
  const offset = new Date((await res.json()).now).getTime() - Date.now();
  return await startReceiver({ now: () => Date.now() + offset });
}

Deno.test("webhook settings: create (secret once), list, bad input refused with nothing written, auth per property", opts, async () => {
  const p = await createTestProperty();
  const other = await createTestProperty();
  const sql = await adminSql();
  const created = await call(p, "admin/webhooks", { url: "http://127.0.0.1:9/hooks", events: ["tour.booked", "tour.booked", "lead.created"] });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const c = WebhookSecretResponse.parse(created.body);
  assert.deepEqual(c.endpoint.events, ["tour.booked", "lead.created"]);
  const [stored] = await sql`select secret_enc from public.webhook_endpoints where id = ${c.endpoint.id}`;
  assert.ok(!new TextDecoder().decode(stored.secret_enc).includes(c.secret.slice(6)), "the secret is not stored in clear");

  const list = WebhookListResponse.parse((await call(p, "admin/webhooks")).body);
  assert.deepEqual(list.endpoints.map((e) => e.id), [c.endpoint.id]);
  assert.deepEqual(list.eventTypes, [...WEBHOOK_EVENT_TYPES]);
  assert.ok(!JSON.stringify(list).includes("whsec_"), "the list never shows a secret");

  const bad: Array<[unknown, string]> = [
    [{ url: "ftp://crm.example/x", events: ["tour.booked"] }, "invalid_input"],
    [{ url: "https://crm.example/x", events: [] }, "invalid_input"],
    [{ url: "https://crm.example/x", events: ["tour.exploded"] }, "invalid_input"],
    [{ url: "http://169.254.169.254/latest/meta-data", events: ["tour.booked"] }, "invalid_webhook_url"],
    [{ url: "http://10.0.0.1/hook", events: ["tour.booked"] }, "invalid_webhook_url"],
    [{ url: "http://[fd00::1]/hook", events: ["tour.booked"] }, "invalid_webhook_url"],
    [{ url: "https://user:pw@crm.example/x", events: ["tour.booked"] }, "invalid_input"],
  ];
  for (const [body, code] of bad) {
    const res = await call(p, "admin/webhooks", body);
    assert.equal(res.body.success, false);
    assert.equal(res.body.error.code, code, JSON.stringify(body));
    assert.ok(res.status === 422, `${res.status}`);
  }
  const [{ n }] = await sql`select count(*)::int as n from public.webhook_endpoints where property_id = ${p.id}`;
  assert.equal(n, 1);

  // Another property's site secret: its own (empty) list, and 404 for this one's endpoint.
  assert.deepEqual((await call(other, "admin/webhooks")).body.endpoints, []);
  const id = c.endpoint.id;
  for (const [path, body] of [
    [`admin/webhooks/${id}`, { enabled: false }],
    [`admin/webhooks/${id}/rotate-secret`, {}],
    [`admin/webhooks/${id}/delete`, {}],
    [`admin/webhooks/${id}/test`, {}],
    [`admin/webhooks/${id}/deliveries`, undefined],
  ] as const) {
    const res = await call(other, path, body);
    assert.equal(res.status, 404, path);
    assert.equal(res.body.error.code, "webhook_not_found");
  }
  const anonymous = await fetch(`${(await stack()).functionsUrl}/lumaleasing/admin/webhooks`);
  assert.equal(anonymous.status, 401);
  await anonymous.body?.cancel();
  const wrong = await fetch(`${(await stack()).functionsUrl}/lumaleasing/admin/webhooks`, { headers: { authorization: "Bearer nope" } });
  assert.equal(wrong.status, 401);
  await wrong.body?.cancel();
  const mismatched = await fetch(`${(await stack()).functionsUrl}/lumaleasing/admin/webhooks`, {
    headers: { authorization: `Bearer ${p.siteSecret}`, "x-lumaleasing-property": other.id },
  });
  assert.equal(mismatched.status, 401);
  await mismatched.body?.cancel();
  const [{ still }] = await sql`select count(*)::int as still from public.webhook_endpoints where id = ${id} and enabled`;
  assert.equal(still, 1, "nothing changed by the other property");
  console.log(`created ${id} (secret shown once, encrypted at rest); ${bad.length} bad inputs refused; other property 404 on 5 routes; no/wrong secret 401`);
  await closeAdminSql();
});

Deno.test("webhooks: a booking, its reschedule and cancel, and chat leads arrive signed, in order", opts, async () => {
  const p = await createTestProperty();
  await connectCalendar(p, `hooks-${p.id.slice(0, 8)}@example.com`);
  const receiver = await stackReceiver();
  try {
    const created = WebhookSecretResponse.parse(
      (await call(p, "admin/webhooks", { url: `${receiver.url}/hooks/flow`, events: [...WEBHOOK_EVENT_TYPES] })).body,
    );
    receiver.setSecret("/hooks/flow", created.secret);

    const date = nextWeekday(3);
    const slots = (await (await widgetFetch(p, `tours/availability?from=${date}&days=1`)).json()).slotsByDate[date];
    const made = await (await book(p, { start: slots[0].start, email: `flow-${p.id.slice(0, 6)}@example.com` })).json();
    assert.ok(made.booking?.id, JSON.stringify(made));
    const token = new URL(made.booking.manageUrl).searchParams.get("lumaleasing_manage")!;
    await receiver.waitFor(2);
    const moved = await widgetFetch(p, "tours/manage/reschedule", { method: "POST", body: JSON.stringify({ token, start: slots[4].start }) });
    assert.equal(moved.status, 200);
    await moved.body?.cancel();
    await receiver.waitFor(3);
    const cancelled = await widgetFetch(p, "tours/manage/cancel", { method: "POST", body: JSON.stringify({ token }) });
    assert.equal(cancelled.status, 200);
    await cancelled.body?.cancel();

    const sessionId = crypto.randomUUID();
    const lead = (body: Record<string, unknown>) =>
      widgetFetch(p, "chat/lead", { method: "POST", body: JSON.stringify({ sessionId, ...body }) }).then((r) => r.json());
    await lead({ firstName: "Lee", email: `chat-${p.id.slice(0, 6)}@example.com` });
    await lead({ firstName: "Lee", email: `chat-${p.id.slice(0, 6)}@example.com` }); // nothing changed: no event
    await lead({ phone: "+13125550177", email: `chat-${p.id.slice(0, 6)}@example.com` });
    const got = await receiver.waitFor(6);
    // The unchanged lead queued nothing: six deliveries in all.
    const sql = await adminSql();
    const [{ n }] = await sql`select count(*)::int as n from public.outbox where kind = 'webhook' and property_id = ${p.id}`;
    assert.equal(n, 6);
    const types = receiver.deliveries.map((d) => d.type);
    assert.deepEqual(types.filter((t) => t.startsWith("tour.")), ["tour.booked", "tour.rescheduled", "tour.cancelled"]);
    assert.deepEqual(types.filter((t) => t.startsWith("lead.")), ["lead.created", "lead.created", "lead.updated"]);
    assert.equal(receiver.deliveries.length, 6, types.join(", "));
    const events = got.map((d) => WebhookEvent.parse(d.event));
    const rescheduled = events.find((e) => e.type === "tour.rescheduled");
    assert.ok(rescheduled?.type === "tour.rescheduled");
    assert.equal(rescheduled.data.changedBy, "prospect");
    assert.equal(rescheduled.data.tour.previousStart, new Date(slots[0].start).toISOString());
    assert.equal(rescheduled.data.tour.start, new Date(slots[4].start).toISOString());
    assert.equal(receiver.rejections.length, 0);
    console.log(`arrived, verified: ${types.join(", ")}`);
  } finally {
    await receiver.close();
  }
});

Deno.test("webhook settings: test event, delivery log, send again, rotate, disable, delete", opts, async () => {
  const p = await createTestProperty();
  const other = await createTestProperty();
  const receiver = await stackReceiver();
  try {
    const c = WebhookSecretResponse.parse(
      (await call(p, "admin/webhooks", { url: `${receiver.url}/hooks/settings`, events: ["lead.created"] })).body,
    );
    receiver.setSecret("/hooks/settings", c.secret);
    const id = c.endpoint.id;
    const queued = await call(p, `admin/webhooks/${id}/test`, {});
    assert.equal(queued.status, 202);
    const q = WebhookDeliveryQueuedResponse.parse(queued.body);
    const [arrived] = await receiver.waitFor(1);
    assert.equal(arrived.type, "webhook.test");
    assert.equal(arrived.id, q.delivery.eventId);

    // Rotate: the old secret no longer verifies, the new one does.
    const rotated = WebhookSecretResponse.parse((await call(p, `admin/webhooks/${id}/rotate-secret`, {})).body);
    assert.notEqual(rotated.secret, c.secret);
    assert.ok(rotated.endpoint.secretRotatedAt);
    const again = WebhookDeliveryQueuedResponse.parse((await call(p, `admin/webhooks/deliveries/${q.delivery.id}/resend`, {})).body);
    // The receiver still holds the old secret: the resend is refused (401 → failed, no retry).
    let log = { deliveries: [] as Array<{ id: string; status: string; responseStatus: number | null }> };
    for (let i = 0; i < 100; i++) {
      log = WebhookDeliveriesResponse.parse((await call(p, `admin/webhooks/${id}/deliveries`)).body);
      if (log.deliveries.find((d) => d.id === again.delivery.id)?.status !== "pending") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const refused = log.deliveries.find((d) => d.id === again.delivery.id)!;
    assert.deepEqual([refused.status, refused.responseStatus], ["failed", 401]);
    receiver.setSecret("/hooks/settings", rotated.secret);
    const third = WebhookDeliveryQueuedResponse.parse((await call(p, `admin/webhooks/deliveries/${again.delivery.id}/resend`, {})).body);
    assert.equal(third.delivery.eventId, q.delivery.eventId, "send again: the same event");
    // The receiver has this webhook-id already: it says 409 (a duplicate), as it should.
    for (let i = 0; i < 100; i++) {
      log = WebhookDeliveriesResponse.parse((await call(p, `admin/webhooks/${id}/deliveries`)).body);
      if (log.deliveries.find((d) => d.id === third.delivery.id)?.status !== "pending") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.deepEqual(log.deliveries.map((d) => [d.status, d.responseStatus]), [["failed", 409], ["failed", 401], ["delivered", 204]]);
    assert.equal((await call(other, `admin/webhooks/deliveries/${q.delivery.id}/resend`, {})).status, 404, "another property's delivery");
    assert.deepEqual(receiver.rejections.map((r) => r.reason), ["signature", "duplicate"]);

    // Disabled: a new lead queues nothing for it.
    const off = await call(p, `admin/webhooks/${id}`, { enabled: false, url: `${receiver.url}/hooks/settings?v=2` });
    assert.equal(off.status, 200);
    assert.deepEqual([off.body.endpoint.enabled, off.body.endpoint.url], [false, `${receiver.url}/hooks/settings?v=2`]);
    assert.equal((await call(p, `admin/webhooks/${id}`, {})).status, 422, "an empty update");
    await widgetFetch(p, "chat/lead", { method: "POST", body: JSON.stringify({ sessionId: crypto.randomUUID(), email: `off-${p.id.slice(0, 6)}@example.com` }) })
      .then((r) => r.body?.cancel());
    const sql = await adminSql();
    const [{ n }] = await sql`select count(*)::int as n from public.outbox where kind = 'webhook' and property_id = ${p.id}`;
    assert.equal(n, 3, "no delivery queued for a disabled endpoint");

    assert.equal((await call(p, `admin/webhooks/${id}/delete`, {})).status, 200);
    assert.equal((await call(p, `admin/webhooks/${id}/deliveries`)).status, 404);
    assert.deepEqual((await call(p, "admin/webhooks")).body.endpoints, []);
    console.log(`test event arrived; log after rotate + 2 resends: ${log.deliveries.map((d) => `${d.status} ${d.responseStatus}`).join(", ")}; disabled and deleted`);
  } finally {
    await receiver.close();
    await closeAdminSql();
  }
});

Deno.test("webhooks: the office marks tours attended or missed (admin/tours/:id/outcome) → tour.completed, tour.no_show", opts, async () => {
  const p = await createTestProperty();
  const other = await createTestProperty();
  await connectCalendar(p, `outcome-${p.id.slice(0, 8)}@example.com`);
  const receiver = await stackReceiver();
  try {
    const created = WebhookSecretResponse.parse(
      (await call(p, "admin/webhooks", { url: `${receiver.url}/hooks/outcome`, events: ["tour.completed", "tour.no_show"] })).body,
    );
    receiver.setSecret("/hooks/outcome", created.secret);
    const date = nextWeekday(4);
    const slots = (await (await widgetFetch(p, `tours/availability?from=${date}&days=1`)).json()).slotsByDate[date];
    const ids: string[] = [];
    for (const [i, slot] of [slots[0], slots[3]].entries()) {
      const made = await (await book(p, { start: slot.start, email: `outcome-${i}-${p.id.slice(0, 6)}@example.com` })).json();
      assert.ok(made.booking?.id, JSON.stringify(made));
      ids.push(made.booking.id);
    }
    const bad = await call(p, `admin/tours/${ids[0]}/outcome`, { outcome: "maybe" });
    assert.equal(bad.status, 422);
    assert.equal((await call(other, `admin/tours/${ids[0]}/outcome`, { outcome: "completed" })).status, 404, "another property's tour");
    const attended = await call(p, `admin/tours/${ids[0]}/outcome`, { outcome: "completed" });
    assert.deepEqual([attended.status, attended.body.tour?.status], [200, "completed"]);
    const missed = await call(p, `admin/tours/${ids[1]}/outcome`, { outcome: "no_show" });
    assert.deepEqual([missed.status, missed.body.tour?.status], [200, "no_show"]);
    assert.equal((await call(p, `admin/tours/${ids[1]}/outcome`, { outcome: "no_show" })).status, 200, "the same outcome again");
    const got = await receiver.waitFor(2);
    const events = got.map((d) => WebhookEvent.parse(d.event));
    assert.deepEqual(events.map((e) => e.type).sort(), ["tour.completed", "tour.no_show"]);
    const sql = await adminSql();
    const [{ n }] = await sql`select count(*)::int as n from public.outbox where kind = 'webhook' and property_id = ${p.id}`;
    assert.equal(n, 2, "marking the same outcome twice queues one event");
    console.log(`  422 for a bad outcome, 404 for another property's secret; arrived: ${events.map((e) => e.type).join(", ")}`);
  } finally {
    await receiver.close();
  }
});
