// HubSpot's answers: its error envelope `{ status: "error", message, correlationId,
// category }`, the rate-limit headers every answer carries, and JSON helpers.

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body, null, 2), {
    status,
    headers: { "content-type": "application/json;charset=utf-8", ...headers },
  });
}

export function correlationId(): string {
  return crypto.randomUUID();
}

export function hubspotError(
  status: number,
  category: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return json(status, { status: "error", message, correlationId: correlationId(), category, ...extra }, headers);
}

export const UNAUTHENTICATED_MESSAGE =
  "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview";

export function invalidAuthentication(): Response {
  return hubspotError(401, "INVALID_AUTHENTICATION", UNAUTHENTICATED_MESSAGE);
}

export function notFound(message = "resource not found"): Response {
  return hubspotError(404, "OBJECT_NOT_FOUND", message);
}

export function validationError(message: string, errors: Array<Record<string, unknown>> = []): Response {
  return hubspotError(400, "VALIDATION_ERROR", message, errors.length ? { errors } : {});
}

export async function readBody(request: Request): Promise<Record<string, unknown> | Response> {
  const text = await request.text();
  if (!text.trim()) return {};
  try {
    const value = JSON.parse(text);
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch { /* answered below */ }
  return hubspotError(400, "VALIDATION_ERROR", "Invalid input JSON on line 1: the body is not a JSON object");
}
