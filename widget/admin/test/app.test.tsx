/** @jsxImportSource preact */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type AdminApi, ApiError } from "../api.ts";
import { App } from "../app.tsx";
import type { AdminConfig, CalendarInfo, ToursResult } from "../types.ts";

afterEach(cleanup);

const config: AdminConfig = {
  restUrl: "http://127.0.0.1:54326/wp-json/lumaleasing/v1/",
  nonce: "n",
  settingsUrl: "http://127.0.0.1:54326/wp-admin/options-general.php?page=lumaleasing",
  connected: true,
  propertyName: "Luma Heights",
  timezone: "America/Chicago",
};

const NOW = new Date("2026-11-25T16:00:00Z"); // 10:00 in Chicago

/** sharedAccountId: the calendar whose Google account another property also uses. */
function fakeApi(calendars: CalendarInfo[], tours: ToursResult, sharedAccountId?: string): AdminApi & { calls: string[] } {
  const calls: string[] = [];
  let current = calendars;
  return {
    calls,
    status: vi.fn(async () => {
      calls.push("status");
      return current;
    }),
    tours: vi.fn(async (days: number) => {
      calls.push(`tours:${days}`);
      return tours;
    }),
    connect: vi.fn(async () => {
      calls.push("connect");
      return "http://127.0.0.1:54321/functions/v1/calendar/connect?ticket=t1";
    }),
    disconnect: vi.fn(async (id: string) => {
      calls.push(`disconnect:${id}`);
      current = current.filter((c) => c.id !== id);
      return { keptAtGoogle: id === sharedAccountId };
    }),
  };
}

const calendars: CalendarInfo[] = [
  {
    id: "c1",
    accountEmail: "jane@example.com",
    tokenStatus: "healthy",
    lastHealthCheckAt: "2026-11-25T15:00:00Z",
    lastRefreshAt: null,
    timeZone: "America/Chicago",
  },
  {
    id: "c2",
    accountEmail: "bob@example.com",
    tokenStatus: "revoked",
    lastHealthCheckAt: null,
    lastRefreshAt: null,
    timeZone: null,
  },
];

const tours: ToursResult = {
  timezone: "America/Chicago",
  tours: [
    {
      id: "t1",
      start: "2026-11-25T20:00:00Z",
      end: "2026-11-25T20:30:00Z",
      localDate: "2026-11-25",
      localTime: "14:00",
      prospectName: "Ana Díaz",
      agentEmail: "jane@example.com",
      status: "confirmed",
    },
    {
      id: "t2",
      start: "2026-11-28T16:00:00Z",
      end: "2026-11-28T16:30:00Z",
      localDate: "2026-11-28",
      localTime: "10:00",
      prospectName: "<img src=x onerror=alert(1)>",
      agentEmail: "bob@example.com",
      status: "cancelled",
    },
  ],
};

describe("Calendars app", () => {
  it("shows each calendar's health in words and the tours of the next 14 days", async () => {
    const api = fakeApi(calendars, tours);
    render(<App config={config} api={api} now={() => NOW} />);

    const jane = await screen.findByText("jane@example.com", { selector: ".ll-card-title" });
    const janeCard = jane.closest("li")!;
    expect(within(janeCard).getByText("Healthy")).toBeTruthy();
    const bobCard = screen.getByText("bob@example.com", { selector: ".ll-card-title" }).closest("li")!;
    expect(within(bobCard).getByText("Revoked")).toBeTruthy();
    expect(within(bobCard).getByText(/Last check:/).textContent).toMatch(/never/);
    // The calendar needing attention comes first.
    const cards = screen.getAllByRole("listitem").filter((li) => li.classList.contains("ll-card"));
    expect(cards[0]).toBe(bobCard);

    expect(api.calls).toContain("tours:14");
    const glance = screen.getByRole("list", { name: /Tours per day/ });
    expect(within(glance).getAllByRole("listitem")).toHaveLength(14);
    expect(within(glance).getAllByRole("listitem")[0].textContent).toMatch(/Wednesday, November 25 \(today\): 1 tour/);
    expect(screen.getByText("Ana Díaz")).toBeTruthy();
    expect(screen.getByText("2:00 PM")).toBeTruthy();
    // Text from the backend is shown as text, never as markup.
    expect(screen.getByText("<img src=x onerror=alert(1)>")).toBeTruthy();
    expect(document.querySelector(".ll-admin img")).toBeNull();
    expect(screen.getByText(/1 tour in the next 14 days/)).toBeTruthy();
  });

  it("connects through the URL the server returns", async () => {
    const api = fakeApi([], tours);
    const navigate = vi.fn();
    render(<App config={config} api={api} now={() => NOW} navigate={navigate} />);
    await screen.findByText(/No Google Calendar is connected yet/);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Connect Google Calendar" }));
    });
    await waitFor(() => expect(navigate).toHaveBeenCalledWith("http://127.0.0.1:54321/functions/v1/calendar/connect?ticket=t1"));
    expect(screen.getByRole("status").textContent).toMatch(/Opening Google/);
  });

  it("asks before disconnecting, then announces the result", async () => {
    const api = fakeApi(calendars, tours);
    render(<App config={config} api={api} now={() => NOW} />);
    const janeCard = (await screen.findByText("jane@example.com", { selector: ".ll-card-title" })).closest("li")!;

    fireEvent.click(within(janeCard).getByRole("button", { name: "Disconnect" }));
    expect(api.calls.some((c) => c.startsWith("disconnect"))).toBe(false);
    const cancel = within(janeCard).getByRole("button", { name: "Cancel" });
    await waitFor(() => expect(document.activeElement).toBe(cancel));

    await act(async () => {
      fireEvent.click(within(janeCard).getByRole("button", { name: "Yes, disconnect" }));
    });
    await waitFor(() => expect(screen.queryByText("jane@example.com", { selector: ".ll-card-title" })).toBeNull());
    expect(api.calls).toContain("disconnect:c1");
    expect(screen.getByRole("status").textContent).toBe("Disconnected jane@example.com.");
  });

  it("says when Google access stays because another community uses the account", async () => {
    const api = fakeApi(calendars, tours, "c1");
    render(<App config={config} api={api} now={() => NOW} />);
    const janeCard = (await screen.findByText("jane@example.com", { selector: ".ll-card-title" })).closest("li")!;
    fireEvent.click(within(janeCard).getByRole("button", { name: "Disconnect" }));
    await act(async () => {
      fireEvent.click(within(janeCard).getByRole("button", { name: "Yes, disconnect" }));
    });
    await waitFor(() => expect(screen.getByRole("status").textContent).toMatch(/^Disconnected jane@example\.com\. Its Google access stays/));
  });

  it("Escape closes the confirmation without disconnecting", async () => {
    const api = fakeApi(calendars, tours);
    render(<App config={config} api={api} now={() => NOW} />);
    const janeCard = (await screen.findByText("jane@example.com", { selector: ".ll-card-title" })).closest("li")!;
    fireEvent.click(within(janeCard).getByRole("button", { name: "Disconnect" }));
    fireEvent.keyDown(within(janeCard).getByRole("button", { name: "Cancel" }), { key: "Escape" });
    await waitFor(() => expect(within(janeCard).queryByRole("button", { name: "Yes, disconnect" })).toBeNull());
    expect(api.calls.some((c) => c.startsWith("disconnect"))).toBe(false);
  });

  it("shows the server's error in an alert when connecting fails", async () => {
    const api = fakeApi([], tours);
    api.connect = vi.fn(async () => {
      throw new ApiError("lumaleasing_backend_unreachable", "Could not reach the LumaLeasing backend.", 502);
    });
    render(<App config={config} api={api} now={() => NOW} navigate={vi.fn()} />);
    await screen.findByText(/No Google Calendar is connected yet/);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Connect Google Calendar" }));
    });
    expect((await screen.findByRole("alert")).textContent).toBe("Could not reach the LumaLeasing backend.");
    expect((screen.getByRole("button", { name: "Connect Google Calendar" }) as HTMLButtonElement).disabled).toBe(false);
  });

  it("asks for the site key first and calls nothing when the site is not connected", () => {
    const api = fakeApi(calendars, tours);
    render(<App config={{ ...config, connected: false }} api={api} now={() => NOW} />);
    expect(screen.getByText(/Save this property's site key above first/)).toBeTruthy();
    expect(api.calls).toEqual([]);
    expect(screen.queryByRole("button")).toBeNull();
  });
});
