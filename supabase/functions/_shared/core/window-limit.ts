// A fixed-window counter per key, in memory: at most `max` hits per key per `windowMs`.
// Old windows are dropped as they pass, so the map holds only the current window's keys.
export class WindowLimit {
  private window = -1;
  private counts = new Map<string, number>();

  constructor(readonly max: number, readonly windowMs: number) {}

  /** Counts a hit for `key` at `nowMs`; false when the key is past its limit in this window. */
  hit(key: string, nowMs: number): boolean {
    const window = Math.floor(nowMs / this.windowMs);
    if (window !== this.window) {
      this.window = window;
      this.counts.clear();
    }
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n <= this.max;
  }
}
