// Google's two error dialects: the API error envelope (Calendar, userinfo) and OAuth's flat one (/token, /revoke).

const statusNames: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ALREADY_EXISTS",
  410: "FAILED_PRECONDITION",
  412: "FAILED_PRECONDITION",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  502: "UNAVAILABLE",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

export interface ApiErrorDetail {
  domain: string;
  reason: string;
  message: string;
  locationType?: string;
  location?: string;
}

/** An error answered as `{ error: { errors: [...], code, message, status } }`. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly detail: ApiErrorDetail,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail.message);
  }

  body() {
    return {
      error: {
        errors: [this.detail],
        code: this.code,
        message: this.detail.message,
        status: statusNames[this.code] ?? "UNKNOWN",
      },
    };
  }
}

export const apiErrors = {
  invalidCredentials: () =>
    new ApiError(401, {
      domain: "global",
      reason: "authError",
      message: "Invalid Credentials",
      locationType: "header",
      location: "Authorization",
    }, { "www-authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"' }),
  insufficientScopes: () =>
    new ApiError(403, {
      domain: "global",
      reason: "insufficientPermissions",
      message: "Request had insufficient authentication scopes.",
    }, { "www-authenticate": 'Bearer realm="https://accounts.google.com/", error="insufficient_scope"' }),
  notFound: (message = "Not Found") => new ApiError(404, { domain: "global", reason: "notFound", message }),
  deleted: () => new ApiError(410, { domain: "global", reason: "deleted", message: "Resource has been deleted" }),
  duplicate: () =>
    new ApiError(409, {
      domain: "global",
      reason: "duplicate",
      message: "The requested identifier already exists.",
    }),
  invalid: (message: string, location?: string) =>
    new ApiError(400, {
      domain: "global",
      reason: "invalid",
      message,
      ...(location ? { locationType: "parameter", location } : {}),
    }),
  required: (message: string) => new ApiError(400, { domain: "global", reason: "required", message }),
  badRequest: (message = "Bad Request") => new ApiError(400, { domain: "global", reason: "badRequest", message }),
  timeRangeEmpty: () =>
    new ApiError(400, {
      domain: "calendar",
      reason: "timeRangeEmpty",
      message: "The specified time range is empty.",
      locationType: "parameter",
      location: "timeMax",
    }),
  timeRangeTooLong: () =>
    new ApiError(400, {
      domain: "calendar",
      reason: "timeRangeTooLong",
      message: "The requested time range is too long.",
      locationType: "parameter",
      location: "timeMax",
    }),
  fullSyncRequired: () =>
    new ApiError(410, {
      domain: "calendar",
      reason: "fullSyncRequired",
      message: "Sync token is no longer valid, a full sync is required.",
    }),
  conditionNotMet: () =>
    new ApiError(412, {
      domain: "global",
      reason: "conditionNotMet",
      message: "Precondition Failed",
      locationType: "header",
      location: "If-Match",
    }),
};

/** The body Google sends for a given status + reason, used by fault injection. */
export function faultError(status: number, reason?: string, message?: string): ApiError {
  const known: Record<string, { domain: string; message: string }> = {
    rateLimitExceeded: { domain: "usageLimits", message: "Rate Limit Exceeded" },
    userRateLimitExceeded: { domain: "usageLimits", message: "User Rate Limit Exceeded" },
    quotaExceeded: { domain: "usageLimits", message: "Calendar usage limits exceeded." },
    backendError: { domain: "global", message: "Backend Error" },
    internalError: { domain: "global", message: "Internal Error" },
    authError: { domain: "global", message: "Invalid Credentials" },
    notFound: { domain: "global", message: "Not Found" },
  };
  const fallbackReason = status === 429
    ? "rateLimitExceeded"
    : status >= 500
    ? "backendError"
    : status === 401
    ? "authError"
    : status === 404
    ? "notFound"
    : "badRequest";
  const chosen = reason ?? fallbackReason;
  const info = known[chosen] ?? { domain: "global", message: "Fault injected" };
  return new ApiError(status, { domain: info.domain, reason: chosen, message: message ?? info.message });
}

/** OAuth endpoint error: `{ error, error_description }`. */
export class OAuthError extends Error {
  constructor(readonly status: number, readonly error: string, readonly description: string) {
    super(`${error}: ${description}`);
  }
  body() {
    return { error: this.error, error_description: this.description };
  }
}

export const oauthErrors = {
  expiredOrRevoked: () => new OAuthError(400, "invalid_grant", "Token has been expired or revoked."),
  badCode: () => new OAuthError(400, "invalid_grant", "Bad Request"),
  malformedCode: () => new OAuthError(400, "invalid_grant", "Malformed auth code."),
  missingVerifier: () => new OAuthError(400, "invalid_grant", "Missing code verifier."),
  invalidVerifier: () => new OAuthError(400, "invalid_grant", "Invalid code verifier."),
  clientNotFound: () => new OAuthError(401, "invalid_client", "The OAuth client was not found."),
  wrongSecret: () => new OAuthError(401, "invalid_client", "Unauthorized"),
  unauthorizedClient: () => new OAuthError(401, "unauthorized_client", "Unauthorized"),
  redirectMismatch: () => new OAuthError(400, "redirect_uri_mismatch", "Bad Request"),
  missing: (name: string) => new OAuthError(400, "invalid_request", `Missing required parameter: ${name}`),
  unsupportedGrant: (grant: string) => new OAuthError(400, "unsupported_grant_type", `Invalid grant_type: ${grant}`),
  invalidToken: () => new OAuthError(400, "invalid_token", "Token expired or revoked"),
};
