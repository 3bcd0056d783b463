// The studio's price list (A3, F1), on the settings page: read with settings:view, items added,
// retired and sold again with settings:edit. The bill picks from the active items.
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import { PRICE_KINDS, type PriceItem, type PriceItemInput, type PriceKind } from '../../contract';
import { t, tOr } from '../../i18n/catalog';
import { errorText } from '../../i18n/server-messages';
import { formatMoney, parseMoney } from '../../money';
import { useLatestOnly } from '../../latest-only';
import { can } from '../../permissions';
import { useSubmission } from '../../use-submission';
import { useValue } from '../../use-value';
import { Banner, SelectField, TextField } from '../fields';

export const priceKindLabel = (k: string) => tOr(`priceKind.${k}`, k);

/** What an item is sold as, in one line: "Package · 880.00 · 30 photos selected · extra photo 50.00". */
export function priceItemSummary(x: PriceItem): string {
  return [
    priceKindLabel(x.kind),
    formatMoney(x.priceMinor, x.currency),
    x.includes,
    x.photosIncluded !== null ? t('priceList.photosShort', { count: x.photosIncluded }) : '',
    x.extraPhotoMinor !== null ? t('priceList.extraPhotoShort', { price: formatMoney(x.extraPhotoMinor, x.currency) }) : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

function AddItem(p: { currency: string; onAdded(): void }) {
  const kind = useValue<PriceKind>('package');
  const name = useValue('');
  const price = useValue('');
  const includes = useValue('');
  const photos = useValue('');
  const extra = useValue('');
  const sub = useSubmission();
  const errors = sub.errors.value;

  const add = async (e: Event) => {
    e.preventDefault();
    const priceMinor = parseMoney(price.value, p.currency);
    const extraMinor = extra.value.trim() ? parseMoney(extra.value, p.currency) : null;
    const photoCount = photos.value.trim() ? (/^\d+$/.test(photos.value.trim()) ? Number(photos.value.trim()) : NaN) : null;
    const local: Record<string, string> = {};
    if (!name.value.trim()) local.name = t('field.required');
    if (priceMinor === null) local.priceMinor = t('money.invalid');
    if (extra.value.trim() && extraMinor === null) local.extraPhotoMinor = t('money.invalid');
    if (Number.isNaN(photoCount)) local.photosIncluded = t('priceList.wholeNumber');
    if (!sub.check(local)) return;
    const body: PriceItemInput = {
      kind: kind.value,
      name: name.value.trim(),
      priceMinor: priceMinor!,
      includes: includes.value.trim(),
      photosIncluded: photoCount,
      extraPhotoMinor: extraMinor,
    };
    if (await sub.run(() => api('POST', '/api/price-items', body))) {
      for (const v of [name, price, includes, photos, extra]) v.set('');
      p.onAdded();
    }
  };

  return html`<form onSubmit=${add} novalidate class="narrow-form price-item-form">
    <${SelectField} label=${t('priceList.kind')} value=${kind.value} options=${PRICE_KINDS.map((k) => ({ value: k, label: priceKindLabel(k) }))}
      onValue=${(v: string) => kind.set(v as PriceKind)} error=${errors.kind} />
    <${TextField} label=${t('priceList.name')} value=${name.value} onValue=${name.set} error=${errors.name} required />
    <${TextField} label=${t('priceList.price', { currency: p.currency })} value=${price.value} onValue=${price.set} error=${errors.priceMinor} inputMode="decimal" required />
    <${TextField} label=${t('priceList.includes')} hint=${t('priceList.includesHint')} value=${includes.value} onValue=${includes.set} error=${errors.includes} />
    <${TextField} label=${t('priceList.photosIncluded')} value=${photos.value} onValue=${photos.set} error=${errors.photosIncluded} inputMode="numeric" />
    <${TextField} label=${t('priceList.extraPhoto', { currency: p.currency })} value=${extra.value} onValue=${extra.set} error=${errors.extraPhotoMinor} inputMode="decimal" />
    ${sub.failure.value ? html`<${Banner} kind="error">${sub.failure.value}<//>` : null}
    <div class="actions"><button type="submit" disabled=${sub.busy.value}>${t('priceList.add')}</button></div>
  </form>`;
}

export function PriceList() {
  const me = useApp().me;
  const editable = can(me, 'settings', 'edit');
  const list = useValue<PriceItem[] | null>(null);
  const error = useValue<string | null>(null);

  const latest = useLatestOnly();
  const load = useCallback(
    () =>
      latest(
        api<PriceItem[]>('GET', '/api/price-items'),
        (items) => (list.set(items), error.set(null)),
        (err) => error.set(errorText(err)),
      ),
    [],
  );
  useEffect(() => void load(), [load]);
  useServerEvents(['priceList.changed', 'hello'], () => void load());

  const setActive = async (x: PriceItem, active: boolean) => {
    try {
      await api('PATCH', `/api/price-items/${x.id}`, { active });
      void load();
    } catch (err) {
      error.set(errorText(err));
    }
  };

  const items = list.value;
  return html`<section class="card price-list">
    <h2>${t('priceList.heading')}</h2>
    ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
    ${items && items.length
      ? html`<ul class="plain">
          ${items.map(
            (x) => html`<li key=${x.id} class=${x.active ? '' : 'muted'} data-price-item=${x.name}>
              <strong>${x.name}</strong> <small>${priceItemSummary(x)}${x.active ? '' : ` · ${t('priceList.retired')}`}</small>
              ${editable
                ? html` <button type="button" class="link-button" onClick=${() => setActive(x, !x.active)}>${x.active ? t('priceList.retire') : t('priceList.reactivate')}</button>`
                : null}
            </li>`,
          )}
        </ul>`
      : items ? html`<p class="empty">${t('priceList.none')}</p>` : null}
    ${editable ? html`<${AddItem} currency=${me.settings.currency} onAdded=${load} />` : null}
  </section>`;
}
