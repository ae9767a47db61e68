// The catcher's Twilio Messages list (what a sender reads back to learn whether a text
// went out) and the faults that accept a message and then lose the answer. Each test
// starts its own catcher on a free port.

import assert from "node:assert/strict";
import { settableClock } from "../../supabase/functions/_shared/adapters/clock.ts";
import { type Catcher, startCatcher } from "./server.ts";

const ACCOUNT_SID = "AC" + "0".repeat(32);
const OTHER_ACCOUNT = "AC" + "9".repeat(32);
const FROM = "+15125550199";
const path = (sid = ACCOUNT_SID) => `/2010-04-01/Accounts/${sid}/Messages.json`;

async function withCatcher(fn: (catcher: Catcher) => Promise<void>, options: Parameters<typeof startCatcher>[0] = {}) {
  const catcher = await startCatcher({ port: 0, ...options });
  try {
    await fn(catcher);
  } finally {
    await catcher.close();
  }
}

function basic(auth: string) {
  return `Basic ${btoa(auth)}`;
}

async function send(catcher: Catcher, form: Record<string, string>, sid = ACCOUNT_SID) {
  const res = await fetch(`${catcher.url}${path(sid)}`, {
    method: "POST",
    headers: { authorization: basic(`${sid}:token`), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()).sid as string;
}

/** GET the list; `query` is appended as written (so "DateSent>=…" stays literal). */
async function list(catcher: Catcher, query: string, auth = `${ACCOUNT_SID}:token`, sid = ACCOUNT_SID) {
  const res = await fetch(`${catcher.url}${path(sid)}${query}`, { headers: { authorization: basic(auth) } });
  return { status: res.status, body: await res.json() };
}

async function fault(catcher: Catcher, body: Record<string, unknown>) {
  const res = await fetch(`${catcher.url}/__control/faults`, { method: "POST", body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function caught(catcher: Catcher) {
  return (await (await fetch(`${catcher.url}/api/messages?kind=sms`)).json()).messages as Record<string, unknown>[];
}

Deno.test("catcher: Twilio list — Basic auth like the send call, Twilio's error body", async (t) => {
  await withCatcher(async (catcher) => {
    await send(catcher, { To: "+15125550100", From: FROM, Body: "one" });
    for (const [label, auth] of [["another account's SID", `${OTHER_ACCOUNT}:token`], ["an empty token", `${ACCOUNT_SID}:`]]) {
      await t.step(`${label} → 401 code 20003`, async () => {
        const { status, body } = await list(catcher, "", auth);
        assert.equal(status, 401);
        assert.deepEqual(body, { code: 20003, message: "Authenticate", more_info: "https://www.twilio.com/docs/errors/20003", status: 401 });
      });
    }
    await t.step("no Authorization header → 401", async () => {
      const res = await fetch(`${catcher.url}${path()}`);
      assert.equal(res.status, 401);
      assert.equal((await res.json()).code, 20003);
    });
    await t.step("an API key (SK…) with a secret is accepted; another account's list is empty", async () => {
      const { status, body } = await list(catcher, "", `SK${"1".repeat(32)}:secret`);
      assert.equal(status, 200);
      assert.equal(body.messages.length, 1);
      const other = await list(catcher, "", `${OTHER_ACCOUNT}:token`, OTHER_ACCOUNT);
      assert.deepEqual([other.status, other.body.messages.length], [200, 0]);
      console.log("  401 code 20003 without valid credentials; the list holds only the path's account");
    });
    await t.step("PUT on the path → 405 allowing GET, POST", async () => {
      const res = await fetch(`${catcher.url}${path()}`, { method: "PUT" });
      assert.equal(res.status, 405);
      assert.equal(res.headers.get("allow"), "GET, POST");
      await res.body?.cancel();
    });
  });
});

Deno.test("catcher: Twilio list — To, From and DateSent filters, newest first, Twilio's message shape", async (t) => {
  const clock = settableClock(new Date("2026-12-01T23:59:00Z"), true);
  await withCatcher(async (catcher) => {
    const a = await send(catcher, { To: "+15125550100", From: FROM, Body: "Dec 1 to 0100" });
    clock.set(new Date("2026-12-02T00:00:30Z"), true);
    const b = await send(catcher, { To: "+15125550100", From: "+15125550198", Body: "Dec 2 from the other number" });
    clock.set(new Date("2026-12-02T10:00:00Z"), true);
    const c = await send(catcher, { To: "+15125550101", From: FROM, Body: "Dec 2 to 0101" });
    const d = await send(catcher, { To: "+15125550100", From: FROM, Body: "Dec 2 to 0100" });
    await send(catcher, { To: "+15125550100", From: FROM, Body: "other account" }, OTHER_ACCOUNT);

    const sids = async (query: string) => {
      const { status, body } = await list(catcher, query);
      assert.equal(status, 200, JSON.stringify(body));
      return (body.messages as { sid: string }[]).map((m) => m.sid);
    };
    await t.step("no filter: this account's four, newest sent first", async () => {
      assert.deepEqual(await sids(""), [d, c, b, a]);
    });
    await t.step("To (encoded, or with the + turned into a space) and From", async () => {
      assert.deepEqual(await sids("?To=%2B15125550100"), [d, b, a]);
      assert.deepEqual(await sids("?To=+15125550100"), [d, b, a]);
      assert.deepEqual(await sids(`?To=%2B15125550100&From=${encodeURIComponent(FROM)}`), [d, a]);
    });
    await t.step("DateSent=day, DateSent>=day, DateSent<=day (GMT days, inclusive)", async () => {
      assert.deepEqual(await sids("?DateSent=2026-12-01"), [a]);
      assert.deepEqual(await sids("?DateSent>=2026-12-02"), [d, c, b]);
      assert.deepEqual(await sids("?DateSent<=2026-12-01"), [a]);
      assert.deepEqual(await sids("?DateSent%3E=2026-12-02&DateSent%3C=2026-12-02&To=%2B15125550100"), [d, b]);
    });
    await t.step("DateSent>= with an instant compares to the second", async () => {
      assert.deepEqual(await sids("?DateSent>=2026-12-02T00:00:30Z"), [d, c, b]);
      assert.deepEqual(await sids("?DateSent>=2026-12-02T00:00:31Z"), [d, c]);
    });
    await t.step("a listed message: sent, with date_sent, in the create call's shape", async () => {
      const { body } = await list(catcher, "?To=%2B15125550101");
      const [m] = body.messages;
      console.log(`  listed: ${m.sid} ${m.status} created ${m.date_created}, sent ${m.date_sent}`);
      assert.equal(m.sid, c);
      assert.equal(m.status, "sent");
      assert.equal(m.date_sent, "Wed, 02 Dec 2026 10:00:00 +0000");
      assert.equal(m.date_created, "Wed, 02 Dec 2026 10:00:00 +0000");
      assert.deepEqual([m.to, m.from, m.body, m.direction, m.account_sid], ["+15125550101", FROM, "Dec 2 to 0101", "outbound-api", ACCOUNT_SID]);
      assert.equal(m.uri, `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${c}.json`);
    });
    await t.step("a date that is not a date → 400 code 20001 Invalid date value.", async () => {
      for (const query of ["?DateSent=yesterday", "?DateSent>=2026-13-01", "?DateSent=>=2026-12-01"]) {
        const { status, body } = await list(catcher, query);
        assert.deepEqual([status, body.code, body.message, body.status], [400, 20001, "Invalid date value.", 400], query);
      }
    });
  }, { clock });
});

Deno.test("catcher: Twilio list — PageSize, next_page_uri and previous_page_uri walk every message once", async (t) => {
  const clock = settableClock(new Date("2026-12-01T12:00:00Z"), true);
  await withCatcher(async (catcher) => {
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) {
      sent.unshift(await send(catcher, { To: "+15125550100", From: FROM, Body: `message ${i}` }));
      clock.advance(1000);
    }
    await t.step("default page: 50, page 0, uris on Twilio's path", async () => {
      const { body } = await list(catcher, "?To=%2B15125550100");
      assert.deepEqual([body.page, body.page_size, body.start, body.end, body.messages.length], [0, 50, 0, 4, 5]);
      assert.equal(body.next_page_uri, null);
      assert.equal(body.previous_page_uri, null);
      assert.equal(body.first_page_uri, `${path()}?To=%2B15125550100&PageSize=50&Page=0`);
    });
    await t.step("PageSize=2: three pages through next_page_uri, newest first, none twice — even with a new message between pages", async () => {
      let uri: string | null = `${path()}?To=%2B15125550100&PageSize=2`;
      const seen: string[] = [];
      const pages: string[] = [];
      while (uri) {
        const res: Response = await fetch(`${catcher.url}${uri}`, { headers: { authorization: basic(`${ACCOUNT_SID}:token`) } });
        const body = await res.json();
        assert.equal(res.status, 200);
        pages.push(`page ${body.page}: ${body.messages.length} (start ${body.start}, end ${body.end})`);
        seen.push(...body.messages.map((m: { sid: string }) => m.sid));
        if (body.page === 0) {
          assert.match(body.next_page_uri, /PageSize=2&Page=1&PageToken=PASM[0-9a-f]{32}$/);
          await send(catcher, { To: "+15125550100", From: FROM, Body: "arrives while paging" });
        }
        uri = body.next_page_uri;
      }
      console.log(`  ${pages.join("; ")}`);
      assert.deepEqual(seen, sent, "each of the five once, newest first; the late one is not mixed in");
    });
    await t.step("previous_page_uri goes back to the page before", async () => {
      const { body: first } = await list(catcher, "?PageSize=2");
      const next = await (await fetch(`${catcher.url}${first.next_page_uri}`, { headers: { authorization: basic(`${ACCOUNT_SID}:token`) } })).json();
      assert.match(next.previous_page_uri, /PageToken=PBSM/);
      const back = await (await fetch(`${catcher.url}${next.previous_page_uri}`, { headers: { authorization: basic(`${ACCOUNT_SID}:token`) } })).json();
      assert.deepEqual(back.messages.map((m: { sid: string }) => m.sid), first.messages.map((m: { sid: string }) => m.sid));
    });
    await t.step("Page=1 without a token is an offset; PageSize 0, 1001 or a bad token → 400 code 20001", async () => {
      const { body } = await list(catcher, "?To=%2B15125550100&PageSize=2&Page=1");
      assert.equal(body.start, 2);
      assert.equal(body.messages.length, 2);
      for (const query of ["?PageSize=0", "?PageSize=1001", "?PageSize=ten", "?PageToken=PASMnope", "?Page=-1"]) {
        const res = await list(catcher, query);
        assert.deepEqual([res.status, res.body.code], [400, 20001], query);
      }
      assert.equal((await list(catcher, "?PageSize=1000")).status, 200);
    });
  }, { clock });
});

Deno.test("catcher: faults with afterAccept store the message, then fail the answer", async (t) => {
  await withCatcher(async (catcher) => {
    const post = (body: string) =>
      fetch(`${catcher.url}${path()}`, {
        method: "POST",
        headers: { authorization: basic(`${ACCOUNT_SID}:token`), "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ To: "+15125550100", From: FROM, Body: body }).toString(),
        signal: AbortSignal.timeout(1000),
      });
    await t.step("invalid combinations are refused", async () => {
      assert.equal((await fault(catcher, { kind: "sms", drop: true, status: 500 })).status, 400);
      assert.equal((await fault(catcher, { kind: "sms", afterAccept: true })).status, 400);
      assert.equal((await fault(catcher, { kind: "sms", drop: "yes" })).status, 400);
    });
    await t.step("afterAccept + 500 → Twilio's 500 body, but the message is stored", async () => {
      await fault(catcher, { kind: "sms", status: 500, afterAccept: true });
      const res = await post("stored, then 500");
      assert.equal(res.status, 500);
      assert.equal((await res.json()).code, 20500);
      assert.equal((await caught(catcher))[0].body, "stored, then 500");
    });
    await t.step("afterAccept + drop → the client reads a network error; the message is stored", async () => {
      await fault(catcher, { kind: "sms", drop: true, afterAccept: true });
      const outcome = await post("stored, then cut").then(async (res) => {
        await res.text();
        return `answer ${res.status}`;
      }).catch((err) => `${err.name}`);
      console.log(`  drop after accept: the client got ${outcome}`);
      assert.equal(outcome, "TypeError");
      assert.equal((await caught(catcher))[0].body, "stored, then cut");
    });
    await t.step("afterAccept + hangMs past the client's timeout → the client times out; the message is stored", async () => {
      await fault(catcher, { kind: "sms", hangMs: 30_000, afterAccept: true });
      const outcome = await post("stored, then silence").then((res) => `answer ${res.status}`).catch((err) => err.name);
      assert.equal(outcome, "TimeoutError");
      assert.equal((await caught(catcher))[0].body, "stored, then silence");
    });
    await t.step("drop without afterAccept → network error and nothing stored", async () => {
      const before = (await caught(catcher)).length;
      await fault(catcher, { kind: "sms", drop: true });
      const outcome = await post("never stored").then(async (res) => {
        await res.text();
        return `answer ${res.status}`;
      }).catch((err) => err.name);
      assert.equal(outcome, "TypeError");
      assert.equal((await caught(catcher)).length, before);
      console.log(`  ${before} stored by the afterAccept faults, none by the plain drop`);
    });
  });
});
