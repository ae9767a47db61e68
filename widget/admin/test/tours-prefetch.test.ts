// Admin → Tours' first answers: the inline script (tours-page/prefetch.ts) asks for exactly the
// URLs the app then calls, and the app's calls take those answers once.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createToursApi } from "../tours-page/api.ts";
import { initialMonthRange, MONTH_TOURS_PER_DAY, todayIn } from "../tours-page/model.ts";
import { PREFETCH_GLOBAL, type Prefetched, prefetchedFetch } from "../tours-page/prefetched.ts";
import type { ToursConfig } from "../tours-page/types.ts";

const config: ToursConfig = {
  restUrl: "https://site.example/wp-json/lumaleasing/v1/",
  nonce: "n0nce",
  connected: true,
  propertyName: "Luma Heights",
  timezone: "America/Chicago",
  tourId: "",
  pageUrl: "https://site.example/wp-admin/admin.php?page=lumaleasing-tours",
  settingsUrl: "",
  userName: "Lena",
};

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
type Globals = Record<string, unknown>;

afterEach(() => {
  delete (window as unknown as Globals)[PREFETCH_GLOBAL];
  delete (window as unknown as Globals).LumaLeasingToursConfig;
  document.body.innerHTML = "";
  vi.unstubAllGlobals();
});

/** Runs the inline script on a page with the app's root `width` px wide; the URLs it asked for. */
async function runPrefetch(width: number, pageConfig: ToursConfig | undefined = config) {
  delete (window as unknown as Globals)[PREFETCH_GLOBAL];
  document.body.innerHTML = `<div id="lumaleasing-tours-root"></div>`;
  Object.defineProperty(document.getElementById("lumaleasing-tours-root")!, "clientWidth", { value: width });
  (window as unknown as Globals).LumaLeasingToursConfig = pageConfig;
  const asked: Array<{ url: string; headers: Record<string, string> }> = [];
  vi.stubGlobal("fetch", vi.fn((url: string, init: RequestInit) => {
    asked.push({ url, headers: init.headers as Record<string, string> });
    return Promise.resolve(json({ calendars: [], tours: [] }));
  }));
  vi.resetModules();
  await import("../tours-page/prefetch.ts");
  return { asked, early: (window as unknown as Globals)[PREFETCH_GLOBAL] as Prefetched | undefined };
}

describe("the Tours page's first answers", () => {
  it("the inline script asks for the agents and the first month's tours, at the URLs the app calls, with the nonce", async () => {
    const { asked, early } = await runPrefetch(1280);
    // What the app asks for at mount (main.tsx): the month the calendar opens on, perDay, and the agents.
    const appCalls: string[] = [];
    const api = createToursApi(config, (url) => {
      appCalls.push(String(url));
      return Promise.resolve(json({ calendars: [], tours: [] }));
    });
    await api.list({ ...initialMonthRange(todayIn(config.timezone)), perDay: MONTH_TOURS_PER_DAY });
    await api.agents();
    expect(asked.map((a) => a.url).sort()).toEqual([...appCalls].sort());
    expect(Object.keys(early ?? {}).sort()).toEqual([...appCalls].sort());
    expect(asked.every((a) => a.headers["X-WP-Nonce"] === "n0nce")).toBe(true);
    console.log(`prefetch asked for ${asked.map((a) => a.url.replace(config.restUrl, "")).join(" and ")}, the app's own URLs, with the nonce`);
  });

  it("a narrow screen (the day view) gets only the agents early; a page that is not connected gets nothing", async () => {
    const narrow = await runPrefetch(400);
    expect(narrow.asked.map((a) => a.url)).toEqual([`${config.restUrl}office/agents`]);
    const offline = await runPrefetch(1280, { ...config, connected: false });
    expect(offline.asked).toEqual([]);
    expect(offline.early).toBeUndefined();
    console.log("narrow: agents only; not connected: no request and no early answers");
  });

  it("the app's calls take an early answer once; a second call, a POST or another URL fetch as usual", async () => {
    const url = `${config.restUrl}office/agents`;
    const early = { [url]: Promise.resolve(json({ calendars: [{ id: "early" }] })) };
    const network = vi.fn((_input: RequestInfo | URL, _init?: RequestInit) => Promise.resolve(json({ calendars: [{ id: "network" }] })));
    const api = createToursApi(config, prefetchedFetch(early, network as typeof fetch));
    expect((await api.agents()).map((a) => a.id)).toEqual(["early"]);
    expect(network).not.toHaveBeenCalled();
    expect((await api.agents()).map((a) => a.id)).toEqual(["network"]);
    const f = prefetchedFetch({ [url]: Promise.resolve(json({})) }, network as typeof fetch);
    await f(url, { method: "POST" });
    await f(`${config.restUrl}office/slots`);
    expect(network).toHaveBeenCalledTimes(3);
    expect(prefetchedFetch(undefined, network as typeof fetch)).toBeTypeOf("function");
    console.log("early answer used once; the second call, a POST and another URL went to the network");
  });
});
