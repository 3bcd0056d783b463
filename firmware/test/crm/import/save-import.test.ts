// The import's write: staged rows become customers in one transaction, or none do (a phone
// taken since the check).
import { describe, expect, it } from 'vitest';
import type { ImportedCustomer } from '../../../src/api-types.js';
import { ImportStaging } from '../../../src/crm/import/import-staging.js';
import { DuplicatePhoneError } from '../../../src/errors.js';
import { customerService } from '../../helpers/customer-service.js';

const row = (i: number, phones: string[]): ImportedCustomer => ({
  row: i + 2, name: `客户${i}`, phones, gender: null, birthday: null, birthdayLunar: false, address: '', area: '', occupation: '', source: '', businessType: null,
  babyBirthDate: null, weddingDate: null, notes: '', tags: ['导入'], email: null, stage: 'history', stageAddedAt: '2020-05-01T02:00:00.000Z', stageDueAt: null,
});
const count = (db: ReturnType<typeof customerService>['db'], t: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;

const staged = (db: ReturnType<typeof customerService>['db'], rows: ImportedCustomer[]) => {
  const s = new ImportStaging(db);
  // In two pieces, as the reader stages them.
  s.add(rows.slice(0, Math.ceil(rows.length / 2)));
  s.add(rows.slice(Math.ceil(rows.length / 2)));
  return s;
};

describe('CustomerService.saveImport', () => {
  it('saves every row with its numbers, phones, search entry and stage times, and one audit line', () => {
    const { db, customers, actor } = customerService();
    customers.create(actor, { name: 'Before' });
    const ids = customers.saveImport(actor, staged(db, [row(0, ['+8613900000000', '+8613900000001']), row(1, [])]), 'a.xlsx');
    expect(ids).toEqual([2, 3]);
    const c = customers.get(ids[0]!);
    expect(c).toMatchObject({ customerNo: 'C000002', name: '客户0', createdBy: { id: 1, name: 'A' }, tags: ['导入'], email: null, stage: 'history', stageAddedAt: '2020-05-01T02:00:00.000Z', phones: [{ e164: '+8613900000000' }, { e164: '+8613900000001' }] });
    expect(customers.search('13900000001', 10).items.map((i) => i.id)).toEqual([ids[0]]);
    expect(customers.search('客户1', 10).items.map((i) => i.id)).toEqual([ids[1]]);
    expect(customers.get(ids[1]!)).toMatchObject({ customerNo: 'C000003', phones: [] });
    expect(db.prepare(`SELECT action, summary FROM audit_log WHERE action = 'import'`).all()).toEqual([{ action: 'import', summary: '2 customers imported from a.xlsx (C000002–C000003)' }]);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM customers WHERE customer_no NOT LIKE 'C%'`).get()).toEqual({ n: 0 });
  });

  it('writes nothing when a staged phone belongs to a customer already', () => {
    const { db, customers, actor } = customerService();
    customers.create(actor, { name: 'Early', phones: [{ number: '13900000777' }] });
    const before = ['customers', 'customer_phones', 'customer_search', 'audit_log'].map((t) => count(db, t));
    const rows = Array.from({ length: 1000 }, (_, i) => row(i, [`+86139${String(i).padStart(8, '0')}`]));
    expect(() => customers.saveImport(actor, staged(db, rows), 'b.xlsx')).toThrow(DuplicatePhoneError);
    expect(['customers', 'customer_phones', 'customer_search', 'audit_log'].map((t) => count(db, t))).toEqual(before);
  });

  it('does nothing for no rows', () => {
    const { db, customers, actor } = customerService();
    expect(customers.saveImport(actor, new ImportStaging(db), 'c.csv')).toEqual([]);
    expect(count(db, 'audit_log')).toBe(0);
  });
});
