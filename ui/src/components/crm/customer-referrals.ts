// Referrals on the customer's page (C3): who brought this customer (set, changed or removed by
// finding the referrer), and the customers they brought.
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api, withQuery } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import type { Customer, CustomerPage, CustomerSummary, Referrals } from '../../contract';
import { t } from '../../i18n/catalog';
import { errorText } from '../../i18n/server-messages';
import { can } from '../../permissions';
import { useValue } from '../../use-value';
import { Banner, TextField } from '../fields';

export function CustomerReferrals(p: { customer: Customer }) {
  const me = useApp().me;
  const id = p.customer.id;
  const data = useValue<Referrals | null>(null);
  const error = useValue<string | null>(null);
  const picking = useValue(false);
  const q = useValue('');
  const found = useValue<CustomerSummary[] | null>(null);

  const load = useCallback(async () => {
    try {
      data.set(await api<Referrals>('GET', `/api/customers/${id}/referrals`));
      error.set(null);
    } catch (err) {
      error.set(errorText(err));
    }
  }, [id]);
  useEffect(() => void load(), [load]);
  useServerEvents(['customer.updated'], (e) => {
    if ((e.data as { id?: number } | null)?.id === id) void load();
  });

  const search = async (text: string) => {
    q.set(text);
    if (!text.trim()) return found.set(null);
    try {
      const page = await api<CustomerPage>('GET', withQuery('/api/customers', { q: text.trim(), limit: 8 }));
      found.set(page.items.filter((c) => c.id !== id));
    } catch (err) {
      error.set(errorText(err));
    }
  };
  const setReferrer = async (referrerId: number | null) => {
    try {
      data.set(await api<Referrals>('PUT', `/api/customers/${id}/referrer`, { referrerId }));
      picking.set(false);
      found.set(null);
      q.set('');
      error.set(null);
    } catch (err) {
      error.set(errorText(err));
    }
  };

  const r = data.value;
  const edit = can(me, 'customers', 'edit');
  return html`<section class="card referrals">
    <h2>${t('referrals.heading')}</h2>
    ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
    ${r === null
      ? html`<p>${t('app.loading')}</p>`
      : html`<dl>
            <div class="row">
              <dt>${t('referrals.referrer')}</dt>
              <dd class="referrer">
                ${r.referrer ? html`<a href=${`#/customers/${r.referrer.id}`}>${r.referrer.name} (${r.referrer.customerNo})</a>` : html`<span class="muted">${t('common.notSet')}</span>`}
                ${edit && !picking.value ? html` <button type="button" onClick=${() => picking.set(true)}>${r.referrer ? t('referrals.change') : t('referrals.set')}</button>` : null}
                ${edit && r.referrer && !picking.value ? html` <button type="button" onClick=${() => void setReferrer(null)}>${t('referrals.clear')}</button>` : null}
              </dd>
            </div>
            <div class="row">
              <dt>${t('referrals.brought', { count: String(r.referred.length) })}</dt>
              <dd>
                ${r.referred.length
                  ? html`<ul class="plain referred">${r.referred.map((c) => html`<li key=${c.id}><a href=${`#/customers/${c.id}`}>${c.name} (${c.customerNo})</a></li>`)}</ul>`
                  : html`<span class="muted">${t('referrals.noneBrought')}</span>`}
              </dd>
            </div>
          </dl>
          ${picking.value
            ? html`<div class="referrer-pick">
                <${TextField} type="search" label=${t('referrals.find')} value=${q.value} onValue=${(v: string) => void search(v)} autoFocus />
                ${found.value?.length === 0 ? html`<p class="muted">${t('referrals.noMatch')}</p>` : null}
                <ul class="plain">
                  ${(found.value ?? []).map((c) => html`<li key=${c.id}><button type="button" class="link" onClick=${() => void setReferrer(c.id)}>${c.name} (${c.customerNo})</button></li>`)}
                </ul>
                <button type="button" onClick=${() => (picking.set(false), found.set(null), q.set(''))}>${t('common.cancel')}</button>
              </div>`
            : null}`}
  </section>`;
}
