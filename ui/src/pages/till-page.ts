// The till's own screen (F1, F2), at #/till/arrears and #/till/closing: who owes money, and
// closing the day (for those with the closing right).
import { html } from 'htm/preact';
import { useApp } from '../app-context';
import { ArrearsList } from '../components/arrears-list';
import { DayClosing } from '../components/day-closing';
import { can } from '../permissions';
import { t } from '../i18n/catalog';

export function TillPage(p: { tab: 'arrears' | 'closing' }) {
  const me = useApp().me;
  const closing = can(me, 'closing', 'view');
  return html`<section class="till-page">
    <h1>${t('nav.till')}</h1>
    <nav class="tabs">
      <a href="#/till/arrears" aria-current=${p.tab === 'arrears' ? 'page' : undefined}>${t('arrears.heading')}</a>
      ${closing ? html` · <a href="#/till/closing" aria-current=${p.tab === 'closing' ? 'page' : undefined}>${t('closing.heading')}</a>` : null}
    </nav>
    ${p.tab === 'closing' && closing ? html`<${DayClosing} />` : html`<${ArrearsList} />`}
  </section>`;
}
