// The UI's words in the three languages of the box (A3), one language at a time: each
// language's catalog (./lang/en.ts, zh-CN.ts, vi.ts) is a chunk of its own in the build, and a
// browser fetches only the one it shows (main.ts awaits it before the first render; App
// awaits another before switching). t() stays synchronous: it reads the catalog in use.
// English is the reference: its keys define MessageKey (a type-only import, so it does not
// pull the English chunk into app.js), and the other two must have exactly the same keys.
import type { Language } from '../contract';
import type { MessageKey } from './lang/en';

export type { MessageKey };
export type Messages = Record<MessageKey, string>;

/** The chunks, one per language. Every language of the contract has one (TypeScript checks it). */
const LOADERS: Record<Language, () => Promise<{ default: Messages }>> = {
  en: () => import('./lang/en'),
  'zh-CN': () => import('./lang/zh-CN'),
  vi: () => import('./lang/vi'),
};

/** Each language written in itself, for the pickers: shown before (and without) loading its catalog. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  'zh-CN': '简体中文',
  vi: 'Tiếng Việt',
};

/** Pause before the one retry of a chunk that failed to load (the box may be restarting). */
const RETRY_MS = 600;

const loaded: Partial<Record<Language, Messages>> = {};
const loading = new Map<Language, Promise<void>>();
const failed = new Set<Language>();
const STORAGE_KEY = 'studio-box.language';
let current: Language = 'en';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(LOADERS, value);
}

/** Whether this language's catalog is here, so setLanguage() can show it at once. */
export function isLoaded(lang: Language): boolean {
  return loaded[lang] !== undefined;
}

/** Whether the last attempt to fetch this language's catalog failed (not to be retried unasked). */
export function hasFailed(lang: Language): boolean {
  return failed.has(lang);
}

/**
 * Fetches a language's catalog (once; concurrent calls share the fetch). A failed fetch is
 * tried once more after a short pause; if that fails too the promise rejects, and a later
 * call starts over.
 */
export function loadLanguage(lang: Language): Promise<void> {
  if (loaded[lang]) return Promise.resolve();
  let pending = loading.get(lang);
  if (!pending) {
    const load = LOADERS[lang];
    // A language of a newer daemon that this UI has no catalog for.
    if (!load) {
      failed.add(lang);
      return Promise.reject(new Error(`No catalog for ${String(lang)}`));
    }
    pending = load()
      .catch(() => new Promise((resolve) => setTimeout(resolve, RETRY_MS)).then(load))
      .then(
        (mod) => {
          loaded[lang] = mod.default;
          failed.delete(lang);
        },
        (err: unknown) => {
          failed.add(lang);
          throw err;
        },
      )
      .finally(() => loading.delete(lang));
    loading.set(lang, pending);
  }
  return pending;
}

/**
 * Loads the language to show first: the wanted one, else English. Resolves with the language
 * loaded; rejects only when not even English could be fetched.
 */
export async function loadFirstLanguage(wanted: Language): Promise<Language> {
  try {
    await loadLanguage(wanted);
    return wanted;
  } catch (err) {
    if (wanted === 'en') throw err;
    await loadLanguage('en');
    return 'en';
  }
}

export function getLanguage(): Language {
  return current;
}

/** Sets the language used by t(); the caller re-renders. A language not loaded yet is ignored. */
export function setLanguage(lang: Language): void {
  if (!loaded[lang]) return;
  current = lang;
  document.documentElement.lang = lang;
}

/**
 * The first of the browser's languages (navigator.languages, the Accept-Language it sends)
 * that the box speaks: any Chinese reads the Simplified catalog; null when none is one of ours.
 */
export function browserLanguage(languages: readonly string[] = navigator.languages ?? [navigator.language]): Language | null {
  for (const tag of languages) {
    const l = tag.toLowerCase();
    if (l === 'zh' || l.startsWith('zh-')) return 'zh-CN';
    const base = l.split('-')[0]!;
    if (isLanguage(base)) return base;
  }
  return null;
}

/** The language this browser's user picked in the top bar, if any (wins over the studio's). */
export function storedLanguage(): Language | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return isLanguage(v) ? v : null;
  } catch {
    return null;
  }
}

export function storeLanguage(lang: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
}

export type Params = Record<string, string | number>;

/** A message in a loaded language (else in the language in use; a key nothing knows shows as itself). */
export function translate(lang: Language, key: MessageKey, params?: Params): string {
  const text = loaded[lang]?.[key] ?? loaded[current]?.[key] ?? key;
  return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
}

export function t(key: MessageKey, params?: Params): string {
  return translate(current, key, params);
}

/** For keys built from enum values ("stage." + stage); an unknown value shows as itself. */
export function tOr(key: string, fallback: string, params?: Params): string {
  const messages = loaded[current];
  return messages && Object.prototype.hasOwnProperty.call(messages, key) ? t(key as MessageKey, params) : fallback;
}
