/** @jsxImportSource preact */
// The success metrics panel: the period's numbers as a table (value, target, whether it
// meets it — in words and an icon — and "No data" where nothing was measured), then one
// weekly chart per metric with its target line, each with a text summary and its numbers as
// a table for screen readers. The numbers come from the fetchers it is given, so the same
// panel serves a property (its settings page's Insights tab) and a portfolio.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../api.ts";
import { t, tf } from "../i18n.ts";
import type { DrawChart } from "./chart.ts";
import { formatTarget, formatValue, metricLabel, stateText, targetNumber } from "./format.ts";
import { metricsStyles } from "./styles.ts";
import type { MetricRow, MetricsFetchers, MetricsPeriod, MetricState, MetricsWeek, MetricsWeekly } from "./types.ts";

export interface MetricsPanelProps {
  fetchers: MetricsFetchers;
  /** Weeks in the charts (default 12). */
  weeks?: number;
  /** Draws a chart (uPlot in the admin bundle); without it the charts are text and tables only. */
  drawChart?: DrawChart;
}

type Load<T> = { state: "loading" } | { state: "ready"; value: T } | { state: "failed"; message: string };

function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : t("Something went wrong. Please try again.");
}

const ICONS: Record<MetricState, string> = { pass: "dashicons-yes-alt", fail: "dashicons-warning", no_data: "dashicons-minus" };

function State({ state }: { state: MetricState }) {
  return (
    <span class={`ll-metric-state ll-metric-${state}`}>
      <span class={`dashicons ${ICONS[state]}`} aria-hidden="true" />
      {stateText(state)}
    </span>
  );
}

function valueText(row: MetricRow | null): string {
  return row && row.value !== null && row.state !== "no_data" ? formatValue(row.value, row.unit) : t("No data");
}

const weekFormat = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });

function weekLabel(weekStart: string): string {
  return tf("Week of %s", weekFormat.format(new Date(weekStart)));
}

function MetricsTable({ period }: { period: MetricsPeriod }) {
  return (
    <div class="ll-metrics-scroll">
      <table class="wp-list-table widefat striped ll-metrics-table">
        <caption>
          {period.period ? tf("From %1$s to %2$s (UTC)", period.period.from, period.period.to) : t("The last 30 days")}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t("Metric")}</th>
            <th scope="col">{t("Value")}</th>
            <th scope="col">{t("Target")}</th>
            <th scope="col">{t("State")}</th>
          </tr>
        </thead>
        <tbody>
          {period.metrics.map((row) => (
            <tr key={row.metric} data-metric={row.metric}>
              <th scope="row">{metricLabel(row.metric)}</th>
              <td>{valueText(row)}</td>
              <td>{formatTarget(row)}</td>
              <td><State state={row.state} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What a chart shows, in words: the latest week with data and how many weeks met the target. */
export function chartSummary(label: string, rows: Array<MetricRow | null>): string {
  const measured = rows.filter((r): r is MetricRow => r !== null && r.state !== "no_data" && r.value !== null);
  if (!measured.length) return tf("%s: no data in these weeks.", label);
  const latest = measured[measured.length - 1];
  const met = measured.filter((r) => r.state === "pass").length;
  return tf("%1$s: %2$s in the latest week with data (target %3$s).", label, formatValue(latest.value!, latest.unit), formatTarget(latest)) +
    " " + tf("%1$d of %2$d weeks with data met the target.", met, measured.length);
}

function MetricChart({ metric, weeks, drawChart }: { metric: string; weeks: MetricsWeek[]; drawChart?: DrawChart }) {
  const canvas = useRef<HTMLDivElement>(null);
  const rows = weeks.map((w) => w.metrics.find((m) => m.metric === metric) ?? null);
  const sample = rows.find((r) => r !== null) ?? null;
  const hasData = rows.some((r) => r !== null && r.state !== "no_data" && r.value !== null);
  const label = metricLabel(metric);
  const id = `ll-metric-chart-${metric}`;

  useEffect(() => {
    const el = canvas.current;
    if (!drawChart || !el || !sample || !hasData) return;
    const width = () => Math.max(200, Math.floor(el.clientWidth || 300));
    const chart = drawChart(el, {
      weeks: weeks.map((w) => Math.floor(Date.parse(w.weekStart) / 1000)),
      values: rows.map((r) => (r && r.state !== "no_data" ? r.value : null)),
      target: targetNumber(sample.target),
      label,
      targetLabel: tf("Target %s", formatTarget(sample)),
      unit: sample.unit,
      width: width(),
      height: 160,
    });
    const observer = typeof ResizeObserver === "function" ? new ResizeObserver(() => chart.resize(width())) : null;
    observer?.observe(el);
    return () => {
      observer?.disconnect();
      chart.destroy();
    };
  }, [metric, weeks, drawChart, hasData]);

  return (
    <figure class="ll-metric-chart" aria-labelledby={id}>
      <figcaption id={id}>
        <strong>{label}</strong>
        {sample && <span class="ll-metric-target">{tf("Target %s", formatTarget(sample))}</span>}
      </figcaption>
      {hasData && drawChart && <div class="ll-metric-canvas" ref={canvas} aria-hidden="true" />}
      <p class="ll-metric-summary">{chartSummary(label, rows)}</p>
      <table class="screen-reader-text">
        <caption>{tf("%s, week by week", label)}</caption>
        <thead>
          <tr>
            <th scope="col">{t("Week")}</th>
            <th scope="col">{t("Value")}</th>
            <th scope="col">{t("State")}</th>
          </tr>
        </thead>
        <tbody>
          {weeks.map((w, i) => (
            <tr key={w.weekStart}>
              <th scope="row">{weekLabel(w.weekStart)}</th>
              <td>{valueText(rows[i])}</td>
              <td>{stateText(rows[i]?.state ?? "no_data")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export function MetricsPanel({ fetchers, weeks = 12, drawChart }: MetricsPanelProps) {
  const [period, setPeriod] = useState<Load<MetricsPeriod>>({ state: "loading" });
  const [weekly, setWeekly] = useState<Load<MetricsWeekly>>({ state: "loading" });
  const [announcement, setAnnouncement] = useState("");

  const load = useCallback(async (announce: boolean) => {
    const [p, w] = await Promise.allSettled([fetchers.period(), fetchers.weekly(weeks)]);
    setPeriod(p.status === "fulfilled" ? { state: "ready", value: p.value } : { state: "failed", message: messageOf(p.reason) });
    setWeekly(w.status === "fulfilled" ? { state: "ready", value: w.value } : { state: "failed", message: messageOf(w.reason) });
    if (announce) setAnnouncement(p.status === "fulfilled" ? t("The metrics are up to date.") : t("Could not load the metrics."));
  }, [fetchers, weeks]);

  useEffect(() => {
    load(false);
  }, [load]);

  // The charts in the table's order (the weekly answer lists metrics by name).
  const order = period.state === "ready" ? period.value.metrics.map((m) => m.metric) : [];
  const rank = (metric: string) => (order.includes(metric) ? order.indexOf(metric) : order.length);
  const metrics = weekly.state === "ready"
    ? [...new Set(weekly.value.weeks.flatMap((w) => w.metrics.map((m) => m.metric)))].sort((a, b) => rank(a) - rank(b))
    : [];

  return (
    <div class="ll-metrics">
      <style>{metricsStyles}</style>
      <div class="screen-reader-text" role="status" aria-live="polite" aria-atomic="true">{announcement}</div>
      <div class="ll-metrics-toolbar">
        <button type="button" class="button" onClick={() => load(true)}>{t("Refresh the metrics")}</button>
      </div>
      <h3>{t("Success metrics")}</h3>
      {period.state === "loading" && <p aria-busy="true">{t("Loading the metrics…")}</p>}
      {period.state === "failed" && <div class="notice notice-error inline" role="alert"><p>{period.message}</p></div>}
      {period.state === "ready" && <MetricsTable period={period.value} />}
      <h3>{t("Week by week")}</h3>
      {weekly.state === "loading" && <p aria-busy="true">{t("Loading the weekly charts…")}</p>}
      {weekly.state === "failed" && <div class="notice notice-error inline" role="alert"><p>{weekly.message}</p></div>}
      {weekly.state === "ready" && (
        <div class="ll-metric-charts">
          {metrics.map((metric) => <MetricChart key={metric} metric={metric} weeks={weekly.value.weeks} drawChart={drawChart} />)}
        </div>
      )}
    </div>
  );
}
