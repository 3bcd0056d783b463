// Customer search (C1): type a name (Chinese, Vietnamese with or without accents, Latin),
// any part of a phone number, a customer number or a member card number; results follow as
// you type. Scan reads a member card with the camera and opens its holder (its code is fetched
// only when pressed). The list refreshes by itself when a customer is changed on another
// screen (server events).
import { html } from 'htm/preact';
import { useCallback, useEffect, useRef } from 'preact/hooks';
import { useValue } from '../../use-value';
import { api, withQuery } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import { ExportLink } from '../../components/export-link';
import { Banner, SelectField, TextField } from '../../components/fields';
import { useDebounced } from '../../components/use-debounced';
import { CUSTOMER_PAGE_MAX, STAGES, type CustomerPage, type CustomerSummary, type Stage } from '../../contract';
import { t } from '../../i18n/catalog';
import { stageLabel } from '../../i18n/enum-labels';
import { errorText } from '../../i18n/server-messages';
import { lazy } from '../../lazy';
import { can } from '../../permissions';

const CardScan = lazy(() => import('../../components/ingest/card-scan').then((m) => m.CardScanDialog));

const PAGE = 50;
const QUERY_KEY = 'studio-box.customer-search';

/** What the customer list searches for when it opens next (the home page's search box). */
export function rememberSearch(q: string): void {
  try {
    sessionStorage.setItem(QUERY_KEY, q);
  } catch {
    // No session storage: the list opens with an empty search.
  }
}

function savedQuery(): string {
  try {
    return sessionStorage.getItem(QUERY_KEY) ?? '';
  } catch {
    return '';
  }
}

export function CustomersPage() {
  const me = useApp().me;
  const q = useValue(savedQuery);
  const stage = useValue<Stage | ''>('');
  const query = useDebounced(q.value.trim(), 150);
  const items = useValue<CustomerSummary[] | null>(null);
  const more = useValue(false);
  const error = useValue<unknown>(null);
  const scanning = useValue(false);
  // Answers can arrive out of order while typing: only the latest request may show.
  const latest = useRef(0);

  // Loads `want` rows from `offset` on. The route answers at most CUSTOMER_PAGE_MAX rows at a
  // time, so a refresh of a longer list (shown after several "show more") asks page by page
  // and replaces the list only once every page has come.
  const load = useCallback(
    async (offset: number, want = PAGE) => {
      const ticket = ++latest.current;
      try {
        const got: CustomerSummary[] = [];
        let hasMore = true;
        while (hasMore && got.length < want) {
          const limit = Math.min(CUSTOMER_PAGE_MAX, want - got.length);
          const page = await api<CustomerPage>('GET', withQuery('/api/customers', { q: query, limit, offset: offset + got.length, stage: stage.value }));
          if (ticket !== latest.current) return;
          got.push(...page.items);
          hasMore = page.more && page.items.length > 0;
        }
        items.set((prev) => (offset === 0 ? got : [...(prev ?? []), ...got]));
        more.set(hasMore);
        error.set(null);
      } catch (err) {
        if (ticket === latest.current) error.set(err);
      }
    },
    [query, stage.value],
  );

  useEffect(() => {
    rememberSearch(query);
    void load(0);
  }, [load, query, stage.value]);

  // Re-run the search over as many rows as are shown, so the list keeps its length.
  const shown = items.value?.length ?? 0;
  useServerEvents(['hello', 'customer.created', 'customer.updated', 'customer.deleted'], () => void load(0, Math.max(PAGE, shown)));

  return html`<section>
    <div class="page-head">
      <h1>${t('customers.title')}</h1>
      ${can(me, 'customers', 'add')
        ? html`<span class="head-actions">
            <a class="button" href="#/customers/import">${t('import.open')}</a>
            <a class="button primary" href="#/customers/new">${t('customers.new')}</a>
          </span>`
        : null}
    </div>
    <${TextField} type="search" label=${t('customers.search')} value=${q.value} onValue=${q.set} hint=${t('customers.searchHint')} autoFocus class="search" />
    ${can(me, 'membership', 'view') ? html`<div class="actions"><button type="button" class="scan-button" onClick=${() => scanning.set(true)}>${t('scan.button')}</button></div>` : null}
    ${scanning.value ? html`<${CardScan} onClose=${() => scanning.set(false)} />` : null}
    <${SelectField}
      label=${t('stages.listFilter')}
      value=${stage.value}
      options=${[{ value: '', label: t('stages.filter.any') }, ...STAGES.map((s) => ({ value: s, label: stageLabel(s) }))]}
      onValue=${(v: string) => stage.set(v as Stage | '')}
    />
    <${ExportLink} feature="customers" path="/api/exports/customers" query=${{ q: query, stage: stage.value }} />
    ${error.value ? html`<${Banner} kind="error">${errorText(error.value)}<//>` : null}
    ${items.value === null
      ? html`<p>${t('app.loading')}</p>`
      : items.value.length === 0
        ? html`<p class="empty">${query ? t('customers.noMatch', { q: query }) : t('customers.empty')}</p>`
        : html`<table class="list customers-table">
            <thead>
              <tr>
                <th scope="col">${t('customers.colNo')}</th>
                <th scope="col">${t('customers.colName')}</th>
                <th scope="col">${t('customers.colPhones')}</th>
                <th scope="col">${t('customers.colStage')}</th>
              </tr>
            </thead>
            <tbody>
              ${items.value.map(
                (c) => html`<tr key=${c.id}>
                  <td data-label=${t('customers.colNo')}>${c.customerNo}</td>
                  <td data-label=${t('customers.colName')}><a href=${`#/customers/${c.id}`}>${c.name}</a></td>
                  <td data-label=${t('customers.colPhones')}><span>${c.phones.map((p) => html`<span class="phone" key=${p.e164}>${p.display}</span>`)}</span></td>
                  <td data-label=${t('customers.colStage')}><span class=${`stage stage-${c.stage}`}>${stageLabel(c.stage)}</span></td>
                </tr>`,
              )}
            </tbody>
          </table>`}
    ${more.value ? html`<div class="actions"><button type="button" onClick=${() => void load(shown)}>${t('common.loadMore')}</button></div>` : null}
  </section>`;
}
