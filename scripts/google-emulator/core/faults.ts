// Fault injection and the request log: how tests make Google misbehave and see what clients sent.
import { InputError } from "./accounts.ts";
import { newOpaqueId } from "./ids.ts";
import { type EmulatorState, nowMs } from "./state.ts";
import type { FaultRule, LoggedRequest } from "./types.ts";

export interface FaultInput {
  path?: string;
  pathRegex?: string;
  method?: string;
  count?: number;
  status?: number;
  reason?: string;
  message?: string;
  hangMs?: number;
}

export function addFault(state: EmulatorState, input: FaultInput): FaultRule {
  if (!input.path && !input.pathRegex) throw new InputError("path", "give path (a prefix) or pathRegex");
  if (input.pathRegex) {
    try {
      new RegExp(input.pathRegex);
    } catch {
      throw new InputError("pathRegex", "pathRegex is not a regular expression");
    }
  }
  const count = input.count ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new InputError("count", "count must be a positive integer");
  if (input.status !== undefined && (!Number.isInteger(input.status) || input.status < 400 || input.status > 599)) {
    throw new InputError("status", "status must be an HTTP error status (400–599)");
  }
  if (input.hangMs !== undefined && (!Number.isFinite(input.hangMs) || input.hangMs < 0)) {
    throw new InputError("hangMs", "hangMs must be a non-negative number");
  }
  if (input.status === undefined && input.hangMs === undefined) {
    throw new InputError("status", "give status (to fail) and/or hangMs (to stall)");
  }
  const rule: FaultRule = {
    id: newOpaqueId(10),
    path: input.path,
    pathRegex: input.pathRegex,
    method: input.method?.toUpperCase(),
    remaining: count,
    status: input.status,
    reason: input.reason,
    message: input.message,
    hangMs: input.hangMs,
  };
  state.faults.push(rule);
  return rule;
}

/** The first matching fault for this request, consuming one of its uses. */
export function takeFault(state: EmulatorState, method: string, path: string): FaultRule | undefined {
  const rule = state.faults.find((r) =>
    r.remaining > 0 &&
    (!r.method || r.method === method.toUpperCase()) &&
    (r.pathRegex ? new RegExp(r.pathRegex).test(path) : path.startsWith(r.path!))
  );
  if (!rule) return undefined;
  rule.remaining -= 1;
  if (rule.remaining === 0) state.faults = state.faults.filter((r) => r !== rule);
  return { ...rule };
}

const loggedHeaders = [
  "authorization",
  "content-type",
  "user-agent",
  "x-goog-api-client",
  "if-match",
  "x-goog-user-project",
];

/** Bearer tokens are shortened in the log: enough to tell them apart, not enough to reuse. */
function redact(name: string, value: string): string {
  if (name !== "authorization") return value;
  const [scheme, token = ""] = value.split(/\s+/, 2);
  return token.length > 12 ? `${scheme} ${token.slice(0, 8)}…${token.slice(-4)}` : `${scheme} …`;
}

export function logRequest(state: EmulatorState, request: Request, url: URL): LoggedRequest {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0] : values;
  }
  const headers: Record<string, string> = {};
  for (const name of loggedHeaders) {
    const value = request.headers.get(name);
    if (value !== null) headers[name] = redact(name, value);
  }
  const entry: LoggedRequest = {
    at: new Date(nowMs(state)).toISOString(),
    method: request.method,
    path: url.pathname,
    query,
    headers,
  };
  state.requestLog.push(entry);
  if (state.requestLog.length > state.config.requestLogLimit) state.requestLog.shift();
  const key = `${request.method} ${url.pathname}`;
  state.counters.set(key, (state.counters.get(key) ?? 0) + 1);
  return entry;
}
