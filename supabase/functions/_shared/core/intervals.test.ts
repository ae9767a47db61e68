// Interval functions: merging and the overlap counter, each against a brute-force check
// on a small integer time line.
import assert from "node:assert/strict";
import fc from "fast-check";
import { lowerBound, mergeIntervals, OverlapCounter, upperBound } from "./intervals.ts";

const SEED = Number(Deno.env.get("SLOTS_SEED") ?? 20260308);
const intervalArb = fc.record({ start: fc.integer({ min: 0, max: 60 }), end: fc.integer({ min: -5, max: 70 }) }, {
  noNullPrototype: true,
});

function covered(intervals: { start: number; end: number }[], point: number): boolean {
  return intervals.some((i) => i.start <= point && point < i.end);
}

Deno.test("mergeIntervals: sorted, disjoint, not touching, same coverage, empty ones dropped, input untouched", () => {
  console.log(`checks: mergeIntervals against a point-by-point coverage check — seed=${SEED}, runs=500`);
  fc.assert(
    fc.property(fc.array(intervalArb, { maxLength: 12 }), (input) => {
      const before = structuredClone(input);
      const merged = mergeIntervals(input);
      assert.deepEqual(input, before);
      merged.forEach((interval, i) => {
        assert.ok(interval.end > interval.start);
        if (i > 0) assert.ok(interval.start > merged[i - 1].end, "gaps between merged intervals");
      });
      for (let point = -5; point <= 70; point++) {
        assert.equal(covered(merged, point), covered(input, point), `point ${point}`);
      }
    }),
    { seed: SEED, numRuns: 500 },
  );
});

Deno.test("lowerBound / upperBound: first index ≥ / > the value in an ascending list", () => {
  const values = [1, 3, 3, 5];
  assert.deepEqual([0, 1, 3, 4, 6].map((v) => lowerBound(values, v)), [0, 0, 1, 3, 4]);
  assert.deepEqual([0, 1, 3, 4, 6].map((v) => upperBound(values, v)), [0, 1, 3, 3, 4]);
});

Deno.test("OverlapCounter: a window is free exactly when no busy interval overlaps it (half-open)", () => {
  console.log(`checks: OverlapCounter against a linear overlap check — seed=${SEED}, runs=500`);
  const windowsArb = fc
    .tuple(fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 10 }), fc.integer({ min: 1, max: 10 }))
    .map(([starts, length]) =>
      [...new Set(starts)].sort((a, b) => a - b).map((start) => ({ start, end: start + length }))
    );
  fc.assert(
    fc.property(windowsArb, fc.array(intervalArb, { maxLength: 10 }), (windows, busy) => {
      const counter = new OverlapCounter(
        Float64Array.from(windows, (w) => w.start),
        Float64Array.from(windows, (w) => w.end),
      );
      for (const b of busy) counter.add(b.start, b.end);
      const expected = windows.map((w) =>
        busy.some((b) => b.end > b.start && b.start < w.end && b.end > w.start) ? 0 : 1
      );
      assert.deepEqual([...counter.freeWindows()], expected);
    }),
    { seed: SEED, numRuns: 500 },
  );
});
