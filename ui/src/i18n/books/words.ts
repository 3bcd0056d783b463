// The books' words, fetched with their page (one chunk per language, like the main catalog):
// bt() reads the language on the screen, else English, else shows the key. The page awaits
// loadBooksWords(language) before it renders, and again when the language changes.
import type { Language } from '../../contract';
import type { BooksKey, BooksMessages } from './en';

const LOADERS: Record<Language, () => Promise<{ default: BooksMessages }>> = {
  en: () => import('./en'),
  'zh-CN': () => import('./zh-CN'),
  vi: () => import('./vi'),
};

const loaded: Partial<Record<Language, BooksMessages>> = {};

export function booksWordsLoaded(lang: Language): boolean {
  return loaded[lang] !== undefined;
}

export async function loadBooksWords(lang: Language): Promise<void> {
  if (loaded[lang]) return;
  const mod = await LOADERS[lang]().catch(() => LOADERS[lang]());
  loaded[lang] = mod.default;
}

export function booksText(lang: Language, key: BooksKey, params?: Record<string, string | number>): string {
  const text = loaded[lang]?.[key] ?? loaded.en?.[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
}
