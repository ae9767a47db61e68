// Connecting Google Calendar: the OAuth round trip through the emulator, state and
// ticket checks, tokens at rest, revocation, and one refresh for a burst of requests.
import assert from "node:assert/strict";
import {
  adminSql,
  closeAdminSql,
  connectCalendar,
  createTestProperty,
  googleControl,
  siteFetch,
  stack,
  widgetFetch,
} from "../../../scripts/lib/test-support.ts";
import { fromBase64url } from "../_shared/adapters/crypto.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test("connect: Allow stores the calendar healthy, Deny comes back as denied", opts, async () => {
  const p = await createTestProperty();
  const email = `allow-${p.id.slice(0, 8)}@example.com`;
  const allowed = await connectCalendar(p, email);
  assert.equal(allowed.finalUrl.searchParams.get("lumaleasing_calendar"), "connected");
  assert.equal(allowed.finalUrl.searchParams.get("account"), email);
  assert.equal(allowed.finalUrl.pathname, "/wp-admin/options-general.php");
  const status = await (await siteFetch(p, "calendar/status")).json();
  assert.equal(status.calendars.length, 1);
  assert.equal(status.calendars[0].accountEmail, email);
  assert.equal(status.calendars[0].tokenStatus, "healthy");
  assert.equal(status.calendars[0].timeZone, "America/Chicago");
  console.log(`  Allow → back on the settings page, "${email}" healthy`);

  const again = await connectCalendar(p, email);
  assert.equal(again.calendarId, allowed.calendarId);
  const after = await (await siteFetch(p, "calendar/status")).json();
  assert.equal(after.calendars.length, 1);
  console.log("  reconnecting the same account updates its row, no duplicate");

  const denied = await connectCalendar(p, `deny-${p.id.slice(0, 8)}@example.com`, { decision: "deny" });
  assert.equal(denied.finalUrl.searchParams.get("lumaleasing_calendar"), "denied");
  assert.equal(denied.calendarId, undefined);
  console.log("  Deny → back on the settings page with lumaleasing_calendar=denied");
});

Deno.test("connect: tokens are never stored in plaintext", opts, async () => {
  const p = await createTestProperty();
  const email = `plain-${p.id.slice(0, 8)}@example.com`;
  const { calendarId } = await connectCalendar(p, email);
  const sql = await adminSql();
  const [row] = await sql`select access_token_enc, refresh_token_enc from public.agent_calendars where id = ${calendarId!}`;
  const decoder = new TextDecoder();
  for (const enc of [row.access_token_enc, row.refresh_token_enc]) {
    assert.ok(enc && enc.length > 28, "a ciphertext is stored");
    assert.doesNotMatch(decoder.decode(enc), /ya29\.|1\/\//);
  }
  // Every text and JSON column of every table: no Google token anywhere.
  const tables = await sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`;
  for (const { table_name } of tables) {
    const [hit] = await sql`select count(*)::int as n from ${sql("public." + table_name)} t
      where row_to_json(t)::text ~ ${"ya29\\.|1//"}`;
    assert.equal(hit.n, 0, `no plaintext token in ${table_name}`);
  }
  console.log(`  ${tables.length} tables scanned: no access or refresh token in plaintext`);
});

Deno.test("connect: forged, expired and replayed state, and a tampered ticket, are refused", opts, async () => {
  const s = await stack();
  const base = `${s.functionsUrl}/lumaleasing/calendar`;
  const forged = await fetch(`${base}/callback?code=abc&state=${encodeURIComponent("eyJub25jZSI6IngifQ.bm90LWEtc2lnbmF0dXJl")}`);
  assert.equal(forged.status, 400);
  const page = await forged.text();
  assert.match(page, /could not be verified/);
  assert.doesNotMatch(page, /Error|at file:|\{"/);
  console.log("  forged state → 400 page with a readable reason, no stack trace");

  const p = await createTestProperty();
  const other = await createTestProperty();
  const ticketRes = await siteFetch(p, "admin/connect-ticket", {
    method: "POST",
    body: JSON.stringify({ wpUserEmail: "admin@widget.test", returnUrl: `${p.origin}/wp-admin/options-general.php?page=lumaleasing` }),
  });
  const { connectUrl } = await ticketRes.json();
  const ticket = new URL(connectUrl).searchParams.get("ticket")!;
  const [payload, sig] = ticket.split(".");
  const claims = JSON.parse(new TextDecoder().decode(fromBase64url(payload)));
  claims.propertyId = other.id;
  const swapped = btoa(JSON.stringify(claims)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const tampered = await fetch(`${base}/connect?ticket=${encodeURIComponent(`${swapped}.${sig}`)}`, { redirect: "manual" });
  assert.equal(tampered.status, 400);
  await tampered.body?.cancel();
  console.log("  a ticket for property A edited to name property B → 400");
  const crossSecret = await fetch(`${s.functionsUrl}/lumaleasing/calendar/status`, {
    headers: { authorization: `Bearer ${p.siteSecret}`, "x-lumaleasing-property": other.id },
  });
  assert.equal(crossSecret.status, 401);
  await crossSecret.body?.cancel();
  console.log("  A's site secret claiming B → 401");

  // A genuine state, replayed: the first use wins, the second is refused.
  const go = await fetch(connectUrl, { redirect: "manual" });
  await go.body?.cancel();
  const consent = new URL(go.headers.get("location")!);
  const state = consent.searchParams.get("state")!;
  const denied = await fetch(`${base}/callback?error=access_denied&state=${encodeURIComponent(state)}`, { redirect: "manual" });
  assert.equal(new URL(denied.headers.get("location")!).searchParams.get("lumaleasing_calendar"), "denied");
  await denied.body?.cancel();
  const replay = await fetch(`${base}/callback?code=whatever&state=${encodeURIComponent(state)}`, { redirect: "manual" });
  const replayed = new URL(replay.headers.get("location")!);
  await replay.body?.cancel();
  assert.equal(replayed.searchParams.get("lumaleasing_calendar"), "error");
  assert.equal(replayed.searchParams.get("reason"), "state_reused");
  console.log("  replayed state → back with reason=state_reused");

  // An expired state.
  const go2 = await fetch(connectUrl, { redirect: "manual" });
  await go2.body?.cancel();
  const state2 = new URL(go2.headers.get("location")!).searchParams.get("state")!;
  const sql = await adminSql();
  await sql`update public.oauth_states set expires_at = now() - interval '1 minute' where property_id = ${p.id} and consumed_at is null`;
  const late = await fetch(`${base}/callback?code=whatever&state=${encodeURIComponent(state2)}`, { redirect: "manual" });
  const lateUrl = new URL(late.headers.get("location")!);
  await late.body?.cancel();
  assert.equal(lateUrl.searchParams.get("reason"), "state_expired");
  console.log("  expired state → back with reason=state_expired");
});

Deno.test("tokens: a revoked grant flips the calendar to revoked, with one audit row and one alert", opts, async () => {
  const p = await createTestProperty();
  const email = `revoked-${p.id.slice(0, 8)}@example.com`;
  const { calendarId } = await connectCalendar(p, email);
  await googleControl(`accounts/${encodeURIComponent(email)}/revoke-grants`, {});
  const sql = await adminSql();
  await sql`update public.agent_calendars set access_token_expires_at = now() - interval '1 minute' where id = ${calendarId!}`;
  const res = await widgetFetch(p, "tours/availability");
  assert.equal(res.status, 503);
  await res.body?.cancel();
  const [cal] = await sql`select token_status from public.agent_calendars where id = ${calendarId!}`;
  assert.equal(cal.token_status, "revoked");
  const audits = await sql`select outcome from public.calendar_token_refreshes where agent_calendar_id = ${calendarId!} and trigger = 'request'`;
  assert.deepEqual(audits.map((a) => a.outcome), ["invalid_grant"]);
  const alerts = await sql`select payload from public.outbox where property_id = ${p.id} and kind = 'manager_alert'`;
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0].payload.calendarId, calendarId);
  const again = await widgetFetch(p, "tours/availability");
  await again.body?.cancel();
  const alertsAfter = await sql`select 1 from public.outbox where property_id = ${p.id} and kind = 'manager_alert'`;
  assert.equal(alertsAfter.length, 1);
  const status = await (await siteFetch(p, "calendar/status")).json();
  assert.equal(status.calendars[0].tokenStatus, "revoked");
  console.log("  invalid_grant → revoked, 1 audit row, 1 queued alert (not repeated), visitors get the fallback");
});

Deno.test("tokens: 20 concurrent requests on an expired token cause exactly one refresh", opts, async () => {
  const p = await createTestProperty();
  const email = `burst-refresh-${p.id.slice(0, 8)}@example.com`;
  const { calendarId } = await connectCalendar(p, email);
  const sql = await adminSql();
  await sql`update public.agent_calendars set access_token_expires_at = now() + interval '1 minute' where id = ${calendarId!}`;
  await googleControl("requests", undefined, "DELETE");
  // Each request asks with its own dates so no answer is shared but the token's.
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => widgetFetch(p, `tours/availability?days=${1 + (i % 5)}`)));
  for (const a of answers) {
    assert.equal(a.status, 200);
    await a.body?.cancel();
  }
  const tokenCalls = (await googleControl("requests?path=/token")).length;
  const audits = await sql`select outcome from public.calendar_token_refreshes where agent_calendar_id = ${calendarId!} and trigger = 'request'`;
  assert.equal(tokenCalls, 1);
  assert.deepEqual(audits.map((a) => a.outcome), ["refreshed"]);
  console.log(`  20 concurrent → ${tokenCalls} token call, ${audits.length} audit row`);
});

Deno.test("disconnect: revokes at Google, drops the tokens, keeps the history", opts, async () => {
  const p = await createTestProperty();
  const email = `bye-${p.id.slice(0, 8)}@example.com`;
  const { calendarId } = await connectCalendar(p, email);
  const res = await siteFetch(p, "calendar/disconnect", { method: "POST", body: JSON.stringify({ calendarId }) });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).revokedAtGoogle, true);
  const sql = await adminSql();
  const [row] = await sql`select token_status, access_token_enc, refresh_token_enc, disconnected_at from public.agent_calendars where id = ${calendarId!}`;
  assert.equal(row.token_status, "disconnected");
  assert.equal(row.access_token_enc, null);
  assert.equal(row.refresh_token_enc, null);
  assert.ok(row.disconnected_at);
  const audits = await sql`select 1 from public.calendar_token_refreshes where agent_calendar_id = ${calendarId!}`;
  assert.ok(audits.length >= 1, "history kept");
  const grants = await googleControl(`grants?email=${encodeURIComponent(email)}`);
  assert.ok(grants.every((g: { alive: boolean }) => !g.alive), "no live grant left at Google");
  const status = await (await siteFetch(p, "calendar/status")).json();
  assert.equal(status.calendars.length, 0);
  const bad = await siteFetch(p, "calendar/disconnect", { method: "POST", body: JSON.stringify({ calendarId: "nope" }) });
  assert.equal(bad.status, 422);
  await bad.body?.cancel();
  console.log("  disconnected: revoked at Google, tokens gone, audit kept; a bad id → 422");
  await closeAdminSql();
});

Deno.test("disconnect: an agent connected at two properties keeps the other property's connection", opts, async () => {
  const a = await createTestProperty();
  const b = await createTestProperty();
  const email = `two-homes-${a.id.slice(0, 8)}@example.com`;
  const { calendarId: atA } = await connectCalendar(a, email);
  const { calendarId: atB } = await connectCalendar(b, email);
  assert.ok(atA && atB);

  const first = await siteFetch(a, "calendar/disconnect", { method: "POST", body: JSON.stringify({ calendarId: atA }) });
  assert.equal(first.status, 200);
  const firstBody = await first.json();
  assert.equal(firstBody.revokedAtGoogle, false);
  assert.equal(firstBody.grantSharedWithAnotherProperty, true);

  // Property B's token still refreshes: its expired access token forces a call to Google.
  const sql = await adminSql();
  await sql`update public.agent_calendars set access_token_expires_at = now() - interval '1 minute' where id = ${atB}`;
  const availability = await widgetFetch(b, "tours/availability?days=2");
  assert.equal(availability.status, 200);
  await availability.body?.cancel();
  const [rowB] = await sql`select token_status from public.agent_calendars where id = ${atB}`;
  assert.equal(rowB.token_status, "healthy");

  // The last connection to go revokes the grant.
  const last = await siteFetch(b, "calendar/disconnect", { method: "POST", body: JSON.stringify({ calendarId: atB }) });
  const lastBody = await last.json();
  assert.equal(lastBody.revokedAtGoogle, true);
  assert.equal(lastBody.grantSharedWithAnotherProperty, false);
  const grants = await googleControl(`grants?email=${encodeURIComponent(email)}`);
  assert.ok(grants.every((g: { alive: boolean }) => !g.alive), "no live grant left at Google");
  console.log("  first disconnect left Google's grant for the other property (it still refreshed); the last one revoked it");
  await closeAdminSql();
});
