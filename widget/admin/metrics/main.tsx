// Entry of assets/admin-metrics.js (with assets/admin-metrics.css: uPlot's and nothing else),
// loaded on admin pages that show metrics. window.LumaLeasingMetrics.mountMetricsPanel(root,
// fetchers) mounts the panel anywhere. It mounts itself on the settings page's Insights tab
// (#lumaleasing-insights-root, the property's metrics) and on the Portfolio page
// (#lumaleasing-portfolio-metrics, the organization's).
import type { AdminConfig } from "../types.ts";
import { createPortfolioMetricsFetchers, createPropertyMetricsFetchers } from "./metrics-api.ts";
import { mountMetricsPanel } from "./mount.tsx";

export { createPortfolioMetricsFetchers, createPropertyMetricsFetchers, mountMetricsPanel };
export type { MetricRow, MetricsFetchers, MetricsPeriod, MetricsWeekly } from "./types.ts";

type Configured = Window & { LumaLeasingAdminConfig?: AdminConfig; LumaLeasingPortfolioConfig?: Pick<AdminConfig, "restUrl" | "nonce"> };

function mountInsights() {
  const w = window as Configured;
  const usable = (c?: Pick<AdminConfig, "restUrl" | "nonce">) => !!c && typeof c.restUrl === "string" && typeof c.nonce === "string";
  const insights = document.getElementById("lumaleasing-insights-root");
  if (insights && usable(w.LumaLeasingAdminConfig)) mountMetricsPanel(insights, createPropertyMetricsFetchers(w.LumaLeasingAdminConfig!));
  const portfolio = document.getElementById("lumaleasing-portfolio-metrics");
  if (portfolio && usable(w.LumaLeasingPortfolioConfig)) mountMetricsPanel(portfolio, createPortfolioMetricsFetchers(w.LumaLeasingPortfolioConfig!));
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", mountInsights, { once: true });
} else {
  mountInsights();
}
