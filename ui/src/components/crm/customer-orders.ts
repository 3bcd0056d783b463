// A customer's orders (O1) with what is paid on each (F1): the new-order form, the workflow
// moves, taking a payment (a deposit or the rest) and undoing one by a reversal line.
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import { CARD_METHODS, ORDER_STATES, PAYMENT_METHODS, type PaymentInput, type Customer, type CustomerOrders as Orders, type Order, type OrderCreateInput, type OrderState, type Payment, type PaymentMethod } from '../../contract';
import { t } from '../../i18n/catalog';
import { orderStateLabel, paymentMethodLabel } from '../../i18n/enum-labels';
import { formatDateTime, fromZonedInput, toZonedInput } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { formatMoney, moneyInput, parseMoney } from '../../money';
import { can } from '../../permissions';
import { useSubmission } from '../../use-submission';
import { useValue } from '../../use-value';
import { Banner, FormEnd, SelectField, TextField } from '../fields';
import { useReversal, type LedgerCallbacks } from '../till/ledger-reverse';
import { CardPick } from '../ingest/card-pick';

/** The next step of the workflow, for the one-click "advance" (none after delivery or when cancelled). */
function nextState(s: OrderState): OrderState | null {
  if (s === 'delivered' || s === 'cancelled') return null;
  return ORDER_STATES[ORDER_STATES.indexOf(s) + 1] ?? null;
}

function OrderForm(p: { customerId: number; order: Order | null; currency: string; onDone(saved: boolean): void }) {
  const tz = useApp().me.settings.timeZone;
  const o = p.order;
  const title = useValue(o?.title ?? '');
  const total = useValue(o ? moneyInput(o.totalMinor, o.currency) : '');
  const serviceAt = useValue(toZonedInput(o?.serviceAt, tz));
  const sampleAt = useValue(toZonedInput(o?.sampleAt, tz));
  const staff = useValue(o?.staff ?? '');
  const note = useValue(o?.note ?? '');
  const sub = useSubmission();
  const errors = sub.errors.value;
  const currency = o?.currency ?? p.currency;

  const save = async (e: Event) => {
    e.preventDefault();
    const totalMinor = parseMoney(total.value, currency);
    const local: Record<string, string> = {};
    if (!title.value.trim()) local.title = t('field.required');
    if (totalMinor === null) local.totalMinor = t('money.invalid');
    if (!sub.check(local)) return;
    const body: OrderCreateInput = {
      title: title.value.trim(),
      totalMinor: totalMinor!,
      serviceAt: serviceAt.value ? fromZonedInput(serviceAt.value, tz) : null,
      sampleAt: sampleAt.value ? fromZonedInput(sampleAt.value, tz) : null,
      staff: staff.value.trim(),
      note: note.value.trim(),
    };
    const ok = await sub.run(() => (o ? api('PATCH', `/api/orders/${o.id}`, body) : api('POST', `/api/customers/${p.customerId}/orders`, body)));
    if (ok) p.onDone(true);
  };

  return html`<form class="order-form" onSubmit=${save} novalidate>
    <${TextField} label=${t('order.title')} value=${title.value} onValue=${title.set} error=${errors.title} required autoFocus />
    <${TextField} label=${t('order.total', { currency })} value=${total.value} onValue=${total.set} error=${errors.totalMinor} inputMode="decimal" required />
    <${TextField} type="datetime-local" label=${t('order.serviceAt')} value=${serviceAt.value} onValue=${serviceAt.set} error=${errors.serviceAt} />
    <${TextField} type="datetime-local" label=${t('order.sampleAt')} value=${sampleAt.value} onValue=${sampleAt.set} error=${errors.sampleAt} />
    <${TextField} label=${t('order.staff')} value=${staff.value} onValue=${staff.set} error=${errors.staff} />
    <${TextField} multiline label=${t('order.note')} value=${note.value} onValue=${note.set} error=${errors.note} />
    <${FormEnd} failure=${sub.failure.value} busy=${sub.busy.value} label=${t('common.save')} onCancel=${() => p.onDone(false)} />
  </form>`;
}

export function PaymentForm(p: { order: Order; onDone(saved: boolean): void }) {
  const o = p.order;
  const due = o.dueMinor ?? 0;
  const amount = useValue(moneyInput(due, o.currency));
  const method = useValue<PaymentMethod>('cash');
  const cardId = useValue('');
  const note = useValue('');
  const sub = useSubmission();
  const errors = sub.errors.value;
  const byCard = (CARD_METHODS as readonly string[]).includes(method.value);

  const save = async (e: Event) => {
    e.preventDefault();
    const amountMinor = parseMoney(amount.value, o.currency);
    const local: Record<string, string> = amountMinor ? {} : { amountMinor: t('money.invalid') };
    if (byCard && !cardId.value) local.cardId = t('till.pickCard');
    if (!sub.check(local)) return;
    const body: PaymentInput = { amountMinor: amountMinor!, method: method.value, note: note.value.trim(), ...(byCard ? { cardId: Number(cardId.value) } : {}) };
    const ok = await sub.run(() => api('POST', `/api/orders/${o.id}/payments`, body));
    if (ok) p.onDone(true);
  };

  return html`<form class="payment-form" onSubmit=${save} novalidate>
    <${TextField} label=${t('payment.amount', { currency: o.currency })} value=${amount.value} onValue=${amount.set} error=${errors.amountMinor} inputMode="decimal" required autoFocus
      hint=${t('payment.due', { amount: formatMoney(due, o.currency) })} />
    <${SelectField} label=${t('payment.method')} value=${method.value} options=${PAYMENT_METHODS.map((m) => ({ value: m, label: paymentMethodLabel(m) }))}
      onValue=${(v: string) => method.set(v as PaymentMethod)} error=${errors.method} />
    ${byCard ? html`<${CardPick} customerId=${o.customer.id} value=${cardId.value} onValue=${cardId.set} error=${errors.cardId} />` : null}
    <${TextField} label=${t('payment.note')} value=${note.value} onValue=${note.set} error=${errors.note} />
    <${FormEnd} failure=${sub.failure.value} busy=${sub.busy.value} label=${t('payment.take')} onCancel=${() => p.onDone(false)} />
  </form>`;
}

function Payments(p: { order: Order } & LedgerCallbacks) {
  const me = useApp().me;
  const tz = me.settings.timeZone;
  const list = useValue<Payment[] | null>(null);
  const load = useCallback(async () => {
    try {
      list.set(await api<Payment[]>('GET', `/api/orders/${p.order.id}/payments`));
    } catch (err) {
      p.onError(err);
    }
  }, [p.order.id]);
  // The order changes with every payment: reload with it.
  useEffect(() => void load(), [load, p.order.paidMinor]);

  const reversal = useReversal(p);
  const reverse = (pay: Payment) => reversal.ask(t('payment.reverseWhy', { amount: formatMoney(pay.amountMinor, pay.currency) }), `/api/payments/${pay.id}/reverse`);

  const rows = list.value;
  if (!rows) return null;
  if (!rows.length) return html`<p class="empty">${t('payment.none')}</p>`;
  return html`<table class="payments">
    <tbody>
      ${rows.map(
        (r) => html`<tr key=${r.id} class=${r.kind === 'reversal' || r.reversedBy ? 'muted' : ''}>
          <td>${formatDateTime(r.at, tz)}</td>
          <td>${r.kind === 'reversal' ? t('payment.reversal') : paymentMethodLabel(r.method)}</td>
          <td class="num">${formatMoney(r.amountMinor, r.currency)}</td>
          <td>${r.createdBy?.name ?? ''}${r.note ? html` · <span class="pre">${r.note}</span>` : null}</td>
          <td>${r.kind === 'payment' && !r.reversedBy && can(me, 'finance', 'edit')
            ? html`<button type="button" class="link-button" onClick=${() => reverse(r)}>${t('payment.reverse')}</button>`
            : r.reversedBy ? t('payment.reversed') : null}</td>
        </tr>`,
      )}
    </tbody>
  </table>
  ${reversal.dialog}`;
}

function OrderItem(p: { order: Order; onError(e: unknown): void; onChanged(): void }) {
  const me = useApp().me;
  const tz = me.settings.timeZone;
  const o = p.order;
  const mode = useValue<'' | 'edit' | 'pay' | 'payments'>('');
  const next = nextState(o.state);
  const open = o.state !== 'cancelled';
  // Null for a user without finance:view: then no money but the price is shown.
  const due = o.dueMinor ?? 0;

  const move = async (state: OrderState, question?: string) => {
    if (question && !window.confirm(question)) return;
    try {
      await api('POST', `/api/orders/${o.id}/state`, { state });
      p.onChanged();
    } catch (err) {
      p.onError(err);
    }
  };

  return html`<li class=${`order order-${o.state}`} data-order-no=${o.orderNo}>
    <div class="order-head">
      <strong>${o.title}</strong> <small class="muted">${o.orderNo}</small>
      <span class=${`tag order-state state-${o.state}`}>${orderStateLabel(o.state)}</span>
    </div>
    <div class="muted">
      ${[o.serviceAt ? t('order.serviceOn', { at: formatDateTime(o.serviceAt, tz) }) : '', o.staff, o.note].filter(Boolean).join(' · ')}
    </div>
    <div class="order-money">
      ${o.paidMinor === null
        ? t('order.price', { total: formatMoney(o.totalMinor, o.currency) })
        : t('order.money', { total: formatMoney(o.totalMinor, o.currency), paid: formatMoney(o.paidMinor, o.currency) })}
      ${due > 0 ? html` <strong class="due">${t('order.dueAmount', { amount: formatMoney(due, o.currency) })}</strong>` : null}
    </div>
    ${mode.value === 'edit' || mode.value === 'pay' ? null : html`<div class="actions">
      ${can(me, 'orders', 'edit') && next ? html`<button type="button" onClick=${() => move(next)}>${t('order.advance', { state: orderStateLabel(next) })}</button>` : null}
      ${can(me, 'finance', 'add') && open && due > 0 ? html`<button type="button" class="primary" onClick=${() => mode.set('pay')}>${t('payment.take')}</button>` : null}
      ${can(me, 'finance', 'view') && (open || o.totalMinor > 0) ? html`<a class="link-button" href=${`#/bill/${o.id}`}>${t('bill.open')}</a>` : null}
      ${can(me, 'photos', 'view') && open ? html`<a class="link-button" href=${`#/selection/${o.id}`}>${t('selection.open')}</a>` : null}
      ${can(me, 'finance', 'view') ? html`<button type="button" class="link-button" aria-expanded=${mode.value === 'payments'} onClick=${() => mode.set(mode.value === 'payments' ? '' : 'payments')}>${t('payment.list')}</button>` : null}
      ${can(me, 'orders', 'edit') && open ? html`<button type="button" class="link-button" onClick=${() => mode.set('edit')}>${t('common.edit')}</button>` : null}
      ${can(me, 'orders', 'edit')
        ? html`<${SelectField} class="inline" label=${t('order.state')} value=${o.state}
            options=${ORDER_STATES.map((s) => ({ value: s, label: orderStateLabel(s) }))}
            onValue=${(v: string) => move(v as OrderState, v === 'cancelled' ? t('order.cancelConfirm', { title: o.title }) : undefined)} />`
        : null}
    </div>`}
    ${mode.value === 'edit' ? html`<${OrderForm} customerId=${o.customer.id} order=${o} currency=${o.currency} onDone=${(saved: boolean) => (mode.set(''), saved && p.onChanged())} />` : null}
    ${mode.value === 'pay' ? html`<${PaymentForm} order=${o} onDone=${(saved: boolean) => (mode.set(saved ? 'payments' : ''), saved && p.onChanged())} />` : null}
    ${mode.value === 'payments' ? html`<${Payments} order=${o} onError=${p.onError} onChanged=${p.onChanged} />` : null}
  </li>`;
}

export function CustomerOrders(p: { customer: Customer }) {
  const me = useApp().me;
  const id = p.customer.id;
  const data = useValue<Orders | null>(null);
  const error = useValue<string | null>(null);
  const adding = useValue(false);

  const load = useCallback(async () => {
    try {
      data.set(await api<Orders>('GET', `/api/customers/${id}/orders`));
      error.set(null);
    } catch (err) {
      error.set(errorText(err));
    }
  }, [id]);
  useEffect(() => void load(), [load]);
  useServerEvents(['order.changed', 'payment.changed'], (e) => {
    if ((e.data as { customerId?: number } | null)?.customerId === id) void load();
  });

  const d = data.value;
  const owed = d?.unpaid.filter((u) => u.amountMinor > 0) ?? [];
  return html`<section class="card customer-orders">
    <div class="page-head">
      <h2>${t('order.heading')}</h2>
      ${owed.length ? html`<strong class="due">${t('order.owes', { amount: owed.map((u) => formatMoney(u.amountMinor, u.currency)).join(' + ') })}</strong>` : null}
      ${can(me, 'orders', 'add') && !adding.value ? html`<button type="button" class="primary" onClick=${() => adding.set(true)}>${t('order.new')}</button>` : null}
    </div>
    ${adding.value ? html`<${OrderForm} customerId=${id} order=${null} currency=${me.settings.currency} onDone=${(saved: boolean) => (adding.set(false), saved && void load())} />` : null}
    ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
    ${d === null
      ? html`<p>${t('app.loading')}</p>`
      : d.orders.length === 0
        ? html`<p class="empty">${t('order.none')}</p>`
        : html`<ul class="plain order-list">${d.orders.map((o) => html`<${OrderItem} key=${o.id} order=${o} onChanged=${load} onError=${(e: unknown) => error.set(errorText(e))} />`)}</ul>`}
  </section>`;
}
