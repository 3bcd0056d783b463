// The message catalog is complete in every language: same keys, no blanks, and the same
// {placeholders}, so no screen shows a raw key or a lost value in Chinese or Vietnamese.
// Each language is its own module (ui/src/i18n/lang/), loaded on demand by the UI.
import { describe, expect, it } from 'vitest';
import { ACTIONS, BUSINESS_TYPES, FEATURES, GENDERS, LANGUAGES, OUTBOX_STATES, STAGES } from '../../firmware/src/api-types';
import { LANGUAGE_NAMES, isLoaded, loadLanguage, translate, type MessageKey, type Messages } from '../src/i18n/catalog';
import en from '../src/i18n/lang/en';
import vi from '../src/i18n/lang/vi';
import zhCN from '../src/i18n/lang/zh-CN';

const catalogs: Record<string, Messages> = { en, 'zh-CN': zhCN, vi };

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const english = en;
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

      it('is what the UI loads for it', async () => {
        await loadLanguage(lang);
        expect(isLoaded(lang)).toBe(true);
        for (const key of keys) expect(translate(lang, key)).toBe(messages[key]);
      });

      it('has exactly the English keys', () => {
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

  it('fills placeholders', async () => {
    await Promise.all([loadLanguage('en'), loadLanguage('zh-CN')]);
    expect(translate('en', 'login.throttled', { seconds: 30 })).toBe('Too many attempts. Try again in 30 s.');
    expect(translate('zh-CN', 'login.throttled', { seconds: 30 })).toContain('30');
  });
});
