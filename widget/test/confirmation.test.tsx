import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BOOKING, fakeBackend } from "./fakeBackend.ts";
import { renderWidget } from "./render.tsx";

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const START = "2026-12-01T20:00:00.000Z";

async function openConfirmation(options: Parameters<typeof renderWidget>[0] = {}) {
  const rendered = await renderWidget(options);
  rendered.store.startBooking();
  await waitFor(() => expect(rendered.store.availability.value.status).toBe("ready"));
  rendered.store.pickSlot(START);
  await screen.findByRole("heading", { name: "Confirm your tour" });
  return rendered;
}

const field = (label: string | RegExp) => screen.getByLabelText(label) as HTMLInputElement;
const fill = (label: string | RegExp, value: string) => fireEvent.input(field(label), { target: { value } });
const submit = () => fireEvent.click(screen.getByRole("button", { name: "Book tour" }));
const focused = () => document.activeElement as HTMLElement;

function fillValid() {
  fill("First name", "Jane");
  fill("Last name", "Doe");
  fill("Email", "jane@example.com");
}

describe("confirmation mode", () => {
  it("summarises the slot and shows the form, with an unticked SMS consent and the property's leasing questions", async () => {
    await openConfirmation();
    const summary = screen.getByRole("group", { name: "Your tour" });
    expect(summary.textContent).toContain("Tuesday, December 1, 2026");
    expect(summary.textContent).toContain("2:00 PM (Central Time)");
    const consent = screen.getByRole("checkbox", { name: /Text me reminders about my tour/ }) as HTMLInputElement;
    expect(consent.checked).toBe(false);
    expect(field("Preferred move-in date").type).toBe("date");
    expect(within(screen.getByLabelText("Bedrooms")).getByRole("option", { name: "Studio" })).toBeTruthy();
    expect(field(/^Pets/)).toBeTruthy();
    expect(field("Special requests (optional)").maxLength).toBe(1000);
    expect(screen.getByText("0/1000 characters")).toBeTruthy();
    fill("Special requests (optional)", "Wheelchair access please");
    expect(screen.getByText("24/1000 characters")).toBeTruthy();
    // The honeypot is hidden from people and assistive technology.
    expect(document.querySelector('[name="website"]')!.closest("[aria-hidden=true]")).toBeTruthy();
  });

  it("validates inline: aria-invalid, aria-describedby messages, focus on the first problem, nothing sent", async () => {
    const backend = fakeBackend();
    await openConfirmation({ backend });
    fill("Email", "not-an-email");
    fill("Phone (optional)", "12");
    submit();
    await waitFor(() => expect(focused()).toBe(field("First name")));
    for (const [label, message] of [
      ["First name", "Enter your first name"],
      ["Last name", "Enter your last name"],
      ["Email", "Enter a valid email address"],
      ["Phone (optional)", "Enter a valid phone number"],
    ]) {
      const input = field(label);
      expect(input.getAttribute("aria-invalid")).toBe("true");
      const describedBy = input.getAttribute("aria-describedby")!;
      expect(document.getElementById(describedBy)!.textContent).toBe(message);
    }
    expect(backend.calls("POST /tours")).toHaveLength(0);
    fill("First name", "Jane");
    expect(field("First name").getAttribute("aria-invalid")).toBeNull();
  });

  it("asks for a phone number when SMS consent is ticked without one", async () => {
    await openConfirmation();
    fillValid();
    fireEvent.click(screen.getByRole("checkbox"));
    submit();
    await waitFor(() => expect(focused()).toBe(screen.getByRole("checkbox")));
    expect(screen.getByText("Add a phone number to get text messages")).toBeTruthy();
  });

  it("pre-fills the form from the lead captured in chat", async () => {
    const { store } = await renderWidget();
    store.send("I'm Maria Lopez, maria@example.com, 312 555 0142");
    await waitFor(() => expect(store.lead.value.email).toBe("maria@example.com"));
    store.startBooking();
    await waitFor(() => expect(store.availability.value.status).toBe("ready"));
    store.pickSlot(START);
    await screen.findByRole("heading", { name: "Confirm your tour" });
    expect(field("First name").value).toBe("Maria");
    expect(field("Last name").value).toBe("Lopez");
    expect(field("Email").value).toBe("maria@example.com");
    expect(field("Phone (optional)").value).toBe("312 555 0142");
  });

  it("books: sends the contract body with an Idempotency-Key, disables submit while sending, shows success", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const backend = fakeBackend();
    const original = backend.fetch;
    backend.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).endsWith("/tours")) await gate;
      return original(input, init);
    }) as typeof fetch;
    const { container } = await openConfirmation({ backend });
    fillValid();
    fill("Phone (optional)", "(312) 555-0199");
    fireEvent.click(screen.getByRole("checkbox"));
    fill("Preferred move-in date", "2027-01-15");
    fireEvent.input(screen.getByLabelText("Bedrooms"), { target: { value: "0" } });
    fill(/^Pets/, "one cat");
    fill("Special requests (optional)", "  Ground floor if possible ");
    submit();
    const sending = await screen.findByRole("button", { name: "Booking…" });
    expect((sending as HTMLButtonElement).disabled).toBe(true);
    release();
    expect(await screen.findByRole("heading", { name: "You're booked!" })).toBeTruthy();
    expect(container.querySelector("[data-mode]")!.getAttribute("data-mode")).toBe("success");
    const [request] = backend.calls("POST /tours");
    expect(request.headers["idempotency-key"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(request.body).toEqual({
      start: START,
      firstName: "Jane",
      lastName: "Doe",
      email: "jane@example.com",
      phone: "(312) 555-0199",
      specialRequests: "Ground floor if possible",
      smsConsent: true,
      smsConsentText: "Text me reminders about my tour. Message and data rates may apply. Reply STOP to opt out.",
      moveInDate: "2027-01-15",
      bedrooms: 0,
      pets: "one cat",
      sessionId: "session-1",
      website: "",
      language: "en",
    });
  });

  it("always sends the honeypot's value", async () => {
    const backend = fakeBackend();
    await openConfirmation({ backend });
    fillValid();
    fireEvent.input(document.querySelector('[name="website"]')!, { target: { value: "http://spam.example" } });
    submit();
    await screen.findByRole("heading", { name: "You're booked!" });
    expect(backend.calls("POST /tours")[0].body.website).toBe("http://spam.example");
  });

  it("maps the API's 422 fields onto the inputs", async () => {
    const backend = fakeBackend({
      "POST /tours": {
        status: 422,
        body: { success: false, error: { code: "invalid_input", message: "Check the form", fields: { email: "This email domain does not accept mail", phone: "Use a US phone number" } } },
      },
    });
    await openConfirmation({ backend });
    fillValid();
    fill("Phone (optional)", "+44 20 7946 0958");
    submit();
    await waitFor(() => expect(focused()).toBe(field("Email")));
    expect(field("Email").getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(field("Email").getAttribute("aria-describedby")!)!.textContent).toBe("This email domain does not accept mail");
    expect(document.getElementById(field("Phone (optional)").getAttribute("aria-describedby")!)!.textContent).toBe("Use a US phone number");
    expect(field("First name").value).toBe("Jane");
  });

  it("409 slot_taken offers the alternatives as buttons; choosing one updates the slot and books it", async () => {
    const backend = fakeBackend({
      "POST /tours": [
        {
          status: 409,
          body: {
            success: false,
            error: { code: "slot_taken", message: "Taken" },
            alternatives: [
              { date: "2026-12-01", time: "09:00", start: "2026-12-01T15:00:00.000Z" },
              { date: "2026-12-04", time: "11:00", start: "2026-12-04T17:00:00.000Z" },
            ],
          },
        },
        { status: 201, body: { success: true, booking: { ...BOOKING, start: "2026-12-04T17:00:00.000Z", end: "2026-12-04T17:30:00.000Z" } } },
      ],
    });
    const { store } = await openConfirmation({ backend });
    fillValid();
    submit();
    const group = await screen.findByRole("group", { name: /that time was just booked/ });
    await waitFor(() => expect(focused().id).toBe("ll-alts-h"));
    expect(within(group).getAllByRole("button").map((b) => b.textContent)).toEqual([
      "Tuesday, December 1 at 9:00 AM",
      "Friday, December 4 at 11:00 AM",
      "Choose another time",
    ]);
    fireEvent.click(within(group).getByRole("button", { name: "Friday, December 4 at 11:00 AM" }));
    expect(store.state.value).toEqual({ mode: "confirmation", start: "2026-12-04T17:00:00.000Z" });
    expect(screen.getByRole("group", { name: "Your tour" }).textContent).toContain("Friday, December 4, 2026");
    expect(field("Email").value).toBe("jane@example.com");
    submit();
    await screen.findByRole("heading", { name: "You're booked!" });
    const attempts = backend.calls("POST /tours");
    expect(attempts.map((r) => r.body.start)).toEqual([START, "2026-12-04T17:00:00.000Z"]);
    expect(attempts[0].headers["idempotency-key"]).not.toBe(attempts[1].headers["idempotency-key"]);
  });

  it("a booking request over 8 s is aborted; Retry resends the same submission with the same key and nothing typed is lost", async () => {
    const backend = fakeBackend({ "POST /tours": [{ hang: true }, { status: 201, body: { success: true, booking: BOOKING } }] });
    await openConfirmation({ backend });
    fillValid();
    fill("Special requests (optional)", "Bringing my dog");
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    submit();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(7_900);
    });
    expect(screen.queryByRole("alert")).toBeNull();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(200);
    });
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("This is taking longer than it should.");
    expect(field("First name").value).toBe("Jane");
    expect(field("Special requests (optional)").value).toBe("Bringing my dog");
    expect((screen.getByRole("button", { name: "Book tour" }) as HTMLButtonElement).disabled).toBe(false);
    vi.useRealTimers();
    fireEvent.click(within(alert).getByRole("button", { name: "Retry" }));
    expect(await screen.findByRole("heading", { name: "You're booked!" })).toBeTruthy();
    const attempts = backend.calls("POST /tours");
    expect(attempts).toHaveLength(2);
    expect(attempts[1].headers["idempotency-key"]).toBe(attempts[0].headers["idempotency-key"]);
    expect(attempts[1].body).toEqual(attempts[0].body);
  });

  it("429 explains the wait from Retry-After", async () => {
    const backend = fakeBackend({ "POST /tours": { status: 429, headers: { "Retry-After": "30" }, body: { success: false, error: { code: "rate_limited", message: "Slow down" } } } });
    await openConfirmation({ backend });
    fillValid();
    submit();
    expect((await screen.findByRole("alert")).textContent).toContain("Please wait 30 seconds and try again.");
  });

  it("Back returns to the calendar with the chosen day still selected", async () => {
    const { store } = await openConfirmation();
    store.pickDate("2026-12-01");
    fireEvent.click(screen.getByRole("button", { name: "Back" }));
    expect(await screen.findByRole("heading", { name: "Choose a day" })).toBeTruthy();
    expect(screen.getByRole("gridcell", { name: /December 1, 2026/ }).getAttribute("aria-selected")).toBe("true");
  });
});
