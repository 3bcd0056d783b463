// A customer's photos on their page (H3): thumbnails by order folder and kind (originals,
// first edits, refined, design pages) with capture time and camera, "next card goes to this
// customer", and an import of edited files into first edits / refined / design.
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import { ApiFailure, api, withQuery } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import { EDIT_KINDS, PHOTO_KINDS, type ApiError, type Customer, type CustomerPhotos as Photos, type EditKind, type PhotoImportResult, type PhotoItem, type PhotoKind } from '../../contract';
import { t } from '../../i18n/catalog';
import { formatDateTime } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { can } from '../../permissions';
import { useValue } from '../../use-value';
import { Banner, SelectField, TextField } from '../fields';
import { NextCardButton } from '../ingest/ingest-bits';

const kindLabel = (k: PhotoKind) => t(`photos.kind.${k}` as 'photos.kind.originals');
const extension = (name: string) => (name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toUpperCase() : '?');

/** One file sent as the request body; the box streams it to both disks. */
async function uploadFile(customerId: number, kind: EditKind, order: string, file: File): Promise<PhotoImportResult> {
  let res: Response;
  try {
    res = await fetch(withQuery(`/api/customers/${customerId}/photos/import`, { kind, order, name: file.name }), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Content-Type': 'application/octet-stream' },
      body: file,
    });
  } catch {
    throw new ApiFailure(0, { code: 'network', message: 'network error' });
  }
  const payload = (await res.json().catch(() => null)) as { data?: PhotoImportResult; error?: ApiError } | null;
  if (res.ok && payload?.data) return payload.data;
  throw new ApiFailure(res.status, payload?.error ?? { code: 'internal', message: `HTTP ${res.status}` });
}

/** A thumbnail that is asked for again while the box is still making it. */
function Thumb(p: { item: PhotoItem; tick: number }) {
  const it = p.item;
  const attempt = useValue(0);
  const failed = useValue(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  // A thumbnail became ready somewhere: try again now.
  useEffect(() => {
    if (failed.value) attempt.set((n) => n + 1);
  }, [p.tick]);
  if (!it.thumbnail) return html`<div class="photo-none" aria-hidden="true">${extension(it.name)}</div>`;
  const onError = () => {
    failed.set(true);
    if (attempt.value < 20 && !timer.current) {
      timer.current = setTimeout(() => {
        timer.current = null;
        attempt.set((n) => n + 1);
      }, 3000);
    }
  };
  return html`<a href=${`/api/thumbs/${it.key}/1280`} target="_blank" rel="noopener" title=${t('photos.open')} class=${failed.value ? 'photo-link pending' : 'photo-link'}>
    <img src=${`/api/thumbs/${it.key}/320${attempt.value ? `?r=${attempt.value}` : ''}`} alt=${it.name} loading="lazy" onLoad=${() => failed.set(false)} onError=${onError} />
    ${failed.value ? html`<span class="photo-wait">${t('photos.previewPending')}</span>` : null}
  </a>`;
}

function ImportForm(p: { customerId: number; order: string | null; onDone(): void }) {
  const kind = useValue<EditKind>('refined');
  const newOrder = useValue('');
  const files = useValue<File[]>([]);
  const status = useValue<string | null>(null);
  const notes = useValue<string[]>([]);
  const failures = useValue<string[]>([]);
  const busy = useValue(false);
  const input = useRef<HTMLInputElement>(null);

  const run = async () => {
    const order = p.order ?? newOrder.value.trim();
    const list = files.value;
    if (list.length === 0) return failures.set([t('photos.chooseFiles')]);
    if (!order) return failures.set([t('ingest.orderLabel')]);
    busy.set(true);
    const renamed: string[] = [];
    const failed: string[] = [];
    let copied = 0;
    let skipped = 0;
    for (let i = 0; i < list.length; i++) {
      const f = list[i]!;
      status.set(t('photos.importing', { n: i + 1, total: list.length, name: f.name }));
      try {
        const r = await uploadFile(p.customerId, kind.value, order, f);
        if (r.action === 'copied') copied++;
        else skipped++;
        if (r.renamed) renamed.push(t('photos.renamed', { from: f.name, to: r.name }));
      } catch (err) {
        failed.push(t('photos.importFailed', { name: f.name, message: err instanceof ApiFailure && err.code === 'validation' ? (err.fields[0]?.message ?? err.message) : errorText(err) }));
      }
    }
    status.set(t('photos.importDone', { copied, skipped }));
    notes.set(renamed);
    failures.set(failed);
    busy.set(false);
    files.set([]);
    if (input.current) input.current.value = '';
    p.onDone();
  };

  return html`<form class="photo-import" onSubmit=${(e: Event) => (e.preventDefault(), void run())}>
    <h3>${t('photos.import')}</h3>
    <div class="photo-import-row">
      <${SelectField} label=${t('photos.importInto')} value=${kind.value} options=${EDIT_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))} onValue=${(v: string) => kind.set(v as EditKind)} />
      ${p.order === null ? html`<${TextField} label=${t('ingest.orderLabel')} value=${newOrder.value} onValue=${newOrder.set} />` : null}
      <div class="field">
        <label for="photo-import-files">${t('photos.importFiles')}</label>
        <input
          id="photo-import-files"
          ref=${input}
          type="file"
          multiple
          accept="image/*,.jpg,.jpeg,.tif,.tiff,.png,.heic,.heif,.dng,.cr2,.cr3,.nef,.arw,.raf,.orf,.rw2,.mp4,.mov"
          onChange=${(e: Event) => files.set(Array.from((e.currentTarget as HTMLInputElement).files ?? []))}
        />
      </div>
      <button type="submit" class="primary" disabled=${busy.value}>${t('photos.importButton')}</button>
    </div>
    ${status.value ? html`<p class="small" role="status">${status.value}</p>` : null}
    ${notes.value.length ? html`<ul class="small plain">${notes.value.map((n) => html`<li key=${n}>${n}</li>`)}</ul>` : null}
    ${failures.value.length ? html`<${Banner} kind="error"><ul class="plain">${failures.value.map((f) => html`<li key=${f}>${f}</li>`)}</ul><//>` : null}
  </form>`;
}

export function CustomerPhotos(p: { customer: Customer }) {
  const me = useApp().me;
  const tz = me.settings.timeZone;
  const id = p.customer.id;
  const data = useValue<Photos | null>(null);
  const error = useValue<unknown>(null);
  const order = useValue<string | null>(null);
  const kind = useValue<PhotoKind>('originals');
  const tick = useValue(0);

  const load = async () => {
    try {
      data.set(await api<Photos>('GET', `/api/customers/${id}/photos`));
      error.set(null);
    } catch (err) {
      error.set(err);
    }
  };
  useEffect(() => void load(), [id]);
  useServerEvents(['photos.changed'], (e) => {
    if ((e.data as { customerId?: number }).customerId === id) void load();
  });
  useServerEvents(['thumb.ready'], () => tick.set((n) => n + 1));

  const d = data.value;
  const folders = d?.folders ?? [];
  const folder = folders.find((f) => f.order === order.value) ?? folders[0] ?? null;
  const items = folder ? folder.kinds[kind.value] : [];

  return html`<section class="card customer-photos">
    <div class="page-head">
      <h2>${t('photos.title')}</h2>
      <${NextCardButton} customer=${p.customer} />
    </div>
    ${error.value ? html`<${Banner} kind="error">${errorText(error.value)}<//>` : null}
    ${d && folders.length === 0 ? html`<p class="empty">${t('photos.none')}</p>` : null}
    ${folder
      ? html`${folders.length > 1
            ? html`<${SelectField} class="inline" label=${t('photos.order')} value=${folder.order} options=${folders.map((f) => ({ value: f.order, label: f.order }))} onValue=${order.set} />`
            : html`<p class="muted">${t('photos.order')}: <strong>${folder.order}</strong></p>`}
          <div class="tabs" role="tablist">
            ${PHOTO_KINDS.map(
              (k) => html`<button type="button" role="tab" key=${k} aria-selected=${k === kind.value ? 'true' : 'false'} onClick=${() => kind.set(k)}>
                ${kindLabel(k)} <span class="muted">(${folder.kinds[k].length})</span>
              </button>`,
            )}
          </div>
          ${items.length === 0
            ? html`<p class="empty">${t('photos.emptyKind')}</p>`
            : html`<ul class="photo-grid">
                ${items.map(
                  (it) => html`<li key=${it.id} class="photo" data-name=${it.name}>
                    <${Thumb} item=${it} tick=${tick.value} />
                    <div class="photo-name" title=${it.name}>${it.name}</div>
                    <div class="muted small">${[it.capturedAt ? formatDateTime(it.capturedAt, tz) : null, it.camera].filter(Boolean).join(' · ')}</div>
                    ${it.state === 'mismatch' || it.state === 'missing' ? html`<div class="field-error small">${t(`photos.bad.${it.state}`)}</div>` : null}
                  </li>`,
                )}
              </ul>`}`
      : null}
    ${d && can(me, 'photos', 'add') ? html`<${ImportForm} customerId=${id} order=${folder?.order ?? null} onDone=${() => void load()} />` : null}
  </section>`;
}
