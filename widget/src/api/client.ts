// The one place the widget talks to the network. Every call carries the widget key,
// gives up after `timeoutMs` (8 s) and returns a result instead of throwing, so the UI
// can show a Retry button without losing anything the visitor typed.
import type {
  ApiErrorBody,
  AvailabilityResponse,
  BookTourRequest,
  BookTourResponse,
  LeadRequest,
  LeadResponse,
  ManageResponse,
  WidgetConfigResponse,
} from "./types.ts";

export type ApiFailure =
  | { ok: false; kind: "network" }
  | { ok: false; kind: "timeout" }
  | { ok: false; kind: "http"; status: number; body: ApiErrorBody | null; retryAfterSeconds: number | null };

export type ApiResult<T> = { ok: true; status: number; data: T } | ApiFailure;

export interface ApiOptions {
  backend: string;
  widgetKey: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export type Api = ReturnType<typeof createApi>;

export const REQUEST_TIMEOUT_MS = 8000;

export function createApi(options: ApiOptions) {
  const base = options.backend.replace(/\/+$/, "") + "/lumaleasing";

  /** A GET, or a POST of `body` as JSON. */
  async function request<T>(path: string, body?: object, headers?: Record<string, string>): Promise<ApiResult<T>> {
    const controller = new AbortController();
    // Only this timer aborts, so an aborted request is a timed-out one.
    const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? REQUEST_TIMEOUT_MS);
    try {
      const response = await (options.fetch ?? fetch)(base + path, {
        method: body ? "POST" : "GET",
        headers: { "X-Widget-Key": options.widgetKey, ...(body && { "Content-Type": "application/json" }), ...headers },
        body: body && JSON.stringify(body),
        signal: controller.signal,
      });
      const json = await response.json().catch(() => null);
      const status = response.status;
      return response.ok && json && json.success !== false
        ? { ok: true, status, data: json as T }
        : { ok: false, kind: "http", status, body: json?.error ? json : null, retryAfterSeconds: parseRetryAfter(response.headers.get("Retry-After")) };
    } catch {
      return { ok: false, kind: controller.signal.aborted ? "timeout" : "network" };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    config: () => request<WidgetConfigResponse>("/config"),
    availability: (from: string, days: number) => request<AvailabilityResponse>(`/tours/availability?from=${from}&days=${days}`),
    lead: (lead: LeadRequest) => request<LeadResponse>("/chat/lead", lead),
    book: (tour: BookTourRequest, idempotencyKey: string) => request<BookTourResponse>("/tours", tour, { "Idempotency-Key": idempotencyKey }),
    manage: (token: string) => request<ManageResponse>("/tours/manage?token=" + encodeURIComponent(token)),
    cancel: (token: string) => request<ManageResponse>("/tours/manage/cancel", { token }),
    reschedule: (token: string, start: string) => request<ManageResponse>("/tours/manage/reschedule", { token, start }),
    /** The calendar's load time, fire and forget: sendBeacon sets no headers, so the key rides in the body (text/plain, no preflight). */
    beacon(ms: number) {
      try {
        navigator.sendBeacon(base + "/beacon", JSON.stringify({ kind: "calendar_load", ms: Math.round(ms), key: options.widgetKey }));
      } catch { /* never in the visitor's way */ }
    },
  };
}

/** Retry-After as seconds from now: a number of seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number.isFinite(+value) ? +value : (Date.parse(value) - now) / 1000;
  return Number.isNaN(seconds) ? null : Math.max(0, Math.ceil(seconds));
}

/** The error code of a failed call, or the failure kind when there is no body. */
export function failureCode(result: ApiFailure): string {
  if (result.kind !== "http") return result.kind;
  return result.status === 429 ? "rate_limited" : result.body?.error.code ?? `http_${result.status}`;
}
