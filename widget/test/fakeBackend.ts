import type { Booking } from "../src/api/types.ts";
// A stand-in for the `lumaleasing` Edge Function at the fetch boundary: routes by method
// and path, records every request, and lets a test swap any route's answer.
import { vi } from "vitest";
import type { AvailabilityResponse, WidgetConfigResponse } from "../src/api/types.ts";

export const BACKEND = "http://127.0.0.1:54321/functions/v1";
export const WIDGET_KEY = "pk_test_123";
/** Saturday 28 November 2026, 09:00 in Chicago. */
export const NOW = new Date("2026-11-28T15:00:00.000Z");

export const CONFIG: WidgetConfigResponse = {
  success: true,
  property: {
    id: "prop-1",
    name: "Maple Court Apartments",
    timezone: "America/Chicago",
    phone: "(312) 555-0100",
    email: "leasing@maplecourt.example",
    address: "100 Maple Ct, Chicago, IL",
  },
  widget: { greeting: "Welcome to Maple Court! How can we help?", brandColor: "#0b6e4f", position: "bottom-right" },
  faqs: [
    { id: "f1", question: "How much is rent?", answer: "One bedrooms start at $1,450 a month.", keywords: ["rent", "price", "pricing", "cost"] },
    { id: "f2", question: "Do you allow pets?", answer: "Cats and dogs under 50 lb are welcome; the pet fee is $300.", keywords: ["pet", "pets", "dog", "cat", "mascotas"] },
    { id: "f3", question: "Is there parking?", answer: "Every home comes with one covered parking space.", keywords: ["parking", "garage"] },
  ],
  leasingQuestions: { moveInDate: true, bedrooms: true, pets: true },
  smsConsentText: "Text me reminders about my tour. Message and data rates may apply. Reply STOP to opt out.",
  bookingWindowDays: 14,
};

const slot = (date: string, time: string, utcHour: number) => ({
  time,
  available: true,
  start: `${date}T${String(utcHour).padStart(2, "0")}:00:00.000Z`,
});

export const AVAILABILITY: AvailabilityResponse = {
  success: true,
  availableDates: ["2026-11-30", "2026-12-01", "2026-12-04", "2026-12-10"],
  slotsByDate: {
    "2026-11-30": [slot("2026-11-30", "10:00", 16)],
    "2026-12-01": [slot("2026-12-01", "09:00", 15), slot("2026-12-01", "14:00", 20), { ...slot("2026-12-01", "15:00", 21), available: false }],
    "2026-12-04": [slot("2026-12-04", "11:00", 17), slot("2026-12-04", "16:30", 22)],
    "2026-12-10": [slot("2026-12-10", "13:00", 19)],
  },
  timezone: "America/Chicago",
  tourDuration: 30,
  source: "google",
};

export const BOOKING: Booking = {
  id: "bk_1",
  start: "2026-12-01T20:00:00.000Z",
  end: "2026-12-01T20:30:00.000Z",
  timezone: "America/Chicago",
  status: "confirmed",
  manageUrl: "https://maplecourt.example/?lumaleasing_manage=tok_abc",
};

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer; only the request's AbortSignal ends it. */
  hang?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: any;
}

type Route = Reply | ((req: RecordedRequest) => Reply);

export function fakeBackend(overrides: Record<string, Route | Route[]> = {}) {
  const routes: Record<string, Route | Route[]> = {
    "GET /config": { body: CONFIG },
    "GET /tours/availability": { body: AVAILABILITY },
    "POST /chat/lead": { body: { success: true, lead: { id: "lead_1" } } },
    "POST /tours": { status: 201, body: { success: true, booking: BOOKING } },
    ...overrides,
  };
  const requests: RecordedRequest[] = [];

  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const prefix = "/functions/v1/lumaleasing";
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
    const method = (init.method ?? "GET").toUpperCase();
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const req: RecordedRequest = { method, path, query: url.searchParams, headers, body: init.body ? JSON.parse(String(init.body)) : undefined };
    requests.push(req);
    const key = `${method} ${path}`;
    let route = routes[key];
    if (Array.isArray(route)) route = route.length > 1 ? route.shift()! : route[0];
    if (!route) return new Response(JSON.stringify({ success: false, error: { code: "not_found", message: key } }), { status: 404 });
    const reply = typeof route === "function" ? route(req) : route;
    if (reply.hang) {
      return new Promise<Response>((_, reject) => {
        init.signal?.addEventListener("abort", () => reject(new DOMException("Aborted", "AbortError")));
      });
    }
    return new Response(JSON.stringify(reply.body ?? {}), {
      status: reply.status ?? 200,
      headers: { "Content-Type": "application/json", ...reply.headers },
    });
  });

  return {
    fetch: fetch as unknown as typeof globalThis.fetch,
    requests,
    routes,
    /** Requests to one route, e.g. "POST /tours". */
    calls: (key: string) => requests.filter((r) => `${r.method} ${r.path}` === key),
  };
}
