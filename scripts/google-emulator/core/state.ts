// All emulator state in one plain object; the modules beside this file are the only code that changes it.
import type { Clock } from "../../../supabase/functions/_shared/adapters/clock.ts";
import type { IdTokenSigner } from "./id-token.ts";
import {
  type AccessTokenRecord,
  type Account,
  type AuthCode,
  type CalendarStore,
  type Channel,
  defaultConfig,
  type Delivery,
  type EmulatorConfig,
  type FaultRule,
  type LoggedRequest,
  type OAuthClient,
  type PendingAuthorization,
  type RefreshTokenRecord,
  type SendUpdatesRecord,
} from "./types.ts";

export const defaultClientId = "lumaleasing-local.apps.googleusercontent.com";
export const defaultClientSecret = "local-client-secret";

/** What changed, for push delivery: a calendar's events, or the calendar itself went away. */
export interface CalendarChange {
  calendarId: string;
  kind: "events" | "gone";
}

export interface EmulatorState {
  clock: Clock;
  config: EmulatorConfig;
  /** Origin that clients reach the emulator on (used in htmlLink and resourceUri). */
  publicUrl: string;
  signer: IdTokenSigner;
  clients: Map<string, OAuthClient>;
  accounts: Map<string, Account>;
  pendingAuthorizations: Map<string, PendingAuthorization>;
  codes: Map<string, AuthCode>;
  refreshTokens: Map<string, RefreshTokenRecord>;
  accessTokens: Map<string, AccessTokenRecord>;
  /** Scopes a person has consented to, keyed by `${email} ${clientId}`. */
  consents: Map<string, Set<string>>;
  calendars: Map<string, CalendarStore>;
  channels: Map<string, Channel>;
  /** Emulator-wide change counter; sync tokens point into it. */
  changeSeq: number;
  /** Bumped on reset so sync tokens from before a reset answer 410. */
  epoch: number;
  faults: FaultRule[];
  latencyMs: number;
  requestLog: LoggedRequest[];
  counters: Map<string, number>;
  deliveries: Delivery[];
  sendUpdatesLog: SendUpdatesRecord[];
  listeners: Set<(change: CalendarChange) => void>;
}

export function defaultClient(): OAuthClient {
  return {
    clientId: defaultClientId,
    clientSecret: defaultClientSecret,
    redirectUris: [],
    allowLoopbackRedirects: true,
    testing: false,
    name: "LumaLeasing Tours (local)",
  };
}

export function createState(clock: Clock, signer: IdTokenSigner, publicUrl = ""): EmulatorState {
  const state: EmulatorState = {
    clock,
    config: defaultConfig(),
    publicUrl,
    signer,
    clients: new Map(),
    accounts: new Map(),
    pendingAuthorizations: new Map(),
    codes: new Map(),
    refreshTokens: new Map(),
    accessTokens: new Map(),
    consents: new Map(),
    calendars: new Map(),
    channels: new Map(),
    changeSeq: 0,
    epoch: Math.floor(clock.now().getTime() / 1000) % 100000,
    faults: [],
    latencyMs: 0,
    requestLog: [],
    counters: new Map(),
    deliveries: [],
    sendUpdatesLog: [],
    listeners: new Set(),
  };
  state.clients.set(defaultClientId, defaultClient());
  return state;
}

/** Back to a fresh emulator: only the default client, no accounts, no faults, logs cleared. */
export function resetState(state: EmulatorState): void {
  state.config = defaultConfig();
  for (
    const map of [
      state.clients,
      state.accounts,
      state.pendingAuthorizations,
      state.codes,
      state.refreshTokens,
      state.accessTokens,
      state.consents,
      state.calendars,
      state.channels,
      state.counters,
    ]
  ) map.clear();
  state.clients.set(defaultClientId, defaultClient());
  state.epoch += 1;
  state.faults = [];
  state.latencyMs = 0;
  state.requestLog = [];
  state.deliveries = [];
  state.sendUpdatesLog = [];
}

export const nowMs = (state: EmulatorState) => state.clock.now().getTime();

export function nextChangeSeq(state: EmulatorState): number {
  state.changeSeq += 1;
  return state.changeSeq;
}

export function emitChange(state: EmulatorState, change: CalendarChange): void {
  for (const listener of state.listeners) listener(change);
}
