// The till's own screen (F1, F2), at #/till/arrears and #/till/closing: who owes money, and
// closing the day.
import { html } from 'htm/preact';
import { ArrearsList } from '../components/arrears-list';
import { t } from '../i18n/catalog';

export function TillPage(p: { tab: 'arrears' | 'closing' }) {
  return html`<section class="till-page">
    <h1>${t('nav.till')}</h1>
    <nav class="tabs">
      <a href="#/till/arrears" aria-current=${p.tab === 'arrears' ? 'page' : undefined}>${t('arrears.heading')}</a>
    </nav>
    ${p.tab === 'arrears' ? html`<${ArrearsList} />` : null}
  </section>`;
}
