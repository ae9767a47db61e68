// The plugin's REST routes (lumaleasing/v1), called with the admin's cookie and the
// wp_rest nonce. Errors come back as ApiError with WordPress' machine-readable code.
import { t } from "./i18n.ts";
import type { AdminConfig, CalendarInfo, HubSpotStatus, LeadStatusMap, ToursResult } from "./types.ts";

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  /** Field → message, when the backend refused some fields (422). */
  readonly fields: Record<string, string>;
  /** The error's other data from WordPress (e.g. the alternatives of a 409 slot_taken). */
  readonly data: Record<string, unknown>;
  constructor(code: string, message: string, status: number, fields: Record<string, string> = {}, data: Record<string, unknown> = {}) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
    this.fields = fields;
    this.data = data;
  }
}

function fieldsOf(data: unknown): Record<string, string> {
  const fields = (data as { fields?: unknown } | undefined)?.fields;
  if (!fields || typeof fields !== "object") return {};
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => typeof v === "string")) as Record<string, string>;
}

export interface AdminApi {
  status(): Promise<CalendarInfo[]>;
  tours(days: number): Promise<ToursResult>;
  /** The backend's consent URL for this admin; the browser goes there next. */
  connect(): Promise<string>;
  /** keptAtGoogle: the Google account is still connected at another property, so its access stays. */
  disconnect(calendarId: string): Promise<{ keptAtGoogle: boolean }>;
}

/** The HubSpot section's routes (lumaleasing/v1/hubspot…). */
export interface HubSpotApi {
  hubspotStatus(): Promise<HubSpotStatus>;
  /** Sends the private app's token once; the answer never carries it. */
  hubspotConnect(token: string): Promise<HubSpotStatus>;
  hubspotDisconnect(): Promise<HubSpotStatus>;
  hubspotSettings(map: Partial<LeadStatusMap>): Promise<HubSpotStatus>;
}

/** restUrl + route, with query parameters, for both /wp-json/ and ?rest_route= URLs. */
export function routeUrl(restUrl: string, route: string, query: Record<string, string | number> = {}): string {
  const base = restUrl.endsWith("/") ? restUrl : `${restUrl}/`;
  const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  const url = base + route;
  if (!params) return url;
  return url + (url.includes("?") ? "&" : "?") + params;
}

export type RestCall = <T>(method: "GET" | "POST", route: string, opts?: {
  query?: Record<string, string | number>;
  body?: unknown;
}) => Promise<T>;

/** One call to the plugin's REST routes: the nonce, JSON both ways, WordPress' errors as ApiError. */
export function restCaller(config: Pick<AdminConfig, "restUrl" | "nonce">, fetchImpl: typeof fetch = fetch): RestCall {
  return async function call<T>(method: "GET" | "POST", route: string, opts: {
    query?: Record<string, string | number>;
    body?: unknown;
  } = {}): Promise<T> {
    const headers: Record<string, string> = { "X-WP-Nonce": config.nonce, Accept: "application/json" };
    if (opts.body !== undefined) headers["Content-Type"] = "application/json";
    let response: Response;
    try {
      response = await fetchImpl(routeUrl(config.restUrl, route, opts.query), {
        method,
        headers,
        credentials: "same-origin",
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      });
    } catch {
      throw new ApiError("network", t("Could not reach this WordPress site. Check your connection and try again."), 0);
    }
    let data: unknown = null;
    try {
      data = await response.json();
    } catch { /* handled below */ }
    const body = (data ?? {}) as { code?: unknown; message?: unknown; data?: unknown };
    if (!response.ok) {
      const code = typeof body.code === "string" ? body.code : `http_${response.status}`;
      const extra = body.data && typeof body.data === "object" ? body.data as Record<string, unknown> : {};
      throw new ApiError(code, errorMessage(code, body.message, response.status), response.status, fieldsOf(body.data), extra);
    }
    if (data === null || typeof data !== "object") {
      throw new ApiError("bad_response", t("WordPress sent an answer this page does not understand."), response.status);
    }
    return data as T;
  };
}

export function createApi(config: Pick<AdminConfig, "restUrl" | "nonce">, fetchImpl: typeof fetch = fetch): AdminApi & HubSpotApi {
  const call = restCaller(config, fetchImpl);
  return {
    async status() {
      const data = await call<{ calendars?: CalendarInfo[] }>("GET", "status");
      return Array.isArray(data.calendars) ? data.calendars : [];
    },
    async tours(days) {
      const data = await call<Partial<ToursResult>>("GET", "tours", { query: { days } });
      return { timezone: data.timezone ?? "", tours: Array.isArray(data.tours) ? data.tours : [] };
    },
    async connect() {
      const data = await call<{ connectUrl?: unknown }>("POST", "connect", { body: {} });
      if (typeof data.connectUrl !== "string" || !/^https?:\/\//.test(data.connectUrl)) {
        throw new ApiError("bad_response", t("The connect address was missing from the answer."), 200);
      }
      return data.connectUrl;
    },
    async disconnect(calendarId) {
      const data = await call<{ keptAtGoogle?: unknown }>("POST", "disconnect", { body: { calendarId } });
      return { keptAtGoogle: data.keptAtGoogle === true };
    },
    hubspotStatus: () => call<HubSpotStatus>("GET", "hubspot"),
    hubspotConnect: (token) => call<HubSpotStatus>("POST", "hubspot", { body: { token } }),
    hubspotDisconnect: () => call<HubSpotStatus>("POST", "hubspot/disconnect", { body: {} }),
    hubspotSettings: (leadStatusMap) => call<HubSpotStatus>("POST", "hubspot/settings", { body: { leadStatusMap } }),
  };
}

function errorMessage(code: string, message: unknown, status: number): string {
  if (code === "rest_cookie_invalid_nonce") return t("Your session has expired. Reload the page and try again.");
  if (code === "rest_forbidden" || status === 401 || status === 403) {
    return t("You need to be logged in as an administrator to manage calendars.");
  }
  // The plugin's own errors carry a readable (translated) message.
  if (typeof message === "string" && message.trim()) return message;
  return t("Something went wrong. Please try again.");
}
