// The catcher's clock (`GET|POST /__control/clock`): stored messages are stamped with it
// and `since=` filters compare with those stamps, so the local stack moves it together
// with the functions' clock. POST {now, frozen} sets it (now: null is real time),
// {advanceMs} moves it on; a clock handed in without set/advance is fixed (409).
import type { Clock } from "../../supabase/functions/_shared/adapters/clock.ts";
import { ClockInputError, parseClockCommand, StackClock } from "../lib/stack-clock.ts";
import { json } from "./http.ts";

type Settable = Clock & { set(at: Date | null, frozen?: boolean): void; advance(ms: number): void };

export function clockControl(clock: Clock) {
  const settable = typeof (clock as Partial<Settable>).set === "function" &&
    typeof (clock as Partial<Settable>).advance === "function";
  const owner = settable ? new StackClock(clock as Settable, { pinned: false, frozen: false }) : null;
  const answer = () => json(200, { now: clock.now().toISOString(), frozen: owner?.frozen ?? false, settable });
  return async (request: Request): Promise<Response> => {
    if (request.method === "GET") return answer();
    if (request.method !== "POST") return json(405, { error: "method_not_allowed", allow: "GET, POST" }, { allow: "GET, POST" });
    if (!owner) return json(409, { error: "clock_not_settable", message: "started with a fixed clock" });
    try {
      owner.apply(parseClockCommand(await request.json().catch(() => undefined)));
    } catch (err) {
      if (err instanceof ClockInputError) return json(400, { error: "invalid_clock", message: err.message });
      throw err;
    }
    return answer();
  };
}
