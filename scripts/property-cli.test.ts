// The provisioning CLI against the test stack: every verb, human and --json, and bad input
// that changes nothing.
import assert from "node:assert/strict";
import { adminSql, closeAdminSql, connectCalendar, createTestProperty, googleAccount, nextWeekday, stack, widgetFetch } from "./lib/test-support.ts";
import { consentThroughLink } from "./lib/google-consent.ts";
import { decodeSiteKey } from "../supabase/functions/_shared/core/site-key.ts";
import { sha256Hex } from "../supabase/functions/_shared/adapters/crypto.ts";
import { cli, cliJson } from "./lib/property-cli-run.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

async function propertyCount() {
  const sql = await adminSql();
  const [{ n }] = await sql`select count(*)::int as n from public.properties`;
  return n as number;
}

Deno.test("property CLI: create prints keys once, stores only hashes, and the keys work", opts, async () => {
  const name = `CLI Court ${crypto.randomUUID().slice(0, 6)}`;
  const res = await cli("create", "--name", name, "--timezone", "America/New_York", "--address", "12 Maple St", "--origin", "https://cli.example");
  assert.equal(res.code, 0, res.stderr);
  const widgetKey = res.stdout.match(/^\s+widget key\s+(\S+)/m)![1];
  const secret = res.stdout.match(/^\s+site secret\s+(\S+)/m)![1];
  const siteKey = decodeSiteKey(res.stdout.match(/site key\s+(\S+)/)![1])!;
  assert.equal(siteKey.widgetKey, widgetKey);
  assert.equal(siteKey.secret, secret);
  assert.equal(siteKey.url, (await stack()).functionsUrl);
  const sql = await adminSql();
  const [p] = await sql`select id, time_zone, address from public.properties where name = ${name}`;
  assert.equal(p.time_zone, "America/New_York");
  assert.equal(siteKey.property, p.id);
  const [k] = await sql`select key_hash, allowed_origins from public.widget_keys where property_id = ${p.id}`;
  assert.equal(k.key_hash, await sha256Hex(widgetKey));
  assert.deepEqual(k.allowed_origins, ["https://cli.example"]);
  const dump = JSON.stringify(await sql`select * from public.site_secrets where property_id = ${p.id}`);
  assert.ok(!dump.includes(secret), "the secret itself is not stored");
  const verify = await fetch(`${siteKey.url}/lumaleasing/admin/verify`, { headers: { authorization: `Bearer ${secret}` } });
  assert.equal((await verify.json()).property.name, name);
  console.log(`  created "${name}"; keys printed once, hashes stored, the site key verifies`);

  const list = await cli("list");
  assert.equal(list.code, 0);
  assert.match(list.stdout, new RegExp(name));

  const rotated = await cli("rotate-keys", "--property", name);
  assert.equal(rotated.code, 0, rotated.stderr);
  const newSecret = rotated.stdout.match(/^\s+site secret\s+(\S+)/m)![1];
  assert.notEqual(newSecret, secret);
  const old = await fetch(`${siteKey.url}/lumaleasing/admin/verify`, { headers: { authorization: `Bearer ${secret}` } });
  assert.equal(old.status, 401);
  await old.body?.cancel();
  const fresh = await fetch(`${siteKey.url}/lumaleasing/admin/verify`, { headers: { authorization: `Bearer ${newSecret}` } });
  assert.equal(fresh.status, 200);
  await fresh.body?.cancel();
  const [k2] = await sql`select allowed_origins from public.widget_keys where property_id = ${p.id} and revoked_at is null`;
  assert.deepEqual(k2.allowed_origins, ["https://cli.example"]);
  console.log("  rotate-keys: the old secret → 401, the new one works, origins kept");
});

Deno.test("property CLI: an unknown zone, a missing name or a duplicate is refused in one line and nothing changes", opts, async () => {
  const before = await propertyCount();
  const cases: Array<[string[], RegExp]> = [
    [["create", "--name", "Zone Test", "--timezone", "Mars/Olympus"], /unknown time zone "Mars\/Olympus"/],
    [["create", "--timezone", "America/Chicago"], /--name is required/],
    [["create", "--name", "Luma Heights", "--timezone", "America/Chicago"], /already exists/],
    [["create", "--name", "X", "--timezone", "America/Chicago", "--origin", "not a url"], /--origin must be/],
    [["frobnicate"], /unknown command/],
    [["rotate-keys", "--property", "No Such Place"], /no property/],
  ];
  for (const [args, message] of cases) {
    const res = await cli(...args);
    assert.equal(res.code, 1, args.join(" "));
    assert.match(res.stderr, message);
    assert.equal(res.stderr.trim().split("\n").length, 1, `one line: ${res.stderr}`);
    console.log(`  ${args.join(" ")} → ${res.stderr.trim()}`);
  }
  assert.equal(await propertyCount(), before);
});

Deno.test("property CLI --json: create, list and rotate-keys answer one document; a refusal is JSON on stderr", opts, async () => {
  const name = `JSON Court ${crypto.randomUUID().slice(0, 6)}`;
  const created = await cliJson("create", "--name", name, "--timezone", "America/Denver", "--origin", "https://json.example");
  assert.equal(created.code, 0, created.stderr);
  assert.equal(created.doc.success, true);
  assert.equal(created.doc.property.name, name);
  assert.equal(created.doc.property.timeZone, "America/Denver");
  assert.match(created.doc.widgetKey, /^llwk_/);
  assert.match(created.doc.siteSecret, /^llss_/);
  assert.equal(decodeSiteKey(created.doc.siteKey)!.secret, created.doc.siteSecret);
  const listed = await cliJson("list");
  const row = listed.doc.properties.find((p: { id: string }) => p.id === created.doc.property.id);
  assert.deepEqual(row, { id: created.doc.property.id, name, timeZone: "America/Denver", organization: null, calendars: 0, liveWidgetKeys: 1, upcomingManualSlots: 0 });
  const rotated = await cliJson("rotate-keys", "--property", created.doc.property.id);
  assert.equal(rotated.code, 0);
  assert.notEqual(rotated.doc.siteSecret, created.doc.siteSecret);
  console.log(`  create/list/rotate-keys --json: one document each (${Object.keys(created.doc).join(", ")})`);

  const before = await propertyCount();
  for (const args of [["create", "--name", "Mars Base", "--timezone", "Mars/Olympus"], ["frobnicate"], ["list", "--foo", "1"]]) {
    const refused = await cliJson(...args);
    assert.equal(refused.code, 1);
    assert.equal(refused.doc.success, false);
    assert.equal(typeof refused.doc.error.code, "string");
    assert.equal(typeof refused.doc.error.message, "string");
    console.log(`  ${args.join(" ")} --json → exit 1, ${JSON.stringify(refused.doc.error)}`);
  }
  assert.equal(await propertyCount(), before);
});

function times(body: { slotsByDate: Record<string, Array<{ time: string }>> }, date: string): string[] {
  return (body.slotsByDate[date] ?? []).map((s) => s.time);
}

Deno.test("property CLI: update changes what tours/availability offers at once; show prints the settings", opts, async () => {
  const p = await createTestProperty();
  const { calendarId } = await connectCalendar(p, `cli-${p.id.slice(0, 8)}@example.com`);
  assert.ok(calendarId, "a calendar is connected");
  const date = nextWeekday(3); // a Wednesday
  const sql = await adminSql();
  const availability = async () => {
    const res = await widgetFetch(p, `tours/availability?from=${date}&days=1`);
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    return body;
  };
  const first = await availability();
  assert.equal(times(first, date)[0], "09:00");
  assert.equal(first.tourDuration, 30);
  const [{ generation: g0 }] = await sql`select generation from public.freebusy_cache where property_id = ${p.id}`;

  const res = await cli("update", "--property", p.id, "--hours", "mon-fri 10:00-12:00,14:00-15:00; sat 10:00-14:00",
    "--tour-length", "60", "--slot-step", "60", "--buffer-after", "0");
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /^Updated hours, tour-length, slot-step, buffer-after; availability follows at once\./);
  assert.match(res.stdout, /hours\s+mon-fri 10:00-12:00,14:00-15:00; sat 10:00-14:00; sun closed/);
  const [{ generation: g1 }] = await sql`select generation from public.freebusy_cache where property_id = ${p.id}`;
  assert.ok(BigInt(g1) > BigInt(g0), "the free/busy answer was dropped");
  const second = await availability();
  assert.deepEqual(times(second, date), ["10:00", "11:00", "14:00"]);
  assert.equal(second.tourDuration, 60);
  console.log(`  ${date}: ${times(first, date).length} slots from 09:00 → ${times(second, date).join(", ")} (60 min); generation ${g0} → ${g1}`);

  const closed = await cliJson("update", "--property", p.name, "--closed", date, "--min-notice", "0");
  assert.equal(closed.code, 0, closed.stderr);
  assert.deepEqual(closed.doc.changed, ["dateExceptions"]);
  assert.deepEqual(closed.doc.settings.dateExceptions, [{ date, closed: true }]);
  const third = await availability();
  assert.deepEqual(times(third, date), []);
  assert.ok(!third.availableDates.includes(date));
  console.log(`  --closed ${date} → no slots that day; --json says changed ${JSON.stringify(closed.doc.changed)}`);

  const shown = await cliJson("show", "--property", p.id);
  assert.equal(shown.doc.settings.tourMinutes, 60);
  assert.deepEqual(shown.doc.settings.weeklyHours["6"], [{ start: "10:00", end: "14:00" }]);
  assert.equal(shown.doc.hours, "mon-fri 10:00-12:00,14:00-15:00; sat 10:00-14:00; sun closed");
  assert.equal(shown.doc.calendars, 1);
  const human = await cli("show", "--property", p.id);
  assert.match(human.stdout, new RegExp(`closed on\\s+${date}`));
  assert.match(human.stdout, /tours\s+60 min, one every 60 min/);

  const reopened = await cli("update", "--property", p.id, "--reopen", date, "--managers", "a@x.example, B@Y.example",
    "--phone", "(312) 555-0142", "--address", "");
  assert.equal(reopened.code, 0, reopened.stderr);
  assert.deepEqual(times(await availability(), date), ["10:00", "11:00", "14:00"]);
  const [row] = await sql`select manager_email, phone, address, date_exceptions from public.properties where id = ${p.id}`;
  assert.deepEqual(row, { manager_email: "a@x.example, b@y.example", phone: "+13125550142", address: null, date_exceptions: [] });
  console.log("  --reopen brings the day back; managers, phone (E.164) and a cleared address stored:", row);
});

Deno.test("property CLI: update refuses every bad field in one line each and writes nothing", opts, async () => {
  const p = await createTestProperty();
  const sql = await adminSql();
  const snapshot = async () => JSON.stringify(await sql`select p.*, (select generation from public.freebusy_cache c where c.property_id = p.id) as g
    from public.properties p where p.id = ${p.id}`);
  const before = await snapshot();
  const res = await cli("update", "--property", p.id, "--tour-length", "5", "--hours", "mon 09:00-08:00", "--email", "nope",
    "--timezone", "Mars/Olympus", "--buffer-after", "abc", "--closed", "2026-02-30", "--managers", "x@y.example,bad");
  assert.equal(res.code, 1);
  const lines = res.stderr.trim().split("\n");
  const flags = lines.map((l) => l.match(/^property: (--[a-z-]+): /)?.[1]).sort();
  assert.deepEqual(flags, ["--buffer-after", "--closed", "--email", "--hours", "--managers", "--timezone", "--tour-length"]);
  for (const line of lines) console.log(`  ${line}`);
  const json = await cliJson("update", "--property", p.id, "--window-days", "91", "--phone", "12");
  assert.equal(json.doc.error.code, "invalid_settings");
  assert.deepEqual(Object.keys(json.doc.error.fields).sort(), ["--phone", "--window-days"]);
  console.log(`  --json: ${JSON.stringify(json.doc.error.fields)}`);
  for (const [args, message] of [
    [["update", "--property", p.id], /say what to change/],
    [["update", "--property", p.id, "--colour", "red"], /update takes no --colour/],
    [["update", "--property", "No Such Place", "--tour-length", "45"], /no property/],
  ] as Array<[string[], RegExp]>) {
    const r = await cli(...args);
    assert.equal(r.code, 1);
    assert.match(r.stderr, message);
  }
  assert.equal(await snapshot(), before, "nothing was written");
  console.log("  nothing to change, an unknown flag, an unknown property → refused; the row and its generation unchanged");
});

Deno.test("property CLI: manual slots — add, list, remove, human and --json, validated in the property's zone", opts, async () => {
  const p = await createTestProperty();
  const date = nextWeekday(4);
  const added = await cli("slots", "add", "--property", p.id, "--start", `${date} 10:00`);
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stdout, new RegExp(`Added a 30-minute slot at ${date} 10:00 \\(America/Chicago\\)`));
  const second = await cliJson("slots", "add", "--property", p.name, "--start", `${date} 14:00`, "--duration", "45");
  assert.equal(second.doc.slot.durationMinutes, 45);
  assert.equal(second.doc.slot.local, `${date} 14:00`);
  const res = await widgetFetch(p, `tours/availability?from=${date}&days=1`);
  const body = await res.json();
  assert.equal(body.source, "manual");
  assert.deepEqual(times(body, date), ["10:00", "14:00"]);
  console.log(`  added ${date} 10:00 (human) and 14:00 for 45 min (--json); the widget offers both`);

  const sql = await adminSql();
  const count = async () => (await sql`select count(*)::int as n from public.tour_slots where property_id = ${p.id}`)[0].n;
  for (const [args, code, message] of [
    [["--start", `${date} 10:00`], "slot_exists", /already a slot at .* 10:00/],
    [["--start", `${date} 10:15`], "slot_overlaps", /overlaps the slot at .* 10:00/],
    [["--start", "2020-01-06 10:00"], "slot_in_past", /has already passed/],
    [["--start", "2027-03-14 02:30"], "invalid_start", /does not exist in America\/Chicago/],
    [["--start", "next tuesday"], "invalid_start", /is not a time like/],
    [["--start", `${date} 16:00`, "--duration", "5"], "invalid_input", /duration/i],
  ] as Array<[string[], string, RegExp]>) {
    const r = await cliJson("slots", "add", "--property", p.id, ...args);
    assert.equal(r.code, 1);
    assert.equal(r.doc.error.code, code, JSON.stringify(r.doc));
    assert.match(r.doc.error.message + JSON.stringify(r.doc.error.fields ?? {}), message);
    const human = await cli("slots", "add", "--property", p.id, ...args);
    assert.equal(human.code, 1);
    console.log(`  ${args.join(" ")} → ${code}: ${human.stderr.trim()}`);
  }
  assert.equal(await count(), 2, "nothing added by the refusals");

  const listed = await cliJson("slots", "list", "--property", p.id);
  assert.deepEqual(listed.doc.slots.map((s: { local: string; booked: boolean }) => [s.local, s.booked]), [[`${date} 10:00`, false], [`${date} 14:00`, false]]);
  const human = await cli("slots", "list", "--property", p.id);
  assert.match(human.stdout, new RegExp(`${date} 14:00  45 min  open`));
  const removed = await cli("slots", "remove", "--property", p.id, "--start", `${date} 10:00`);
  assert.equal(removed.code, 0, removed.stderr);
  assert.match(removed.stdout, /Removed the slot at/);
  const removedJson = await cliJson("slots", "remove", "--property", p.id, "--id", second.doc.slot.id);
  assert.equal(removedJson.doc.removed.id, second.doc.slot.id);
  const again = await cliJson("slots", "remove", "--property", p.id, "--start", `${date} 10:00`);
  assert.equal(again.doc.error.code, "slot_not_found");
  assert.equal(await count(), 0);
  const bad = await cli("slots", "move", "--property", p.id);
  assert.match(bad.stderr, /slots needs add, list or remove/);
  console.log("  listed both, removed by start and by id, a second remove → slot_not_found, an unknown sub-command refused");
});

Deno.test("property CLI: connect-link gives an agent a link that connects a calendar once", opts, async () => {
  const p = await createTestProperty();
  const email = `agent-${p.id.slice(0, 8)}@example.com`;
  await googleAccount(email);
  const minted = await cliJson("connect-link", "--property", p.id, "--for", email);
  assert.equal(minted.code, 0, minted.stderr);
  const { connectUrl, expiresAt } = minted.doc;
  const hours = (Date.parse(expiresAt) - Date.now()) / 3_600_000;
  assert.ok(hours > 23.9 && hours <= 24, `valid 24 h, got ${hours}`);
  const token = new URL(connectUrl).searchParams.get("ticket")!;
  const sql = await adminSql();
  const [stored] = await sql`select token_hash, connected_by from public.connect_tickets where property_id = ${p.id}`;
  assert.equal(stored.token_hash, await sha256Hex(token));
  assert.ok(!JSON.stringify(await sql`select * from public.connect_tickets where property_id = ${p.id}`).includes(token), "only the hash is stored");

  const landed = await consentThroughLink(connectUrl, email);
  assert.equal(`${landed.origin}${landed.pathname}`, `${(await stack()).functionsUrl}/lumaleasing/calendar/connected`);
  assert.equal(landed.searchParams.get("lumaleasing_calendar"), "connected");
  const page = await (await fetch(landed)).text();
  assert.match(page, /Your calendar is connected/);
  const [cal] = await sql`select connected_by, token_status from public.agent_calendars where property_id = ${p.id} and account_email = ${email}`;
  assert.deepEqual(cal, { connected_by: email, token_status: "healthy" });
  console.log(`  link → consent → ${landed.pathname} "connected"; calendar stored for ${email}`);

  const reused = await fetch(connectUrl, { redirect: "manual" });
  await reused.body?.cancel();
  assert.equal(reused.status, 303);
  assert.equal(new URL(reused.headers.get("location")!).searchParams.get("reason"), "ticket_used");
  const human = await cli("connect-link", "--property", p.name, "--valid-hours", "2", "--return-url", "https://wp.example/after");
  assert.equal(human.code, 0, human.stderr);
  const link2 = human.stdout.match(/^\s+(http\S+)$/m)![1];
  await sql`update public.connect_tickets set expires_at = now() - interval '1 minute' where token_hash = ${await sha256Hex(new URL(link2).searchParams.get("ticket")!)}`;
  const expired = await fetch(link2, { redirect: "manual" });
  await expired.body?.cancel();
  assert.equal(expired.headers.get("location"), "https://wp.example/after?lumaleasing_calendar=error&reason=ticket_expired");
  const forged = await fetch(`${(await stack()).functionsUrl}/lumaleasing/calendar/connect?ticket=llct_${"A".repeat(43)}`, { redirect: "manual" });
  assert.equal(forged.status, 400);
  await forged.body?.cancel();
  console.log("  used again → ticket_used; expired → back to --return-url with ticket_expired; an unknown token → 400");

  const tickets = async () => (await sql`select count(*)::int as n from public.connect_tickets`)[0].n;
  const before = await tickets();
  for (const args of [["--valid-hours", "0"], ["--valid-hours", "73"], ["--return-url", "javascript:alert(1)"]]) {
    const r = await cliJson("connect-link", "--property", p.id, ...args);
    assert.equal(r.code, 1);
    console.log(`  ${args.join(" ")} → ${r.doc.error.message}`);
  }
  const none = await cli("connect-link", "--property", "No Such Place");
  assert.match(none.stderr, /no property/);
  assert.equal(await tickets(), before, "no ticket minted by a refusal");
  await closeAdminSql();
});
