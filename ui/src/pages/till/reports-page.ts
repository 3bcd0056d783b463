// Reports (R1): the reports this user may see, one at a time (#/reports/<name>): a range of
// studio days (the box's last twelve months until changed), the grouping when the report has
// several, a chart and a table, "Print" (print CSS keeps only the report) and "Export to Excel"
// with reports:print. A lazy chunk with uPlot in it: nothing of it is in the first load.
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api, withQuery } from '../../api';
import { Banner, SelectField, TextField } from '../../components/fields';
import { ExportLink } from '../../components/export-link';
import { ReportChart } from '../../components/reports/report-chart';
import { ReportTableView } from '../../components/reports/report-table';
import { REPORT_GROUPS, REPORT_NAMES, type ReportName, type ReportTable } from '../../contract';
import { getLanguage, t, type MessageKey } from '../../i18n/catalog';
import { formatDate } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { useValue } from '../../use-value';

const reportTitle = (n: ReportName) => t(`reports.name.${n}` as MessageKey);
const isName = (s: string | null): s is ReportName => s !== null && (REPORT_NAMES as string[]).includes(s);

export function ReportsPage(p: { name: string | null }) {
  const names = useValue<ReportName[] | null>(null);
  const error = useValue<string | null>(null);
  useEffect(() => {
    api<ReportName[]>('GET', '/api/reports').then(names.set, (err) => error.set(errorText(err)));
  }, []);
  const list = names.value;
  const name = isName(p.name) && (list === null || list.includes(p.name)) ? p.name : (list?.[0] ?? null);
  return html`<div class="reports-page">
    <h1 class="no-print">${t('reports.title')}</h1>
    ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
    ${list && list.length === 0 ? html`<p class="muted">${t('reports.none')}</p>` : null}
    ${list && list.length > 0
      ? html`<nav class="report-nav no-print" aria-label=${t('reports.list')}>
          <ul>${list.map((n) => html`<li key=${n}><a href=${`#/reports/${n}`} aria-current=${n === name ? 'page' : undefined}>${reportTitle(n)}</a></li>`)}</ul>
        </nav>`
      : null}
    ${name ? html`<${ReportView} key=${name} name=${name} />` : null}
  </div>`;
}

function ReportView(p: { name: ReportName }) {
  const groups: readonly string[] = REPORT_GROUPS[p.name];
  // Empty until the box answers the first time with its own last twelve months.
  const from = useValue('');
  const to = useValue('');
  const group = useValue('');
  const table = useValue<ReportTable | null>(null);
  const error = useValue<string | null>(null);
  const latest = useLatestOnly();
  const query = { from: from.value || undefined, to: to.value || undefined, group: group.value || undefined };
  const load = useCallback(
    () =>
      latest(
        api<ReportTable>('GET', withQuery(`/api/reports/${p.name}`, { ...query, lang: getLanguage() })),
        (d) => {
          table.set(d);
          error.set(null);
          if (!from.value) (from.set(d.from), to.set(d.to));
        },
        (err) => error.set(errorText(err)),
      ),
    [p.name, from.value, to.value, group.value],
  );
  useEffect(() => void load(), [load]);
  const tb = table.value;
  const title = reportTitle(p.name);
  return html`<section class="card report-sheet" data-report=${p.name}>
    <h2>${title}</h2>
    ${tb ? html`<p class="report-range">${t('reports.range', { from: formatDate(tb.from), to: formatDate(tb.to) })}</p>` : null}
    <div class="row report-filters no-print">
      <${TextField} type="date" label=${t('reports.from')} value=${from.value} onValue=${(v: string) => v && from.set(v)} />
      <${TextField} type="date" label=${t('reports.to')} value=${to.value} onValue=${(v: string) => v && to.set(v)} />
      ${groups.length > 1
        ? html`<${SelectField}
            label=${t('reports.group')}
            value=${group.value || groups[0]}
            options=${groups.map((g) => ({ value: g, label: t(`reports.group.${g}` as MessageKey) }))}
            onValue=${(v: string) => group.set(v)}
          />`
        : null}
    </div>
    <div class="row no-print">
      <div class="actions"><button type="button" onClick=${() => window.print()}>${t('reports.print')}</button></div>
      ${tb ? html`<${ExportLink} feature="reports" path=${`/api/reports/${p.name}/export`} query=${{ from: tb.from, to: tb.to, group: tb.group ?? undefined }} />` : null}
    </div>
    ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
    ${tb && tb.rows.length === 0 ? html`<p class="muted">${t('reports.empty')}</p>` : null}
    ${tb && tb.rows.length > 0 ? html`<${ReportChart} table=${tb} label=${t('reports.chart', { report: title })} />` : null}
    ${tb ? html`<${ReportTableView} table=${tb} />` : null}
  </section>`;
}
