// Photo selection on a tablet (O4, issue 19 item 4), #/selection/<order id>. Staff start a
// session on the order's shoot folder; the customer marks keep / maybe / no in the grid or the
// full-screen view, writes retouch wishes, compares 2–4 photos, and sees the count against the
// package with the price of extras. Every mark is saved at once, so a reload (or another
// tablet) resumes the session where it was. Finishing copies the kept originals for the
// retoucher and offers the production sheet and the Lightroom filter.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp } from '../../app-context';
import { getOnce } from '../../early-fetch';
import { Banner, SelectField, TextField } from '../../components/fields';
import { SelectionGrid, Thumb } from '../../components/selection/selection-grid';
import { MarkButtons, SelectionViewer } from '../../components/selection/selection-viewer';
import type { SelectionFinished, SelectionMark, SelectionPhoto, SelectionSession, SelectionStart, SelectionTally } from '../../contract';
import { t } from '../../i18n/catalog';
import { errorText } from '../../i18n/server-messages';
import { formatMoney, moneyInput, parseMoney } from '../../money';
import { can } from '../../permissions';
import { useValue } from '../../use-value';

type Filter = 'all' | SelectionMark | 'unmarked';
const FILTERS: Filter[] = ['all', 'keep', 'maybe', 'no', 'unmarked'];

function StartForm(p: { start: SelectionStart; currency: string; mayOpen: boolean; onOpened(s: SelectionSession): void }) {
  const s = p.start;
  const folder = useValue(s.suggestedFolder ?? '');
  const included = useValue(s.package?.photosIncluded == null ? '' : String(s.package.photosIncluded));
  const extra = useValue(s.package?.extraPhotoMinor == null ? '' : moneyInput(s.package.extraPhotoMinor, s.package.currency));
  const failure = useValue<string | null>(null);
  const busy = useValue(false);
  const currency = s.package?.currency ?? p.currency;
  const submit = async (e: Event) => {
    e.preventDefault();
    const body: Record<string, unknown> = { folder: folder.value };
    if (included.value.trim() !== '') body.photosIncluded = Number(included.value);
    else if (s.package) body.photosIncluded = null;
    if (extra.value.trim() !== '') body.extraPhotoMinor = parseMoney(extra.value, currency) ?? extra.value;
    busy.set(true);
    try {
      p.onOpened(await api<SelectionSession>('POST', `/api/orders/${s.orderId}/selection`, body));
    } catch (err) {
      failure.set(errorText(err));
    } finally {
      busy.set(false);
    }
  };
  if (s.folders.length === 0) return html`<${Banner} kind="info">${t('selection.noPhotos')}<//>`;
  return html`<form class="sel-start" onSubmit=${submit}>
    ${s.session?.state === 'finished' ? html`<p class="muted">${t('selection.finishedBefore')}</p>` : null}
    ${s.package?.name ? html`<p>${t('selection.package', { name: s.package.name })}</p>` : null}
    <${SelectField} label=${t('selection.folder')} value=${folder.value} onValue=${folder.set}
      options=${s.folders.map((f) => ({ value: f.folder, label: t('selection.folderCount', { folder: f.folder, count: f.originals }) }))} />
    <${TextField} label=${t('selection.included')} inputMode="numeric" value=${included.value} onValue=${included.set} />
    <${TextField} label=${t('selection.extraPrice')} inputMode="decimal" value=${extra.value} onValue=${extra.set} />
    ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
    <button type="submit" class="primary" disabled=${busy.value || !p.mayOpen}>${s.session?.state === 'finished' ? t('selection.newRound') : t('selection.start')}</button>
  </form>`;
}

function TallyBar(p: { tally: SelectionTally; session: SelectionSession }) {
  const tl = p.tally;
  const pkg = p.session.package;
  return html`<div class="sel-tally" role="status" aria-live="polite">
    <strong>${pkg.photosIncluded === null ? t('selection.kept', { keep: tl.keep }) : t('selection.ofIncluded', { keep: tl.keep, included: pkg.photosIncluded })}</strong>
    ${tl.extra > 0 ? html`<span class="sel-extra">${t('selection.extra', { extra: tl.extra, price: tl.extraMinor === null ? '—' : formatMoney(tl.extraMinor, pkg.currency) })}</span>` : null}
    ${tl.maybe > 0 ? html`<span>${t('selection.maybeCount', { count: tl.maybe })}</span>` : null}
    ${tl.unmarked > 0 ? html`<span class="muted">${t('selection.left', { count: tl.unmarked })}</span>` : null}
  </div>`;
}

function Finished(p: { session: SelectionSession; mayPrint: boolean }) {
  const s = p.session;
  return html`<section class="sel-finished">
    <${Banner} kind="ok">${t('selection.finished', { count: s.tally.keep, dir: s.selectedDir ?? '' })}<//>
    <label>${t('selection.lightroom')}<textarea readonly rows="3" class="sel-lightroom" onFocus=${(e: Event) => (e.target as HTMLTextAreaElement).select()}>${s.lightroom ?? ''}</textarea></label>
    ${p.mayPrint ? html`<p><a class="button" href=${`/api/selections/${s.id}/sheet`} target="_blank" rel="noopener">${t('selection.sheet')}</a></p>` : null}
  </section>`;
}

export function SelectionPage(p: { orderId: number }) {
  const me = useApp().me;
  const editable = can(me, 'photos', 'edit');
  const start = useValue<SelectionStart | null>(null);
  const session = useValue<SelectionSession | null>(null);
  const failure = useValue<string | null>(null);
  const filter = useValue<Filter>('all');
  const viewing = useValue<number | null>(null);
  const picked = useValue<number[]>([]);
  const comparing = useValue(false);
  const busy = useValue(false);

  const load = async () => {
    try {
      const st = await getOnce<SelectionStart>(`/api/orders/${p.orderId}/selection`);
      start.set(st);
      session.set(st.latestSession);
      failure.set(null);
    } catch (err) {
      failure.set(errorText(err));
    }
  };
  useEffect(() => void load(), [p.orderId]);

  const s = session.value;
  const shown = !s ? [] : filter.value === 'all' ? s.photos : s.photos.filter((x) => (filter.value === 'unmarked' ? x.mark === null : x.mark === filter.value));

  const save = async (photo: SelectionPhoto, body: { mark?: SelectionMark | null; note?: string }) => {
    if (!s) return;
    try {
      const r = await api<{ fileId: number; mark: SelectionMark | null; note: string; tally: SelectionTally }>('PUT', `/api/selections/${s.id}/photos/${photo.fileId}`, body);
      session.set((prev) => (prev ? { ...prev, tally: r.tally, photos: prev.photos.map((x) => (x.fileId === r.fileId ? { ...x, mark: r.mark, note: r.note } : x)) } : prev));
      failure.set(null);
    } catch (err) {
      failure.set(errorText(err));
      throw err;
    }
  };
  const onMark = (photo: SelectionPhoto, mark: SelectionMark | null) => void save(photo, { mark }).catch(() => {});
  const onNote = (photo: SelectionPhoto, note: string) => save(photo, { note });
  const pick = (fileId: number) =>
    picked.set((prev) => (prev.includes(fileId) ? prev.filter((x) => x !== fileId) : prev.length >= 4 ? prev : [...prev, fileId]));

  const finish = async () => {
    if (!s || !window.confirm(t('selection.finishConfirm', { keep: s.tally.keep }))) return;
    busy.set(true);
    try {
      const r = await api<SelectionFinished>('POST', `/api/selections/${s.id}/finish`);
      session.set(r.session);
      failure.set(null);
    } catch (err) {
      failure.set(errorText(err));
    } finally {
      busy.set(false);
    }
  };

  const st = start.value;
  const head = html`<h1>${t('selection.title')}${s ? html` <span class="muted">${t('selection.order', { order: s.orderNo, customer: s.customer.name })}</span>` : null}</h1>`;
  if (!st) return html`<section class="sel-page">${head}${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}</section>`;
  if (!s) {
    return html`<section class="sel-page">${head}
      ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
      <${StartForm} start=${st} currency=${me.settings.currency} mayOpen=${can(me, 'photos', 'add')} onOpened=${(x: SelectionSession) => (session.set(x), void load())} /></section>`;
  }
  if (s.state === 'finished') {
    return html`<section class="sel-page">${head}<${Finished} session=${s} mayPrint=${can(me, 'photos', 'print')} />
      <${StartForm} start=${st} currency=${me.settings.currency} mayOpen=${can(me, 'photos', 'add')} onOpened=${(x: SelectionSession) => (session.set(x), void load())} /></section>`;
  }

  const large = s.thumbSizes[s.thumbSizes.length - 1] ?? 320;
  const gridSizes = s.thumbSizes.length > 1 ? s.thumbSizes.slice(0, -1) : s.thumbSizes;
  const counts: Record<Filter, number> = { all: s.tally.total, keep: s.tally.keep, maybe: s.tally.maybe, no: s.tally.no, unmarked: s.tally.unmarked };
  const comparePhotos = picked.value.map((id) => s.photos.find((x) => x.fileId === id)).filter((x): x is SelectionPhoto => !!x);

  return html`<section class="sel-page">
    ${head}
    <div class="sel-toolbar">
      <${TallyBar} tally=${s.tally} session=${s} />
      <div class="sel-filters" role="group" aria-label=${t('selection.filter')}>
        ${FILTERS.map((f) => html`<button type="button" aria-pressed=${filter.value === f} onClick=${() => filter.set(f)}>${t(`selection.filter.${f}`, { count: counts[f] })}</button>`)}
      </div>
      <button type="button" disabled=${comparePhotos.length < 2} title=${t('selection.compareHint')} onClick=${() => comparing.set(true)}>${t('selection.compare', { count: comparePhotos.length })}</button>
      ${editable ? html`<button type="button" class="primary" disabled=${busy.value || s.tally.maybe > 0 || s.tally.keep === 0} onClick=${() => void finish()}>${t('selection.finish')}</button>` : null}
    </div>
    ${s.tally.maybe > 0 ? html`<p class="muted">${t('selection.maybesLeft', { count: s.tally.maybe })}</p>` : null}
    ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
    <${SelectionGrid} photos=${shown} thumbSizes=${gridSizes} picked=${picked.value} onOpen=${(i: number) => viewing.set(i)} onPick=${pick} />
    ${viewing.value !== null && shown[viewing.value]
      ? html`<${SelectionViewer} sessionId=${s.id} photos=${shown} index=${viewing.value} largeSize=${large} editable=${editable}
          onIndex=${(i: number) => viewing.set(i)} onClose=${() => viewing.set(null)} onMark=${onMark} onNote=${onNote} />`
      : null}
    ${comparing.value && comparePhotos.length >= 2
      ? html`<div class="sel-compare" role="dialog" aria-modal="true" aria-label=${t('selection.compare', { count: comparePhotos.length })} data-count=${comparePhotos.length}>
          ${comparePhotos.map((x) => html`<figure key=${x.fileId} class=${`mark-${x.mark ?? 'none'}`} data-name=${x.name}>
            <${Thumb} photo=${x} size=${large} className="sel-large" />
            <figcaption>${x.name}<${MarkButtons} photo=${x} editable=${editable} onMark=${onMark} /></figcaption>
          </figure>`)}
          <button type="button" class="sel-close" onClick=${() => comparing.set(false)}>${t('selection.close')}</button>
        </div>`
      : null}
  </section>`;
}
