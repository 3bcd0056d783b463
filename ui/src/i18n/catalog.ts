// The UI's words in the three languages of the box (A3), one language at a time, and only what
// the screen needs. Each language has a core catalog (./lang/en.ts, zh-CN.ts, vi.ts: the
// shell, login, wizard, home, customer list, dialogs, errors), a chunk of its own fetched
// before the first render (main.ts awaits it; App awaits another before switching). Each
// domain (./domains.ts: till, stages, mirror…) is a chunk per language too, fetched with the
// first page that names it (lazy() in ../lazy.ts) and, once wanted, fetched in every language
// switched to before the switch shows. t() stays synchronous: it reads what is loaded.
// English is the reference: its core keys and every domain's define MessageKey (type-only
// imports, so nothing of them is in app.js), and zh-CN and vi have exactly the same keys, per
// file (TypeScript checks it; ui/test/catalog.test.ts too).
//
// Adding a domain: write ./<domain>/{en,zh-CN,vi}.ts and register it with the page that uses
// it (one line in ./domains.ts, its name in the page's lazy() in ../shell.ts); the head of
// ./lang/en.ts says it step by step.
import type { Language } from '../contract';
import { DOMAINS, domainStrings, type Domain, type DomainKey } from './domains';
import type { CoreKey } from './lang/en';

export type { Domain };
export type MessageKey = CoreKey | DomainKey;
export type Messages = Record<MessageKey, string>;

/** The core chunks, one per language. Every language of the contract has one (TypeScript checks it). */
const LOADERS: Record<Language, () => Promise<{ default: Record<CoreKey, string> }>> = {
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

/** Per language: its core catalog with the strings of every domain fetched in it merged in. */
const loaded: Partial<Record<Language, Partial<Messages>>> = {};
/** The languages whose core catalog is here. */
const cores = new Set<Language>();
/** Per language and domain: fetched (true) or being fetched. */
const domainsIn = new Map<Language, Map<Domain, Promise<void> | true>>();
/** The domains a page has asked for: fetched in every language shown from then on. */
const wanted = new Set<Domain>();
const loading = new Map<Language, Promise<void>>();
const failed = new Set<Language>();
const STORAGE_KEY = 'studio-box.language';
let current: Language = 'en';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(LOADERS, value);
}

const hasDomain = (lang: Language, d: Domain) => domainsIn.get(lang)?.get(d) === true;

/** Whether this language's catalog (core and every wanted domain) is here, so setLanguage() can show it at once. */
export function isLoaded(lang: Language): boolean {
  return cores.has(lang) && [...wanted].every((d) => hasDomain(lang, d));
}

/** Whether the last attempt to fetch this language's catalog failed (not to be retried unasked). */
export function hasFailed(lang: Language): boolean {
  return failed.has(lang);
}

/** Fetches a chunk, once more after a short pause if it fails (the box may be restarting). */
const withRetry = <T>(load: () => Promise<T>): Promise<T> => load().catch(() => new Promise((resolve) => setTimeout(resolve, RETRY_MS)).then(load));

function loadCore(lang: Language): Promise<void> {
  if (cores.has(lang)) return Promise.resolve();
  let pending = loading.get(lang);
  if (!pending) {
    const load = LOADERS[lang];
    // A language of a newer daemon that this UI has no catalog for.
    if (!load) return Promise.reject(new Error(`No catalog for ${String(lang)}`));
    pending = withRetry(load)
      .then((mod) => {
        // Domains fetched before the core (a page opened while a switch was under way) stay.
        loaded[lang] = { ...mod.default, ...loaded[lang] };
        cores.add(lang);
      })
      .finally(() => loading.delete(lang));
    loading.set(lang, pending);
  }
  return pending;
}

function loadDomain(lang: Language, d: Domain): Promise<void> {
  let inLang = domainsIn.get(lang);
  if (!inLang) domainsIn.set(lang, (inLang = new Map()));
  const state = inLang.get(d);
  if (state === true) return Promise.resolve();
  if (state) return state;
  const load: (() => Promise<object>) | undefined = (DOMAINS as Record<Domain, Partial<Record<Language, () => Promise<object>>>>)[d]?.[lang];
  if (!load) return Promise.reject(new Error(`No strings of ${String(d)} in ${String(lang)}`));
  const pending = withRetry(load).then(
    (mod) => {
      loaded[lang] = { ...loaded[lang], ...domainStrings(mod, `${d}/${lang}`) };
      inLang.set(d, true);
    },
    (err: unknown) => {
      inLang.delete(d);
      throw err;
    },
  );
  inLang.set(d, pending);
  return pending;
}

/**
 * Fetches a language's catalog: its core and every domain a page has asked for so far
 * (concurrent calls share the fetches). A failed chunk is tried once more after a short pause;
 * if that fails too the promise rejects, and a later call starts over.
 */
export async function loadLanguage(lang: Language): Promise<void> {
  try {
    await loadCore(lang);
    // A page may ask for another domain meanwhile: loop until none is missing.
    for (let missing = [...wanted].filter((d) => !hasDomain(lang, d)); missing.length; missing = [...wanted].filter((d) => !hasDomain(lang, d)))
      await Promise.all(missing.map((d) => loadDomain(lang, d)));
    failed.delete(lang);
  } catch (err) {
    failed.add(lang);
    throw err;
  }
}

/**
 * Fetches these domains' strings in the language on screen (a lazy page awaits it before it
 * shows) and keeps them wanted: a later language switch fetches them in the new language
 * before it shows. 'all' is for pages that name every domain's things (the audit log's
 * actions and record kinds, the permission matrix's features).
 */
export function loadDomains(domains: readonly Domain[] | 'all'): Promise<void> {
  const list = domains === 'all' ? (Object.keys(DOMAINS) as Domain[]) : domains;
  for (const d of list) wanted.add(d);
  return Promise.all(list.map((d) => loadDomain(current, d))).then(() => undefined);
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

/** Sets the language used by t(); the caller re-renders. A language not loaded yet (core and wanted domains) is ignored. */
export function setLanguage(lang: Language): void {
  if (!isLoaded(lang)) return;
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
