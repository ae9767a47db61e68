// Private-app tokens (each bound to one portal), HubSpot's per-second and daily budgets
// with its rate-limit headers, injected faults and the request log.
import { correlationId, hubspotError } from "./errors.ts";

export const DAILY_LIMIT = 250_000;

export interface Fault {
  /** HTTP status to answer with (429 carries HubSpot's rate-limit headers). */
  status?: number;
  /** Wait this long first (then answer normally unless status is given). */
  latencyMs?: number;
  /** Do the work, then answer with `status` anyway: "stored, but the answer was lost". */
  afterAccept?: boolean;
  /** Retry-After seconds on an injected 429 (default 1). */
  retryAfter?: number;
  /** Only calls to exactly this path (without the query). */
  path?: string;
  /** Only calls with this method. */
  method?: string;
}

export interface LoggedRequest {
  at: string;
  method: string;
  path: string;
  portalId: number | null;
  status: number;
  body?: unknown;
}

export class Limits {
  readonly tokens = new Map<string, number>();
  perSecond: number;
  #windows = new Map<string, number[]>();
  #daily = new Map<string, number>();
  #faults: Array<Fault & { remaining: number }> = [];
  readonly log: LoggedRequest[] = [];

  constructor(perSecond: number) {
    this.perSecond = perSecond;
  }

  mintToken(portalId: number, token?: string): string {
    const value = token ?? `pat-na1-${crypto.randomUUID()}`;
    this.tokens.set(value, portalId);
    return value;
  }

  /** The portal a request's `Authorization: Bearer pat-…` belongs to, or null. */
  authenticate(request: Request): { token: string; portalId: number } | null {
    const header = request.headers.get("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return null;
    const portalId = this.tokens.get(match[1]);
    return portalId === undefined ? null : { token: match[1], portalId };
  }

  /** Counts the call against the token's second; null when it fits, else the 429. */
  spend(token: string): { headers: Record<string, string>; refused: Response | null } {
    // Wall time decides the window: a frozen business clock must not freeze the budget.
    const wall = Date.now();
    const window = (this.#windows.get(token) ?? []).filter((t) => wall - t < 1000);
    const used = (this.#daily.get(token) ?? 0) + 1;
    this.#daily.set(token, used);
    const over = window.length >= this.perSecond;
    if (!over) window.push(wall);
    this.#windows.set(token, window);
    const headers = this.headers(Math.max(0, this.perSecond - window.length), used);
    if (!over) return { headers, refused: null };
    const retryMs = 1000 - (wall - window[0]);
    return { headers, refused: rateLimited({ ...headers, "retry-after": String(Math.max(1, Math.ceil(retryMs / 1000))) }) };
  }

  headers(remaining: number, usedToday: number): Record<string, string> {
    return {
      "x-hubspot-ratelimit-daily": String(DAILY_LIMIT),
      "x-hubspot-ratelimit-daily-remaining": String(Math.max(0, DAILY_LIMIT - usedToday)),
      "x-hubspot-ratelimit-interval-milliseconds": "1000",
      "x-hubspot-ratelimit-max": String(this.perSecond),
      "x-hubspot-ratelimit-remaining": String(remaining),
      "x-hubspot-ratelimit-secondly": String(this.perSecond),
      "x-hubspot-ratelimit-secondly-remaining": String(remaining),
    };
  }

  addFault(fault: Fault, count: number) {
    this.#faults.push({ ...fault, remaining: count });
  }

  takeFault(method: string, path: string): Fault | undefined {
    const index = this.#faults.findIndex((f) => (!f.path || path === f.path) && (!f.method || method === f.method));
    if (index === -1) return undefined;
    const fault = this.#faults[index];
    if (--fault.remaining <= 0) this.#faults.splice(index, 1);
    const { remaining: _r, ...rest } = fault;
    return rest;
  }

  pendingFaults() {
    return this.#faults.map((f) => ({ ...f }));
  }

  clearFaults() {
    this.#faults = [];
  }

  record(entry: LoggedRequest) {
    this.log.push(entry);
    if (this.log.length > 5000) this.log.splice(0, 1000);
  }
}

export function rateLimited(headers: Record<string, string>): Response {
  return hubspotError(429, "RATE_LIMITS", "You have reached your secondly limit.", {
    errorType: "RATE_LIMIT",
    policyName: "SECONDLY",
    groupName: "publicapi:private-app:secondly",
    correlationId: correlationId(),
  }, headers);
}

/** An injected failure answer; a 429 looks like HubSpot's own. */
export function faultResponse(fault: Fault, limits: Limits): Response {
  const status = fault.status ?? 500;
  if (status === 429) {
    return rateLimited({ ...limits.headers(0, 0), "retry-after": String(fault.retryAfter ?? 1) });
  }
  if (status >= 500) return hubspotError(status, "INTERNAL_ERROR", "internal error (injected)");
  return hubspotError(status, "VALIDATION_ERROR", `injected ${status}`);
}

export function parseFault(body: Record<string, unknown>): { fault: Fault; count: number } | string {
  const count = body.count === undefined ? 1 : body.count;
  if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 1000) return "count must be an integer from 1 to 1000";
  if (body.status !== undefined && (!Number.isInteger(body.status) || (body.status as number) < 400 || (body.status as number) > 599)) {
    return "status must be an HTTP error status (400-599)";
  }
  if (body.latencyMs !== undefined && (!Number.isInteger(body.latencyMs) || (body.latencyMs as number) < 0 || (body.latencyMs as number) > 120_000)) {
    return "latencyMs must be an integer from 0 to 120000";
  }
  if (body.status === undefined && body.latencyMs === undefined) return "give status or latencyMs";
  if (body.afterAccept !== undefined && typeof body.afterAccept !== "boolean") return "afterAccept must be true or false";
  if (body.afterAccept && body.status === undefined) return "afterAccept needs a status";
  if (body.retryAfter !== undefined && (!Number.isInteger(body.retryAfter) || (body.retryAfter as number) < 0)) {
    return "retryAfter must be a whole number of seconds";
  }
  if (body.path !== undefined && typeof body.path !== "string") return "path must be a string";
  if (body.method !== undefined && !["GET", "POST", "PATCH", "DELETE"].includes(body.method as string)) {
    return "method must be GET, POST, PATCH or DELETE";
  }
  const fault: Fault = {};
  if (body.status !== undefined) fault.status = body.status as number;
  if (body.latencyMs !== undefined) fault.latencyMs = body.latencyMs as number;
  if (body.afterAccept) fault.afterAccept = true;
  if (body.retryAfter !== undefined) fault.retryAfter = body.retryAfter as number;
  if (body.path !== undefined) fault.path = body.path as string;
  if (body.method !== undefined) fault.method = body.method as string;
  return { fault, count: count as number };
}
