// The metrics panel's styles (WordPress admin colors; charts side by side where there is
// room, one per row on a phone; the table scrolls sideways rather than overflow at 320 px).
export const metricsStyles = `
.ll-metrics-toolbar{margin:8px 0 12px}
.ll-metrics-scroll{max-width:100%;overflow-x:auto}
.ll-metrics-table{max-width:960px}
.ll-metrics-table caption{text-align:left;padding:4px 0 8px;color:#50575e}
.ll-metrics-table th[scope=row]{font-weight:400}
.ll-metric-state{display:inline-flex;align-items:flex-start;gap:4px}
.ll-metric-pass{color:#007017}
.ll-metric-fail{color:#b32d2e;font-weight:600}
.ll-metric-no_data{color:#50575e}
.ll-metric-charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,320px),1fr));gap:16px;max-width:1200px}
.ll-metric-chart{margin:0;padding:12px;background:#fff;border:1px solid #c3c4c7;min-width:0}
.ll-metric-chart figcaption{display:flex;flex-wrap:wrap;justify-content:space-between;gap:4px 12px;margin-bottom:8px}
.ll-metric-target{color:#50575e}
.ll-metric-canvas{width:100%;min-height:160px}
.ll-metric-summary{margin:8px 0 0;color:#3c434a}
@media (max-width:600px){.ll-metrics-table th,.ll-metrics-table td{padding:8px 4px;font-size:13px;word-break:break-word}}
`;
