// The System page's own catalog (ui/src/i18n/box/, carried in the page's chunk): every language
// has the English keys, no blanks, the same {placeholders}, and is not an English copy.
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../firmware/src/api-types';
import { boxEn } from '../src/i18n/box/en';
import { boxVi } from '../src/i18n/box/vi';
import { boxZhCN } from '../src/i18n/box/zh-CN';

const BOX_CATALOGS = { en: boxEn, 'zh-CN': boxZhCN, vi: boxVi };

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join();

describe('the System page’s catalog', () => {
  const en = BOX_CATALOGS.en as Record<string, string>;
  it('has one for every language of the contract', () => {
    expect(Object.keys(BOX_CATALOGS).sort()).toEqual([...LANGUAGES].sort());
  });
  for (const lang of LANGUAGES) {
    it(`${lang}: the English keys, none blank, the same placeholders`, () => {
      const m = BOX_CATALOGS[lang] as Record<string, string>;
      expect(Object.keys(m).sort()).toEqual(Object.keys(en).sort());
      expect(Object.keys(m).filter((k) => !m[k]!.trim())).toEqual([]);
      expect(Object.keys(m).filter((k) => placeholders(m[k]!) !== placeholders(en[k]!))).toEqual([]);
      if (lang !== 'en') {
        // Only the lines that are a number and a unit may read the same as in English.
        const same = Object.keys(m).filter((k) => m[k] === en[k]);
        expect(same.filter((k) => k !== 'box.zone')).toEqual([]);
      }
    });
  }
});
