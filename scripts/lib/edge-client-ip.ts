// What Supabase's edge does to every request before a function sees it, as far as the
// visitor's address goes: X-Real-IP is set to the address that connected, whatever the
// caller sent under that name (see the README's "Client address"). The local gateway
// does the same. Locally every caller connects from loopback, so a caller standing in
// front of the edge — a test, the browser tests' request route, a benchmark — names the
// visitor it plays in the last X-Forwarded-For entry, the way a proxy appends it.
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function setEdgeClientIp(headers: Headers, peer: string): void {
  const forwarded = headers.get("x-forwarded-for")?.split(",").at(-1)?.trim();
  headers.set("x-real-ip", LOOPBACK.test(peer) && forwarded ? forwarded : peer);
  if (!headers.has("x-forwarded-for")) headers.set("x-forwarded-for", peer);
}
