// Google OAuth 2.0 for a web server: the consent URL (offline, forced consent, PKCE S256),
// the code exchange, refresh, revoke, and who the account is (OpenID userinfo).
import { TokenResponse, UserInfo } from "../contracts/google.ts";
import { GOOGLE_SCOPES, type GoogleConfig } from "./google-config.ts";
import { GoogleError } from "./google-error.ts";
import { googleRequest, withQuery } from "./google-http.ts";

const OAUTH_TIMEOUT_MS = 8000;

/** Google's consent page for our scopes; a refresh token comes back on every consent. */
export function authorizationUrl(
  cfg: GoogleConfig,
  args: { redirectUri: string; state: string; codeChallenge: string; scopes?: string[]; loginHint?: string },
): string {
  return withQuery(cfg.authUrl, {
    client_id: cfg.clientId,
    redirect_uri: args.redirectUri,
    response_type: "code",
    scope: (args.scopes ?? GOOGLE_SCOPES).join(" "),
    access_type: "offline",
    prompt: "consent",
    include_granted_scopes: "true",
    state: args.state,
    code_challenge: args.codeChallenge,
    code_challenge_method: "S256",
    login_hint: args.loginHint,
  });
}

export interface TokenSet {
  accessToken: string;
  expiresAt: Date;
  refreshToken?: string;
  refreshTokenExpiresAt?: Date;
  scope?: string;
  idToken?: string;
}

/** Lifetimes are relative; `now` is our clock's, so a shifted clock stays consistent. */
function toTokenSet(data: TokenResponse, now: Date): TokenSet {
  return {
    accessToken: data.access_token,
    expiresAt: new Date(now.getTime() + data.expires_in * 1000),
    refreshToken: data.refresh_token,
    refreshTokenExpiresAt: data.refresh_token_expires_in
      ? new Date(now.getTime() + data.refresh_token_expires_in * 1000)
      : undefined,
    scope: data.scope,
    idToken: data.id_token,
  };
}

export async function exchangeCode(
  cfg: GoogleConfig,
  args: { code: string; codeVerifier: string; redirectUri: string; now: Date; timeoutMs?: number },
): Promise<TokenSet> {
  const data = await googleRequest({
    what: "token (authorization_code)",
    method: "POST",
    url: cfg.tokenUrl,
    form: {
      grant_type: "authorization_code",
      code: args.code,
      code_verifier: args.codeVerifier,
      redirect_uri: args.redirectUri,
      client_id: cfg.clientId,
      client_secret: cfg.clientSecret,
    },
    schema: TokenResponse,
    timeoutMs: args.timeoutMs ?? OAUTH_TIMEOUT_MS,
  });
  return toTokenSet(data, args.now);
}

/** One refresh_token grant. Google answers without a new refresh token: keep the old one. */
export async function refreshAccessToken(
  cfg: GoogleConfig,
  refreshToken: string,
  now: Date,
  timeoutMs = OAUTH_TIMEOUT_MS,
): Promise<TokenSet> {
  const data = await googleRequest({
    what: "token (refresh_token)",
    method: "POST",
    url: cfg.tokenUrl,
    form: {
      grant_type: "refresh_token",
      refresh_token: refreshToken,
      client_id: cfg.clientId,
      client_secret: cfg.clientSecret,
    },
    schema: TokenResponse,
    timeoutMs,
  });
  return toTokenSet(data, now);
}

/** Ends the whole grant (every token of the account for our client). */
export async function revokeToken(cfg: GoogleConfig, token: string, timeoutMs = OAUTH_TIMEOUT_MS): Promise<void> {
  try {
    await googleRequest({
      what: "revoke",
      method: "POST",
      url: cfg.revokeUrl,
      query: { token },
      form: {},
      schema: undefined,
      timeoutMs,
    });
  } catch (err) {
    // 400 means the token was already invalid: revoked either way.
    if (err instanceof GoogleError && err.status === 400) return;
    throw err;
  }
}

export async function userInfo(cfg: GoogleConfig, accessToken: string, timeoutMs = OAUTH_TIMEOUT_MS): Promise<UserInfo> {
  return await googleRequest({
    what: "userinfo",
    method: "GET",
    url: cfg.userinfoUrl,
    accessToken,
    schema: UserInfo,
    timeoutMs,
  });
}
