// Webhook delivery through the outbox, in this process against the stack's database, on
// the jobs harness's own clock, to the test receiver (which verifies every delivery with
// the standardwebhooks library on the same clock).
import assert from "node:assert/strict";
import { startReceiver } from "../../../../scripts/webhook-receiver/server.ts";
import { withProperty } from "../adapters/db.ts";
import type { Resolver } from "../adapters/webhook-http.ts";
import { WEBHOOK_EVENT_TYPES, WebhookEvent } from "../contracts/webhook-events.ts";
import type { WebhookTargetPolicy } from "../core/webhook-address.ts";
import { emails, harness, type Harness, insertBooking, MINUTE } from "../../lumaleasing-jobs/test-support.ts";
import { dispatchOutbox } from "./outbox-dispatch.ts";
import { createEndpoint, listDeliveries, queueTestEvent, resendDelivery, type TargetCheck } from "./webhook-endpoints.ts";
import { emitWebhookEvents, leadEvent, tourEvent } from "./webhook-events.ts";
import { recordTourOutcome } from "./tour-outcome.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const LOCAL: WebhookTargetPolicy = { allowHttp: true, allowLoopback: true };
const loopbackOnly: Resolver = (name) => Promise.resolve(name === "localhost" ? ["127.0.0.1"] : []);
const localCheck: TargetCheck = { policy: LOCAL, resolve: loopbackOnly };

function drain(h: Harness, webhooks: { policy?: WebhookTargetPolicy; resolve?: Resolver; timeoutMs?: number; caCerts?: string[] } = {}) {
  return dispatchOutbox(h.d, {
    propertyId: h.property.id,
    senders: h.senders,
    random: () => 0,
    webhooks: {
      policy: webhooks.policy ?? LOCAL,
      resolve: webhooks.resolve ?? loopbackOnly,
      timeoutMs: webhooks.timeoutMs ?? 3000,
      caCerts: webhooks.caCerts,
    },
  });
}

async function setup(path: string, events: string[] = [...WEBHOOK_EVENT_TYPES]) {
  const h = await harness();
  const receiver = await startReceiver({ now: () => h.clock.now().getTime() });
  const { endpoint, secret } = await createEndpoint(h.d, h.property.id, {
    url: `${receiver.url}${path}`,
    events: events as typeof WEBHOOK_EVENT_TYPES[number][],
  }, localCheck);
  receiver.setSecret(path, secret);
  return { h, receiver, endpoint, secret };
}

async function newLead(h: Harness, email: string): Promise<string> {
  const now = h.clock.now();
  const [row] = await h.admin`insert into public.leads (property_id, first_name, last_name, email, created_at, updated_at)
    values (${h.property.id}, 'Ana', 'Diaz', ${email}, ${now}, ${now}) returning id`;
  return row.id;
}

async function tour(h: Harness, hoursAhead = 48) {
  return await insertBooking(h, { start: new Date(h.t0.getTime() + hoursAhead * 60 * MINUTE), createdAt: h.t0 });
}

Deno.test("webhooks: every event type arrives signed, verified by the standardwebhooks library, and valid", opts, async () => {
  const { h, receiver, endpoint } = await setup("/hooks/all");
  try {
    const leadId = await newLead(h, "every-type@webhooks.test");
    const a = await tour(h, 48);
    const b = await tour(h, 50);
    const c = await tour(h, 52);
    await withProperty(h.property.id, async (tx) => {
      const now = h.clock.now();
      await emitWebhookEvents(tx, h.property.id, now, [
        ...leadEvent(leadId, "created"),
        ...leadEvent(leadId, "updated"),
        ...leadEvent(leadId, "unchanged"),
        tourEvent("tour.booked", a.id),
        tourEvent("tour.rescheduled", a.id, { changedBy: "prospect" }),
        tourEvent("tour.cancelled", a.id, { changedBy: "calendar" }),
      ]);
    }, h.d.sql);
    assert.equal((await recordTourOutcome(h.d, h.property.id, b.id, "completed")).status, "completed");
    assert.equal((await recordTourOutcome(h.d, h.property.id, c.id, "no_show")).status, "no_show");
    await recordTourOutcome(h.d, h.property.id, c.id, "no_show"); // the same outcome again: no second event
    await queueTestEvent(h.d, h.property.id, endpoint.id);
    const summary = await drain(h);
    const got = await receiver.waitFor(8);
    assert.deepEqual(got.map((d) => d.type).sort(), [...WEBHOOK_EVENT_TYPES, "webhook.test"].sort());
    for (const d of got) {
      const parsed = WebhookEvent.parse(d.event);
      assert.equal(parsed.id, d.id, "webhook-id is the event id");
      assert.equal(parsed.propertyId, h.property.id);
      assert.equal(d.timestamp, Math.floor(h.clock.now().getTime() / 1000));
    }
    const completed = got.find((d) => d.type === "tour.completed")!.event as { data: { tour: { status: string; id: string } } };
    assert.deepEqual([completed.data.tour.id, completed.data.tour.status], [b.id, "completed"]);
    assert.equal(receiver.rejections.length, 0, JSON.stringify(receiver.rejections));
    console.log(`delivered ${got.length} events (${summary.done} rows done), all verified: ${got.map((d) => d.type).join(", ")}`);
  } finally {
    await receiver.close();
    await h.close();
  }
});

Deno.test("webhooks: the receiver refuses a forged signature, a replay older than 5 minutes and a duplicate id", opts, async () => {
  const { h, receiver, endpoint } = await setup("/hooks/replay");
  try {
    await queueTestEvent(h.d, h.property.id, endpoint.id);
    // Capture the signed request as it goes out: the receiver's own copy is what we replay.
    await drain(h);
    const [first] = await receiver.waitFor(1);
    const [row] = await h.admin`select payload from public.outbox where kind = 'webhook' and payload -> 'event' ->> 'id' = ${first.id}`;
    const body = JSON.stringify(row.payload.event);
    const { Webhook } = await import("standardwebhooks");
    const [enc] = await h.admin`select secret_enc from public.webhook_endpoints where id = ${endpoint.id}`;
    const { decryptText } = await import("../adapters/crypto.ts");
    const secret = await decryptText(enc.secret_enc, h.d.encryptionKey);
    const send = async (at: Date, id: string, signWith = secret) => {
      const res = await fetch(`${receiver.url}/hooks/replay`, {
        method: "POST",
        body,
        headers: {
          "webhook-id": id,
          "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
          "webhook-signature": new Webhook(signWith).sign(id, at, body),
        },
      });
      await res.body?.cancel();
      return res.status;
    };
    const now = h.clock.now();
    assert.equal(await send(now, first.id), 409, "the same webhook-id again");
    assert.equal(await send(new Date(now.getTime() - 6 * MINUTE), "evt_replayreplay01"), 400, "six minutes old");
    assert.equal(await send(now, "evt_forgedforged01", "whsec_" + btoa("another secret, not ours")), 401, "wrong secret");
    assert.deepEqual(receiver.rejections.map((r) => r.reason), ["duplicate", "too_old", "signature"]);
    assert.equal(receiver.deliveries.length, 1);
    console.log(`receiver rejections: ${receiver.rejections.map((r) => r.reason).join(", ")}; still one delivery`);
  } finally {
    await receiver.close();
    await h.close();
  }
});

Deno.test("webhooks: a tour's events arrive in order, a later one waits while an earlier one is retried", opts, async () => {
  const { h, receiver } = await setup("/hooks/order", ["tour.booked", "tour.rescheduled", "tour.cancelled"]);
  try {
    const t = await tour(h);
    const other = await tour(h, 72);
    await withProperty(h.property.id, async (tx) => {
      const now = h.clock.now();
      await emitWebhookEvents(tx, h.property.id, now, [tourEvent("tour.booked", t.id)]);
      await emitWebhookEvents(tx, h.property.id, now, [tourEvent("tour.rescheduled", t.id, { changedBy: "office" })]);
      await emitWebhookEvents(tx, h.property.id, now, [tourEvent("tour.cancelled", t.id, { changedBy: "office" })]);
    }, h.d.sql);
    await receiver.setFault({ mode: "status", status: 503 });
    const first = await drain(h);
    const rows = await h.admin`select payload -> 'event' ->> 'type' as type, attempts, status from public.outbox
      where kind = 'webhook' and property_id = ${h.property.id} order by id`;
    assert.deepEqual(rows.map((r) => [r.type, r.attempts]), [["tour.booked", 1], ["tour.rescheduled", 0], ["tour.cancelled", 0]]);
    // Another tour is not held up by this one.
    await withProperty(h.property.id, (tx) => emitWebhookEvents(tx, h.property.id, h.clock.now(), [tourEvent("tour.booked", other.id)]), h.d.sql);
    await receiver.setFault(null);
    h.clock.advance(MINUTE);
    const second = await drain(h);
    const got = await receiver.waitFor(4);
    const mine = got.filter((d) => (d.event as { data: { tour: { id: string } } }).data.tour.id === t.id).map((d) => d.type);
    assert.deepEqual(mine, ["tour.booked", "tour.rescheduled", "tour.cancelled"]);
    console.log(`first run ${JSON.stringify(first)}; after the 503 cleared ${JSON.stringify(second)}; order: ${mine.join(" → ")}`);
  } finally {
    await receiver.close();
    await h.close();
  }
});

Deno.test("webhooks: with the receiver down for 10 simulated minutes everything arrives afterwards, once", opts, async () => {
  const { h, receiver } = await setup("/hooks/down", ["tour.booked", "tour.cancelled"]);
  try {
    const tours = await Promise.all([0, 1, 2, 3, 4].map((i) => tour(h, 48 + i)));
    await withProperty(h.property.id, async (tx) => {
      for (const t of tours) await emitWebhookEvents(tx, h.property.id, h.clock.now(), [tourEvent("tour.booked", t.id)]);
      await emitWebhookEvents(tx, h.property.id, h.clock.now(), [tourEvent("tour.cancelled", tours[0].id, { changedBy: "office" })]);
    }, h.d.sql);
    await receiver.setFault({ mode: "down" });
    let retried = 0;
    for (let minute = 0; minute < 10; minute++) {
      retried += (await drain(h)).retried;
      h.clock.advance(MINUTE);
    }
    const [{ errors }] = await h.admin`select array_agg(distinct last_error) as errors from public.outbox
      where kind = 'webhook' and property_id = ${h.property.id} and status = 'pending'`;
    assert.equal(receiver.deliveries.length, 0);
    await receiver.setFault(null);
    // The backoff has grown meanwhile: the next attempt comes within its delay.
    let runs = 0;
    while ((await h.admin`select 1 from public.outbox where kind = 'webhook' and property_id = ${h.property.id} and status = 'pending'`).length) {
      await drain(h);
      h.clock.advance(MINUTE);
      assert.ok(++runs < 30, "everything goes out within half an hour");
    }
    const got = await receiver.waitFor(6);
    assert.equal(new Set(got.map((d) => d.id)).size, 6, "each event once");
    assert.equal(got.length, 6);
    const first = got.filter((d) => (d.event as { data: { tour: { id: string } } }).data.tour.id === tours[0].id).map((d) => d.type);
    assert.deepEqual(first, ["tour.booked", "tour.cancelled"]);
    const [{ dead }] = await h.admin`select count(*)::int as dead from public.outbox where property_id = ${h.property.id} and status = 'dead'`;
    assert.equal(dead, 0);
    console.log(`down 10 min: ${retried} failed attempts (${errors}); back up: all 6 arrived once after ${runs} more runs, in order per tour`);
  } finally {
    await receiver.close();
    await h.close();
  }
});

Deno.test("webhooks: private, loopback and link-local targets are refused at save time and at delivery; one alert", opts, async () => {
  const { h, receiver } = await setup("/hooks/safe", ["tour.booked"]);
  try {
    const prod: WebhookTargetPolicy = { allowHttp: false, allowLoopback: false };
    const noLoopback: WebhookTargetPolicy = { allowHttp: true, allowLoopback: false };
    // Save time: literals, and names resolving inside.
    const inside: Resolver = (name) => Promise.resolve(({ "crm.inside.test": ["93.184.216.34", "10.0.0.8"], "meta.test": ["169.254.169.254"], localhost: ["127.0.0.1", "::1"] } as Record<string, string[]>)[name] ?? []);
    const refusals: string[] = [];
    for (const [url, policy] of [
      ["https://10.1.2.3/hook", prod],
      ["https://169.254.169.254/latest", prod],
      ["https://[fe80::1]/hook", prod],
      [`http://127.0.0.1:${receiver.port}/hooks/safe`, noLoopback],
      [`http://localhost:${receiver.port}/hooks/safe`, noLoopback],
      ["https://crm.inside.test/hook", prod],
      ["https://meta.test/hook", prod],
      ["http://crm.example.test/hook", prod],
    ] as const) {
      await assert.rejects(
        createEndpoint(h.d, h.property.id, { url, events: ["tour.booked"] }, { policy, resolve: inside }),
        (err: { status?: number; code?: string; extra?: { error?: { reason?: string } } }) => {
          assert.equal(err.status, 422, url);
          assert.equal(err.code, "invalid_webhook_url");
          refusals.push(`${url} → ${err.extra?.error?.reason}`);
          return true;
        },
      );
    }
    const [{ n }] = await h.admin`select count(*)::int as n from public.webhook_endpoints where property_id = ${h.property.id}`;
    assert.equal(n, 1, "nothing saved but the first endpoint");

    // Delivery: a name that resolved to a public address when saved now resolves inside
    // (rebinding), and an endpoint whose address is loopback without the local test setting.
    let answers = 0;
    const rebinding: Resolver = () => Promise.resolve(answers++ === 0 ? ["93.184.216.34"] : ["127.0.0.1"]);
    const rebound = await createEndpoint(h.d, h.property.id, { url: `http://rebind.test:${receiver.port}/hooks/safe`, events: ["tour.booked"] }, {
      policy: noLoopback,
      resolve: rebinding,
    });
    assert.ok(rebound.endpoint.id);
    const t = await tour(h);
    await withProperty(h.property.id, (tx) => emitWebhookEvents(tx, h.property.id, h.clock.now(), [tourEvent("tour.booked", t.id)]), h.d.sql);
    const summary = await drain(h, { policy: noLoopback, resolve: rebinding });
    assert.equal(summary.dead, 2, JSON.stringify(summary));
    assert.equal(receiver.hits.length, 0, "nothing reached the receiver");
    const dead = await h.admin`select last_error from public.outbox where kind = 'webhook' and property_id = ${h.property.id} and status = 'dead'`;
    assert.ok(dead.every((r) => /refused: .*(loopback|private)/.test(r.last_error)), JSON.stringify(dead));
    await drain(h); // the alert
    const alerts = (await emails(h, "manager@test.example")).filter((m) => /Webhook/.test(m.text ?? m.html ?? ""));
    assert.equal(alerts.length, 1, "one alert for both dead deliveries");
    assert.match(alerts[0].text ?? "", /The tour\.booked event for your CRM/);
    console.log(`save time: ${refusals.length} refused (${refusals.join("; ")}); delivery: 2 dead, 0 requests, ${alerts.length} alert`);
  } finally {
    await receiver.close();
    await h.close();
  }
});

Deno.test("webhooks: a 3xx is not followed; a slow receiver times out; the delivery log and send again", opts, async () => {
  const { h, receiver, endpoint } = await setup("/hooks/log", ["tour.booked"]);
  try {
    const t = await tour(h);
    await withProperty(h.property.id, (tx) => emitWebhookEvents(tx, h.property.id, h.clock.now(), [tourEvent("tour.booked", t.id)]), h.d.sql);
    await receiver.setFault({ mode: "status", status: 302, location: `${receiver.url}/hooks/elsewhere` });
    const redirected = await drain(h);
    assert.equal(redirected.dead, 1);
    assert.deepEqual(receiver.hits, ["/hooks/log"], "the Location was not followed");

    await receiver.setFault({ mode: "slow", delayMs: 1500 });
    const test = await queueTestEvent(h.d, h.property.id, endpoint.id);
    const slow = await drain(h, { timeoutMs: 300 });
    assert.equal(slow.retried, 1);

    await receiver.setFault(null);
    let log = await listDeliveries(h.d, h.property.id, endpoint.id, { limit: 10 });
    const failed = log.find((d) => d.eventType === "tour.booked")!;
    assert.deepEqual([failed.status, failed.responseStatus, failed.attempts], ["failed", 302, 1]);
    assert.match(failed.error ?? "", /redirects are not followed/);
    const waiting = log.find((d) => d.id === test.id)!;
    assert.deepEqual([waiting.status, waiting.responseStatus], ["pending", null]);
    assert.match(waiting.error ?? "", /timeout/);

    const again = await resendDelivery(h.d, h.property.id, failed.id);
    h.clock.advance(MINUTE);
    await drain(h);
    await receiver.waitFor(2);
    log = await listDeliveries(h.d, h.property.id, endpoint.id, { limit: 10 });
    const resent = log.find((d) => d.id === again.id)!;
    assert.deepEqual([resent.status, resent.responseStatus, resent.eventId], ["delivered", 204, failed.eventId]);
    assert.equal(log.find((d) => d.id === test.id)!.status, "delivered");
    console.log(`log: ${log.map((d) => `${d.eventType} ${d.status} ${d.responseStatus ?? "-"} ×${d.attempts}`).join("; ")}`);
  } finally {
    await receiver.close();
    await h.close();
  }
});

/** A throwaway CA and a certificate it signed for `name` (openssl, from Debian), PEM. */
async function testCertificate(name: string): Promise<{ ca: string; cert: string; key: string }> {
  const dir = await Deno.makeTempDir();
  const openssl = async (...args: string[]) => {
    const out = await new Deno.Command("openssl", { args, cwd: dir, stdout: "null", stderr: "piped" }).output();
    assert.ok(out.success, new TextDecoder().decode(out.stderr));
  };
  try {
    await openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Test CA");
    await openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", `/CN=${name}`);
    await Deno.writeTextFile(`${dir}/ext.cnf`, `basicConstraints=CA:FALSE\nsubjectAltName=DNS:${name}\n`);
    await openssl("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "leaf.pem", "-days", "2",
      "-extfile", "ext.cnf");
    const read = (f: string) => Deno.readTextFile(`${dir}/${f}`);
    return { ca: await read("ca.pem"), cert: await read("leaf.pem"), key: await read("leaf.key") };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("webhooks: https goes to the resolved address with the URL's name for TLS; a certificate for another name fails", opts, async () => {
  const h = await harness();
  const { ca, cert, key } = await testCertificate("hooks.test");
  const receiver = await startReceiver({ now: () => h.clock.now().getTime(), tls: { cert, key } });
  try {
    const httpsOnly: WebhookTargetPolicy = { allowHttp: false, allowLoopback: true };
    const resolve: Resolver = (name) => Promise.resolve(["hooks.test", "other.test"].includes(name) ? ["127.0.0.1"] : []);
    const check = { policy: httpsOnly, resolve };
    const good = await createEndpoint(h.d, h.property.id, { url: `https://hooks.test:${receiver.port}/hooks/tls`, events: ["tour.booked"] }, check);
    receiver.setSecret("/hooks/tls", good.secret);
    const t = await tour(h);
    await withProperty(h.property.id, (tx) => emitWebhookEvents(tx, h.property.id, h.clock.now(), [tourEvent("tour.booked", t.id)]), h.d.sql);
    const first = await drain(h, { policy: httpsOnly, resolve, caCerts: [ca] });
    const [arrived] = await receiver.waitFor(1);
    assert.equal(arrived.type, "tour.booked");

    await createEndpoint(h.d, h.property.id, { url: `https://other.test:${receiver.port}/hooks/tls`, events: ["tour.booked"] }, check);
    const t2 = await tour(h, 60);
    await withProperty(h.property.id, (tx) => emitWebhookEvents(tx, h.property.id, h.clock.now(), [tourEvent("tour.booked", t2.id)]), h.d.sql);
    const second = await drain(h, { policy: httpsOnly, resolve, caCerts: [ca] });
    const [row] = await h.admin`select status, last_error from public.outbox where kind = 'webhook' and property_id = ${h.property.id}
      and payload ->> 'endpointId' <> ${good.endpoint.id}`;
    assert.equal(row.status, "pending");
    assert.match(row.last_error, /tls/i);
    assert.equal(receiver.deliveries.length, 2, "only the good endpoint's two events (the second booking went to it too)");
    console.log(`https to hooks.test (resolved 127.0.0.1): ${JSON.stringify(first)}; a certificate for hooks.test at other.test: ${JSON.stringify(second)} (${row.last_error.slice(0, 90)}…)`);
  } finally {
    await receiver.close();
    await h.close();
  }
});
