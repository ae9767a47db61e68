// The one way a request reaches Google: a hard timeout on every call, the answer checked
// against its schema, and every failure (no answer, an error status, an answer that is
// not what Google documents) thrown as a GoogleError.
import type { z } from "zod";
import { GoogleError, googleErrorFromResponse, toGoogleError } from "./google-error.ts";

export const DEFAULT_GOOGLE_TIMEOUT_MS = 10_000;

export type QueryValue = string | number | boolean | undefined | null;

export interface GoogleRequest<S extends z.ZodType | undefined> {
  /** Names the call in errors, e.g. "events.insert". */
  what: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  query?: Record<string, QueryValue>;
  accessToken?: string;
  /** A JSON body, or a form (OAuth endpoints). */
  json?: unknown;
  form?: Record<string, string>;
  /** The answer's schema; without one the body is read and dropped (204s, revoke). */
  schema: S;
  timeoutMs?: number;
}

export function withQuery(url: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${url}${url.includes("?") ? "&" : "?"}${qs}` : url;
}

/** Sends the request; answers the checked body (or undefined without a schema), or throws a GoogleError. */
export async function googleRequest<S extends z.ZodType | undefined>(
  req: GoogleRequest<S>,
): Promise<S extends z.ZodType ? z.infer<S> : undefined> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (req.accessToken) headers.authorization = `Bearer ${req.accessToken}`;
  let body: string | undefined;
  if (req.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(req.form).toString();
  } else if (req.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(req.json);
  }

  let status: number;
  let text: string;
  try {
    const res = await fetch(withQuery(req.url, req.query), {
      method: req.method,
      headers,
      body,
      signal: AbortSignal.timeout(req.timeoutMs ?? DEFAULT_GOOGLE_TIMEOUT_MS),
    });
    status = res.status;
    // The timeout covers the body too: a stalled body aborts the read.
    text = await res.text();
  } catch (err) {
    throw toGoogleError(err, req.what);
  }

  if (status < 200 || status > 299) throw googleErrorFromResponse(status, text, req.what);
  if (!req.schema) return undefined as never;

  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // An HTML page or a cut-off body: a proxy or a hiccup, worth another try.
    throw new GoogleError(`${req.what}: the answer is not JSON (${text.slice(0, 80)})`, status, "invalid_response", true);
  }
  const parsed = req.schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "(body)";
    // JSON in a shape we do not expect will not change by asking again.
    throw new GoogleError(`${req.what}: unexpected answer at ${where}: ${issue?.message ?? "invalid"}`, status, "invalid_response", false);
  }
  return parsed.data as never;
}
