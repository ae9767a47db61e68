// How the metrics read: each metric's name, a value with its unit, the target, the state.
import { t, tf } from "../i18n.ts";
import type { MetricRow, MetricState } from "./types.ts";

/** Each metric's name (translated); an unknown one shows its key. */
export function metricLabel(metric: string): string {
  switch (metric) {
    case "token_refresh_success":
      return t("Calendar token refresh success");
    case "google_api_success":
      return t("Google Calendar API success");
    case "calendar_load_p95_ms":
      return t("Widget calendar load time (95th percentile)");
    case "booking_success":
      return t("Tour booking success");
    case "reminder_delivery":
      return t("Reminder delivery");
    case "calendar_connected_share":
      return t("Properties with a calendar connected");
    case "widget_tours_per_month":
      return t("Tours booked via the widget, per property per month");
    case "no_show_rate":
      return t("No-show rate");
    case "lead_capture_rate":
      return t("Lead capture");
    default:
      return metric;
  }
}

/** A number with its unit: "99.5 %", "1,840 ms", "12 tours a month". */
export function formatValue(value: number, unit: string): string {
  const n = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(value);
  if (unit === "%") return `${n} %`;
  if (unit === "ms") return tf("%s ms", n);
  if (unit === "tours/property/month") return tf("%s tours a month", n);
  return `${n} ${unit}`;
}

/** "> 99" with its unit: "> 99 %". */
export function formatTarget(row: Pick<MetricRow, "target" | "unit">): string {
  const m = row.target.match(/^([<>]=?)\s*([\d.]+)$/);
  if (!m) return row.target;
  return `${m[1].replace(">=", "\u2265").replace("<=", "\u2264")} ${formatValue(Number(m[2]), row.unit)}`;
}

/** The target's number, for the chart's line (null when it cannot be read). */
export function targetNumber(target: string): number | null {
  const m = target.match(/([\d.]+)/);
  return m ? Number(m[1]) : null;
}

export function stateText(state: MetricState): string {
  if (state === "pass") return t("Meets target");
  if (state === "fail") return t("Misses target");
  return t("No data");
}
