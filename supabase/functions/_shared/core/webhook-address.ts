// Where a webhook may go: a public address only. Pure: the adapter resolves the name and
// asks here about every address it got, then connects to one of those addresses.

export interface WebhookTargetPolicy {
  /** http:// too (only with LUMALEASING_ENV=local). */
  allowHttp: boolean;
  /** 127.0.0.0/8 and ::1 too (only local, and only with LUMALEASING_WEBHOOK_ALLOW_LOOPBACK=1). */
  allowLoopback: boolean;
}

export const PRODUCTION_POLICY: WebhookTargetPolicy = { allowHttp: false, allowLoopback: false };

export class UnsafeTargetError extends Error {
  override readonly name = "UnsafeTargetError";
  constructor(readonly code: "invalid_url" | "https_required" | "private_address" | "unresolvable", message: string) {
    super(message);
  }
}

function parseV4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const n = parts.map(Number);
  return n.every((x) => x <= 255) ? n : null;
}

/** 8 groups of 16 bits, or null; accepts "::" shortening and a trailing dotted IPv4. */
function parseV6(text: string): number[] | null {
  let t = text.replace(/^\[|\]$/g, "").split("%")[0].toLowerCase();
  const v4tail = t.match(/:(\d+\.\d+\.\d+\.\d+)$/);
  if (v4tail) {
    const v4 = parseV4(v4tail[1]);
    if (!v4) return null;
    t = t.slice(0, -v4tail[1].length) + `${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const halves = t.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  if (![...head, ...tail].every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  return [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...tail].map((g) => parseInt(g, 16));
}

export type AddressClass = "public" | "loopback" | "private" | "link-local" | "reserved";

function classifyV4([a, b, c]: number[]): AddressClass {
  if (a === 127) return "loopback";
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return "private";
  if (a === 169 && b === 254) return "link-local";
  if (a === 100 && b >= 64 && b <= 127) return "private"; // carrier-grade NAT
  if (a === 0 || a >= 224) return "reserved"; // this network, multicast, 240/4, broadcast
  if (a === 192 && b === 0 && c === 0) return "reserved"; // IETF protocol assignments
  if ((a === 192 && b === 0 && c === 2) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) {
    return "reserved"; // documentation
  }
  if (a === 198 && (b === 18 || b === 19)) return "reserved"; // benchmarking
  return "public";
}

/** What kind of address `ip` is; null when it is not an IP address. */
export function classifyAddress(ip: string): AddressClass | null {
  const v4 = parseV4(ip);
  if (v4) return classifyV4(v4);
  const g = parseV6(ip);
  if (!g) return null;
  if (g.every((x) => x === 0)) return "reserved"; // ::
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return "loopback"; // ::1
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible: judge the IPv4 inside.
  if (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || g[5] === 0)) {
    return classifyV4([g[6] >> 8, g[6] & 255, g[7] >> 8, g[7] & 255]);
  }
  if (g[0] === 0x64 && g[1] === 0xff9b) return classifyV4([g[6] >> 8, g[6] & 255, g[7] >> 8, g[7] & 255]); // NAT64
  if ((g[0] & 0xfe00) === 0xfc00) return "private"; // unique local fc00::/7
  if ((g[0] & 0xffc0) === 0xfe80) return "link-local";
  if ((g[0] & 0xffc0) === 0xfec0) return "private"; // site-local (deprecated)
  if ((g[0] & 0xff00) === 0xff00) return "reserved"; // multicast
  if (g[0] === 0x2001 && g[1] === 0x0db8) return "reserved"; // documentation
  if (g[0] === 0x2002) return classifyV4([g[1] >> 8, g[1] & 255, g[2] >> 8, g[2] & 255]); // 6to4
  return "public";
}

/** True when a delivery may connect to `ip` under `policy`. */
export function addressAllowed(ip: string, policy: WebhookTargetPolicy): boolean {
  const kind = classifyAddress(ip);
  return kind === "public" || (kind === "loopback" && policy.allowLoopback);
}

export interface ParsedTarget {
  url: URL;
  /** The host without brackets. */
  hostname: string;
  port: number;
  /** The host is an IP address literal (nothing to resolve). */
  literal: boolean;
}

/** The URL's scheme and shape, before any resolution. */
export function parseTarget(raw: string, policy: WebhookTargetPolicy): ParsedTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeTargetError("invalid_url", "That is not a URL.");
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && policy.allowHttp)) {
    throw new UnsafeTargetError("https_required", "Webhook URLs must use https://.");
  }
  if (url.username || url.password) throw new UnsafeTargetError("invalid_url", "Leave the user name and password out of the URL.");
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  const literal = classifyAddress(hostname) !== null;
  if (literal && !addressAllowed(hostname, policy)) {
    throw new UnsafeTargetError("private_address", `${hostname} is a private, loopback or link-local address.`);
  }
  return { url, hostname, port, literal };
}
