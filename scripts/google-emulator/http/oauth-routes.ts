// OAuth 2.0 endpoints on Google's paths: consent, token, revoke, userinfo, tokeninfo, certs.
import { apiErrors, OAuthError } from "../core/errors.ts";
import { beginAuthorization, decideAuthorization } from "../core/consent.ts";
import { authenticateAccessToken, handleTokenRequest, revokeToken } from "../core/tokens.ts";
import { type EmulatorState, nowMs } from "../core/state.ts";
import { consentPage, errorPage, otherAccountValue } from "./consent-page.ts";
import { errorToResponse, html, json, readParams, redirect } from "./respond.ts";

const emailScope = "https://www.googleapis.com/auth/userinfo.email";
const profileScope = "https://www.googleapis.com/auth/userinfo.profile";

function basicCredentials(request: Request): { clientId?: string; clientSecret?: string } {
  const match = /^Basic\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
  if (!match) return {};
  try {
    const decoded = atob(match[1]);
    const at = decoded.indexOf(":");
    if (at < 0) return {};
    return {
      clientId: decodeURIComponent(decoded.slice(0, at)),
      clientSecret: decodeURIComponent(decoded.slice(at + 1)),
    };
  } catch {
    return {};
  }
}

async function token(state: EmulatorState, request: Request): Promise<Response> {
  const params = await readParams(request);
  const basic = basicCredentials(request);
  const result = await handleTokenRequest(state, {
    grantType: params.get("grant_type") ?? undefined,
    clientId: basic.clientId ?? params.get("client_id") ?? undefined,
    clientSecret: basic.clientSecret ?? params.get("client_secret") ?? undefined,
    code: params.get("code") ?? undefined,
    redirectUri: params.get("redirect_uri") ?? undefined,
    codeVerifier: params.get("code_verifier") ?? undefined,
    refreshToken: params.get("refresh_token") ?? undefined,
  });
  return json(200, result, { pragma: "no-cache" });
}

async function revoke(state: EmulatorState, request: Request, url: URL): Promise<Response> {
  const body = request.method === "POST" ? await readParams(request) : new URLSearchParams();
  revokeToken(state, url.searchParams.get("token") ?? body.get("token"));
  return new Response(null, { status: 200 });
}

function bearerOrQuery(request: Request, url: URL): string | null {
  const queryToken = url.searchParams.get("access_token");
  return request.headers.get("authorization") ?? (queryToken ? `Bearer ${queryToken}` : null);
}

function userinfo(state: EmulatorState, request: Request, url: URL): Response {
  const auth = authenticateAccessToken(state, bearerOrQuery(request, url));
  if (!auth) throw apiErrors.invalidCredentials();
  const { account, token } = auth;
  const [given, ...family] = account.name.split(" ");
  return json(200, {
    sub: account.sub,
    ...(token.scopes.includes(profileScope)
      ? { name: account.name, given_name: given, family_name: family.join(" "), picture: account.picture }
      : {}),
    ...(token.scopes.includes(emailScope) ? { email: account.email, email_verified: true } : {}),
  });
}

async function tokeninfo(state: EmulatorState, request: Request, url: URL): Promise<Response> {
  const body = request.method === "POST" ? await readParams(request) : new URLSearchParams();
  const given = url.searchParams.get("access_token") ?? body.get("access_token");
  const auth = authenticateAccessToken(state, given ? `Bearer ${given}` : request.headers.get("authorization"));
  if (!auth) throw new OAuthError(400, "invalid_token", "Invalid Value");
  const { token, account } = auth;
  return json(200, {
    azp: token.clientId,
    aud: token.clientId,
    sub: account.sub,
    scope: token.scopes.join(" "),
    exp: String(Math.floor(token.expiresAt / 1000)),
    expires_in: String(Math.max(0, Math.floor((token.expiresAt - nowMs(state)) / 1000))),
    ...(token.scopes.includes(emailScope) ? { email: account.email, email_verified: "true" } : {}),
    access_type: token.refreshToken ? "offline" : "online",
  });
}

function authorize(state: EmulatorState, url: URL): Response {
  const start = beginAuthorization(state, url.searchParams);
  if (start.kind === "redirect") return redirect(start.location);
  if (start.kind === "errorPage") return html(start.status, errorPage(start.error, start.description));
  return html(200, consentPage(state, start.pending, start.client));
}

async function decide(state: EmulatorState, request: Request): Promise<Response> {
  const form = await readParams(request);
  const chosen = form.get("account") ?? "";
  const email = chosen === otherAccountValue || !chosen ? form.get("other_email") ?? "" : chosen;
  const decision = decideAuthorization(state, {
    requestId: form.get("request") ?? "",
    email,
    allow: form.get("decision") === "allow",
  });
  if (decision.kind === "redirect") return redirect(decision.location);
  if (decision.kind === "errorPage") return html(decision.status, errorPage(decision.error, decision.description));
  return html(400, consentPage(state, decision.pending, decision.client, decision.problem));
}

/** Answers OAuth paths; undefined when the path is not one of them. */
export async function oauthRoute(state: EmulatorState, request: Request, url: URL): Promise<Response | undefined> {
  const { pathname: path } = url;
  const method = request.method;
  try {
    if (path === "/o/oauth2/v2/auth" && method === "GET") return authorize(state, url);
    if (path === "/o/oauth2/v2/auth/decision" && method === "POST") return await decide(state, request);
    if ((path === "/token" || path === "/oauth2/v4/token") && method === "POST") return await token(state, request);
    if ((path === "/revoke" || path === "/o/oauth2/revoke") && (method === "POST" || method === "GET")) {
      return await revoke(state, request, url);
    }
    if (path === "/v1/userinfo" || path === "/oauth2/v3/userinfo" || path === "/oauth2/v2/userinfo") {
      return userinfo(state, request, url);
    }
    if (path === "/tokeninfo" || path === "/oauth2/v3/tokeninfo") return await tokeninfo(state, request, url);
    if (path === "/oauth2/v1/certs") {
      return json(200, state.signer.pemCerts(), { "cache-control": "public, max-age=3600" });
    }
    if (path === "/oauth2/v3/certs") return json(200, state.signer.jwks(), { "cache-control": "public, max-age=3600" });
  } catch (error) {
    return errorToResponse(error);
  }
  return undefined;
}
