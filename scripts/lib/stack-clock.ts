// The local stack's one clock. The functions gateway owns it (POST/GET /__local/clock);
// every function process and every emulator (the Google emulator, the mail/SMS catcher)
// follows it: after each change each of them is told the resulting state — an absolute
// instant and whether it is frozen — so a follower that missed a change, or a function
// process that started again, is brought back by the next push.
import { type settableClock } from "../../supabase/functions/_shared/adapters/clock.ts";

type Settable = ReturnType<typeof settableClock>;

/** What a follower is told: `now: null` means real time. */
export interface ClockState {
  now: string | null;
  frozen: boolean;
}

export interface ClockCommand {
  /** An instant to jump to; null goes back to real time. Absent: the clock stays where it is. */
  at?: Date | null;
  /** With `at`: stop there. Alone: stop (true) or run on (false) from the current instant. */
  frozen?: boolean;
  advanceMs?: number;
}

export class ClockInputError extends Error {}

/** `{now, frozen, advanceMs}` as posted to /__local/clock; throws ClockInputError on bad input. */
export function parseClockCommand(body: unknown): ClockCommand {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ClockInputError("the body must be a JSON object: {now, frozen, advanceMs}");
  }
  const b = body as Record<string, unknown>;
  const known = ["now", "frozen", "advanceMs"];
  const unknown = Object.keys(b).filter((k) => !known.includes(k));
  if (unknown.length) throw new ClockInputError(`unknown field(s): ${unknown.join(", ")}`);
  const command: ClockCommand = {};
  if ("now" in b) {
    if (b.now === null) command.at = null;
    else {
      const at = typeof b.now === "string" ? new Date(b.now) : new Date(NaN);
      if (Number.isNaN(at.getTime())) throw new ClockInputError("now must be an ISO instant or null");
      command.at = at;
    }
  }
  if ("frozen" in b) {
    if (typeof b.frozen !== "boolean") throw new ClockInputError("frozen must be true or false");
    command.frozen = b.frozen;
  }
  if ("advanceMs" in b) {
    if (typeof b.advanceMs !== "number" || !Number.isFinite(b.advanceMs)) {
      throw new ClockInputError("advanceMs must be a finite number of milliseconds");
    }
    command.advanceMs = b.advanceMs;
  }
  return command;
}

/** The owner's clock: applies commands and says the state to hand to followers. */
export class StackClock {
  #real: boolean;
  #frozen: boolean;

  constructor(private readonly clock: Settable, initial: { pinned: boolean; frozen: boolean }) {
    this.#real = !initial.pinned;
    this.#frozen = initial.pinned && initial.frozen;
  }

  now(): Date {
    return this.clock.now();
  }

  get frozen(): boolean {
    return this.#frozen;
  }

  /** True while the clock is real time (never moved, or sent back with `now: null`). */
  get real(): boolean {
    return this.#real;
  }

  apply(command: ClockCommand): void {
    if (command.at !== undefined) {
      this.#frozen = command.at !== null && Boolean(command.frozen);
      this.#real = command.at === null;
      this.clock.set(command.at, this.#frozen);
    } else if (command.frozen !== undefined && command.frozen !== this.#frozen) {
      const here = this.clock.now();
      this.#frozen = command.frozen;
      this.#real = false;
      this.clock.set(here, this.#frozen);
    }
    if (command.advanceMs !== undefined && command.advanceMs !== 0) {
      this.clock.advance(command.advanceMs);
      this.#real = false;
    }
  }

  state(): ClockState {
    return this.#real ? { now: null, frozen: false } : { now: this.clock.now().toISOString(), frozen: this.#frozen };
  }
}

/** The emulators' clock endpoints, from LUMALEASING_CLOCK_FOLLOWERS (comma-separated URLs). */
export function clockFollowers(value = Deno.env.get("LUMALEASING_CLOCK_FOLLOWERS") ?? ""): string[] {
  return value.split(",").map((s) => s.trim()).filter(Boolean);
}

/** Tells one follower the owner's state (computed just before sending); throws when it refuses. */
export async function pushClock(url: string, state: () => ClockState): Promise<void> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(state()),
    signal: AbortSignal.timeout(5000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 200)}`);
}
