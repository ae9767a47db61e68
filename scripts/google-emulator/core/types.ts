// Data held by the Google emulator. Shapes on the wire follow Google; these are the records behind them.

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  /** Exact-match redirect URIs, as registered in Google Cloud Console. */
  redirectUris: string[];
  /** Local convenience: accept any http(s) redirect on 127.0.0.1 / localhost / [::1]. */
  allowLoopbackRedirects: boolean;
  /** A "Testing" publishing status: refresh tokens live 7 days. */
  testing: boolean;
  name: string;
}

export interface Account {
  email: string;
  name: string;
  /** Google's stable numeric subject id. */
  sub: string;
  timeZone: string;
  /** Treat every grant of this account as a "Testing" app grant (7-day refresh tokens). */
  testing: boolean;
  /** A deleted account: every grant is dead, its calendar is gone. */
  deleted: boolean;
  picture: string;
}

export interface PendingAuthorization {
  id: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  accessType: "online" | "offline";
  prompts: string[];
  state?: string;
  loginHint?: string;
  includeGrantedScopes: boolean;
  codeChallenge?: string;
  codeChallengeMethod?: "S256" | "plain";
  createdAt: number;
}

export interface AuthCode {
  code: string;
  clientId: string;
  redirectUri: string;
  email: string;
  scopes: string[];
  issueRefreshToken: boolean;
  codeChallenge?: string;
  codeChallengeMethod?: "S256" | "plain";
  issuedAt: number;
  used: boolean;
  /** Tokens minted by the first exchange; revoked if the code is replayed. */
  mintedRefreshToken?: string;
  mintedAccessTokens: string[];
}

export type RevocationReason =
  | "revoked"
  | "code_replayed"
  | "token_limit"
  | "account_revoked";

export interface RefreshTokenRecord {
  token: string;
  email: string;
  clientId: string;
  scopes: string[];
  createdAt: number;
  lastUsedAt: number;
  /** Set for Testing-app grants. */
  expiresAt?: number;
  revokedAt?: number;
  revokedReason?: RevocationReason;
}

export interface AccessTokenRecord {
  token: string;
  email: string;
  clientId: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
  /** The refresh token this came from (revoking it revokes this too). */
  refreshToken?: string;
  revoked: boolean;
}

export interface EventDateTime {
  dateTime?: string;
  date?: string;
  timeZone?: string;
}

export interface Attendee {
  email: string;
  displayName?: string;
  optional?: boolean;
  responseStatus: "needsAction" | "declined" | "tentative" | "accepted";
  comment?: string;
  self?: boolean;
  organizer?: boolean;
  additionalGuests?: number;
}

export interface Reminders {
  useDefault: boolean;
  overrides?: { method: "email" | "popup"; minutes: number }[];
}

/** An event as Google returns it, plus the instants we compute with. */
export interface StoredEvent {
  resource: GoogleEvent;
  startMs: number;
  endMs: number;
  /** Emulator-wide change counter at the last change (drives sync tokens). */
  changeSeq: number;
  /** Deleted through the API: visible only with showDeleted / syncToken. */
  deleted: boolean;
}

export interface GoogleEvent {
  kind: "calendar#event";
  etag: string;
  id: string;
  status: "confirmed" | "tentative" | "cancelled";
  htmlLink: string;
  created: string;
  updated: string;
  summary?: string;
  description?: string;
  location?: string;
  colorId?: string;
  creator: { email: string; self?: boolean };
  organizer: { email: string; self?: boolean; displayName?: string };
  start: EventDateTime;
  end: EventDateTime;
  endTimeUnspecified?: boolean;
  recurrence?: string[];
  transparency?: "opaque" | "transparent";
  visibility?: string;
  iCalUID: string;
  sequence: number;
  attendees?: Attendee[];
  guestsCanInviteOthers?: boolean;
  guestsCanModify?: boolean;
  guestsCanSeeOtherGuests?: boolean;
  reminders: Reminders;
  extendedProperties?: { private?: Record<string, string>; shared?: Record<string, string> };
  source?: { url: string; title: string };
  eventType: string;
  [extra: string]: unknown;
}

export interface CalendarStore {
  id: string;
  ownerEmail: string;
  /** Bumped to make every earlier sync token answer 410. */
  syncGeneration: number;
  events: Map<string, StoredEvent>;
}

export interface Channel {
  id: string;
  resourceId: string;
  resourceUri: string;
  calendarId: string;
  email: string;
  address: string;
  token?: string;
  /** Milliseconds since epoch, per the emulator's clock. */
  expiration: number;
  params?: Record<string, string>;
  createdAt: number;
  lastMessageNumber: number;
  stopped: boolean;
}

export interface Delivery {
  channelId: string;
  resourceState: "sync" | "exists" | "not_exists";
  messageNumber: number;
  address: string;
  attempts: number;
  /** HTTP status of the last attempt, or "error: …" when it did not answer. */
  outcome: number | string;
  at: string;
}

export interface FaultRule {
  id: string;
  /** Path prefix, e.g. "/calendar/v3/freeBusy". */
  path?: string;
  /** Regular expression tested against the path (takes precedence over `path`). */
  pathRegex?: string;
  method?: string;
  remaining: number;
  status?: number;
  reason?: string;
  message?: string;
  hangMs?: number;
}

export interface LoggedRequest {
  at: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  status?: number;
  durationMs?: number;
}

export interface SendUpdatesRecord {
  at: string;
  action: "insert" | "update" | "patch" | "delete";
  calendarId: string;
  eventId: string;
  sendUpdates: string | null;
  via: "api" | "control";
}

export interface EmulatorConfig {
  accessTokenTtlSec: number;
  authCodeTtlSec: number;
  testingRefreshTokenTtlSec: number;
  /** Refresh tokens unused this many months die. */
  refreshTokenIdleMonths: number;
  maxLiveRefreshTokensPerClient: number;
  freeBusyMaxRangeDays: number;
  channelDefaultTtlSec: number;
  /** Push retry delays in ms; one attempt plus one per entry. */
  pushRetryDelaysMs: number[];
  requestLogLimit: number;
}

export const defaultConfig = (): EmulatorConfig => ({
  accessTokenTtlSec: 3599,
  authCodeTtlSec: 600,
  testingRefreshTokenTtlSec: 604800,
  refreshTokenIdleMonths: 6,
  maxLiveRefreshTokensPerClient: 100,
  freeBusyMaxRangeDays: 90,
  channelDefaultTtlSec: 604800,
  pushRetryDelaysMs: [250, 1000, 3000],
  requestLogLimit: 2000,
});
