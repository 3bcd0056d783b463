// The books (F2), a lazy chunk of the till's screen: the statements (#/till/statements) and the
// cash book with its categories (#/till/books). Its words arrive with it, in the language on
// the screen (../i18n/books/words.ts); it shows "loading" until they are here.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { CashBookView } from '../components/books/cash-book-view';
import { StatementView } from '../components/books/statement-view';
import { getLanguage, t } from '../i18n/catalog';
import { booksWordsLoaded, loadBooksWords } from '../i18n/books/words';
import { useValue } from '../use-value';

export function BooksPage(p: { tab: 'statements' | 'books' }) {
  const lang = getLanguage();
  const ready = useValue(booksWordsLoaded(lang) ? lang : '');
  useEffect(() => {
    if (!booksWordsLoaded(lang)) void Promise.all([loadBooksWords(lang), loadBooksWords('en')]).then(() => ready.set(lang));
    else ready.set(lang);
  }, [lang]);
  if (!booksWordsLoaded(lang)) return html`<p class="muted">${t('app.loading')}</p>`;
  return p.tab === 'statements' ? html`<${StatementView} />` : html`<${CashBookView} />`;
}
