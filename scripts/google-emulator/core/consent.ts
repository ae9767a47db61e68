// OAuth 2.0 as Google runs it, up to the code: clients, redirect URIs, the consent decision, PKCE-bound codes.
import { liveAccount, normalizeEmail, upsertAccount } from "./accounts.ts";
import { OAuthError, oauthErrors } from "./errors.ts";
import { newAuthCode, newOpaqueId } from "./ids.ts";
import { type EmulatorState, nowMs } from "./state.ts";
import type { Account, AuthCode, OAuthClient, PendingAuthorization } from "./types.ts";

const scopeAliases: Record<string, string> = {
  email: "https://www.googleapis.com/auth/userinfo.email",
  profile: "https://www.googleapis.com/auth/userinfo.profile",
};
export const emailScope = scopeAliases.email;
export const profileScope = scopeAliases.profile;

/** Google answers with full scope URLs for the `email` / `profile` shorthands. */
export function normalizeScopes(scopeText: string): string[] {
  const scopes = scopeText.split(/\s+/).filter(Boolean).map((s) => scopeAliases[s] ?? s);
  return [...new Set(scopes)].sort();
}

export const consentKey = (email: string, clientId: string) => `${email} ${clientId}`;

// ---------- clients ----------

export interface ClientInput {
  client_id: string;
  client_secret: string;
  redirect_uris?: string[];
  testing?: boolean;
  allow_loopback_redirects?: boolean;
  name?: string;
}

export function registerClient(state: EmulatorState, input: ClientInput): OAuthClient {
  if (typeof input.client_id !== "string" || !input.client_id) {
    throw new OAuthError(400, "invalid_request", "client_id is required");
  }
  if (typeof input.client_secret !== "string" || !input.client_secret) {
    throw new OAuthError(400, "invalid_request", "client_secret is required");
  }
  const redirectUris = input.redirect_uris ?? [];
  if (!Array.isArray(redirectUris) || redirectUris.some((u) => typeof u !== "string")) {
    throw new OAuthError(400, "invalid_request", "redirect_uris must be an array of strings");
  }
  const client: OAuthClient = {
    clientId: input.client_id,
    clientSecret: input.client_secret,
    redirectUris,
    testing: input.testing ?? false,
    allowLoopbackRedirects: input.allow_loopback_redirects ?? false,
    name: input.name ?? input.client_id,
  };
  state.clients.set(client.clientId, client);
  return client;
}

const loopbackHosts = new Set(["127.0.0.1", "localhost", "[::1]"]);

export function redirectUriAllowed(client: OAuthClient, uri: string): boolean {
  if (client.redirectUris.includes(uri)) return true;
  if (!client.allowLoopbackRedirects) return false;
  try {
    const url = new URL(uri);
    return (url.protocol === "http:" || url.protocol === "https:") && loopbackHosts.has(url.hostname) &&
      !url.hash;
  } catch {
    return false;
  }
}

export function authenticateClient(
  state: EmulatorState,
  credentials: { clientId?: string; clientSecret?: string },
): OAuthClient {
  if (!credentials.clientId) throw oauthErrors.missing("client_id");
  const client = state.clients.get(credentials.clientId);
  if (!client) throw oauthErrors.clientNotFound();
  if (credentials.clientSecret === undefined) {
    throw new OAuthError(400, "invalid_request", "client_secret is missing.");
  }
  if (credentials.clientSecret !== client.clientSecret) throw oauthErrors.wrongSecret();
  return client;
}

// ---------- authorization (consent page) ----------

export type AuthorizationStart =
  | { kind: "consent"; pending: PendingAuthorization; client: OAuthClient }
  | { kind: "errorPage"; status: number; error: string; description: string }
  | { kind: "redirect"; location: string };

function redirectWith(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

/** Validates GET /o/oauth2/v2/auth. Errors before the redirect URI is trusted show a page; after, they redirect. */
export function beginAuthorization(state: EmulatorState, query: URLSearchParams): AuthorizationStart {
  const page = (status: number, error: string, description: string): AuthorizationStart => ({
    kind: "errorPage",
    status,
    error,
    description,
  });
  const clientId = query.get("client_id");
  if (!clientId) return page(400, "invalid_request", "Missing required parameter: client_id");
  const client = state.clients.get(clientId);
  if (!client) return page(401, "invalid_client", "The OAuth client was not found.");
  const redirectUri = query.get("redirect_uri");
  if (!redirectUri) return page(400, "invalid_request", "Missing required parameter: redirect_uri");
  if (!redirectUriAllowed(client, redirectUri)) {
    return page(
      400,
      "redirect_uri_mismatch",
      `You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. ` +
        `The redirect URI in the request, ${redirectUri}, does not match the ones authorized for the OAuth client.`,
    );
  }
  const state_ = query.get("state") ?? undefined;
  const back = (error: string, description?: string): AuthorizationStart => ({
    kind: "redirect",
    location: redirectWith(redirectUri, { error, error_description: description, state: state_ }),
  });
  const responseType = query.get("response_type");
  if (!responseType) return page(400, "invalid_request", "Missing required parameter: response_type");
  if (responseType !== "code") return back("unsupported_response_type");
  const scopeText = query.get("scope");
  if (!scopeText || !scopeText.trim()) return page(400, "invalid_request", "Missing required parameter: scope");
  const accessType = query.get("access_type") ?? "online";
  if (accessType !== "online" && accessType !== "offline") {
    return page(400, "invalid_request", `Invalid access_type: ${accessType}`);
  }
  const challenge = query.get("code_challenge") ?? undefined;
  const methodParam = query.get("code_challenge_method") ?? undefined;
  if (methodParam && !challenge) {
    return page(400, "invalid_request", "code_challenge_method requires code_challenge");
  }
  const method = challenge ? (methodParam ?? "plain") : undefined;
  if (method && method !== "S256" && method !== "plain") {
    return page(400, "invalid_request", `Invalid code_challenge_method: ${method}`);
  }
  if (challenge && !/^[A-Za-z0-9._~-]{43,128}$/.test(challenge)) {
    return page(400, "invalid_request", "Invalid code_challenge");
  }
  const prompts = (query.get("prompt") ?? "").split(/\s+/).filter(Boolean);
  const pending: PendingAuthorization = {
    id: newOpaqueId(32),
    clientId,
    redirectUri,
    scopes: normalizeScopes(scopeText),
    accessType,
    prompts,
    state: state_,
    loginHint: query.get("login_hint") ?? undefined,
    includeGrantedScopes: query.get("include_granted_scopes") === "true",
    codeChallenge: challenge,
    codeChallengeMethod: method as PendingAuthorization["codeChallengeMethod"],
    createdAt: nowMs(state),
  };

  if (prompts.includes("none")) {
    // No UI allowed: succeed only for a known account that already consented to these scopes.
    const account = pending.loginHint ? liveAccount(state, pending.loginHint) : undefined;
    if (!account) return back("login_required");
    const consented = state.consents.get(consentKey(account.email, clientId));
    if (!consented || pending.scopes.some((s) => !consented.has(s))) return back("consent_required");
    return { kind: "redirect", location: issueCode(state, pending, account) };
  }
  state.pendingAuthorizations.set(pending.id, pending);
  return { kind: "consent", pending, client };
}

export type Decision =
  | { kind: "redirect"; location: string }
  | { kind: "retry"; pending: PendingAuthorization; client: OAuthClient; problem: string }
  | { kind: "errorPage"; status: number; error: string; description: string };

/** The person pressed Allow or Deny on the consent page. */
export function decideAuthorization(
  state: EmulatorState,
  input: { requestId: string; email: string; allow: boolean },
): Decision {
  const pending = state.pendingAuthorizations.get(input.requestId);
  const expired = pending && nowMs(state) - pending.createdAt > 3600_000;
  if (!pending || expired) {
    return {
      kind: "errorPage",
      status: 400,
      error: "invalid_request",
      description: "This sign-in request is unknown or has expired. Start again from the app.",
    };
  }
  const client = state.clients.get(pending.clientId);
  if (!client) {
    return { kind: "errorPage", status: 401, error: "invalid_client", description: "The OAuth client was not found." };
  }
  if (!input.allow) {
    state.pendingAuthorizations.delete(pending.id);
    return {
      kind: "redirect",
      location: redirectWith(pending.redirectUri, { error: "access_denied", state: pending.state }),
    };
  }
  const email = normalizeEmail(input.email ?? "");
  if (!email) return { kind: "retry", pending, client, problem: "Choose an account or type an email address." };
  const known = state.accounts.get(email);
  if (known?.deleted) return { kind: "retry", pending, client, problem: `The account ${email} has been deleted.` };
  let account: Account;
  try {
    account = known ?? upsertAccount(state, { email });
  } catch {
    return { kind: "retry", pending, client, problem: `${input.email} is not an email address.` };
  }
  state.pendingAuthorizations.delete(pending.id);
  return { kind: "redirect", location: issueCode(state, pending, account) };
}

function issueCode(state: EmulatorState, pending: PendingAuthorization, account: Account): string {
  const key = consentKey(account.email, pending.clientId);
  const previous = state.consents.get(key);
  // A refresh token comes with the consent screen: first time, new scopes, or prompt=consent.
  const consentShown = !previous || pending.prompts.includes("consent") ||
    pending.scopes.some((s) => !previous.has(s));
  const scopes = pending.includeGrantedScopes && previous
    ? [...new Set([...previous, ...pending.scopes])].sort()
    : pending.scopes;
  state.consents.set(key, new Set([...(previous ?? []), ...pending.scopes]));
  const code: AuthCode = {
    code: newAuthCode(),
    clientId: pending.clientId,
    redirectUri: pending.redirectUri,
    email: account.email,
    scopes,
    issueRefreshToken: pending.accessType === "offline" && consentShown,
    codeChallenge: pending.codeChallenge,
    codeChallengeMethod: pending.codeChallengeMethod,
    issuedAt: nowMs(state),
    used: false,
    mintedAccessTokens: [],
  };
  state.codes.set(code.code, code);
  return redirectWith(pending.redirectUri, {
    code: code.code,
    scope: scopes.join(" "),
    authuser: "0",
    prompt: consentShown ? "consent" : "none",
    state: pending.state,
  });
}
