// The Rules section of Settings → LumaLeasing Tours, through WordPress' REST proxy to the
// backend: the demo property's rules load, a refused change shows its error next to the
// field (nothing written), the week's preview lists what prospects see, and axe finds no
// violation in the section.
import AxeBuilder from "@axe-core/playwright";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchChromium, newVisitor, screenshot } from "./support/browser.ts";
import { adminSql, closeAdminSql, stack } from "./support/stack.ts";
import { adminLogin, logIn, settingsUrl } from "./support/wordpress.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await closeAdminSql();
});

test("Rules: the demo's rules load, a bad tour length is shown at its field with nothing saved, the preview lists the week", async () => {
  console.log("checks: Rules section via the REST proxy; tour length 5 → inline error, aria-invalid, Postgres unchanged; preview; axe");
  const [before] = await adminSql()`select tour_minutes, weekly_hours from public.properties where id = ${stack().demo.propertyId}`;
  const admin = await newVisitor(browser);
  const { page } = admin;
  try {
    await logIn(page, adminLogin());
    await page.goto(settingsUrl());
    const section = page.getByRole("region", { name: "Rules" });
    const length = section.getByLabel("Tour length");
    await length.waitFor();
    expect(await length.inputValue()).toBe(String(before.tour_minutes));
    const mondayOpens = section.getByRole("group", { name: "Monday, hours 1" }).getByLabel("Opens");
    expect(await mondayOpens.inputValue()).toBe(before.weekly_hours["1"][0].start);
    console.log(`  loaded: tour length ${before.tour_minutes} min, Monday opens ${before.weekly_hours["1"][0].start}`);

    await length.fill("5");
    await section.getByRole("button", { name: "Save rules" }).click();
    const alert = section.getByRole("alert");
    await alert.waitFor();
    expect(await length.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await length.getAttribute("aria-describedby"))!;
    const message = (await page.locator(`#${describedBy}`).textContent())!;
    expect(message).toMatch(/tour length must be from 10 to 240 minutes/i);
    const [after] = await adminSql()`select tour_minutes from public.properties where id = ${stack().demo.propertyId}`;
    expect(after.tour_minutes).toBe(before.tour_minutes);
    console.log(`  tour length 5 → "${message}" beside the field; Postgres still ${after.tour_minutes}`);

    await section.getByRole("button", { name: "Preview the next 7 days" }).click();
    const days = section.locator(".ll-preview li");
    await days.first().waitFor();
    expect(await days.count()).toBe(7);
    console.log(`  preview: ${(await days.allTextContents()).slice(0, 2).join(" | ")} …`);
    await screenshot(page, "wp-admin-rules-1280", true);

    const axe = await new AxeBuilder({ page }).include(".ll-rules").analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    console.log(`  axe: ${axe.passes.length} rules passed in the Rules section, no violation`);
  } finally {
    await admin.close();
  }
});
