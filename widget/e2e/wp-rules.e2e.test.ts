// The Rules section of Settings → LumaLeasing Tours, through WordPress' REST proxy to the
// backend: the demo property's rules load, a refused change shows its error next to the
// field (nothing written), a good change (Sunday hours in two ranges) is stored as it was
// entered, the week's preview lists what prospects see, and axe finds no violation in the
// section. The demo's rules are put back afterwards.
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

test("Rules: the demo's rules load, a bad tour length is shown at its field with nothing saved, Sunday hours are saved, the preview lists the week", async () => {
  console.log("checks: Rules section via the REST proxy; tour length 5 → one inline error, Postgres unchanged; two Sunday ranges saved as entered; preview; axe");
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
    expect(await alert.innerText()).toMatch(/^1 setting needs another look; nothing was saved\./);
    expect(await length.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await length.getAttribute("aria-describedby"))!;
    const message = (await page.locator(`#${describedBy}`).textContent())!;
    expect(message).toMatch(/tour length must be from 10 to 240 minutes/i);
    const [after] = await adminSql()`select tour_minutes from public.properties where id = ${stack().demo.propertyId}`;
    expect(after.tour_minutes).toBe(before.tour_minutes);
    console.log(`  tour length 5 → "${message}" beside the field; Postgres still ${after.tour_minutes}`);

    await length.fill(String(before.tour_minutes));
    await section.getByRole("button", { name: "Add hours on Sunday" }).click();
    await section.getByRole("button", { name: "Add hours on Sunday" }).click();
    const sunday2 = section.getByRole("group", { name: "Sunday, hours 2" });
    await sunday2.getByLabel("Opens").fill("17:00");
    await sunday2.getByLabel("Closes").fill("19:00");
    await section.getByRole("button", { name: "Save rules" }).click();
    await section.getByText("Saved 1 change. Prospects see it at once.").waitFor();
    const [saved] = await adminSql()`select weekly_hours from public.properties where id = ${stack().demo.propertyId}`;
    expect(saved.weekly_hours["0"]).toEqual([{ start: "09:00", end: "17:00" }, { start: "17:00", end: "19:00" }]);
    expect(saved.weekly_hours["1"]).toEqual(before.weekly_hours["1"]);
    console.log(`  Sunday 09:00–17:00 and 17:00–19:00 saved; Postgres weekly_hours["0"] = ${JSON.stringify(saved.weekly_hours["0"])}`);

    await section.getByRole("button", { name: "Preview the next 7 days" }).click();
    const days = section.locator(".ll-preview li");
    await days.first().waitFor();
    expect(await days.count()).toBe(7);
    const sunday = (await days.allTextContents()).find((d) => d.startsWith("Sun"))!;
    expect(sunday).toContain("18:00");
    console.log(`  preview: ${(await days.allTextContents()).slice(0, 2).join(" | ")} …`);
    await screenshot(page, "wp-admin-rules-1280", true);

    const axe = await new AxeBuilder({ page }).include(".ll-rules").analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    console.log(`  axe: ${axe.passes.length} rules passed in the Rules section, no violation`);
  } finally {
    await admin.close();
    await adminSql()`update public.properties set weekly_hours = ${adminSql().json(before.weekly_hours)}, tour_minutes = ${before.tour_minutes}
      where id = ${stack().demo.propertyId}`;
    await adminSql()`delete from public.freebusy_cache where property_id = ${stack().demo.propertyId}`;
  }
});
