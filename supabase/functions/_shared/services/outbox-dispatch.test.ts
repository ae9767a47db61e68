// The outbox dispatcher against the running stack's database and a catcher of its own:
// what goes out, what is skipped, retries through a provider outage, and dead rows.
import assert from "node:assert/strict";
import {
  clearFaults,
  emails,
  HOUR,
  injectFault,
  insertBooking,
  MINUTE,
  queue,
  texts,
} from "../../lumaleasing-jobs/test-support.ts";
import { MAX_ATTEMPTS } from "../core/outbox-policy.ts";
import { dispatch, outboxRows, outboxTest, queueConfirmation } from "./outbox-test-support.ts";

outboxTest("outbox: the confirmation carries the booking's current time and an .ics; SMS only with consent; the dedupe key is the idempotency key", async (h) => {
  const start = new Date(h.t0.getTime() + 3 * 24 * HOUR);
  const withSms = await insertBooking(h, { start, createdAt: h.t0, smsConsent: true });
  const noSms = await insertBooking(h, { start: new Date(start.getTime() + HOUR), createdAt: h.t0, smsConsent: false });
  for (const b of [withSms, noSms]) {
    await queueConfirmation(h, "email", b.id);
    await queueConfirmation(h, "sms", b.id);
  }
  // The tour moves before anything was sent: the messages must show the new time.
  const moved = new Date(start.getTime() + 2 * HOUR);
  await h.admin`update public.tour_bookings set start_at = ${moved}, end_at = ${new Date(moved.getTime() + 30 * MINUTE)},
    blocked_range = tstzrange(${moved}, ${new Date(moved.getTime() + 45 * MINUTE)}) where id = ${withSms.id}`;

  const summary = await dispatch(h);
  console.log("dispatch:", JSON.stringify(summary));
  assert.deepEqual(summary, { claimed: 4, done: 4, skipped: 1, retried: 0, dead: 0 });

  const [mail] = await emails(h, withSms.email);
  assert.match(mail.subject, /^Tour confirmed: /);
  assert.equal(mail.idempotencyKey, `email:${withSms.id}:tour_confirmation`);
  const ics = mail.attachments.find((a) => a.filename.endsWith(".ics"));
  assert.ok(ics?.text, "an .ics attachment");
  const stamp = moved.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
  assert.match(ics.text!, /METHOD:REQUEST/);
  assert.match(ics.text!, new RegExp(`DTSTART:${stamp}`), "the .ics has the current start");
  assert.match(mail.text ?? "", /lumaleasing_manage=llm_/, "the manage link");
  console.log(`confirmation "${mail.subject}" with ${ics.filename}, DTSTART ${stamp}`);

  assert.equal((await texts(h, withSms.phone!)).length, 1, "SMS with consent");
  assert.equal((await texts(h, noSms.phone!)).length, 0, "no SMS without consent");
  const skipped = (await outboxRows(h)).find((r) => r.dedupe_key === `sms:${noSms.id}:tour_confirmation`)!;
  assert.equal(skipped.status, "done");
  assert.match(skipped.last_error ?? "", /consent/);
});

outboxTest("outbox: a booking cancelled before its confirmation went out gets no confirmation", async (h) => {
  const b = await insertBooking(h, { start: new Date(h.t0.getTime() + 48 * HOUR), createdAt: h.t0 });
  await queueConfirmation(h, "email", b.id);
  await h.admin`update public.tour_bookings set status = 'cancelled', cancelled_at = ${h.t0} where id = ${b.id}`;
  const summary = await dispatch(h);
  assert.equal(summary.skipped, 1);
  assert.equal((await emails(h, b.email)).length, 0);
  const [row] = await outboxRows(h);
  console.log(`confirmation row: ${row.status}, "${row.last_error}"`);
  assert.equal(row.status, "done");
  assert.match(row.last_error ?? "", /cancelled/);
});

outboxTest("outbox: the email provider down for 10 minutes — every email arrives afterwards, exactly once", async (h) => {
  const bookings = [];
  for (let i = 0; i < 5; i++) {
    const b = await insertBooking(h, { start: new Date(h.t0.getTime() + (30 + i) * HOUR), createdAt: h.t0, smsConsent: false });
    await queueConfirmation(h, "email", b.id);
    bookings.push(b);
  }
  await injectFault(h, { kind: "email", status: 503, count: 1000 });
  const timeline: string[] = [];
  for (let minute = 0; minute <= 90; minute++) {
    if (minute === 10) await clearFaults(h);
    h.clock.set(new Date(h.t0.getTime() + minute * MINUTE), true);
    const s = await dispatch(h);
    if (s.claimed) timeline.push(`+${minute} min: ${s.done} sent, ${s.retried} to retry, ${s.dead} dead`);
  }
  console.log(timeline.join("\n"));
  const rows = await outboxRows(h);
  console.log(rows.map((r) => `${r.kind} ${r.status} after ${r.attempts} attempts`).join("\n"));
  for (const r of rows) {
    assert.equal(r.status, "done");
    assert.ok(r.attempts > 1 && r.attempts <= MAX_ATTEMPTS, `${r.attempts} attempts`);
  }
  for (const b of bookings) {
    const got = await emails(h, b.email);
    assert.equal(got.length, 1, `one confirmation for ${b.email}`);
    assert.ok(Date.parse(got[0].receivedAt) >= h.t0.getTime() + 10 * MINUTE, "sent after the outage");
  }
});

outboxTest("outbox: a 4xx from the provider is dead at once, with its reason, and the manager gets one alert", async (h) => {
  const a = await insertBooking(h, { start: new Date(h.t0.getTime() + 30 * HOUR), createdAt: h.t0, firstName: "Ana" });
  const b = await insertBooking(h, { start: new Date(h.t0.getTime() + 31 * HOUR), createdAt: h.t0, firstName: "Ben" });
  for (const x of [a, b]) await queueConfirmation(h, "email", x.id);
  await injectFault(h, { kind: "email", status: 422, count: 2 });

  const first = await dispatch(h);
  console.log("first run:", JSON.stringify(first));
  assert.equal(first.dead, 2);
  const dead = (await outboxRows(h)).filter((r) => r.status === "dead");
  assert.equal(dead.length, 2);
  for (const r of dead) {
    assert.equal(r.attempts, 1, "no retry for a 4xx");
    assert.match(r.last_error ?? "", /422/);
    console.log(`dead: ${r.dedupe_key}: ${r.last_error}`);
  }
  // The alerts were due at once, so the same run sent them.
  const alerts = (await outboxRows(h)).filter((r) => r.kind === "manager_alert");
  assert.equal(alerts.length, 2, "one alert row per dead row…");
  console.log(alerts.map((r) => `alert ${r.id}: ${r.status} ${r.last_error ?? ""}`).join("\n"));
  assert.ok(alerts.every((r) => r.status === "done"));
  const managerMail = await emails(h, "manager@test.example");
  assert.equal(managerMail.length, 1, "…folded into one email");
  assert.match(managerMail[0].subject, /^2 tour updates for .* could not be completed/);
  assert.match(managerMail[0].text ?? "", /Ana Lopez/);
  assert.match(managerMail[0].text ?? "", /Ben Lopez/);
  assert.match(managerMail[0].text ?? "", /wp-admin/, "links to the settings page");
  console.log(`manager alert: "${managerMail[0].subject}"`);

  // Nothing dead comes back, and no alert is sent twice.
  h.clock.set(new Date(h.t0.getTime() + 3 * HOUR), true);
  const later = await dispatch(h);
  assert.equal(later.claimed, 0);
  assert.equal((await emails(h, "manager@test.example")).length, 1);
  assert.equal((await emails(h, a.email)).length + (await emails(h, b.email)).length, 0);
});

outboxTest("outbox: a reminder that would arrive after the tour started, or for a moved tour, is dropped", async (h) => {
  const start = new Date(h.t0.getTime() + 30 * MINUTE);
  const late = await insertBooking(h, { start, createdAt: new Date(h.t0.getTime() - 5 * HOUR) });
  await h.admin`update public.tour_bookings set reminder_1h_sent_at = ${h.t0} where id = ${late.id}`;
  await queue(h, "email", { bookingId: late.id, template: "tour_reminder_1h" }, `email:${late.id}:tour_reminder_1h:${start.getTime()}`);
  const moved = await insertBooking(h, { start: new Date(h.t0.getTime() + 40 * MINUTE), createdAt: new Date(h.t0.getTime() - 5 * HOUR) });
  await queue(h, "email", { bookingId: moved.id, template: "tour_reminder_1h" }, `email:${moved.id}:tour_reminder_1h:${start.getTime() + 1}`);

  h.clock.set(new Date(start.getTime() + MINUTE), true); // the outbox was down until after the start
  const s = await dispatch(h);
  assert.equal(s.skipped, 2);
  assert.equal((await emails(h)).length, 0);
  const notes = (await outboxRows(h)).map((r) => r.last_error);
  console.log(notes.join("\n"));
  assert.ok(notes.some((n) => /started/.test(n ?? "")));
  assert.ok(notes.some((n) => /moved/.test(n ?? "")));
});
