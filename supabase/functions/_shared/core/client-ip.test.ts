// The visitor's address: only the configured header counts, X-Forwarded-For by its last
// entry, anything that is not an address is no address, IPv6 is limited by its /64.
import assert from "node:assert/strict";
import { DEFAULT_CLIENT_IP_HEADER, normalizeIp, rateLimitKey, trustedClientIp } from "./client-ip.ts";

const h = (init: Record<string, string>) => new Headers(init);

Deno.test("client ip: the default header is X-Real-IP, and no other header stands in for it", () => {
  assert.equal(DEFAULT_CLIENT_IP_HEADER, "x-real-ip");
  assert.equal(trustedClientIp(h({ "x-real-ip": "203.0.113.7" }), "x-real-ip"), "203.0.113.7");
  // A client's own forwarding headers do not count when X-Real-IP is the trusted one.
  const spoofed = h({ "x-forwarded-for": "198.51.100.1", "cf-connecting-ip": "198.51.100.2", "true-client-ip": "198.51.100.3" });
  assert.equal(trustedClientIp(spoofed, "x-real-ip"), null);
  assert.equal(trustedClientIp(h({ "cf-connecting-ip": "198.51.100.2" }), " CF-Connecting-IP "), "198.51.100.2");
  console.log("  x-real-ip trusted; x-forwarded-for / cf-connecting-ip / true-client-ip ignored unless configured");
});

Deno.test("client ip: X-Forwarded-For counts only the entry the trusted proxy appended (the last)", () => {
  const xff = (v: string) => trustedClientIp(h({ "x-forwarded-for": v }), "x-forwarded-for");
  assert.equal(xff("10.9.9.9, 1.1.1.1, 203.0.113.50"), "203.0.113.50");
  assert.equal(xff("203.0.113.50"), "203.0.113.50");
  // Whatever the client puts first, the last entry stays the proxy's.
  for (const forged of ["1.2.3.4", "unknown", "203.0.113.50, 8.8.8.8", ""]) {
    assert.equal(xff(`${forged}, 192.0.2.44`), "192.0.2.44", forged);
  }
  assert.equal(xff("203.0.113.50, "), null, "an empty last entry is no address");
  assert.equal(xff("203.0.113.50, not-an-ip"), null);
  console.log("  'a, b, 203.0.113.50' → 203.0.113.50; forged first entries never chosen");
});

Deno.test("client ip: only a plain IPv4 or IPv6 address is an address", () => {
  const cases: Array<[string, string | null]> = [
    ["192.0.2.1", "192.0.2.1"],
    [" 192.0.2.1 ", "192.0.2.1"],
    ["192.0.2.1:51234", "192.0.2.1"],
    ["010.000.002.001", "10.0.2.1"],
    ["2001:DB8::1", "2001:db8:0:0:0:0:0:1"],
    ["[2001:db8::1]:443", "2001:db8:0:0:0:0:0:1"],
    ["::1", "0:0:0:0:0:0:0:1"],
    ["::ffff:192.0.2.9", "192.0.2.9"],
    ["fe80::1%eth0", "fe80:0:0:0:0:0:0:1"],
    ["unknown", null],
    ["", null],
    ["256.1.1.1", null],
    ["1.2.3", null],
    ["1:2:3", null],
    ["1::2::3", null],
    ["2001:db8::12345", null],
    ["<script>", null],
    ["1.2.3.4.5", null],
  ];
  for (const [input, expected] of cases) assert.equal(normalizeIp(input), expected, input);
  console.log(`  ${cases.length} inputs: addresses normalized, everything else → null`);
});

Deno.test("client ip: the limit counts IPv4 per address and IPv6 per /64", () => {
  assert.equal(rateLimitKey("192.0.2.1"), "192.0.2.1");
  const a = rateLimitKey(normalizeIp("2001:db8:aa:bb::1")!);
  const b = rateLimitKey(normalizeIp("2001:db8:aa:bb:ffff:1:2:3")!);
  const other = rateLimitKey(normalizeIp("2001:db8:aa:bc::1")!);
  assert.equal(a, "2001:0db8:00aa:00bb::/64");
  assert.equal(a, b, "two addresses of one /64 share a key");
  assert.notEqual(a, other);
  console.log(`  2001:db8:aa:bb::1 and …:ffff:1:2:3 → ${a}; the next /64 is another key`);
});
