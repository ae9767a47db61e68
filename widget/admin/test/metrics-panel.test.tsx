/** @jsxImportSource preact */
// The metrics panel: the table (value, target, state in words and an icon, "No data"), one
// chart per metric drawn with the target line and described in text and a table for screen
// readers, a failed fetch shown as an error, the same panel fed by any fetchers, and the
// property's fetchers calling the plugin's proxy routes.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../api.ts";
import type { ChartSpec, DrawChart } from "../metrics/chart.ts";
import { createPortfolioMetricsFetchers, createPropertyMetricsFetchers } from "../metrics/metrics-api.ts";
import { chartSummary, MetricsPanel } from "../metrics/panel.tsx";
import type { MetricRow, MetricsFetchers, MetricsWeek } from "../metrics/types.ts";

afterEach(cleanup);

const row = (metric: string, value: number | null, unit: string, target: string, state: MetricRow["state"]): MetricRow => ({
  metric,
  value,
  unit,
  target,
  state,
  numerator: null,
  denominator: null,
});

const periodRows: MetricRow[] = [
  row("token_refresh_success", 99.5, "%", "> 99", "pass"),
  row("booking_success", 93.1, "%", "> 95", "fail"),
  row("calendar_load_p95_ms", null, "ms", "< 2000", "no_data"),
];

function weeks(n: number): MetricsWeek[] {
  return Array.from({ length: n }, (_, i) => ({
    weekStart: new Date(Date.UTC(2026, 8, 7 + 7 * i)).toISOString(),
    metrics: [
      row("booking_success", i === 1 ? null : 90 + i, "%", "> 95", i === 1 ? "no_data" : 90 + i > 95 ? "pass" : "fail"),
      row("calendar_load_p95_ms", null, "ms", "< 2000", "no_data"),
    ],
  }));
}

function fetchers(opts: { failPeriod?: boolean } = {}): MetricsFetchers & { weeksAsked: number[] } {
  const weeksAsked: number[] = [];
  return {
    weeksAsked,
    period: vi.fn(async () => {
      if (opts.failPeriod) throw new ApiError("lumaleasing_backend_unreachable", "Could not reach the LumaLeasing backend.", 502);
      return { period: { from: "2026-10-30", to: "2026-11-28" }, metrics: periodRows };
    }),
    weekly: vi.fn(async (n: number) => {
      weeksAsked.push(n);
      return { weeks: weeks(n) };
    }),
  };
}

function recordingChart(): { draw: DrawChart; drawn: ChartSpec[]; destroyed: number } {
  const state = { drawn: [] as ChartSpec[], destroyed: 0, draw: null as unknown as DrawChart };
  state.draw = (_el, spec) => {
    state.drawn.push(spec);
    return { resize: () => {}, destroy: () => void state.destroyed++ };
  };
  return state;
}

describe("MetricsPanel", () => {
  it("shows each metric's value beside its target, with the state in words and an icon, and no data as such", async () => {
    render(<MetricsPanel fetchers={fetchers()} />);
    const table = await screen.findByRole("table", { name: /From 2026-10-30 to 2026-11-28/ });
    const cells = (name: RegExp) => within(within(table).getByRole("rowheader", { name }).closest("tr")!).getAllByRole("cell").map((c) => c.textContent);
    expect(cells(/Calendar token refresh success/)).toEqual(["99.5 %", "> 99 %", "Meets target"]);
    expect(cells(/Tour booking success/)).toEqual(["93.1 %", "> 95 %", "Misses target"]);
    expect(cells(/Widget calendar load time/)).toEqual(["No data", "< 2,000 ms", "No data"]);
    const icons = table.querySelectorAll(".dashicons");
    expect([...icons].map((i) => i.getAttribute("aria-hidden"))).toEqual(["true", "true", "true"]);
    expect(table.querySelector(".ll-metric-fail .dashicons-warning")).not.toBeNull();
    console.log("table: pass, fail and no data in words (icons hidden from screen readers), targets with units");
  });

  it("draws one weekly chart per metric with its target line, and says the same in text and a table", async () => {
    const chart = recordingChart();
    const f = fetchers();
    const { unmount } = render(<MetricsPanel fetchers={f} weeks={8} drawChart={chart.draw} />);
    await waitFor(() => expect(chart.drawn.length).toBe(1));
    expect(f.weeksAsked).toEqual([8]);
    const spec = chart.drawn[0];
    expect(spec.label).toBe("Tour booking success");
    expect(spec.target).toBe(95);
    expect(spec.weeks).toHaveLength(8);
    expect(spec.values).toEqual([90, null, 92, 93, 94, 95, 96, 97]);
    expect(spec.width).toBeGreaterThanOrEqual(200);
    const figure = screen.getByRole("figure", { name: /Tour booking success/ });
    expect(within(figure).getByText(/97 % in the latest week with data \(target > 95 %\)\. 2 of 7 weeks with data met the target\./)).toBeTruthy();
    const numbers = within(figure).getByRole("table", { name: "Tour booking success, week by week" });
    expect(numbers.className).toContain("screen-reader-text");
    expect(within(numbers).getAllByRole("row")).toHaveLength(9);
    expect(within(numbers).getAllByRole("row")[2].textContent).toContain("No data");
    // A metric with no data in any week: no chart drawn, and the text says so.
    const empty = screen.getByRole("figure", { name: /Widget calendar load time/ });
    expect(within(empty).getByText(/no data in these weeks/)).toBeTruthy();
    unmount();
    await waitFor(() => expect(chart.destroyed).toBe(1));
    console.log("chart: 8 weeks with a gap for no data, target line at 95, summary text and a screen-reader table; destroyed on unmount");
  });

  it("shows a failed fetch as an error and loads again on Refresh", async () => {
    const f = fetchers({ failPeriod: true });
    render(<MetricsPanel fetchers={f} />);
    expect((await screen.findByRole("alert")).textContent).toContain("Could not reach the LumaLeasing backend.");
    fireEvent.click(screen.getByRole("button", { name: "Refresh the metrics" }));
    await waitFor(() => expect(f.period).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Could not load the metrics."));
    console.log("a failed period fetch: an alert with the message; Refresh asks again and announces the outcome");
  });

  it("summarises a metric in words", () => {
    expect(chartSummary("Reminder delivery", [null, row("reminder_delivery", 99, "%", "> 98", "pass")]))
      .toBe("Reminder delivery: 99 % in the latest week with data (target > 98 %). 1 of 1 weeks with data met the target.");
    expect(chartSummary("No-show rate", [null, row("no_show_rate", null, "%", "< 20", "no_data")])).toBe("No-show rate: no data in these weeks.");
  });
});

describe("createPropertyMetricsFetchers", () => {
  it("calls the plugin's metrics routes with the nonce", async () => {
    const calls: Array<{ url: string; nonce: string | null }> = [];
    const fetchImpl = (async (url: string, init: RequestInit) => {
      calls.push({ url, nonce: new Headers(init.headers).get("X-WP-Nonce") });
      const body = url.includes("weekly") ? { success: true, weeks: weeks(2) } : { success: true, metrics: periodRows, period: { from: "a", to: "b" } };
      return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
    }) as unknown as typeof fetch;
    const f = createPropertyMetricsFetchers({ restUrl: "https://site.example/wp-json/lumaleasing/v1/", nonce: "n0nce" }, fetchImpl);
    expect((await f.period()).metrics).toHaveLength(3);
    expect((await f.weekly(12)).weeks).toHaveLength(2);
    expect(calls).toEqual([
      { url: "https://site.example/wp-json/lumaleasing/v1/metrics", nonce: "n0nce" },
      { url: "https://site.example/wp-json/lumaleasing/v1/metrics/weekly?weeks=12", nonce: "n0nce" },
    ]);
    console.log("fetchers: GET metrics and metrics/weekly?weeks=12 with X-WP-Nonce");
  });
});

describe("createPortfolioMetricsFetchers", () => {
  it("calls the plugin's portfolio metrics routes (the key stays on the server)", async () => {
    const calls: string[] = [];
    const fetchImpl = (async (url: string) => {
      calls.push(url);
      const body = url.includes("weekly") ? { success: true, weeks: weeks(3) } : { success: true, metrics: periodRows, period: { from: "a", to: "b" } };
      return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
    }) as unknown as typeof fetch;
    const f = createPortfolioMetricsFetchers({ restUrl: "https://site.example/wp-json/lumaleasing/v1/", nonce: "n0nce" }, fetchImpl);
    expect((await f.period()).metrics).toHaveLength(3);
    expect((await f.weekly(8)).weeks).toHaveLength(3);
    expect(calls).toEqual([
      "https://site.example/wp-json/lumaleasing/v1/portfolio/metrics",
      "https://site.example/wp-json/lumaleasing/v1/portfolio/metrics/weekly?weeks=8",
    ]);
    console.log("portfolio fetchers: GET portfolio/metrics and portfolio/metrics/weekly?weeks=8");
  });
});
