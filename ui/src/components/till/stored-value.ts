// A member card's stored value (M3) on the customer's page: the balance, a top-up (with the
// studio's bonus rule, and the points it earns), and the statement, where a top-up taken by
// mistake is reversed with a reason (a spend is undone by reversing its payment).
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import { MONEY_METHODS, type MemberCard, type StoredValueEntry, type StoredValueStatement, type TopUpInput, type TopUpResult, type TransferCards, type TransferResult } from '../../contract';
import { t } from '../../i18n/catalog';
import { paymentMethodLabel } from '../../i18n/enum-labels';
import { formatDateTime } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { formatMoney, parseMoney } from '../../money';
import { can } from '../../permissions';
import { useSubmission } from '../../use-submission';
import { useValue } from '../../use-value';
import { Banner, FormEnd, SelectField, TextField } from '../fields';
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

// Stored value to or from the main card or an attached card (when the main card's type shares).
function TransferForm(p: { card: MemberCard; currency: string; onDone(result: TransferResult | null): void }) {
  const choices = useValue<TransferCards | null>(null);
  const other = useValue('');
  const direction = useValue<'give' | 'take'>('give');
  const amount = useValue('');
  const note = useValue('');
  const sub = useSubmission();
  useEffect(() => {
    void sub.run(async () => {
      const c = await api<TransferCards>('GET', `/api/member-cards/${p.card.id}/transfer-cards`);
      choices.set(c);
      if (c.cards[0]) other.set(String(c.cards[0].id));
    });
  }, [p.card.id]);
  const c = choices.value;
  if (c && (!c.sharing || !c.cards.length)) {
    return html`<div class="transfer-form"><${Banner} kind="info">${t(c.sharing ? 'till.noTransferCards' : 'till.noSharing')}<//>
      <div class="actions"><button type="button" onClick=${() => p.onDone(null)}>${t('common.cancel')}</button></div></div>`;
  }
  const save = async (e: Event) => {
    e.preventDefault();
    const amountMinor = parseMoney(amount.value, p.currency);
    if (!sub.check(amountMinor ? {} : { amountMinor: t('money.invalid') })) return;
    const [from, to] = direction.value === 'give' ? [p.card.id, Number(other.value)] : [Number(other.value), p.card.id];
    let result: TransferResult | null = null;
    const body = { toCardId: to, amountMinor: amountMinor!, note: note.value.trim() };
    if (await sub.run(async () => void (result = await api<TransferResult>('POST', `/api/member-cards/${from}/transfers`, body)))) p.onDone(result);
  };
  const money = (minor: number) => formatMoney(minor, p.currency);
  return html`<form class="transfer-form" onSubmit=${save} novalidate>
    <${SelectField} label=${t('till.transferWith')} value=${other.value} onValue=${other.set} error=${sub.errors.value.toCardId}
      options=${(c?.cards ?? []).map((x) => ({ value: String(x.id), label: `${x.cardNo} · ${x.customer.name} · ${money(x.balanceMinor)}`, raw: true }))} />
    <${SelectField} label=${t('till.transferDirection')} value=${direction.value} onValue=${(v: string) => direction.set(v as 'give' | 'take')}
      options=${[{ value: 'give', label: t('till.transferGive') }, { value: 'take', label: t('till.transferTake') }]} />
    <${TextField} label=${t('till.transferAmount', { currency: p.currency })} value=${amount.value} onValue=${amount.set} inputMode="decimal" error=${sub.errors.value.amountMinor} required />
    <${TextField} label=${t('till.transferNote')} value=${note.value} onValue=${note.set} error=${sub.errors.value.note} />
    <${FormEnd} failure=${sub.failure.value} busy=${sub.busy.value || !c} label=${t('till.transfer')} onCancel=${() => p.onDone(null)} />
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
  const open = useValue<'' | 'topup' | 'transfer' | 'statement'>('');
  const message = useValue<string | null>(null);
  const error = useValue<string | null>(null);
  const latest = useLatestOnly();
  const load = useCallback(
    () => latest(api<StoredValueStatement>('GET', `/api/member-cards/${p.card.id}/stored-value`), (d) => data.set(d), (err) => error.set(errorText(err))),
    [p.card.id],
  );
  // The card changes (a top-up, a spend, points) with every membership.changed the parent follows.
  useEffect(() => void load(), [load, p.card.points, p.card.updatedAt]);
  // A transfer or a top-up on another card of the customer changes nothing on this card's record.
  useServerEvents(['membership.changed'], (e) => {
    if ((e.data as { customerId?: number } | null)?.customerId === p.card.customer.id) void load();
  });
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
      ${p.card.state === 'active' && can(me, 'finance', 'add') && open.value !== 'transfer'
        ? html`<button type="button" onClick=${() => (open.set('transfer'), message.set(null))}>${t('till.transfer')}</button>`
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
    ${open.value === 'transfer'
      ? html`<${TransferForm} card=${p.card} currency=${d.currency} onDone=${(r: TransferResult | null) => {
          open.set('statement');
          if (!r) return open.set('');
          data.set(r.from.cardId === p.card.id ? r.from : r.to);
          message.set(t('till.transferred', { amount: formatMoney(r.in.amountMinor, d.currency), from: r.in.otherCard?.cardNo ?? '', to: r.out.otherCard?.cardNo ?? '' }));
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
                <td>${(e.kind === 'topup' || e.kind === 'transfer_out' || e.kind === 'transfer_in') && !e.reversedBy && can(me, 'finance', 'edit')
                  ? html`<button type="button" class="link-button" onClick=${() => reversal.ask(
                      e.kind === 'topup' ? t('till.reverseTopUp', { amount: formatMoney(e.amountMinor, e.currency) }) : t('till.reverseTransfer', { amount: formatMoney(Math.abs(e.amountMinor), e.currency) }),
                      `/api/stored-value/${e.id}/reverse`,
                    )}>${t('payment.reverse')}</button>`
                  : e.reversedBy ? t('payment.reversed') : null}</td>
              </tr>`,
            )}
          </tbody></table>`
        : html`<p class="empty">${t('till.noStoredValue')}</p>`
      : null}
    ${reversal.dialog}
  </div>`;
}
