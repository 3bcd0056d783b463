// The bill of one order (F1), at #/bill/<orderId>. Not billed yet: the bill editor (items from
// the price list, discounts within the user's limit, payments by several methods). Billed: the
// printable receipt and taking what is still owed. Follows the order's payments as they change.
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api, ApiFailure } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import { Banner } from '../../components/fields';
import { BillEditor } from '../../components/till/bill-editor';
import { PaymentForm } from '../../components/crm/customer-orders';
import { PrintableReceipt } from '../../components/till/receipt';
import type { Bill, Order, PriceItem } from '../../contract';
import { t } from '../../i18n/catalog';
import { errorText } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { formatMoney } from '../../money';
import { can } from '../../permissions';
import { useValue } from '../../use-value';

interface Loaded {
  order: Order;
  /** Null: not billed yet. */
  bill: Bill | null;
  items: PriceItem[];
}

async function read(orderId: number, mayBill: boolean): Promise<Loaded> {
  const order = await api<Order>('GET', `/api/orders/${orderId}`);
  let bill: Bill | null = null;
  try {
    bill = await api<Bill>('GET', `/api/orders/${orderId}/bill`);
  } catch (err) {
    if (!(err instanceof ApiFailure && err.status === 404)) throw err;
  }
  const items = !bill && mayBill ? await api<PriceItem[]>('GET', '/api/price-items?active=1') : [];
  return { order, bill, items };
}

export function BillPage(p: { orderId: number }) {
  const me = useApp().me;
  const mayBill = can(me, 'finance', 'add');
  const data = useValue<Loaded | null>(null);
  const error = useValue<string | null>(null);
  const paying = useValue(false);
  const latest = useLatestOnly();

  const load = useCallback(
    () => latest(read(p.orderId, mayBill), (d) => (data.set(d), error.set(null)), (err) => error.set(errorText(err))),
    [p.orderId, mayBill],
  );
  useEffect(() => void load(), [load]);
  useServerEvents(['hello', 'order.changed', 'payment.changed'], (e) => {
    const d = e.data as { orderId?: number; id?: number } | null;
    if (e.type === 'hello' || d?.orderId === p.orderId || d?.id === p.orderId) void load();
  });

  const d = data.value;
  if (!d) return error.value ? html`<${Banner} kind="error">${error.value}<//>` : html`<p>${t('app.loading')}</p>`;
  const o = d.order;
  return html`<section class="bill-page">
    <p class="no-print"><a href=${`#/customers/${o.customer.id}`}>← ${t('bill.back', { name: o.customer.name })}</a></p>
    <h1 class="no-print">${t('bill.title', { orderNo: o.orderNo })}</h1>
    ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
    ${d.bill
      ? html`${mayBill && d.bill.dueMinor > 0 && o.state !== 'cancelled'
            ? html`<div class="no-print card">
                <p><strong class="due">${t('order.dueAmount', { amount: formatMoney(d.bill.dueMinor, d.bill.currency) })}</strong></p>
                ${paying.value
                  ? html`<${PaymentForm} order=${o} onDone=${(saved: boolean) => (paying.set(false), saved && void load())} />`
                  : html`<button type="button" class="primary" onClick=${() => paying.set(true)}>${t('bill.takeRest')}</button>`}
              </div>`
            : null}
          <${PrintableReceipt} bill=${d.bill} studioName=${me.settings.studioName} timeZone=${me.settings.timeZone} defaultLanguage=${me.settings.language} />`
      : mayBill
        ? html`<${BillEditor} order=${o} items=${d.items} onSaved=${load} />`
        : html`<p class="empty">${t('bill.notBilled')}</p>`}
  </section>`;
}
