// The catcher as its callers see it: Resend- and Twilio-shaped HTTP, the test API,
// fault injection and the pages. Each test starts its own catcher on a free port.

import assert from "node:assert/strict";
import { settableClock } from "../../supabase/functions/_shared/adapters/clock.ts";
import { type Catcher, startCatcher } from "./server.ts";

const ACCOUNT_SID = "AC" + "0".repeat(32);

async function withCatcher(
  fn: (catcher: Catcher) => Promise<void>,
  options: Parameters<typeof startCatcher>[0] = {},
) {
  const catcher = await startCatcher({ port: 0, ...options });
  try {
    await fn(catcher);
  } finally {
    await catcher.close();
  }
}

function postEmail(catcher: Catcher, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${catcher.url}/emails`, {
    method: "POST",
    headers: { authorization: "Bearer re_local", "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

function postSms(catcher: Catcher, form: Record<string, string>, auth = `${ACCOUNT_SID}:token`) {
  return fetch(`${catcher.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, {
    method: "POST",
    headers: { authorization: `Basic ${btoa(auth)}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
}

async function listMessages(catcher: Catcher, query = "") {
  const res = await fetch(`${catcher.url}/api/messages${query}`);
  assert.equal(res.status, 200);
  return (await res.json()).messages as Record<string, unknown>[];
}

const validEmail = {
  from: "Sunset Apartments <tours@sunset.example>",
  to: "maria@example.com",
  subject: "Tour confirmed",
  html: "<p>Hi <b>Maria</b></p>",
  text: "Hi Maria",
};

Deno.test("catcher: Resend POST /emails accepts a valid email and stores every field", async (t) => {
  await withCatcher(async (catcher) => {
    const ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
    const res = await postEmail(catcher, {
      ...validEmail,
      to: ["Maria <Maria@Example.com>", "sam@example.com"],
      reply_to: "leasing@sunset.example",
      headers: { "X-Entity-Ref-ID": "tour-1" },
      tags: [{ name: "category", value: "tour_confirmation" }],
      attachments: [{ filename: "tour.ics", content: btoa(ics), content_type: "text/calendar; method=REQUEST" }],
    });
    await t.step("answers 200 with a UUID id, like Resend", async () => {
      assert.equal(res.status, 200);
      const { id } = await res.json();
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    });
    await t.step("stores recipients, parts, headers, tags and the decoded attachment", async () => {
      const [email] = await listMessages(catcher);
      assert.equal(email.kind, "email");
      assert.deepEqual(email.to, ["Maria <Maria@Example.com>", "sam@example.com"]);
      assert.deepEqual(email.replyTo, ["leasing@sunset.example"]);
      assert.equal(email.html, validEmail.html);
      assert.equal(email.text, validEmail.text);
      assert.deepEqual(email.headers, { "X-Entity-Ref-ID": "tour-1" });
      assert.deepEqual(email.tags, [{ name: "category", value: "tour_confirmation" }]);
      const [attachment] = email.attachments as Record<string, unknown>[];
      assert.equal(attachment.filename, "tour.ics");
      assert.equal(attachment.contentType, "text/calendar; method=REQUEST");
      assert.equal(attachment.text, ics);
      assert.equal(attachment.size, ics.length);
    });
    await t.step("?to= matches the bare address case-insensitively, also inside 'Name <addr>'", async () => {
      assert.equal((await listMessages(catcher, "?to=maria@example.com")).length, 1);
      assert.equal((await listMessages(catcher, "?to=SAM@example.com")).length, 1);
      assert.equal((await listMessages(catcher, "?to=nobody@example.com")).length, 0);
    });
  });
});

Deno.test("catcher: Resend auth and validation errors use Resend's { statusCode, name, message }", async (t) => {
  await withCatcher(async (catcher) => {
    await t.step("no Authorization header → 401 missing_api_key", async () => {
      const res = await fetch(`${catcher.url}/emails`, { method: "POST", body: JSON.stringify(validEmail) });
      assert.equal(res.status, 401);
      const body = await res.json();
      assert.equal(body.statusCode, 401);
      assert.equal(body.name, "missing_api_key");
    });
    await t.step("'Bearer ' with an empty key → 401", async () => {
      const res = await postEmail(catcher, validEmail, { authorization: "Bearer " });
      assert.equal(res.status, 401);
      await res.body?.cancel();
    });
    const cases: [string, unknown, string, RegExp][] = [
      ["invalid to address", { ...validEmail, to: "not-an-address" }, "validation_error", /`to`/],
      ["invalid from address", { ...validEmail, from: "nobody" }, "validation_error", /`from`/],
      ["missing to", { ...validEmail, to: undefined }, "missing_required_field", /`to`/],
      ["missing subject", { ...validEmail, subject: undefined }, "missing_required_field", /`subject`/],
      ["neither html nor text", { ...validEmail, html: undefined, text: undefined }, "missing_required_field", /html/],
      ["more than 50 recipients", { ...validEmail, to: Array(51).fill("a@example.com") }, "validation_error", /50/],
      [
        "attachment content not base64",
        { ...validEmail, attachments: [{ filename: "a.ics", content: "%%%" }] },
        "validation_error",
        /base64/,
      ],
      ["body not JSON", "{oops", "validation_error", /JSON/],
    ];
    for (const [label, payload, name, message] of cases) {
      await t.step(`${label} → 422 ${name}`, async () => {
        const res = await postEmail(catcher, payload);
        assert.equal(res.status, 422);
        const body = await res.json();
        assert.equal(body.statusCode, 422);
        assert.equal(body.name, name);
        assert.match(body.message, message);
      });
    }
    await t.step("nothing was stored by the rejected requests", async () => {
      assert.equal((await listMessages(catcher)).length, 0);
    });
  });
});

Deno.test("catcher: Idempotency-Key gives the same id and no second message within 24 h", async (t) => {
  const clock = settableClock(new Date("2026-12-01T12:00:00Z"), true);
  await withCatcher(async (catcher) => {
    const key = { "idempotency-key": "tour-confirmation/42" };
    const first = await (await postEmail(catcher, validEmail, key)).json();
    await t.step("a repeat 23 h later answers the same id and stores nothing new", async () => {
      clock.advance(23 * 3600_000);
      const again = await postEmail(catcher, validEmail, key);
      assert.equal(again.status, 200);
      assert.equal((await again.json()).id, first.id);
      assert.equal((await listMessages(catcher)).length, 1);
    });
    await t.step("the same key with another payload → 409 invalid_idempotent_request", async () => {
      const res = await postEmail(catcher, { ...validEmail, subject: "Other" }, key);
      assert.equal(res.status, 409);
      assert.equal((await res.json()).name, "invalid_idempotent_request");
    });
    await t.step("after 24 h the key is fresh again: a new id and a second message", async () => {
      clock.advance(3600_000);
      const later = await (await postEmail(catcher, validEmail, key)).json();
      assert.notEqual(later.id, first.id);
      assert.equal((await listMessages(catcher)).length, 2);
    });
    await t.step("a key longer than 256 characters → 400 invalid_idempotency_key", async () => {
      const res = await postEmail(catcher, validEmail, { "idempotency-key": "k".repeat(257) });
      assert.equal(res.status, 400);
      assert.equal((await res.json()).name, "invalid_idempotency_key");
    });
  }, { clock });
});

Deno.test("catcher: Twilio Messages.json answers 201 with Twilio's message JSON", async (t) => {
  await withCatcher(async (catcher) => {
    const body = "Sunset: your tour is confirmed. Manage: https://x.example/m/1";
    const res = await postSms(catcher, { To: "+15125550100", From: "+15125550199", Body: body });
    await t.step("201 with sid SM…, status queued, to/from/body, num_segments as a string", async () => {
      assert.equal(res.status, 201);
      const json = await res.json();
      assert.match(json.sid, /^SM[0-9a-f]{32}$/);
      assert.equal(json.status, "queued");
      assert.equal(json.to, "+15125550100");
      assert.equal(json.from, "+15125550199");
      assert.equal(json.body, body);
      assert.equal(json.num_segments, "1");
      assert.equal(json.account_sid, ACCOUNT_SID);
      assert.equal(json.direction, "outbound-api");
      assert.match(json.date_created, /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
      assert.equal(json.uri, `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${json.sid}.json`);
    });
    await t.step("the SMS is stored and found by ?kind=sms&to=", async () => {
      const [sms] = await listMessages(catcher, "?kind=sms&to=%2B15125550100");
      assert.equal(sms.body, body);
      assert.equal(sms.encoding, "GSM-7");
      assert.equal((await listMessages(catcher, "?kind=email")).length, 0);
      assert.equal((await listMessages(catcher, "?to=+15125550100")).length, 1, "an unencoded + still matches");
      assert.equal((await listMessages(catcher, "?to=%2B15125550101")).length, 0);
    });
    await t.step("a long non-GSM body counts UCS-2 segments (67 units each)", async () => {
      const res2 = await postSms(catcher, { To: "+15125550100", From: "+15125550199", Body: "ü€😀".repeat(30) });
      const json = await res2.json();
      assert.equal(json.num_segments, String(Math.ceil(("ü€😀".repeat(30)).length / 67)));
    });
    await t.step("a Messaging Service SID instead of From → status accepted, from null", async () => {
      const res3 = await postSms(catcher, {
        To: "+15125550100",
        MessagingServiceSid: "MG" + "1".repeat(32),
        Body: "hi",
      });
      const json = await res3.json();
      assert.equal(res3.status, 201);
      assert.equal(json.status, "accepted");
      assert.equal(json.from, null);
    });
  });
});

Deno.test("catcher: Twilio errors use Twilio's { code, message, more_info, status }", async (t) => {
  await withCatcher(async (catcher) => {
    const cases: [string, Record<string, string>, number, number][] = [
      ["To not E.164", { To: "512-555-0100", From: "+15125550199", Body: "x" }, 400, 21211],
      ["To missing", { From: "+15125550199", Body: "x" }, 400, 21604],
      ["From and MessagingServiceSid missing", { To: "+15125550100", Body: "x" }, 400, 21603],
      ["Body missing", { To: "+15125550100", From: "+15125550199" }, 400, 21602],
      ["Body over 1600 characters", { To: "+15125550100", From: "+15125550199", Body: "x".repeat(1601) }, 400, 21617],
    ];
    for (const [label, form, status, code] of cases) {
      await t.step(`${label} → ${status} code ${code}`, async () => {
        const res = await postSms(catcher, form);
        assert.equal(res.status, status);
        const body = await res.json();
        assert.equal(body.code, code);
        assert.equal(body.status, status);
        assert.equal(body.more_info, `https://www.twilio.com/docs/errors/${code}`);
        assert.equal(typeof body.message, "string");
      });
    }
    await t.step("Basic auth for another account, or an empty token → 401 code 20003", async () => {
      for (const auth of [`AC${"9".repeat(32)}:token`, `${ACCOUNT_SID}:`]) {
        const res = await postSms(catcher, { To: "+15125550100", From: "+15125550199", Body: "x" }, auth);
        assert.equal(res.status, 401);
        assert.equal((await res.json()).code, 20003);
      }
    });
    await t.step("nothing was stored by the rejected requests", async () => {
      assert.equal((await listMessages(catcher)).length, 0);
    });
  });
});

Deno.test("catcher: /api/messages lists newest first, filters by since, and DELETE resets", async (t) => {
  const clock = settableClock(new Date("2026-12-01T12:00:00Z"), true);
  await withCatcher(async (catcher) => {
    await (await postEmail(catcher, { ...validEmail, subject: "first" })).body?.cancel();
    clock.advance(60_000);
    await (await postSms(catcher, { To: "+15125550100", From: "+15125550199", Body: "second" })).body?.cancel();
    clock.advance(60_000);
    await (await postEmail(catcher, { ...validEmail, subject: "third" })).body?.cancel();

    await t.step("newest first, with receivedAt from the catcher's clock", async () => {
      const all = await listMessages(catcher);
      assert.deepEqual(all.map((m) => m.subject ?? m.body), ["third", "second", "first"]);
      assert.equal(all[0].receivedAt, "2026-12-01T12:02:00.000Z");
    });
    await t.step("?since= keeps messages received at or after that instant", async () => {
      const recent = await listMessages(catcher, "?since=2026-12-01T12:01:00Z");
      assert.deepEqual(recent.map((m) => m.subject ?? m.body), ["third", "second"]);
    });
    await t.step("bad ?kind= or ?since= → 400 with a machine-readable error", async () => {
      const res = await fetch(`${catcher.url}/api/messages?since=yesterday`);
      assert.equal(res.status, 400);
      assert.equal((await res.json()).error, "invalid_since");
      const res2 = await fetch(`${catcher.url}/api/messages?kind=fax`);
      assert.equal((await res2.json()).error, "invalid_kind");
    });
    await t.step("GET /api/messages/:id returns one message; unknown id → 404", async () => {
      const [newest] = await listMessages(catcher);
      const one = await (await fetch(`${catcher.url}/api/messages/${newest.id}`)).json();
      assert.equal(one.subject, "third");
      const missing = await fetch(`${catcher.url}/api/messages/nope`);
      assert.equal(missing.status, 404);
      await missing.body?.cancel();
    });
    await t.step("DELETE /api/messages empties the store", async () => {
      const res = await fetch(`${catcher.url}/api/messages`, { method: "DELETE" });
      assert.equal((await res.json()).deleted, 3);
      assert.equal((await listMessages(catcher)).length, 0);
    });
  }, { clock });
});

Deno.test("catcher: faults make the next N calls of one kind fail, then calls succeed again", async (t) => {
  await withCatcher(async (catcher) => {
    const fault = (body: unknown) =>
      fetch(`${catcher.url}/__control/faults`, { method: "POST", body: JSON.stringify(body) });

    await t.step("an invalid fault request → 400 invalid_fault", async () => {
      const res = await fault({ kind: "fax", status: 503 });
      assert.equal(res.status, 400);
      assert.equal((await res.json()).error, "invalid_fault");
    });
    await t.step("email 503 × 2: two failures in Resend's shape, then success; SMS unaffected", async () => {
      assert.equal((await fault({ kind: "email", status: 503, count: 2 })).status, 201);
      const sms = await postSms(catcher, { To: "+15125550100", From: "+15125550199", Body: "x" });
      assert.equal(sms.status, 201);
      await sms.body?.cancel();
      for (let i = 0; i < 2; i++) {
        const res = await postEmail(catcher, validEmail);
        assert.equal(res.status, 503);
        assert.equal((await res.json()).statusCode, 503);
      }
      const ok = await postEmail(catcher, validEmail);
      assert.equal(ok.status, 200);
      await ok.body?.cancel();
    });
    await t.step("sms 429 → Twilio code 20429 with Retry-After", async () => {
      await (await fault({ kind: "sms", status: 429 })).body?.cancel();
      const res = await postSms(catcher, { To: "+15125550100", From: "+15125550199", Body: "x" });
      assert.equal(res.status, 429);
      assert.equal(res.headers.get("retry-after"), "1");
      assert.equal((await res.json()).code, 20429);
    });
    await t.step("hangMs without status delays the answer, then the message is accepted", async () => {
      await (await fault({ kind: "email", hangMs: 300 })).body?.cancel();
      const started = performance.now();
      const res = await postEmail(catcher, validEmail);
      assert.equal(res.status, 200);
      await res.body?.cancel();
      assert.ok(performance.now() - started >= 280, "answer came after the hang");
    });
    await t.step("GET lists pending faults; DELETE clears them", async () => {
      await (await fault({ kind: "sms", status: 500, count: 3 })).body?.cancel();
      assert.equal((await (await fetch(`${catcher.url}/__control/faults`)).json()).pending.length, 3);
      await (await fetch(`${catcher.url}/__control/faults`, { method: "DELETE" })).body?.cancel();
      assert.equal((await (await fetch(`${catcher.url}/__control/faults`)).json()).pending.length, 0);
    });
  });
});

Deno.test("catcher: close() ends a request that is hanging on an injected fault", async () => {
  const catcher = await startCatcher({ port: 0 });
  await (await fetch(`${catcher.url}/__control/faults`, {
    method: "POST",
    body: JSON.stringify({ kind: "email", hangMs: 60_000 }),
  })).body?.cancel();
  const pending = postEmail(catcher, validEmail).then(async (res) => {
    await res.body?.cancel();
    return res.status;
  }).catch(() => "connection closed");
  await new Promise((resolve) => setTimeout(resolve, 100));
  const started = performance.now();
  await catcher.close();
  console.log(`  hung request ended with: ${await pending}`);
  assert.ok(performance.now() - started < 5000, "close() did not wait for the 60 s hang");
});

Deno.test("catcher: pages list messages newest first and show one message safely", async (t) => {
  await withCatcher(async (catcher) => {
    const hostile = "<script>alert(1)</script>";
    await (await postSms(catcher, { To: "+15125550100", From: "+15125550199", Body: "older sms" })).body?.cancel();
    const { id } = await (await postEmail(catcher, {
      ...validEmail,
      subject: `Newest ${hostile}`,
      html: `<p style="color:red">Hello "quoted" &amp; <a href="https://x.example/m?a=1&amp;b=2">manage</a></p>`,
      attachments: [{ filename: "tour.ics", content: btoa("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n") }],
    })).json();

    await t.step("GET / lists both, newest first, with escaped subjects and a CSP", async () => {
      const res = await fetch(`${catcher.url}/`);
      const page = await res.text();
      assert.ok(res.headers.get("content-security-policy")?.includes("script-src 'nonce-"));
      assert.ok(!page.includes(hostile), "the subject is escaped");
      assert.ok(page.includes("Newest &lt;script&gt;"));
      assert.ok(page.indexOf("Newest") < page.indexOf("older sms"), "newest first");
      assert.ok(page.includes('<html lang="en">'));
      assert.ok(page.includes('name="viewport"'));
      assert.ok(page.includes('role="status"'), "a live region announces new messages");
      assert.ok(page.includes('id="auto"'), "auto-refresh can be switched off");
    });
    await t.step("GET /?kind=sms lists only SMS", async () => {
      const page = await (await fetch(`${catcher.url}/?kind=sms`)).text();
      assert.ok(page.includes("older sms") && !page.includes("Newest"));
    });
    await t.step(
      "GET /messages/:id: sandboxed iframe with the HTML in srcdoc, text part, attachment link",
      async () => {
        const page = await (await fetch(`${catcher.url}/messages/${id}`)).text();
        const iframe = /<iframe[^>]*>/.exec(page)?.[0] ?? "";
        assert.match(iframe, /sandbox="allow-popups allow-popups-to-escape-sandbox"/);
        assert.match(iframe, /title="[^"]+"/);
        assert.ok(!/allow-scripts|allow-same-origin/.test(iframe));
        assert.ok(iframe.includes('srcdoc="&lt;p style=&quot;color:red&quot;&gt;Hello &quot;quoted&quot; &amp;amp;'));
        assert.ok(page.includes("<pre>Hi Maria</pre>"));
        assert.ok(page.includes(`href="/messages/${id}/attachments/0"`));
        assert.ok(page.includes("https://x.example/m?a=1&amp;b=2"), "links in the HTML are listed");
      },
    );
    await t.step("GET /messages/:id/attachments/0 downloads the decoded bytes with a filename", async () => {
      const res = await fetch(`${catcher.url}/messages/${id}/attachments/0`);
      assert.equal(res.headers.get("content-type"), "text/calendar");
      assert.match(res.headers.get("content-disposition") ?? "", /attachment; filename="tour.ics"/);
      assert.equal(await res.text(), "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
    });
    await t.step("unknown message or attachment → 404 page", async () => {
      for (const path of ["/messages/nope", `/messages/${id}/attachments/5`]) {
        const res = await fetch(`${catcher.url}${path}`);
        assert.equal(res.status, 404);
        await res.body?.cancel();
      }
    });
  });
});
