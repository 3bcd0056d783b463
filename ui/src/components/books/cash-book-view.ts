// The cash book (F2): a day's income and expenses that are not bills, by category and method,
// with "Record" (finance:add) and "Reverse" (finance:edit, with a reason); and the studio's
// income and expense categories, added and retired with settings:edit.
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import type { CashBookPage, CashEntry, CashEntryInput, MoneyCategory, MoneyCategoryKind } from '../../contract';
import { paymentMethodLabel } from '../../i18n/enum-labels';
import { formatDateTime } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { formatMoney, parseMoney } from '../../money';
import { can } from '../../permissions';
import { useSubmission } from '../../use-submission';
import { useValue } from '../../use-value';
import { Banner, FormEnd, SelectField, TextField } from '../fields';
import { useReversal } from '../till/ledger-reverse';
import { studioToday } from '../../studio-day';
import { t, type MessageKey } from '../../i18n/catalog';

const METHODS: CashEntryInput['method'][] = ['cash', 'card', 'wechat', 'alipay', 'bank', 'other'];
const KINDS: MoneyCategoryKind[] = ['expense', 'income'];

function EntryForm(p: { categories: MoneyCategory[]; day: string; onDone(): void }) {
  const me = useApp().me;
  const currency = me.settings.currency;
  const active = p.categories.filter((c) => c.active);
  const categoryId = useValue('');
  const amount = useValue('');
  const method = useValue<CashEntryInput['method']>('cash');
  const note = useValue('');
  const sub = useSubmission();
  if (!active.length) return html`<p class="muted">${t('books.entry.needCategory')}</p>`;
  const submit = async (e: Event) => {
    e.preventDefault();
    const minor = parseMoney(amount.value, currency);
    const local: Record<string, string> = {};
    if (!categoryId.value) local.categoryId = t('books.entry.pick');
    if (minor === null || minor <= 0) local.amountMinor = t('books.entry.amountInvalid');
    if (!sub.check(local)) return;
    const body: CashEntryInput = { categoryId: Number(categoryId.value), amountMinor: minor!, method: method.value, note: note.value.trim() };
    if (await sub.run(() => api('POST', '/api/cash-entries', body))) {
      amount.set('');
      note.set('');
      p.onDone();
    }
  };
  const options = [{ value: '', label: '—' }, ...active.map((c) => ({ value: String(c.id), label: `${t(`books.kind.${c.kind}` as MessageKey)} · ${c.name}` }))];
  return html`<form class="cash-entry-form" onSubmit=${submit} novalidate>
    <div class="row">
      <${SelectField} label=${t('books.entry.category')} value=${categoryId.value} options=${options} onValue=${categoryId.set} error=${sub.errors.value.categoryId} />
      <${TextField} label=${t('books.entry.amount', { currency })} value=${amount.value} onValue=${amount.set} inputMode="decimal" error=${sub.errors.value.amountMinor} />
      <${SelectField} label=${t('books.entry.method')} value=${method.value} options=${METHODS.map((m) => ({ value: m, label: paymentMethodLabel(m) }))} onValue=${(v: string) => method.set(v as CashEntryInput['method'])} />
    </div>
    <${TextField} label=${t('books.entry.note')} value=${note.value} onValue=${note.set} error=${sub.errors.value.note} />
    <${FormEnd} failure=${sub.failure.value} busy=${sub.busy.value} label=${t('books.entry.record')} />
  </form>`;
}

function Categories(p: { categories: MoneyCategory[]; onChanged(): void }) {
  const me = useApp().me;
  const kind = useValue<MoneyCategoryKind>('expense');
  const name = useValue('');
  const sub = useSubmission();
  const error = useValue<string | null>(null);
  const editable = can(me, 'settings', 'edit');
  const add = async (e: Event) => {
    e.preventDefault();
    if (await sub.run(() => api('POST', '/api/money-categories', { kind: kind.value, name: name.value.trim() }))) {
      name.set('');
      p.onChanged();
    }
  };
  const toggle = async (c: MoneyCategory) => {
    try {
      await api('PATCH', `/api/money-categories/${c.id}`, { active: !c.active });
      p.onChanged();
    } catch (err) {
      error.set(errorText(err));
    }
  };
  return html`<section class="card money-categories">
    <h2>${t('books.cat.heading')}</h2>
    ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
    ${p.categories.length
      ? html`<ul class="category-list">
          ${p.categories.map(
            (c) => html`<li key=${c.id} data-category=${c.name} class=${c.active ? '' : 'muted'}>
              ${t(`books.kind.${c.kind}` as MessageKey)} · ${c.name}${c.active ? '' : html` <small>(${t('books.cat.retired')})</small>`}
              ${editable ? html` <button type="button" onClick=${() => toggle(c)}>${c.active ? t('books.cat.retire') : t('books.cat.useAgain')}</button>` : null}
            </li>`,
          )}
        </ul>`
      : html`<p class="muted">${t('books.cat.none')}</p>`}
    ${editable
      ? html`<form class="category-form" onSubmit=${add} novalidate>
          <div class="row">
            <${SelectField} label=${t('books.cat.kind')} value=${kind.value} options=${KINDS.map((k) => ({ value: k, label: t(`books.kind.${k}` as MessageKey) }))} onValue=${(v: string) => kind.set(v as MoneyCategoryKind)} />
            <${TextField} label=${t('books.cat.name')} value=${name.value} onValue=${name.set} error=${sub.errors.value.name} />
          </div>
          <${FormEnd} failure=${sub.failure.value} busy=${sub.busy.value} label=${t('books.cat.add')} />
        </form>`
      : null}
  </section>`;
}

export function CashBookView() {
  const me = useApp().me;
  const tz = me.settings.timeZone;
  const day = useValue(studioToday(me));
  const categories = useValue<MoneyCategory[]>([]);
  const page = useValue<CashBookPage | null>(null);
  const error = useValue<string | null>(null);
  const latest = useLatestOnly();
  const load = useCallback(
    () =>
      latest(
        Promise.all([api<MoneyCategory[]>('GET', '/api/money-categories'), api<CashBookPage>('GET', `/api/cash-entries?day=${day.value}`)]),
        ([c, d]) => (categories.set(c), page.set(d), error.set(null)),
        (err) => error.set(errorText(err)),
      ),
    [day.value],
  );
  useEffect(() => void load(), [load]);
  useServerEvents(['hello', 'books.changed', 'closing.changed'], () => void load());
  const reversal = useReversal({ onChanged: () => void load(), onError: (err) => error.set(errorText(err)) });

  const entries = page.value?.entries ?? [];
  const row = (e: CashEntry) => html`<tr key=${e.id} data-entry=${e.id} class=${e.reversedBy ? 'muted' : ''}>
    <td>${t(`books.kind.${e.kind}` as MessageKey)}</td>
    <td>${e.categoryName}</td>
    <td>${paymentMethodLabel(e.method)}</td>
    <td class="num">${formatMoney(e.amountMinor, e.currency)}</td>
    <td>${e.note}</td>
    <td><small>${t('books.entry.by', { at: formatDateTime(e.at, tz), name: e.createdBy?.name ?? '' })}</small></td>
    <td>${e.reversedBy
      ? html`<small>${t('books.entry.reversed')}</small>`
      : e.kind !== 'reversal' && can(me, 'finance', 'edit')
        ? html`<button type="button" onClick=${() => reversal.ask(t('books.entry.reverseQuestion', { amount: formatMoney(Math.abs(e.amountMinor), e.currency), category: e.categoryName }), `/api/cash-entries/${e.id}/reverse`)}>${t('books.entry.reverse')}</button>`
        : null}</td>
  </tr>`;
  return html`<section class="card cash-book">
      <h2>${t('books.entry.heading')}</h2>
      <${TextField} type="date" label=${t('books.entry.day')} value=${day.value} onValue=${(v: string) => v && day.set(v)} />
      ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
      ${entries.length
        ? html`<table class="cash-entries"><tbody>${entries.map(row)}</tbody></table>`
        : html`<p class="muted">${t('books.entry.none')}</p>`}
      ${can(me, 'finance', 'add') ? html`<${EntryForm} categories=${categories.value} day=${day.value} onDone=${() => void load()} />` : null}
      ${reversal.dialog}
    </section>
    <${Categories} categories=${categories.value} onChanged=${() => void load()} />`;
}
