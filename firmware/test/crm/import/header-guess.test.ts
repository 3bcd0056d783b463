// Header guessing and value words for the customer import (pure).
import { describe, expect, it } from 'vitest';
import { IMPORT_FIELDS, LANGUAGES } from '../../../src/api-types.js';
import { BUSINESS_WORDS, FIELD_HEADERS, GENDER_WORDS, STAGE_WORDS, fieldLabel } from '../../../src/crm/field-words.js';
import { guessField, guessMapping, mappingProblems, wordKey, wordMatcher } from '../../../src/crm/import/header-guess.js';

describe('wordKey', () => {
  it('folds case, accents, width, spaces, punctuation and a trailing number', () => {
    expect(wordKey('Số điện thoại:')).toBe('sodienthoai');
    expect(wordKey('Phone 2')).toBe('phone');
    expect(wordKey('电话1')).toBe('电话');
    expect(wordKey('ＰＨＯＮＥ')).toBe('phone');
    expect(wordKey('已下单，未拍摄')).toBe('已下单未拍摄');
    expect(wordKey('  ')).toBe('');
  });
});

describe('guessField', () => {
  it('knows every header word of every field in every language', () => {
    for (const f of IMPORT_FIELDS) for (const lang of LANGUAGES) for (const w of FIELD_HEADERS[f][lang]) expect([w, guessField(w)]).toEqual([w, f]);
  });

  it('the export labels (first word per language) are distinct, so an export imports back', () => {
    for (const lang of LANGUAGES) {
      const labels = IMPORT_FIELDS.map((f) => wordKey(fieldLabel(f, lang)));
      expect(new Set(labels).size).toBe(labels.length);
    }
  });

  it.each([
    ['客户联系电话', 'phone'],
    ['宝宝出生日期', 'babyBirthDate'],
    ['出生日期', 'birthday'],
    ['手机号码2', 'phone'],
    ['Mobile Phone 1', 'phone'],
    ['SỐ ĐIỆN THOẠI', 'phone'],
    ['so dien thoai', 'phone'],
    ['Ngay sinh cua be', 'babyBirthDate'],
    ['Customer Name', 'name'],
    ['Home address', 'address'],
    ['备注2', 'notes'],
    ['婚期', 'weddingDate'],
  ] as const)('%s → %s', (header, field) => {
    expect(guessField(header)).toBe(field);
  });

  it.each(['', '   ', '编号', '客户编号', '订单状态', 'Customer ID', 'Blood type', 'No.', 'Hotel', 'Content', 'Amount', '金额', 'ID'])('%j is no field', (header) => {
    expect(guessField(header)).toBeNull();
  });
});

describe('guessMapping', () => {
  it('maps a Chinese export of old customer software', () => {
    expect(guessMapping(['编号', '姓名', '性别', '手机', '电话', '生日', '宝宝生日', '地址', '客户来源', '业务类型', '备注', '消费金额'])).toEqual([
      null, 'name', 'gender', 'phone', 'phone', 'birthday', 'babyBirthDate', 'address', 'source', 'businessType', 'notes', null,
    ]);
  });

  it('maps Vietnamese and English headers', () => {
    expect(guessMapping(['Họ tên', 'SĐT', 'Ngày sinh', 'Giới tính', 'Khu vực', 'Ghi chú'])).toEqual(['name', 'phone', 'birthday', 'gender', 'area', 'notes']);
    expect(guessMapping(['Name', 'Phone', 'Birthday', 'Wedding date', 'Stage', 'Due', 'Tags'])).toEqual(['name', 'phone', 'birthday', 'weddingDate', 'stage', 'stageDueAt', 'tags']);
  });

  it('finds the e-mail column in each language', () => {
    expect(guessMapping(['姓名', '电子邮箱', '手机'])).toEqual(['name', 'email', 'phone']);
    expect(guessMapping(['客户姓名', '邮箱地址'])).toEqual(['name', 'email']);
    expect(guessMapping(['Họ tên', 'Địa chỉ email', 'Địa chỉ'])).toEqual(['name', 'email', 'address']);
    expect(guessMapping(['Name', 'E-mail address', 'Mobile'])).toEqual(['name', 'email', 'phone']);
    expect(guessMapping(['Customer name', 'Email'])).toEqual(['name', 'email']);
  });

  it('gives a one-column field to its exact header before a header that merely contains a word', () => {
    // "客户编号" contains "客户" (a word for the name), but "姓名" is the name.
    expect(guessMapping(['客户编号', '姓名'])).toEqual([null, 'name']);
    // And a general word is never found inside a longer header.
    expect(guessMapping(['客户编号', '手机', '订单类型', '付款状态', 'Customer ID'])).toEqual([null, 'phone', null, null, null]);
  });

  it('a second column of a one-column field is left for a person; phones, notes, tags may repeat', () => {
    expect(guessMapping(['Name', 'Name', 'Phone', 'Phone', 'Notes', 'Notes', 'Tags', 'Tags'])).toEqual(['name', null, 'phone', 'phone', 'notes', 'notes', 'tags', 'tags']);
  });
});

describe('mappingProblems', () => {
  it('accepts a good mapping', () => {
    expect(mappingProblems(['name', 'phone', 'phone', null], 4)).toEqual([]);
  });
  it('names every problem', () => {
    expect(mappingProblems(['phone', 'birthday', 'birthday'], 4)).toEqual([
      'the mapping has 3 entries for 4 columns',
      'no column is mapped to the name',
      '2 columns are mapped to birthday; it takes one',
    ]);
  });
});

describe('value words', () => {
  const gender = wordMatcher(GENDER_WORDS);
  const business = wordMatcher(BUSINESS_WORDS);
  const stage = wordMatcher(STAGE_WORDS);

  it('every word of every table matches its value, and no word is two values', () => {
    for (const table of [GENDER_WORDS, BUSINESS_WORDS, STAGE_WORDS] as Record<string, Record<string, string[]>>[]) {
      const m = wordMatcher(table as never) as (t: string) => string | null;
      const owner = new Map<string, string>();
      for (const [value, langs] of Object.entries(table)) {
        for (const words of Object.values(langs)) {
          for (const w of words) {
            expect([w, m(w)]).toEqual([w, value]);
            const k = wordKey(w);
            expect(owner.get(k) ?? value, `${w} is two values`).toBe(value);
            owner.set(k, value);
          }
        }
      }
    }
  });

  it('reads words in any case and with or without accents', () => {
    expect(gender('女')).toBe('female');
    expect(gender('NU')).toBe('female');
    expect(gender('nữ')).toBe('female');
    expect(gender('m')).toBe('male');
    expect(gender('male')).toBe('male');
    expect(business('ảnh cưới')).toBe('wedding');
    expect(business('CHILDREN')).toBe('children');
    expect(stage('已拍未选')).toBe('shot');
    expect(stage('Da dat, chua chup')).toBe('ordered');
    expect(stage('history')).toBe('history');
  });

  it('answers null for words it does not know', () => {
    expect(gender('dragon')).toBeNull();
    expect(stage('')).toBeNull();
    expect(business('婚')).toBeNull();
  });
});
