// One metric's weekly chart drawn with uPlot (canvas): the value per week and the target as
// a dashed line. Admin pages only; the prospect widget never imports it. The chart is a
// picture for sighted users: the panel gives the same numbers as text and as a table.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartSpec {
  /** Week starts, seconds since 1970 (UTC). */
  weeks: number[];
  /** The metric per week; null: no data that week (a gap). */
  values: Array<number | null>;
  /** The target's number, drawn across every week (null: none). */
  target: number | null;
  label: string;
  targetLabel: string;
  unit: string;
  width: number;
  height: number;
}

export interface DrawnChart {
  resize(width: number): void;
  destroy(): void;
}

export type DrawChart = (el: HTMLElement, spec: ChartSpec) => DrawnChart;

export const drawUplotChart: DrawChart = (el, spec) => {
  const data: uPlot.AlignedData = [
    spec.weeks,
    spec.values,
    spec.weeks.map(() => spec.target),
  ];
  const chart = new uPlot({
    width: spec.width,
    height: spec.height,
    legend: { show: false },
    cursor: { show: true, drag: { x: false, y: false } },
    scales: { x: { time: true } },
    axes: [
      { stroke: "#50575e", grid: { stroke: "#f0f0f1" }, ticks: { stroke: "#dcdcde" } },
      { stroke: "#50575e", grid: { stroke: "#f0f0f1" }, ticks: { stroke: "#dcdcde" }, size: 56 },
    ],
    series: [
      {},
      { label: spec.label, stroke: "#2271b1", width: 2, points: { show: true, size: 6 }, spanGaps: false },
      { label: spec.targetLabel, stroke: "#d63638", width: 1.5, dash: [6, 4], points: { show: false } },
    ],
  }, data, el);
  return {
    resize: (width) => chart.setSize({ width, height: spec.height }),
    destroy: () => chart.destroy(),
  };
};
