// The Tours page's calls to the plugin's lumaleasing/v1/office routes (cookie + wp_rest nonce).
import { ApiError, restCaller } from "../api.ts";
import { t } from "../i18n.ts";
import type { Agent, Alternative, BookingInput, ListQuery, SlotDay, TourAction, TourDetail, TourList, ToursConfig } from "./types.ts";

export interface ToursApi {
  list(query: ListQuery): Promise<TourList>;
  detail(id: string): Promise<TourDetail>;
  slots(from: string, days: number): Promise<{ timezone: string; days: SlotDay[] }>;
  agents(): Promise<Agent[]>;
  book(input: BookingInput): Promise<{ id: string }>;
  act(id: string, action: TourAction, body: Record<string, unknown>): Promise<void>;
}

/** The alternatives a 409 slot_taken carries, or none. */
export function alternativesOf(err: unknown): Alternative[] {
  const alts = err instanceof ApiError ? err.data.alternatives : undefined;
  return Array.isArray(alts) ? alts.filter((a): a is Alternative => !!a && typeof a === "object" && typeof a.start === "string") : [];
}

/** A refusal for a person: the capability and the session get the Tours page's own words. */
function forTours(err: unknown): never {
  if (err instanceof ApiError && (err.code === "rest_forbidden" || err.status === 401 || err.status === 403)) {
    throw new ApiError(err.code, t("You are not allowed to manage tours on this site."), err.status);
  }
  throw err;
}

export function createToursApi(config: Pick<ToursConfig, "restUrl" | "nonce">, fetchImpl: typeof fetch = fetch): ToursApi {
  const call = restCaller(config, fetchImpl);
  return {
    async list(query) {
      const q: Record<string, string> = { from: query.from, to: query.to };
      if (query.agent) q.agent = query.agent;
      if (query.source) q.source = query.source;
      if (query.q?.trim()) q.q = query.q.trim();
      if (query.perDay) q.perDay = String(query.perDay);
      const data = await call<Partial<TourList>>("GET", "office/tours", { query: q }).catch(forTours);
      return {
        timezone: data.timezone ?? "",
        capped: data.capped === true,
        limit: typeof data.limit === "number" ? data.limit : 0,
        tours: Array.isArray(data.tours) ? data.tours : [],
        ...(data.dayTotals && typeof data.dayTotals === "object" ? { dayTotals: data.dayTotals } : {}),
      };
    },
    async detail(id) {
      return await call<TourDetail>("GET", `office/tours/${encodeURIComponent(id)}`).catch(forTours);
    },
    async slots(from, days) {
      const data = await call<{ timezone?: string; days?: SlotDay[] }>("GET", "office/slots", { query: { from, days } }).catch(forTours);
      return { timezone: data.timezone ?? "", days: Array.isArray(data.days) ? data.days : [] };
    },
    async agents() {
      const data = await call<{ calendars?: Agent[] }>("GET", "office/agents").catch(forTours);
      return Array.isArray(data.calendars) ? data.calendars : [];
    },
    async book(input) {
      const data = await call<{ booking?: { id?: string } }>("POST", "office/tours", { body: input }).catch(forTours);
      return { id: String(data.booking?.id ?? "") };
    },
    async act(id, action, body) {
      await call("POST", `office/tours/${encodeURIComponent(id)}/${action}`, { body }).catch(forTours);
    },
  };
}
