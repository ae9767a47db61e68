// Watch renewal in slices against the stack's Google emulator: least recently seen to
// first, each invocation a bounded slice, a round ends when every calendar had its turn.
import assert from "node:assert/strict";
import { closeAdminSql, googleControl } from "../../../../scripts/lib/test-support.ts";
import { connectMinted, harness, uniqueAccount } from "../../lumaleasing-jobs/test-support.ts";
import { watchRoundStart, watchSlice } from "./watch-renewal.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test("watch renewal: least recently seen to first, a slice at a time; a round ends when each had its turn", opts, async () => {
  const h = await harness();
  try {
    const ids: Record<string, string> = {};
    const emails: Record<string, string> = {};
    for (const label of ["an hour ago", "never", "three hours ago"]) {
      emails[label] = uniqueAccount("watch");
      ids[label] = await connectMinted(h, emails[label]);
    }
    await h.admin`update public.agent_calendars set watch_checked_at = now() - interval '1 hour' where id = ${ids["an hour ago"]}`;
    await h.admin`update public.agent_calendars set watch_checked_at = now() - interval '3 hours' where id = ${ids["three hours ago"]}`;
    const labelOf = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
    const since = await watchRoundStart(h.d);
    const spent = { spent: () => true };
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { summary: s, more } = await watchSlice(h.d, { propertyId: h.property.id, since, batchSize: 1, budget: spent });
      assert.deepEqual([s.calendars, s.renewed, s.synced, s.errors, more], [1, 1, 1, 0, true], JSON.stringify(s));
      const [latest] = await h.admin`select id from public.agent_calendars where property_id = ${h.property.id}
        order by watch_checked_at desc limit 1`;
      order.push(labelOf[latest.id]);
    }
    console.log(`one calendar per invocation: ${order.join(", then ")}`);
    assert.deepEqual(order, ["never", "three hours ago", "an hour ago"]);
    const last = await watchSlice(h.d, { propertyId: h.property.id, since, batchSize: 1, budget: spent });
    assert.deepEqual([last.summary.calendars, last.more], [0, false], "every calendar had its turn this round");
    const rows = await h.admin`select watch_channel_id from public.agent_calendars where property_id = ${h.property.id}`;
    const ours = new Set(rows.map((r) => r.watch_channel_id));
    const live = ((await googleControl("channels")) as Array<{ id: string; stopped: boolean }>).filter((c) => ours.has(c.id) && !c.stopped);
    console.log(`live channels at Google for these calendars: ${live.length}`);
    assert.equal(ours.size, 3, "a channel each");
    assert.equal(live.length, 3);
  } finally {
    await h.close();
    await closeAdminSql();
  }
});
