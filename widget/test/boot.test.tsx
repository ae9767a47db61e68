// The loader and the full widget together, in a real shadow root: hand-off of the queue,
// focus management, Escape, mode attributes, and the stylesheet kept inside the shadow root.
import { fireEvent, waitFor, within } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { boot } from "../src/boot.ts";
import { install } from "../src/loader/install.ts";
import type { MountedWidget } from "../src/mount.tsx";
import { BACKEND, fakeBackend, WIDGET_KEY } from "./fakeBackend.ts";

let widget: MountedWidget | null = null;

function loaderScript() {
  const script = document.createElement("script");
  script.src = "https://site.example/assets/lumaleasing.js";
  script.dataset.backend = BACKEND;
  script.dataset.widgetKey = WIDGET_KEY;
  return script;
}

const launcher = () => document.querySelector(".lumaleasing-launcher")!.shadowRoot!.querySelector("button")!;
const shadow = () => widget!.shadow;
const inShadow = () => within(shadow() as unknown as HTMLElement);

beforeEach(() => {
  delete window.lumaleasing;
  document.head.innerHTML = "";
  document.body.innerHTML = "";
  document.documentElement.lang = "en";
  document.documentElement.removeAttribute("dir");
  history.replaceState(null, "", "/");
  sessionStorage.clear();
});
afterEach(() => {
  widget?.destroy();
  widget = null;
});

describe("widget boot", () => {
  it("takes over the loader's queue: a launcher click before load opens the chat dialog", async () => {
    install(window, loaderScript());
    launcher().click();
    const backend = fakeBackend();
    widget = boot(window, null, backend.fetch);
    const dialog = await inShadow().findByRole("dialog", { name: "Maple Court Apartments" });
    expect(widget!.host.dataset.mode).toBe("chat");
    expect(widget!.host.dataset.open).toBe("true");
    expect(launcher().getAttribute("aria-expanded")).toBe("true");
    await waitFor(() => expect(shadow().activeElement).toBe(within(dialog).getByLabelText("Type your message")));
    expect(backend.calls("GET /config")[0].headers["x-widget-key"]).toBe(WIDGET_KEY);
  });

  it("keeps its stylesheet inside the shadow root: :host reset, px sizes, a contrast-safe brand text colour", async () => {
    install(window, loaderScript());
    widget = boot(window, null, fakeBackend().fetch);
    const css = shadow().querySelector("style")!.textContent!;
    expect(css).toMatch(/:host\s*\{[^}]*all:\s*initial\s*!important/);
    expect(css).not.toMatch(/\d(r?em)\b/);
    expect(document.head.querySelector("style")).toBeNull();
    window.lumaleasing!("open");
    await inShadow().findByRole("dialog");
    const root = shadow().querySelector(".ll-root") as HTMLElement;
    // The server's brand colour arrives with the config; white text reads best on it.
    await waitFor(() => expect(root.style.getPropertyValue("--ll-brand").trim()).toBe("#0b6e4f"));
    expect(root.style.getPropertyValue("--ll-on-brand").trim()).toBe("#ffffff");
    // The launcher, drawn before the config arrived, takes the brand colour too.
    expect(launcher().style.background).toBe("rgb(11, 110, 79)");
  });

  it("lumaleasing('open', 'calendar') queued before load opens the calendar", async () => {
    install(window, loaderScript());
    window.lumaleasing!("open", "calendar");
    widget = boot(window, null, fakeBackend().fetch);
    expect(await inShadow().findByRole("heading", { name: "Choose a day" })).toBeTruthy();
    expect(widget!.host.dataset.mode).toBe("calendar");
  });

  it("is a modal full-screen sheet (aria-modal) on a phone-sized screen", async () => {
    const phone = (query: string) => ({ matches: query.includes("max-width: 480px"), media: query, addEventListener() {}, removeEventListener() {} });
    window.matchMedia = phone as unknown as typeof window.matchMedia;
    try {
      install(window, loaderScript());
      widget = boot(window, null, fakeBackend().fetch);
      window.lumaleasing!("open");
      const dialog = await inShadow().findByRole("dialog");
      expect(dialog.getAttribute("aria-modal")).toBe("true");
      expect(dialog.className).toContain("ll-float");
    } finally {
      delete (window as { matchMedia?: unknown }).matchMedia;
    }
  });

  it("is a non-modal dialog on a wide screen", async () => {
    install(window, loaderScript());
    widget = boot(window, null, fakeBackend().fetch);
    window.lumaleasing!("open");
    expect((await inShadow().findByRole("dialog")).getAttribute("aria-modal")).toBeNull();
  });

  it("Escape closes the dialog and focus returns to the launcher", async () => {
    install(window, loaderScript());
    widget = boot(window, null, fakeBackend().fetch);
    launcher().click();
    const dialog = await inShadow().findByRole("dialog");
    await waitFor(() => expect(shadow().activeElement).toBeTruthy());
    fireEvent.keyDown(shadow().activeElement!, { key: "Escape" });
    await waitFor(() => expect(inShadow().queryByRole("dialog")).toBeNull());
    expect(dialog.isConnected).toBe(false);
    expect(launcher().getRootNode() instanceof ShadowRoot && (launcher().getRootNode() as ShadowRoot).activeElement).toBe(launcher());
    expect(launcher().getAttribute("aria-expanded")).toBe("false");
  });

  it("traps Tab inside the dialog", async () => {
    install(window, loaderScript());
    widget = boot(window, null, fakeBackend().fetch);
    window.lumaleasing!("open");
    const dialog = await inShadow().findByRole("dialog");
    const close = within(dialog).getByRole("button", { name: "Close chat" });
    const send = within(dialog).getByRole("button", { name: "Send" });
    send.focus();
    fireEvent.keyDown(send, { key: "Tab" });
    expect(shadow().activeElement).toBe(close);
    fireEvent.keyDown(close, { key: "Tab", shiftKey: true });
    expect(shadow().activeElement).toBe(send);
  });

  it("opens in manage mode from the email link and removes the token from the address bar", async () => {
    history.replaceState(null, "", "/tours/?lumaleasing_manage=tok_abc&ref=email");
    install(window, loaderScript());
    const backend = fakeBackend({
      "GET /tours/manage": {
        body: { success: true, booking: { id: "b", start: "2026-12-01T20:00:00.000Z", end: "2026-12-01T20:30:00.000Z", timezone: "America/Chicago", status: "confirmed", canCancel: true, canReschedule: true, propertyName: "Maple Court Apartments" } },
      },
    });
    widget = boot(window, null, backend.fetch);
    expect(await inShadow().findByRole("button", { name: "Reschedule" })).toBeTruthy();
    expect(widget!.host.dataset.mode).toBe("manage");
    expect(location.search).toBe("?ref=email");
    expect(backend.calls("GET /tours/manage")[0].query.get("token")).toBe("tok_abc");
  });

  it("renders inline in the shortcode's container: a region, no Close, no dialog", async () => {
    document.body.innerHTML = '<main><div data-lumaleasing-inline="calendar">Loading…</div></main>';
    install(window, loaderScript());
    widget = boot(window, null, fakeBackend().fetch);
    const container = document.querySelector("[data-lumaleasing-inline]")!;
    expect(container.firstElementChild).toBe(widget!.host);
    expect(container.textContent).toBe("");
    expect(await inShadow().findByRole("region", { name: "Maple Court Apartments" })).toBeTruthy();
    expect(inShadow().queryByRole("dialog")).toBeNull();
    expect(inShadow().queryByRole("button", { name: "Close chat" })).toBeNull();
    expect(await inShadow().findByRole("heading", { name: "Choose a day" })).toBeTruthy();
    // Part of the page: it does not steal focus on load.
    expect(shadow().activeElement).toBeNull();
  });

  it("stays left-to-right and in its own language on a dir=rtl page", async () => {
    document.documentElement.dir = "rtl";
    install(window, loaderScript());
    widget = boot(window, null, fakeBackend().fetch);
    const root = shadow().querySelector(".ll-root")!;
    expect(root.getAttribute("dir")).toBe("ltr");
    expect(root.getAttribute("lang")).toBe("en");
  });
});
