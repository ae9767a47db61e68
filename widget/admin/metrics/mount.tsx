/** @jsxImportSource preact */
// mountMetricsPanel(root, fetchers): the metrics panel with uPlot's charts, into any element
// (the Insights tab here; a portfolio page's <div id="lumaleasing-portfolio-metrics"> with
// its own fetchers). Answers a function that unmounts it.
import { render } from "preact";
import { drawUplotChart } from "./chart.ts";
import { MetricsPanel } from "./panel.tsx";
import type { MetricsFetchers } from "./types.ts";

export function mountMetricsPanel(root: HTMLElement, fetchers: MetricsFetchers, opts: { weeks?: number } = {}): () => void {
  root.textContent = "";
  render(<MetricsPanel fetchers={fetchers} weeks={opts.weeks} drawChart={drawUplotChart} />, root);
  return () => render(null, root);
}
