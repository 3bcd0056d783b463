// One spreadsheet row → a customer or the reasons it is rejected; duplicates (pure).
import { describe, expect, it } from 'vitest';
import type { ImportMapping } from '../../../src/api-types.js';
import { checkRow, DuplicateCheck, isEmptyRow, type RowContext } from '../../../src/crm/import/row-check.js';

const CN: RowContext = { country: 'CN', timeZone: 'Asia/Shanghai', dayOrder: 'dmy' };
const MAP: ImportMapping = ['name', 'phone', 'phone', 'gender', 'birthday', 'businessType', 'weddingDate', 'babyBirthDate', 'area', 'source', 'tags', 'notes', 'notes', 'stage', 'stageAddedAt', 'stageDueAt', 'address', 'occupation', null];

const row = (over: Partial<Record<number, unknown>> = {}) => {
  const cells: unknown[] = ['张伟', '138 1234 5678', '', '男', '1990-01-31', '婚纱', '2025-10-01', '', '朝阳区', '抖音', 'VIP、老客户', '喜欢上午', '', '已拍未选', '2026-11-20', '2026-12-05 15:00', '建国路 88 号', '教师', 'ignored'];
  for (const [k, v] of Object.entries(over)) cells[Number(k)] = v;
  return cells as Parameters<typeof checkRow>[0];
};

describe('checkRow', () => {
  it('reads an e-mail column, domain in lower case, and rejects one that is not an address', () => {
    const map: ImportMapping = ['name', 'email'];
    expect(checkRow(['Hoa', ' Hoa.Tran@Example.VN '], map, 2, CN)).toMatchObject({ problems: [], customer: { email: 'Hoa.Tran@example.vn' } });
    expect(checkRow(['Hoa', 'mailto:hoa@example.com'], map, 2, CN).customer.email).toBe('hoa@example.com');
    expect(checkRow(['Hoa', ''], map, 2, CN)).toMatchObject({ problems: [], customer: { email: null } });
    const bad = checkRow(['Hoa', 'hoa at example'], map, 3, CN);
    expect(bad.problems).toEqual([{ field: 'email', code: 'bad_email', value: 'hoa at example', message: expect.stringMatching(/e-mail/) }]);
  });

  it('reads every field of a good row as it will be saved', () => {
    const r = checkRow(row(), MAP, 7, CN);
    expect(r.problems).toEqual([]);
    expect(r.customer).toEqual({
      row: 7,
      name: '张伟',
      phones: ['+8613812345678'],
      gender: 'male',
      birthday: '1990-01-31',
      birthdayLunar: false,
      address: '建国路 88 号',
      area: '朝阳区',
      occupation: '教师',
      source: '抖音',
      businessType: 'wedding',
      babyBirthDate: null,
      weddingDate: '2025-10-01',
      notes: '喜欢上午',
      tags: ['VIP', '老客户'],
      email: null,
      stage: 'shot',
      stageAddedAt: '2026-11-20T02:00:00.000Z',
      stageDueAt: '2026-12-05T07:00:00.000Z',
    });
  });

  it('takes phones from several columns and several per cell, once each, and numbers stored as numbers', () => {
    const r = checkRow(row({ 1: 13812345678, 2: "'139 0000 1111 / +86 138 1234 5678；010-6552-9988" }), MAP, 2, CN);
    expect(r.problems).toEqual([]);
    expect(r.customer.phones).toEqual(['+8613812345678', '+8613900001111', '+861065529988']);
  });

  it('joins notes columns with a line break and leaves optional fields empty', () => {
    const r = checkRow(['Ann', '', '', '', '', '', '', '', '', '', '', 'a', 'b'], MAP, 3, CN);
    expect(r.problems).toEqual([]);
    expect(r.customer).toMatchObject({ name: 'Ann', phones: [], gender: null, birthday: null, businessType: null, notes: 'a\nb', tags: [], stage: 'lead', stageAddedAt: null, stageDueAt: null });
  });

  it('rejects a row without a name', () => {
    expect(checkRow(row({ 0: '   ' }), MAP, 4, CN).problems).toEqual([{ field: 'name', code: 'missing_name', value: '', message: 'the name is empty' }]);
  });

  it('rejects a bad phone, naming the number and why', () => {
    const p = checkRow(row({ 2: '12345 / 139 0000 1111' }), MAP, 4, CN).problems;
    expect(p).toEqual([{ field: 'phone', code: 'bad_phone', value: '12345', message: expect.any(String) }]);
    expect(checkRow(row({ 1: 'call me' }), MAP, 4, CN).problems[0]).toMatchObject({ code: 'bad_phone', value: 'call me' });
  });

  it('rejects more than ten phones', () => {
    const many = Array.from({ length: 11 }, (_, i) => `1390000${String(1000 + i)}`).join(',');
    expect(checkRow(row({ 1: many }), MAP, 4, CN).problems.map((p) => p.code)).toEqual(['too_many_phones']);
  });

  it('rejects bad dates in each date field', () => {
    const p = checkRow(row({ 4: '1990-02-30', 6: 'next spring', 7: '2024/13/01', 14: 'soon', 15: '2026-12-05 25:00' }), MAP, 4, CN).problems;
    expect(p.map((x) => [x.field, x.code, x.value])).toEqual([
      ['birthday', 'bad_date', '1990-02-30'],
      ['babyBirthDate', 'bad_date', '2024/13/01'],
      ['weddingDate', 'bad_date', 'next spring'],
      ['stageAddedAt', 'bad_date', 'soon'],
      ['stageDueAt', 'bad_date', '2026-12-05 25:00'],
    ]);
  });

  it('rejects unknown gender, business type and stage words', () => {
    const p = checkRow(row({ 3: 'dragon', 5: 'funeral', 13: 'married' }), MAP, 4, CN).problems;
    expect(p.map((x) => [x.field, x.code, x.value])).toEqual([
      ['gender', 'bad_value', 'dragon'],
      ['businessType', 'bad_value', 'funeral'],
      ['stage', 'bad_value', 'married'],
    ]);
  });

  it('applies the customer form\'s schema: lengths and control characters', () => {
    const p = checkRow(row({ 0: 'x'.repeat(101), 16: 'a'.repeat(301), 10: 't'.repeat(41) }), MAP, 4, CN).problems;
    expect(p.map((x) => [x.field, x.code])).toEqual([
      ['name', 'too_long'],
      ['address', 'too_long'],
      ['tags', 'too_long'],
    ]);
    expect(checkRow(row({ 0: 'Ann\u0007' }), MAP, 4, CN).problems.map((x) => [x.field, x.code])).toEqual([['name', 'bad_value']]);
  });

  it('reads a Vietnamese row in a Vietnamese studio', () => {
    const vn: RowContext = { country: 'VN', timeZone: 'Asia/Ho_Chi_Minh', dayOrder: 'dmy' };
    const r = checkRow(['Trần Thị Hoa', '0912 345 678', 'Nữ', '05/03/1994', 'Ảnh cưới', 'Đã đặt, chưa chụp'], ['name', 'phone', 'gender', 'birthday', 'businessType', 'stage'], 2, vn);
    expect(r.problems).toEqual([]);
    expect(r.customer).toMatchObject({ phones: ['+84912345678'], gender: 'female', birthday: '1994-03-05', businessType: 'wedding', stage: 'ordered' });
  });
});

describe('isEmptyRow', () => {
  it('is true only when every cell is empty', () => {
    expect(isEmptyRow([])).toBe(true);
    expect(isEmptyRow([null, '', '  '])).toBe(true);
    expect(isEmptyRow([null, 0])).toBe(false);
  });
});

describe('DuplicateCheck', () => {
  const c = (row: number, phones: string[]) => checkRow(['x', phones.join(',')], ['name', 'phone'], row, CN).customer;

  it('rejects a phone an existing customer has, naming them', () => {
    const d = new DuplicateCheck((e) => (e === '+8613812345678' ? { id: 3, customerNo: 'C000003', name: '王芳' } : null));
    expect(d.check(c(2, ['13812345678']))).toEqual([
      { field: 'phone', code: 'duplicate_existing', value: '+8613812345678', message: 'already the phone of C000003 王芳', customer: { id: 3, customerNo: 'C000003', name: '王芳' } },
    ]);
  });

  it('keeps a phone for the first row that has it and rejects the later ones', () => {
    const d = new DuplicateCheck(() => null);
    expect(d.check(c(2, ['13812345678', '13900001111']))).toEqual([]);
    expect(d.check(c(3, ['13700002222']))).toEqual([]);
    expect(d.check(c(9, ['139 0000 1111']))).toEqual([{ field: 'phone', code: 'duplicate_in_file', value: '+8613900001111', message: 'row 2 has the same phone', otherRow: 2 }]);
    expect(d.check(c(10, ['13900001111', '13700002222'])).map((p) => p.otherRow)).toEqual([2, 3]);
  });
});
