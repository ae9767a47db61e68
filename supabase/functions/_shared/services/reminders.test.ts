// The reminders job against the running stack's database, with a movable clock: six
// tours, the job every 15 minutes for two days, and what each prospect received; then
// two runs started at the same moment.
import assert from "node:assert/strict";
import { closeAdminSql } from "../../../../scripts/lib/test-support.ts";
import { DAY, emails, harness, HOUR, insertBooking, MINUTE, texts } from "../../lumaleasing-jobs/test-support.ts";
import { reminderDue, type ReminderKind } from "../core/reminders.ts";
import { dispatchOutbox } from "./outbox-dispatch.ts";
import { runReminders } from "./reminders.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test("reminders job: six tours, the job every 15 minutes for two days, each gets exactly what the rule promises", opts, async () => {
  const h = await harness();
  try {
    const t0 = h.t0;
    const tours = [
      { label: "3 days", ahead: 3 * DAY },
      { label: "25 h", ahead: 25 * HOUR },
      { label: "23 h", ahead: 23 * HOUR },
      { label: "90 min", ahead: 90 * MINUTE },
      { label: "50 min", ahead: 50 * MINUTE },
      { label: "10 min", ahead: 10 * MINUTE },
    ];
    const booked = [];
    for (const t of tours) {
      const start = new Date(t0.getTime() + t.ahead);
      booked.push({ ...t, start, ...(await insertBooking(h, { start, createdAt: t0, smsConsent: true })) });
    }

    // What the pure rule promises for the same schedule.
    const expected = new Map<string, ReminderKind[]>();
    for (const b of booked) {
      const tour = { startAt: b.start, createdAt: t0, reminder24hSentAt: null as Date | null, reminder1hSentAt: null as Date | null };
      const kinds: ReminderKind[] = [];
      for (let at = t0.getTime(); at <= t0.getTime() + 2 * DAY; at += 15 * MINUTE) {
        const due = reminderDue(tour, new Date(at));
        if (due === "24h") tour.reminder24hSentAt = new Date(at);
        if (due === "1h") tour.reminder1hSentAt = new Date(at);
        if (due) kinds.push(due);
      }
      expected.set(b.id, kinds);
    }

    let runs = 0;
    for (let at = t0.getTime(); at <= t0.getTime() + 2 * DAY; at += 15 * MINUTE) {
      h.clock.set(new Date(at), true);
      await runReminders(h.d, { propertyId: h.property.id });
      await dispatchOutbox(h.d, { propertyId: h.property.id, senders: h.senders });
      runs++;
    }

    console.log(`${runs} runs from ${t0.toISOString()}, every 15 minutes for 48 h`);
    console.log("booked ahead | email (minutes before the start)          | SMS");
    for (const b of booked) {
      const mail = await emails(h, b.email);
      const sms = await texts(h, b.phone!);
      const when = (at: string) => `−${Math.round((b.start.getTime() - Date.parse(at)) / MINUTE)}`;
      const kinds = mail.map((m) => /^Reminder:/.test(m.subject) ? "24h" : /^Starting soon/.test(m.subject) ? "1h" : `other: ${m.subject}`);
      const mailText = mail.map((m, i) => `${kinds[i]} at ${when(m.receivedAt)}`).join(", ") || "none";
      const smsText = sms.map((s) => when(s.receivedAt)).join(", ") || "none";
      console.log(`${b.label.padEnd(12)} | ${mailText.padEnd(40)} | ${smsText}`);
      assert.deepEqual(kinds, expected.get(b.id), `${b.label}: reminder emails`);
      assert.equal(sms.length, expected.get(b.id)!.length, `${b.label}: one SMS per reminder`);
      for (const m of [...mail, ...sms]) assert.ok(Date.parse(m.receivedAt) < b.start.getTime(), "sent before the start");
    }
    // Spelled out, so a change of rule shows up here too.
    assert.deepEqual(booked.map((b) => expected.get(b.id)!.join("+") || "none"), ["24h", "24h+1h", "1h", "1h", "none", "none"]);
  } finally {
    await h.close();
    await closeAdminSql();
  }
});

Deno.test("reminders job: two runs started together claim each tour once and queue nothing twice", opts, async () => {
  const h = await harness();
  try {
    const tours = [];
    for (let i = 0; i < 60; i++) {
      const start = new Date(h.t0.getTime() + 20 * HOUR + i * MINUTE);
      tours.push(await insertBooking(h, { start, createdAt: new Date(h.t0.getTime() - 2 * DAY), smsConsent: i % 2 === 0 }));
    }
    const [a, b] = await Promise.all([
      runReminders(h.d, { propertyId: h.property.id, batchSize: 7 }),
      runReminders(h.d, { propertyId: h.property.id, batchSize: 7 }),
    ]);
    console.log(`run A claimed ${a["24h"].tours}, run B claimed ${b["24h"].tours} of ${tours.length} tours`);
    assert.equal(a["24h"].tours + b["24h"].tours, tours.length);
    assert.equal(a["24h"].emails + b["24h"].emails, tours.length);
    assert.equal(a["24h"].sms + b["24h"].sms, tours.length / 2);

    const [x, y] = await Promise.all([
      dispatchOutbox(h.d, { propertyId: h.property.id, senders: h.senders, concurrency: 3 }),
      dispatchOutbox(h.d, { propertyId: h.property.id, senders: h.senders, concurrency: 3 }),
    ]);
    console.log(`dispatchers: ${JSON.stringify(x)} and ${JSON.stringify(y)}`);
    assert.equal(x.claimed + y.claimed, tours.length * 1.5);
    for (const t of tours) assert.equal((await emails(h, t.email)).length, 1, `one email for ${t.email}`);
    assert.equal((await texts(h)).length, tours.length / 2);
    // And a third run later finds nothing left to do.
    const again = await runReminders(h.d, { propertyId: h.property.id });
    assert.equal(again["24h"].tours + again["1h"].tours, 0);
  } finally {
    await h.close();
    await closeAdminSql();
  }
});
