// Gifts for points (M2): the gift list with its stock in the settings, and redeeming a card's
// points for a gift on the customer's card (with the card's redemptions and their reversal).
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp } from '../../app-context';
import type { Gift, GiftRedemption, MemberCard } from '../../contract';
import { t } from '../../i18n/catalog';
import { formatDateTime } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { can } from '../../permissions';
import { useSubmission } from '../../use-submission';
import { useValue } from '../../use-value';
import { Banner, FormEnd, SelectField, TextField } from '../fields';
import { useReversal } from './ledger-reverse';

const count = (s: string, min: number): number | null => (/^\d{1,7}$/.test(s.trim()) && Number(s.trim()) >= min ? Number(s.trim()) : null);

function GiftRow(p: { gift: Gift; editable: boolean; onSaved(): void }) {
  const g = p.gift;
  const stock = useValue(String(g.stock));
  const price = useValue(String(g.pointsPrice));
  const sub = useSubmission();
  const patch = (body: object) => sub.run(() => api('PATCH', `/api/gifts/${g.id}`, body)).then((ok) => ok && p.onSaved());
  const save = () => {
    const s = count(stock.value, 0);
    const pr = count(price.value, 1);
    if (!sub.check({ ...(s === null ? { stock: t('gifts.countInvalid') } : {}), ...(pr === null ? { pointsPrice: t('gifts.countInvalid') } : {}) })) return;
    void patch({ stock: s, pointsPrice: pr });
  };
  return html`<tr class=${g.active ? '' : 'muted'} data-gift=${g.name}>
    <td>${g.name}${g.active ? null : html` <span class="tag">${t('gifts.retired')}</span>`}</td>
    <td><${TextField} label=${t('gifts.price')} value=${price.value} onValue=${price.set} error=${sub.errors.value.pointsPrice} inputMode="numeric" disabled=${!p.editable} /></td>
    <td><${TextField} label=${t('gifts.stock')} value=${stock.value} onValue=${stock.set} error=${sub.errors.value.stock} inputMode="numeric" disabled=${!p.editable} /></td>
    <td>
      ${p.editable
        ? html`<button type="button" class="link-button" onClick=${save}>${t('common.save')}</button>
            <button type="button" class="link-button" onClick=${() => void patch({ active: !g.active })}>${g.active ? t('gifts.retire') : t('gifts.offer')}</button>`
        : null}
      ${sub.failure.value ? html`<${Banner} kind="error">${sub.failure.value}<//>` : null}
    </td>
  </tr>`;
}

function AddGift(p: { onSaved(): void }) {
  const name = useValue('');
  const price = useValue('');
  const stock = useValue('');
  const sub = useSubmission();
  const errors = sub.errors.value;
  const save = async (e: Event) => {
    e.preventDefault();
    const pr = count(price.value, 1);
    const s = count(stock.value, 0);
    const local: Record<string, string> = {};
    if (!name.value.trim()) local.name = t('field.required');
    if (pr === null) local.pointsPrice = t('gifts.countInvalid');
    if (s === null) local.stock = t('gifts.countInvalid');
    if (!sub.check(local)) return;
    if (await sub.run(() => api('POST', '/api/gifts', { name: name.value.trim(), pointsPrice: pr, stock: s }))) {
      name.set('');
      price.set('');
      stock.set('');
      p.onSaved();
    }
  };
  return html`<form class="narrow-form add-gift" onSubmit=${save} novalidate>
    <${TextField} label=${t('gifts.name')} value=${name.value} onValue=${name.set} error=${errors.name} required />
    <${TextField} label=${t('gifts.price')} value=${price.value} onValue=${price.set} error=${errors.pointsPrice} inputMode="numeric" required />
    <${TextField} label=${t('gifts.stock')} value=${stock.value} onValue=${stock.set} error=${errors.stock} inputMode="numeric" required />
    <${FormEnd} failure=${sub.failure.value} busy=${sub.busy.value} label=${t('gifts.add')} />
  </form>`;
}

/** Settings → Gifts: the list with price and stock, retire/offer again, add one. */
export function GiftListCard() {
  const me = useApp().me;
  const editable = can(me, 'settings', 'edit');
  const gifts = useValue<Gift[] | null>(null);
  const error = useValue<string | null>(null);
  const load = useCallback(() => api<Gift[]>('GET', '/api/gifts').then(gifts.set, (err) => error.set(errorText(err))), []);
  useEffect(() => void load(), [load]);
  const list = gifts.value;
  return html`<section class="card gift-list">
    <h2>${t('gifts.heading')}</h2>
    ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
    ${list && !list.length ? html`<p class="empty">${t('gifts.none')}</p>` : null}
    ${list?.length
      ? html`<table class="gifts"><tbody>${list.map((g) => html`<${GiftRow} key=${`${g.id}-${g.updatedAt}`} gift=${g} editable=${editable} onSaved=${load} />`)}</tbody></table>`
      : null}
    ${editable ? html`<${AddGift} onSaved=${load} />` : null}
  </section>`;
}

/** On a member card: redeem its points for a gift, and the card's redemptions (reversible). */
export function GiftRedeem(p: { card: MemberCard; onChanged(): void; onError(err: unknown): void }) {
  const me = useApp().me;
  const tz = me.settings.timeZone;
  const gifts = useValue<Gift[] | null>(null);
  const done = useValue<GiftRedemption[]>([]);
  const giftId = useValue('');
  const qty = useValue('1');
  const sub = useSubmission();
  const load = useCallback(async () => {
    try {
      const [g, r] = await Promise.all([api<Gift[]>('GET', '/api/gifts?active=1'), api<GiftRedemption[]>('GET', `/api/member-cards/${p.card.id}/gift-redemptions?limit=20`)]);
      gifts.set(g);
      done.set(r);
      if (!giftId.value && g[0]) giftId.set(String(g[0].id));
    } catch (err) {
      p.onError(err);
    }
  }, [p.card.id]);
  useEffect(() => void load(), [load, p.card.points]);
  const reversal = useReversal({ onChanged: p.onChanged, onError: p.onError });

  const redeem = async (e: Event) => {
    e.preventDefault();
    const n = count(qty.value, 1);
    if (!sub.check({ ...(giftId.value ? {} : { giftId: t('field.required') }), ...(n === null ? { qty: t('gifts.countInvalid') } : {}) })) return;
    if (await sub.run(() => api('POST', `/api/member-cards/${p.card.id}/gift-redemptions`, { giftId: Number(giftId.value), qty: n }))) {
      qty.set('1');
      p.onChanged();
    }
  };
  const list = gifts.value;
  if (!list) return null;
  return html`<div class="gift-redeem">
    ${list.length
      ? html`<form class="narrow-form" onSubmit=${redeem} novalidate>
          <${SelectField} label=${t('gifts.gift')} value=${giftId.value} onValue=${giftId.set} error=${sub.errors.value.giftId}
            options=${list.map((g) => ({ value: String(g.id), label: t('gifts.option', { name: g.name, points: g.pointsPrice, stock: g.stock }) }))} />
          <${TextField} label=${t('gifts.qty')} value=${qty.value} onValue=${qty.set} error=${sub.errors.value.qty} inputMode="numeric" />
          <${FormEnd} failure=${sub.failure.value} busy=${sub.busy.value} label=${t('gifts.redeem')} />
        </form>`
      : html`<p class="empty">${t('gifts.none')}</p>`}
    ${done.value.length
      ? html`<ul class="plain redemptions">
          ${done.value.map(
            (r) => html`<li key=${r.id} class=${r.reverses !== null || r.reversedBy !== null ? 'muted' : ''}>
              ${formatDateTime(r.at, tz)} · ${t('gifts.line', { qty: r.qty, name: r.giftName, points: r.points })}
              ${r.reverses === null && r.reversedBy === null
                ? html` <button type="button" class="link-button" onClick=${() => reversal.ask(t('gifts.reverseWhy', { name: r.giftName }), `/api/gift-redemptions/${r.id}/reverse`)}>${t('payment.reverse')}</button>`
                : r.reversedBy !== null ? ` · ${t('payment.reversed')}` : ` · ${r.reason}`}
            </li>`,
          )}
        </ul>`
      : null}
    ${reversal.dialog}
  </div>`;
}
