// The activity reports (R1) over HTTP on a real box, against the fixed data set
// (activity-data.ts) worked out by hand: SMS sent / delivered / failed per purpose, campaign,
// month and day with the parts used; contact records and visit plans per staff member. The
// box's clock is 2026-03-20 10:00 in Shanghai (the plans' "overdue").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportTable } from '../../src/api-types.js';
import { userWith, type ApiClient } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';
import { insertContacts, insertPhotos, insertSamples, insertSms, insertStaff } from './activity-data.js';
import { waitFor } from '../helpers/wait-for.js';
import { downloadXlsx, insertCustomers } from './report-data.js';

let tb: TestBox;
let admin: ApiClient;
const RANGE = 'from=2026-01-01&to=2026-03-31';

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox({ clock: () => new Date(Date.parse('2026-03-20T02:00:00Z')) }));
  const db = tb.box.ctx.db;
  const [customer] = insertCustomers(db);
  insertSms(db);
  insertContacts(db, insertStaff(db), customer!);
  insertPhotos(db, customer!);
  // The box sampled its disks at start (2026-03-20); the fixed samples are other days.
  await waitFor(() => db.prepare("SELECT 1 FROM storage_samples WHERE day = '2026-03-20'").get(), 'the start-up storage sample');
  insertSamples(db);
}, 60_000);
afterAll(() => tb?.close());

const report = async (path: string, client = admin) => {
  const r = await client.get<ReportTable>(path);
  expect(r.status, JSON.stringify(r.error)).toBe(200);
  return r.data;
};

describe('SMS sent, delivered and failed', () => {
  it('per purpose (else origin): messages, sent (delivered and unconfirmed included), delivered, failed, parts sent', async () => {
    const t = await report(`/api/reports/sms-sent?${RANGE}`);
    expect(t.group).toBe('purpose');
    expect(t.columns.map((c) => c.key)).toEqual(['purpose', 'messages', 'sent', 'delivered', 'failed', 'parts']);
    expect(t.rows).toEqual([
      ['Group send', 3, 3, 1, 0, 6],
      ['Birthday reminder', 2, 1, 1, 1, 2],
      ['Sent by hand', 2, 1, 1, 0, 1],
    ]);
    expect(t.totals).toEqual(['Total', 7, 5, 3, 1, 9]);
    expect(t.chart).toEqual({ type: 'bar', x: 'purpose', series: ['delivered', 'failed'] });
    const zh = await report(`/api/reports/sms-sent?${RANGE}&lang=zh-CN`);
    expect(zh.rows.map((r) => r[0])).toEqual(['群发', '生日提醒', '手动发送']);
  });

  it('per campaign, per month and per day', async () => {
    expect((await report(`/api/reports/sms-sent?${RANGE}&group=campaign`)).rows).toEqual([
      ['Spring offer', 2, 2, 1, 0, 3],
      ['Tết greetings', 1, 1, 0, 0, 3],
    ]);
    const m = await report(`/api/reports/sms-sent?${RANGE}&group=month`);
    expect(m.rows).toEqual([
      ['2026-01', 1, 1, 1, 0, 1],
      ['2026-02', 3, 2, 1, 1, 4],
      ['2026-03', 3, 2, 1, 0, 4],
    ]);
    expect(m.chart).toEqual({ type: 'line', x: 'month', series: ['sent', 'delivered', 'failed'] });
    expect((await report('/api/reports/sms-sent?from=2026-02-10&to=2026-02-11&group=day')).rows).toEqual([
      ['2026-02-10', 2, 1, 0, 1, 2],
      ['2026-02-11', 0, 0, 0, 0, 0],
    ]);
  });

  it('needs sms:view besides reports:view', async () => {
    const reader = (await userWith(admin, 'rita', { reports: ['view'] })).client;
    expect((await reader.get(`/api/reports/sms-sent?${RANGE}`)).status).toBe(403);
    expect((await reader.get<string[]>('/api/reports')).data).not.toContain('sms-sent');
    const both = (await userWith(admin, 'sam', { reports: ['view', 'print'], sms: ['view'] })).client;
    expect((await report(`/api/reports/sms-sent?${RANGE}`, both)).rows).toHaveLength(3);
    const x = await downloadXlsx(tb.url, both, `/api/reports/sms-sent/export?${RANGE}&group=campaign&lang=vi`);
    expect(x.rows).toEqual([
      ['Đợt gửi nhóm', 'Tin nhắn', 'Đã gửi', 'Đã nhận', 'Lỗi', 'Số phần tính phí'],
      ['Spring offer', 2, 2, 1, 0, 3],
      ['Tết greetings', 1, 1, 0, 0, 3],
      ['Tổng', 3, 3, 1, 0, 6],
    ]);
  });
});

describe('contact records and visit plans per staff member', () => {
  it('counts records written, plans made, due, done and overdue per person', async () => {
    const t = await report(`/api/reports/staff-contacts?${RANGE}`);
    expect(t.group).toBeNull();
    expect(t.columns.map((c) => c.key)).toEqual(['staff', 'contacts', 'plans_made', 'plans_due', 'plans_done', 'plans_overdue']);
    expect(t.rows).toEqual([
      ['Lan', 2, 3, 3, 1, 1],
      ['Minh', 1, 1, 1, 1, 0],
      ['(not given)', 1, 0, 0, 0, 0],
    ]);
    expect(t.totals).toEqual(['Total', 4, 4, 4, 2, 1]);
    // March alone: Lan's Feb 10 record and plans made in February are out; Minh's Jan 5 plan too.
    expect((await report('/api/reports/staff-contacts?from=2026-03-01&to=2026-03-31')).rows).toEqual([
      ['Lan', 0, 1, 3, 1, 1],
      ['Minh', 1, 1, 0, 0, 0],
    ]);
    const grouped = await admin.get(`/api/reports/staff-contacts?${RANGE}&group=month`);
    expect([grouped.status, grouped.error?.fields?.[0]?.path]).toEqual([400, 'group']);
  });

  it('needs contacts:view besides reports:view', async () => {
    const reader = (await userWith(admin, 'rosa', { reports: ['view'] })).client;
    expect((await reader.get(`/api/reports/staff-contacts?${RANGE}`)).status).toBe(403);
    const both = (await userWith(admin, 'cuong', { reports: ['view'], contacts: ['view'] })).client;
    expect((await report(`/api/reports/staff-contacts?${RANGE}&lang=zh-CN`, both)).columns[0]!.label).toBe('员工');
  });
});

describe('photos ingested and disk growth', () => {
  it('counts the stored files and their gigabytes per month and day', async () => {
    const t = await report(`/api/reports/photos-ingested?${RANGE}&group=month`);
    expect(t.columns.map((c) => [c.key, c.kind])).toEqual([['month', 'month'], ['photos', 'count'], ['gigabytes', 'gigabytes']]);
    expect(t.rows).toEqual([['2026-01', 1, 1.5], ['2026-02', 2, 0.75], ['2026-03', 0, 0]]);
    expect(t.totals).toEqual(['Total', 3, 2.25]);
    const d = await report('/api/reports/photos-ingested?from=2026-01-31&to=2026-02-01');
    expect(d.group).toBe('day');
    expect(d.rows).toEqual([['2026-01-31', 1, 1.5], ['2026-02-01', 2, 0.75]]);
  });

  it("shows each day's sample, and per month the month's last, in gigabytes", async () => {
    const box = tb.box.ctx.db.prepare("SELECT library_used, library_free, photos FROM storage_samples WHERE day = '2026-03-20'").get() as { library_used: number; library_free: number; photos: number };
    expect(box.library_free).toBeGreaterThan(0);
    const m = await report(`/api/reports/disk-growth?${RANGE}&group=month`);
    expect(m.rows.slice(0, 2)).toEqual([
      ['2026-01', 100, 900, 101, 899, 10],
      ['2026-02', 110, 890, 111, 889, 20],
    ]);
    expect(m.rows[2]).toEqual(['2026-03', Math.round(box.library_used / 1e7) / 100, Math.round(box.library_free / 1e7) / 100, expect.any(Number), expect.any(Number), box.photos]);
    expect(m.totals).toBeNull();
    expect(m.chart).toEqual({ type: 'line', x: 'month', series: ['library_used', 'backup_used'] });
    expect((await report('/api/reports/disk-growth?from=2026-01-31&to=2026-02-02')).rows).toEqual([
      ['2026-01-31', 100, 900, 101, 899, 10],
      ['2026-02-01', 102, 898, null, null, 12],
      ['2026-02-02', null, null, null, null, null],
    ]);
  });

  it('needs ingest:view besides reports:view', async () => {
    const reader = (await userWith(admin, 'ria', { reports: ['view'] })).client;
    expect((await reader.get(`/api/reports/disk-growth?${RANGE}`)).status).toBe(403);
    expect((await reader.get(`/api/reports/photos-ingested?${RANGE}`)).status).toBe(403);
    const both = (await userWith(admin, 'ivan', { reports: ['view'], ingest: ['view'] })).client;
    expect((await report(`/api/reports/photos-ingested?${RANGE}&lang=vi`, both)).columns[1]!.label).toBe('Ảnh đã chép');
  });
});
