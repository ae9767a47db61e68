// The one way a webhook leaves: the name is resolved first, every address it resolves to
// must be public (core/webhook-address.ts), and the request goes to that address — not
// to the name again, so a name that answers differently the second time (DNS rebinding)
// cannot reach inside. HTTP/1.1 over Deno.connect, TLS with Deno.startTls against the
// URL's host name (SNI and the certificate check use the name, the socket the address).
// A short timeout, no redirects (a 3xx is an answer like any other, never followed).
import { type Env, envOr } from "./env.ts";
import {
  addressAllowed,
  parseTarget,
  type ParsedTarget,
  UnsafeTargetError,
  type WebhookTargetPolicy,
} from "../core/webhook-address.ts";

export const WEBHOOK_TIMEOUT_MS = 10_000;
/** The most of a receiver's answer that is read (the status line is what counts). */
const MAX_RESPONSE_BYTES = 16 * 1024;

export type Resolver = (hostname: string) => Promise<string[]>;

/** https only in production; http and (with the test setting) loopback only on the local stack. */
export function webhookPolicyFromEnv(env: Env = Deno.env): WebhookTargetPolicy {
  const local = envOr(env, "LUMALEASING_ENV", "") === "local";
  return { allowHttp: local, allowLoopback: local && envOr(env, "LUMALEASING_WEBHOOK_ALLOW_LOOPBACK", "") === "1" };
}

/** A and AAAA records; "localhost" (and *.localhost) is loopback whatever DNS says (RFC 6761). */
export const dnsResolver: Resolver = async (hostname) => {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  if (name === "localhost" || name.endsWith(".localhost")) return ["127.0.0.1", "::1"];
  const [v4, v6] = await Promise.all([
    Deno.resolveDns(name, "A").catch(() => [] as string[]),
    Deno.resolveDns(name, "AAAA").catch(() => [] as string[]),
  ]);
  return [...v4, ...v6];
};

export interface ResolvedTarget extends ParsedTarget {
  /** The address the request connects to. */
  address: string;
}

/** Refuses (UnsafeTargetError) a URL that is not https, or whose host is or resolves to a non-public address. */
export async function resolveTarget(raw: string, policy: WebhookTargetPolicy, resolve: Resolver = dnsResolver): Promise<ResolvedTarget> {
  const target = parseTarget(raw, policy);
  if (target.literal) return { ...target, address: target.hostname };
  let addresses: string[];
  try {
    addresses = await resolve(target.hostname);
  } catch {
    addresses = [];
  }
  if (!addresses.length) throw new UnsafeTargetError("unresolvable", `${target.hostname} does not resolve.`);
  const refused = addresses.find((a) => !addressAllowed(a, policy));
  if (refused) {
    throw new UnsafeTargetError("private_address", `${target.hostname} resolves to ${refused}, a private, loopback or link-local address.`);
  }
  return { ...target, address: addresses[0] };
}

export interface WebhookAnswer {
  status: number;
  /** The first bytes of the body, for the delivery log. */
  bodyText: string;
  location: string | null;
  retryAfter: string | null;
}

export class WebhookNetworkError extends Error {
  override readonly name = "WebhookNetworkError";
  constructor(readonly reason: "timeout" | "refused" | "network" | "tls", message: string) {
    super(message);
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** POSTs `body` to the resolved address; answers the status, or throws WebhookNetworkError. */
export async function postToTarget(
  target: ResolvedTarget,
  headers: Record<string, string>,
  body: string,
  timeoutMs = WEBHOOK_TIMEOUT_MS,
  /** Extra trusted roots (PEM) for TLS; production trusts the system's roots only. */
  caCerts?: string[],
): Promise<WebhookAnswer> {
  let conn: Deno.Conn | undefined;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      conn?.close();
    } catch { /* already closed */ }
  }, timeoutMs);
  try {
    const connecting = Deno.connect({ hostname: target.address, port: target.port });
    const tcp = await Promise.race([
      connecting,
      new Promise<never>((_, reject) => setTimeout(() => reject(new WebhookNetworkError("timeout", `no connection within ${timeoutMs} ms`)), timeoutMs)),
    ]).catch((err) => {
      connecting.then((c) => c.close(), () => {});
      throw err;
    });
    conn = tcp;
    if (target.url.protocol === "https:") {
      try {
        const tls = await Deno.startTls(tcp, { hostname: target.hostname, ...(caCerts?.length ? { caCerts } : {}) });
        conn = tls;
        await tls.handshake();
      } catch (err) {
        throw new WebhookNetworkError("tls", `TLS with ${target.hostname} failed: ${describe(err)}`);
      }
    }
    const bytes = new TextEncoder().encode(body);
    const hostHeader = target.url.host;
    const head = [
      `POST ${target.url.pathname}${target.url.search} HTTP/1.1`,
      `Host: ${hostHeader}`,
      "Content-Type: application/json",
      `Content-Length: ${bytes.length}`,
      "Connection: close",
      "User-Agent: LumaLeasing-Webhooks/1",
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v.replace(/[\r\n]/g, "")}`),
      "",
      "",
    ].join("\r\n");
    await writeAll(conn, new TextEncoder().encode(head));
    await writeAll(conn, bytes);
    return await readAnswer(conn);
  } catch (err) {
    if (err instanceof WebhookNetworkError) throw err;
    if (timedOut) throw new WebhookNetworkError("timeout", `no answer within ${timeoutMs} ms`);
    if (err instanceof Deno.errors.ConnectionRefused) throw new WebhookNetworkError("refused", `connection refused by ${target.address}:${target.port}`);
    throw new WebhookNetworkError("network", describe(err));
  } finally {
    clearTimeout(timer);
    try {
      conn?.close();
    } catch { /* closed by the timeout */ }
  }
}

async function writeAll(conn: Deno.Conn, data: Uint8Array) {
  let off = 0;
  while (off < data.length) off += await conn.write(data.subarray(off));
}

async function readAnswer(conn: Deno.Conn): Promise<WebhookAnswer> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const buf = new Uint8Array(4096);
  let parsed: { status: number; headers: Map<string, string>; bodyStart: number } | null = null;
  while (total < MAX_RESPONSE_BYTES) {
    const n = await conn.read(buf);
    if (n === null) break;
    chunks.push(buf.slice(0, n));
    total += n;
    const text = new TextDecoder().decode(concat(chunks));
    parsed ??= parseHead(text);
    if (parsed && bodyComplete(parsed.headers, text.slice(parsed.bodyStart))) break;
  }
  const text = new TextDecoder().decode(concat(chunks));
  parsed ??= parseHead(text);
  if (!parsed) throw new WebhookNetworkError("network", "the receiver closed the connection without an HTTP answer");
  return {
    status: parsed.status,
    bodyText: text.slice(parsed.bodyStart, parsed.bodyStart + 300),
    location: parsed.headers.get("location") ?? null,
    retryAfter: parsed.headers.get("retry-after") ?? null,
  };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.length;
  }
  return out;
}

function parseHead(text: string) {
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const lines = text.slice(0, end).split("\r\n");
  const m = lines[0].match(/^HTTP\/\d(?:\.\d)? (\d{3})/);
  if (!m) throw new WebhookNetworkError("network", "the receiver did not answer HTTP");
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const i = line.indexOf(":");
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return { status: Number(m[1]), headers, bodyStart: end + 4 };
}

function bodyComplete(headers: Map<string, string>, body: string): boolean {
  const length = headers.get("content-length");
  if (length !== undefined) return new TextEncoder().encode(body).length >= Number(length);
  if (/chunked/i.test(headers.get("transfer-encoding") ?? "")) return body.endsWith("0\r\n\r\n");
  return false;
}
