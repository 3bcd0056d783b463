// The books (F2), a lazy chunk of the till's screen: the statements (#/till/statements) and the
// cash book with its categories (#/till/books). Its words are the 'books' i18n domain
// (../i18n/books/), fetched with the till's page.
import { html } from 'htm/preact';
import { CashBookView } from '../../components/books/cash-book-view';
import { StatementView } from '../../components/books/statement-view';

export function BooksPage(p: { tab: 'statements' | 'books' }) {
  return p.tab === 'statements' ? html`<${StatementView} />` : html`<${CashBookView} />`;
}
