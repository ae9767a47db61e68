import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { INLINE_MIN_HEIGHT } from "../src/handoff.ts";
import { install } from "../src/loader/install.ts";
import { readConfig } from "../src/loader/config.ts";

const SRC = "https://site.example/wp-content/plugins/lumaleasing/assets/lumaleasing.js?ver=0.1.0";

function loaderScript(data: Record<string, string> = { backend: "http://127.0.0.1:54321/functions/v1", widgetKey: "pk_test_123" }) {
  const script = document.createElement("script");
  script.src = SRC;
  for (const [key, value] of Object.entries(data)) script.setAttribute("data-" + key.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase()), value);
  return script;
}

const widgetScripts = () => Array.from(document.head.querySelectorAll("script")).filter((s) => s.src.includes("lumaleasing-widget"));
const launcher = () => document.querySelector(".lumaleasing-launcher")?.shadowRoot?.querySelector("button") ?? null;

beforeEach(() => {
  delete window.lumaleasing;
  delete window.LumaLeasingConfig;
  document.head.innerHTML = "";
  document.body.innerHTML = "";
  document.documentElement.lang = "en";
  history.replaceState(null, "", "/");
});
afterEach(() => vi.useRealTimers());

describe("readConfig", () => {
  it("reads the script's data attributes", () => {
    const script = loaderScript({ backend: "http://b.example/functions/v1", widgetKey: "k1", color: "#0b6e4f", greeting: "Hi!", position: "bottom-left", lang: "es" });
    expect(readConfig(script.dataset, undefined)).toEqual({
      backend: "http://b.example/functions/v1",
      widgetKey: "k1",
      color: "#0b6e4f",
      greeting: "Hi!",
      position: "bottom-left",
      lang: "es",
    });
  });

  it("falls back to window.LumaLeasingConfig, data attributes winning, and rejects an incomplete config", () => {
    const global = { backend: "http://wp.example/functions/v1", widgetKey: "from-wp", greeting: "From WordPress" };
    expect(readConfig({ widgetKey: "from-tag" }, global)).toMatchObject({ backend: "http://wp.example/functions/v1", widgetKey: "from-tag", greeting: "From WordPress" });
    expect(readConfig({}, { backend: "x", widgetKey: "y", position: "top-left" as never })!.position).toBe("bottom-right");
    expect(readConfig({ backend: "http://b.example" }, {})).toBeNull();
    expect(readConfig({ backend: " ", widgetKey: "k" }, null)).toBeNull();
  });
});

describe("loader", () => {
  it("draws only the launcher, in its own shadow root, with an accessible name", () => {
    install(window, loaderScript({ backend: "http://b.example", widgetKey: "k", color: "#ffd400", position: "bottom-left" }));
    const button = launcher()!;
    expect(button.getAttribute("aria-label")).toBe("Chat with us — schedule a tour");
    expect(button.getAttribute("aria-expanded")).toBe("false");
    expect(button.getAttribute("aria-haspopup")).toBe("dialog");
    const css = button.getRootNode().firstChild!.textContent!;
    expect(css).toContain(":host{all:initial!important}");
    expect(css).toContain("background:#ffd400;color:#000000"); // dark text on a light brand colour
    expect(css).toContain("left:calc(20px");
    expect(document.querySelector(".lumaleasing-widget")).toBeNull();
  });

  it("localises the launcher and picks the widget file from <html lang>; config lang overrides it", () => {
    document.documentElement.lang = "es-MX";
    install(window, loaderScript());
    expect(launcher()!.getAttribute("aria-label")).toBe("Chatea con nosotros — agenda una visita");
    window.lumaleasing!("open");
    expect(widgetScripts()[0].src).toBe("https://site.example/wp-content/plugins/lumaleasing/assets/lumaleasing-widget-es.js?ver=0.1.0");
    document.body.innerHTML = "";
    document.head.innerHTML = "";
    delete window.lumaleasing;
    install(window, loaderScript({ backend: "b", widgetKey: "k", lang: "en" }));
    expect(launcher()!.getAttribute("aria-label")).toBe("Chat with us — schedule a tour");
  });

  it("keeps commands queued by a page stub and loads the widget at once when there are any", () => {
    // The page's own stub ran first.
    const stub = function (...args: unknown[]) {
      (stub.q = stub.q || []).push(args);
    } as NonNullable<Window["lumaleasing"]>;
    window.lumaleasing = stub;
    stub("open", "calendar");
    const api = install(window, loaderScript())!;
    expect(api.q!.map((a) => Array.from(a))).toEqual([["open", "calendar"]]);
    expect(widgetScripts().map((s) => s.src)).toEqual(["https://site.example/wp-content/plugins/lumaleasing/assets/lumaleasing-widget.js?ver=0.1.0"]);
  });

  it("queues calls made after it loaded and fetches the widget on the first one", () => {
    vi.useFakeTimers();
    install(window, loaderScript());
    expect(widgetScripts()).toHaveLength(0);
    window.lumaleasing!("open");
    launcher()!.click();
    expect(window.lumaleasing!.q!.map((a) => Array.from(a))).toEqual([["open"], ["toggle"]]);
    expect(widgetScripts()).toHaveLength(1);
  });

  it("fetches the widget when the browser is idle (timeout fallback without requestIdleCallback)", () => {
    vi.useFakeTimers();
    install(window, loaderScript());
    vi.advanceTimersByTime(2000);
    expect(widgetScripts()).toHaveLength(0);
    vi.advanceTimersByTime(1000);
    expect(widgetScripts()).toHaveLength(1);
  });

  it("uses requestIdleCallback when the browser has it", () => {
    const idle = vi.fn();
    (window as unknown as { requestIdleCallback: unknown }).requestIdleCallback = idle;
    try {
      install(window, loaderScript());
      expect(idle).toHaveBeenCalledWith(expect.any(Function), { timeout: 4000 });
      idle.mock.calls[0][0]();
      expect(widgetScripts()).toHaveLength(1);
    } finally {
      delete (window as unknown as { requestIdleCallback?: unknown }).requestIdleCallback;
    }
  });

  it("renders inline instead of floating when the page has a [data-lumaleasing-inline] container", () => {
    document.body.innerHTML = '<div data-lumaleasing-inline="calendar">Loading the tour scheduler…</div>';
    const api = install(window, loaderScript())!;
    expect(launcher()).toBeNull();
    expect(api.i).toBe(document.querySelector("[data-lumaleasing-inline]"));
    expect(widgetScripts()).toHaveLength(1);
  });

  it("holds the inline widget's first-render height in its container until the widget loads", () => {
    document.body.innerHTML = "<div data-lumaleasing-inline></div>";
    install(window, loaderScript());
    const plain = document.querySelector<HTMLElement>("[data-lumaleasing-inline]")!.style.minHeight;
    expect(plain).toBe(`${INLINE_MIN_HEIGHT}px`);

    delete window.lumaleasing;
    document.body.innerHTML = '<div data-lumaleasing-inline style="min-height: 600px"></div>';
    install(window, loaderScript());
    const reserved = document.querySelector<HTMLElement>("[data-lumaleasing-inline]")!.style.minHeight;
    expect(reserved).toBe("600px");
    console.log(`  a bare container gets min-height ${plain}; a page's own reservation stays ${reserved}`);
  });

  it("opens in manage mode when the page URL carries ?lumaleasing_manage=", () => {
    history.replaceState(null, "", "/?lumaleasing_manage=tok_abc&utm=x");
    const api = install(window, loaderScript())!;
    expect(api.q!.map((a) => Array.from(a))).toEqual([["manage", "tok_abc"]]);
    expect(widgetScripts()).toHaveLength(1);
  });

  it("warns and draws nothing without a backend and widget key", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    install(window, loaderScript({}));
    expect(launcher()).toBeNull();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("data-widget-key"));
  });
});
