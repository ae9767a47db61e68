// Push notifications: events.watch, the sync message, exists on change, channels.stop, retries and expiry.
import assert from "node:assert/strict";
import type { calendar_v3 } from "@googleapis/calendar";
import { checks, connect, startReceiver, startTestEmulator, type TestEmulator } from "./test-support.ts";

const chicago = (day: string, time: string) => ({ dateTime: `${day}T${time}:00`, timeZone: "America/Chicago" });
const tour = (day = "2025-03-05"): calendar_v3.Schema$Event => ({
  summary: "Tour",
  start: chicago(day, "10:00"),
  end: chicago(day, "10:30"),
});

async function withWatch(
  answers: number[],
  fn: (ctx: {
    emulator: TestEmulator;
    api: calendar_v3.Calendar;
    receiver: ReturnType<typeof startReceiver>;
  }) => Promise<void>,
) {
  const emulator = await startTestEmulator();
  const receiver = startReceiver(answers);
  try {
    await emulator.control("POST", "seed-demo");
    const { client } = await connect(emulator);
    await fn({ emulator, api: emulator.calendarApi(client), receiver });
  } finally {
    await emulator.close();
    await receiver.close();
  }
}

Deno.test("watch: sync notification, then exists on every change, with Google's headers; stop ends them", async () => {
  checks("events.watch answers api#channel with a 7-day expiration in ms (as a string)");
  checks(
    "the receiver gets 'sync' (#1) then 'exists' (#2, #3, #4) for API and in-calendar changes, with all X-Goog headers",
  );
  checks("channels.stop ends notifications; stopping again → 404");
  await withWatch([], async ({ emulator, api, receiver }) => {
    const start = emulator.clock.now().getTime();
    const { data: channel } = await api.events.watch({
      calendarId: "primary",
      requestBody: { id: "chan-1", type: "web_hook", address: receiver.url, token: "target=calendar-webhook" },
    });
    assert.equal(channel.kind, "api#channel");
    assert.equal(channel.id, "chan-1");
    assert.equal(channel.token, "target=calendar-webhook");
    assert.equal(channel.expiration, String(start + 7 * 86_400_000));
    assert.match(channel.resourceUri!, /\/calendar\/v3\/calendars\/pm%40example\.com\/events\?alt=json$/);

    await receiver.waitFor(1);
    const sync = receiver.received[0];
    assert.equal(sync.body, "");
    assert.match(sync.headers["user-agent"], /^APIs-Google/);
    assert.deepEqual(
      {
        id: sync.headers["x-goog-channel-id"],
        state: sync.headers["x-goog-resource-state"],
        number: sync.headers["x-goog-message-number"],
        resourceId: sync.headers["x-goog-resource-id"],
        uri: sync.headers["x-goog-resource-uri"],
        token: sync.headers["x-goog-channel-token"],
        expiration: sync.headers["x-goog-channel-expiration"],
      },
      {
        id: "chan-1",
        state: "sync",
        number: "1",
        resourceId: channel.resourceId,
        uri: channel.resourceUri,
        token: "target=calendar-webhook",
        expiration: new Date(Number(channel.expiration)).toUTCString(),
      },
    );

    const inserted = await api.events.insert({ calendarId: "primary", requestBody: tour() });
    await receiver.waitFor(2);
    await emulator.control("PATCH", `calendars/pm@example.com/events/${inserted.data.id}`, {
      start: chicago("2025-03-05", "11:00"),
      end: chicago("2025-03-05", "11:30"),
    });
    await receiver.waitFor(3);
    await emulator.control("DELETE", `calendars/pm@example.com/events/${inserted.data.id}`);
    await receiver.waitFor(4);
    assert.deepEqual(
      receiver.received.map((r) => `${r.headers["x-goog-resource-state"]}#${r.headers["x-goog-message-number"]}`),
      ["sync#1", "exists#2", "exists#3", "exists#4"],
    );

    // Another calendar's changes do not reach this channel.
    await emulator.control("POST", "calendars/agent2@example.com/events", tour());
    const stopped = await api.channels.stop({ requestBody: { id: "chan-1", resourceId: channel.resourceId } });
    assert.equal(stopped.status, 204);
    await api.events.insert({ calendarId: "primary", requestBody: tour("2025-03-06") });
    await emulator.pushIdle();
    assert.equal(receiver.received.length, 4, "nothing after channels.stop");
    const again = await api.channels.stop({ requestBody: { id: "chan-1", resourceId: channel.resourceId } })
      .catch((e) => e);
    assert.equal(again.status, 404);
  });
});

Deno.test("push delivery retries 500/502/503/504 with backoff but not other statuses", async () => {
  checks("a receiver answering 503 then 502 gets the sync message on the third attempt; a 404 is not retried");
  await withWatch([503, 502, 200, 404], async ({ emulator, api, receiver }) => {
    await api.events.watch({
      calendarId: "primary",
      requestBody: { id: "retry-1", type: "web_hook", address: receiver.url },
    });
    await receiver.waitFor(3);
    await api.events.insert({ calendarId: "primary", requestBody: tour() });
    await receiver.waitFor(4);
    await emulator.pushIdle();
    const deliveries = await emulator.control<{ resourceState: string; attempts: number; outcome: number }[]>(
      "GET",
      "notifications?wait=1",
    );
    assert.deepEqual(deliveries.map((d) => [d.resourceState, d.attempts, d.outcome]), [["sync", 3, 200], [
      "exists",
      1,
      404,
    ]]);
    assert.equal(
      receiver.received[0].headers["x-goog-message-number"],
      receiver.received[2].headers["x-goog-message-number"],
    );
  });
});

Deno.test("watch never blocks the API call; channels expire; ids are unique; gone calendars say not_exists", async () => {
  checks("an insert returns while the receiver is still slow to answer (delivery is fire-and-forget)");
  checks("params.ttl sets the expiration and an expired channel gets nothing; a live channel id cannot be reused");
  checks("deleting the account sends not_exists");
  const slow = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async () => {
    await new Promise((resolve) => setTimeout(resolve, 700));
    return new Response(null, { status: 200 });
  });
  try {
    await withWatch([], async ({ emulator, api, receiver }) => {
      await api.events.watch({
        calendarId: "primary",
        requestBody: { id: "slow-1", type: "web_hook", address: `http://127.0.0.1:${slow.addr.port}/hook` },
      });
      const started = performance.now();
      await api.events.insert({ calendarId: "primary", requestBody: tour() });
      assert.ok(performance.now() - started < 500, "insert did not wait for the slow receiver");

      const { data: short } = await api.events.watch({
        calendarId: "primary",
        requestBody: { id: "short-1", type: "web_hook", address: receiver.url, params: { ttl: "60" } },
      });
      assert.equal(short.expiration, String(emulator.clock.now().getTime() + 60_000));
      await receiver.waitFor(1);
      const duplicate = await api.events.watch({
        calendarId: "primary",
        requestBody: { id: "short-1", type: "web_hook", address: receiver.url },
      }).catch((e) => e);
      assert.equal(duplicate.status, 400);
      emulator.clock.advance(61_000);
      await api.events.insert({ calendarId: "primary", requestBody: tour("2025-03-07") });
      await emulator.pushIdle();
      assert.equal(receiver.received.length, 1, "only the sync message: the channel had expired");

      await api.events.watch({
        calendarId: "primary",
        requestBody: { id: "gone-1", type: "web_hook", address: receiver.url },
      });
      await receiver.waitFor(2);
      await emulator.control("PATCH", "accounts/pm@example.com", { deleted: true });
      await receiver.waitFor(3);
      assert.equal(receiver.received[2].headers["x-goog-resource-state"], "not_exists");
    });
  } finally {
    await slow.shutdown();
  }
});
