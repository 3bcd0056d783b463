// A report's chart (R1) drawn by uPlot, which only the reports page's chunk imports (the first
// load stays small). Bars for one or two series side by side, lines for more or when the
// report asks. The width follows the card (a phone's screen too); labels in the user's
// language and number format.
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { ReportTable } from '../../contract';
import { minorDigits } from '../../money';
import { axisText, cellText } from './report-format';

const COLOURS = ['#2f6fbd', '#d9822b', '#3a9a5b', '#b5476a', '#7a5cc4'];

export function ReportChart(p: { table: ReportTable; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    const t = p.table;
    if (!el || t.rows.length === 0) return;
    const xi = t.columns.findIndex((c) => c.key === t.chart.x);
    const xKind = t.columns[xi]!.kind;
    const series = t.chart.series.map((k) => t.columns.findIndex((c) => c.key === k)).filter((i) => i >= 0);
    const labels = t.rows.map((r) => cellText(r[xi] ?? null, xKind, t.currency));
    const yKind = t.columns[series[0]!]!.kind;
    const digits = minorDigits(t.currency);
    const bars = t.chart.type === 'bar' && series.length <= 2;
    const phone = () => el.clientWidth < 500;
    const data: uPlot.AlignedData = [t.rows.map((_, i) => i), ...series.map((s) => t.rows.map((r) => (typeof r[s] === 'number' ? (r[s] as number) : null)))];
    const opts = (): uPlot.Options => ({
      width: Math.max(240, el.clientWidth),
      height: phone() ? 220 : 280,
      legend: { show: series.length > 1 },
      cursor: { show: true, drag: { x: false, y: false } },
      scales: { x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [
        {
          values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? (labels[v] ?? '') : '')),
          splits: () => labels.map((_, i) => i),
          rotate: phone() && labels.length > 4 ? -45 : 0,
          size: phone() && labels.length > 4 ? 70 : 40,
          gap: 4,
        },
        { values: (_u, splits) => splits.map((v) => axisText(v, yKind, t.currency, digits)), size: 56 },
      ],
      series: [
        { value: (_u, v) => (v === null ? '' : (labels[v] ?? '')) },
        ...series.map((s, n): uPlot.Series => ({
          label: t.columns[s]!.label,
          stroke: COLOURS[n % COLOURS.length],
          fill: bars ? COLOURS[n % COLOURS.length] : undefined,
          width: bars ? 0 : 2,
          value: (_u, v) => (v === null ? '' : cellText(v, t.columns[s]!.kind, t.currency)),
          ...(bars ? { paths: uPlot.paths.bars!({ size: [series.length === 1 ? 0.6 : 0.35, 80], align: series.length === 1 ? 0 : n === 0 ? -1 : 1 }), points: { show: false } } : {}),
        })),
      ],
    });
    let plot = new uPlot(opts(), data, el);
    let width = el.clientWidth;
    const seen = new ResizeObserver(() => {
      if (el.clientWidth === width) return;
      width = el.clientWidth;
      plot.destroy();
      plot = new uPlot(opts(), data, el);
    });
    seen.observe(el);
    return () => {
      seen.disconnect();
      plot.destroy();
    };
  }, [p.table]);
  return html`<div class="report-chart" ref=${box} role="img" aria-label=${p.label}></div>`;
}
