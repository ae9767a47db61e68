// The property's rules over HTTP (site secret): read them, change them (422 with every bad
// field and nothing written), and preview the slots prospects will see.
import assert from "node:assert/strict";
import { adminSql, closeAdminSql, connectCalendar, createTestProperty, siteFetch, stack, type TestProperty } from "../../../scripts/lib/test-support.ts";
import { AdminSettings } from "../_shared/contracts/admin-settings.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

async function call(p: TestProperty, path: string, body?: unknown) {
  const res = await siteFetch(p, path, body === undefined ? {} : { method: "POST", body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

Deno.test("settings: read whole; a change applies what it names; bad fields 422 each, nothing written; another secret refused", opts, async () => {
  const p = await createTestProperty();
  const sql = await adminSql();
  const read = await call(p, "admin/settings");
  assert.equal(read.status, 200, JSON.stringify(read.body));
  const before = AdminSettings.parse(read.body.settings);
  assert.equal(before.timeZone, "America/Chicago");
  assert.deepEqual(before.leasingQuestions, { moveInDate: true, bedrooms: true, pets: true });

  const change = {
    weeklyHours: { ...before.weeklyHours, "1": [{ start: "09:00", end: "12:00" }, { start: "13:00", end: "17:00" }], "0": [] },
    dateExceptions: [{ date: "2026-12-25", closed: true }, { date: "2026-12-24", hours: [{ start: "09:00", end: "12:00" }] }],
    bufferAfterMinutes: 10,
    phone: "(312) 555-0142",
    defaultLanguage: "es",
    leasingQuestions: { moveInDate: true, bedrooms: false, pets: true },
    smsConsentText: "Envíame mensajes sobre mi visita. Responde STOP para no recibir más.",
  };
  const saved = await call(p, "admin/settings", change);
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  assert.deepEqual(saved.body.changed.sort(), ["bufferAfterMinutes", "dateExceptions", "defaultLanguage", "leasingQuestions", "phone", "smsConsentText", "weeklyHours"]);
  const [row] = await sql`select phone, buffer_after_minutes, default_language, leasing_questions, weekly_hours->'1' as monday
    from public.properties where id = ${p.id}`;
  assert.equal(row.phone, "+13125550142");
  assert.equal(row.buffer_after_minutes, 10);
  assert.equal(row.default_language, "es");
  assert.deepEqual(row.leasing_questions, change.leasingQuestions);
  assert.equal(row.monday.length, 2);

  const bad = await call(p, "admin/settings", {
    tourMinutes: 5,
    weeklyHours: { ...before.weeklyHours, "2": [{ start: "09:00", end: "12:00" }, { start: "11:00", end: "13:00" }] },
    defaultLanguage: "fr",
    smsConsentText: "Texts please, thanks a lot",
    email: "not-an-email",
  });
  assert.equal(bad.status, 422, JSON.stringify(bad.body));
  assert.equal(bad.body.error.code, "invalid_input");
  for (const field of ["tourMinutes", "weeklyHours.2", "defaultLanguage", "smsConsentText", "email"]) {
    assert.ok(bad.body.error.fields[field], `${field} named: ${JSON.stringify(bad.body.error.fields)}`);
  }
  // A valid rules change beside a bad widget field: still nothing written.
  const mixed = await call(p, "admin/settings", { tourMinutes: 45, smsConsentText: "short" });
  assert.equal(mixed.status, 422);
  assert.ok(mixed.body.error.fields.smsConsentText);
  const unknown = await call(p, "admin/settings", { brandNew: 1 });
  assert.equal(unknown.status, 422);
  const [after] = await sql`select tour_minutes, default_language from public.properties where id = ${p.id}`;
  assert.deepEqual({ ...after }, { tour_minutes: 30, default_language: "es" });

  const other = await createTestProperty();
  const s = await stack();
  const foreign = await fetch(`${s.functionsUrl}/lumaleasing/admin/settings`, {
    headers: { authorization: `Bearer ${other.siteSecret}`, "x-lumaleasing-property": p.id },
  });
  assert.equal(foreign.status, 401);
  await foreign.body?.cancel();
  console.log(`settings: read, ${saved.body.changed.length} settings changed, ${Object.keys(bad.body.error.fields).length} bad fields named at once with nothing written; another property's secret 401`);
  await closeAdminSql();
});

Deno.test("settings preview: the next days' slots follow the rules at once", opts, async () => {
  const p = await createTestProperty();
  await connectCalendar(p, `preview-${p.id.slice(0, 8)}@example.com`);
  const first = await call(p, "admin/settings/preview?days=7");
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(first.body.days.length, 7);
  assert.ok(first.body.days.some((d: { times: string[] }) => d.times.length > 0), "the default hours offer slots");

  const closedWeek = Object.fromEntries(["0", "1", "2", "3", "4", "5", "6"].map((d) => [d, [] as unknown[]]));
  closedWeek["3"] = [{ start: "10:00", end: "11:00" }];
  assert.equal((await call(p, "admin/settings", { weeklyHours: closedWeek, slotIntervalMinutes: 30, tourMinutes: 30, minNoticeMinutes: 0 })).status, 200);
  const after = await call(p, "admin/settings/preview?days=7");
  const open = after.body.days.filter((d: { times: string[] }) => d.times.length > 0);
  assert.equal(open.length, 1, JSON.stringify(after.body.days));
  assert.equal(new Date(`${open[0].date}T12:00:00Z`).getUTCDay(), 3, "only Wednesday is open");
  assert.ok(open[0].times.length >= 1 && open[0].times.length <= 2, JSON.stringify(open[0]));
  const bad = await call(p, "admin/settings/preview?days=99");
  assert.equal(bad.status, 400);
  console.log(`preview: 7 days; after closing all but Wednesday 10–11, only ${open[0].date} offers ${open[0].times.join(", ")}; days=99 → 400`);
  await closeAdminSql();
});
