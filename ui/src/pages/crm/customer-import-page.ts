// Customer import (C1): choose a spreadsheet, say which column is which (the box guesses from
// the headers), check it (a dry run: every row that would be rejected, and why; the first rows
// as they will be saved), then import it, all or nothing, with a progress bar; the result
// downloads as a report. The box does the work in the background; this page polls its status.
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import { api, upload, withQuery } from '../../api';
import { Banner } from '../../components/fields';
import { IMPORT_FIELDS, type ImportedCustomer, type ImportField, type ImportMapping, type ImportProblem, type ImportStatus, type ImportUpload } from '../../contract';
import { getLanguage, t, tOr, type MessageKey } from '../../i18n/catalog';
import { businessLabel, genderLabel, stageLabel } from '../../i18n/enum-labels';
import { errorText } from '../../i18n/server-messages';
import { useValue } from '../../use-value';
import { useApp } from '../../app-context';
import { formatDate, formatDateTime } from '../../i18n/format';
import { usePhoneText } from '../../phone-text';

const POLL_MS = 400;

const fieldLabel = (f: ImportField): string => (f === 'phone' ? t('customer.phone') : t(`customer.${f}` as MessageKey));

function problemText(p: ImportProblem): string {
  const why = tOr(`import.problem.${p.code}`, p.message, {
    row: p.otherRow ?? '',
    customer: p.customer ? `${p.customer.customerNo} ${p.customer.name}` : '',
  });
  return `${fieldLabel(p.field)}: ${why}${p.value && p.code !== 'duplicate_existing' && p.code !== 'duplicate_in_file' ? ` (${p.value})` : ''}`;
}

const working = (s: ImportStatus | null) => s !== null && (s.phase === 'checking' || s.phase === 'importing');

export function CustomerImportPage() {
  const file = useValue<ImportUpload | null>(null);
  const mapping = useValue<ImportMapping>([]);
  const status = useValue<ImportStatus | null>(null);
  const busy = useValue(false);
  const error = useValue<unknown>(null);
  const skip = useValue(false);
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);

  // While the box works, ask where it stands; the newest answer is the one shown.
  const id = file.value?.id;
  const isWorking = working(status.value);
  useEffect(() => {
    if (!id || !isWorking) return;
    let stop = false;
    const tick = async () => {
      try {
        const s = await api<ImportStatus>('GET', `/api/customer-imports/${id}`);
        if (stop) return;
        status.set(s);
        if (!working(s)) return;
      } catch (err) {
        if (!stop) error.set(err);
        return;
      }
      if (!stop) timer = setTimeout(() => void tick(), POLL_MS);
    };
    let timer = setTimeout(() => void tick(), POLL_MS);
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [id, isWorking]);

  const choose = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const f = input.files?.[0];
    if (!f) return;
    busy.set(true);
    error.set(null);
    status.set(null);
    skip.set(false);
    try {
      const up = await upload<ImportUpload>(withQuery('/api/customer-imports', { name: f.name }), f);
      if (!alive.current) return;
      file.set(up);
      mapping.set(up.mapping);
    } catch (err) {
      file.set(null);
      error.set(err);
    } finally {
      busy.set(false);
    }
  };

  const start = async (what: 'check' | 'run') => {
    if (!file.value) return;
    error.set(null);
    try {
      const body = what === 'check' ? { mapping: mapping.value } : { mapping: mapping.value, skipRejected: skip.value };
      status.set(await api<ImportStatus>('POST', `/api/customer-imports/${file.value.id}/${what}`, body));
    } catch (err) {
      error.set(err);
    }
  };

  const setField = (i: number, v: string) => {
    mapping.set((m) => m.map((f, j) => (j === i ? ((v || null) as ImportField | null) : f)));
    // A new mapping needs a new check before an import.
    status.set((s) => (s && !working(s) && s.phase !== 'done' ? { ...s, phase: 'uploaded', check: null, error: null } : s));
  };

  const up = file.value;
  const s = status.value;
  const check = s?.check ?? null;
  const done = s?.phase === 'done';
  const checkedNow = check !== null && (s?.phase === 'checked' || s?.phase === 'failed');
  const reportHref = up ? withQuery(`/api/customer-imports/${up.id}/report`, { lang: getLanguage() }) : '';

  return html`<section class="import-page">
    <div class="page-head"><h1>${t('import.title')}</h1></div>
    <p>${t('import.intro')}</p>
    ${done
      ? null
      : html`<div class="field">
          <label for="import-file">${t('import.file')}</label>
          <input id="import-file" type="file" accept=".xlsx,.csv,.txt,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv" disabled=${busy.value || isWorking} onChange=${choose} />
        </div>`}
    ${busy.value ? html`<p>${t('import.uploading')}</p>` : null}
    ${error.value ? html`<${Banner} kind="error">${errorText(error.value)}<//>` : null}
    ${up && !done ? html`<${Mapping} upload=${up} mapping=${mapping.value} disabled=${isWorking} onField=${setField} />` : null}
    ${up && !done
      ? html`<div class="actions">
          <button type="button" class=${checkedNow ? '' : 'primary'} disabled=${isWorking} onClick=${() => void start('check')}>${t('import.check')}</button>
        </div>`
      : null}
    ${isWorking && s ? html`<${Progress} status=${s} valid=${check?.valid ?? 0} />` : null}
    ${s?.error ? html`<${Banner} kind="error">${tOr(`import.error.${s.error.code}`, s.error.message)}<//>` : null}
    ${check && !isWorking && !done ? html`<${CheckResult} check=${check} reportHref=${reportHref} />` : null}
    ${check && checkedNow && check.valid > 0
      ? html`<div class="import-run">
          ${check.rejected > 0
            ? html`<label class="check"><input type="checkbox" checked=${skip.value} onChange=${(e: Event) => skip.set((e.currentTarget as HTMLInputElement).checked)} /> ${t('import.skipRejected', { count: check.rejected })}</label>`
            : null}
          <p class="hint">${t('import.allOrNothing')}</p>
          <div class="actions">
            <button type="button" class="primary" disabled=${check.rejected > 0 && !skip.value} onClick=${() => void start('run')}>${t('import.run', { count: check.valid })}</button>
          </div>
        </div>`
      : null}
    ${done && s
      ? html`<${Banner} kind="ok">${t('import.done', { count: s.imported ?? 0, first: s.range?.first ?? '', last: s.range?.last ?? '' })}<//>
          <div class="actions">
            <a class="button" href=${reportHref} download>${t('import.report')}</a>
            <a class="button primary" href="#/customers">${t('import.toList')}</a>
            <button type="button" onClick=${() => (file.set(null), status.set(null))}>${t('import.again')}</button>
          </div>`
      : null}
  </section>`;
}

function Mapping(p: { upload: ImportUpload; mapping: ImportMapping; disabled: boolean; onField(i: number, v: string): void }) {
  const up = p.upload;
  const options = [{ value: '', label: t('import.leaveOut') }, ...IMPORT_FIELDS.map((f) => ({ value: f, label: fieldLabel(f) }))];
  return html`<h2>${t('import.mappingTitle')}</h2>
    <p class="hint">${t('import.fileFacts', { name: up.fileName, columns: up.columns.length })}${up.encoding ? ` · ${t('import.encoding', { encoding: up.encoding.toUpperCase() })}` : ''}</p>
    <p class="hint">${t('import.mappingHelp')}</p>
    <table class="list import-mapping">
      <thead>
        <tr><th scope="col">${t('import.colColumn')}</th><th scope="col">${t('import.colField')}</th><th scope="col">${t('import.colSample')}</th></tr>
      </thead>
      <tbody>
        ${up.columns.map((header, i) => {
          const name = header || t('import.untitled', { n: i + 1 });
          return html`<tr key=${i}>
            <th scope="row">${name}</th>
            <td>
              <select aria-label=${name} value=${p.mapping[i] ?? ''} disabled=${p.disabled} onChange=${(e: Event) => p.onField(i, (e.currentTarget as HTMLSelectElement).value)}>
                ${options.map((o) => html`<option value=${o.value} key=${o.value}>${o.label}</option>`)}
              </select>
            </td>
            <td class="sample">${up.sample.slice(0, 3).map((r) => r[i] ?? '').filter((v) => v !== '').join(' · ')}</td>
          </tr>`;
        })}
      </tbody>
    </table>`;
}

function Progress(p: { status: ImportStatus; valid: number }) {
  const s = p.status;
  const text = s.step === 'saving' ? t('import.saving', { count: p.valid }) : s.phase === 'importing' ? t('import.importingRows', { done: s.done }) : t('import.checking', { done: s.done });
  return html`<div class="ingest-progress import-progress" role="status">
    <progress max="1" value=${s.step === 'saving' ? undefined : s.fraction} aria-label=${t('import.progress')}></progress>
    <span>${text}</span>
  </div>`;
}

function CheckResult(p: { check: NonNullable<ImportStatus['check']>; reportHref: string }) {
  const c = p.check;
  return html`<div class="import-result">
    <p class="import-summary">${t('import.summary', { total: c.total, valid: c.valid, rejected: c.rejected })}</p>
    <div class="actions"><a class="button" href=${p.reportHref} download>${t('import.report')}</a></div>
    ${c.problems.length
      ? html`<h2>${t('import.rejectedTitle')}</h2>
          ${c.rejected > c.problems.length ? html`<p class="hint">${t('import.rejectedMore', { shown: c.problems.length, count: c.rejected })}</p>` : null}
          <table class="list import-rejected">
            <thead><tr><th scope="col">${t('import.colRow')}</th><th scope="col">${t('import.colName')}</th><th scope="col">${t('import.colProblems')}</th></tr></thead>
            <tbody>
              ${c.problems.map(
                (r) => html`<tr key=${r.row}>
                  <td data-label=${t('import.colRow')}>${r.row}</td>
                  <td data-label=${t('import.colName')}>${r.name}</td>
                  <td data-label=${t('import.colProblems')}>${r.problems.map((x, i) => html`<div key=${i}>${problemText(x)}</div>`)}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
      : null}
    ${c.preview.length ? html`<h2>${t('import.previewTitle')}</h2><${Preview} rows=${c.preview} />` : null}
  </div>`;
}

function Preview(p: { rows: ImportedCustomer[] }) {
  const zone = useApp().me.settings.timeZone;
  const phone = usePhoneText();
  const cols: [string, (c: ImportedCustomer) => string][] = [
    [t('import.colRow'), (c) => String(c.row)],
    [t('customer.name'), (c) => c.name],
    [t('customer.phones'), (c) => c.phones.map(phone).join(', ')],
    [t('customer.gender'), (c) => (c.gender ? genderLabel(c.gender) : '')],
    [t('customer.birthday'), (c) => formatDate(c.birthday)],
    [t('customer.businessType'), (c) => (c.businessType ? businessLabel(c.businessType) : '')],
    [t('customer.stage'), (c) => stageLabel(c.stage)],
    [t('customer.stageDueAt'), (c) => formatDateTime(c.stageDueAt, zone)],
    [t('customer.tags'), (c) => c.tags.join(', ')],
  ];
  return html`<table class="list import-preview">
    <thead><tr>${cols.map((c) => html`<th scope="col" key=${c[0]}>${c[0]}</th>`)}</tr></thead>
    <tbody>
      ${p.rows.map((r) => html`<tr key=${r.row}>${cols.map((c) => html`<td data-label=${c[0]} key=${c[0]}>${c[1](r)}</td>`)}</tr>`)}
    </tbody>
  </table>`;
}
