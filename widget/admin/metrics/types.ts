// What the metrics routes answer (admin/metrics and portfolio/metrics, through the plugin's
// proxy), and the fetchers the panel is given.

export type MetricState = "pass" | "fail" | "no_data";

export interface MetricRow {
  metric: string;
  value: number | null;
  unit: string;
  /** e.g. "> 99", "< 2000", ">= 10". */
  target: string;
  state: MetricState;
  numerator: number | null;
  denominator: number | null;
}

export interface MetricsPeriod {
  /** Whole UTC days, both included. */
  period?: { from: string; to: string };
  metrics: MetricRow[];
}

export interface MetricsWeek {
  /** Monday 00:00 UTC, ISO. */
  weekStart: string;
  metrics: MetricRow[];
}

export interface MetricsWeekly {
  weeks: MetricsWeek[];
}

/**
 * Where the panel gets its numbers: a property's settings page passes the plugin's
 * lumaleasing/v1/metrics proxy, a portfolio page its own portfolio/metrics proxy.
 */
export interface MetricsFetchers {
  period(): Promise<MetricsPeriod>;
  weekly(weeks: number): Promise<MetricsWeekly>;
}
