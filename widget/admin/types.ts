// What the settings page hands the app, and what the plugin's REST routes answer.

/** window.LumaLeasingAdminConfig, written by the plugin with wp_add_inline_script. */
export interface AdminConfig {
  /** rest_url('lumaleasing/v1/'), ending with a slash (or a ?rest_route= URL). */
  restUrl: string;
  /** wp_create_nonce('wp_rest'), sent as X-WP-Nonce. */
  nonce: string;
  settingsUrl: string;
  /** Whether a site key is saved; without one there is nothing to ask the backend. */
  connected: boolean;
  propertyName?: string;
  timezone?: string;
}

export type TokenStatus = "healthy" | "expiring" | "expired" | "revoked" | "unknown";

export interface CalendarInfo {
  id: string;
  accountEmail: string;
  tokenStatus: TokenStatus;
  lastHealthCheckAt: string | null;
  lastRefreshAt: string | null;
  timeZone: string | null;
}

export interface Tour {
  id: string;
  start: string;
  end: string;
  /** YYYY-MM-DD in the property's time zone. */
  localDate: string;
  /** HH:MM (24 h) in the property's time zone. */
  localTime: string;
  prospectName: string;
  agentEmail: string;
  status: string;
}

export interface ToursResult {
  timezone: string;
  tours: Tour[];
}

export type LeadStatus =
  | "NEW"
  | "OPEN"
  | "IN_PROGRESS"
  | "OPEN_DEAL"
  | "UNQUALIFIED"
  | "ATTEMPTED_TO_CONTACT"
  | "CONNECTED"
  | "BAD_TIMING";

export type TourOutcomeKey = "booked" | "completed" | "no_show" | "cancelled";

export type LeadStatusMap = Record<TourOutcomeKey, LeadStatus | null>;

/** GET lumaleasing/v1/hubspot: never the token. */
export interface HubSpotStatus {
  connected: boolean;
  portalId: number | null;
  connectedAt: string | null;
  lastSyncAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  leadStatusMap: LeadStatusMap;
}

export const WEBHOOK_EVENT_TYPES = [
  "lead.created",
  "lead.updated",
  "tour.booked",
  "tour.rescheduled",
  "tour.cancelled",
  "tour.completed",
  "tour.no_show",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export interface WebhookEndpoint {
  id: string;
  url: string;
  events: WebhookEventType[];
  enabled: boolean;
  createdAt: string;
  secretRotatedAt: string | null;
}

export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: string;
  status: "pending" | "delivered" | "failed" | "skipped";
  responseStatus: number | null;
  attempts: number;
  createdAt: string;
  lastAttemptAt: string | null;
  error: string | null;
}
