// OAuth 2.0 tokens as Google runs them: code exchange (PKCE), refresh, revoke, and how refresh tokens die.
import { liveAccount, normalizeEmail } from "./accounts.ts";
import { authenticateClient, consentKey, emailScope, normalizeScopes, profileScope } from "./consent.ts";
import { OAuthError, oauthErrors } from "./errors.ts";
import { newAccessToken, newRefreshToken, sha256Base64Url } from "./ids.ts";
import { type EmulatorState, nowMs } from "./state.ts";
import { addMonths } from "./time.ts";
import type { AccessTokenRecord, Account, OAuthClient, RefreshTokenRecord, RevocationReason } from "./types.ts";

export interface TokenResponse {
  access_token: string;
  expires_in: number;
  token_type: "Bearer";
  scope: string;
  id_token?: string;
  refresh_token?: string;
  refresh_token_expires_in?: number;
}

function isTestingGrant(state: EmulatorState, email: string, clientId: string): boolean {
  return Boolean(state.accounts.get(email)?.testing || state.clients.get(clientId)?.testing);
}

export function refreshTokenAlive(state: EmulatorState, record: RefreshTokenRecord): boolean {
  const now = nowMs(state);
  if (record.revokedAt !== undefined) return false;
  if (record.expiresAt !== undefined && now >= record.expiresAt) return false;
  if (now >= addMonths(record.lastUsedAt, state.config.refreshTokenIdleMonths)) return false;
  return Boolean(liveAccount(state, record.email));
}

function mintAccessToken(
  state: EmulatorState,
  email: string,
  clientId: string,
  scopes: string[],
  refreshToken?: string,
): AccessTokenRecord {
  const now = nowMs(state);
  const record: AccessTokenRecord = {
    token: newAccessToken(),
    email,
    clientId,
    scopes,
    issuedAt: now,
    expiresAt: now + state.config.accessTokenTtlSec * 1000,
    refreshToken,
    revoked: false,
  };
  state.accessTokens.set(record.token, record);
  return record;
}

function mintRefreshToken(state: EmulatorState, email: string, clientId: string, scopes: string[]): RefreshTokenRecord {
  const now = nowMs(state);
  const record: RefreshTokenRecord = {
    token: newRefreshToken(),
    email,
    clientId,
    scopes,
    createdAt: now,
    lastUsedAt: now,
    expiresAt: isTestingGrant(state, email, clientId) ? now + state.config.testingRefreshTokenTtlSec * 1000 : undefined,
  };
  state.refreshTokens.set(record.token, record);
  enforceTokenLimit(state, email, clientId);
  return record;
}

/** Past the limit of live refresh tokens per account and client, the oldest die silently. */
function enforceTokenLimit(state: EmulatorState, email: string, clientId: string): void {
  const live = [...state.refreshTokens.values()]
    .filter((r) => r.email === email && r.clientId === clientId && refreshTokenAlive(state, r))
    .sort((a, b) => a.createdAt - b.createdAt);
  const excess = live.length - state.config.maxLiveRefreshTokensPerClient;
  for (const record of live.slice(0, Math.max(0, excess))) revokeRefreshToken(state, record, "token_limit");
}

function revokeRefreshToken(state: EmulatorState, record: RefreshTokenRecord, reason: RevocationReason): void {
  if (record.revokedAt === undefined) {
    record.revokedAt = nowMs(state);
    record.revokedReason = reason;
  }
  for (const access of state.accessTokens.values()) {
    if (access.refreshToken === record.token) access.revoked = true;
  }
}

async function idTokenFor(
  state: EmulatorState,
  account: Account,
  clientId: string,
  scopes: string[],
): Promise<string | undefined> {
  const wantsIdentity = scopes.some((s) => s === "openid" || s === emailScope || s === profileScope);
  if (!wantsIdentity) return undefined;
  const iat = Math.floor(nowMs(state) / 1000);
  const [given, ...family] = account.name.split(" ");
  return await state.signer.sign({
    iss: "https://accounts.google.com",
    azp: clientId,
    aud: clientId,
    sub: account.sub,
    ...(scopes.includes(emailScope) ? { email: account.email, email_verified: true } : {}),
    ...(scopes.includes(profileScope)
      ? { name: account.name, given_name: given, family_name: family.join(" "), picture: account.picture }
      : {}),
    iat,
    exp: iat + state.config.accessTokenTtlSec,
  });
}

async function tokenResponse(
  state: EmulatorState,
  access: AccessTokenRecord,
  refresh: RefreshTokenRecord | undefined,
  includeRefreshToken: boolean,
): Promise<TokenResponse> {
  const account = state.accounts.get(access.email)!;
  const response: TokenResponse = {
    access_token: access.token,
    expires_in: Math.round((access.expiresAt - access.issuedAt) / 1000),
    token_type: "Bearer",
    scope: access.scopes.join(" "),
  };
  if (includeRefreshToken && refresh) response.refresh_token = refresh.token;
  if (refresh?.expiresAt !== undefined) {
    response.refresh_token_expires_in = Math.max(0, Math.round((refresh.expiresAt - nowMs(state)) / 1000));
  }
  const idToken = await idTokenFor(state, account, access.clientId, access.scopes);
  if (idToken) response.id_token = idToken;
  return response;
}

export interface TokenRequest {
  grantType?: string;
  clientId?: string;
  clientSecret?: string;
  code?: string;
  redirectUri?: string;
  codeVerifier?: string;
  refreshToken?: string;
}

/** POST /token. Throws OAuthError for every refusal. */
export async function handleTokenRequest(state: EmulatorState, request: TokenRequest): Promise<TokenResponse> {
  if (!request.grantType) throw oauthErrors.unsupportedGrant("");
  if (request.grantType !== "authorization_code" && request.grantType !== "refresh_token") {
    throw oauthErrors.unsupportedGrant(request.grantType);
  }
  const client = authenticateClient(state, request);
  return request.grantType === "authorization_code"
    ? await exchangeCode(state, client, request)
    : await refreshAccess(state, client, request);
}

async function exchangeCode(state: EmulatorState, client: OAuthClient, request: TokenRequest) {
  if (!request.code) throw oauthErrors.missing("code");
  const code = state.codes.get(request.code);
  if (!code) throw oauthErrors.malformedCode();
  if (code.used) {
    // A replayed code is treated as stolen: everything it minted is revoked.
    if (code.mintedRefreshToken) {
      const refresh = state.refreshTokens.get(code.mintedRefreshToken);
      if (refresh) revokeRefreshToken(state, refresh, "code_replayed");
    }
    for (const token of code.mintedAccessTokens) {
      const access = state.accessTokens.get(token);
      if (access) access.revoked = true;
    }
    throw oauthErrors.badCode();
  }
  if (nowMs(state) - code.issuedAt > state.config.authCodeTtlSec * 1000) throw oauthErrors.badCode();
  if (code.clientId !== client.clientId) throw oauthErrors.unauthorizedClient();
  if (!request.redirectUri) throw oauthErrors.missing("redirect_uri");
  if (request.redirectUri !== code.redirectUri) throw oauthErrors.redirectMismatch();
  if (code.codeChallenge) {
    if (!request.codeVerifier) throw oauthErrors.missingVerifier();
    const derived = code.codeChallengeMethod === "S256"
      ? await sha256Base64Url(request.codeVerifier)
      : request.codeVerifier;
    if (derived !== code.codeChallenge) throw oauthErrors.invalidVerifier();
  }
  if (!liveAccount(state, code.email)) throw oauthErrors.expiredOrRevoked();
  code.used = true;
  const refresh = code.issueRefreshToken
    ? mintRefreshToken(state, code.email, client.clientId, code.scopes)
    : undefined;
  const access = mintAccessToken(state, code.email, client.clientId, code.scopes, refresh?.token);
  code.mintedRefreshToken = refresh?.token;
  code.mintedAccessTokens.push(access.token);
  return await tokenResponse(state, access, refresh, true);
}

async function refreshAccess(state: EmulatorState, client: OAuthClient, request: TokenRequest) {
  if (!request.refreshToken) throw oauthErrors.missing("refresh_token");
  const refresh = state.refreshTokens.get(request.refreshToken);
  if (!refresh || !refreshTokenAlive(state, refresh)) throw oauthErrors.expiredOrRevoked();
  if (refresh.clientId !== client.clientId) throw oauthErrors.unauthorizedClient();
  refresh.lastUsedAt = nowMs(state);
  const access = mintAccessToken(state, refresh.email, client.clientId, refresh.scopes, refresh.token);
  // Google keeps the refresh token: the answer carries none.
  return await tokenResponse(state, access, refresh, false);
}

/** Mints a grant directly, as if the person had consented (local stack pre-connects demo calendars). */
export async function mintGrant(
  state: EmulatorState,
  input: { email: string; clientId: string; scopes: string[] },
): Promise<TokenResponse> {
  const account = liveAccount(state, input.email);
  if (!account) throw new OAuthError(404, "not_found", `no live account ${input.email}`);
  if (!state.clients.has(input.clientId)) throw oauthErrors.clientNotFound();
  const scopes = normalizeScopes(input.scopes.join(" "));
  const key = consentKey(account.email, input.clientId);
  state.consents.set(key, new Set([...(state.consents.get(key) ?? []), ...scopes]));
  const refresh = mintRefreshToken(state, account.email, input.clientId, scopes);
  const access = mintAccessToken(state, account.email, input.clientId, scopes, refresh.token);
  return await tokenResponse(state, access, refresh, true);
}

/** Revokes every grant of an account (optionally for one client): the person removed the app's access. */
export function revokeGrants(
  state: EmulatorState,
  email: string,
  clientId?: string,
  reason: RevocationReason = "account_revoked",
): number {
  const normalized = normalizeEmail(email);
  let count = 0;
  for (const refresh of state.refreshTokens.values()) {
    if (refresh.email !== normalized || (clientId && refresh.clientId !== clientId)) continue;
    if (refresh.revokedAt === undefined) count++;
    revokeRefreshToken(state, refresh, reason);
  }
  for (const access of state.accessTokens.values()) {
    if (access.email === normalized && (!clientId || access.clientId === clientId)) access.revoked = true;
  }
  for (const key of [...state.consents.keys()]) {
    const [keyEmail, keyClient] = key.split(" ");
    if (keyEmail === normalized && (!clientId || keyClient === clientId)) state.consents.delete(key);
  }
  return count;
}

/**
 * POST /revoke. Revoking either token ends the grant: the app loses access for that account,
 * so every token of that account and client stops working.
 */
export function revokeToken(state: EmulatorState, token: string | null): void {
  if (!token) throw new OAuthError(400, "invalid_request", "Missing required parameter: token");
  const refresh = state.refreshTokens.get(token);
  const access = state.accessTokens.get(token);
  const owner = refresh ?? access;
  const alive = refresh
    ? refreshTokenAlive(state, refresh)
    : access
    ? !access.revoked && access.expiresAt > nowMs(state)
    : false;
  if (!owner || !alive) throw oauthErrors.invalidToken();
  revokeGrants(state, owner.email, owner.clientId, "revoked");
}

/** The live access token behind a Bearer header, or undefined. */
export function authenticateAccessToken(
  state: EmulatorState,
  authorization: string | null,
): { token: AccessTokenRecord; account: Account } | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!match) return undefined;
  const token = state.accessTokens.get(match[1]);
  if (!token || token.revoked || nowMs(state) >= token.expiresAt) return undefined;
  const account = liveAccount(state, token.email);
  return account ? { token, account } : undefined;
}
