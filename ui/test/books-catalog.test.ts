// The books' words (loaded with their page, not in the main catalog) are complete in every
// language: the same keys, no blanks, the same {placeholders}; Chinese and Vietnamese really
// translated; and what the page loads is what bt() shows.
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../firmware/src/api-types';
import en from '../src/i18n/books/en';
import vi from '../src/i18n/books/vi';
import zhCN from '../src/i18n/books/zh-CN';
import { booksText, loadBooksWords } from '../src/i18n/books/words';

const catalogs: Record<string, Record<string, string>> = { en, 'zh-CN': zhCN, vi };
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join();

describe('the books\' words', () => {
  for (const lang of LANGUAGES) {
    it(`${lang}: the English keys, none blank, the same placeholders, loaded as shown`, async () => {
      const m = catalogs[lang]!;
      expect(Object.keys(m).sort()).toEqual(Object.keys(en).sort());
      expect(Object.keys(m).filter((k) => !m[k]!.trim())).toEqual([]);
      expect(Object.keys(en).filter((k) => placeholders(m[k]!) !== placeholders((en as Record<string, string>)[k]!))).toEqual([]);
      await loadBooksWords(lang);
      expect(booksText(lang, 'st.depositsText', { amount: '¥1', count: 2 })).toBe(m['st.depositsText']!.replace('{amount}', '¥1').replace('{count}', '2'));
    });
  }

  it('Chinese and Vietnamese differ from English where words are shown', () => {
    for (const key of ['st.heading', 'st.cashFlow', 'kind.expense', 'entry.record'] as const) {
      expect(zhCN[key]).not.toBe(en[key]);
      expect(vi[key]).not.toBe(en[key]);
    }
  });
});
