// The follow-up email's settings in the Rules section, through WordPress' REST proxy to the
// backend: turned on without an apply link, the backend's refusal shows at the Apply link
// field (nothing written); with an https link it is stored; axe finds no violation in the
// "After the tour" fields. The demo's settings are put back afterwards.
import AxeBuilder from "@axe-core/playwright";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launchChromium, newVisitor } from "./support/browser.ts";
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

test("Rules: the follow-up email needs an apply link (error at the field, nothing saved), then saves with one", async () => {
  console.log("checks: tick the follow-up box with no link → inline error at Apply link, Postgres unchanged; an https link → stored on; axe on the fieldset");
  const propertyId = stack().demo.propertyId;
  const [before] = await adminSql()`select follow_up_email, apply_url from public.properties where id = ${propertyId}`;
  const admin = await newVisitor(browser);
  const { page } = admin;
  try {
    await adminSql()`update public.properties set follow_up_email = false, apply_url = null where id = ${propertyId}`;
    await logIn(page, adminLogin());
    await page.goto(settingsUrl());
    const section = page.getByRole("region", { name: "Rules" });
    const box = section.getByRole("checkbox", { name: /thank-you with the apply link/ });
    await box.waitFor();
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await section.getByRole("button", { name: "Save rules" }).click();
    await section.getByRole("alert").waitFor();
    const link = section.getByLabel("Apply link", { exact: true });
    expect(await link.getAttribute("aria-invalid")).toBe("true");
    const message = (await page.locator(`#${await link.getAttribute("aria-describedby")}`).textContent())!;
    expect(message).toMatch(/Give the apply link/);
    const [refused] = await adminSql()`select follow_up_email from public.properties where id = ${propertyId}`;
    expect(refused.follow_up_email).toBe(false);
    console.log(`  on without a link → "${message}" at the field; Postgres still off`);

    await link.fill("https://apply.lumaheights.example/start");
    await section.getByRole("button", { name: "Save rules" }).click();
    await section.getByText(/^Saved 2 changes\./).waitFor();
    const [saved] = await adminSql()`select follow_up_email, apply_url from public.properties where id = ${propertyId}`;
    expect({ ...saved }).toEqual({ follow_up_email: true, apply_url: "https://apply.lumaheights.example/start" });
    console.log(`  saved: ${JSON.stringify(saved)}`);

    const axe = await new AxeBuilder({ page }).include(".ll-rules").analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    console.log(`  axe: ${axe.passes.length} rules passed in the Rules section, no violation`);
  } finally {
    await admin.close();
    await adminSql()`update public.properties set follow_up_email = ${before.follow_up_email}, apply_url = ${before.apply_url}
      where id = ${propertyId}`;
  }
});
