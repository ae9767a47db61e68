// The email sender against the real catcher (Resend's API) started in-process:
// what it sends arrives intact, and every failure is classified for the outbox.

import assert from "node:assert/strict";
import ICAL from "ical.js";
import { type Catcher, startCatcher } from "../../../../scripts/catcher/server.ts";
import { buildIcs } from "../core/ics.ts";
import { deliveryFailure, injectFault, withCatcher } from "./delivery-test-support.ts";
import { createEmailSender, emailSenderFromEnv } from "./email.ts";

const FROM = "Sunset Apartments <tours@sunset.example>";

async function caughtEmails(catcher: Catcher, query = "") {
  const res = await fetch(`${catcher.url}/api/messages?kind=email${query}`);
  return (await res.json()).messages as Record<string, unknown>[];
}

const message = {
  to: "maria@example.com",
  subject: "Tour confirmed",
  html: "<p>See you Saturday</p>",
  text: "See you Saturday",
};

Deno.test("email sender: an email with an .ics attachment arrives intact and the invite parses", async (t) => {
  await withCatcher(async (catcher) => {
    const description = "Bring a photo ID; parking: visitor spots, row B.\nAsk for Sam 🏠";
    const ics = buildIcs({
      uid: "tour-42@lumaleasing.test",
      sequence: 0,
      method: "REQUEST",
      start: new Date("2026-12-05T20:00:00Z"),
      end: new Date("2026-12-05T20:30:00Z"),
      timeZone: "America/Chicago",
      summary: "Apartment tour at Sunset Apartments",
      description,
      location: "123 Main St, Austin, TX 78701",
      organizer: { name: "Sunset Apartments", email: "tours@sunset.example" },
      attendee: { name: "Maria", email: "maria@example.com" },
      status: "CONFIRMED",
      now: new Date("2026-12-01T12:00:00Z"),
    });
    const sender = createEmailSender({ apiUrl: catcher.url, apiKey: "re_local", from: FROM });
    const invitation = {
      ...message,
      attachments: [{
        filename: "tour.ics",
        content: ics,
        contentType: "text/calendar; method=REQUEST; charset=UTF-8",
      }],
      idempotencyKey: "tour-confirmation/42",
    };
    const { id } = await sender.send(invitation);

    const [caught] = await caughtEmails(catcher, "&to=maria@example.com");
    await t.step("the catcher stored it under the id the sender returned, with from/subject/parts", () => {
      assert.equal(caught.id, id);
      assert.equal(caught.from, FROM);
      assert.deepEqual(caught.to, ["maria@example.com"]);
      assert.equal(caught.subject, message.subject);
      assert.equal(caught.html, message.html);
      assert.equal(caught.text, message.text);
      assert.equal(caught.idempotencyKey, "tour-confirmation/42");
    });
    await t.step("the attachment decodes to the exact .ics text (UTF-8, CRLF) and parses with ical.js", () => {
      const [attachment] = caught.attachments as { filename: string; contentType: string; text: string }[];
      assert.equal(attachment.filename, "tour.ics");
      assert.equal(attachment.contentType, "text/calendar; method=REQUEST; charset=UTF-8");
      assert.equal(attachment.text, ics);
      const event = new ICAL.Event(new ICAL.Component(ICAL.parse(attachment.text)).getFirstSubcomponent("vevent")!);
      assert.equal(event.uid, "tour-42@lumaleasing.test");
      assert.equal(event.description, description);
      assert.equal(event.startDate.toJSDate().toISOString(), "2026-12-05T20:00:00.000Z");
    });
    await t.step("sending again with the same idempotency key returns the same id and no second email", async () => {
      const again = await sender.send(invitation);
      assert.equal(again.id, id);
      assert.equal((await caughtEmails(catcher)).length, 1);
    });
    await t.step("binary attachments (bytes) are sent as base64 and decode to the same bytes", async () => {
      const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
      const sent = await sender.send({ ...message, attachments: [{ filename: "floorplan.bin", content: bytes }] });
      const res = await fetch(`${catcher.url}/messages/${sent.id}/attachments/0`);
      assert.deepEqual(new Uint8Array(await res.arrayBuffer()), bytes);
    });
  });
});

Deno.test("email sender: provider answers are classified retryable or not", async (t) => {
  await withCatcher(async (catcher) => {
    const sender = createEmailSender({ apiUrl: catcher.url, apiKey: "re_local", from: FROM });
    const cases: [number, boolean, string][] = [
      [503, true, "service_unavailable"],
      [500, true, "application_error"],
      [429, true, "rate_limit_exceeded"],
      [408, true, "http_408"],
      [422, false, "validation_error"],
      [400, false, "validation_error"],
      [403, false, "invalid_api_key"],
    ];
    for (const [status, retryable, reason] of cases) {
      await t.step(`${status} → retryable=${retryable}, reason ${reason}`, async () => {
        await injectFault(catcher, "email", { status });
        const error = await deliveryFailure(sender.send(message));
        assert.equal(error.status, status);
        assert.equal(error.retryable, retryable);
        assert.equal(error.reason, reason);
        assert.equal(error.channel, "email");
      });
    }
    await t.step("429 carries Retry-After as retryAfterMs", async () => {
      await injectFault(catcher, "email", { status: 429 });
      const error = await deliveryFailure(sender.send(message));
      assert.equal(error.retryAfterMs, 1000);
    });
    await t.step("a real 422 from the catcher (bad address) → not retryable, Resend's message kept", async () => {
      const error = await deliveryFailure(sender.send({ ...message, to: "not-an-address" }));
      assert.equal(error.status, 422);
      assert.equal(error.retryable, false);
      assert.ok(error.detail.includes("`to`"), error.detail);
    });
    await t.step("409 concurrent_idempotent_requests → retryable (the first request will finish)", async () => {
      await injectFault(catcher, "email", { status: 409, code: "concurrent_idempotent_requests" });
      const error = await deliveryFailure(sender.send({ ...message, idempotencyKey: "k-1" }));
      assert.equal(error.retryable, true);
    });
    await t.step("no API key → 401 missing_api_key, not retryable", async () => {
      const keyless = createEmailSender({ apiUrl: catcher.url, apiKey: "", from: FROM });
      const error = await deliveryFailure(keyless.send(message));
      assert.equal(error.status, 401);
      assert.equal(error.reason, "missing_api_key");
      assert.equal(error.retryable, false);
    });
    await t.step("after the faults are used up, sending works again", async () => {
      const { id } = await sender.send(message);
      assert.ok(id);
    });
  });
});

Deno.test("email sender: a hanging provider times out as retryable; a dead one is a retryable network error", async (t) => {
  await withCatcher(async (catcher) => {
    await t.step("hang 5 s with a 200 ms timeout → reason timeout, status null, retryable", async () => {
      await injectFault(catcher, "email", { hangMs: 5000, status: 503 });
      const sender = createEmailSender({ apiUrl: catcher.url, apiKey: "re_local", from: FROM, timeoutMs: 200 });
      const started = performance.now();
      const error = await deliveryFailure(sender.send(message));
      assert.equal(error.reason, "timeout");
      assert.equal(error.status, null);
      assert.equal(error.retryable, true);
      assert.ok(performance.now() - started < 2000, "gave up near the timeout");
    });
  });
  await t.step("connection refused (catcher closed) → reason network, retryable", async () => {
    const catcher = await startCatcher({ port: 0 });
    await catcher.close();
    const sender = createEmailSender({ apiUrl: catcher.url, apiKey: "re_local", from: FROM });
    const error = await deliveryFailure(sender.send(message));
    assert.equal(error.reason, "network");
    assert.equal(error.retryable, true);
  });
});

Deno.test("email sender: a 200 without an id is a retryable malformed_response", async (t) => {
  for (const answer of ["<html>proxy page</html>", "{}", "null"]) {
    await t.step(`answer ${answer}`, async () => {
      const fakeFetch: typeof fetch = () => Promise.resolve(new Response(answer, { status: 200 }));
      const sender = createEmailSender({ apiKey: "k", from: FROM, fetch: fakeFetch });
      const error = await deliveryFailure(sender.send(message));
      assert.equal(error.reason, "malformed_response");
      assert.equal(error.retryable, true);
    });
  }
});

Deno.test("email sender: configured from function secrets; the default base URL is Resend's", async (t) => {
  const seen: string[] = [];
  const recordingFetch: typeof fetch = (input, init) => {
    seen.push(`${String(input)} ${new Headers(init?.headers).get("authorization")}`);
    return Promise.resolve(Response.json({ id: "x" }));
  };
  const env = (vars: Record<string, string>) => ({ get: (name: string) => vars[name] });
  await t.step("RESEND_API_URL unset → https://api.resend.com/emails with the Bearer key", async () => {
    await emailSenderFromEnv(env({ RESEND_API_KEY: "re_123", EMAIL_FROM: FROM }), recordingFetch).send(message);
    assert.equal(seen.pop(), "https://api.resend.com/emails Bearer re_123");
  });
  await t.step("RESEND_API_URL set (trailing slash ok) → that base", async () => {
    await emailSenderFromEnv(
      env({ RESEND_API_URL: "http://127.0.0.1:54324/", RESEND_API_KEY: "re_123", EMAIL_FROM: FROM }),
      recordingFetch,
    ).send(message);
    assert.equal(seen.pop(), "http://127.0.0.1:54324/emails Bearer re_123");
  });
  await t.step("a missing secret is named in the error", () => {
    assert.throws(() => emailSenderFromEnv(env({ EMAIL_FROM: FROM }), recordingFetch), /RESEND_API_KEY/);
  });
});
