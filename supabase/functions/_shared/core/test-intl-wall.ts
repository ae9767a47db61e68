// The tests' own wall clock: Intl.DateTimeFormat's reading of an instant in a zone, an
// oracle independent of wallclock.ts to check it (and the slot engine) against.

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Local wall time at an instant (whole minutes), as the epoch milliseconds of that wall time read as UTC. */
export function intlWall(instant: number, timeZone: string): number {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(instant)) parts[part.type] = Number(part.value);
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
}
