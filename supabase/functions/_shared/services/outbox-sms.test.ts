// SMS at most once through the outbox, against the running stack's database and a
// catcher of its own: the provider stores the text but its answer is lost, the
// connection is refused before the provider got it, the look-up itself fails, and a
// deployment without Twilio.
import assert from "node:assert/strict";
import { startCatcher } from "../../../../scripts/catcher/server.ts";
import {
  emails,
  type Harness,
  HOUR,
  injectFault,
  insertBooking,
  MINUTE,
  texts,
} from "../../lumaleasing-jobs/test-support.ts";
import { createSmsSender, type SmsSenderOptions } from "../adapters/sms.ts";
import { dispatch, outboxRows, outboxTest, queueConfirmation } from "./outbox-test-support.ts";
import { SMS_NOT_CONFIGURED } from "./outbox-sms.ts";
import { sendersFromEnv } from "./senders.ts";

/** The harness's own Twilio account and number, so a sender built here reads the same messages. */
const TWILIO = { accountSid: "AC" + "1".repeat(32), authToken: "test", from: "+13125550199" };

/** An SMS sender on the harness's catcher that counts its sends (POST) and look-ups (GET). */
function countingSms(h: Harness, options: Partial<SmsSenderOptions> = {}) {
  const calls = { sends: 0, lookups: 0 };
  const counting: typeof fetch = (input, init) => {
    if ((init?.method ?? "GET") === "GET") calls.lookups++;
    else calls.sends++;
    return (options.fetch ?? fetch)(input, init);
  };
  return { calls, sms: createSmsSender({ apiUrl: h.catcher.url, ...TWILIO, ...options, fetch: counting }) };
}

interface SmsRow {
  status: string;
  attempts: number;
  last_error: string | null;
  in_flight_at: Date | null;
  in_flight_attempt: string | null;
  in_flight_digest: string | null;
  provider_message_id: string | null;
}

async function smsRow(h: Harness, dedupeKey: string): Promise<SmsRow> {
  const [row] = await h.admin<SmsRow[]>`select status, attempts, last_error, in_flight_at, in_flight_attempt::text,
      in_flight_digest, provider_message_id
    from public.outbox where dedupe_key = ${dedupeKey}`;
  return row;
}

async function queuedConfirmationSms(h: Harness, start: Date) {
  const booking = await insertBooking(h, { start, createdAt: h.clock.now(), smsConsent: true });
  const key = await queueConfirmation(h, "sms", booking.id);
  return { booking, phone: booking.phone!, key };
}

outboxTest("outbox SMS: the provider stored the text but the answer was lost — the retry asks first, records its sid, sends nothing", async (h, t) => {
  const modes: [string, Record<string, unknown>][] = [
    ["no answer within the timeout", { hangMs: 10_000, afterAccept: true }],
    ["a 500 after it was stored", { status: 500, afterAccept: true }],
    ["the connection cut after it was stored", { drop: true, afterAccept: true }],
  ];
  let hour = 0;
  for (const [label, fault] of modes) {
    await t.step(label, async () => {
      h.clock.set(new Date(h.t0.getTime() + hour++ * HOUR), true);
      const { booking, phone, key } = await queuedConfirmationSms(h, new Date(h.t0.getTime() + 72 * HOUR + hour * HOUR));
      const { calls, sms } = countingSms(h, { timeoutMs: 300 });
      const senders = { ...h.senders, sms };
      await injectFault(h, { kind: "sms", ...fault });

      const first = await dispatch(h, senders);
      const lost = await smsRow(h, key);
      const stored = await texts(h, phone);
      console.log(`  attempt 1: ${JSON.stringify(first)}; row ${lost.status}, "${lost.last_error}"; the catcher holds ${stored.length}`);
      assert.deepEqual([first.claimed, first.retried], [1, 1]);
      assert.equal(stored.length, 1, "the provider has the message");
      assert.equal(lost.status, "pending");
      assert.ok(lost.in_flight_at, "marked in flight before the call");
      assert.match(lost.in_flight_digest ?? "", /^[0-9a-f]{64}$/);
      assert.equal(lost.provider_message_id, null);
      assert.deepEqual(calls, { sends: 1, lookups: 0 });

      h.clock.set(new Date(h.clock.now().getTime() + 10 * MINUTE), true); // past the backoff
      const second = await dispatch(h, senders);
      const found = await smsRow(h, key);
      const after = await texts(h, phone);
      console.log(`  attempt 2: ${JSON.stringify(second)}; ${calls.lookups} look-up, ${calls.sends} send in all; sid ${found.provider_message_id}`);
      assert.equal(second.done, 1);
      assert.deepEqual(calls, { sends: 1, lookups: 1 }, "asked, and did not send again");
      assert.equal(after.length, 1, `exactly one text to ${booking.id}`);
      assert.equal(found.status, "done");
      assert.equal(found.attempts, 2);
      assert.equal(found.provider_message_id, after[0].id, "the sid the look-up found");
      assert.match(found.last_error ?? "", /found at the provider/);
    });
  }
});

outboxTest("outbox SMS: the connection was refused before the provider got it — the retry sends it, once, without asking", async (h) => {
  const { phone, key } = await queuedConfirmationSms(h, new Date(h.t0.getTime() + 50 * HOUR));
  const gone = await startCatcher({ port: 0 });
  await gone.close(); // nothing listens on its port any more
  const refused = createSmsSender({ apiUrl: gone.url, ...TWILIO });

  const first = await dispatch(h, { ...h.senders, sms: refused });
  const row = await smsRow(h, key);
  console.log(`attempt 1: ${JSON.stringify(first)}; "${row.last_error}"; in flight: ${row.in_flight_at}`);
  assert.equal(first.retried, 1);
  assert.equal(row.status, "pending");
  assert.equal(row.in_flight_at, null, "a refused connection proves nothing went out: the mark is gone");
  assert.equal(row.in_flight_attempt, null);
  assert.equal((await texts(h, phone)).length, 0);

  h.clock.set(new Date(h.t0.getTime() + 10 * MINUTE), true);
  const { calls, sms } = countingSms(h);
  const second = await dispatch(h, { ...h.senders, sms });
  const sent = await smsRow(h, key);
  const got = await texts(h, phone);
  console.log(`attempt 2: ${JSON.stringify(second)}; ${JSON.stringify(calls)}; sid ${sent.provider_message_id}`);
  assert.deepEqual(calls, { sends: 1, lookups: 0 });
  assert.equal(got.length, 1);
  assert.equal(sent.status, "done");
  assert.equal(sent.provider_message_id, got[0].id);
  assert.equal(sent.last_error, null);
});

outboxTest("outbox SMS: when the look-up itself fails nothing is sent; the next attempt finds the text", async (h) => {
  const { phone, key } = await queuedConfirmationSms(h, new Date(h.t0.getTime() + 30 * HOUR));
  await injectFault(h, { kind: "sms", status: 503, afterAccept: true });
  const first = countingSms(h);
  await dispatch(h, { ...h.senders, sms: first.sms });
  assert.equal((await texts(h, phone)).length, 1);
  const unknown = await smsRow(h, key);

  // The provider's list is down: the answer to "did it go out?" is unknown, so no send.
  const listDown: typeof fetch = (input, init) =>
    (init?.method ?? "GET") === "GET"
      ? Promise.resolve(Response.json({ code: 20503, message: "Service Unavailable", status: 503 }, { status: 503 }))
      : fetch(input, init);
  h.clock.set(new Date(h.t0.getTime() + 10 * MINUTE), true);
  const blind = countingSms(h, { fetch: listDown });
  const second = await dispatch(h, { ...h.senders, sms: blind.sms });
  const waiting = await smsRow(h, key);
  console.log(`look-up down: ${JSON.stringify(second)}; ${JSON.stringify(blind.calls)}; "${waiting.last_error}"`);
  assert.equal(second.retried, 1);
  assert.deepEqual(blind.calls, { sends: 0, lookups: 1 });
  assert.equal(waiting.status, "pending");
  assert.deepEqual(
    [waiting.in_flight_at, waiting.in_flight_attempt, waiting.in_flight_digest],
    [unknown.in_flight_at, unknown.in_flight_attempt, unknown.in_flight_digest],
    "still the first attempt's mark: its outcome is what is unknown",
  );
  assert.match(waiting.last_error ?? "", /lookup_twilio_20503/);

  h.clock.set(new Date(h.t0.getTime() + 2 * HOUR), true);
  const third = countingSms(h);
  await dispatch(h, { ...h.senders, sms: third.sms });
  const done = await smsRow(h, key);
  const got = await texts(h, phone);
  console.log(`look-up back: ${JSON.stringify(third.calls)}; ${done.status} with ${done.provider_message_id} after ${done.attempts} attempts`);
  assert.deepEqual(third.calls, { sends: 0, lookups: 1 });
  assert.equal(got.length, 1);
  assert.deepEqual([done.status, done.provider_message_id, done.attempts], ["done", got[0].id, 3]);
});

outboxTest("outbox SMS: no Twilio configured — emails go out, SMS rows close as sms_not_configured, nothing stalls", async (h, t) => {
  const emailOnly = { RESEND_API_URL: h.catcher.url, RESEND_API_KEY: "re_test", EMAIL_FROM: "Tours <tours@jobs.test>" };
  const senders = sendersFromEnv({ get: (name: string) => (emailOnly as Record<string, string>)[name] });
  await t.step("the senders are built without SMS", () => {
    assert.equal(senders.sms, null);
    assert.equal(senders.fromAddress, "tours@jobs.test");
  });

  const bookings: { id: string; email: string }[] = [];
  for (let i = 0; i < 3; i++) {
    const b = await insertBooking(h, { start: new Date(h.t0.getTime() + (40 + i) * HOUR), createdAt: h.t0, smsConsent: true });
    await queueConfirmation(h, "sms", b.id);
    await queueConfirmation(h, "email", b.id);
    bookings.push(b);
  }

  await t.step("one run: three emails delivered, three SMS rows done as skipped", async () => {
    const summary = await dispatch(h, senders);
    console.log(`  run: ${JSON.stringify(summary)}`);
    assert.deepEqual(summary, { claimed: 6, done: 6, skipped: 3, retried: 0, dead: 0 });
    for (const b of bookings) assert.equal((await emails(h, b.email)).length, 1, `confirmation for ${b.email}`);
    assert.equal((await texts(h)).length, 0);
    const rows = await outboxRows(h);
    for (const r of rows.filter((r) => r.kind === "sms")) {
      assert.deepEqual([r.status, r.attempts, r.last_error], ["done", 1, SMS_NOT_CONFIGURED]);
    }
    for (const r of rows.filter((r) => r.kind === "email")) assert.ok(r.provider_message_id, "the email's Resend id is kept");
    console.log(`  sms rows: "${SMS_NOT_CONFIGURED}"`);
  });
  await t.step("nothing is left to retry, and no manager alert was queued", async () => {
    h.clock.set(new Date(h.t0.getTime() + 3 * HOUR), true);
    const later = await dispatch(h, senders);
    assert.equal(later.claimed, 0);
    const [{ n }] = await h.admin<{ n: number }[]>`select count(*)::int as n from public.outbox
      where property_id = ${h.property.id} and (status <> 'done' or kind = 'manager_alert')`;
    assert.equal(n, 0);
  });
  await t.step("half a Twilio configuration is no configuration (and says what is missing)", () => {
    const partial = { ...emailOnly, TWILIO_ACCOUNT_SID: TWILIO.accountSid };
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(" "));
    try {
      assert.equal(sendersFromEnv({ get: (name: string) => (partial as Record<string, string>)[name] }).sms, null);
    } finally {
      console.warn = warn;
    }
    console.log(`  ${warnings[0]}`);
    assert.match(warnings[0] ?? "", /TWILIO_AUTH_TOKEN, TWILIO_FROM not set/);
  });
});
