// Half-open time intervals [start, end) in epoch ms, and the searches the slot engine
// runs over them.

export interface Interval {
  start: number;
  end: number;
}

/** Sorted, non-overlapping union of `intervals`; empty and negative ones are dropped. Input untouched. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const { start, end } of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else merged.push({ start, end });
  }
  return merged;
}

/** First index whose value is ≥ `value` (values ascending). */
export function lowerBound(values: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** First index whose value is > `value` (values ascending). */
export function upperBound(values: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Counts, for a list of query windows, how many busy intervals overlap each one.
 *
 * The windows must be ascending in both start and end (the slot engine's are: every
 * window is its slot widened by the same buffers). Then the windows one busy interval
 * overlaps form a contiguous run, found with two binary searches and recorded in a
 * difference array — no sorting or merging of the busy data, O(b·log w) in total.
 */
export class OverlapCounter {
  private readonly deltas: Int32Array;

  constructor(private readonly windowStarts: Float64Array, private readonly windowEnds: Float64Array) {
    this.deltas = new Int32Array(windowStarts.length + 1);
  }

  /** Records one busy interval [start, end); empty ones change nothing. */
  add(start: number, end: number): void {
    if (!(end > start)) return;
    const first = upperBound(this.windowEnds, start); // first window ending after the busy start
    const afterLast = lowerBound(this.windowStarts, end); // first window starting at/after the busy end
    if (first < afterLast) {
      this.deltas[first]++;
      this.deltas[afterLast]--;
    }
  }

  /** Per window: true when no recorded interval overlaps it. */
  freeWindows(): Uint8Array {
    const free = new Uint8Array(this.windowStarts.length);
    let running = 0;
    for (let i = 0; i < free.length; i++) {
      running += this.deltas[i];
      free[i] = running === 0 ? 1 : 0;
    }
    return free;
  }
}
