// The message catalog is complete in every language: same keys, no blanks, and the same
// {placeholders}, so no screen shows a raw key or a lost value in Chinese or Vietnamese.
// Each language's core catalog is its own module (ui/src/i18n/lang/), and each domain's strings
// (ui/src/i18n/<domain>/, registered in ui/src/i18n/domains.ts) a module per language: the
// checks hold for each file on its own, and for the whole.
import { describe, expect, it, vi } from 'vitest';
import { ACTIONS, BUSINESS_TYPES, FEATURES, GENDERS, LANGUAGES, OUTBOX_STATES, STAGES } from '../../firmware/src/api-types';
import { LANGUAGE_NAMES, isLoaded, loadDomains, loadLanguage, setLanguage, translate, type MessageKey, type Messages } from '../src/i18n/catalog';
import { DOMAINS, type Domain } from '../src/i18n/domains';
import { CORE, domainCatalog, fullCatalog } from './full-catalog';

const catalogs: Record<string, Messages> = { en: await fullCatalog('en'), 'zh-CN': await fullCatalog('zh-CN'), vi: await fullCatalog('vi') };
const domainNames = Object.keys(DOMAINS) as Domain[];
// setLanguage marks <html lang>: a stand-in document for node.
(globalThis as { document?: unknown }).document ??= { documentElement: {} };

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const english = catalogs.en!;
const keys = Object.keys(english) as MessageKey[];

describe('message catalog', () => {
  it('has a catalog and a name for every language of the contract', () => {
    expect(Object.keys(catalogs).sort()).toEqual([...LANGUAGES].sort());
    expect(Object.keys(LANGUAGE_NAMES).sort()).toEqual([...LANGUAGES].sort());
    expect(new Set(Object.values(LANGUAGE_NAMES)).size).toBe(LANGUAGES.length);
  });

  for (const lang of LANGUAGES) {
    describe(lang, () => {
      const messages = catalogs[lang] as Record<string, string>;

      it('is what the UI loads for it: the core, then each domain a page asks for', async () => {
        await loadLanguage(lang);
        expect(isLoaded(lang)).toBe(true);
        for (const key of Object.keys(CORE.en!) as MessageKey[]) expect(translate(lang, key)).toBe(messages[key]);
        setLanguage(lang);
        await loadDomains('all');
        for (const key of keys) expect(translate(lang, key)).toBe(messages[key]);
      });

      it('has exactly the English keys, in the core catalog and in each domain', async () => {
        expect(Object.keys(CORE[lang]!).sort()).toEqual(Object.keys(CORE.en!).sort());
        for (const d of domainNames) expect(Object.keys(await domainCatalog(d, lang)).sort(), d).toEqual(Object.keys(await domainCatalog(d, 'en')).sort());
        expect(Object.keys(messages).sort()).toEqual([...keys].sort());
      });

      it('has no empty strings', () => {
        const empty = keys.filter((k) => typeof messages[k] !== 'string' || messages[k]!.trim() === '');
        expect(empty).toEqual([]);
      });

      it('uses the same placeholders as English', () => {
        const mismatched = keys.filter((k) => placeholders(messages[k] ?? '').join() !== placeholders(english[k]).join());
        expect(mismatched).toEqual([]);
      });
    });
  }

  it('names every enum value of the contract', () => {
    const needed = [
      ...STAGES.map((s) => `stage.${s}`),
      ...GENDERS.map((g) => `gender.${g}`),
      ...BUSINESS_TYPES.map((b) => `business.${b}`),
      ...FEATURES.map((f) => `feature.${f}`),
      ...ACTIONS.map((a) => `action.${a}`),
      ...OUTBOX_STATES.map((s) => `smsState.${s}`),
    ];
    expect(needed.filter((k) => !(k in english))).toEqual([]);
  });

  it('really translates: Chinese and Vietnamese differ from English where words are shown', () => {
    for (const key of ['nav.customers', 'stage.lead', 'common.save'] as MessageKey[]) {
      expect(catalogs['zh-CN']![key]).not.toBe(english[key]);
      expect(catalogs.vi![key]).not.toBe(english[key]);
    }
    expect(catalogs.vi!['stage.ordered']).toMatch(/[ạảãáàăâđêôơư]/);
  });

  it('has each key in one file only: the core catalog or one domain', async () => {
    const owner = new Map<string, string>(Object.keys(CORE.en!).map((k) => [k, 'lang']));
    const twice: string[] = [];
    for (const d of domainNames)
      for (const k of Object.keys(await domainCatalog(d, 'en'))) {
        if (owner.has(k)) twice.push(`${k} in ${owner.get(k)} and ${d}`);
        owner.set(k, d);
      }
    expect(twice).toEqual([]);
  });

  it('fetches a domain with the page that asks for it, and in a new language before that is shown', async () => {
    vi.resetModules();
    const c = await import('../src/i18n/catalog');
    const key = 'mirror.title' as MessageKey;
    await c.loadLanguage('en');
    c.setLanguage('en');
    expect(c.t(key)).toBe(key); // not fetched up front
    await c.loadDomains(['mirror']);
    expect(c.t(key)).toBe(english[key]);
    // Another page asks for a domain: until it is here the language is not complete.
    const till = c.loadDomains(['till']);
    expect(c.isLoaded('en')).toBe(false);
    await till;
    expect(c.isLoaded('en')).toBe(true);
    // A switch: the new language's core and every domain asked for so far, before it can be shown.
    expect(c.isLoaded('zh-CN')).toBe(false);
    c.setLanguage('zh-CN');
    expect(c.getLanguage()).toBe('en');
    await c.loadLanguage('zh-CN');
    c.setLanguage('zh-CN');
    expect(c.getLanguage()).toBe('zh-CN');
    expect(c.t(key)).toBe(catalogs['zh-CN']![key]);
    const tillKey = Object.keys(await domainCatalog('till', 'en'))[0] as MessageKey;
    expect(c.t(tillKey)).toBe(catalogs['zh-CN']![tillKey]);
    // A domain no page asked for is not fetched.
    const stagesKey = Object.keys(await domainCatalog('stages', 'en'))[0] as MessageKey;
    expect(c.t(stagesKey)).toBe(stagesKey);
  });

  it('has one object of strings in every domain file', async () => {
    for (const d of domainNames)
      for (const lang of LANGUAGES) {
        const values = Object.values(await DOMAINS[d][lang]());
        expect(values.length, `${d}/${lang}`).toBe(1);
      }
  });

  it('fills placeholders', async () => {
    await Promise.all([loadLanguage('en'), loadLanguage('zh-CN')]);
    expect(translate('en', 'login.throttled', { seconds: 30 })).toBe('Too many attempts. Try again in 30 s.');
    expect(translate('zh-CN', 'login.throttled', { seconds: 30 })).toContain('30');
  });
});
