// freeBusy.query: which stretches of each calendar are busy in [timeMin, timeMax).
import { calendarFor } from "./events.ts";
import { ApiError, apiErrors } from "./errors.ts";
import type { EmulatorState } from "./state.ts";
import { formatFreeBusyTime, isValidTimeZone, parseInstant } from "./time.ts";
import type { Account, StoredEvent } from "./types.ts";

export interface BusyInterval {
  startMs: number;
  endMs: number;
}

/** Opaque, live events only. */
export function blocksTime(event: Pick<StoredEvent, "deleted" | "resource">): boolean {
  return !event.deleted && event.resource.status !== "cancelled" && event.resource.transparency !== "transparent";
}

/**
 * Busy intervals clipped to [rangeStart, rangeEnd), sorted, with overlapping or touching intervals merged
 * (Google reports one block for back-to-back meetings).
 */
export function busyIntervals(
  events: Iterable<Pick<StoredEvent, "deleted" | "resource" | "startMs" | "endMs">>,
  rangeStart: number,
  rangeEnd: number,
): BusyInterval[] {
  const clipped: BusyInterval[] = [];
  for (const event of events) {
    if (!blocksTime(event)) continue;
    if (event.endMs <= rangeStart || event.startMs >= rangeEnd || event.endMs <= event.startMs) continue;
    clipped.push({ startMs: Math.max(event.startMs, rangeStart), endMs: Math.min(event.endMs, rangeEnd) });
  }
  clipped.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const merged: BusyInterval[] = [];
  for (const interval of clipped) {
    const last = merged[merged.length - 1];
    if (last && interval.startMs <= last.endMs) last.endMs = Math.max(last.endMs, interval.endMs);
    else merged.push({ ...interval });
  }
  return merged;
}

interface FreeBusyRequest {
  timeMin?: unknown;
  timeMax?: unknown;
  timeZone?: unknown;
  items?: unknown;
  calendarExpansionMax?: unknown;
  groupExpansionMax?: unknown;
}

export interface FreeBusyCalendarResult {
  busy: { start: string; end: string }[];
  errors?: { domain: string; reason: string }[];
}

export interface FreeBusyResponse {
  kind: "calendar#freeBusy";
  timeMin: string;
  timeMax: string;
  calendars: Record<string, FreeBusyCalendarResult>;
}

function limit(value: unknown, name: string, max: number): number {
  if (value === undefined || value === null) return max;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    throw apiErrors.invalid(`Invalid value for: ${name}`, name);
  }
  return value;
}

export function queryFreeBusy(state: EmulatorState, caller: Account, body: unknown): FreeBusyResponse {
  const request = (typeof body === "object" && body !== null ? body : {}) as FreeBusyRequest;
  if (request.timeMin === undefined) throw apiErrors.required("Missing timeMin parameter.");
  if (request.timeMax === undefined) throw apiErrors.required("Missing timeMax parameter.");
  const timeMin = parseInstant(String(request.timeMin));
  const timeMax = parseInstant(String(request.timeMax));
  if (timeMin === null) throw apiErrors.invalid("Invalid value for: timeMin", "timeMin");
  if (timeMax === null) throw apiErrors.invalid("Invalid value for: timeMax", "timeMax");
  if (timeMax <= timeMin) throw apiErrors.timeRangeEmpty();
  if (timeMax - timeMin > state.config.freeBusyMaxRangeDays * 86_400_000) throw apiErrors.timeRangeTooLong();
  const zone = request.timeZone === undefined ? undefined : String(request.timeZone);
  if (zone !== undefined && !isValidTimeZone(zone)) throw apiErrors.invalid("Invalid value for: timeZone", "timeZone");
  const calendarMax = limit(request.calendarExpansionMax, "calendarExpansionMax", 50);
  limit(request.groupExpansionMax, "groupExpansionMax", 100);
  if (!Array.isArray(request.items)) throw apiErrors.required("Missing items parameter.");

  const calendars: Record<string, FreeBusyCalendarResult> = {};
  request.items.forEach((item, index) => {
    const id = typeof item === "object" && item !== null ? String((item as { id?: unknown }).id ?? "") : "";
    if (index >= calendarMax) {
      calendars[id] = { busy: [], errors: [{ domain: "global", reason: "tooManyCalendarsRequested" }] };
      return;
    }
    try {
      // Any calendar known to the emulator may be queried (a shared org); unknown or deleted ones are notFound.
      const calendar = calendarFor(state, undefined, id === "primary" ? caller.email : id);
      calendars[id] = {
        busy: busyIntervals(calendar.events.values(), timeMin, timeMax).map((b) => ({
          start: formatFreeBusyTime(b.startMs, zone),
          end: formatFreeBusyTime(b.endMs, zone),
        })),
      };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      calendars[id] = { busy: [], errors: [{ domain: "global", reason: "notFound" }] };
    }
  });
  return {
    kind: "calendar#freeBusy",
    timeMin: new Date(timeMin).toISOString(),
    timeMax: new Date(timeMax).toISOString(),
    calendars,
  };
}
