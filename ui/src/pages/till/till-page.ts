// The till's own screen (F1, F2), at #/till/arrears, #/till/closing, #/till/statements and
// #/till/books: who owes money, closing the day (for those with the closing right), the
// statements and the cash book.
import { html } from 'htm/preact';
import { useApp } from '../../app-context';
import { ArrearsList } from '../../components/till/arrears-list';
import { DayClosing } from '../../components/till/day-closing';
import { can } from '../../permissions';
import { t } from '../../i18n/catalog';
import { lazy } from '../../lazy';

// The books (statements, cash book) are a chunk of their own; their words are the 'books' domain.
const BooksPage = lazy(() => import('./books-page').then((m) => m.BooksPage), ['books']);

export type TillTab = 'arrears' | 'closing' | 'statements' | 'books';

export function TillPage(p: { tab: TillTab }) {
  const me = useApp().me;
  const closing = can(me, 'closing', 'view');
  return html`<section class="till-page">
    <h1>${t('nav.till')}</h1>
    <nav class="tabs">
      <a href="#/till/arrears" aria-current=${p.tab === 'arrears' ? 'page' : undefined}>${t('arrears.heading')}</a>
      ${closing ? html` · <a href="#/till/closing" aria-current=${p.tab === 'closing' ? 'page' : undefined}>${t('closing.heading')}</a>` : null}
      · <a href="#/till/statements" aria-current=${p.tab === 'statements' ? 'page' : undefined}>${t('books.statements')}</a>
      · <a href="#/till/books" aria-current=${p.tab === 'books' ? 'page' : undefined}>${t('books.cashBook')}</a>
    </nav>
    ${p.tab === 'closing' && closing
      ? html`<${DayClosing} />`
      : p.tab === 'statements' || p.tab === 'books'
        ? html`<${BooksPage} tab=${p.tab} />`
        : html`<${ArrearsList} />`}
  </section>`;
}
