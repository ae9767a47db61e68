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
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;

  async function request<T>(
    method: "GET" | "POST",
    path: string,
    body?: unknown,
    extraHeaders?: Record<string, string>,
  ): Promise<ApiResult<T>> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const headers: Record<string, string> = { "X-Widget-Key": options.widgetKey, ...extraHeaders };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    try {
      const doFetch = options.fetch ?? fetch;
      const response = await doFetch(base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
      });
      const json = await response.json().catch(() => null);
      if (response.ok && json && json.success !== false) return { ok: true, status: response.status, data: json as T };
      return {
        ok: false,
        kind: "http",
        status: response.status,
        body: json && typeof json === "object" && json.error ? (json as ApiErrorBody) : null,
        retryAfterSeconds: parseRetryAfter(response.headers.get("Retry-After")),
      };
    } catch {
      return { ok: false, kind: timedOut ? "timeout" : "network" };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    config: () => request<WidgetConfigResponse>("GET", "/config"),
    availability: (from: string, days: number) =>
      request<AvailabilityResponse>("GET", `/tours/availability?from=${from}&days=${days}`),
    lead: (lead: LeadRequest) => request<LeadResponse>("POST", "/chat/lead", lead),
    book: (tour: BookTourRequest, idempotencyKey: string) =>
      request<BookTourResponse>("POST", "/tours", tour, { "Idempotency-Key": idempotencyKey }),
    manage: (token: string) => request<ManageResponse>("GET", `/tours/manage?token=${encodeURIComponent(token)}`),
    cancel: (token: string) => request<ManageResponse>("POST", "/tours/manage/cancel", { token }),
    reschedule: (token: string, start: string) =>
      request<ManageResponse>("POST", "/tours/manage/reschedule", { token, start }),
  };
}

export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The error code of a failed call, or the failure kind when there is no body. */
export function failureCode(result: ApiFailure): string {
  if (result.kind !== "http") return result.kind;
  if (result.status === 429) return "rate_limited";
  return result.body?.error.code ?? `http_${result.status}`;
}
