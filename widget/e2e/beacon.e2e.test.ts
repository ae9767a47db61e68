// The widget's load-time beacon in a real booking: the visitor asks for a tour, the calendar
// shows, and the widget's navigator.sendBeacon reaches the backend (204) with the public key
// and the milliseconds only; the stored row holds the timing and nothing about the visitor,
// and the booking itself goes through as ever. Once per load: the rest of the flow sends no other.
import type { Request } from "playwright-core";
import { expect, test } from "vitest";
import { newVisitor } from "./support/browser.ts";
import { adminSql, waitFor } from "./support/stack.ts";
import { useBookablePage } from "./support/test-site.ts";
import { bookFromChat, openWithLauncher, uniqueVisitor } from "./support/widget.ts";

const setup = useBookablePage({ title: "Beacon test" });

test("the calendar's load time reaches the backend during a booking, without personal data", async () => {
  console.log("checks: one sendBeacon to /beacon per load (text/plain, key + kind + ms), 204, a stored row with only the timing; the booking succeeds");
  const visitor = uniqueVisitor("beacon");
  const v = await newVisitor(setup.browser);
  const { page } = v;
  const beacons: Request[] = [];
  page.on("request", (r) => {
    if (r.url().endsWith("/lumaleasing/beacon")) beacons.push(r);
  });
  const answered = page.waitForResponse((r) => r.url().endsWith("/lumaleasing/beacon"), { timeout: 20_000 });
  try {
    await page.goto(setup.site.url());
    await openWithLauncher(page);
    const { date, time } = await bookFromChat(page, visitor);
    const response = await answered;
    expect(response.status()).toBe(204);
    const request = response.request();
    const body = JSON.parse(request.postData() ?? "{}");
    expect(Object.keys(body).sort()).toEqual(["key", "kind", "ms"]);
    expect(body.kind).toBe("calendar_load");
    expect(body.key).toBe(setup.property.widgetKey);
    expect(Number.isInteger(body.ms)).toBe(true);
    expect(request.headers()["content-type"]).toMatch(/^text\/plain/);
    console.log(`  booked ${date} ${time}; beacon ${request.method()} ${JSON.stringify({ ...body, key: "<widget key>" })} → ${response.status()}`);

    const sql = adminSql();
    const rows = await waitFor("the stored load time", async () => {
      const found = await sql`select * from public.metric_events where property_id = ${setup.property.id} and kind = 'calendar_load'`;
      return found.length ? found : null;
    });
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row.value_ms).toBe(body.ms);
    expect(row.outcome).toBe("ok");
    expect(row.detail).toBeNull();
    expect(Object.keys(row).sort()).toEqual(["at", "detail", "id", "kind", "outcome", "property_id", "value_ms"]);
    const stored = JSON.stringify(row);
    for (const personal of [visitor.email, visitor.firstName, visitor.lastName, visitor.phone, visitor.e164, setup.property.widgetKey]) {
      expect(stored).not.toContain(personal);
    }
    const [booking] = await sql`select email from public.tour_bookings where property_id = ${setup.property.id} and email = ${visitor.email}`;
    expect(booking?.email).toBe(visitor.email);
    expect(beacons).toHaveLength(1);
    console.log(`  stored: kind calendar_load, outcome ok, ${row.value_ms} ms, no detail — no name, email, phone or key; one beacon in the load`);
  } finally {
    await v.close();
  }
});
