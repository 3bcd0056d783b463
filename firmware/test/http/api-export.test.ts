// Export to .xlsx over real HTTP: customer lists and search results, the outbox; the reader's
// language in the headers; the "print" right; audited; an exported file imports back unchanged.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, ImportStatus, ImportUpload } from '../../src/api-types.js';
import { IMPORT_FIELDS } from '../../src/api-types.js';
import { ApiClient, userWith } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';
import { waitFor } from '../helpers/wait-for.js';

let tb: TestBox;
let admin: ApiClient;
const made: Customer[] = [];

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox());
  for (const body of [
    { name: '张伟', phones: [{ number: '138 1234 5678' }, { number: '010-6552-9988' }], email: 'zhang.wei@example.cn', gender: 'male', birthday: '1990-01-31', area: '朝阳区', source: '抖音', businessType: 'wedding', weddingDate: '2027-05-01', notes: '喜欢上午\n第二行', tags: ['VIP', '老客户'], stage: 'ordered', stageDueAt: '2027-04-20T07:00:00.000Z' },
    { name: 'Trần Thị Hoa', phones: [{ number: '+84 912 345 678' }], gender: 'female', businessType: 'children', babyBirthDate: '2026-06-01' },
    { name: 'Plain Ann' },
  ]) {
    const r = await admin.post<Customer>('/api/customers', body);
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    made.push(r.data);
  }
});
afterAll(() => tb?.close());

async function download(client: ApiClient, path: string): Promise<{ status: number; sheet: ExcelJS.Worksheet | null; disposition: string | null }> {
  const res = await fetch(new URL(path, tb.url), { headers: client.sessionCookie ? { cookie: client.sessionCookie } : {} });
  if (res.status !== 200) return { status: res.status, sheet: null, disposition: null };
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  return { status: 200, sheet: book.worksheets[0]!, disposition: res.headers.get('content-disposition') };
}
const values = (sheet: ExcelJS.Worksheet, n: number) => (sheet.getRow(n).values as unknown[]).slice(1);

describe('customer export', () => {
  it('writes every customer with Chinese headers and words, on the studio clock', async () => {
    const d = await download(admin, '/api/exports/customers?lang=zh-CN');
    expect(d.status).toBe(200);
    expect(d.disposition).toMatch(/^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const sheet = d.sheet!;
    expect(sheet.name).toBe('客户');
    expect(values(sheet, 1)).toEqual(['客户编号', '姓名', '电话', '电子邮箱', '性别', '生日', '地址', '区域', '职业', '来源', '业务类型', '宝宝出生日期', '结婚日期', '备注', '标签', '阶段', '进入此阶段时间', '阶段到期', '创建时间', '创建人', '最后修改']);
    expect(sheet.rowCount).toBe(4);
    // The list's order: newest first.
    const zhang = values(sheet, 4);
    expect(zhang.slice(0, 18)).toEqual([made[0]!.customerNo, '张伟', '138 1234 5678 / 010 6552 9988', 'zhang.wei@example.cn', '男', '1990-01-31', undefined, '朝阳区', undefined, '抖音', '婚纱', undefined, '2027-05-01', '喜欢上午\n第二行', 'VIP, 老客户', '已下单，未拍摄', expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/), '2027-04-20 15:00']);
    expect(zhang[19]).toBe('Boss');
    expect(values(sheet, 3).slice(1, 5)).toEqual(['Trần Thị Hoa', '+84 912 345 678', undefined, '女']);
  });

  it('writes a search result, a stage, in Vietnamese, and is audited with what was asked', async () => {
    const d = await download(admin, `/api/exports/customers?q=${encodeURIComponent('hoa')}&lang=vi`);
    expect(values(d.sheet!, 1).slice(0, 3)).toEqual(['Mã khách hàng', 'Họ tên', 'Điện thoại']);
    expect(d.sheet!.rowCount).toBe(2);
    expect(values(d.sheet!, 2).slice(1, 2)).toEqual(['Trần Thị Hoa']);
    const staged = await download(admin, '/api/exports/customers?stage=ordered&lang=en');
    expect(staged.sheet!.rowCount).toBe(2);
    expect(values(staged.sheet!, 2)[15]).toBe('Ordered, not shot');
    const audit = (await admin.get('/api/audit?entity=customer&limit=2')).data.items;
    expect(audit[0]).toMatchObject({ action: 'export', summary: '1 customers exported (stage ordered)', detail: { count: 1, q: '', stage: 'ordered', lang: 'en' } });
    expect(audit[1]).toMatchObject({ action: 'export', summary: '1 customers exported (search "hoa")' });
  });

  it('an exported file imports back into another box as the same customers', async () => {
    const res = await fetch(new URL('/api/exports/customers?lang=vi', tb.url), { headers: { cookie: admin.sessionCookie! } });
    const file = Buffer.from(await res.arrayBuffer());
    const other = await startSetUpBox();
    try {
      const up = await fetch(new URL('/api/customer-imports?name=export.xlsx', other.tb.url), {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', origin: other.tb.url.replace(/\/$/, ''), cookie: other.admin.sessionCookie! },
        body: file,
      });
      const upload = ((await up.json()) as { data: ImportUpload }).data;
      expect(upload.mapping).toEqual([null, ...IMPORT_FIELDS, null, null, null]);
      await other.admin.post(`/api/customer-imports/${upload.id}/run`, { mapping: upload.mapping });
      const s = await waitFor(async () => {
        const st = (await other.admin.get<ImportStatus>(`/api/customer-imports/${upload.id}`)).data;
        return st.phase === 'checking' || st.phase === 'importing' ? null : st;
      }, 'the import', 60_000, 100);
      expect(s.phase, JSON.stringify(s.check?.problems ?? s.error)).toBe('done');
      for (const c of made) {
        const found = (await other.admin.get(`/api/customers?q=${encodeURIComponent(c.name)}`)).data.items[0];
        const copy = (await other.admin.get<Customer>(`/api/customers/${found.id}`)).data;
        const pick = (x: Customer) => ({ ...x, id: 0, customerNo: '', createdAt: '', createdBy: null, updatedAt: '', updatedBy: null, stageAddedAt: x.stageAddedAt.slice(0, 16), phones: x.phones.map((p) => ({ ...p, label: '' })) });
        expect(pick(copy)).toEqual(pick(c));
      }
    } finally {
      await other.tb.close();
    }
  });

  it('needs the "print" right on customers', async () => {
    const viewer = await userWith(admin, 'viewer', { customers: ['view', 'add', 'edit'] });
    expect((await download(viewer.client, '/api/exports/customers')).status).toBe(403);
    const printer = await userWith(admin, 'printer', { customers: ['view', 'print'] });
    expect((await download(printer.client, '/api/exports/customers')).status).toBe(200);
    expect((await download(printer.client, '/api/exports/outbox')).status).toBe(403);
    expect((await download(new ApiClient(tb.url), '/api/exports/customers')).status).toBe(401);
    expect((await download(admin, '/api/exports/customers?lang=fr')).status).toBe(400);
  });
});

describe('segment export', () => {
  it("writes a saved segment's customers in the reader's language, audited; needs print on customers and the campaigns right", async () => {
    const seg = await admin.post<{ id: number }>('/api/segments', { name: 'Wedding VIPs', filter: { businessTypes: ['wedding'], tags: ['VIP'] } });
    expect(seg.status, JSON.stringify(seg.error)).toBe(201);
    const d = await download(admin, `/api/exports/segments/${seg.data.id}?lang=vi`);
    expect(d.status).toBe(200);
    expect(d.disposition).toMatch(/^attachment; filename="segment-\d+-\d{4}-\d{2}-\d{2}\.xlsx"/);
    expect(values(d.sheet!, 1).slice(0, 3)).toEqual(['Mã khách hàng', 'Họ tên', 'Điện thoại']);
    expect(d.sheet!.rowCount).toBe(2);
    expect(values(d.sheet!, 2).slice(0, 2)).toEqual([made[0]!.customerNo, '张伟']);
    const audit = (await admin.get<{ items: { action: string; summary: string; detail: unknown }[] }>('/api/audit?entity=customer&limit=1')).data.items[0]!;
    expect(audit).toMatchObject({ action: 'export', summary: '1 customers of segment "Wedding VIPs" exported', detail: { count: 1, segmentId: seg.data.id, lang: 'vi' } });
    const { client: noPrint } = await userWith(admin, 'seg-viewer', { customers: ['view'], campaigns: ['view'] });
    const { client: noCampaigns } = await userWith(admin, 'seg-printer', { customers: ['view', 'print'] });
    expect((await download(noPrint, `/api/exports/segments/${seg.data.id}`)).status).toBe(403);
    expect((await download(noCampaigns, `/api/exports/segments/${seg.data.id}`)).status).toBe(403);
    expect((await download(admin, '/api/exports/segments/99999')).status).toBe(404);
    expect((await download(admin, `/api/exports/segments/${seg.data.id}?lang=fr`)).status).toBe(400);
  });
});

describe('outbox export', () => {
  it('writes the send records with origin and state in the reader\'s language, audited', async () => {
    const sent = await admin.post('/api/sms', { customerId: made[0]!.id, text: '张先生您好，明天下午三点拍摄。' });
    expect(sent.status, JSON.stringify(sent.error)).toBe(201);
    const d = await download(admin, '/api/exports/outbox?lang=zh-CN');
    expect(d.status).toBe(200);
    expect(d.sheet!.name).toBe('短信发送记录');
    expect(values(d.sheet!, 1)).toEqual(['时间', '收件人', '客户编号', '姓名', '来源', '用途', '内容', '条数', '状态', '发出时间', '送达时间', '错误', '发送人']);
    const row = values(d.sheet!, 2);
    expect(row.slice(1, 5)).toEqual(['138 1234 5678', made[0]!.customerNo, '张伟', '手动']);
    expect(row[6]).toBe('张先生您好，明天下午三点拍摄。');
    expect(['排队中', '发送中', '已发出', '已送达']).toContain(row[8]);
    const audit = (await admin.get('/api/audit?entity=sms&limit=1')).data.items[0];
    expect(audit).toMatchObject({ action: 'export', summary: '1 sent SMS exported' });
  });
});
