// A report's table (R1): its columns' headers from the box, cells in the user's number format,
// the totals row under it. Wide tables scroll sideways on a phone; printed whole.
import { html } from 'htm/preact';
import type { ReportTable } from '../../contract';
import { cellText } from './report-format';

const numeric = new Set(['count', 'money', 'days', 'points', 'gigabytes']);

export function ReportTableView(p: { table: ReportTable }) {
  const t = p.table;
  const cls = (i: number) => (numeric.has(t.columns[i]!.kind) ? 'num' : undefined);
  return html`<div class="table-scroll">
    <table class="report-table" data-report=${t.name}>
      <thead><tr>${t.columns.map((c, i) => html`<th key=${c.key} class=${cls(i)} scope="col">${c.label}</th>`)}</tr></thead>
      <tbody>
        ${t.rows.map((r, ri) => html`<tr key=${ri}>${r.map((v, i) => html`<td class=${cls(i)}>${cellText(v, t.columns[i]!.kind, t.currency)}</td>`)}</tr>`)}
      </tbody>
      ${t.totals
        ? html`<tfoot><tr class="total">${t.totals.map((v, i) => (i === 0 ? html`<th scope="row">${String(v ?? '')}</th>` : html`<td class=${cls(i)}>${cellText(v, t.columns[i]!.kind, t.currency)}</td>`))}</tr></tfoot>`
        : null}
    </table>
  </div>`;
}
