// Calendar v3 against the emulator with the real @googleapis/calendar client.
import assert from "node:assert/strict";
import { gaxios } from "google-auth-library";
import type { calendar_v3 } from "@googleapis/calendar";
import { checks, connect, startTestEmulator, type TestEmulator } from "./test-support.ts";

interface GoogleErrorSeen {
  status: number;
  code: unknown;
  reason: string;
  message: string;
}

/** Runs a call that must fail and returns what the client's GaxiosError says. */
async function failure(call: Promise<unknown>): Promise<GoogleErrorSeen> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof gaxios.GaxiosError, `expected GaxiosError, got ${error}`);
    const body = error.response?.data as { error: { errors: { reason: string; message: string }[] } };
    return {
      status: error.status!,
      code: error.code,
      reason: body.error.errors[0].reason,
      message: body.error.errors[0].message,
    };
  }
  throw new Error("expected the call to fail");
}

async function setup(email = "pm@example.com") {
  const emulator = await startTestEmulator();
  await emulator.control("POST", "seed-demo");
  if (email !== "pm@example.com") await emulator.control("POST", "accounts", { email, timeZone: "America/Chicago" });
  const { client } = await connect(emulator, { email });
  return { emulator, api: emulator.calendarApi(client) };
}

async function withCalendar(email: string, fn: (emulator: TestEmulator, api: calendar_v3.Calendar) => Promise<void>) {
  const { emulator, api } = await setup(email);
  try {
    await fn(emulator, api);
  } finally {
    await emulator.close();
  }
}

const chicago = (day: string, time: string) => ({ dateTime: `${day}T${time}:00`, timeZone: "America/Chicago" });

Deno.test("freeBusy: several calendars; transparent, cancelled and deleted events are free; clip and merge", async () => {
  checks(
    "busy blocks merge when they overlap, clip to [timeMin, timeMax), and skip transparent/cancelled/deleted events",
  );
  checks("start is inclusive and end exclusive; unknown calendars carry errors[notFound]; times follow timeZone");
  await withCalendar("fb@example.com", async (_emulator, api) => {
    const day = "2025-03-04";
    const add = (summary: string, start: string, end: string, extra: Record<string, unknown> = {}) =>
      api.events.insert({
        calendarId: "primary",
        requestBody: { summary, start: chicago(day, start), end: chicago(day, end), ...extra },
      });
    await add("ends at range start", "08:00", "09:00");
    await add("straddles start", "08:30", "09:30");
    await add("A", "10:00", "11:00");
    await add("B overlaps A", "10:30", "11:30");
    const deleted = await add("deleted", "12:00", "12:30");
    await api.events.delete({ calendarId: "primary", eventId: deleted.data.id! });
    await add("transparent", "13:00", "14:00", { transparency: "transparent" });
    await add("cancelled", "15:00", "16:00", { status: "cancelled" });
    await add("tentative", "16:00", "17:00", { status: "tentative" });
    await add("straddles end", "17:30", "19:00");
    await add("starts at range end", "18:00", "19:00");
    await add("all-day free", "00:00", "00:00", {
      start: { date: day },
      end: { date: "2025-03-05" },
      transparency: "transparent",
    });

    const range = { timeMin: "2025-03-04T09:00:00-06:00", timeMax: "2025-03-04T18:00:00-06:00" };
    const { data } = await api.freebusy.query({
      requestBody: { ...range, items: [{ id: "primary" }, { id: "agent2@example.com" }, { id: "ghost@example.com" }] },
    });
    assert.equal(data.kind, "calendar#freeBusy");
    assert.equal(data.timeMin, "2025-03-04T15:00:00.000Z");
    assert.deepEqual(data.calendars!.primary.busy, [
      { start: "2025-03-04T15:00:00Z", end: "2025-03-04T15:30:00Z" },
      { start: "2025-03-04T16:00:00Z", end: "2025-03-04T17:30:00Z" },
      { start: "2025-03-04T22:00:00Z", end: "2025-03-04T23:00:00Z" },
      { start: "2025-03-04T23:30:00Z", end: "2025-03-05T00:00:00Z" },
    ]);
    assert.ok(data.calendars!["agent2@example.com"].busy!.length > 0, "the seeded second agent is busy that day");
    assert.equal(data.calendars!["agent2@example.com"].errors, undefined);
    assert.deepEqual(data.calendars!["ghost@example.com"], {
      busy: [],
      errors: [{ domain: "global", reason: "notFound" }],
    });

    const zoned = await api.freebusy.query({
      requestBody: { ...range, timeZone: "America/Chicago", items: [{ id: "fb@example.com" }] },
    });
    assert.deepEqual(zoned.data.calendars!["fb@example.com"].busy![0], {
      start: "2025-03-04T09:00:00-06:00",
      end: "2025-03-04T09:30:00-06:00",
    });
  });
});

Deno.test("freeBusy validation: timeRangeEmpty, range too long, calendarExpansionMax", async () => {
  checks(
    "timeMax ≤ timeMin → 400 timeRangeEmpty; past the configured maximum → 'The requested time range is too long.'",
  );
  checks("calendarExpansionMax above 50 → 400; GaxiosError carries code and errors[0].reason");
  await withCalendar("pm@example.com", async (emulator, api) => {
    const items = [{ id: "primary" }];
    const empty = await failure(api.freebusy.query({
      requestBody: { timeMin: "2025-03-04T10:00:00Z", timeMax: "2025-03-04T10:00:00Z", items },
    }));
    assert.deepEqual({ status: empty.status, code: empty.code, reason: empty.reason }, {
      status: 400,
      code: 400,
      reason: "timeRangeEmpty",
    });
    const long = await failure(api.freebusy.query({
      requestBody: { timeMin: "2025-03-01T00:00:00Z", timeMax: "2025-06-01T00:00:00Z", items },
    }));
    assert.equal(long.message, "The requested time range is too long.");
    const ninety = await api.freebusy.query({
      requestBody: { timeMin: "2025-03-01T00:00:00Z", timeMax: "2025-05-30T00:00:00Z", items },
    });
    assert.equal(ninety.status, 200, "90 days is allowed by default");
    await emulator.control("POST", "config", { freeBusyMaxRangeDays: 7 });
    const configured = await failure(api.freebusy.query({
      requestBody: { timeMin: "2025-03-01T00:00:00Z", timeMax: "2025-03-09T00:00:00Z", items },
    }));
    assert.equal(configured.status, 400);
    const tooMany = await failure(api.freebusy.query({
      requestBody: {
        timeMin: "2025-03-01T00:00:00Z",
        timeMax: "2025-03-02T00:00:00Z",
        items,
        calendarExpansionMax: 51,
      },
    }));
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.reason, "invalid");
  });
});

Deno.test("events CRUD with client-supplied ids: invalid id 400, duplicate 409, etag and sequence, delete → cancelled", async () => {
  checks("insert honours a base32hex id, rejects bad ids (400 invalid) and duplicates (409 duplicate)");
  checks("patch/update bump sequence and etag; If-Match mismatch → 412; delete → 204, then cancelled, then 410");
  await withCalendar("pm@example.com", async (emulator, api) => {
    const body: calendar_v3.Schema$Event = {
      id: "tour0a1b2c3d4e5f",
      summary: "Tour: Jamie Lee",
      description: "Booked on the website",
      location: "Maple Court leasing office",
      start: chicago("2025-03-05", "14:00"),
      end: chicago("2025-03-05", "14:30"),
      attendees: [{ email: "jamie@example.net", displayName: "Jamie Lee" }],
      reminders: { useDefault: false, overrides: [{ method: "popup", minutes: 30 }] },
      extendedProperties: { private: { bookingId: "b-1", source: "lumaleasing" } },
    };
    const created = (await api.events.insert({ calendarId: "primary", requestBody: body, sendUpdates: "all" })).data;
    assert.equal(created.id, "tour0a1b2c3d4e5f");
    assert.equal(created.kind, "calendar#event");
    assert.equal(created.status, "confirmed");
    assert.equal(created.sequence, 0);
    assert.equal(created.iCalUID, "tour0a1b2c3d4e5f@google.com");
    assert.equal(created.created, created.updated);
    assert.equal(created.start!.dateTime, "2025-03-05T14:00:00-06:00");
    assert.equal(created.attendees![0].responseStatus, "needsAction");
    assert.equal(created.organizer!.email, "pm@example.com");
    assert.match(created.etag!, /^"\d+"$/);
    assert.match(created.htmlLink!, /^http:\/\/127\.0\.0\.1:\d+\/calendar\/event\?eid=/);

    for (const id of ["Tour-1", "abcd", "w0000000", "tour_123"]) {
      const bad = await failure(api.events.insert({ calendarId: "primary", requestBody: { ...body, id } }));
      assert.deepEqual([bad.status, bad.reason, bad.message], [400, "invalid", "Invalid resource id value."], id);
    }
    const duplicate = await failure(api.events.insert({ calendarId: "primary", requestBody: body }));
    assert.deepEqual([duplicate.status, duplicate.code, duplicate.reason], [409, 409, "duplicate"]);

    emulator.clock.advance(60_000);
    const patched = (await api.events.patch({
      calendarId: "primary",
      eventId: created.id!,
      sendUpdates: "none",
      requestBody: { summary: "Tour: Jamie Lee (2 people)", extendedProperties: { private: { party: "2" } } },
    })).data;
    assert.equal(patched.sequence, 1);
    assert.notEqual(patched.etag, created.etag);
    assert.notEqual(patched.updated, created.updated);
    assert.equal(patched.created, created.created);
    assert.deepEqual(patched.extendedProperties!.private, { bookingId: "b-1", source: "lumaleasing", party: "2" });
    assert.equal(patched.description, "Booked on the website", "patch keeps fields it does not name");

    const stale = await failure(api.events.update({
      calendarId: "primary",
      eventId: created.id!,
      requestBody: body,
    }, { headers: { "If-Match": created.etag! } }));
    assert.equal(stale.status, 412);

    const moved = (await api.events.update({
      calendarId: "primary",
      eventId: created.id!,
      requestBody: {
        summary: "Tour moved",
        start: chicago("2025-03-06", "10:00"),
        end: chicago("2025-03-06", "10:30"),
      },
    })).data;
    assert.equal(moved.sequence, 2);
    assert.equal(moved.description, undefined, "update replaces the whole event");
    assert.equal(moved.start!.dateTime, "2025-03-06T10:00:00-06:00");

    const backwards = await failure(api.events.insert({
      calendarId: "primary",
      requestBody: { start: chicago("2025-03-05", "11:00"), end: chicago("2025-03-05", "10:00") },
    }));
    assert.equal(backwards.reason, "timeRangeEmpty");
    const noEnd = await failure(
      api.events.insert({ calendarId: "primary", requestBody: { start: chicago("2025-03-05", "11:00") } }),
    );
    assert.equal(noEnd.reason, "required");

    const deleted = await api.events.delete({ calendarId: "primary", eventId: created.id!, sendUpdates: "all" });
    assert.equal(deleted.status, 204);
    const after = (await api.events.get({ calendarId: "primary", eventId: created.id! })).data;
    assert.equal(after.status, "cancelled");
    const again = await failure(api.events.delete({ calendarId: "primary", eventId: created.id! }));
    assert.deepEqual([again.status, again.reason], [410, "deleted"]);
    const reinsert = await failure(api.events.insert({ calendarId: "primary", requestBody: body }));
    assert.equal(reinsert.status, 409, "a deleted event's id stays taken");
    const missing = await failure(api.events.get({ calendarId: "primary", eventId: "nosuchevent" }));
    assert.deepEqual([missing.status, missing.reason], [404, "notFound"]);
    const otherCalendar = await failure(api.events.list({ calendarId: "agent2@example.com" }));
    assert.equal(otherCalendar.status, 404, "another person's calendar is not visible");

    const visible = (await api.events.list({ calendarId: "primary", timeMin: "2025-03-06T00:00:00Z" })).data.items!;
    assert.ok(!visible.some((e) => e.id === created.id), "deleted events are hidden by default");
    const withDeleted = (await api.events.list({ calendarId: "primary", showDeleted: true })).data.items!;
    assert.deepEqual(withDeleted.find((e) => e.id === created.id)?.status, "cancelled");

    const log = await emulator.control<{ action: string; eventId: string; sendUpdates: string | null }[]>(
      "GET",
      "send-updates",
    );
    const mine = log.filter((r) => r.eventId === created.id).map((r) => `${r.action}:${r.sendUpdates}`);
    assert.deepEqual(mine, ["insert:all", "patch:none", "update:null", "delete:all"]);
  });
});

Deno.test("scopes and settings: time zone readable, read-only tokens cannot write", async () => {
  checks("settings/timezone and calendarList/primary report the account's zone");
  checks("a token with calendar.readonly gets 403 insufficientPermissions on insert");
  await withCalendar("pm@example.com", async (emulator, api) => {
    assert.equal((await api.settings.get({ setting: "timezone" })).data.value, "America/Chicago");
    const grant = await emulator.control<{ access_token: string }>("POST", "grants", {
      email: "pm@example.com",
      scopes: ["https://www.googleapis.com/auth/calendar.readonly"],
    });
    const readOnly = emulator.oauthClient();
    readOnly.setCredentials({ access_token: grant.access_token });
    const readApi = emulator.calendarApi(readOnly);
    assert.equal((await readApi.calendarList.get({ calendarId: "primary" })).data.timeZone, "America/Chicago");
    const denied = await failure(readApi.events.insert({
      calendarId: "primary",
      requestBody: { start: chicago("2025-03-05", "11:00"), end: chicago("2025-03-05", "12:00") },
    }));
    assert.deepEqual([denied.status, denied.reason], [403, "insufficientPermissions"]);
  });
});

Deno.test("events.list: paging, filters, ordering; incremental sync with syncToken; 410 when stale", async () => {
  checks("pages carry nextPageToken and only the last nextSyncToken; privateExtendedProperty and time filters work");
  checks("a syncToken returns exactly what changed (deletions as cancelled with only the id guaranteed)");
  checks("syncToken with timeMin → 400; an expired or garbage token → 410 fullSyncRequired");
  await withCalendar("sync@example.com", async (emulator, api) => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const event = await api.events.insert({
        calendarId: "primary",
        requestBody: {
          summary: `Tour ${i}`,
          start: chicago(`2025-03-1${i}`, "10:00"),
          end: chicago(`2025-03-1${i}`, "10:30"),
          extendedProperties: { private: { kind: i % 2 === 0 ? "tour" : "other" } },
        },
      });
      ids.push(event.data.id!);
    }
    const pages: calendar_v3.Schema$Events[] = [];
    let pageToken: string | undefined;
    do {
      const { data } = await api.events.list({ calendarId: "primary", maxResults: 2, pageToken });
      pages.push(data);
      pageToken = data.nextPageToken ?? undefined;
    } while (pageToken);
    assert.deepEqual(pages.map((p) => p.items!.length), [2, 2, 1]);
    assert.deepEqual(pages.map((p) => Boolean(p.nextSyncToken)), [false, false, true]);
    assert.deepEqual(pages.flatMap((p) => p.items!.map((e) => e.id)), ids, "default order is by start time");
    assert.equal(pages[0].timeZone, "America/Chicago");
    const syncToken = pages[2].nextSyncToken!;

    const tours = await api.events.list({ calendarId: "primary", privateExtendedProperty: ["kind=tour"] });
    assert.deepEqual(tours.data.items!.map((e) => e.summary), ["Tour 0", "Tour 2", "Tour 4"]);
    const windowed = await api.events.list({
      calendarId: "primary",
      timeMin: "2025-03-11T15:15:00Z", // inside Tour 1 (15:00Z–15:30Z)
      timeMax: "2025-03-13T15:00:00Z", // exactly when Tour 3 starts: excluded
      singleEvents: true,
      orderBy: "startTime",
    });
    assert.deepEqual(windowed.data.items!.map((e) => e.summary), ["Tour 1", "Tour 2"]);
    const badOrder = await failure(api.events.list({ calendarId: "primary", orderBy: "startTime" }));
    assert.equal(badOrder.status, 400);

    // Changes: the agent moves one in Google Calendar, the app deletes one, the agent adds one.
    await emulator.control("PATCH", `calendars/sync@example.com/events/${ids[1]}`, {
      start: chicago("2025-03-11", "15:00"),
      end: chicago("2025-03-11", "15:30"),
    });
    await api.events.delete({ calendarId: "primary", eventId: ids[2] });
    const added = await emulator.control<{ id: string }>("POST", "calendars/sync@example.com/events", {
      summary: "Dentist",
      start: chicago("2025-03-12", "08:00"),
      end: chicago("2025-03-12", "09:00"),
    });
    const changes = (await api.events.list({ calendarId: "primary", syncToken })).data;
    assert.deepEqual(changes.items!.map((e) => e.id).sort(), [ids[1], ids[2], added.id].sort());
    const gone = changes.items!.find((e) => e.id === ids[2])!;
    assert.equal(gone.status, "cancelled");
    assert.deepEqual(Object.keys(gone).sort(), ["etag", "id", "kind", "status"]);
    assert.equal(changes.items!.find((e) => e.id === ids[1])!.start!.dateTime, "2025-03-11T15:00:00-05:00");
    assert.ok(changes.nextSyncToken && changes.nextSyncToken !== syncToken);
    const quiet = (await api.events.list({ calendarId: "primary", syncToken: changes.nextSyncToken! })).data;
    assert.deepEqual(quiet.items, []);

    // Paging inside an incremental sync.
    await api.events.patch({ calendarId: "primary", eventId: ids[3], requestBody: { summary: "Tour 3b" } });
    await api.events.patch({ calendarId: "primary", eventId: ids[4], requestBody: { summary: "Tour 4b" } });
    const first =
      (await api.events.list({ calendarId: "primary", syncToken: changes.nextSyncToken!, maxResults: 1 })).data;
    assert.ok(first.nextPageToken && !first.nextSyncToken);
    const second = (await api.events.list({
      calendarId: "primary",
      syncToken: changes.nextSyncToken!,
      maxResults: 1,
      pageToken: first.nextPageToken!,
    })).data;
    assert.deepEqual([first.items![0].summary, second.items![0].summary], ["Tour 3b", "Tour 4b"]);
    assert.ok(second.nextSyncToken && !second.nextPageToken);

    const mixed = await failure(api.events.list({
      calendarId: "primary",
      syncToken: second.nextSyncToken!,
      timeMin: "2025-03-01T00:00:00Z",
    }));
    assert.equal(mixed.status, 400);
    const garbage = await failure(api.events.list({ calendarId: "primary", syncToken: "not-a-token" }));
    assert.deepEqual([garbage.status, garbage.reason], [410, "fullSyncRequired"]);
    await emulator.control("POST", "calendars/sync@example.com/expire-sync-tokens");
    const expired = await failure(api.events.list({ calendarId: "primary", syncToken: second.nextSyncToken! }));
    assert.deepEqual([expired.status, expired.reason], [410, "fullSyncRequired"]);
    const fresh = (await api.events.list({ calendarId: "primary" })).data;
    assert.ok(fresh.nextSyncToken, "a full sync after 410 yields a new token");
    assert.deepEqual(
      (await api.events.list({ calendarId: "primary", syncToken: fresh.nextSyncToken! })).data.items,
      [],
    );
  });
});
