// Recording metrics where they happen (public.metric_events, append only). A metric is
// never worth a failed request: recording outside a transaction logs and carries on.
import { type Sql, type Tx, withProperty } from "../adapters/db.ts";

export type MetricKind = "google_api" | "booking_attempt" | "delivery" | "calendar_load";

export interface Metric {
  kind: MetricKind;
  outcome: string;
  detail?: string | null;
  valueMs?: number | null;
}

/** Records in the caller's transaction (commits, or not, with the state it describes). */
export async function recordMetricTx(tx: Tx, propertyId: string, m: Metric, at?: Date): Promise<void> {
  await tx`insert into public.metric_events (property_id, kind, outcome, detail, value_ms, at)
    values (${propertyId}, ${m.kind}, ${m.outcome}, ${m.detail ?? null}, ${m.valueMs ?? null}, ${at ?? new Date()})`;
}

/** Records on its own, as the property's request; a failure is logged, never thrown. */
export async function recordMetric(sql: Sql, propertyId: string, m: Metric, at?: Date): Promise<void> {
  try {
    await withProperty(propertyId, (tx) => recordMetricTx(tx, propertyId, m, at), sql);
  } catch (err) {
    console.warn(`metrics: ${m.kind} not recorded: ${err instanceof Error ? err.message : err}`);
  }
}

/** A booking answer's status as the metric counts it: 201, 409, 422, 429, 4xx or 5xx. */
export function attemptOutcome(status: number): string {
  if ([201, 409, 422, 429].includes(status)) return String(status);
  return status >= 500 ? "5xx" : status >= 400 ? "4xx" : String(status);
}

/**
 * Runs a booking route and records its answer's status (`source`: widget or office). A
 * thrown error that is not an HTTP answer counts as 5xx and is thrown on.
 */
export async function recordedAttempt(
  sql: Sql,
  propertyId: string,
  source: string,
  now: () => Date,
  fn: () => Promise<Response>,
): Promise<Response> {
  let status = 500;
  try {
    const res = await fn();
    status = res.status;
    return res;
  } catch (err) {
    const answer = (err as { status?: unknown; toResponse?: unknown });
    if (typeof answer.toResponse === "function" && typeof answer.status === "number") status = answer.status;
    throw err;
  } finally {
    await recordMetric(sql, propertyId, { kind: "booking_attempt", outcome: attemptOutcome(status), detail: source }, now());
  }
}

/** Runs one call to Google for a property and records ok or fail (`what` names it, e.g. "freebusy"). */
export async function recordedGoogleCall<T>(
  deps: { sql: Sql; clock: { now(): Date } },
  propertyId: string,
  what: string,
  fn: () => Promise<T>,
): Promise<T> {
  let outcome = "fail";
  try {
    const answer = await fn();
    outcome = "ok";
    return answer;
  } finally {
    await recordMetric(deps.sql, propertyId, { kind: "google_api", outcome, detail: what }, deps.clock.now());
  }
}
