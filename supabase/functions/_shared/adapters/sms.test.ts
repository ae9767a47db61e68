// The SMS sender against the real catcher (Twilio's Messages API) started in-process:
// what it sends arrives intact, and every failure is classified for the outbox.

import assert from "node:assert/strict";
import type { Catcher } from "../../../../scripts/catcher/server.ts";
import { deliveryFailure, injectFault, withCatcher } from "./delivery-test-support.ts";
import { createSmsSender, smsSenderFromEnv } from "./sms.ts";

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
