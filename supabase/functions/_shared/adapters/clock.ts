// The one source of "now" for functions, jobs and emulators.
// Local stack and tests may pin or shift it; production never does (LUMALEASING_ENV must be "local").
import type { Env } from "./env.ts";

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that starts at `start` and then either stays (frozen) or runs forward in real time. */
export function settableClock(start?: Date, frozen = false): Clock & {
  set(at: Date | null, frozen?: boolean): void;
  advance(ms: number): void;
} {
  let offsetMs = start ? start.getTime() - Date.now() : 0;
  let frozenAt: number | null = start && frozen ? start.getTime() : null;
  return {
    now: () => new Date(frozenAt ?? Date.now() + offsetMs),
    set(at, freeze = false) {
      offsetMs = at ? at.getTime() - Date.now() : 0;
      frozenAt = at && freeze ? at.getTime() : null;
    },
    advance(ms) {
      if (frozenAt !== null) frozenAt += ms;
      else offsetMs += ms;
    },
  };
}

/**
 * The clock for this process: LUMALEASING_NOW (ISO instant) pins the start and
 * LUMALEASING_NOW_FROZEN=1 stops it there — honoured only when LUMALEASING_ENV=local.
 */
export function clockFromEnv(env: Env = Deno.env) {
  const local = env.get("LUMALEASING_ENV") === "local";
  const pinned = local ? env.get("LUMALEASING_NOW") : undefined;
  const start = pinned ? new Date(pinned) : undefined;
  if (start && Number.isNaN(start.getTime())) {
    throw new Error(`LUMALEASING_NOW is not an ISO instant: ${pinned}`);
  }
  return settableClock(start, local && env.get("LUMALEASING_NOW_FROZEN") === "1");
}

type ProcessClock = ReturnType<typeof settableClock>;
const CLOCK_KEY = Symbol.for("lumaleasing.clock");

/** The clock shared by everything in this process (the local gateway can set it). */
export function processClock(): ProcessClock {
  const holder = globalThis as unknown as Record<symbol, ProcessClock | undefined>;
  return (holder[CLOCK_KEY] ??= clockFromEnv());
}
