// Response building blocks shared by the emulator's routes.
import { InputError } from "../core/accounts.ts";
import { ApiError, OAuthError } from "../core/errors.ts";

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body, null, 2), {
    status,
    headers: { "content-type": "application/json; charset=UTF-8", "cache-control": "no-store", ...headers },
  });
}

export function html(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

export const noContent = () => new Response(null, { status: 204 });

export function redirect(location: string): Response {
  return new Response(null, { status: 302, headers: { location, "cache-control": "no-store" } });
}

/** Turns a thrown error into the answer Google (or the control API) would give. */
export function errorToResponse(error: unknown): Response {
  if (error instanceof ApiError) return json(error.code, error.body(), error.headers);
  if (error instanceof OAuthError) return json(error.status, error.body());
  if (error instanceof InputError) {
    return json(400, { error: { code: "invalid_input", field: error.field, message: error.message } });
  }
  console.error("google emulator: unexpected error", error);
  const backend = new ApiError(500, { domain: "global", reason: "backendError", message: "Backend Error" });
  return json(500, backend.body());
}

export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, { domain: "global", reason: "parseError", message: "Parse Error" });
  }
}

/** Form or JSON body as flat string parameters (Google's token endpoint takes both). */
export async function readParams(request: Request): Promise<URLSearchParams> {
  const type = request.headers.get("content-type") ?? "";
  const text = await request.text();
  if (type.includes("application/json") && text.trim()) {
    try {
      const data = JSON.parse(text) as Record<string, unknown>;
      return new URLSearchParams(
        Object.entries(data).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)]),
      );
    } catch {
      return new URLSearchParams();
    }
  }
  return new URLSearchParams(text);
}

export { escapeHtml } from "../../../supabase/functions/_shared/core/html.ts";

/** Waits, unless the signal ends the wait first (server closing or client gone). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
