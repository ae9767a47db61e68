// The office's tour list (a range of local dates with filters and search) and the free
// slots for a phone booking or a reschedule, against the running stack (site secret).
import assert from "node:assert/strict";
import {
  adminSql,
  connectCalendar,
  createTestProperty,
  localInstant,
  nextWeekday,
  siteFetch,
  stack,
  type TestProperty,
  widgetFetch,
} from "../../../scripts/lib/test-support.ts";
import { OfficeSlotsResponse, TOUR_LIST_MAX_ROWS, TourListResponse } from "../_shared/contracts/tour-admin.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

async function get(p: TestProperty, path: string) {
  const res = await siteFetch(p, path);
  return { status: res.status, body: await res.json() };
}

async function list(p: TestProperty, query: string): Promise<TourListResponse> {
  const { status, body } = await get(p, `admin/tours?${query}`);
  assert.equal(status, 200, `${query}: ${JSON.stringify(body)}`);
  return TourListResponse.parse(body);
}

const names = (r: TourListResponse) => r.tours.map((t) => t.prospectName);

interface Arranged {
  start: string;
  minutes?: number;
  agent: string | null;
  status?: string;
  source: string;
  first: string;
  last: string;
  email: string;
  phone?: string | null;
}

async function arrange(p: TestProperty, tours: Arranged[]) {
  const sql = await adminSql();
  for (const t of tours) {
    const start = new Date(t.start);
    const end = new Date(start.getTime() + (t.minutes ?? 30) * 60_000);
    await sql`insert into public.tour_bookings (property_id, agent_calendar_id, start_at, end_at, blocked_range, status, source,
        first_name, last_name, email, phone)
      values (${p.id}, ${t.agent}, ${start}, ${end}, tstzrange(${start}, ${end}), ${t.status ?? "confirmed"}, ${t.source},
        ${t.first}, ${t.last}, ${t.email}, ${t.phone ?? null})`;
  }
}

Deno.test("tour list: a range of local dates, filtered by agent, status, source and searched by name, email or phone", opts, async () => {
  const p = await createTestProperty();
  const tag = p.id.slice(0, 8);
  const a = (await connectCalendar(p, `list-a-${tag}@example.com`)).calendarId!;
  const b = (await connectCalendar(p, `list-b-${tag}@example.com`)).calendarId!;
  const day = "2031-03-11"; // a Tuesday, far from any tour the calendars could move
  const later = "2031-04-20"; // 41 days after `day`
  await arrange(p, [
    { start: localInstant(day, "10:00"), agent: a, source: "widget", first: "Maria", last: "Lopez", email: `maria-${tag}@example.com`, phone: "+13125550111" },
    { start: localInstant(day, "11:00"), agent: b, source: "phone", first: "John", last: "Smith", email: `john-${tag}@example.com` },
    { start: localInstant(day, "12:00"), agent: a, status: "cancelled", source: "walk_in", first: "Ann", last: "Lee", email: `ann-${tag}@example.com` },
    // 23:30 in Chicago is the next day in UTC: it still belongs to `day`.
    { start: localInstant(day, "23:30"), agent: null, source: "admin", first: "Night", last: "Owl", email: `owl-${tag}@example.com` },
    { start: localInstant(later, "10:00"), agent: b, source: "widget", first: "Late", last: "Comer", email: `late-${tag}@example.com` },
  ]);

  const one = await list(p, `from=${day}&to=${day}`);
  assert.deepEqual(names(one), ["Maria Lopez", "John Smith", "Ann Lee", "Night Owl"]);
  assert.deepEqual(one.range, { from: day, to: day });
  assert.equal(one.capped, false);
  const maria = one.tours[0];
  assert.equal(maria.localDate, day);
  assert.equal(maria.localTime, "10:00");
  assert.equal(maria.prospectPhone, "+13125550111");
  assert.deepEqual(maria.agent, { calendarId: a, email: `list-a-${tag}@example.com`, name: maria.agent!.name });
  assert.equal(one.tours[3].agent, null);
  assert.equal(one.tours[3].localDate, day, "23:30 local is listed on its local date");

  assert.deepEqual(names(await list(p, `from=${day}&to=${day}&agent=${a}`)), ["Maria Lopez", "Ann Lee"]);
  assert.deepEqual(names(await list(p, `from=${day}&to=${day}&status=cancelled`)), ["Ann Lee"]);
  assert.deepEqual(names(await list(p, `from=${day}&to=${day}&status=cancelled&status=confirmed`)).length, 4);
  assert.deepEqual(names(await list(p, `from=${day}&to=${day}&status=cancelled,completed`)), ["Ann Lee"]);
  assert.deepEqual(names(await list(p, `from=${day}&to=${day}&source=phone`)), ["John Smith"]);
  assert.deepEqual(names(await list(p, `from=${day}&to=${day}&q=lopez`)), ["Maria Lopez"]);
  assert.deepEqual(names(await list(p, `from=${day}&to=${day}&q=${encodeURIComponent(`JOHN-${tag}@`)}`)), ["John Smith"]);
  assert.deepEqual(names(await list(p, `from=${day}&to=${day}&q=${encodeURIComponent("(312) 555-0111")}`)), ["Maria Lopez"]);
  assert.deepEqual(names(await list(p, `from=${day}&to=${day}&q=${encodeURIComponent("%")}`)), [], "% is literal, not a wildcard");
  assert.deepEqual(names(await list(p, `from=${day}&to=${day}&q=ann&agent=${b}`)), []);
  const to40 = "2031-04-19";
  assert.equal((await list(p, `from=${day}&to=${to40}`)).tours.length, 4);
  assert.equal((await list(p, `from=${day}&to=${later}`)).tours.length, 5);
  const month = await list(p, `from=${day}&to=${later}&perDay=2`);
  assert.deepEqual(names(month), ["Maria Lopez", "John Smith", "Late Comer"]);
  assert.deepEqual(month.dayTotals, { [day]: 4, [later]: 1 });
  assert.deepEqual((await list(p, `from=${day}&to=${later}&perDay=2&status=cancelled`)).dayTotals, { [day]: 1 });
  assert.equal((await list(p, `from=${day}&to=${day}`)).dayTotals, undefined);
  console.log("  one local day → 4 tours (23:30 local included); agent 2, cancelled 1, both statuses 4, phone 1; q by name, email, phone digits; % literal");
  console.log(`  perDay=2 → the first 2 of each local day, dayTotals ${JSON.stringify(month.dayTotals)}; filters apply to the totals`);

  // Another property's secret sees none of them, even naming this property's agent.
  const other = await createTestProperty();
  assert.equal((await list(other, `from=${day}&to=${later}`)).tours.length, 0);
  assert.equal((await list(other, `from=${day}&to=${later}&agent=${a}`)).tours.length, 0);
  // The settings page's question still answers as before.
  const upcoming = await list(p, "days=14");
  assert.equal(upcoming.range, null);
  assert.ok(upcoming.tours.every((t) => !t.prospectName.startsWith("Maria")), "2031 is not within 14 days");
  console.log("  another property's secret: 0 rows (also with this property's agent); days=14 still answers the upcoming tours");
});

Deno.test("tour list: bad parameters → 422 with the field, no secret → 401", opts, async () => {
  const p = await createTestProperty();
  const cases: Array<[string, string]> = [
    ["from=2031-01-01&to=2031-04-11", "to"], // 101 days
    ["from=2031-01-01", "to"],
    ["to=2031-01-01", "from"],
    ["from=2031-02-01&to=2031-01-31", "to"],
    ["from=2031-02-30&to=2031-03-01", "from"],
    ["status=lost", "status.0"],
    ["agent=not-a-uuid", "agent"],
    ["source=fax", "source"],
    ["days=0", "days"],
    [`q=${"x".repeat(201)}`, "q"],
    ["q=a%00b", "q"],
    ["perDay=0", "perDay"],
    ["perDay=21", "perDay"],
  ];
  for (const [query, field] of cases) {
    const { status, body } = await get(p, `admin/tours?${query}`);
    assert.equal(status, 422, `${query}: ${JSON.stringify(body)}`);
    assert.equal(body.success, false);
    assert.equal(body.error.code, "invalid_input");
    assert.ok(body.error.fields?.[field], `${query}: ${field} named in ${JSON.stringify(body.error.fields)}`);
  }
  assert.equal((await get(p, "admin/tours?from=2031-01-01&to=2031-04-10")).status, 200, "100 days is allowed");
  const res = await fetch(`${(await stack()).functionsUrl}/lumaleasing/admin/tours?days=14`);
  assert.equal(res.status, 401);
  await res.body?.cancel();
  console.log(`  ${cases.length} bad queries → 422 with the field named; 100 days → 200; no secret → 401`);
});

Deno.test("tour list: more than 5,000 rows → the first 5,000 and capped: true", opts, async () => {
  const p = await createTestProperty();
  const sql = await adminSql();
  await sql`insert into public.tour_bookings (property_id, start_at, end_at, blocked_range, status, source, first_name, last_name, email)
    select ${p.id}, t, t + interval '30 minutes', tstzrange(t, t + interval '30 minutes'), 'cancelled', 'admin', 'Bulk', 'Row' || i, 'bulk@example.com'
    from generate_series(1, ${TOUR_LIST_MAX_ROWS + 1}) i, lateral (select timestamptz '2032-01-05 15:00Z' + make_interval(mins => i * 5)) s(t)`;
  const r = await list(p, "from=2032-01-01&to=2032-03-01");
  assert.equal(r.capped, true);
  assert.equal(r.limit, TOUR_LIST_MAX_ROWS);
  assert.equal(r.tours.length, TOUR_LIST_MAX_ROWS);
  assert.equal(r.tours[0].prospectName, "Bulk Row1");
  const all = await list(p, "from=2032-01-01&to=2032-03-01&q=row5001");
  assert.deepEqual(names(all), ["Bulk Row5001"]);
  console.log(`  ${TOUR_LIST_MAX_ROWS + 1} tours in range → ${r.tours.length} answered, capped: true; a search still finds the last one`);
});

Deno.test("office slots: the slot engine's free slots per day, as the widget sees them; bad parameters 422", opts, async () => {
  const p = await createTestProperty();
  const a = (await connectCalendar(p, `slots-a-${p.id.slice(0, 8)}@example.com`)).calendarId!;
  const date = nextWeekday(3);
  const { status, body } = await get(p, `admin/tours/slots?from=${date}&days=2`);
  assert.equal(status, 200, JSON.stringify(body));
  const slots = OfficeSlotsResponse.parse(body);
  assert.equal(slots.timezone, "America/Chicago");
  const widget = await (await widgetFetch(p, `tours/availability?from=${date}&days=2`)).json();
  for (const day of slots.days) {
    assert.deepEqual(day.slots.map((s) => s.start), widget.slotsByDate[day.date].map((s: { start: string }) => s.start), day.date);
    assert.ok(day.slots.every((s) => s.agentCalendarIds.includes(a)));
  }
  assert.ok(slots.days.some((d) => d.date === date && d.slots.length > 0), "the asked-for day has slots");
  for (const [query, field] of [["days=0", "days"], ["days=32", "days"], ["from=2026-02-30", "from"], ["days=x", "days"]]) {
    const bad = await get(p, `admin/tours/slots?${query}`);
    assert.equal(bad.status, 422, `${query}: ${JSON.stringify(bad.body)}`);
    assert.ok(bad.body.error.fields[field], `${query} names ${field}`);
  }
  const beyond = await get(p, "admin/tours/slots?from=2099-01-01");
  assert.equal(beyond.status, 422);
  assert.equal(beyond.body.error.code, "beyond_booking_window");
  // Another property's secret gets its own (empty: nothing connected, no manual slots) schedule.
  const other = await createTestProperty();
  const theirs = await get(other, `admin/tours/slots?from=${date}&days=2`);
  assert.ok(theirs.status === 200 || theirs.status === 503, JSON.stringify(theirs.body));
  assert.ok(!JSON.stringify(theirs.body).includes(a), "never this property's agent");
  console.log(`  ${slots.days.reduce((n, d) => n + d.slots.length, 0)} slots over ${slots.days.length} days, the same starts as the widget's; 4 bad queries → 422; beyond the window → 422`);
});
