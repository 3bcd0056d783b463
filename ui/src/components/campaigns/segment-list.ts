// An imported list as a recipient filter (S3, S6): phone numbers or customer numbers pasted, or
// a .txt / .csv file (its first column), matched by the box (POST /api/segments/list, in
// batches of 10,000). Says how many customers it named and which entries named none.
import { html } from 'htm/preact';
import { api } from '../../api';
import type { SegmentListMatch } from '../../contract';
import { tc } from './campaign-words';
import { errorText } from '../../i18n/server-messages';
import { useValue } from '../../use-value';
import { Banner, TextField } from '../fields';

const BATCH = 10_000;

/** A file's or a paste's entries: each line's first cell (comma, semicolon or tab separated). */
export function listEntries(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => (line.split(/[,;\t]/)[0] ?? '').trim())
    .filter((e) => e !== '');
}

export function ImportedList(p: { ids: number[] | null; onIds(ids: number[] | null): void }) {
  const text = useValue('');
  const busy = useValue(false);
  const result = useValue<SegmentListMatch | null>(null);
  const error = useValue<string | null>(null);

  const match = async (entries: string[]) => {
    busy.set(true);
    error.set(null);
    try {
      const all: SegmentListMatch = { customerIds: [], entries: 0, repeated: 0, unknownCount: 0, unknown: [] };
      const ids = new Set<number>();
      for (let i = 0; i < entries.length; i += BATCH) {
        const r = await api<SegmentListMatch>('POST', '/api/segments/list', { entries: entries.slice(i, i + BATCH) });
        for (const id of r.customerIds) (ids.has(id) ? all.repeated++ : ids.add(id));
        all.entries += r.entries;
        all.repeated += r.repeated;
        all.unknownCount += r.unknownCount;
        all.unknown.push(...r.unknown.slice(0, Math.max(0, 50 - all.unknown.length)));
      }
      all.customerIds = [...ids];
      result.set(all);
      p.onIds(all.customerIds.length ? all.customerIds : null);
      if (!all.customerIds.length) error.set(tc('listNone'));
    } catch (err) {
      error.set(errorText(err));
    } finally {
      busy.set(false);
    }
  };
  const fromFile = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (file) await match(listEntries(await file.text()));
    input.value = '';
  };
  const clear = () => (text.set(''), result.set(null), error.set(null), p.onIds(null));
  const r = result.value;
  return html`<div class="imported-list">
    <${TextField} multiline label=${tc('listLabel')} hint=${tc('listHint')} value=${text.value} onValue=${text.set} />
    <div class="actions">
      <button type="button" disabled=${busy.value || listEntries(text.value).length === 0} onClick=${() => void match(listEntries(text.value))}>${tc('listUse')}</button>
      <label class="button">${tc('listFile')}<input type="file" class="sr-only" accept=".txt,.csv,text/plain,text/csv" onChange=${fromFile} /></label>
      ${p.ids ? html`<button type="button" onClick=${clear}>${tc('listClear')}</button>` : null}
    </div>
    ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
    ${r && p.ids
      ? html`<p class="small" data-testid="list-match">${tc('listMatched', { customers: r.customerIds.length, entries: r.entries, unknown: r.unknownCount, repeated: r.repeated })}
          ${r.unknown.length ? html`<span class="muted"> ${tc('listUnknown', { entries: r.unknown.join(', ') })}</span>` : null}</p>`
      : null}
  </div>`;
}
