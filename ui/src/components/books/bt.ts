// The books' words in the language on the screen.
import { getLanguage } from '../../i18n/catalog';
import type { BooksKey } from '../../i18n/books/en';
import { booksText } from '../../i18n/books/words';

export const bt = (key: BooksKey, params?: Record<string, string | number>): string => booksText(getLanguage(), key, params);

/** Today in the studio's zone, YYYY-MM-DD. */
export function studioToday(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
