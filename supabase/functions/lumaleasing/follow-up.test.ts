// The follow-up email after an attended tour, against the running stack and the catcher:
// the setting (off by default; on needs an https apply link, 422 at the field otherwise,
// nothing written), one email per attended tour in the prospect's language however often
// the outcome is posted, in the tour's history with its delivery state — and none for a
// no-show or a property that has it off. (A tour corrected to no-show before its email
// went is skipped: outbox-prospect.test.ts.)
import assert from "node:assert/strict";
import { adminSql, closeAdminSql, createTestProperty, siteFetch, stack, type TestProperty } from "../../../scripts/lib/test-support.ts";
import { AdminSettings } from "../_shared/contracts/admin-settings.ts";
import { TourDetailResponse } from "../_shared/contracts/tour-admin.ts";
import { runOutbox } from "./hubspot-test-support.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const by = { wpUserId: 3, wpUserName: "Olga Office" };
const APPLY = "https://apply.example.com/luma?ref=tour";

async function call(p: TestProperty, path: string, body?: unknown) {
  const res = await siteFetch(p, path, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

interface Caught {
  subject: string;
  text: string;
  html: string | null;
}

async function inbox(to: string): Promise<Caught[]> {
  const s = await stack();
  const res = await fetch(`${s.mailUrl}/api/messages?kind=email&to=${encodeURIComponent(to)}`);
  return (await res.json()).messages as Caught[];
}

/** A tour that ended yesterday, still confirmed (no calendar that could move it). */
async function pastTour(p: TestProperty, last: string, language: string | null = null): Promise<{ id: string; email: string }> {
  const sql = await adminSql();
  const email = `${last.toLowerCase()}-${p.id.slice(0, 8)}@example.com`;
  const [row] = await sql`insert into public.tour_bookings (property_id, start_at, end_at, blocked_range, status, source,
      first_name, last_name, email, language)
    values (${p.id}, now() - interval '25 hours', now() - interval '24 hours 30 minutes',
      tstzrange(now() - interval '25 hours', now() - interval '24 hours 30 minutes'), 'confirmed', 'admin', 'Sam', ${last}, ${email}, ${language})
    returning id`;
  return { id: row.id, email };
}

async function followUps(bookingId: string) {
  const sql = await adminSql();
  return await sql<{ status: string; last_error: string | null }[]>`select status, last_error from public.outbox
    where kind = 'email' and payload ->> 'template' = 'tour_follow_up' and payload ->> 'bookingId' = ${bookingId}`;
}

/** Runs the outbox until no follow-up of these tours is pending (up to 20 s). */
async function drain(p: TestProperty, ids: string[]) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    await runOutbox(p);
    const pending = (await Promise.all(ids.map(followUps))).flat().filter((r) => r.status === "pending");
    if (pending.length === 0) return;
    if (Date.now() > deadline) assert.fail(`follow-ups still pending: ${JSON.stringify(pending)}`);
  }
}

Deno.test("follow-up setting: off by default; on needs an https apply link (422 at the field, nothing written)", opts, async () => {
  const p = await createTestProperty();
  const sql = await adminSql();
  const before = AdminSettings.parse((await call(p, "admin/settings")).body.settings);
  assert.equal(before.followUpEmail, false);
  assert.equal(before.applyUrl, null);

  const refusals: Array<[unknown, string]> = [
    [{ followUpEmail: true }, "applyUrl"],
    [{ followUpEmail: true, applyUrl: "http://apply.example.com/" }, "applyUrl"],
    [{ followUpEmail: true, applyUrl: "https://apply example.com/" }, "applyUrl"],
    [{ followUpEmail: "yes", applyUrl: APPLY }, "followUpEmail"],
    [{ followUpEmail: true, applyUrl: APPLY, tourMinutes: 5 }, "tourMinutes"],
  ];
  for (const [change, field] of refusals) {
    const res = await call(p, "admin/settings", change);
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.equal(res.body.success, false);
    assert.ok(res.body.error.fields[field], `${field} named for ${JSON.stringify(change)}: ${JSON.stringify(res.body.error.fields)}`);
  }
  const [untouched] = await sql`select follow_up_email, apply_url, tour_minutes from public.properties where id = ${p.id}`;
  assert.deepEqual({ ...untouched }, { follow_up_email: false, apply_url: null, tour_minutes: before.tourMinutes });

  const on = await call(p, "admin/settings", { followUpEmail: true, applyUrl: ` ${APPLY} ` });
  assert.equal(on.status, 200, JSON.stringify(on.body));
  assert.deepEqual(on.body.changed.sort(), ["applyUrl", "followUpEmail"]);
  assert.equal(on.body.settings.applyUrl, APPLY, "trimmed");
  const clear = await call(p, "admin/settings", { applyUrl: "" });
  assert.equal(clear.status, 422, "the link cannot go while the email is on");
  assert.equal(clear.body.error.fields.applyUrl, "Give the apply link (an https address) to send the follow-up email.");
  const off = await call(p, "admin/settings", { followUpEmail: false, applyUrl: "" });
  assert.equal(off.status, 200, JSON.stringify(off.body));
  assert.deepEqual([off.body.settings.followUpEmail, off.body.settings.applyUrl], [false, null]);
  console.log(`  default off; ${refusals.length} refusals each name their field, nothing written; on with a trimmed link; off clears it`);
});

Deno.test("follow-up email: one per attended tour in the prospect's language, in the history; none for no-show or off", opts, async () => {
  const p = await createTestProperty();
  const assertOk = (res: { status: number; body: unknown }) => assert.equal(res.status, 200, JSON.stringify(res.body));
  assertOk(await call(p, "admin/settings", { followUpEmail: true, applyUrl: APPLY }));
  const english = await pastTour(p, "English");
  const spanish = await pastTour(p, "Spanish", "es");
  const missed = await pastTour(p, "Missed");

  // Posted twice (a double click, a retry): one row, one email.
  assertOk(await call(p, `admin/tours/${english.id}/outcome`, { outcome: "completed", by }));
  assertOk(await call(p, `admin/tours/${english.id}/outcome`, { outcome: "completed", by }));
  assert.equal((await followUps(english.id)).length, 1, "the second post queues nothing more");
  assertOk(await call(p, `admin/tours/${spanish.id}/outcome`, { outcome: "completed", by }));
  assertOk(await call(p, `admin/tours/${missed.id}/outcome`, { outcome: "no_show", by }));
  assert.equal((await followUps(missed.id)).length, 0, "a no-show gets no follow-up");

  await drain(p, [english.id, spanish.id]);
  // Once more after it was sent: still one.
  assertOk(await call(p, `admin/tours/${english.id}/outcome`, { outcome: "completed", by }));
  await drain(p, [english.id]);

  const en = await inbox(english.email);
  assert.equal(en.length, 1, `one email: ${en.map((m) => m.subject).join(" | ")}`);
  assert.match(en[0].subject, /^Thanks for visiting /);
  assert.ok(en[0].text.includes(APPLY), "the apply link in the text");
  assert.ok(en[0].html?.includes(`href="${APPLY}"`), "the button links to the apply URL");
  const es = await inbox(spanish.email);
  assert.equal(es.length, 1);
  assert.match(es[0].subject, /^Gracias por visitar /);
  assert.ok(es[0].html?.includes("Solicitar ahora"));
  assert.equal((await inbox(missed.email)).length, 0);

  const detail = TourDetailResponse.parse((await call(p, `admin/tours/${english.id}`)).body);
  const emails = detail.history.filter((h) => h.event === "email" && h.details.template === "tour_follow_up");
  assert.equal(emails.length, 1);
  assert.equal(emails[0].details.delivery, "sent");

  // A property that has it off (the default) sends nothing.
  const quiet = await createTestProperty();
  const attended = await pastTour(quiet, "Quiet");
  assertOk(await call(quiet, `admin/tours/${attended.id}/outcome`, { outcome: "completed", by }));
  assert.equal((await followUps(attended.id)).length, 0);
  console.log("  completed ×3 → 1 email (en), es → Spanish, no-show → none, off → none; history: sent");
  await closeAdminSql();
});
