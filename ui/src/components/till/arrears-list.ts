// The arrears (F1): every order with money owed, oldest debt first, with the customer, their
// phone and what is due; "Collect" opens the payment form on the row (the amount owed filled
// in). Follows payments and orders as they change, and re-reads on the stream's greeting.
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import type { Arrears, ArrearsRow, Order } from '../../contract';
import { t } from '../../i18n/catalog';
import { formatDateTime } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { formatMoney } from '../../money';
import { can } from '../../permissions';
import { useValue } from '../../use-value';
import { PaymentForm } from '../crm/customer-orders';
import { Banner } from '../fields';

function Row(p: { row: ArrearsRow; onChanged(): void; onError(e: unknown): void }) {
  const me = useApp().me;
  const r = p.row;
  const order = useValue<Order | null>(null);
  const collect = async () => {
    try {
      order.set(await api<Order>('GET', `/api/orders/${r.orderId}`));
    } catch (err) {
      p.onError(err);
    }
  };
  return html`<li class="arrears-row" data-order-no=${r.orderNo}>
    <div>
      <a href=${`#/customers/${r.customer.id}`}><strong>${r.customer.name}</strong></a> <small class="muted">${r.customer.customerNo}${r.phone ? ` · ${r.phone}` : ''}</small>
    </div>
    <div>
      <a href=${`#/bill/${r.orderId}`}>${r.orderNo}</a> · ${r.orderTitle} · <small>${t('arrears.ordered', { at: formatDateTime(r.orderedAt, me.settings.timeZone) })}</small>
      ${r.lastPaymentAt ? html` · <small>${t('arrears.lastPayment', { at: formatDateTime(r.lastPaymentAt, me.settings.timeZone) })}</small>` : null}
      ${r.lastReminder ? html` · <small class="last-reminder">${t('arrears.lastReminder', { at: formatDateTime(r.lastReminder.at, me.settings.timeZone) })}</small>` : null}
    </div>
    <div class="order-money">
      ${t('order.money', { total: formatMoney(r.totalMinor, r.currency), paid: formatMoney(r.paidMinor, r.currency) })}
      <strong class="due"> ${t('order.dueAmount', { amount: formatMoney(r.dueMinor, r.currency) })}</strong>
      ${can(me, 'finance', 'add') && !order.value ? html` <button type="button" class="primary" onClick=${collect}>${t('arrears.collect')}</button>` : null}
    </div>
    ${order.value ? html`<${PaymentForm} order=${order.value} onDone=${(saved: boolean) => (order.set(null), saved && p.onChanged())} />` : null}
  </li>`;
}

export function ArrearsList() {
  const data = useValue<Arrears | null>(null);
  const error = useValue<string | null>(null);
  const latest = useLatestOnly();
  const load = useCallback(() => latest(api<Arrears>('GET', '/api/arrears?limit=500'), (d) => (data.set(d), error.set(null)), (err) => error.set(errorText(err))), []);
  useEffect(() => void load(), [load]);
  useServerEvents(['hello', 'payment.changed', 'order.changed'], () => void load());

  const d = data.value;
  return html`<section class="card arrears">
    <h2>${t('arrears.heading')}</h2>
    ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
    ${d === null
      ? html`<p>${t('app.loading')}</p>`
      : d.rows.length === 0
        ? html`<p class="empty">${t('arrears.none')}</p>`
        : html`<p><strong class="due">${t('arrears.total', { amount: d.totals.map((x) => formatMoney(x.amountMinor, x.currency)).join(' + '), customers: d.customers })}</strong></p>
            <ul class="plain arrears-list">${d.rows.map((r) => html`<${Row} key=${r.orderId} row=${r} onChanged=${load} onError=${(e: unknown) => error.set(errorText(e))} />`)}</ul>
            ${d.more ? html`<p class="hint">${t('arrears.more')}</p>` : null}`}
  </section>`;
}
