// Entry of assets/admin-metrics.js (with assets/admin-metrics.css: uPlot's and nothing else),
// loaded on admin pages that show metrics. window.LumaLeasingMetrics.mountMetricsPanel(root,
// fetchers) mounts the panel anywhere; on the settings page's Insights tab it mounts itself
// into #lumaleasing-insights-root with the property's fetchers.
import type { AdminConfig } from "../types.ts";
import { createPropertyMetricsFetchers } from "./metrics-api.ts";
import { mountMetricsPanel } from "./mount.tsx";

export { createPropertyMetricsFetchers, mountMetricsPanel };
export type { MetricRow, MetricsFetchers, MetricsPeriod, MetricsWeekly } from "./types.ts";

function mountInsights() {
  const root = document.getElementById("lumaleasing-insights-root");
  const config = (window as { LumaLeasingAdminConfig?: AdminConfig }).LumaLeasingAdminConfig;
  if (!root || !config || typeof config.restUrl !== "string" || typeof config.nonce !== "string") return;
  mountMetricsPanel(root, createPropertyMetricsFetchers(config));
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", mountInsights, { once: true });
} else {
  mountInsights();
}
