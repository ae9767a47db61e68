/** @jsxImportSource preact */
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, createApi, type HubSpotApi } from "../api.ts";
import { HubSpotSection } from "../hubspot.tsx";
import type { HubSpotStatus } from "../types.ts";

afterEach(cleanup);

const TOKEN = "pat-na1-11111111-2222-4333-8444-555555555555";
const disconnected: HubSpotStatus = {
  connected: false,
  portalId: null,
  connectedAt: null,
  lastSyncAt: null,
  lastError: null,
  lastErrorAt: null,
  leadStatusMap: { booked: "OPEN", completed: "CONNECTED", no_show: "ATTEMPTED_TO_CONTACT", cancelled: null },
};
const connected: HubSpotStatus = {
  ...disconnected,
  connected: true,
  portalId: 24681357,
  connectedAt: "2026-11-28T10:00:00Z",
  lastSyncAt: "2026-11-28T10:05:00Z",
  lastError: "HubSpot 429 RATE_LIMITS: You have reached your secondly limit.",
};

function fakeApi(start: HubSpotStatus, opts: { reject?: ApiError } = {}): HubSpotApi & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  let current = start;
  return {
    calls,
    hubspotStatus: vi.fn(async () => current),
    hubspotConnect: vi.fn(async (token: string) => {
      calls.push(["connect", token]);
      if (opts.reject) throw opts.reject;
      return current = connected;
    }),
    hubspotDisconnect: vi.fn(async () => {
      calls.push(["disconnect"]);
      return current = disconnected;
    }),
    hubspotSettings: vi.fn(async (map) => {
      calls.push(["settings", map]);
      return current = { ...current, leadStatusMap: { ...current.leadStatusMap, ...map } };
    }),
  };
}

describe("HubSpot section", () => {
  it("takes the token in a password field, sends it once and never shows it again", async () => {
    const api = fakeApi(disconnected);
    render(<HubSpotSection api={api} />);
    const field = await screen.findByLabelText("Private app access token") as HTMLInputElement;
    expect(field.type).toBe("password");
    expect(field.autocomplete).toBe("off");
    fireEvent.input(field, { target: { value: TOKEN } });
    fireEvent.click(screen.getByRole("button", { name: "Connect HubSpot" }));
    await screen.findByText("Last sync:", { exact: false });
    expect(api.calls).toEqual([["connect", TOKEN]]);
    expect(document.body.innerHTML).not.toContain(TOKEN);
    expect(screen.getAllByText("Connected to HubSpot account 24681357.").length).toBeGreaterThan(0);
    expect(screen.getByText(/Last error: HubSpot 429/)).toBeTruthy();
    console.log("  token typed into a password field → sent once → status shows portal 24681357, last sync, last error; token nowhere on the page");
  });

  it("shows the backend's refusal of a bad token and keeps the form", async () => {
    const api = fakeApi(disconnected, {
      reject: new ApiError("lumaleasing_hubspot_refused", "HubSpot did not accept this access token.", 422),
    });
    render(<HubSpotSection api={api} />);
    fireEvent.input(await screen.findByLabelText("Private app access token"), { target: { value: "pat-na1-wrong" } });
    fireEvent.click(screen.getByRole("button", { name: "Connect HubSpot" }));
    expect((await screen.findByRole("alert")).textContent).toBe("HubSpot did not accept this access token.");
    expect((screen.getByLabelText("Private app access token") as HTMLInputElement).value).toBe("");
    console.log("  422 from the backend → the alert says so; the field is emptied");
  });

  it("saves the outcome → lead status mapping and disconnects", async () => {
    const api = fakeApi(connected);
    render(<HubSpotSection api={api} />);
    const noShow = await screen.findByLabelText("No-show") as HTMLSelectElement;
    expect(noShow.value).toBe("ATTEMPTED_TO_CONTACT");
    fireEvent.change(noShow, { target: { value: "UNQUALIFIED" } });
    fireEvent.change(screen.getByLabelText("Tour booked"), { target: { value: "" } });
    fireEvent.click(screen.getByRole("button", { name: "Save lead statuses" }));
    await screen.findByText("Lead statuses saved.");
    expect(api.calls[0]).toEqual(["settings", { booked: null, completed: "CONNECTED", no_show: "UNQUALIFIED", cancelled: null }]);
    fireEvent.click(screen.getByRole("button", { name: "Disconnect HubSpot" }));
    await screen.findByLabelText("Private app access token");
    expect(api.calls[1]).toEqual(["disconnect"]);
    console.log("  no_show → UNQUALIFIED, booked → unchanged saved; disconnect shows the token form again");
  });

  it("calls the plugin's routes with the nonce", async () => {
    const fetchImpl = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) =>
      new Response(JSON.stringify({ success: true, ...connected }), { status: 200 })
    );
    const api = createApi({ restUrl: "http://wp.test/wp-json/lumaleasing/v1/", nonce: "n1" }, fetchImpl as unknown as typeof fetch);
    await api.hubspotStatus();
    await api.hubspotConnect(TOKEN);
    await api.hubspotSettings({ completed: "IN_PROGRESS" });
    await api.hubspotDisconnect();
    const seen = fetchImpl.mock.calls.map(([url, init]) => `${init?.method} ${url} ${init?.body ?? ""}`);
    expect(seen).toEqual([
      "GET http://wp.test/wp-json/lumaleasing/v1/hubspot ",
      `POST http://wp.test/wp-json/lumaleasing/v1/hubspot {"token":"${TOKEN}"}`,
      'POST http://wp.test/wp-json/lumaleasing/v1/hubspot/settings {"leadStatusMap":{"completed":"IN_PROGRESS"}}',
      "POST http://wp.test/wp-json/lumaleasing/v1/hubspot/disconnect {}",
    ]);
    for (const [, init] of fetchImpl.mock.calls) expect((init?.headers as Record<string, string>)["X-WP-Nonce"]).toBe("n1");
    console.log("  GET/POST hubspot, hubspot/settings, hubspot/disconnect, each with X-WP-Nonce");
  });
});
