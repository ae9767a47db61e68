// The property's metrics through the plugin's proxy (lumaleasing/v1/metrics and
// …/metrics/weekly, manage_options and the wp_rest nonce): the fetchers for the Insights tab.
import { restCaller } from "../api.ts";
import type { AdminConfig } from "../types.ts";
import type { MetricsFetchers, MetricsPeriod, MetricsWeekly } from "./types.ts";

export function createPropertyMetricsFetchers(config: Pick<AdminConfig, "restUrl" | "nonce">, fetchImpl: typeof fetch = fetch): MetricsFetchers {
  const call = restCaller(config, fetchImpl);
  return {
    async period() {
      const data = await call<Partial<MetricsPeriod>>("GET", "metrics");
      return { period: data.period, metrics: Array.isArray(data.metrics) ? data.metrics : [] };
    },
    async weekly(weeks) {
      const data = await call<Partial<MetricsWeekly>>("GET", "metrics/weekly", { query: { weeks } });
      return { weeks: Array.isArray(data.weeks) ? data.weeks : [] };
    },
  };
}
