import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { cleanup } from "@testing-library/preact";
import { fakeBackend } from "./fakeBackend.ts";
import { renderWidget } from "./render.tsx";

afterEach(cleanup);

const log = () => screen.getByRole("log", { name: "Conversation" });
const quick = (name: string) => within(screen.getByRole("group", { name: "Suggestions" })).getByRole("button", { name });
const type = (text: string) => {
  fireEvent.input(screen.getByLabelText("Type your message"), { target: { value: text } });
  fireEvent.click(screen.getByRole("button", { name: "Send" }));
};

describe("chat mode", () => {
  it("is a labelled dialog showing the property's greeting in a polite log, with a labelled input", async () => {
    const { container } = await renderWidget();
    const dialog = screen.getByRole("dialog", { name: "Maple Court Apartments" });
    expect(container.querySelector("[data-mode]")?.getAttribute("data-mode")).toBe("chat");
    expect(log().getAttribute("aria-live")).toBe("polite");
    expect(within(log()).getByText("Welcome to Maple Court! How can we help?")).toBeTruthy();
    expect(within(dialog).getByLabelText("Type your message").tagName).toBe("INPUT");
    for (const name of ["Schedule a tour", "Pricing", "Pet policy", "Talk to someone"]) {
      expect(within(screen.getByRole("group", { name: "Suggestions" })).getByRole("button", { name })).toBeTruthy();
    }
  });

  it("answers a typed question from the property's FAQ entries", async () => {
    await renderWidget();
    type("Is there parking at the building?");
    expect(await within(log()).findByText("Every home comes with one covered parking space.")).toBeTruthy();
    expect((screen.getByLabelText("Type your message") as HTMLInputElement).value).toBe("");
  });

  it("answers the Pricing and Pet policy quick replies from the FAQ", async () => {
    await renderWidget();
    fireEvent.click(quick("Pricing"));
    expect(await within(log()).findByText("One bedrooms start at $1,450 a month.")).toBeTruthy();
    fireEvent.click(quick("Pet policy"));
    expect(await within(log()).findByText(/Cats and dogs under 50 lb/)).toBeTruthy();
  });

  it("offers phone and email links when it has no answer or the visitor wants a person", async () => {
    await renderWidget();
    type("Do you have a rooftop telescope?");
    await within(log()).findByText(/I'm not sure about that one/);
    fireEvent.click(quick("Talk to someone"));
    await within(log()).findByText(/The leasing team is happy to help/);
    const call = within(log()).getAllByRole("link", { name: "Call (312) 555-0100" });
    expect(call[0].getAttribute("href")).toBe("tel:3125550100");
    expect(within(log()).getAllByRole("link", { name: "Email leasing@maplecourt.example" })[0].getAttribute("href")).toBe(
      "mailto:leasing@maplecourt.example",
    );
  });

  it("switches to the calendar when the visitor asks for a tour", async () => {
    const { store } = await renderWidget();
    type("can I come see a 2 bedroom on Saturday?");
    expect(await screen.findByRole("heading", { name: "Choose a day" })).toBeTruthy();
    expect(store.state.value.mode).toBe("calendar");
  });

  it("switches to the calendar from the Schedule a tour quick reply, and Back returns to the chat history", async () => {
    await renderWidget();
    type("Is there parking?");
    fireEvent.click(quick("Schedule a tour"));
    await screen.findByRole("heading", { name: "Choose a day" });
    fireEvent.click(screen.getByRole("button", { name: "Back" }));
    expect(within(log()).getByText("Is there parking?")).toBeTruthy();
  });

  it("captures a lead: spots the email, asks for a name, then posts chat/lead with both", async () => {
    const backend = fakeBackend();
    const { store } = await renderWidget({ backend });
    type("You can reach me at jane.doe@example.com or 312-555-0199");
    expect(await within(log()).findByText("Thanks! And what's your name?")).toBeTruthy();
    expect(backend.calls("POST /chat/lead")).toHaveLength(0);
    type("Jane Doe");
    await within(log()).findByText("Thanks, Jane! The leasing team will be in touch soon.");
    const [lead] = backend.calls("POST /chat/lead");
    expect(lead.body).toEqual({ sessionId: "session-1", firstName: "Jane", lastName: "Doe", email: "jane.doe@example.com", phone: "312-555-0199", language: "en" });
    expect(lead.headers["x-widget-key"]).toBe("pk_test_123");
    expect(store.lead.value.firstName).toBe("Jane");
  });

  it("posts the lead at once when the name came with the contact details, and offers Retry if that fails", async () => {
    const backend = fakeBackend({ "POST /chat/lead": [{ status: 500, body: { success: false, error: { code: "oops", message: "x" } } }, { body: { success: true, lead: { id: "l2" } } }] });
    await renderWidget({ backend });
    type("My name is Luis Ortega, luis@example.com");
    await within(log()).findByText("I couldn't save your details just now.");
    fireEvent.click(within(log()).getByRole("button", { name: "Retry" }));
    await within(log()).findByText("Thanks, Luis! The leasing team will be in touch soon.");
    expect(backend.calls("POST /chat/lead").map((r) => r.body.firstName)).toEqual(["Luis", "Luis"]);
  });

  it("speaks Spanish when the page does, and still finds tour requests", async () => {
    await renderWidget({ lang: "es" });
    expect(screen.getByRole("button", { name: "Agendar una visita" })).toBeTruthy();
    fireEvent.input(screen.getByLabelText("Escribe tu mensaje"), { target: { value: "¿puedo agendar una visita?" } });
    fireEvent.click(screen.getByRole("button", { name: "Enviar" }));
    expect(await screen.findByRole("heading", { name: "Elige un día" })).toBeTruthy();
  });

  it("keeps a half-typed message when the visitor goes to the calendar and back", async () => {
    await renderWidget();
    fireEvent.input(screen.getByLabelText("Type your message"), { target: { value: "Also, is there a gym" } });
    fireEvent.click(screen.getByRole("button", { name: "Schedule a tour" }));
    await screen.findByRole("heading", { name: "Choose a day" });
    fireEvent.click(screen.getByRole("button", { name: "Back" }));
    await waitFor(() => expect((screen.getByLabelText("Type your message") as HTMLInputElement).value).toBe("Also, is there a gym"));
  });
});
