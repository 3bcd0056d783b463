// A customer's member cards (M1): issue one (typed, scanned or numbered by the box; attached
// to a main card), add or deduct points with a reason, the points history with reversals,
// and closing a card.
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import type { Customer, MemberCard, MemberCardType, PointsEntry } from '../../contract';
import { t } from '../../i18n/catalog';
import { formatDateTime } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { can } from '../../permissions';
import { useSubmission } from '../../use-submission';
import { useValue } from '../../use-value';
import { Banner, FormEnd, SelectField, TextField } from '../fields';
import { useReversal, type LedgerCallbacks } from '../till/ledger-reverse';
import { GiftRedeem } from '../till/gifts';
import { CardCodes } from '../ingest/card-codes';
import { StoredValue } from '../till/stored-value';

function IssueForm(p: { customerId: number; onDone(saved: boolean): void }) {
  const me = useApp().me;
  const types = useValue<MemberCardType[] | null>(null);
  const typeId = useValue('');
  const cardNo = useValue('');
  const mainNo = useValue('');
  const sub = useSubmission();
  const errors = sub.errors.value;

  useEffect(() => {
    void sub.run(async () => {
      const list = await api<MemberCardType[]>('GET', '/api/member-card-types');
      types.set(list);
      if (list[0]) typeId.set(String(list[0].id));
    });
  }, []);

  const save = async (e: Event) => {
    e.preventDefault();
    if (!sub.check(typeId.value ? {} : { typeId: t('field.required') })) return;
    const ok = await sub.run(
      async () => {
        let mainCardId: number | null = null;
        if (mainNo.value.trim()) mainCardId = (await api<MemberCard>('GET', `/api/member-cards/by-no/${encodeURIComponent(mainNo.value.trim())}`)).id;
        await api('POST', `/api/customers/${p.customerId}/member-cards`, { typeId: Number(typeId.value), cardNo: cardNo.value.trim() || undefined, mainCardId });
      },
      { mapFields: (f) => ({ ...f, mainNo: f.mainCardId ?? '' }) },
    );
    if (ok) p.onDone(true);
  };

  if (types.value && !types.value.length) {
    return html`<${Banner} kind="info">${t('member.noTypes')} ${can(me, 'settings', 'edit') ? html`<a href="#/settings">${t('settings.title')}</a>` : null}<//>`;
  }
  return html`<form class="card-form" onSubmit=${save} novalidate>
    <${SelectField} label=${t('member.type')} value=${typeId.value} options=${(types.value ?? []).map((x) => ({ value: String(x.id), label: x.name }))}
      onValue=${typeId.set} error=${errors.typeId} />
    <${TextField} label=${t('member.cardNo')} value=${cardNo.value} onValue=${cardNo.set} error=${errors.cardNo} hint=${t('member.cardNoHint')} autoFocus />
    <${TextField} label=${t('member.mainCardNo')} value=${mainNo.value} onValue=${mainNo.set} error=${errors.mainNo} hint=${t('member.mainCardHint')} />
    <${FormEnd} failure=${sub.failure.value} busy=${sub.busy.value || !types.value} label=${t('member.issue')} onCancel=${() => p.onDone(false)} />
  </form>`;
}

function PointsForm(p: { card: MemberCard; onDone(saved: boolean): void }) {
  const delta = useValue('');
  const reason = useValue('');
  const sub = useSubmission();
  const errors = sub.errors.value;

  const save = async (e: Event) => {
    e.preventDefault();
    const n = Number(delta.value.trim().replace(/^\+/, ''));
    const local: Record<string, string> = {};
    if (!Number.isSafeInteger(n) || n === 0) local.delta = t('member.pointsInvalid');
    if (!reason.value.trim()) local.reason = t('field.required');
    if (!sub.check(local)) return;
    const ok = await sub.run(() => api('POST', `/api/member-cards/${p.card.id}/points`, { delta: n, reason: reason.value.trim() }));
    if (ok) p.onDone(true);
  };

  return html`<form class="points-form" onSubmit=${save} novalidate>
    <${TextField} label=${t('member.delta')} value=${delta.value} onValue=${delta.set} error=${errors.delta} hint=${t('member.deltaHint')} inputMode="numeric" required autoFocus />
    <${TextField} label=${t('member.reason')} value=${reason.value} onValue=${reason.set} error=${errors.reason} required />
    <${FormEnd} failure=${sub.failure.value} busy=${sub.busy.value} label=${t('common.save')} onCancel=${() => p.onDone(false)} />
  </form>`;
}

function Ledger(p: { card: MemberCard } & LedgerCallbacks) {
  const me = useApp().me;
  const tz = me.settings.timeZone;
  const rows = useValue<PointsEntry[] | null>(null);
  const load = useCallback(async () => {
    try {
      rows.set(await api<PointsEntry[]>('GET', `/api/member-cards/${p.card.id}/points?limit=100`));
    } catch (err) {
      p.onError(err);
    }
  }, [p.card.id]);
  useEffect(() => void load(), [load, p.card.points]);

  const reversal = useReversal(p);
  const reverse = (e: PointsEntry) => reversal.ask(t('member.reverseWhy', { delta: e.delta, reason: e.reason }), `/api/points/${e.id}/reverse`);

  const list = rows.value;
  if (!list) return null;
  if (!list.length) return html`<p class="empty">${t('member.noPoints')}</p>`;
  return html`<table class="points">
    <tbody>
      ${list.map(
        (e) => html`<tr key=${e.id} class=${e.kind === 'reversal' || e.reversedBy ? 'muted' : ''}>
          <td>${formatDateTime(e.at, tz)}</td>
          <td class="num">${e.delta > 0 ? `+${e.delta}` : e.delta}</td>
          <td class="num">${e.balance}</td>
          <td><span class="pre">${e.reason}</span>${e.createdBy ? ` · ${e.createdBy.name}` : ''}</td>
          <td>${e.kind !== 'reversal' && !e.reversedBy && can(me, 'membership', 'edit')
            ? html`<button type="button" class="link-button" onClick=${() => reverse(e)}>${t('payment.reverse')}</button>`
            : e.reversedBy ? t('payment.reversed') : null}</td>
        </tr>`,
      )}
    </tbody>
  </table>
  ${reversal.dialog}`;
}

function CardItem(p: { card: MemberCard; onError(e: unknown): void; onChanged(): void }) {
  const me = useApp().me;
  const c = p.card;
  const mode = useValue<'' | 'points' | 'ledger' | 'gift'>('');
  const active = c.state === 'active';

  const close = async () => {
    if (!window.confirm(t('member.closeConfirm', { cardNo: c.cardNo }))) return;
    try {
      await api('POST', `/api/member-cards/${c.id}/close`);
      p.onChanged();
    } catch (err) {
      p.onError(err);
    }
  };

  return html`<li class=${`member-card card-${c.state}`} data-card-no=${c.cardNo}>
    <div>
      <strong>${c.type.name}</strong> <span class="card-no">${c.cardNo}</span>
      ${c.mainCard ? html` <small class="muted">${t('member.attachedTo', { cardNo: c.mainCard.cardNo })}</small>` : null}
      ${active ? null : html` <span class="tag">${t('member.closed')}</span>`}
    </div>
    ${active ? html`<${CardCodes} card=${c} />` : null}
    <div class="points-balance">${t('member.points', { points: c.points })}</div>
    <div class="actions">
      ${active && can(me, 'membership', 'edit') ? html`<button type="button" class="primary" onClick=${() => mode.set('points')}>${t('member.addPoints')}</button>` : null}
      ${active && can(me, 'membership', 'edit') ? html`<button type="button" class="link-button gift-button" aria-expanded=${mode.value === 'gift'} onClick=${() => mode.set(mode.value === 'gift' ? '' : 'gift')}>${t('gifts.redeemButton')}</button>` : null}
      <button type="button" class="link-button" aria-expanded=${mode.value === 'ledger'} onClick=${() => mode.set(mode.value === 'ledger' ? '' : 'ledger')}>${t('member.history')}</button>
      ${active && can(me, 'membership', 'edit') ? html`<button type="button" class="link-button" onClick=${close}>${t('member.close')}</button>` : null}
    </div>
    ${can(me, 'finance', 'view') ? html`<${StoredValue} card=${c} />` : null}
    ${mode.value === 'points' ? html`<${PointsForm} card=${c} onDone=${(saved: boolean) => (mode.set(saved ? 'ledger' : ''), saved && p.onChanged())} />` : null}
    ${mode.value === 'gift' ? html`<${GiftRedeem} card=${c} onError=${p.onError} onChanged=${p.onChanged} />` : null}
    ${mode.value === 'ledger' ? html`<${Ledger} card=${c} onError=${p.onError} onChanged=${p.onChanged} />` : null}
  </li>`;
}

export function CustomerCards(p: { customer: Customer }) {
  const me = useApp().me;
  const id = p.customer.id;
  const cards = useValue<MemberCard[] | null>(null);
  const error = useValue<string | null>(null);
  const adding = useValue(false);

  const load = useCallback(async () => {
    try {
      cards.set(await api<MemberCard[]>('GET', `/api/customers/${id}/member-cards`));
      error.set(null);
    } catch (err) {
      error.set(errorText(err));
    }
  }, [id]);
  useEffect(() => void load(), [load]);
  useServerEvents(['membership.changed'], (e) => {
    if ((e.data as { customerId?: number } | null)?.customerId === id) void load();
  });

  const list = cards.value;
  return html`<section class="card customer-cards">
    <div class="page-head">
      <h2>${t('member.heading')}</h2>
      ${can(me, 'membership', 'add') && !adding.value ? html`<button type="button" class="primary" onClick=${() => adding.set(true)}>${t('member.issue')}</button>` : null}
    </div>
    ${adding.value ? html`<${IssueForm} customerId=${id} onDone=${(saved: boolean) => (adding.set(false), saved && void load())} />` : null}
    ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
    ${list === null
      ? html`<p>${t('app.loading')}</p>`
      : list.length === 0
        ? html`<p class="empty">${t('member.none')}</p>`
        : html`<ul class="plain card-list">${list.map((c) => html`<${CardItem} key=${c.id} card=${c} onChanged=${load} onError=${(e: unknown) => error.set(errorText(e))} />`)}</ul>`}
  </section>`;
}
