// A statement (F2): the period (day, month, quarter, year) holding a date, in the studio's zone:
// income by category and method, expenses by category, net, cash flow per money method,
// deposits held and discounts by user; "Export to Excel" with the print right.
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import type { Statement, StatementPeriod } from '../../contract';
import { paymentMethodLabel } from '../../i18n/enum-labels';
import { errorText } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { formatMoney } from '../../money';
import { useValue } from '../../use-value';
import { ExportLink } from '../export-link';
import { Banner, SelectField, TextField } from '../fields';
import { studioToday } from '../../studio-day';
import { t, type MessageKey } from '../../i18n/catalog';

const PERIODS: StatementPeriod[] = ['day', 'month', 'quarter', 'year'];

export function StatementView() {
  const me = useApp().me;
  const period = useValue<StatementPeriod>('month');
  const date = useValue(studioToday(me));
  const data = useValue<Statement | null>(null);
  const error = useValue<string | null>(null);
  const latest = useLatestOnly();
  const load = useCallback(
    () => latest(api<Statement>('GET', `/api/statements?period=${period.value}&date=${date.value}`), (d) => (data.set(d), error.set(null)), (err) => error.set(errorText(err))),
    [period.value, date.value],
  );
  useEffect(() => void load(), [load]);
  useServerEvents(['hello', 'payment.changed', 'membership.changed', 'books.changed', 'closing.changed', 'order.changed'], () => void load());

  const s = data.value;
  const money = (m: number) => formatMoney(m, s?.currency ?? me.settings.currency);
  return html`<section class="card statement">
    <h2>${t('books.st.heading')}</h2>
    <div class="row">
      <${SelectField} label=${t('books.st.period')} value=${period.value} options=${PERIODS.map((p) => ({ value: p, label: t(`books.period.${p}` as MessageKey) }))} onValue=${(v: string) => period.set(v as StatementPeriod)} />
      <${TextField} type="date" label=${t('books.st.date')} value=${date.value} onValue=${(v: string) => v && date.set(v)} />
    </div>
    ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
    ${s
      ? html`<p class="statement-range">${t('books.st.range', { first: s.firstDay, last: s.lastDay })}</p>
          <${ExportLink} feature="finance" path="/api/exports/statement" query=${{ period: s.period, date: date.value }} />
          <h3>${t('books.st.income')}</h3>
          <table class="statement-income">
            <thead><tr><th>${t('books.st.category')}</th><th>${t('books.st.method')}</th><th class="num">${t('books.st.amount')}</th></tr></thead>
            <tbody>
              ${s.income.map((i) => html`<tr key=${`${i.categoryId}-${i.method}`}><td>${i.categoryId === null ? t('books.st.orders') : i.categoryName}</td><td>${paymentMethodLabel(i.method)}</td><td class="num">${money(i.amountMinor)}</td></tr>`)}
              <tr class="total"><th colspan="2">${t('books.st.total')}</th><td class="num" data-total="income">${money(s.incomeMinor)}</td></tr>
            </tbody>
          </table>
          <h3>${t('books.st.expenses')}</h3>
          <table class="statement-expenses">
            <tbody>
              ${s.expenses.map((e) => html`<tr key=${e.categoryId}><td>${e.categoryName}</td><td class="num">${money(e.amountMinor)}</td></tr>`)}
              <tr class="total"><th>${t('books.st.total')}</th><td class="num" data-total="expenses">${money(s.expensesMinor)}</td></tr>
            </tbody>
          </table>
          <p class="statement-net"><strong>${t('books.st.net')}: <span data-total="net">${money(s.netMinor)}</span></strong></p>
          <p class="hint">${t('books.st.topUpsNote')}</p>
          <h3>${t('books.st.cashFlow')}</h3>
          <table class="statement-cash-flow">
            <thead><tr><th>${t('books.st.method')}</th><th class="num">${t('books.st.opening')}</th><th class="num">${t('books.st.in')}</th><th class="num">${t('books.st.out')}</th><th class="num">${t('books.st.closing')}</th></tr></thead>
            <tbody>
              ${s.cashFlow.map((c) => html`<tr key=${c.method} data-method=${c.method}><td>${paymentMethodLabel(c.method)}</td><td class="num">${money(c.openingMinor)}</td><td class="num">${money(c.inMinor)}</td><td class="num">${money(c.outMinor)}</td><td class="num">${money(c.closingMinor)}</td></tr>`)}
            </tbody>
          </table>
          <h3>${t('books.st.deposits')}</h3>
          <p class="statement-deposits">${t('books.st.depositsText', { amount: money(s.depositsHeld.amountMinor), count: s.depositsHeld.orders })}</p>
          <h3>${t('books.st.discounts')}</h3>
          ${s.discounts.length
            ? html`<table class="statement-discounts">
                <thead><tr><th>${t('books.st.user')}</th><th class="num">${t('books.st.bills')}</th><th class="num">${t('books.st.gross')}</th><th class="num">${t('books.st.discount')}</th></tr></thead>
                <tbody>
                  ${s.discounts.map((d) => html`<tr key=${d.user?.id ?? 0}><td>${d.user?.name ?? t('books.st.unknownUser')}</td><td class="num">${d.bills}</td><td class="num">${money(d.grossMinor)}</td><td class="num">${money(d.discountMinor)}</td></tr>`)}
                </tbody>
              </table>`
            : html`<p class="muted">${t('books.st.nothing')}</p>`}`
      : null}
  </section>`;
}
