// The plugin's Rules routes (lumaleasing/v1/rules…): the property's rules as the backend
// keeps them, a change (a refusal is an ApiError with `fields`), and the slots preview.
import { restCaller } from "./api.ts";
import type { AdminConfig } from "./types.ts";

export interface Range {
  start: string;
  end: string;
}

export interface DateException {
  date: string;
  closed?: boolean;
  hours?: Range[];
}

export type Weekday = "0" | "1" | "2" | "3" | "4" | "5" | "6";

export interface Rules {
  timeZone: string;
  address: string | null;
  phone: string | null;
  email: string | null;
  managers: string[];
  weeklyHours: Record<Weekday, Range[]>;
  dateExceptions: DateException[];
  tourMinutes: number;
  slotIntervalMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  minNoticeMinutes: number;
  bookingWindowDays: number;
  defaultLanguage: "en" | "es";
  leasingQuestions: { moveInDate: boolean; bedrooms: boolean; pets: boolean };
  smsConsentText: string;
  /** A thank-you email with the apply link after a tour marked attended (needs applyUrl). */
  followUpEmail: boolean;
  applyUrl: string | null;
}

export interface Preview {
  timezone: string;
  source: "google" | "manual";
  days: Array<{ date: string; times: string[] }>;
}

export interface RulesApi {
  rules(): Promise<Rules>;
  saveRules(changes: Partial<Rules>): Promise<{ settings: Rules; changed: string[] }>;
  preview(days: number): Promise<Preview>;
}

export function createRulesApi(config: Pick<AdminConfig, "restUrl" | "nonce">, fetchImpl: typeof fetch = fetch): RulesApi {
  const call = restCaller(config, fetchImpl);
  return {
    async rules() {
      return (await call<{ settings: Rules }>("GET", "rules")).settings;
    },
    async saveRules(changes) {
      const data = await call<{ settings: Rules; changed?: string[] }>("POST", "rules", { body: changes });
      return { settings: data.settings, changed: Array.isArray(data.changed) ? data.changed : [] };
    },
    async preview(days) {
      const data = await call<Partial<Preview>>("GET", "rules/preview", { query: { days } });
      return { timezone: data.timezone ?? "", source: data.source ?? "google", days: Array.isArray(data.days) ? data.days : [] };
    },
  };
}
