// The plugin's portfolio routes (lumaleasing/v1/portfolio/…), with the admin's cookie and
// the wp_rest nonce; the portfolio key stays on the server.
import { restCaller } from "../api.ts";
import type { CalendarState, HealthResult, PortfolioConfig, ReconnectResult, RefreshActivity } from "./types.ts";

export interface PortfolioApi {
  health(status: CalendarState | "", q: string): Promise<HealthResult>;
  activity(limit: number): Promise<RefreshActivity[]>;
  reconnect(calendarIds: string[]): Promise<ReconnectResult>;
}

const EMPTY_COUNTS = { all: 0, healthy: 0, expiring: 0, expired: 0, revoked: 0, noCalendar: 0 };

export function createPortfolioApi(config: Pick<PortfolioConfig, "restUrl" | "nonce">, fetchImpl: typeof fetch = fetch): PortfolioApi {
  const call = restCaller(config, fetchImpl);
  return {
    async health(status, q) {
      const query: Record<string, string> = {};
      if (status) query.status = status;
      if (q.trim()) query.q = q.trim();
      const data = await call<Partial<HealthResult>>("GET", "portfolio/health", { query });
      return {
        organization: data.organization ?? { id: "", name: "" },
        now: data.now ?? new Date().toISOString(),
        properties: data.properties ?? 0,
        counts: { ...EMPTY_COUNTS, ...data.counts },
        rows: Array.isArray(data.rows) ? data.rows : [],
      };
    },
    async activity(limit) {
      const data = await call<{ activity?: RefreshActivity[] }>("GET", "portfolio/activity", { query: { limit } });
      return Array.isArray(data.activity) ? data.activity : [];
    },
    async reconnect(calendarIds) {
      const data = await call<Partial<ReconnectResult>>("POST", "portfolio/reconnect-emails", { body: { calendarIds } });
      return { sent: data.sent ?? [], skipped: data.skipped ?? [], emails: data.emails ?? 0 };
    },
  };
}
