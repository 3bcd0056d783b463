// Cell values of an imported spreadsheet: text, dates in the forms people type, lists (pure).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellText, parseDateOnly, parseDateTime, parseInstant, splitList } from '../../../src/crm/import/cell-values.js';

describe('cellText', () => {
  it.each([
    [null, ''],
    ['  Hoa  ', 'Hoa'],
    [13812345678, '13812345678'],
    [8613812345678, '8613812345678'],
    [1.5, '1.5'],
    [true, 'true'],
    [new Date(Date.UTC(2024, 2, 5)), '2024-03-05'],
    [new Date(Date.UTC(2024, 2, 5, 14, 30)), '2024-03-05 14:30'],
    [new Date(NaN), ''],
  ] as const)('%j → %j', (cell, text) => {
    expect(cellText(cell)).toBe(text);
  });
});

describe('parseDateOnly', () => {
  it.each([
    ['2024-03-05', '2024-03-05'],
    ['2024-3-5', '2024-03-05'],
    ['2024/03/05', '2024-03-05'],
    ['2024.3.5', '2024-03-05'],
    ['20240305', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'],
    ['2024 年 3 月 5 号', '2024-03-05'],
    ['ngày 5 tháng 3 năm 2024', '2024-03-05'],
    ['Ngày 05 tháng 03 năm 2024', '2024-03-05'],
    ['05/03/2024', '2024-03-05'],
    ['5-3-2024', '2024-03-05'],
    ['5.3.2024', '2024-03-05'],
    ['2024-03-05 00:00:00', '2024-03-05'],
    ['2024-02-29', '2024-02-29'],
  ])('%s → %s', (text, iso) => {
    expect(parseDateOnly(text, 'dmy')).toBe(iso);
  });

  it('reads 03/05/2024 month first in the US', () => {
    expect(parseDateOnly('03/05/2024', 'mdy')).toBe('2024-03-05');
    expect(parseDateOnly('03/05/2024', 'dmy')).toBe('2024-05-03');
    expect(parseDateOnly('13/05/2024', 'mdy')).toBeNull();
  });

  it.each(['', 'yesterday', '2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '32/01/2024', '1899-12-31', '2024-03', '3月5日', '2024-03-05 25:00', '2024-03-05 10:61', '12345'])('%j is no date', (text) => {
    expect(parseDateOnly(text, 'dmy')).toBeNull();
  });

  it('reads date cells by their wall-clock reading and Excel serial numbers', () => {
    expect(parseDateOnly(new Date(Date.UTC(1990, 0, 31)), 'dmy')).toBe('1990-01-31');
    expect(parseDateOnly(45356, 'dmy')).toBe('2024-03-05');
    expect(parseDateOnly(32874, 'dmy')).toBe('1990-01-01');
    expect(parseDateOnly(13812345678, 'dmy')).toBeNull();
    expect(parseDateOnly(7, 'dmy')).toBeNull();
    expect(parseDateOnly(true, 'dmy')).toBeNull();
    expect(parseDateOnly(null, 'dmy')).toBeNull();
  });

  it('any real date written as YYYY-MM-DD, YYYY/M/D, D/M/YYYY and YYYY年M月D日 reads back as itself', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
        const iso = `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        for (const text of [iso, `${y}/${m}/${day}`, `${day}/${m}/${y}`, `${y}年${m}月${day}日`]) expect(parseDateOnly(text, 'dmy')).toBe(iso);
        expect(parseDateOnly(`${m}/${day}/${y}`, 'mdy')).toBe(iso);
      }),
    );
  });
});

describe('parseDateTime and parseInstant', () => {
  it('keeps a time when there is one', () => {
    expect(parseDateTime('2024-03-05 14:30', 'dmy')).toEqual({ date: { year: 2024, month: 3, day: 5 }, time: { hour: 14, minute: 30 } });
    expect(parseDateTime('2024-03-05T09:05:59', 'dmy')).toEqual({ date: { year: 2024, month: 3, day: 5 }, time: { hour: 9, minute: 5 } });
    expect(parseDateTime(45356.75, 'dmy')).toEqual({ date: { year: 2024, month: 3, day: 5 }, time: { hour: 18, minute: 0 } });
  });

  it('is the wall-clock time in the studio zone, stored UTC; a bare date at the default hour', () => {
    expect(parseInstant('2024-03-05 14:30', 'dmy', 'Asia/Shanghai', 10)).toBe('2024-03-05T06:30:00.000Z');
    expect(parseInstant('2024-03-05', 'dmy', 'Asia/Shanghai', 10)).toBe('2024-03-05T02:00:00.000Z');
    expect(parseInstant('05/03/2024 00:30', 'dmy', 'Asia/Ho_Chi_Minh', 10)).toBe('2024-03-04T17:30:00.000Z');
    expect(parseInstant(new Date(Date.UTC(2024, 2, 5, 14, 30)), 'dmy', 'Asia/Shanghai', 10)).toBe('2024-03-05T06:30:00.000Z');
    expect(parseInstant('soon', 'dmy', 'Asia/Shanghai', 10)).toBeNull();
  });
});

describe('splitList', () => {
  it('splits at the separators people use, full-width ones too', () => {
    expect(splitList('138 1234 5678 / 139 0000 1111')).toEqual(['138 1234 5678', '139 0000 1111']);
    expect(splitList('a,b;c、d|e\nf，g；h／i｜j')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
    expect(splitList(' , ;; ')).toEqual([]);
    expect(splitList('A/B, C', false)).toEqual(['A/B', 'C']);
  });
});
