// Success metrics through the plugin's proxy (manage_options and the wp_rest nonce): the
// property's (lumaleasing/v1/metrics, the Insights tab) or the organization's
// (lumaleasing/v1/portfolio/metrics, the Portfolio page).
import { restCaller } from "../api.ts";
import type { AdminConfig } from "../types.ts";
import type { MetricsFetchers, MetricsPeriod, MetricsWeekly } from "./types.ts";

export function createPropertyMetricsFetchers(config: Pick<AdminConfig, "restUrl" | "nonce">, fetchImpl: typeof fetch = fetch): MetricsFetchers {
  return createMetricsFetchers(config, "metrics", fetchImpl);
}

export function createPortfolioMetricsFetchers(config: Pick<AdminConfig, "restUrl" | "nonce">, fetchImpl: typeof fetch = fetch): MetricsFetchers {
  return createMetricsFetchers(config, "portfolio/metrics", fetchImpl);
}

function createMetricsFetchers(config: Pick<AdminConfig, "restUrl" | "nonce">, route: string, fetchImpl: typeof fetch): MetricsFetchers {
  const call = restCaller(config, fetchImpl);
  return {
    async period() {
      const data = await call<Partial<MetricsPeriod>>("GET", route);
      return { period: data.period, metrics: Array.isArray(data.metrics) ? data.metrics : [] };
    },
    async weekly(weeks) {
      const data = await call<Partial<MetricsWeekly>>("GET", `${route}/weekly`, { query: { weeks } });
      return { weeks: Array.isArray(data.weeks) ? data.weeks : [] };
    },
  };
}
