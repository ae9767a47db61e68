// Shared by the booking tests: a booking request as the widget sends it, and the first
// offered slot of a day.
import assert from "node:assert/strict";
import { nextWeekday, type TestProperty, widgetFetch } from "../../../scripts/lib/test-support.ts";

let ipCounter = 0;
/**
 * A distinct visitor address per request (a caller in front of the local edge names it in
 * X-Forwarded-For; the edge hands it on as X-Real-IP), so the per-address limit stays out
 * of tests about other things.
 */
export const freshIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

export function book(p: TestProperty, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return widgetFetch(p, "tours", {
    method: "POST",
    headers: { "x-forwarded-for": freshIp(), ...headers },
    body: JSON.stringify({ firstName: "Ana", lastName: "Diaz", email: "ana@example.com", ...body }),
  });
}

export async function firstSlot(p: TestProperty, date?: string): Promise<{ start: string; date: string }> {
  const d = date ?? nextWeekday(4);
  const res = await widgetFetch(p, `tours/availability?from=${d}&days=1`);
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return { start: body.slotsByDate[d][0].start, date: d };
}

