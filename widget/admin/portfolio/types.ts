// What the Portfolio page reads from the plugin's portfolio routes (the backend's answers,
// passed through by WordPress).

export interface PortfolioConfig {
  restUrl: string;
  nonce: string;
  organization: string;
  settingsUrl: string;
}

export type CalendarState = "healthy" | "expiring" | "expired" | "revoked";
export const STATES: CalendarState[] = ["healthy", "expiring", "expired", "revoked"];

export interface HealthCalendar {
  id: string;
  accountEmail: string;
  displayName: string | null;
  status: string;
  lastHealthCheckAt: string | null;
  lastRefreshAt: string | null;
  accessTokenExpiresAt: string | null;
  grantExpiresAt: string | null;
  lastError: { message: string; outcome: string; at: string } | null;
  lastReconnectEmailAt: string | null;
  nextReconnectEmailAt: string | null;
}

export interface HealthRow {
  propertyId: string;
  propertyName: string;
  settingsPageKnown: boolean;
  calendar: HealthCalendar | null;
}

export type HealthCounts = Record<"all" | CalendarState | "noCalendar", number>;

export interface HealthResult {
  organization: { id: string; name: string };
  now: string;
  properties: number;
  counts: HealthCounts;
  rows: HealthRow[];
}

export interface RefreshActivity {
  id: number;
  at: string;
  trigger: string;
  outcome: string;
  error: string | null;
  propertyId: string;
  propertyName: string;
  calendarId: string;
  accountEmail: string;
}

export interface ReconnectResult {
  sent: Array<{ calendarId: string; propertyName: string; accountEmail: string; recipients: string[] }>;
  skipped: Array<{ calendarId: string; propertyName: string; accountEmail: string; reason: string; message: string; nextAllowedAt?: string }>;
  emails: number;
}
