// Where a webhook may go: public addresses only; loopback only with the local test setting.
import assert from "node:assert/strict";
import { addressAllowed, classifyAddress, parseTarget, PRODUCTION_POLICY, UnsafeTargetError } from "./webhook-address.ts";

const LOCAL_TEST = { allowHttp: true, allowLoopback: true };

Deno.test("webhook address: private, loopback, link-local and reserved addresses are told from public ones", () => {
  const cases: Array<[string, string | null]> = [
    ["127.0.0.1", "loopback"], ["127.8.9.10", "loopback"], ["::1", "loopback"], ["::ffff:127.0.0.1", "loopback"],
    ["10.1.2.3", "private"], ["172.16.0.1", "private"], ["172.31.255.255", "private"], ["192.168.1.1", "private"],
    ["100.64.0.1", "private"], ["fd00::1", "private"], ["fc00::1", "private"], ["::ffff:10.0.0.1", "private"],
    ["::ffff:a00:1", "private"], ["2002:a00:1::", "private"],
    ["169.254.169.254", "link-local"], ["fe80::1", "link-local"], ["fe80::1%eth0", "link-local"],
    ["0.0.0.0", "reserved"], ["::", "reserved"], ["224.0.0.1", "reserved"], ["255.255.255.255", "reserved"],
    ["192.0.2.5", "reserved"], ["2001:db8::1", "reserved"], ["ff02::1", "reserved"],
    ["8.8.8.8", "public"], ["172.32.0.1", "public"], ["2606:4700:4700::1111", "public"], ["::ffff:8.8.8.8", "public"],
    ["example.com", null], ["1.2.3", null], ["1::2::3", null],
  ];
  for (const [ip, want] of cases) assert.equal(classifyAddress(ip), want, ip);
  assert.equal(addressAllowed("127.0.0.1", PRODUCTION_POLICY), false);
  assert.equal(addressAllowed("127.0.0.1", LOCAL_TEST), true);
  assert.equal(addressAllowed("10.0.0.1", LOCAL_TEST), false, "private stays refused even in the local test setting");
  assert.equal(addressAllowed("169.254.169.254", LOCAL_TEST), false);
  console.log(`${cases.length} addresses classified; loopback allowed only by the local test policy`);
});

Deno.test("webhook address: https only in production; literal addresses in any spelling are judged", () => {
  const refused = (url: string, policy = PRODUCTION_POLICY) => {
    try {
      parseTarget(url, policy);
      return null;
    } catch (err) {
      assert.ok(err instanceof UnsafeTargetError);
      return err.code;
    }
  };
  assert.equal(refused("http://crm.example.com/hook"), "https_required");
  assert.equal(refused("ftp://crm.example.com/"), "https_required");
  assert.equal(refused("not a url"), "invalid_url");
  assert.equal(refused("https://user:pw@crm.example.com/"), "invalid_url");
  assert.equal(refused("https://127.0.0.1/"), "private_address");
  assert.equal(refused("https://2130706433/"), "private_address", "127.0.0.1 as a number");
  assert.equal(refused("https://0x7f.1/"), "private_address", "127.0.0.1 in hex");
  assert.equal(refused("https://[::1]:8443/"), "private_address");
  assert.equal(refused("https://[::ffff:169.254.169.254]/"), "private_address");
  assert.equal(refused("https://169.254.169.254/latest/meta-data"), "private_address");
  assert.equal(refused("https://192.168.0.10/"), "private_address");
  assert.equal(refused("http://127.0.0.1:9999/", LOCAL_TEST), null);
  assert.equal(refused("http://10.0.0.1/", LOCAL_TEST), "private_address");
  const t = parseTarget("https://crm.example.com/hooks?x=1", PRODUCTION_POLICY);
  assert.deepEqual([t.hostname, t.port, t.literal], ["crm.example.com", 443, false]);
  console.log("http, odd schemes, credentials and every spelling of an inside address refused; a public https name passes");
});
