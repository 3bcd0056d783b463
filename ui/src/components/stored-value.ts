// A member card's stored value (M3) on the customer's page: the balance, a top-up (with the
// studio's bonus rule, and the points it earns), and the statement, where a top-up taken by
// mistake is reversed with a reason (a spend is undone by reversing its payment).
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api } from '../api';
import { useApp } from '../app-context';
import { MONEY_METHODS, type MemberCard, type StoredValueEntry, type StoredValueStatement, type TopUpInput, type TopUpResult } from '../contract';
import { t } from '../i18n/catalog';
import { paymentMethodLabel } from '../i18n/enum-labels';
import { formatDateTime } from '../i18n/format';
import { errorText } from '../i18n/server-messages';
import { useLatestOnly } from '../latest-only';
import { formatMoney, parseMoney } from '../money';
import { can } from '../permissions';
import { useSubmission } from '../use-submission';
import { useValue } from '../use-value';
import { Banner, FormEnd, SelectField, TextField } from './fields';
import { useReversal } from './ledger-reverse';

function TopUpForm(p: { card: MemberCard; currency: string; onDone(result: TopUpResult | null): void }) {
  const amount = useValue('');
  const method = useValue<TopUpInput['method']>('cash');
  const sub = useSubmission();
  const save = async (e: Event) => {
    e.preventDefault();
    const amountMinor = parseMoney(amount.value, p.currency);
    if (!sub.check(amountMinor ? {} : { amountMinor: t('money.invalid') })) return;
    let result: TopUpResult | null = null;
    const body: TopUpInput = { amountMinor: amountMinor!, method: method.value };
    if (await sub.run(async () => void (result = await api<TopUpResult>('POST', `/api/member-cards/${p.card.id}/top-ups`, body)))) p.onDone(result);
  };
  return html`<form class="top-up-form" onSubmit=${save} novalidate>
    <${TextField} label=${t('till.topUpAmount', { currency: p.currency })} value=${amount.value} onValue=${amount.set} inputMode="decimal" error=${sub.errors.value.amountMinor} required autoFocus />
    <${SelectField} label=${t('payment.method')} value=${method.value} options=${MONEY_METHODS.map((m) => ({ value: m, label: paymentMethodLabel(m) }))}
      onValue=${(v: string) => method.set(v as TopUpInput['method'])} />
    <${FormEnd} failure=${sub.failure.value} busy=${sub.busy.value} label=${t('till.topUp')} onCancel=${() => p.onDone(null)} />
  </form>`;
}

const kindLabel = (e: StoredValueEntry) =>
  e.kind === 'topup' && e.method ? `${t('till.kind.topup')} · ${paymentMethodLabel(e.method)}`
  : e.otherCard ? `${t(`till.kind.${e.kind}`)} ${e.otherCard.cardNo}`
  : t(`till.kind.${e.kind}`);

export function StoredValue(p: { card: MemberCard }) {
  const me = useApp().me;
  const tz = me.settings.timeZone;
  const data = useValue<StoredValueStatement | null>(null);
  const open = useValue<'' | 'topup' | 'statement'>('');
  const message = useValue<string | null>(null);
  const error = useValue<string | null>(null);
  const latest = useLatestOnly();
  const load = useCallback(
    () => latest(api<StoredValueStatement>('GET', `/api/member-cards/${p.card.id}/stored-value`), (d) => data.set(d), (err) => error.set(errorText(err))),
    [p.card.id],
  );
  // The card changes (a top-up, a spend, points) with every membership.changed the parent follows.
  useEffect(() => void load(), [load, p.card.points, p.card.updatedAt]);
  const reversal = useReversal({ onChanged: () => void load(), onError: (err: unknown) => error.set(errorText(err)) });

  const d = data.value;
  if (!d) return error.value ? html`<${Banner} kind="error">${error.value}<//>` : null;
  return html`<div class="stored-value">
    <div class="stored-balance">${t('till.balance', { amount: formatMoney(d.balanceMinor, d.currency) })}</div>
    ${message.value ? html`<${Banner} kind="ok">${message.value}<//>` : null}
    ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
    <div class="actions">
      ${p.card.state === 'active' && can(me, 'finance', 'add') && open.value !== 'topup'
        ? html`<button type="button" onClick=${() => (open.set('topup'), message.set(null))}>${t('till.topUp')}</button>`
        : null}
      <button type="button" class="link-button" aria-expanded=${open.value === 'statement'} onClick=${() => open.set(open.value === 'statement' ? '' : 'statement')}>${t('till.statement')}</button>
    </div>
    ${open.value === 'topup'
      ? html`<${TopUpForm} card=${p.card} currency=${d.currency} onDone=${(r: TopUpResult | null) => {
          open.set('');
          if (!r) return;
          data.set(r.statement);
          message.set(t('till.toppedUp', { amount: formatMoney(r.topUp.amountMinor, d.currency), bonus: formatMoney(r.bonus?.amountMinor ?? 0, d.currency), points: r.points?.points ?? 0 }));
        }} />`
      : null}
    ${open.value === 'statement'
      ? d.entries.length
        ? html`<table class="stored-statement"><tbody>
            ${d.entries.map(
              (e) => html`<tr key=${e.id} class=${e.kind === 'reversal' || e.reversedBy ? 'muted' : ''}>
                <td>${formatDateTime(e.at, tz)}</td>
                <td>${kindLabel(e)}${e.orderNo ? ` · ${e.orderNo}` : ''}</td>
                <td class="num">${formatMoney(e.amountMinor, e.currency)}</td>
                <td class="num">${formatMoney(e.balanceMinor, e.currency)}</td>
                <td>${e.kind === 'topup' && !e.reversedBy && can(me, 'finance', 'edit')
                  ? html`<button type="button" class="link-button" onClick=${() => reversal.ask(t('till.reverseTopUp', { amount: formatMoney(e.amountMinor, e.currency) }), `/api/stored-value/${e.id}/reverse`)}>${t('payment.reverse')}</button>`
                  : e.reversedBy ? t('payment.reversed') : null}</td>
              </tr>`,
            )}
          </tbody></table>`
        : html`<p class="empty">${t('till.noStoredValue')}</p>`
      : null}
    ${reversal.dialog}
  </div>`;
}
