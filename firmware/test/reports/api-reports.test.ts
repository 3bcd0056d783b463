// Reports (R1) over HTTP on a real box: the route shape and its 400s, the rights (reports:view,
// reports:print for the audited .xlsx), and the new-customers report's numbers against the
// fixed data set (report-data.ts), worked out by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../src/api-types.js';
import { userWith, type ApiClient } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';
import { downloadXlsx, insertCustomers, readReport } from './report-data.js';

let tb: TestBox;
let admin: ApiClient;
const RANGE = 'from=2026-01-01&to=2026-03-31';

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox());
  insertCustomers(tb.box.ctx.db);
}, 60_000);
afterAll(() => tb?.close());

const report = (path: string) => readReport(admin, path);

describe('new customers', () => {
  it('per month by the studio\'s days (Asia/Shanghai), the range\'s edges exact', async () => {
    const t = await report(`/api/reports/new-customers?${RANGE}`);
    expect(t.group).toBe('month');
    expect(t.columns.map((c) => [c.key, c.kind])).toEqual([['month', 'month'], ['customers', 'count']]);
    expect(t.rows).toEqual([['2026-01', 1], ['2026-02', 2], ['2026-03', 1]]);
    expect(t.totals).toEqual(['Total', 4]);
    expect(t.chart).toEqual({ type: 'bar', x: 'month', series: ['customers'] });
    // A range inside a month: only its days.
    expect((await report('/api/reports/new-customers?from=2026-02-01&to=2026-02-09')).rows).toEqual([['2026-02', 1]]);
    expect((await report('/api/reports/new-customers?from=2026-04-01&to=2026-04-01')).rows).toEqual([['2026-04', 1]]);
  });

  it('by source, area, business type and age band', async () => {
    expect((await report(`/api/reports/new-customers?${RANGE}&group=source`)).rows).toEqual([['walk-in', 2], ['(not given)', 1], ['wechat', 1]]);
    expect((await report(`/api/reports/new-customers?${RANGE}&group=area`)).rows).toEqual([['Hai Chau', 2], ['(not given)', 1], ['Son Tra', 1]]);
    expect((await report(`/api/reports/new-customers?${RANGE}&group=business_type`)).rows).toEqual([['Wedding', 2], ['Children', 1], ['(not given)', 1]]);
    // Ages on 2026-03-31: 18 on the day (2008-03-31), 17 (2008-04-01), 50 (1976-01-01), unknown.
    expect((await report(`/api/reports/new-customers?${RANGE}&group=age_band`)).rows).toEqual([
      ['Under 18', 1], ['18–24', 1], ['25–29', 0], ['30–34', 0], ['35–39', 0], ['40–49', 0], ['50 and over', 1], ['(not given)', 1],
    ]);
    const zh = await report(`/api/reports/new-customers?${RANGE}&group=business_type&lang=zh-CN`);
    expect(zh.columns.map((c) => c.label)).toEqual(['业务类型', '新客户']);
    expect(zh.rows[0]).toEqual(['婚纱', 2]);
  });
});

describe('the route', () => {
  it('refuses bad queries with a 400 naming the field, an unknown report with 404', async () => {
    const bad: [string, string][] = [
      ['to=2026-01-01', 'from'],
      ['from=2026-01-01', 'to'],
      ['from=2026-13-01&to=2026-12-01', 'from'],
      ['from=2026-02-01&to=2026-01-31', 'to'],
      ['from=2000-01-01&to=2026-01-31', 'to'],
      [`${RANGE}&group=planet`, 'group'],
      [`${RANGE}&lang=fr`, 'lang'],
      [`${RANGE}&colour=red`, 'colour'],
    ];
    for (const [q, field] of bad) {
      const r = await admin.get(`/api/reports/new-customers?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.error?.fields?.[0]?.path, q).toBe(field);
    }
    expect((await admin.get(`/api/reports/nothing?${RANGE}`)).status).toBe(404);
    expect((await admin.get(`/api/reports/__proto__?${RANGE}`)).status).toBe(404);
  });

  it('reports:view reads, reports:print downloads the .xlsx in the reader\'s language, audited', async () => {
    const viewer = (await userWith(admin, 'rita', { reports: ['view'] })).client;
    expect((await viewer.get(`/api/reports/new-customers?${RANGE}`)).status).toBe(200);
    expect((await viewer.get('/api/reports')).data).toContain('new-customers');
    expect((await downloadXlsx(tb.url, viewer, `/api/reports/new-customers/export?${RANGE}`)).status).toBe(403);
    const other = (await userWith(admin, 'otto', { customers: ['view', 'print'] })).client;
    expect((await other.get(`/api/reports/new-customers?${RANGE}`)).status).toBe(403);

    const printer = (await userWith(admin, 'pia', { reports: ['view', 'print'] })).client;
    const d = await downloadXlsx(tb.url, printer, `/api/reports/new-customers/export?${RANGE}&group=business_type&lang=vi`);
    expect(d.status).toBe(200);
    expect(d.disposition).toMatch(/filename="new-customers-2026-01-01-2026-03-31\.xlsx"/);
    expect(d.rows).toEqual([['Loại dịch vụ', 'Khách mới'], ['Ảnh cưới', 2], ['Trẻ em', 1], ['(chưa ghi)', 1], ['Tổng', 4]]);
    const log = (await admin.get<AuditPage>('/api/audit?entity=report')).data.items;
    expect(log[0]!.summary).toBe('report new-customers 2026-01-01–2026-03-31 by business_type exported (3 rows)');
    expect(log[0]!.user?.name).toBe('pia');
  });
});
