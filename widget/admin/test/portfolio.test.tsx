/** @jsxImportSource preact */
// The Portfolio page: its pure parts (status words, times, the bulk action's notices,
// selection), its REST calls, and the list table's filters, search, selection and bulk action.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createPortfolioApi, type PortfolioApi } from "../portfolio/api.ts";
import { PortfolioApp } from "../portfolio/app.tsx";
import { reconnectNotices, relativeTime, statusInfo, toggleAll, toggleOne } from "../portfolio/format.ts";
import type { HealthResult, HealthRow, PortfolioConfig, ReconnectResult } from "../portfolio/types.ts";

afterEach(cleanup);

const NOW = new Date("2026-12-01T14:00:00Z");
const config: PortfolioConfig = { restUrl: "http://wp.test/wp-json/lumaleasing/v1/", nonce: "n1", organization: "Acme Living", settingsUrl: "http://wp.test/wp-admin/options-general.php?page=lumaleasing" };

const cal = (id: string, email: string, status: string, extra: Partial<NonNullable<HealthRow["calendar"]>> = {}) => ({
  id, accountEmail: email, displayName: null, status, lastHealthCheckAt: "2026-12-01T11:00:00Z", lastRefreshAt: null,
  accessTokenExpiresAt: "2026-12-01T14:30:00Z", grantExpiresAt: null, lastError: null, lastReconnectEmailAt: null, nextReconnectEmailAt: null, ...extra,
});
const ROWS: HealthRow[] = [
  { propertyId: "p1", propertyName: "Maple Court", settingsPageKnown: true, calendar: cal("c1", "pm@maple.example", "healthy") },
  { propertyId: "p1", propertyName: "Maple Court", settingsPageKnown: true, calendar: cal("c2", "agent@maple.example", "revoked", { lastError: { message: "invalid_grant: Token has been expired or revoked.", outcome: "invalid_grant", at: "2026-12-01T12:00:00Z" } }) },
  { propertyId: "p2", propertyName: "Birch Row", settingsPageKnown: false, calendar: cal("c3", "pm@birch.example", "expiring", { grantExpiresAt: "2026-12-03T14:00:00Z" }) },
  { propertyId: "p3", propertyName: "Oak Flats", settingsPageKnown: true, calendar: null },
];

function fakeApi(): PortfolioApi & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    health: vi.fn(async (status: string, q: string): Promise<HealthResult> => {
      calls.push(`health:${status}:${q}`);
      const searched = ROWS.filter((r) => !q || `${r.propertyName} ${r.calendar?.accountEmail ?? ""}`.toLowerCase().includes(q.toLowerCase()));
      return {
        organization: { id: "o1", name: "Acme Living" },
        now: NOW.toISOString(),
        properties: 3,
        counts: { all: searched.length, healthy: 1, expiring: 1, expired: 0, revoked: 1, noCalendar: 1 },
        rows: status ? searched.filter((r) => r.calendar?.status === status) : searched,
      };
    }),
    activity: vi.fn(async () => {
      calls.push("activity");
      return [{ id: 1, at: "2026-12-01T12:00:00Z", trigger: "health_check", outcome: "invalid_grant", error: "invalid_grant", propertyId: "p1", propertyName: "Maple Court", calendarId: "c2", accountEmail: "agent@maple.example" }];
    }),
    reconnect: vi.fn(async (ids: string[]): Promise<ReconnectResult> => {
      calls.push(`reconnect:${ids.join(",")}`);
      return {
        sent: [{ calendarId: "c2", propertyName: "Maple Court", accountEmail: "agent@maple.example", recipients: ["m1@maple.example", "m2@maple.example"] }],
        skipped: [{ calendarId: "c3", propertyName: "Birch Row", accountEmail: "pm@birch.example", reason: "settings_page_unknown", message: "…" }],
        emails: 2,
      };
    }),
  };
}

describe("portfolio format", () => {
  it("says each status in words with a symbol, and times relative to now", () => {
    expect(statusInfo("revoked")).toMatchObject({ label: "Revoked", symbol: "✕", tone: "bad" });
    expect(statusInfo("whatever").label).toBe("Unknown");
    expect(relativeTime("2026-12-01T11:00:00Z", NOW, "en-US")).toBe("3 hours ago");
    expect(relativeTime("2026-12-03T14:00:00Z", NOW, "en-US")).toBe("in 2 days");
    const notices = reconnectNotices({
      sent: [{ calendarId: "c1", propertyName: "Maple", accountEmail: "a@x", recipients: ["m@x"] }],
      skipped: [{ calendarId: "c2", propertyName: "Birch", accountEmail: "b@x", reason: "rate_limited", message: "", nextAllowedAt: "2026-12-02T01:00:00Z" }],
      emails: 1,
    }, NOW, "en-US");
    expect(notices.map((n) => n.type)).toEqual(["success", "warning"]);
    expect(notices[0].message).toBe("Re-connect links emailed for 1 calendar (1 email).");
    expect(notices[1].items[0]).toMatch(/^b@x at Birch: a re-connect email went out less than 12 hours ago \(next possible in 11 hours/);
    expect([...toggleAll(new Set(["x"]), ["a", "b"])].sort()).toEqual(["a", "b", "x"]);
    expect([...toggleAll(new Set(["a", "b"]), ["a", "b"])]).toEqual([]);
    expect([...toggleOne(new Set(["a"]), "a")]).toEqual([]);
    console.log("portfolio format: statuses in words, 3 hours ago / in 2 days, sent + skipped notices with next time, select all toggles");
  });

  it("calls the plugin's portfolio routes with the nonce", async () => {
    const seen: Array<[string, RequestInit]> = [];
    const fetchImpl = vi.fn(async (url: string, init: RequestInit) => {
      seen.push([url, init]);
      return new Response(JSON.stringify({ rows: [], activity: [], sent: [], skipped: [], emails: 0 }), { status: 200 });
    }) as unknown as typeof fetch;
    const api = createPortfolioApi(config, fetchImpl);
    await api.health("revoked", " maple ");
    await api.activity(50);
    await api.reconnect(["c1", "c2"]);
    expect(seen.map(([u, i]) => `${i.method} ${u}`)).toEqual([
      "GET http://wp.test/wp-json/lumaleasing/v1/portfolio/health?status=revoked&q=maple",
      "GET http://wp.test/wp-json/lumaleasing/v1/portfolio/activity?limit=50",
      "POST http://wp.test/wp-json/lumaleasing/v1/portfolio/reconnect-emails",
    ]);
    expect((seen[2][1].headers as Record<string, string>)["X-WP-Nonce"]).toBe("n1");
    expect(seen[2][1].body).toBe('{"calendarIds":["c1","c2"]}');
    console.log("portfolio api: health?status&q, activity?limit, reconnect-emails POST with X-WP-Nonce");
  });
});

describe("portfolio page", () => {
  it("lists every row with status words, filters, searches, and emails the selected calendars", async () => {
    const api = fakeApi();
    render(<PortfolioApp config={config} api={api} now={() => NOW} />);
    const table = await screen.findByRole("table", { name: /Calendars across the portfolio/ });
    await waitFor(() => expect(within(table).getAllByRole("row")).toHaveLength(5));
    expect(within(table).getByText("Revoked")).toBeTruthy();
    expect(within(table).getByText("No calendar connected")).toBeTruthy();
    expect(within(table).getByText(/Settings page unknown/)).toBeTruthy();
    expect(within(table).getByText(/invalid_grant: Token has been expired/)).toBeTruthy();
    expect(screen.getByRole("link", { name: /All \(4\)/ }).getAttribute("aria-current")).toBe("page");

    fireEvent.click(screen.getByRole("link", { name: /Revoked \(1\)/ }));
    await waitFor(() => expect(within(table).getAllByRole("row")).toHaveLength(2));
    expect(api.calls).toContain("health:revoked:");
    expect(screen.getByRole("link", { name: /Revoked \(1\)/ }).getAttribute("aria-current")).toBe("page");

    fireEvent.click(screen.getByRole("link", { name: /All/ }));
    fireEvent.input(screen.getByLabelText("Search properties and calendars"), { target: { value: "birch" } });
    fireEvent.click(screen.getByRole("button", { name: "Search" }));
    await waitFor(() => expect(api.calls).toContain("health::birch"));
    await waitFor(() => expect(within(table).getAllByRole("row")).toHaveLength(2));

    fireEvent.input(screen.getByLabelText("Search properties and calendars"), { target: { value: "" } });
    fireEvent.click(screen.getByRole("button", { name: "Search" }));
    await waitFor(() => expect(within(table).getAllByRole("row")).toHaveLength(5));

    fireEvent.click(screen.getByRole("button", { name: "Apply" }));
    expect(await screen.findByText("Choose a bulk action first.")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Select bulk action"), { target: { value: "reconnect" } });
    fireEvent.click(screen.getByRole("button", { name: "Apply" }));
    expect(await screen.findByText("Select at least one calendar.")).toBeTruthy();
    fireEvent.click(screen.getByLabelText("Select agent@maple.example at Maple Court"));
    fireEvent.click(screen.getByLabelText("Select pm@birch.example at Birch Row"));
    fireEvent.click(screen.getByRole("button", { name: "Apply" }));
    expect(await screen.findByText("Re-connect links emailed for 1 calendar (2 emails).")).toBeTruthy();
    expect(api.calls).toContain("reconnect:c2,c3");
    expect(screen.getByText(/pm@birch.example at Birch Row: the property's WordPress settings page is not known yet/)).toBeTruthy();
    expect(document.querySelector(".notice-success")).toBeTruthy();
    expect(document.querySelector(".notice-warning")).toBeTruthy();

    fireEvent.click(screen.getByLabelText("Select all"));
    expect((screen.getByLabelText("Select pm@maple.example at Maple Court") as HTMLInputElement).checked).toBe(true);
    const activity = screen.getByRole("table", { name: /token refresh attempts/ });
    expect(within(activity).getByText("Grant refused")).toBeTruthy();
    expect(within(activity).getByText("Health check")).toBeTruthy();
    console.log("portfolio page: 4 rows (one without calendar, one without settings page), Revoked filter, search 'birch', bulk re-connect → sent + skipped notices, select all, activity table");
  });

  it("shows the error when the portfolio key is refused", async () => {
    const api = fakeApi();
    const { ApiError } = await import("../api.ts");
    api.health = vi.fn(async () => {
      throw new ApiError("lumaleasing_portfolio_key_refused", "The backend no longer accepts this site's portfolio key.", 502);
    });
    render(<PortfolioApp config={config} api={api} now={() => NOW} />);
    expect((await screen.findByRole("alert")).textContent).toContain("no longer accepts");
    console.log("portfolio page: a refused key is shown as an error notice");
  });
});
