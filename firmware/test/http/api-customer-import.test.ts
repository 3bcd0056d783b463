// Customer import over real HTTP with real files made here: a 5,000-row .xlsx with 50 bad rows
// of every kind, a GBK CSV; the dry run row by row, all or nothing, the report, the rights.
import ExcelJS from 'exceljs';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, CustomerPage, ImportStatus, ImportUpload } from '../../src/api-types.js';
import { ApiClient, userWith } from '../helpers/http-client.js';
import { BAD_KINDS, customerSheet, gbkCsv, rowPhone, writeXlsx } from '../helpers/import-files.js';
import { rowCount, startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';
import { waitFor } from '../helpers/wait-for.js';

let tb: TestBox;
let admin: ApiClient;
let dir: string;

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox());
  dir = mkdtempSync(join(tmpdir(), 'import-test-'));
});
afterAll(async () => {
  await tb?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Sends the file's bytes as the body, as the UI does. */
async function upload(client: ApiClient, name: string, bytes: Buffer, type = 'application/octet-stream') {
  const res = await fetch(new URL(`/api/customer-imports?name=${encodeURIComponent(name)}`, client.baseUrl), {
    method: 'POST',
    headers: { 'content-type': type, origin: client.baseUrl.replace(/\/$/, ''), ...(client.sessionCookie ? { cookie: client.sessionCookie } : {}) },
    body: bytes,
  });
  const json = (await res.json()) as { data?: ImportUpload; error?: { code: string; message: string } };
  return { status: res.status, data: json.data!, error: json.error };
}

async function settle(client: ApiClient, id: string): Promise<ImportStatus> {
  let last: ImportStatus | undefined;
  await waitFor(async () => {
    last = (await client.get<ImportStatus>(`/api/customer-imports/${id}`)).data;
    return last.phase !== 'checking' && last.phase !== 'importing';
  }, `import ${id} to settle`, 120_000, 100);
  return last!;
}

const customers = () => rowCount(tb, 'customers');

describe('a 5,000-row .xlsx with 50 bad rows of every kind', () => {
  const existing = '13700000000';
  let sheet: ReturnType<typeof customerSheet>;
  let up: ImportUpload;

  it('uploads, and the box guesses the columns from the Chinese headers', async () => {
    const c = await admin.post<Customer>('/api/customers', { name: '老客户', phones: [{ number: existing }] });
    expect(c.status).toBe(201);
    sheet = customerSheet(5000, 50, existing);
    const file = join(dir, 'customers.xlsx');
    await writeXlsx(file, sheet);
    const r = await upload(admin, '客户资料.xlsx', readFileSync(file));
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    up = r.data;
    expect(up).toMatchObject({ fileName: '客户资料.xlsx', format: 'xlsx', encoding: null, columns: sheet.headers });
    expect(up.mapping).toEqual([null, 'name', 'phone', 'gender', 'birthday', 'businessType', 'stage', 'stageDueAt', 'notes']);
    expect(up.sample[0]).toEqual(['OLD0', '客户0号', rowPhone(0), '男', '1980-01-01', '儿童', '已下单，未拍摄', '2027-01-15 15:00', '备注 0']);
    expect(up.sample).toHaveLength(5);
  });

  it('the dry run reports every rejected row and why, and saves nothing', async () => {
    const before = [customers(), rowCount(tb, 'audit_log')];
    const started = await admin.post<ImportStatus>(`/api/customer-imports/${up.id}/check`, { mapping: up.mapping });
    expect(started.status).toBe(202);
    const s = await settle(admin, up.id);
    expect(s.phase).toBe('checked');
    expect(s.check).toMatchObject({ total: 5000, valid: sheet.valid, rejected: 300 });
    const byKind: Record<string, number> = {};
    for (const p of s.check!.problems) {
      expect(p.problems).toHaveLength(1);
      expect(sheet.badRows.get(p.row)).toBe(p.problems[0]!.code);
      byKind[p.problems[0]!.code] = (byKind[p.problems[0]!.code] ?? 0) + 1;
    }
    expect(byKind).toEqual(sheet.rejected);
    const dupe = s.check!.problems.find((p) => p.problems[0]!.code === 'duplicate_existing')!;
    expect(dupe.problems[0]!.customer).toMatchObject({ name: '老客户' });
    expect(s.check!.problems.find((p) => p.problems[0]!.code === 'duplicate_in_file')!.problems[0]!.otherRow).toBe(2);
    // The preview is the rows as they will be saved.
    expect(s.check!.preview[0]).toEqual({
      row: 2, name: '客户0号', phones: ['+8613900000000'], gender: 'male', birthday: '1980-01-01', birthdayLunar: false, address: '', area: '', occupation: '', source: '',
      businessType: 'children', babyBirthDate: null, weddingDate: null, notes: '备注 0', tags: [], email: null, stage: 'ordered', stageAddedAt: null, stageDueAt: '2027-01-15T07:00:00.000Z',
    });
    expect([customers(), rowCount(tb, 'audit_log')]).toEqual(before);
  });

  it('the dry run report downloads as .xlsx in the asked language, one line per row', async () => {
    const res = await fetch(new URL(`/api/customer-imports/${up.id}/report?lang=zh-CN`, tb.url), { headers: { cookie: admin.sessionCookie! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = book.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([undefined, '行号', '结果', '客户编号', '姓名', '问题']);
    expect(ws.rowCount).toBe(5001);
    const firstBad = [...sheet.badRows.entries()].find(([, k]) => k === 'bad_phone')!;
    const line = ws.getRows(2, 5000)!.find((r) => r.getCell(1).value === firstBad[0])!;
    expect(line.getCell(2).value).toBe('被拒绝');
    expect(String(line.getCell(5).value)).toBe('电话: 电话号码无效 (12345)');
  });

  it('is all or nothing: with rejected rows the import saves nothing', async () => {
    const before = customers();
    await admin.post(`/api/customer-imports/${up.id}/run`, { mapping: up.mapping });
    const s = await settle(admin, up.id);
    expect(s.phase).toBe('checked');
    expect(s.error?.code).toBe('rejected_rows');
    expect(customers()).toBe(before);
  });

  it('with "leave the rejected rows out" it saves every valid row in one go, audited once', async () => {
    const before = customers();
    const auditBefore = rowCount(tb, 'audit_log');
    const r = await admin.post<ImportStatus>(`/api/customer-imports/${up.id}/run`, { mapping: up.mapping, skipRejected: true });
    expect(r.status).toBe(202);
    const s = await settle(admin, up.id);
    expect(s.phase, JSON.stringify(s.error)).toBe('done');
    expect(s.imported).toBe(sheet.valid);
    expect(customers()).toBe(before + sheet.valid);
    expect(rowCount(tb, 'audit_log')).toBe(auditBefore + 1);
    const audit = (await admin.get('/api/audit?entity=customer&limit=1')).data.items[0];
    expect(audit).toMatchObject({ action: 'import', summary: expect.stringContaining(`${sheet.valid} customers imported from 客户资料.xlsx`) });
    // Searchable by name and phone, with stage and due time.
    const found = await admin.get<CustomerPage>(`/api/customers?q=${encodeURIComponent('客户4999号')}`);
    expect(found.data.items).toHaveLength(1);
    const c = (await admin.get<Customer>(`/api/customers/${found.data.items[0]!.id}`)).data;
    expect(c).toMatchObject({ phones: [{ e164: `+86${rowPhone(4999)}` }], gender: 'female', businessType: 'wedding', stage: 'lead', createdBy: { name: 'Boss' } });
    expect((await admin.get<CustomerPage>(`/api/customers?q=${rowPhone(1234).slice(-6)}`)).data.items.map((i) => i.name)).toContain('客户1234号');
  });

  it('the report after the import gives each saved row its customer number; the upload cannot be imported twice', async () => {
    const res = await fetch(new URL(`/api/customer-imports/${up.id}/report?lang=en`, tb.url), { headers: { cookie: admin.sessionCookie! } });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = book.worksheets[0]!;
    expect(ws.getRow(2).values).toEqual([undefined, 2, 'Imported', expect.stringMatching(/^C\d{6}$/), '客户0号']);
    const skipped = ws.getRows(2, 5000)!.filter((r) => r.getCell(2).value === 'Skipped (has problems)');
    expect(skipped).toHaveLength(300);
    const again = await admin.post(`/api/customer-imports/${up.id}/run`, { mapping: up.mapping, skipRejected: true });
    expect(again.status).toBe(409);
    expect(again.error?.code).toBe('import_done');
  });
});

describe('a GBK CSV from old Chinese software', () => {
  it('is told from its bytes, read right, and imported', async () => {
    const sheet = { headers: ['姓名', '联系电话', '性别', '出生日期', '宝宝生日', '客户来源', '标签', '备注'], rows: [
      ['张伟', '138 1234 0001', '男', new Date(Date.UTC(1990, 0, 31)), null, '大众点评', 'VIP、老客户', '喜欢上午, 周末'],
      ['李娜', '13812340002/13812340003', '女', null, new Date(Date.UTC(2026, 5, 1)), '朋友介绍', '', '"双胞胎"'],
    ] };
    const r = await upload(admin, 'old.csv', gbkCsv(sheet), 'text/csv');
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    expect(r.data).toMatchObject({ format: 'csv', encoding: 'gb18030', columns: sheet.headers });
    expect(r.data.mapping).toEqual(['name', 'phone', 'gender', 'birthday', 'babyBirthDate', 'source', 'tags', 'notes']);
    expect(r.data.sample[1]).toEqual(['李娜', '13812340002/13812340003', '女', '', '2026/6/1', '朋友介绍', '', '"双胞胎"']);
    await admin.post(`/api/customer-imports/${r.data.id}/run`, { mapping: r.data.mapping });
    const s = await settle(admin, r.data.id);
    expect(s.phase, JSON.stringify(s.error ?? s.check?.problems)).toBe('done');
    expect(s.imported).toBe(2);
    const li = (await admin.get<CustomerPage>(`/api/customers?q=${encodeURIComponent('李娜')}`)).data.items[0]!;
    const full = (await admin.get<Customer>(`/api/customers/${li.id}`)).data;
    expect(full).toMatchObject({ gender: 'female', babyBirthDate: '2026-06-01', source: '朋友介绍', notes: '"双胞胎"' });
    expect(full.phones.map((p) => p.e164)).toEqual(['+8613812340002', '+8613812340003']);
    const zhang = (await admin.get<CustomerPage>(`/api/customers?q=${encodeURIComponent('张伟')}`)).data.items[0]!;
    expect((await admin.get<Customer>(`/api/customers/${zhang.id}`)).data).toMatchObject({ birthday: '1990-01-31', tags: ['VIP', '老客户'], notes: '喜欢上午, 周末' });
  });
});

describe('bad paths: a clear error and nothing lost', () => {
  const tiny = gbkCsv({ headers: ['Name', 'Phone'], rows: [['Ann', '13812349999']] });

  it('refuses a JSON body, an empty file, an old .xls and a broken .xlsx', async () => {
    expect((await upload(admin, 'x.json', Buffer.from('{}'), 'application/json')).status).toBe(400);
    const empty = await upload(admin, 'empty.csv', Buffer.alloc(0));
    expect([empty.status, empty.error?.message]).toEqual([400, '(body): the file is empty']);
    const xls = await upload(admin, 'old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]));
    expect(xls.status).toBe(400);
    expect(xls.error?.message).toMatch(/\.xls.*xlsx/);
    const broken = await upload(admin, 'broken.xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]));
    expect(broken.status).toBe(400);
    expect(broken.error?.message).toMatch(/cannot be read/);
    expect(readdirCount()).toBe(0);
  });

  it('refuses a mapping without a name or with a field twice, and an unknown field', async () => {
    const up = (await upload(admin, 'tiny.csv', tiny)).data;
    for (const mapping of [[null, 'phone'], ['name', 'name'], ['name'], ['name', 'colour']]) {
      const r = await admin.post(`/api/customer-imports/${up.id}/check`, { mapping });
      expect(r.status).toBe(400);
      expect(r.error?.fields?.[0]?.path).toMatch(/^mapping/);
    }
  });

  it('an import stops whole when a phone became another customer\'s after the dry run', async () => {
    const sheet = { headers: ['Name', 'Phone'], rows: [['Ann', '13812348881'], ['Bob', '13812348882']] };
    const up = (await upload(admin, 'race.csv', gbkCsv(sheet))).data;
    await admin.post(`/api/customer-imports/${up.id}/check`, { mapping: up.mapping });
    expect((await settle(admin, up.id)).check?.valid).toBe(2);
    // The import uses that check; the saving transaction finds the new customer's phone itself.
    expect((await admin.post('/api/customers', { name: 'Bob early', phones: [{ number: '13812348882' }] })).status).toBe(201);
    const before = [customers(), rowCount(tb, 'customer_phones'), rowCount(tb, 'customer_search'), rowCount(tb, 'audit_log')];
    await admin.post(`/api/customer-imports/${up.id}/run`, { mapping: up.mapping });
    const s = await settle(admin, up.id);
    expect(s.phase).toBe('failed');
    expect(s.error?.code).toBe('duplicate_phone');
    expect([customers(), rowCount(tb, 'customer_phones'), rowCount(tb, 'customer_search'), rowCount(tb, 'audit_log')]).toEqual(before);
    // Checked again, the row is rejected by name.
    await admin.post(`/api/customer-imports/${up.id}/check`, { mapping: up.mapping });
    expect((await settle(admin, up.id)).check?.problems[0]?.problems[0]).toMatchObject({ code: 'duplicate_existing', customer: { name: 'Bob early' } });
  });

  it('needs customers: add; another user cannot see or run someone else\'s upload', async () => {
    const viewer = await userWith(admin, 'viewer', { customers: ['view'] });
    expect((await upload(viewer.client, 'tiny.csv', tiny)).status).toBe(403);
    const clerk = await userWith(admin, 'clerk', { customers: ['view', 'add'] });
    const mine = (await upload(admin, 'tiny.csv', tiny)).data;
    expect((await clerk.client.get(`/api/customer-imports/${mine.id}`)).status).toBe(403);
    expect((await clerk.client.post(`/api/customer-imports/${mine.id}/run`, { mapping: mine.mapping })).status).toBe(403);
    expect((await clerk.client.get('/api/customer-imports/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((await clerk.client.get('/api/customer-imports/nope')).status).toBe(400);
    const own = (await upload(clerk.client, 'tiny.csv', tiny)).data;
    expect((await clerk.client.get(`/api/customer-imports/${own.id}`)).data.phase).toBe('uploaded');
    expect((await clerk.client.delete(`/api/customer-imports/${own.id}`)).status).toBe(204);
    expect((await clerk.client.get(`/api/customer-imports/${own.id}`)).status).toBe(404);
  });
});

function readdirCount(): number {
  return readdirSync(join(tb.dataDir, 'run', 'customer-imports')).length;
}
