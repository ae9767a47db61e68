// The Portfolio page's routes (portfolio key): calendar health across the organization's
// properties, recent token refresh activity, and re-connect emails to property managers.
import { z } from "zod";
import { text } from "./text.ts";

export const CALENDAR_STATES = ["healthy", "expiring", "expired", "revoked"] as const;
export const CalendarState = z.enum(CALENDAR_STATES);
export type CalendarState = z.infer<typeof CalendarState>;

/** GET portfolio/health?status=&q= */
export const HealthQuery = z.object({
  status: z.union([CalendarState, z.literal("")]).optional()
    .transform((s) => (s === "" ? undefined : s)),
  q: text().max(200, "q is at most 200 characters").optional(),
}).strict();

/** GET portfolio/refresh-activity?limit= (1–500, default 50) */
export const RefreshActivityQuery = z.object({
  limit: z.string().regex(/^\d{1,3}$/, "limit must be a whole number from 1 to 500").transform(Number)
    .refine((n) => n >= 1 && n <= 500, "limit must be a whole number from 1 to 500").optional(),
}).strict();

/** POST portfolio/reconnect-emails */
export const ReconnectEmailsRequest = z.object({
  calendarIds: z.array(text().uuid("each calendar id must be a calendar's id")).min(1, "choose at least one calendar")
    .max(200, "at most 200 calendars at a time"),
  by: z.object({
    name: text().trim().min(1, "by.name is required").max(200, "by.name is at most 200 characters"),
    email: text().email("by.email must be an email address").max(254),
  }).strict(),
}).strict();
export type ReconnectEmailsRequest = z.infer<typeof ReconnectEmailsRequest>;

export interface HealthCalendar {
  id: string;
  accountEmail: string;
  displayName: string | null;
  status: string;
  lastHealthCheckAt: string | null;
  lastRefreshAt: string | null;
  accessTokenExpiresAt: string | null;
  /** When the grant (refresh token) is known to end; null: no known end. */
  grantExpiresAt: string | null;
  lastError: { message: string; outcome: string; at: string } | null;
  lastReconnectEmailAt: string | null;
  /** When another re-connect email may be sent for it (null: now). */
  nextReconnectEmailAt: string | null;
}

export interface HealthRow {
  propertyId: string;
  propertyName: string;
  /** Whether the property's WordPress settings page is known (re-connect links need it). */
  settingsPageKnown: boolean;
  /** null: the property has no calendar connected. */
  calendar: HealthCalendar | null;
}

export type HealthCounts = Record<"all" | CalendarState | "noCalendar", number>;

export type ReconnectSkipReason = "rate_limited" | "settings_page_unknown" | "no_managers";

export interface ReconnectResult {
  sent: Array<{ calendarId: string; propertyId: string; propertyName: string; accountEmail: string; recipients: string[] }>;
  skipped: Array<{ calendarId: string; propertyId: string; propertyName: string; accountEmail: string; reason: ReconnectSkipReason; message: string; nextAllowedAt?: string }>;
  /** Emails queued (one per manager per property). */
  emails: number;
}
