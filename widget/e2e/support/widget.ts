// The visitor's steps through the widget, found by accessible role and name (Playwright's
// role locators reach into the widget's open shadow roots). Each waits for what it needs.
import type { Page } from "playwright-core";
import { stack } from "./stack.ts";

export type Mode = "chat" | "calendar" | "confirmation" | "success" | "manage";

export const launcher = (page: Page) => page.getByRole("button", { name: "Chat with us — schedule a tour" });
export const messageBox = (page: Page) => page.getByRole("textbox", { name: "Type your message" });

/** Waits until the widget's root reports `mode` (its testing hook, data-mode). */
export async function waitForMode(page: Page, mode: Mode, timeout = 15_000) {
  await page.locator(`.lumaleasing-widget .ll-root[data-mode="${mode}"]`).waitFor({ state: "attached", timeout });
}

export async function currentMode(page: Page): Promise<string | null> {
  return await page.locator(".lumaleasing-widget .ll-root").getAttribute("data-mode");
}

/** Floating widget: press the launcher and wait for the chat's message box. */
export async function openWithLauncher(page: Page) {
  await launcher(page).click();
  await messageBox(page).waitFor();
}

/** Types a message and sends it, as a visitor would. */
export async function sendMessage(page: Page, text: string) {
  await messageBox(page).fill(text);
  await page.getByRole("button", { name: "Send", exact: true }).click();
}

/** The month grid, once availability has loaded. */
export const grid = (page: Page) => page.getByRole("grid");
export const openDays = (page: Page) => page.locator('[role="gridcell"][data-date]:not([aria-disabled="true"])');

export async function askForTour(page: Page) {
  await sendMessage(page, "I'd like to schedule a tour");
  await waitForMode(page, "calendar");
  await grid(page).waitFor();
}

/** Picks the first day with open times and returns its date (YYYY-MM-DD). */
export async function pickFirstOpenDay(page: Page, index = 0): Promise<string> {
  const day = openDays(page).nth(index);
  const date = (await day.getAttribute("data-date"))!;
  await day.click();
  await page.getByRole("heading", { name: /^Available times on / }).waitFor();
  return date;
}

export const timeButtons = (page: Page) => page.getByRole("region", { name: /^Available times on / }).getByRole("button");

/** Picks the n-th open time of the selected day; returns its label (e.g. "10:00 AM"). */
export async function pickTime(page: Page, index = 0): Promise<string> {
  const button = timeButtons(page).nth(index);
  const label = (await button.textContent())!.trim().replace(/\s/g, " ");
  await button.click();
  await waitForMode(page, "confirmation");
  return label;
}

export interface Visitor {
  firstName: string;
  lastName: string;
  email: string;
  phone?: string;
  smsConsent?: boolean;
  specialRequests?: string;
}

/** A visitor with an address and a phone number no other test uses. */
export function uniqueVisitor(tag: string): Visitor & { phone: string; e164: string } {
  // 10–99: never +13125550100, the test properties' own phone.
  const n = String(10 + Math.floor(Math.random() * 90));
  const id = `${tag}-${Date.now().toString(36)}${n}`;
  return {
    firstName: "Jordan",
    lastName: `Tester ${Array.from({ length: 6 }, () => "abcdefghijklmnopqrstuvwxyz"[Math.floor(Math.random() * 26)]).join("")}`,
    email: `${id}@visitor.example`,
    phone: `(312) 555-01${n}`,
    e164: `+131255501${n}`,
    smsConsent: true,
  };
}

/** "9:30 AM" for an instant in a zone, as the widget's time buttons read. */
export function wallTime(instant: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "2-digit" }).format(new Date(instant)).replace(/\s/g, " ");
}

export const field = (page: Page, name: string) => page.getByRole("textbox", { name, exact: true });
export const smsConsentBox = (page: Page) => page.getByRole("checkbox", { name: /^Text me tour confirmations/ });
export const bookButton = (page: Page) => page.getByRole("button", { name: "Book tour", exact: true });

export async function fillBookingForm(page: Page, v: Visitor) {
  await field(page, "First name").fill(v.firstName);
  await field(page, "Last name").fill(v.lastName);
  await field(page, "Email").fill(v.email);
  if (v.phone) await field(page, "Phone (optional)").fill(v.phone);
  if (v.smsConsent) await smsConsentBox(page).check();
  if (v.specialRequests) await field(page, "Special requests (optional)").fill(v.specialRequests);
}

export async function confirmBooking(page: Page) {
  const answered = page.waitForResponse((r) => r.url().endsWith("/lumaleasing/tours") && r.request().method() === "POST");
  await bookButton(page).click();
  const response = await answered;
  if (response.status() !== 201) throw new Error(`booking answered ${response.status()}: ${await response.text()}`);
  await waitForMode(page, "success");
  await page.getByRole("heading", { name: "You're booked!" }).waitFor();
}

/** Everything the calendar, confirmation and success modes need, from an open chat. */
export async function bookFromChat(page: Page, v: Visitor): Promise<{ date: string; time: string }> {
  await askForTour(page);
  const date = await pickFirstOpenDay(page);
  const time = await pickTime(page);
  await fillBookingForm(page, v);
  await confirmBooking(page);
  return { date, time };
}

/**
 * Gives this page's calls to the functions an address of their own (a documentation range),
 * as a proxy in front of the functions would: the per-address booking limit then counts
 * this visitor alone, not every test run from 127.0.0.1.
 */
export async function visitFrom(page: Page, ip: string) {
  await page.route(`${stack().functionsUrl}/**`, (route) =>
    route.continue({ headers: { ...route.request().headers(), "x-forwarded-for": ip } }));
}

export function randomTestIp(): string {
  return `198.51.100.${1 + Math.floor(Math.random() * 250)}`;
}

/** What the widget's shadow root has focused: tag, role, name-ish text and data-date. */
export async function focusedInWidget(page: Page) {
  return await page.evaluate(() => {
    const host = document.querySelector(".lumaleasing-widget");
    const el = host?.shadowRoot?.activeElement as HTMLElement | null | undefined;
    if (!el) return null;
    return {
      tag: el.tagName.toLowerCase(),
      role: el.getAttribute("role"),
      label: el.getAttribute("aria-label") ?? el.textContent?.trim() ?? "",
      id: el.id,
      date: el.dataset.date ?? null,
    };
  });
}
