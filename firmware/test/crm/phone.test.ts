import { describe, expect, it } from 'vitest';
import { displayPhone, foreignMobileGuess, normalizePhone, phoneSearchDigits } from '../../src/crm/phone.js';
import { customerSearchText, parseSearchQuery } from '../../src/crm/search-text.js';
import { foldText } from '../../src/util/fold.js';

const e164 = (raw: string, country: 'CN' | 'VN' | 'US' = 'CN') => {
  const r = normalizePhone(raw, country);
  return r.ok ? r.phone.e164 : `error: ${r.error}`;
};

describe('phone normalisation', () => {
  it('reads a Chinese mobile however it is written', () => {
    for (const raw of ['13812345678', '138 1234 5678', '138-1234-5678', '+8613812345678', '+86 138 1234 5678', '008613812345678', '86 138 1234 5678'.replace(/^86 /, '+86 ')]) {
      expect(e164(raw), raw).toBe('+8613812345678');
    }
  });

  it('reads Chinese landlines with their area code', () => {
    expect(e164('010 6552 9988')).toBe('+861065529988');
    expect(e164('(021) 6321-5678')).toBe('+862163215678');
  });

  it('reads Vietnamese numbers against a Vietnamese studio, and foreign numbers in international form', () => {
    expect(e164('0912 345 678', 'VN')).toBe('+84912345678');
    expect(e164('+84 912 345 678', 'CN')).toBe('+84912345678');
    expect(e164('+86 138 1234 5678', 'VN')).toBe('+8613812345678');
  });

  it('refuses what is not a number, with a reason', () => {
    expect(e164('')).toBe('error: empty');
    expect(e164('call me')).toMatch(/^error: only digits/);
    expect(e164('138')).toMatch(/^error: (too short|not a phone number)/);
    expect(e164('1381234567812345')).toMatch(/^error: (too long|not a valid)/);
    expect(e164('12345678901')).toMatch(/^error: not a valid number for CN/);
  });

  it('shows numbers nationally at home and internationally otherwise', () => {
    expect(displayPhone('+8613812345678', 'CN')).toBe('138 1234 5678');
    expect(displayPhone('+8613812345678', 'VN')).toBe('+86 138 1234 5678');
    expect(displayPhone('+84912345678', 'VN')).toBe('0912 345 678');
  });

  it('indexes international and national digits, so any typed part is found', () => {
    expect(phoneSearchDigits('+8613812345678')).toEqual(['8613812345678']);
    expect(phoneSearchDigits('+84912345678')).toEqual(['84912345678', '0912345678']);
    expect(phoneSearchDigits('+861065529988')).toEqual(['861065529988', '01065529988']);
  });
});

describe('a foreign mobile typed nationally', () => {
  it('is recognised as the neighbour\'s mobile, in international form', () => {
    // A Vietnamese mobile typed the Vietnamese way in a Chinese studio.
    expect(normalizePhone('0912 345 678', 'CN').ok).toBe(false);
    expect(foreignMobileGuess('0912 345 678', 'CN')).toEqual({ country: 'VN', e164: '+84912345678', display: '+84 912 345 678' });
    // A Chinese mobile typed nationally in a Vietnamese studio.
    expect(foreignMobileGuess('138 1234 5678', 'VN')).toMatchObject({ country: 'CN', e164: '+8613812345678' });
  });

  it('is not guessed for numbers valid at home, typed internationally, or fitting no neighbour', () => {
    expect(foreignMobileGuess('138 1234 5678', 'CN')).toBeNull();
    expect(foreignMobileGuess('+84 912 345 678', 'CN')).toBeNull();
    expect(foreignMobileGuess('0084912345678', 'CN')).toBeNull();
    expect(foreignMobileGuess('12', 'CN')).toBeNull();
    expect(foreignMobileGuess('abc', 'CN')).toBeNull();
    expect(foreignMobileGuess('', 'CN')).toBeNull();
  });
});

describe('search text', () => {
  it('folds case, Vietnamese diacritics and đ, keeps Chinese', () => {
    expect(foldText('  Trần   Thị HOA ')).toBe('tran thi hoa');
    expect(foldText('Đặng Đức')).toBe('dang duc');
    expect(foldText('王小明')).toBe('王小明');
    expect(foldText('Ｍａｒｙ')).toBe('mary');
  });

  it('tells a phone fragment from a name fragment', () => {
    expect(parseSearchQuery('5678')).toEqual({ kind: 'phone', text: '5678' });
    expect(parseSearchQuery(' 138-1234 ')).toEqual({ kind: 'phone', text: '1381234' });
    expect(parseSearchQuery('Thảo')).toEqual({ kind: 'name', text: 'thao' });
    expect(parseSearchQuery('王')).toEqual({ kind: 'name', text: '王' });
    expect(parseSearchQuery('   ')).toEqual({ kind: 'none' });
    expect(parseSearchQuery('\u0001')).toEqual({ kind: 'none' });
    expect(parseSearchQuery('C000042')).toEqual({ kind: 'customerNo', customerNo: 'C000042' });
    expect(parseSearchQuery(' c42 ')).toEqual({ kind: 'customerNo', customerNo: 'C000042' });
    expect(parseSearchQuery('Chi')).toEqual({ kind: 'name', text: 'chi' });
  });

  it('builds one searchable line of name and phone digits', () => {
    const text = customerSearchText('Trần Thị Hoa', ['+84912345678']);
    expect(text).toContain('tran thi hoa');
    expect(text).toContain('0912345678');
    expect(text).toContain('84912345678');
  });
});
