// The operations email about a success metric that missed its target over the last 24
// hours (English): the metric, its value beside the target, what it counts, the period,
// and a link to the Portfolio page (or the property's settings) when known.
import { type Fact, renderEmail } from "./email-render.ts";
import { formatFull } from "./message-dates.ts";
import { checkedUrl, type EmailContent, oneLine } from "./message-input.ts";

/** The metrics that alert, and how an email names them. */
export const ALERTED_METRICS = {
  token_refresh_success: "Calendar token refresh success",
  reminder_delivery: "Reminder delivery",
  booking_success: "Tour booking success",
  google_api_success: "Google Calendar API success",
} as const;
export type AlertedMetric = keyof typeof ALERTED_METRICS;

export function isAlertedMetric(name: string): name is AlertedMetric {
  return Object.hasOwn(ALERTED_METRICS, name);
}

export interface MetricAlertInput {
  organization: string;
  metric: AlertedMetric;
  value: number;
  unit: string;
  target: string;
  numerator: number | null;
  denominator: number | null;
  from: Date;
  to: Date;
  /** The Portfolio page (or else a property's settings page) to look closer. */
  link: string;
}

function withUnit(value: string | number, unit: string): string {
  return unit === "%" ? `${value} %` : `${value} ${unit}`;
}

export function metricAlertEmail(input: MetricAlertInput): EmailContent {
  const org = oneLine(input.organization);
  const label = ALERTED_METRICS[input.metric];
  const value = withUnit(input.value, input.unit);
  const target = withUnit(input.target, input.unit);
  const facts: Fact[] = [
    { label: "Metric", text: label },
    { label: "Value", text: value },
    { label: "Target", text: target },
    ...(input.numerator !== null && input.denominator !== null
      ? [{ label: "Counted", text: `${input.numerator} of ${input.denominator}` }]
      : []),
    { label: "Period", text: `${formatFull(input.from, "UTC")} to ${formatFull(input.to, "UTC")} (UTC)` },
  ];
  return renderEmail({ name: org, brandColor: "", timeZone: "UTC", address: "", phone: "", email: "" }, {
    lang: "en",
    openLink: "Or open this link:",
    subject: `${label} missed its target for ${org}: ${value} (target ${target})`,
    preheader: `${label} was ${value} over the last 24 hours; the target is ${target}.`,
    heading: `${label} missed its target`,
    intro: [
      `Over the last 24 hours, ${label.toLowerCase()} across ${org}'s properties was ${value}, short of the target ${target}. ` +
      "This is the only alert about this metric today.",
    ],
    facts,
    action: { label: "Open the portfolio metrics", url: checkedUrl(input.link) },
    outro: [],
    footerNote: `Sent to the operations email of ${org}.`,
  });
}
