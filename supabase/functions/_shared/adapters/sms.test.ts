// The SMS sender against the real catcher (Twilio's Messages API) started in-process:
// what it sends arrives intact, and every failure is classified for the outbox.

import assert from "node:assert/strict";
import { type Catcher, startCatcher } from "../../../../scripts/catcher/server.ts";
import { settableClock } from "./clock.ts";
import { deliveryFailure, injectFault, withCatcher } from "./delivery-test-support.ts";
import { createSmsSender, missingTwilioSecrets, smsSenderFromEnv } from "./sms.ts";

const ACCOUNT_SID = "AC" + "a".repeat(32);
const FROM = "+15125550199";

function senderFor(catcher: Catcher) {
  return createSmsSender({ apiUrl: catcher.url, accountSid: ACCOUNT_SID, authToken: "secret", from: FROM });
}

async function caughtSms(catcher: Catcher) {
  return (await (await fetch(`${catcher.url}/api/messages?kind=sms`)).json()).messages as Record<string, unknown>[];
}

Deno.test("sms sender: a text arrives at the catcher with the sid the sender returned", async (t) => {
  await withCatcher(async (catcher) => {
    const sender = senderFor(catcher);
    const body = "Sunset: your tour is confirmed for Sat Dec 5, 2:00 PM CST. Manage: https://t.example/m/abc & more";
    const { sid } = await sender.send({ to: "+15125550100", body });
    await t.step("sid looks like Twilio's (SM + 32 hex)", () => {
      assert.ok(/^SM[0-9a-f]{32}$/.test(sid), sid);
    });
    await t.step("stored with To, From, the exact body (form encoding round-trips & and +), 1 segment", async () => {
      const [sms] = await caughtSms(catcher);
      assert.equal(sms.id, sid);
      assert.equal(sms.to, "+15125550100");
      assert.equal(sms.from, FROM);
      assert.equal(sms.body, body);
      assert.equal(sms.accountSid, ACCOUNT_SID);
      assert.equal(sms.numSegments, 1);
    });
    await t.step("a Messaging Service SID as sender is sent as MessagingServiceSid", async () => {
      const service = "MG" + "b".repeat(32);
      const viaService = createSmsSender({
        apiUrl: catcher.url,
        accountSid: ACCOUNT_SID,
        authToken: "t",
        from: service,
      });
      const { sid: second } = await viaService.send({ to: "+15125550101", body: "hi" });
      const stored = (await caughtSms(catcher)).find((m) => m.id === second)!;
      assert.equal(stored.messagingServiceSid, service);
      assert.equal(stored.from, null);
    });
  });
});

Deno.test("sms sender: failures are classified retryable or not", async (t) => {
  await withCatcher(async (catcher) => {
    const sender = senderFor(catcher);
    await t.step(
      "Twilio 400 code 21211 (To not E.164) from the catcher → not retryable, reason twilio_21211",
      async () => {
        const error = await deliveryFailure(sender.send({ to: "555-0100", body: "hi" }));
        assert.equal(error.status, 400);
        assert.equal(error.retryable, false);
        assert.equal(error.reason, "twilio_21211");
        assert.ok(error.detail.includes("555-0100"), error.detail);
        assert.equal(error.channel, "sms");
      },
    );
    await t.step("bad credentials → 401 twilio_20003, not retryable", async () => {
      const wrong = createSmsSender({ apiUrl: catcher.url, accountSid: ACCOUNT_SID, authToken: "", from: FROM });
      const error = await deliveryFailure(wrong.send({ to: "+15125550100", body: "hi" }));
      assert.equal(error.status, 401);
      assert.equal(error.reason, "twilio_20003");
      assert.equal(error.retryable, false);
    });
    const cases: [number, boolean][] = [[503, true], [500, true], [429, true], [408, true], [400, false], [404, false]];
    for (const [status, retryable] of cases) {
      await t.step(`injected ${status} → retryable=${retryable}`, async () => {
        await injectFault(catcher, "sms", { status });
        const error = await deliveryFailure(sender.send({ to: "+15125550100", body: "hi" }));
        assert.equal(error.status, status);
        assert.equal(error.retryable, retryable);
      });
    }
    await t.step("hang 5 s with a 200 ms timeout → timeout, retryable", async () => {
      await injectFault(catcher, "sms", { hangMs: 5000 });
      const impatient = createSmsSender({
        apiUrl: catcher.url,
        accountSid: ACCOUNT_SID,
        authToken: "secret",
        from: FROM,
        timeoutMs: 200,
      });
      const error = await deliveryFailure(impatient.send({ to: "+15125550100", body: "hi" }));
      assert.equal(error.reason, "timeout");
      assert.equal(error.status, null);
      assert.equal(error.retryable, true);
    });
  });
});

Deno.test("sms sender: a 201 whose JSON has no sid is a retryable malformed_response", async () => {
  const noSid: typeof fetch = () => Promise.resolve(Response.json({ status: "queued" }, { status: 201 }));
  const sender = createSmsSender({ accountSid: ACCOUNT_SID, authToken: "t", from: FROM, fetch: noSid });
  const error = await deliveryFailure(sender.send({ to: "+15125550100", body: "hi" }));
  assert.deepEqual([error.status, error.reason, error.retryable], [201, "malformed_response", true]);
});

Deno.test("sms sender: configured from function secrets; the default base URL is Twilio's", async (t) => {
  const seen: { url: string; auth: string | null; body: string }[] = [];
  const recordingFetch: typeof fetch = (input, init) => {
    seen.push({ url: String(input), auth: new Headers(init?.headers).get("authorization"), body: String(init?.body) });
    return Promise.resolve(Response.json({ sid: "SM1" }, { status: 201 }));
  };
  const env = (vars: Record<string, string>) => ({ get: (name: string) => vars[name] });
  const secrets = { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: "tok", TWILIO_FROM: FROM };
  await t.step("TWILIO_API_URL unset → api.twilio.com Messages.json, Basic sid:token, form body", async () => {
    await smsSenderFromEnv(env(secrets), recordingFetch).send({ to: "+15125550100", body: "a b" });
    const call = seen.pop()!;
    assert.equal(call.url, `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    assert.equal(call.auth, `Basic ${btoa(`${ACCOUNT_SID}:tok`)}`);
    assert.deepEqual(Object.fromEntries(new URLSearchParams(call.body)), {
      To: "+15125550100",
      From: FROM,
      Body: "a b",
    });
  });
  await t.step("a missing secret is named in the error", () => {
    assert.throws(
      () => smsSenderFromEnv(env({ TWILIO_ACCOUNT_SID: ACCOUNT_SID }), recordingFetch),
      /TWILIO_AUTH_TOKEN/,
    );
  });
});

Deno.test("sms sender: failures say whether the message may have gone out all the same", async (t) => {
  await withCatcher(async (catcher) => {
    const impatient = createSmsSender({ apiUrl: catcher.url, accountSid: ACCOUNT_SID, authToken: "s", from: FROM, timeoutMs: 300 });
    const cases: [string, Record<string, unknown> | null, boolean][] = [
      ["a 400 refusal", { status: 400 }, false],
      ["a 429", { status: 429 }, false],
      ["a 500", { status: 500 }, true],
      ["a 500 after the provider stored it", { status: 500, afterAccept: true }, true],
      ["the connection cut after the provider stored it", { drop: true, afterAccept: true }, true],
      ["no answer within the timeout", { hangMs: 5000, afterAccept: true }, true],
    ];
    for (const [label, fault, unknown] of cases) {
      await t.step(`${label} → outcomeUnknown=${unknown}`, async () => {
        await injectFault(catcher, "sms", fault!);
        const error = await deliveryFailure(impatient.send({ to: "+15125550100", body: label }));
        console.log(`  ${label}: ${error.reason}, retryable=${error.retryable}, outcomeUnknown=${error.outcomeUnknown}`);
        assert.equal(error.outcomeUnknown, unknown);
      });
    }
  });
  await t.step("connection refused (nothing listens) → network, retryable, outcomeUnknown=false", async () => {
    const closed = await startCatcher({ port: 0 });
    await closed.close();
    const sender = createSmsSender({ apiUrl: closed.url, accountSid: ACCOUNT_SID, authToken: "s", from: FROM });
    const error = await deliveryFailure(sender.send({ to: "+15125550100", body: "hi" }));
    console.log(`  refused: ${error.detail}`);
    assert.deepEqual([error.reason, error.retryable, error.outcomeUnknown], ["network", true, false]);
  });
});

Deno.test("sms sender: sentSince reads back what the provider holds — ours to that number since a time, page by page", async (t) => {
  const clock = settableClock(new Date("2026-12-01T15:00:00Z"), true);
  await withCatcher(async (catcher) => {
    const gets: string[] = [];
    const countingFetch: typeof fetch = (input, init) => {
      if ((init?.method ?? "GET") === "GET") gets.push(String(input));
      return fetch(input, init);
    };
    const sender = createSmsSender({ apiUrl: catcher.url, accountSid: ACCOUNT_SID, authToken: "s", from: FROM, fetch: countingFetch, lookupPageSize: 2 });
    const viaService = createSmsSender({ apiUrl: catcher.url, accountSid: ACCOUNT_SID, authToken: "s", from: "MG" + "c".repeat(32) });
    const sids: string[] = [];
    for (const minute of [0, 1, 2, 3]) {
      clock.set(new Date(Date.parse("2026-12-01T15:00:00Z") + minute * 60_000), true);
      sids.push((await sender.send({ to: "+15125550100", body: `minute ${minute}` })).sid);
    }
    await sender.send({ to: "+15125550101", body: "another number" });
    const serviceSid = (await viaService.send({ to: "+15125550100", body: "through the service" })).sid;

    await t.step("since 15:01: minutes 3, 2, 1 — not another number, not another sender", async () => {
      gets.length = 0;
      const found = await sender.sentSince("+15125550100", new Date("2026-12-01T15:01:00Z"));
      console.log(`  found ${found.map((m) => m.body).join(", ")} in ${gets.length} pages`);
      assert.deepEqual(found.map((m) => m.sid), [sids[3], sids[2], sids[1]]);
      assert.deepEqual(found[0].createdAt, new Date("2026-12-01T15:03:00Z"));
      assert.equal(found[0].status, "sent");
      assert.equal(gets.length, 2, "four messages at two a page (the fifth is another sender's)");
      const first = new URL(gets[0]);
      assert.equal(first.pathname, `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
      assert.deepEqual(Object.fromEntries(first.searchParams), { To: "+15125550100", From: FROM, PageSize: "2" });
      assert.match(gets[1], /PageToken=PA/);
    });
    await t.step("a Messaging Service sender asks without From and keeps only its own messages", async () => {
      const found = await viaService.sentSince("+15125550100", new Date("2026-12-01T14:00:00Z"));
      assert.deepEqual(found.map((m) => m.sid), [serviceSid]);
    });
    await t.step("bad credentials → DeliveryError 401 twilio_20003, not retryable", async () => {
      const wrong = createSmsSender({ apiUrl: catcher.url, accountSid: ACCOUNT_SID, authToken: "", from: FROM });
      const error = await deliveryFailure(wrong.sentSince("+15125550100", new Date(0)));
      assert.deepEqual([error.status, error.reason, error.retryable], [401, "twilio_20003", false]);
    });
  }, { clock });
});

Deno.test("sms sender: the look-up follows next_page_uri only on the API's own host, and stops after five pages", async (t) => {
  const calls: string[] = [];
  const page = (next: string | null) =>
    Response.json({
      messages: [{ sid: `SM${calls.length}`, body: "x", from: FROM, to: "+15125550100", direction: "outbound-api", date_created: "Tue, 01 Dec 2026 15:00:00 +0000", status: "sent" }],
      next_page_uri: next,
    });
  await t.step("an absolute next_page_uri on another host is not followed (the credentials stay home)", async () => {
    calls.length = 0;
    const stub: typeof fetch = (input) => {
      calls.push(String(input));
      return Promise.resolve(page("https://elsewhere.example/2010-04-01/Accounts/x/Messages.json?Page=1"));
    };
    const sender = createSmsSender({ apiUrl: "https://api.example", accountSid: ACCOUNT_SID, authToken: "t", from: FROM, fetch: stub });
    const found = await sender.sentSince("+15125550100", new Date(0));
    assert.deepEqual([calls.length, found.length], [1, 1]);
  });
  await t.step("a provider that always has another page is read five pages deep", async () => {
    calls.length = 0;
    const stub: typeof fetch = (input) => {
      calls.push(String(input));
      return Promise.resolve(page(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json?Page=${calls.length}`));
    };
    const sender = createSmsSender({ apiUrl: "https://api.example/", accountSid: ACCOUNT_SID, authToken: "t", from: FROM, fetch: stub });
    const found = await sender.sentSince("+15125550100", new Date(0));
    console.log(`  ${calls.length} pages read, the last ${calls.at(-1)}`);
    assert.equal(calls.length, 5);
    assert.equal(found.length, 5);
    assert.ok(calls[1].startsWith("https://api.example/2010-04-01/"), calls[1]);
  });
  await t.step("an answer without a messages array → retryable malformed_response", async () => {
    const stub: typeof fetch = () => Promise.resolve(Response.json({ code: 1 }));
    const sender = createSmsSender({ accountSid: ACCOUNT_SID, authToken: "t", from: FROM, fetch: stub });
    const error = await deliveryFailure(sender.sentSince("+15125550100", new Date(0)));
    assert.deepEqual([error.reason, error.retryable], ["malformed_response", true]);
  });
});

Deno.test("sms sender: missingTwilioSecrets names what an email-only deployment lacks", () => {
  const env = (vars: Record<string, string>) => ({ get: (name: string) => vars[name] });
  assert.deepEqual(missingTwilioSecrets(env({})), ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM"]);
  assert.deepEqual(missingTwilioSecrets(env({ TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: " ", TWILIO_FROM: FROM })), ["TWILIO_AUTH_TOKEN"]);
  assert.deepEqual(missingTwilioSecrets(env({ TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: "t", TWILIO_FROM: FROM })), []);
});
