// Whether a queued prospect message still goes out: the follow-up email goes only while
// the tour is still marked attended and the property still sends it with an apply link.
import assert from "node:assert/strict";
import { staleReason } from "./outbox-prospect.ts";

const booking = (status: string) => ({
  status,
  start_at: new Date("2026-11-27T15:00:00Z"),
  reminder_24h_sent_at: null,
  reminder_1h_sent_at: null,
});
const now = new Date("2026-11-28T12:00:00Z");
const key = "email:0b7f3a52-6a0e-4a55-9d57-3c7b2f1e9a10:tour_follow_up";
const on = { follow_up_email: true, apply_url: "https://apply.example.com/" };

Deno.test("follow-up email: sent while attended and on; skipped when corrected to no-show or turned off", () => {
  assert.equal(staleReason("tour_follow_up", booking("completed"), key, now, on), null, "attended, on: goes, although the tour is past");
  assert.equal(staleReason("tour_follow_up", booking("no_show"), key, now, on), "the booking is no_show");
  assert.equal(staleReason("tour_follow_up", booking("confirmed"), key, now, on), "the booking is confirmed");
  assert.match(staleReason("tour_follow_up", booking("completed"), key, now, { ...on, follow_up_email: false }) ?? "", /turned the follow-up email off/);
  assert.match(staleReason("tour_follow_up", booking("completed"), key, now, { ...on, apply_url: null }) ?? "", /turned the follow-up email off/);
  // The other templates keep their rule: nothing about a tour that is no longer confirmed.
  assert.equal(staleReason("tour_confirmation", booking("completed"), "email:x:tour_confirmation", now, on), "the booking is completed");
  console.log("  completed+on → sent; no_show / confirmed / off / no link → skipped with the reason");
});
