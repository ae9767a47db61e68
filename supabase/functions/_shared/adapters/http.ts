// HTTP plumbing shared by the functions: JSON answers, the error shape, CORS, a tiny router.
import { DEFAULT_CLIENT_IP_HEADER, trustedClientIp } from "../core/client-ip.ts";
import { type Env, envOr } from "./env.ts";

export function json(status: number, body: unknown, headers: HeadersInit = {}): Response {
  const h = new Headers(headers);
  h.set("content-type", "application/json; charset=utf-8");
  return new Response(JSON.stringify(body), { status, headers: h });
}

/** Every error answer: `{ success: false, error: { code, message, …extra } }`. */
export function apiError(
  status: number,
  code: string,
  message: string,
  extra: { error?: Record<string, unknown>; body?: Record<string, unknown>; headers?: HeadersInit } = {},
): Response {
  return json(status, { success: false, error: { code, message, ...extra.error }, ...extra.body }, extra.headers);
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { error?: Record<string, unknown>; body?: Record<string, unknown>; headers?: HeadersInit } = {},
  ) {
    super(message);
  }
  toResponse() {
    return apiError(this.status, this.code, this.message, this.extra);
  }
}

export function corsHeaders(origin: string): Record<string, string> {
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-headers": "content-type, x-widget-key, idempotency-key, authorization",
    "access-control-allow-methods": "GET, POST, OPTIONS",
    "access-control-max-age": "600",
    vary: "Origin",
  };
}

export function withHeaders(res: Response, headers: Record<string, string>): Response {
  const out = new Response(res.body, res);
  for (const [k, v] of Object.entries(headers)) out.headers.set(k, v);
  return out;
}

export async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "invalid_json", "The request body is not valid JSON.");
  }
}

/**
 * The visitor's address as the platform's edge saw it (for rate limits, hashed before
 * storing), from the one header it sets: LUMALEASING_CLIENT_IP_HEADER, by default
 * X-Real-IP. Null when that header is missing or holds no address — never a guess from
 * a header the client could have written.
 */
export function clientIp(req: Request, env: Env = Deno.env): string | null {
  return trustedClientIp(req.headers, envOr(env, "LUMALEASING_CLIENT_IP_HEADER", DEFAULT_CLIENT_IP_HEADER));
}

export interface RouteContext {
  req: Request;
  url: URL;
  params: Record<string, string>;
}
export type RouteHandler = (ctx: RouteContext) => Promise<Response> | Response;
interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: RouteHandler;
}

/** A path parameter's text; an undecodable escape ("%ff", "%e0%80") is the caller's mistake. */
function decodeParams(keys: string[], match: RegExpMatchArray): Record<string, string> {
  try {
    return Object.fromEntries(keys.map((k, i) => [k, decodeURIComponent(match[i + 1])]));
  } catch {
    throw new HttpError(400, "invalid_path", "The path has an invalid percent-escape.");
  }
}

/** Paths are matched after the function's own name: "/lumaleasing/tours" → "/tours". */
export function router(functionName: string) {
  const routes: Route[] = [];
  const add = (method: string, path: string, handler: RouteHandler) => {
    const keys: string[] = [];
    const pattern = new RegExp(
      "^" + path.replace(/:([a-zA-Z]+)/g, (_m, k) => {
        keys.push(k);
        return "([^/]+)";
      }) + "/?$",
    );
    routes.push({ method, pattern, keys, handler });
  };
  return {
    get: (path: string, h: RouteHandler) => add("GET", path, h),
    post: (path: string, h: RouteHandler) => add("POST", path, h),
    options: (path: string, h: RouteHandler) => add("OPTIONS", path, h),
    async handle(req: Request): Promise<Response> {
      const url = new URL(req.url);
      const path = url.pathname.replace(new RegExp(`^(/functions/v1)?/${functionName}`), "") || "/";
      let pathMatched = false;
      for (const r of routes) {
        const m = path.match(r.pattern);
        if (!m) continue;
        pathMatched = true;
        if (r.method !== req.method) continue;
        try {
          return await r.handler({ req, url, params: decodeParams(r.keys, m) });
        } catch (err) {
          if (err instanceof HttpError) return err.toResponse();
          console.error(`${req.method} ${path} failed:`, err);
          return apiError(500, "internal_error", "Something went wrong on our side. Please try again.");
        }
      }
      return pathMatched
        ? apiError(405, "method_not_allowed", `${req.method} is not allowed here.`)
        : apiError(404, "not_found", `No route for ${path}.`);
    },
  };
}
