// The widget's beacon and the metrics routes' queries and answers.
import { z } from "zod";

/**
 * POST beacon: a timing only, never anything about the visitor. `key` is the public widget
 * key, for senders that cannot set the X-Widget-Key header (navigator.sendBeacon).
 */
export const BeaconRequest = z.object({
  kind: z.literal("calendar_load"),
  ms: z.number().int().min(0).max(600_000),
  key: z.string().min(1).max(200).optional(),
}).strict();
export type BeaconRequest = z.infer<typeof BeaconRequest>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const realDay = (d: string) => DAY.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
  new Date(`${d}T00:00:00Z`).toISOString().startsWith(d) && d >= "1000-01-01";

/** GET …/metrics?from=YYYY-MM-DD&to=YYYY-MM-DD: whole UTC days, `to` included; at most 366 days. */
export const MetricsQuery = z.object({
  from: z.string().refine(realDay, "from must be a date like 2026-11-01"),
  to: z.string().refine(realDay, "to must be a date like 2026-11-30"),
}).strict().refine((q) => q.from <= q.to, { message: "from must not be after to", path: ["from"] })
  .refine((q) => Date.parse(`${q.to}T00:00:00Z`) - Date.parse(`${q.from}T00:00:00Z`) < 366 * 86_400_000, {
    message: "the period is at most 366 days",
    path: ["to"],
  });

/** GET …/metrics/weekly?weeks=12: 1–52 weeks, Monday to Monday (UTC), the current week last. */
export const WeeklyMetricsQuery = z.object({
  weeks: z.string().regex(/^\d{1,2}$/, "weeks must be a whole number from 1 to 52").transform(Number)
    .refine((n) => n >= 1 && n <= 52, "weeks must be a whole number from 1 to 52").optional(),
}).strict();

export const MetricState = z.enum(["pass", "fail", "no_data"]);

export const MetricRow = z.object({
  metric: z.string(),
  value: z.number().nullable(),
  unit: z.string(),
  target: z.string(),
  state: MetricState,
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
});
export type MetricRow = z.infer<typeof MetricRow>;
