// A visitor books a tour on the WordPress demo page ("Schedule a tour", the [lumaleasing]
// shortcode), and the booking is everywhere it should be: Postgres, the confirmation email
// with its .ics, the SMS, and the upcoming tours on the WordPress settings page.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchChromium, newVisitor, screenshot } from "./support/browser.ts";
import { adminSql, closeAdminSql, stack, waitForEmail, waitForSms } from "./support/stack.ts";
import {
  askForTour,
  confirmBooking,
  fillBookingForm,
  messageBox,
  pickFirstOpenDay,
  pickTime,
  randomTestIp,
  uniqueVisitor,
  visitFrom,
  waitForMode,
  wallTime,
} from "./support/widget.ts";
import { adminLogin, demoPageUrl, logIn, openSettings } from "./support/wordpress.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await closeAdminSql();
});

const ZONE = "America/Chicago";

test("a visitor books from the chat on the WordPress page; the tour reaches Postgres, email (.ics), SMS and the admin", async () => {
  console.log("checks: chat → calendar → day and time → form with SMS consent → success; then every place the tour must show up");
  const visitor = uniqueVisitor("wp");
  const v = await newVisitor(browser);
  const { page } = v;
  let time = "";
  try {
    await visitFrom(page, randomTestIp());
    await page.goto(demoPageUrl());
    const region = page.getByRole("region", { name: "Luma Heights" });
    await region.waitFor();
    await messageBox(page).waitFor();
    await waitForMode(page, "chat");
    console.log("  the demo page shows the widget inline, in chat mode");

    await askForTour(page);
    console.log("  'I'd like to schedule a tour' → calendar mode with the month grid");
    const date = await pickFirstOpenDay(page);
    time = await pickTime(page);
    console.log(`  picked ${date} at ${time} → confirmation mode`);
    await page.getByRole("group", { name: "Your tour" }).getByText(time).waitFor();
    await fillBookingForm(page, visitor);
    expect(await page.getByRole("checkbox", { name: /^Text me tour confirmations/ }).isChecked()).toBe(true);
    await screenshot(page, "wp-visitor-confirmation-1280");
    await confirmBooking(page);
    const body = (await page.getByText(/^Your tour is /).textContent())!;
    expect(body.replace(/\s/g, " ")).toContain(time);
    console.log(`  success: "${body.trim().slice(0, 90)}…"`);
    await screenshot(page, "wp-visitor-success-1280");
    expect(v.errors).toEqual([]);

    const rows = await adminSql()`select id, status, start_at, phone, sms_consent, sms_consent_text, agent_calendar_id, first_name, last_name
      from public.tour_bookings where property_id = ${stack().demo.propertyId} and email = ${visitor.email}`;
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row.status).toBe("confirmed");
    expect(row.sms_consent).toBe(true);
    expect(row.sms_consent_text).toMatch(/^Text me tour confirmations/);
    expect(row.agent_calendar_id).not.toBeNull();
    expect(String(row.phone).replace(/\D/g, "")).toMatch(new RegExp(visitor.e164.slice(-10) + "$"));
    expect(wallTime(row.start_at, ZONE)).toBe(time);
    expect(new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(row.start_at)).toBe(date);
    console.log(`  Postgres: booking ${row.id} confirmed for ${row.start_at.toISOString()}, SMS consent stored`);

    const email = await waitForEmail(visitor.email, 25_000);
    expect(email.subject).toMatch(/^Tour confirmed: Luma Heights/);
    const ics = email.attachments.find((a) => a.filename.endsWith(".ics"));
    expect(ics, "an .ics attachment").toBeDefined();
    expect(ics!.contentType).toMatch(/^text\/calendar/);
    const stamp = row.start_at.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
    expect(ics!.text).toContain("BEGIN:VCALENDAR");
    expect(ics!.text).toContain(`DTSTART:${stamp}`);
    console.log(`  email: "${email.subject}" with ${ics!.filename} (DTSTART:${stamp})`);

    // This booking's text carries the same manage link as its email.
    const token = /lumaleasing_manage=([\w-]+)/.exec(email.text ?? "")?.[1];
    expect(token, "a manage link in the email").toBeTruthy();
    const sms = await waitForSms(visitor.e164, 25_000, (m) => m.body.includes(token!));
    expect(sms.body).toContain("Luma Heights");
    expect(sms.to).toBe(visitor.e164);
    console.log(`  SMS to ${sms.to} (the form had "${visitor.phone}"): "${sms.body.slice(0, 80)}…"`);
  } finally {
    await v.close();
  }

  const admin = await newVisitor(browser);
  try {
    await logIn(admin.page, adminLogin());
    await openSettings(admin.page);
    const tour = admin.page.locator("#lumaleasing-admin-root").getByRole("listitem")
      .filter({ hasText: `${visitor.firstName} ${visitor.lastName}`, hasNot: admin.page.getByRole("listitem") });
    await tour.waitFor();
    expect((await tour.textContent())!.replace(/\s/g, " ")).toContain(time);
    console.log(`  WordPress admin, Upcoming tours: "${(await tour.innerText()).replace(/\s+/g, " ").trim()}"`);
    await tour.scrollIntoViewIfNeeded();
    await screenshot(admin.page, "wp-admin-upcoming-tours-1280");
  } finally {
    await admin.close();
  }
});
