// A webhook receiver for tests and the benchmark: verifies every delivery with the
// standardwebhooks library (signature, and a timestamp within 5 minutes of its clock —
// replays are refused), refuses a webhook-id it has already accepted, and records what
// arrived. Fault injection: down (the port refuses connections), a status (500, 302 …),
// slow (an answer after a delay).
//
//   deno run -A scripts/webhook-receiver/server.ts [port]   (secrets: POST /__control/secrets)
import { Webhook, WebhookVerificationError } from "standardwebhooks";

export interface Delivery {
  path: string;
  id: string;
  timestamp: number;
  type: string;
  event: Record<string, unknown>;
  /** The receiver's clock when it arrived (ms). */
  at: number;
}

export interface Rejection {
  path: string;
  id: string | null;
  reason: "signature" | "too_old" | "too_new" | "duplicate" | "unknown_path" | "headers";
}

export type Fault =
  | { mode: "down" }
  | { mode: "status"; status: number; location?: string }
  | { mode: "slow"; delayMs: number };

export interface ReceiverOptions {
  port?: number;
  /** Serve https with this certificate and key (PEM). */
  tls?: { cert: string; key: string };
  /** The receiver's now in ms (default Date.now): tests hand it the stack's clock. */
  now?: () => number;
}

export interface Receiver {
  url: string;
  port: number;
  deliveries: Delivery[];
  rejections: Rejection[];
  /** Every request that reached the server, verified or not (path per request). */
  hits: string[];
  setSecret(path: string, secret: string): void;
  setFault(fault: Fault | null): Promise<void>;
  /** Resolves when `count` deliveries (optionally filtered) have arrived. */
  waitFor(count: number, filter?: (d: Delivery) => boolean, timeoutMs?: number): Promise<Delivery[]>;
  close(): Promise<void>;
}

const TOLERANCE_S = 5 * 60;

/** The library's verify, with its timestamp check on this receiver's clock (the stack's may be moved). */
function verifier(secret: string, now: () => number): Webhook {
  const wh = new Webhook(secret);
  (wh as unknown as { verifyTimestamp: (header: string) => Date }).verifyTimestamp = (header: string) => {
    const ts = Number.parseInt(header, 10);
    const nowS = Math.floor(now() / 1000);
    if (Number.isNaN(ts)) throw new WebhookVerificationError("Invalid Signature Headers");
    if (nowS - ts > TOLERANCE_S) throw new WebhookVerificationError("Message timestamp too old");
    if (ts > nowS + TOLERANCE_S) throw new WebhookVerificationError("Message timestamp too new");
    return new Date(ts * 1000);
  };
  return wh;
}

export async function startReceiver(opts: ReceiverOptions = {}): Promise<Receiver> {
  const now = opts.now ?? (() => Date.now());
  const secrets = new Map<string, string>();
  const seen = new Set<string>();
  const deliveries: Delivery[] = [];
  const rejections: Rejection[] = [];
  const hits: string[] = [];
  const waiters = new Set<() => void>();
  let fault: Fault | null = null;

  const handler = async (req: Request): Promise<Response> => {
    const url = new URL(req.url);
    if (url.pathname === "/__control/secrets" && req.method === "POST") {
      const { path, secret } = await req.json();
      secrets.set(path, secret);
      return Response.json({ ok: true });
    }
    hits.push(url.pathname);
    const body = await req.text();
    if (fault?.mode === "slow") await new Promise((r) => setTimeout(r, fault && fault.mode === "slow" ? fault.delayMs : 0));
    if (fault?.mode === "status") {
      return new Response("injected", { status: fault.status, headers: fault.location ? { location: fault.location } : {} });
    }
    const secret = secrets.get(url.pathname);
    const id = req.headers.get("webhook-id");
    const reject = (reason: Rejection["reason"], status: number) => {
      rejections.push({ path: url.pathname, id, reason });
      return Response.json({ error: reason }, { status });
    };
    if (!secret) return reject("unknown_path", 404);
    const headers = Object.fromEntries(["webhook-id", "webhook-timestamp", "webhook-signature"].map((h) => [h, req.headers.get(h) ?? ""]));
    let event: Record<string, unknown>;
    try {
      event = verifier(secret, now).verify(body, headers) as Record<string, unknown>;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (/too old/.test(message)) return reject("too_old", 400);
      if (/too new/.test(message)) return reject("too_new", 400);
      if (/Missing/.test(message)) return reject("headers", 400);
      return reject("signature", 401);
    }
    if (seen.has(id!)) return reject("duplicate", 409);
    seen.add(id!);
    deliveries.push({
      path: url.pathname,
      id: id!,
      timestamp: Number(headers["webhook-timestamp"]),
      type: String(event.type),
      event,
      at: now(),
    });
    for (const w of waiters) w();
    return new Response(null, { status: 204 });
  };

  let port = opts.port ?? 0;
  let server: Deno.HttpServer | null = null;
  const listen = () => {
    server = Deno.serve({ port, hostname: "127.0.0.1", onListen: () => {}, ...(opts.tls ?? {}) }, handler);
    port = (server.addr as Deno.NetAddr).port;
  };
  listen();

  return {
    get url() {
      return `${opts.tls ? "https" : "http"}://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    deliveries,
    rejections,
    hits,
    setSecret: (path, secret) => void secrets.set(path, secret),
    async setFault(next) {
      if (next?.mode === "down" && server) {
        await server.shutdown();
        server = null;
      } else if (next?.mode !== "down" && !server) {
        listen();
      }
      fault = next?.mode === "down" ? next : next;
    },
    waitFor(count, filter = () => true, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const matching = deliveries.filter(filter);
          if (matching.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(matching);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`only ${deliveries.filter(filter).length} of ${count} deliveries arrived`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      await server?.shutdown();
      server = null;
    },
  };
}

if (import.meta.main) {
  const receiver = await startReceiver({ port: Number(Deno.args[0] ?? 0) });
  console.log(`webhook receiver on ${receiver.url} (register a secret: POST /__control/secrets {"path","secret"})`);
}
