// An inserted card's dialog (H3), a real modal over the page: "Card inserted: N files, X GB,
// shot between … and …", both disks' free space and warnings, the customers it probably belongs
// to (today's shoots first), an order label, a missing backup disk with the admin's override,
// and one click to start; Eject, and "Later" (or Esc) to put it away: the card indicator in the
// top bar brings it back. After Eject it says the card is safe to remove.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api, withQuery } from '../../api';
import { PHOTO_KINDS, type CustomerPage, type CustomerRef, type IngestCard, type IngestJobInfo, type Me, type PhotoKind } from '../../contract';
import { t, tOr } from '../../i18n/catalog';
import { formatDateTime, gigabytes } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { can } from '../../permissions';
import { useValue } from '../../use-value';
import { Banner, Checkbox, SelectField, TextField } from '../fields';
import { isActive, jobOutcome, sizeText } from './ingest-bits';
import { Modal } from '../modal';
import { DiskProblem, TechDetails } from '../system/tech-details';
import { useDebounced } from '../use-debounced';

function cardTitle(c: IngestCard, tz: string): string {
  const s = c.scan;
  if (!s) return t('ingest.reading');
  let title = t('ingest.cardInserted', { files: s.files, size: sizeText(s.bytes) });
  if (s.shotFrom && s.shotTo) title += `, ${t('ingest.shotBetween', { from: formatDateTime(s.shotFrom, tz), to: formatDateTime(s.shotTo, tz) })}`;
  return title;
}

function Disks(p: { card: IngestCard }) {
  const pf = p.card.preflight;
  const rows = [
    { name: t('status.disk.library'), d: pf.library },
    { name: t('status.disk.backup'), d: pf.backup },
  ];
  return html`<ul class="ingest-disks plain">
    ${rows.map(
      (r) => html`<li key=${r.name}>
        <strong>${r.name}:</strong>${' '}
        ${!r.d || r.d.state === 'down'
          ? r.d
            ? html`<${DiskProblem} disk=${r.d} />`
            : html`<span class="field-error">${t('disk.error')}</span>`
          : r.d.freeBytes !== null && r.d.totalBytes !== null
            ? t('status.free', { free: gigabytes(r.d.freeBytes), total: gigabytes(r.d.totalBytes) })
            : t('status.freeUnknown')}
      </li>`,
    )}
  </ul>`;
}

interface Choice {
  customer: CustomerRef;
  note: string;
}

export function CardDialog(p: { card: IngestCard; me: Me; onHide(): void; onEjected(): void }) {
  const c = p.card;
  const me = p.me;
  const tz = me.settings.timeZone;
  const pf = c.preflight;
  const first = c.suggestions[0];
  const chosen = useValue<number | null>(first && first.reason !== 'recent' ? first.customer.id : null);
  const order = useValue('');
  const into = useValue<PhotoKind>('originals');
  const override = useValue(false);
  const busy = useValue(false);
  const error = useValue<string | null>(null);
  const q = useValue('');
  const query = useDebounced(q.value.trim(), 200);
  const found = useValue<CustomerRef[]>([]);
  const titleId = `ingest-card-${c.card.cardId}`;

  useEffect(() => {
    if (!query || !can(me, 'customers', 'view')) return found.set([]);
    let live = true;
    api<CustomerPage>('GET', withQuery('/api/customers', { q: query, limit: 6 })).then(
      (page) => live && found.set(page.items.map((i) => ({ id: i.id, customerNo: i.customerNo, name: i.name }))),
      () => live && found.set([]),
    );
    return () => {
      live = false;
    };
  }, [query]);

  const choices: Choice[] = c.suggestions.map((s) => ({ customer: s.customer, note: t(`ingest.reason.${s.reason}` as 'ingest.reason.today') }));
  for (const f of found.value) if (!choices.some((x) => x.customer.id === f.id)) choices.push({ customer: f, note: '' });

  const canStart = can(me, 'ingest', 'add');
  const overriding = override.value && pf.overridable && me.user.isAdmin;
  const blocked = !pf.ok && !overriding;

  const start = async () => {
    if (chosen.value === null) return error.set(t('ingest.pickCustomer'));
    busy.set(true);
    error.set(null);
    try {
      await api<IngestJobInfo>('POST', '/api/ingest/jobs', {
        cardId: c.card.cardId,
        customerId: chosen.value,
        orderLabel: order.value.trim() || null,
        override: overriding || undefined,
        subfolder: into.value === 'originals' ? undefined : into.value,
      });
    } catch (err) {
      error.set(errorText(err));
    } finally {
      busy.set(false);
    }
  };
  const eject = async () => {
    try {
      await api('POST', `/api/ingest/cards/${encodeURIComponent(c.card.cardId)}/eject`);
      p.onEjected();
    } catch (err) {
      error.set(errorText(err));
    }
  };

  const s = c.scan;
  const footer = html`${canStart
      ? html`<button type="button" class="primary" disabled=${busy.value || blocked || !s} onClick=${() => void start()}>${busy.value ? t('ingest.starting') : t('ingest.start')}</button>
          <button type="button" onClick=${() => void eject()}>${t('ingest.eject')}</button>`
      : null}
    <button type="button" class="link-button" onClick=${p.onHide}>${t('ingest.later')}</button>`;
  return html`<${Modal} class="ingest-dialog" labelledBy=${titleId} onClose=${p.onHide} footer=${footer} data=${{ 'data-card-id': c.card.cardId }}>
    <h2 id=${titleId}>${cardTitle(c, tz)}</h2>
    <p class="muted small">
      ${c.card.label ? t('ingest.cardName', { label: c.card.label }) : null}
      ${s ? html` · ${t('ingest.kinds', { photos: s.photos, raws: s.raws, videos: s.videos })}` : null}
    </p>
    ${s && s.others > 0 ? html`<p class="muted small">${t('ingest.others', { count: s.others })}</p>` : null}
    ${c.scanError ? html`<${Banner} kind="error">${t('ingest.scanError')}<${TechDetails} text=${c.scanError} /><//>` : null}
    ${c.autoStartProblem ? html`<${Banner} kind="info">${t('ingest.autoStartProblem')}<${TechDetails} text=${c.autoStartProblem} /><//>` : null}
    ${c.job && !isActive(c.job) ? html`<p class="small">${t('ingest.lastCopy', { message: jobOutcome(c.job) })}</p>` : null}
    <${Disks} card=${c} />
    ${pf.blockers.map((b) => html`<div class="banner banner-error" role="alert" key=${b.code}>${tOr(`preflight.${b.code}`, b.message)}</div>`)}
    ${pf.warnings.map((w) => html`<div class="banner banner-warning" key=${w.code}>${tOr(`preflight.${w.code}`, w.message)}</div>`)}
    ${pf.overridable
      ? me.user.isAdmin
        ? html`<${Checkbox} label=${t('ingest.override')} checked=${override.value} onValue=${override.set} />`
        : html`<p class="hint">${t('ingest.overrideAdminOnly')}</p>`
      : null}
    ${canStart
      ? html`<fieldset class="ingest-customers">
            <legend>${t('ingest.whichCustomer')}</legend>
            ${choices.map(
              (ch) => html`<label class="check" key=${ch.customer.id}>
                <input type="radio" name=${`customer-${c.card.cardId}`} checked=${chosen.value === ch.customer.id} onChange=${() => chosen.set(ch.customer.id)} />
                <span>${ch.customer.name} <span class="muted small">${ch.customer.customerNo}</span>${ch.note ? html` <span class="tag">${ch.note}</span>` : null}</span>
              </label>`,
            )}
            ${can(me, 'customers', 'view')
              ? html`<${TextField} type="search" label=${t('ingest.searchCustomer')} placeholder=${t('ingest.searchPlaceholder')} value=${q.value} onValue=${q.set} />
                  ${query && found.value.length === 0 ? html`<p class="muted small">${t('ingest.noMatches')}</p>` : null}`
              : null}
          </fieldset>
          <${TextField} label=${t('ingest.orderLabel')} hint=${t('ingest.orderHint')} value=${order.value} onValue=${order.set} />
          <${SelectField}
            label=${t('photos.importInto')}
            value=${into.value}
            options=${PHOTO_KINDS.map((k) => ({ value: k, label: t(`photos.kind.${k}` as 'photos.kind.originals') }))}
            onValue=${(v: string) => into.set(v as PhotoKind)}
          />`
      : null}
    ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
  <//>`;
}

/** After Eject: the card is unmounted; the dialog says so until it is closed. */
export function EjectedDialog(p: { card: IngestCard; onClose(): void }) {
  const titleId = `ejected-${p.card.card.cardId}`;
  return html`<${Modal} class="ingest-dialog" labelledBy=${titleId} onClose=${p.onClose} footer=${html`<button type="button" class="primary" onClick=${p.onClose}>${t('ingest.dismiss')}</button>`}>
    <h2 id=${titleId}>${p.card.card.label ? t('ingest.cardName', { label: p.card.card.label }) : t('cards.indicator')}</h2>
    <p class="banner banner-ok" role="status">${t('cards.ejected')}</p>
  <//>`;
}
