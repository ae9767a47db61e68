// The one way a request reaches HubSpot: the private app's token, a hard timeout, the
// answer checked against its schema, every failure a HubSpotError. A 429 that asks for
// a short wait (Retry-After, or the rest of the rate-limit interval) is waited out here,
// at most twice; a longer one goes back to the outbox with the wait it asked for.
import type { z } from "zod";
import { HubSpotError, hubspotErrorFromResponse, toHubSpotError } from "./hubspot-error.ts";

export const DEFAULT_HUBSPOT_TIMEOUT_MS = 10_000;
/** The longest 429 wait done in place; longer ones go through the outbox's backoff. */
export const MAX_INLINE_WAIT_MS = 2_000;
const MAX_INLINE_WAITS = 2;

export interface HubSpotClient {
  /** The API origin without a trailing slash (https://api.hubapi.com or the emulator). */
  baseUrl: string;
  token: string;
  timeoutMs?: number;
  /** Waits (tests may shorten them); defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

export interface HubSpotRequest<S extends z.ZodType | undefined> {
  /** Names the call in errors, e.g. "contacts.upsert". */
  what: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  json?: unknown;
  schema: S;
}

const sleeper = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function hubspotRequest<S extends z.ZodType | undefined>(
  client: HubSpotClient,
  req: HubSpotRequest<S>,
): Promise<S extends z.ZodType ? z.infer<S> : undefined> {
  for (let waits = 0;; waits++) {
    try {
      return await once(client, req);
    } catch (err) {
      const wait = err instanceof HubSpotError && err.status === 429 ? err.retryAfterMs ?? 1000 : null;
      if (wait === null || wait > MAX_INLINE_WAIT_MS || waits >= MAX_INLINE_WAITS) throw err;
      await (client.sleep ?? sleeper)(wait);
    }
  }
}

async function once<S extends z.ZodType | undefined>(client: HubSpotClient, req: HubSpotRequest<S>) {
  const headers: Record<string, string> = { accept: "application/json", authorization: `Bearer ${client.token}` };
  if (req.json !== undefined) headers["content-type"] = "application/json";
  let status: number;
  let text: string;
  let resHeaders: Headers;
  try {
    const res = await fetch(`${client.baseUrl}${req.path}`, {
      method: req.method,
      headers,
      body: req.json === undefined ? undefined : JSON.stringify(req.json),
      signal: AbortSignal.timeout(client.timeoutMs ?? DEFAULT_HUBSPOT_TIMEOUT_MS),
    });
    status = res.status;
    resHeaders = res.headers;
    text = await res.text();
  } catch (err) {
    throw toHubSpotError(err, req.what);
  }
  if (status < 200 || status > 299) throw hubspotErrorFromResponse(status, resHeaders, text, req.what);
  if (!req.schema) return undefined as never;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new HubSpotError(`${req.what}: the answer is not JSON (${text.slice(0, 80)})`, status, "invalid_response", true);
  }
  const parsed = req.schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "(body)";
    throw new HubSpotError(`${req.what}: unexpected answer at ${where}: ${issue?.message ?? "invalid"}`, status, "invalid_response", false);
  }
  return parsed.data as never;
}
