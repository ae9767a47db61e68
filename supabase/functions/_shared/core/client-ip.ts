// The visitor's address, from the one header the platform's edge sets (never from
// whatever header a client may send), and the key a rate limit counts it under.
//
// X-Forwarded-For is the exception that is a list: a client may send any entries it
// likes and each proxy appends the address it saw, so only the last entry — the one the
// trusted proxy in front of us added — says who connected. Anything that is not a plain
// IPv4 or IPv6 address counts as no address at all.

/** Supabase's edge sets X-Real-IP to the address that connected to it (see the README). */
export const DEFAULT_CLIENT_IP_HEADER = "x-real-ip";

/** The address the trusted header names, normalized; null when it is missing or not an address. */
export function trustedClientIp(headers: { get(name: string): string | null }, headerName: string): string | null {
  const name = headerName.trim().toLowerCase();
  const raw = headers.get(name);
  if (!raw) return null;
  const value = name === "x-forwarded-for" ? raw.split(",").at(-1)! : raw;
  return normalizeIp(value);
}

/**
 * What a per-address limit counts: an IPv4 address as it is; an IPv6 address by its /64,
 * the block one household or phone is given (an address inside it costs nothing to change).
 */
export function rateLimitKey(ip: string): string {
  if (!ip.includes(":")) return ip;
  const groups = expandIpv6(ip);
  return groups ? `${groups.slice(0, 4).join(":")}::/64` : ip;
}

/** A bare IPv4 or IPv6 address (a port or brackets around it are dropped), or null. */
export function normalizeIp(value: string): string | null {
  let v = value.trim();
  if (!v || v.length > 64) return null;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(v);
  if (bracketed) v = bracketed[1];
  else if (/^[\d.]+:\d{1,5}$/.test(v)) v = v.slice(0, v.lastIndexOf(":"));
  if (isIpv4(v)) return v.split(".").map(Number).join(".");
  const groups = expandIpv6(v);
  if (!groups) return null;
  // An IPv4 client seen through an IPv6 socket (::ffff:a.b.c.d) is that IPv4 client.
  if (groups.slice(0, 5).every((g) => g === "0000") && groups[5] === "ffff") {
    const [hi, lo] = [parseInt(groups[6], 16), parseInt(groups[7], 16)];
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
  }
  return groups.map((g) => g.replace(/^0+(?=.)/, "")).join(":");
}

function isIpv4(v: string): boolean {
  const parts = v.split(".");
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** The eight 4-digit groups of an IPv6 address, or null when it is not one. */
function expandIpv6(v: string): string[] | null {
  const address = v.toLowerCase().replace(/%.*$/, ""); // a zone ("%eth0") is local to the host
  if (!/^[0-9a-f:.]+$/.test(address) || !address.includes(":")) return null;
  let tail: string[] = [];
  let head = address;
  // An embedded IPv4 address ends the last 32 bits.
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (v4) {
    if (!isIpv4(v4[2])) return null;
    const [a, b, c, d] = v4[2].split(".").map(Number);
    tail = [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
    head = v4[1].endsWith("::") ? v4[1] : v4[1].slice(0, -1);
  }
  const halves = head.split("::");
  if (halves.length > 2) return null;
  const split = (s: string) => (s ? s.split(":") : []);
  const left = split(halves[0]);
  const right = halves.length === 2 ? split(halves[1]) : [];
  const given = left.length + right.length + tail.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return null;
  const groups = [...left, ...Array(8 - given).fill("0"), ...right, ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => g.padStart(4, "0"));
}
