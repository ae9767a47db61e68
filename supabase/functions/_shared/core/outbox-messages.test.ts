// What the outbox sends about a booking, from the booking as it is: every template renders,
// SMS fit one segment, invitations get a higher SEQUENCE for later versions, and the same
// input (a retry) gives byte-identical content for the provider's idempotency key.
import assert from "node:assert/strict";
import { manageToken, manageUrl } from "./manage-link.ts";
import { smsSegments } from "./messages.ts";
import { type ProspectMessageInput, prospectEmail, prospectSms, type ProspectSmsTemplate, startInDedupeKey, tourEventDescription } from "./outbox-messages.ts";

const TEMPLATES: ProspectSmsTemplate[] = ["tour_confirmation", "tour_reminder_24h", "tour_reminder_1h", "tour_cancelled", "tour_rescheduled"];

function input(queuedAt = new Date("2026-12-01T10:00:00Z")): ProspectMessageInput {
  return {
    booking: {
      id: "0b7f3a52-6a0e-4a55-9d57-3c7b2f1e9a10",
      firstName: "María José",
      lastName: "Núñez",
      email: "maria@example.com",
      phone: "+13125550123",
      specialRequests: "Ground floor",
      startAt: new Date("2026-12-05T20:00:00Z"),
      endAt: new Date("2026-12-05T20:30:00Z"),
      previousStartAt: new Date("2026-12-04T16:00:00Z"),
      createdAt: new Date("2026-11-30T09:00:00Z"),
      language: null,
    },
    property: {
      name: "Luma Heights",
      brandColor: "#1f6feb",
      timeZone: "America/Chicago",
      address: "1200 Lakeshore Ave, Chicago, IL 60601",
      phone: "+13125550142",
      email: "leasing@lumaheights.example",
    },
    manageUrl: "https://lumaheights.example/tours/?lumaleasing_manage=llm_abc",
    fallbackOrganizerEmail: "tours@lumaleasing.example",
    queuedAt,
  };
}

Deno.test("outbox messages: every template renders an email and a one-segment SMS; retries render identically", () => {
  for (const template of TEMPLATES) {
    const email = prospectEmail(template, input());
    assert.deepEqual(prospectEmail(template, input()), email, `${template} is deterministic`);
    const sms = prospectSms(template, input());
    assert.equal(smsSegments(sms).segments, 1, `${template} SMS: ${sms}`);
    console.log(`${template}: "${email.subject}" ${email.attachments.map((a) => a.filename).join(", ")} | SMS ${sms.length} chars`);
  }
  assert.match(prospectEmail("tour_confirmation", input()).attachments[0].content, /SEQUENCE:0/);
  assert.match(prospectEmail("tour_cancelled", input()).attachments[0].content, /METHOD:CANCEL/);
  assert.match(prospectEmail("tour_rescheduled", input()).text, /Previously/);
});

Deno.test("outbox messages: a later invitation carries a higher SEQUENCE", () => {
  const seq = (at: string) => Number(/SEQUENCE:(\d+)/.exec(prospectEmail("tour_rescheduled", input(new Date(at))).attachments[0].content)![1]);
  assert.ok(seq("2026-12-01T10:00:00Z") > 0);
  assert.ok(seq("2026-12-02T10:00:00Z") > seq("2026-12-01T10:00:00Z"));
});

Deno.test("outbox messages: the agent's event text names the prospect and what they asked for", () => {
  const text = tourEventDescription(input().booking);
  for (const part of ["María José Núñez", "maria@example.com", "+13125550123", "Ground floor"]) assert.ok(text.includes(part));
  assert.match(tourEventDescription({ ...input().booking, phone: null, specialRequests: null }), /Phone: not given\nSpecial requests: none/);
});

Deno.test("outbox messages: each .ics attachment's Content-Type names the method its METHOD line says (RFC 6047 §2.4)", () => {
  const expected = { tour_confirmation: "REQUEST", tour_rescheduled: "REQUEST", tour_cancelled: "CANCEL" } as const;
  for (const [template, method] of Object.entries(expected)) {
    const [ics] = prospectEmail(template as ProspectSmsTemplate, input()).attachments;
    assert.equal(ics.contentType, `text/calendar; charset=utf-8; method=${method}`, template);
    assert.match(ics.content, new RegExp(`\r\nMETHOD:${method}\r\n`), `${template}'s METHOD line`);
    console.log(`  ${template}: ${ics.filename} "${ics.contentType}", METHOD:${method}`);
  }
});

Deno.test("outbox messages: dedupe keys name the tour's start they were written for", () => {
  assert.equal(startInDedupeKey("email:abc:tour_reminder_1h:1796500800000"), 1796500800000);
  assert.equal(startInDedupeKey("email:abc:tour_confirmation"), null);
});

Deno.test("manage link: the same booking and secret give the same token; another secret or booking does not", async () => {
  const id = "0b7f3a52-6a0e-4a55-9d57-3c7b2f1e9a10";
  const a = await manageToken(id, "secret-one");
  assert.equal(await manageToken(id, "secret-one"), a);
  assert.equal(await manageToken(id.toUpperCase(), "secret-one"), a);
  assert.notEqual(await manageToken(id, "secret-two"), a);
  assert.notEqual(await manageToken("1b7f3a52-6a0e-4a55-9d57-3c7b2f1e9a10", "secret-one"), a);
  assert.match(a, /^llm_[A-Za-z0-9_-]{43}$/);
  assert.equal(manageUrl("https://x.example/tours/?a=1", a, "https://f.example"), `https://x.example/tours/?a=1&lumaleasing_manage=${a}`);
  assert.equal(manageUrl(null, a, "https://f.example"), `https://f.example/lumaleasing/tours/manage-page?token=${a}`);
});
