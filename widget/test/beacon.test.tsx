// The load-time beacon: once per load, at the first tour intent's calendar, the time from
// the intent to the calendar on screen goes out with navigator.sendBeacon — the public key
// and the milliseconds, nothing about the visitor — and never stands in the visitor's way.
import { cleanup, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AVAILABILITY, BACKEND, fakeBackend, WIDGET_KEY } from "./fakeBackend.ts";
import { renderWidget } from "./render.tsx";

let sent: Array<{ url: string; body: string }> = [];

beforeEach(() => {
  sent = [];
  Object.defineProperty(navigator, "sendBeacon", {
    configurable: true,
    value: vi.fn((url: string, body: string) => {
      sent.push({ url, body });
      return true;
    }),
  });
});
afterEach(() => {
  cleanup();
  delete (navigator as { sendBeacon?: unknown }).sendBeacon;
});

describe("load-time beacon", () => {
  it("sends the intent-to-calendar time once, with the key and the milliseconds only", async () => {
    const { store } = await renderWidget();
    expect(sent).toEqual([]);
    store.send("I'd like to schedule a tour on Saturday, I'm Ana, ana@example.com");
    await screen.findByRole("grid");
    await waitFor(() => expect(sent).toHaveLength(1));
    const [beacon] = sent;
    expect(beacon.url).toBe(`${BACKEND}/lumaleasing/beacon`);
    const body = JSON.parse(beacon.body);
    expect(Object.keys(body).sort()).toEqual(["key", "kind", "ms"]);
    expect(body.kind).toBe("calendar_load");
    expect(body.key).toBe(WIDGET_KEY);
    expect(Number.isInteger(body.ms) && body.ms >= 0 && body.ms < 10_000).toBe(true);
    expect(beacon.body).not.toContain("ana");
    // Back to the chat and a second tour intent in the same load: no second beacon.
    store.startBooking();
    store.startBooking();
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toHaveLength(1);
    console.log(`beacon: one ${beacon.body.length}-byte body ${JSON.stringify({ ...body, key: "<widget key>" })} to /beacon; none again in the same load`);
  });

  it("is not sent without a tour intent, nor while the calendar failed to load", async () => {
    const backend = fakeBackend({
      "GET /tours/availability": [
        { status: 503, body: { success: false, error: { code: "calendar_unavailable", message: "down" } } },
        { body: AVAILABILITY },
      ],
    });
    const { store } = await renderWidget({ backend });
    store.send("What's the pet policy?");
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual([]);
    store.startBooking();
    await waitFor(() => expect(store.availability.value.status).toBe("error"));
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual([]); // an error is not an interactive calendar
    await store.loadAvailability();
    await screen.findByRole("grid");
    await waitFor(() => expect(sent).toHaveLength(1));
    console.log("beacon: nothing for a question or a failed load; sent once the retry shows the calendar");
  });

  it("never throws into the widget when the browser refuses or lacks sendBeacon", async () => {
    Object.defineProperty(navigator, "sendBeacon", { configurable: true, value: () => { throw new TypeError("refused"); } });
    const { store } = await renderWidget();
    store.startBooking();
    await screen.findByRole("grid");
    await new Promise((r) => setTimeout(r, 0));
    delete (navigator as { sendBeacon?: unknown }).sendBeacon;
    const again = await renderWidget();
    again.store.startBooking();
    await new Promise((r) => setTimeout(r, 10));
    expect(screen.getAllByRole("grid").length).toBeGreaterThan(0);
    console.log("beacon: a throwing or missing sendBeacon leaves the calendar working");
  });
});
