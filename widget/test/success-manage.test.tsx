import type { ManagedBooking } from "../src/api/types.ts";
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { BOOKING, fakeBackend } from "./fakeBackend.ts";
import { renderWidget } from "./render.tsx";

afterEach(cleanup);

const MANAGED: ManagedBooking = {
  id: "bk_1",
  start: "2026-12-01T20:00:00.000Z",
  end: "2026-12-01T20:30:00.000Z",
  timezone: "America/Chicago",
  status: "confirmed",
  canCancel: true,
  canReschedule: true,
  propertyName: "Maple Court Apartments",
  language: "en",
};

async function booked() {
  const rendered = await renderWidget();
  rendered.store.startBooking();
  await waitFor(() => expect(rendered.store.availability.value.status).toBe("ready"));
  rendered.store.dispatch({ type: "PICK_SLOT", start: BOOKING.start });
  rendered.store.dispatch({ type: "BOOKED", booking: BOOKING });
  await screen.findByRole("heading", { name: "You're booked!" });
  return rendered;
}

describe("success mode", () => {
  it("confirms calmly, with focus on the heading and a reduced-motion-aware animation", async () => {
    await booked();
    const heading = screen.getByRole("heading", { name: "You're booked!" });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(screen.getByText(/Your tour is Tuesday, December 1, 2026 at 2:00 PM \(Central Time\)/)).toBeTruthy();
    expect(document.querySelector("svg.ll-tick")!.getAttribute("aria-hidden")).toBe("true");
  });

  it("links to a Google Calendar template with UTC dates, details and location", async () => {
    await booked();
    const link = screen.getByRole("link", { name: "Add to Google Calendar" }) as HTMLAnchorElement;
    const url = new URL(link.href);
    expect(url.origin + url.pathname).toBe("https://calendar.google.com/calendar/render");
    expect(url.searchParams.get("action")).toBe("TEMPLATE");
    expect(url.searchParams.get("text")).toBe("Apartment tour at Maple Court Apartments");
    expect(url.searchParams.get("dates")).toBe("20261201T200000Z/20261201T203000Z");
    expect(url.searchParams.get("details")).toContain(BOOKING.manageUrl);
    expect(url.searchParams.get("location")).toBe("100 Maple Ct, Chicago, IL");
    expect(link.getAttribute("rel")).toContain("noopener");
  });

  it("offers an .ics file built in the browser", async () => {
    await booked();
    const link = screen.getByRole("link", { name: "Download calendar file (.ics)" }) as HTMLAnchorElement;
    expect(link.getAttribute("download")).toBe("tour.ics");
    const ics = decodeURIComponent(link.href.replace(/^data:text\/calendar;charset=utf-8,/, ""));
    expect(ics).toContain("BEGIN:VEVENT\r\n");
    expect(ics).toContain("UID:tour-bk_1@lumaleasing\r\n"); // the emailed invitation's UID
    expect(ics).toContain("DTSTART:20261201T200000Z\r\n");
    expect(ics).toContain("DTEND:20261201T203000Z\r\n");
    expect(ics).toContain("LOCATION:100 Maple Ct\\, Chicago\\, IL\r\n");
    expect(ics.split("\r\n").every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true);
  });

  it("Back to chat leaves a success message in the chat; Schedule another tour reopens the calendar", async () => {
    const { store, backend } = await booked();
    fireEvent.click(screen.getByRole("button", { name: "Back to chat" }));
    const log = await screen.findByRole("log");
    expect(within(log).getByText(/You're booked for Tuesday, December 1, 2026 at 2:00 PM \(Central Time\)/)).toBeTruthy();
    store.dispatch({ type: "BOOKED", booking: BOOKING }); // ignored in chat
    expect(store.state.value.mode).toBe("chat");
    store.state.value = { mode: "success", booking: BOOKING };
    fireEvent.click(await screen.findByRole("button", { name: "Schedule another tour" }));
    expect(await screen.findByRole("heading", { name: "Choose a day" })).toBeTruthy();
    await waitFor(() => expect(backend.calls("GET /tours/availability").length).toBe(2));
  });
});

describe("manage mode", () => {
  function manageBackend(overrides = {}) {
    return fakeBackend({
      "GET /tours/manage": (req) =>
        req.query.get("token") === "tok_abc"
          ? { body: { success: true, booking: MANAGED } }
          : { status: 404, body: { success: false, error: { code: "invalid_token", message: "Unknown" } } },
      ...overrides,
    });
  }

  it("loads the tour from the token and shows it", async () => {
    const backend = manageBackend();
    const { store, container } = await renderWidget({ backend, open: false });
    store.openManage("tok_abc");
    expect(await screen.findByText("Maple Court Apartments", { selector: "p" })).toBeTruthy();
    expect(container.querySelector("[data-mode]")!.getAttribute("data-mode")).toBe("manage");
    expect(screen.getByText("Tuesday, December 1, 2026 at 2:00 PM (Central Time)")).toBeTruthy();
    expect(screen.getByText("Confirmed")).toBeTruthy();
    expect(backend.calls("GET /tours/manage")[0].query.get("token")).toBe("tok_abc");
  });

  it("speaks the booking's language: a Spanish booking opened on an English page shows and cancels in Spanish", async () => {
    const spanish = { ...MANAGED, language: "es" as const };
    const backend = fakeBackend({
      "GET /tours/manage": { body: { success: true, booking: spanish } },
      "POST /tours/manage/cancel": { body: { success: true, booking: { ...spanish, status: "cancelled", canCancel: false, canReschedule: false } } },
    });
    const { store, container } = await renderWidget({ backend, open: false, lang: "en" });
    store.openManage("tok_abc");
    expect(await screen.findByRole("heading", { name: "Tu visita" })).toBeTruthy();
    expect(screen.getByText("martes, 1 de diciembre de 2026 a las 14:00 (hora central)")).toBeTruthy();
    expect(screen.getByText("Confirmada")).toBeTruthy();
    expect(container.querySelector("[lang]")!.getAttribute("lang")).toBe("es");
    fireEvent.click(screen.getByRole("button", { name: "Cancelar visita" }));
    expect(await screen.findByText("¿Cancelar tu visita del martes, 1 de diciembre de 2026 a las 14:00 (hora central)?")).toBeTruthy();
    expect(screen.queryByText(/Cancel tour|Reschedule|Your tour/)).toBeNull();
    console.log("manage mode in Spanish on an English page: heading, date, status and the cancel question in Spanish");
  });

  it("an English booking on a Spanish page is managed in English", async () => {
    const { store } = await renderWidget({ backend: manageBackend(), open: false, lang: "es" });
    store.openManage("tok_abc");
    expect(await screen.findByRole("heading", { name: "Your tour" })).toBeTruthy();
    expect(screen.getByText("Tuesday, December 1, 2026 at 2:00 PM (Central Time)")).toBeTruthy();
    console.log("manage mode follows the booking (en) over the page (es)");
  });

  it("cancels only after a confirmation step", async () => {
    const backend = manageBackend({ "POST /tours/manage/cancel": { body: { success: true, booking: { ...MANAGED, status: "cancelled", canCancel: false, canReschedule: false } } } });
    const { store } = await renderWidget({ backend, open: false });
    store.openManage("tok_abc");
    fireEvent.click(await screen.findByRole("button", { name: "Cancel tour" }));
    const question = await screen.findByText("Cancel your tour on Tuesday, December 1, 2026 at 2:00 PM (Central Time)?");
    await waitFor(() => expect(document.activeElement).toBe(question));
    fireEvent.click(screen.getByRole("button", { name: "Keep my tour" }));
    expect(backend.calls("POST /tours/manage/cancel")).toHaveLength(0);
    fireEvent.click(await screen.findByRole("button", { name: "Cancel tour" }));
    fireEvent.click(await screen.findByRole("button", { name: "Yes, cancel my tour" }));
    expect((await screen.findByRole("status")).textContent).toBe("Your tour is cancelled. We hope to see you another time.");
    expect(screen.getByText("Cancelled")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Cancel tour" })).toBeNull();
    expect(backend.calls("POST /tours/manage/cancel")[0].body).toEqual({ token: "tok_abc" });
  });

  it("reschedules through the calendar, handling a 409 with alternatives", async () => {
    const moved = { ...MANAGED, start: "2026-12-04T22:30:00.000Z", end: "2026-12-04T23:00:00.000Z" };
    const backend = manageBackend({
      "POST /tours/manage/reschedule": [
        {
          status: 409,
          body: { success: false, error: { code: "slot_taken", message: "Taken" }, alternatives: [{ date: "2026-12-04", time: "16:30", start: "2026-12-04T22:30:00.000Z" }] },
        },
        { body: { success: true, booking: moved } },
      ],
    });
    const { store } = await renderWidget({ backend, open: false });
    store.openManage("tok_abc");
    fireEvent.click(await screen.findByRole("button", { name: "Reschedule" }));
    expect(await screen.findByRole("heading", { name: "Choose a new time" })).toBeTruthy();
    await screen.findByRole("grid");
    fireEvent.click(screen.getByRole("button", { name: "Next month" }));
    fireEvent.click(await screen.findByRole("gridcell", { name: /Friday, December 4, 2026/ }));
    fireEvent.click(await screen.findByRole("button", { name: "11:00 AM" }));
    expect(await screen.findByText("Move your tour to Friday, December 4, 2026 at 11:00 AM (Central Time)?")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Confirm new time" }));
    const alternative = await screen.findByRole("button", { name: "Friday, December 4 at 4:30 PM" });
    fireEvent.click(alternative);
    expect(await screen.findByText("Move your tour to Friday, December 4, 2026 at 4:30 PM (Central Time)?")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Confirm new time" }));
    expect((await screen.findByRole("status")).textContent).toBe("Done! Your tour is now Friday, December 4, 2026 at 4:30 PM (Central Time).");
    expect(backend.calls("POST /tours/manage/reschedule").map((r) => r.body)).toEqual([
      { token: "tok_abc", start: "2026-12-04T17:00:00.000Z" },
      { token: "tok_abc", start: "2026-12-04T22:30:00.000Z" },
    ]);
    expect(store.state.value).toEqual({ mode: "manage", step: "view" });
  });

  it.each([
    ["invalid_token", "This link isn't valid. Please use the link in your latest confirmation email."],
    ["expired", "This link has expired. Please contact the leasing team to change your tour."],
    ["already_cancelled", "This tour was already cancelled."],
    ["tour_past", "This tour has already taken place."],
  ])("explains the %s error", async (code, message) => {
    const backend = fakeBackend({ "GET /tours/manage": { status: 410, body: { success: false, error: { code, message: "x" } } } });
    const { store } = await renderWidget({ backend, open: false });
    store.openManage("tok_zzz");
    expect((await screen.findByRole("alert")).textContent).toBe(message);
    fireEvent.click(screen.getByRole("button", { name: "Back to chat" }));
    expect(await screen.findByRole("log")).toBeTruthy();
  });
});
