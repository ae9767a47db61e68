import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { fakeBackend } from "./fakeBackend.ts";
import { renderWidget } from "./render.tsx";

afterEach(cleanup);

async function openCalendar(options: Parameters<typeof renderWidget>[0] = {}) {
  const rendered = await renderWidget(options);
  rendered.store.startBooking();
  await screen.findByRole("grid");
  return rendered;
}

const cell = (name: string | RegExp) => screen.getByRole("gridcell", { name });
const focused = () => document.activeElement as HTMLElement;

describe("calendar mode", () => {
  it("shows a loading skeleton until availability arrives, then asks for the window the config sets", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const backend = fakeBackend();
    const original = backend.fetch;
    backend.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).includes("availability")) await gate;
      return original(input, init);
    }) as typeof fetch;
    const { store } = await renderWidget({ backend });
    store.startBooking();
    expect(await screen.findByText("Loading available times…", { selector: "p" })).toBeTruthy();
    expect(document.querySelector("[aria-busy=true]")).toBeTruthy();
    release();
    await screen.findByRole("grid");
    const [request] = backend.calls("GET /tours/availability");
    expect(request.query.get("from")).toBe("2026-11-28");
    expect(request.query.get("days")).toBe("14");
    expect(request.headers["x-widget-key"]).toBe("pk_test_123");
  });

  it("labels days with their date and number of open times; past and unavailable days are aria-disabled but focusable", async () => {
    await openCalendar();
    expect(screen.getByRole("heading", { name: "November 2026" })).toBeTruthy();
    const open = cell("Monday, November 30, 2026, 1 time available");
    expect(open.getAttribute("aria-disabled")).toBeNull();
    const past = cell("Friday, November 27, 2026, no times available");
    expect(past.getAttribute("aria-disabled")).toBe("true");
    expect(past.getAttribute("tabindex")).toBe("-1");
    const today = cell(/Saturday, November 28, 2026/);
    expect(today.getAttribute("aria-current")).toBe("date");
    expect(today.getAttribute("aria-disabled")).toBe("true");
    // Roving tabindex: exactly one day is in the tab order, the first open one.
    const tabbable = screen.getAllByRole("gridcell").filter((c) => c.getAttribute("tabindex") === "0");
    expect(tabbable).toEqual([open]);
  });

  it("navigates months only across the booking window", async () => {
    await openCalendar();
    const prev = screen.getByRole("button", { name: "Previous month" }) as HTMLButtonElement;
    const next = screen.getByRole("button", { name: "Next month" }) as HTMLButtonElement;
    expect(prev.disabled).toBe(true);
    fireEvent.click(next);
    expect(screen.getByRole("heading", { name: "December 2026" })).toBeTruthy();
    expect(cell("Tuesday, December 1, 2026, 2 times available")).toBeTruthy();
    expect(cell(/December 12, 2026, no times/).getAttribute("aria-disabled")).toBe("true");
    expect(next.disabled).toBe(true);
  });

  it("follows the APG grid keyboard model: arrows, Home/End, PageUp/PageDown, Enter", async () => {
    await openCalendar();
    const start = cell(/November 30, 2026/);
    start.focus();
    fireEvent.keyDown(start, { key: "ArrowRight" });
    await waitFor(() => expect(focused().getAttribute("data-date")).toBe("2026-12-01"));
    expect(screen.getByRole("heading", { name: "December 2026" })).toBeTruthy();
    fireEvent.keyDown(focused(), { key: "ArrowDown" });
    await waitFor(() => expect(focused().getAttribute("data-date")).toBe("2026-12-08"));
    fireEvent.keyDown(focused(), { key: "Home" });
    await waitFor(() => expect(focused().getAttribute("data-date")).toBe("2026-12-06"));
    fireEvent.keyDown(focused(), { key: "End" });
    await waitFor(() => expect(focused().getAttribute("data-date")).toBe("2026-12-12"));
    fireEvent.keyDown(focused(), { key: "ArrowUp" });
    await waitFor(() => expect(focused().getAttribute("data-date")).toBe("2026-12-05"));
    fireEvent.keyDown(focused(), { key: "PageUp" });
    await waitFor(() => expect(focused().getAttribute("data-date")).toBe("2026-11-05"));
    fireEvent.keyDown(focused(), { key: "PageUp" }); // October is outside the window
    expect(focused().getAttribute("data-date")).toBe("2026-11-05");
    fireEvent.keyDown(focused(), { key: "PageDown" });
    await waitFor(() => expect(focused().getAttribute("data-date")).toBe("2026-12-05"));
    fireEvent.keyDown(focused(), { key: "ArrowLeft" });
    fireEvent.keyDown(focused(), { key: "ArrowLeft" });
    fireEvent.keyDown(focused(), { key: "ArrowLeft" });
    fireEvent.keyDown(focused(), { key: "ArrowLeft" });
    await waitFor(() => expect(focused().getAttribute("data-date")).toBe("2026-12-01"));
    expect(focused().getAttribute("tabindex")).toBe("0");
    fireEvent.keyDown(focused(), { key: "Enter" });
    const times = await screen.findByRole("heading", { name: "Available times on Tuesday, December 1" });
    expect(cell(/December 1, 2026/).getAttribute("aria-selected")).toBe("true");
    await waitFor(() => expect(focused()).toBe(times));
  });

  it("does not select an unavailable day with Space or a click", async () => {
    const { store } = await openCalendar();
    const saturday = cell(/November 28, 2026/);
    saturday.focus();
    fireEvent.keyDown(saturday, { key: " " });
    fireEvent.click(saturday);
    expect(store.selectedDate.value).toBeNull();
    expect(screen.queryByRole("heading", { name: /Available times/ })).toBeNull();
  });

  it("lists the chosen day's open slots in the visitor's locale, then goes to confirmation", async () => {
    const { store } = await openCalendar();
    fireEvent.click(screen.getByRole("button", { name: "Next month" }));
    fireEvent.click(cell(/December 1, 2026/));
    const list = await screen.findByRole("heading", { name: /Available times on Tuesday, December 1/ });
    const buttons = within(list.parentElement!).getAllByRole("button").map((b) => b.textContent);
    expect(buttons).toEqual(["9:00 AM", "2:00 PM"]); // the unavailable 3:00 PM slot is left out
    fireEvent.click(screen.getByRole("button", { name: "2:00 PM" }));
    expect(await screen.findByRole("heading", { name: "Confirm your tour" })).toBeTruthy();
    expect(store.state.value).toEqual({ mode: "confirmation", start: "2026-12-01T20:00:00.000Z" });
  });

  it("shows 24-hour times for a 24-hour locale", async () => {
    await openCalendar({ locale: "en-GB" });
    fireEvent.click(screen.getByRole("button", { name: "Next month" }));
    fireEvent.click(cell(/^Tuesday,? 1 December 2026/));
    expect(await screen.findByRole("button", { name: "14:00" })).toBeTruthy();
  });

  it("names the property's zone, and notes when the visitor's zone differs", async () => {
    await openCalendar({ visitorTimeZone: "America/Chicago" });
    expect(screen.getByText("Times shown in Central Time")).toBeTruthy();
    expect(screen.queryByText(/Your time zone is/)).toBeNull();
    cleanup();
    await openCalendar({ visitorTimeZone: "America/Los_Angeles" });
    expect(screen.getByText("Your time zone is Pacific Time. Tour times are the community's local time.")).toBeTruthy();
  });

  it("503 calendar_unavailable shows the fallback phone and email links", async () => {
    const backend = fakeBackend({
      "GET /tours/availability": {
        status: 503,
        body: { success: false, error: { code: "calendar_unavailable", message: "down" }, fallback: { phone: "(312) 555-0111", email: "tours@maplecourt.example" } },
      },
    });
    const { store } = await renderWidget({ backend });
    store.startBooking();
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Online booking isn't available right now.");
    expect(within(alert).getByRole("link", { name: "Call (312) 555-0111" }).getAttribute("href")).toBe("tel:3125550111");
    expect(within(alert).getByRole("link", { name: "Email tours@maplecourt.example" }).getAttribute("href")).toBe("mailto:tours@maplecourt.example");
    expect(within(alert).queryByRole("button", { name: "Retry" })).toBeNull();
  });

  it("a network failure offers Retry, which loads the calendar", async () => {
    const backend = fakeBackend();
    const original = backend.fetch;
    let failures = 1;
    backend.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).includes("availability") && failures-- > 0) throw new TypeError("Failed to fetch");
      return original(input, init);
    }) as typeof fetch;
    const { store } = await renderWidget({ backend });
    store.startBooking();
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("We couldn't reach the server.");
    fireEvent.click(within(alert).getByRole("button", { name: "Retry" }));
    expect(await screen.findByRole("grid")).toBeTruthy();
  });

  it("says so when the window has no open times at all", async () => {
    const backend = fakeBackend({ "GET /tours/availability": { body: { success: true, availableDates: [], slotsByDate: {}, timezone: "America/Chicago", tourDuration: 30, source: "manual" } } });
    const { store } = await renderWidget({ backend });
    store.startBooking();
    expect(await screen.findByText(/There are no open tour times right now/)).toBeTruthy();
    expect(screen.getByRole("link", { name: "Call (312) 555-0100" })).toBeTruthy();
  });
});
