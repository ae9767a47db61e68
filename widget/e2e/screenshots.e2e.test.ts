// Screenshots of every mode on a phone (375 px) and a desktop (1280 px), kept in
// test-results/screenshots/ for review: widget-<mode>-<width>.png.
import { statSync } from "node:fs";
import { expect, test } from "vitest";
import { newVisitor, screenshot } from "./support/browser.ts";
import { bookViaApi, firstOpenDay, todayIn } from "./support/stack.ts";
import { useBookablePage } from "./support/test-site.ts";
import {
  askForTour,
  confirmBooking,
  currentMode,
  fillBookingForm,
  openWithLauncher,
  pickFirstOpenDay,
  pickTime,
  uniqueVisitor,
  waitForMode,
} from "./support/widget.ts";

const setup = useBookablePage({ title: "Luma widget screenshots" });

const SIZES = [
  { width: 375, height: 812, phone: true },
  { width: 1280, height: 800, phone: false },
];

for (const size of SIZES) {
  test(`every mode at ${size.width} px`, async () => {
    console.log(`checks: chat, calendar, confirmation, success and manage render at ${size.width}×${size.height}; one screenshot each`);
    const v = await newVisitor(setup.browser, { viewport: { width: size.width, height: size.height }, isMobile: size.phone, hasTouch: size.phone, deviceScaleFactor: size.phone ? 2 : 1 });
    const { page } = v;
    const shots: string[] = [];
    const shoot = async (mode: string) => {
      expect(await currentMode(page)).toBe(mode);
      shots.push(await screenshot(page, `widget-${mode}-${size.width}`));
    };
    try {
      await page.goto(setup.site.url());
      await openWithLauncher(page);
      await shoot("chat");
      await askForTour(page);
      await pickFirstOpenDay(page);
      await shoot("calendar");
      await pickTime(page);
      await fillBookingForm(page, uniqueVisitor(`shot${size.width}`));
      await shoot("confirmation");
      await confirmBooking(page);
      await shoot("success");

      const { slots } = await firstOpenDay(setup.property, todayIn("America/Chicago"));
      const booking = await bookViaApi(setup.property, slots[slots.length - 1].start, { email: uniqueVisitor(`shot-manage${size.width}`).email });
      await page.goto(booking.manageUrl);
      await waitForMode(page, "manage");
      await page.getByRole("button", { name: "Reschedule" }).waitFor();
      await shoot("manage");
      for (const path of shots) expect(statSync(path).size).toBeGreaterThan(5_000);
      expect(v.errors).toEqual([]);
    } finally {
      await v.close();
    }
  });
}
