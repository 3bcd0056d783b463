// Group SMS end to end through the simulated SIM800 (pty, serialport): a segment's live count,
// the estimate (exclusions, previews, parts), a campaign scheduled for 18:00 studio time that
// reaches the modem personalised at 18:00 and not before, three opted-out customers, one
// without a phone and one landline skipped and counted, a message typed by staff meanwhile not
// stuck behind the campaign, pause and resume, delivery reports counted, a cancel that stops the
// rest, and the records per recipient.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign, CampaignEstimate, CampaignRecipient, OutboxMessage, RunningCampaign, Segment, SegmentCount, SendRecordDay } from '../../src/api-types.js';
import { decodePdu } from '../../src/modem/pdu/decode-pdu.js';
import type { ModemSimulator } from '../../src/modem/simulator/modem-simulator.js';
import type { ApiClient } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';
import { waitFor } from '../helpers/wait-for.js';

/** 2026-12-dd hh:mm in Ho Chi Minh City (UTC+7). */
const hcm = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2026, 11, day, hour - 7, minute));
let now = hcm(2, 17, 30);
let tb: TestBox;
let admin: ApiClient;
let sim: ModemSimulator;
const actor = { id: 1, name: 'Admin' };
const VIP = 200;
const optedOut: number[] = [];
const phoneOf = (i: number) => `+8490${String(1_000_000 + i).padStart(7, '0')}`;

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox({
    clock: () => now,
    config: { modem: { kind: 'simulator', simulatorSendDelayMs: 0, simulatorDeliveryReports: true }, sms: { perMinute: 10_000, deliveryReports: true } },
  }));
  await admin.put('/api/settings', { studioName: 'Ánh Dương', language: 'vi', timeZone: 'Asia/Ho_Chi_Minh', currency: 'VND', country: 'VN' });
  expect((await admin.put('/api/care/settings', { quietHours: { start: '21:00', end: '08:00' }, storePhone: '028 3822 0101' })).status).toBe(200);
  expect((await admin.put('/api/campaigns/settings', { pricePerPartMinor: 350 })).status).toBe(200);
  sim = tb.box.modem!.simulator!.simulator;
  await waitFor(() => tb.box.modem!.isReady, 'modem ready');
  const customers = tb.box.ctx.customers;
  tb.box.ctx.db.transaction(() => {
    for (let i = 0; i < VIP; i++) {
      const c = customers.create(actor, { name: `Khách ${i}`, gender: i % 2 ? 'male' : 'female', stage: 'history', tags: ['VIP'], phones: [{ number: phoneOf(i) }] });
      if (i % 67 === 5) optedOut.push(c.id);
    }
    customers.create(actor, { name: 'Không số', stage: 'history', tags: ['VIP'] });
    customers.create(actor, { name: 'Máy bàn', stage: 'history', tags: ['VIP'], phones: [{ number: '028 3822 0202' }] });
    for (let i = 0; i < 20; i++) customers.create(actor, { name: `Mới ${i}`, stage: 'lead', tags: ['VIP'], phones: [{ number: phoneOf(500 + i) }] });
  })();
  for (const id of optedOut) expect((await admin.put(`/api/customers/${id}/sms-opt-out`, { optedOut: true })).status).toBe(200);
}, 60_000);
afterAll(() => tb?.close());

/** Every text the modem sent, as "number: text" (all campaign texts are one part). */
const sentTexts = () =>
  sim.sent.map((s) => {
    const d = decodePdu(s.pdu);
    if (!d.ok || d.pdu.type !== 'submit') throw new Error(`bad PDU ${s.pdu}`);
    return `${d.pdu.destination.number}: ${d.pdu.userData.text}`;
  });
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const filter = { stages: ['history'], tags: ['VIP'] };
const body = 'Chào {title} {name}! {store} tặng bạn ưu đãi 20% tháng 12.';
const campaign = async (id: number) => (await admin.get<Campaign>(`/api/campaigns/${id}`)).data;

describe('a group SMS through the modem', () => {
  let id: number;

  it('counts the segment live and names the first customers', async () => {
    const r = await admin.post<SegmentCount>('/api/segments/count', { filter, first: 3 });
    expect(r.status).toBe(200);
    expect(r.data.count).toBe(VIP + 2);
    expect(r.data.first.map((c) => c.name)).toEqual(['Khách 0', 'Khách 1', 'Khách 2']);
    expect((await admin.post<SegmentCount>('/api/segments/count', { filter: { ...filter, notOptedOut: true } })).data.count).toBe(VIP + 2 - optedOut.length);
    const saved = await admin.post<Segment>('/api/segments', { name: 'VIP cũ', filter });
    expect(saved.status).toBe(201);
    expect((await admin.post('/api/segments', { name: 'vip cũ', filter })).status).toBe(409);
  });

  it('estimates before sending: exclusions counted, three personalised previews, parts and cost', async () => {
    const segmentId = (await admin.get<Segment[]>('/api/segments')).data[0]!.id;
    const r = await admin.post<CampaignEstimate>('/api/campaigns/estimate', { name: 'Tháng 12', segmentId, body, language: 'vi', sendAt: '2026-12-02T18:00' });
    expect(r.status).toBe(200);
    expect(r.data).toMatchObject({ matched: VIP + 2, recipients: VIP - optedOut.length, excluded: { opted_out: optedOut.length, no_phone: 1, invalid_phone: 1 }, ucs2: VIP - optedOut.length, gsm7: 0 });
    expect(r.data.totalParts).toBe(VIP - optedOut.length);
    expect(r.data.costMinor).toBe((VIP - optedOut.length) * 350);
    expect(r.data.previews.map((p) => p.text)).toEqual([
      'Chào chị Khách 0! Ánh Dương tặng bạn ưu đãi 20% tháng 12.',
      'Chào anh Khách 1! Ánh Dương tặng bạn ưu đãi 20% tháng 12.',
      'Chào chị Khách 2! Ánh Dương tặng bạn ưu đãi 20% tháng 12.',
    ]);
    expect(r.data.startAt).toBe(hcm(2, 18).toISOString());
    expect(Date.parse(r.data.finishBy!)).toBeGreaterThan(hcm(2, 18).getTime());
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const bad = async (b: unknown) => (await admin.post('/api/campaigns', b)).error?.fields?.map((f: { path: string }) => f.path);
    expect(await bad({ name: 'x', filter, body: 'Hi {nmae}', language: 'vi' })).toEqual(['body']);
    expect(await bad({ name: 'x', body: 'Hi', language: 'vi' })).toEqual(['filter']);
    expect(await bad({ name: 'x', segmentId: 999, body: 'Hi', language: 'vi' })).toEqual(['segmentId']);
    expect(await bad({ name: 'x', filter, body: 'Hi', language: 'vi', sendAt: '2026-12-01T09:00' })).toEqual(['sendAt']);
    expect(await bad({ name: 'x', filter: { stages: ['nope'] }, body: 'Hi', language: 'vi' })).toEqual(['filter.stages.0']);
    expect((await admin.get<Campaign[]>('/api/campaigns')).data).toEqual([]);
  });

  it('scheduled for 18:00 studio time: nothing goes before, then every recipient once, personalised', async () => {
    const r = await admin.post<Campaign>('/api/campaigns', { name: 'Tháng 12', filter, body, language: 'vi', sendAt: '2026-12-02T18:00' });
    expect(r.status).toBe(202);
    id = r.data.id;
    await waitFor(async () => (await campaign(id)).state === 'running', 'recipients written');
    const c = await campaign(id);
    expect(c.counts).toMatchObject({ recipients: VIP - optedOut.length, pending: VIP - optedOut.length, excluded: { opted_out: 3, no_phone: 1, invalid_phone: 1 } });
    await pause(1500);
    expect(sim.sent).toHaveLength(0);
    // Scheduled is not draining: not in the progress shown on every page.
    expect((await admin.get<RunningCampaign[]>('/api/campaigns/running')).data).toEqual([]);
    now = hcm(2, 18);
    await waitFor(() => sim.sent.length >= 20, 'the campaign started at 18:00', 20_000);
    // Staff type a message while the campaign drains: it goes out within the next few, not after 180 others.
    const before = sim.sent.length;
    const manual = await admin.post<OutboxMessage>('/api/sms', { to: '0909 999 999', text: 'Anh ơi, ảnh đã xong.' });
    expect(manual.status).toBe(201);
    await waitFor(() => sentTexts().includes('+84909999999: Anh ơi, ảnh đã xong.'), 'the manual SMS sent', 20_000);
    expect(sentTexts().indexOf('+84909999999: Anh ơi, ảnh đã xong.') - before).toBeLessThanOrEqual(3);
    const [draining, ...others] = (await admin.get<RunningCampaign[]>('/api/campaigns/running')).data;
    expect(others).toEqual([]);
    expect(draining).toMatchObject({ kind: 'sms', id, name: 'Tháng 12', total: VIP - optedOut.length });
    expect(draining!.queued + draining!.sent + draining!.delivered! + draining!.failed).toBe(VIP - optedOut.length);
    expect(draining!.sent + draining!.delivered!).toBeGreaterThan(0);
    expect(Date.parse(draining!.finishBy!)).toBeGreaterThanOrEqual(now.getTime());
    // Pause: at most the two already in the outbox go.
    expect((await admin.post(`/api/campaigns/${id}/pause`)).status).toBe(200);
    await pause(800);
    const paused = sim.sent.length;
    await pause(1500);
    expect(sim.sent.length).toBe(paused);
    expect((await campaign(id)).counts.pending).toBeGreaterThan(0);
    expect((await admin.post(`/api/campaigns/${id}/pause`)).status).toBe(409);
    expect((await admin.get<RunningCampaign[]>('/api/campaigns/running')).data).toEqual([]);
    expect((await admin.post(`/api/campaigns/${id}/resume`)).status).toBe(200);
    await waitFor(async () => (await campaign(id)).state === 'done', 'the campaign done', 60_000);
    await waitFor(async () => (await campaign(id)).counts.delivered === VIP - optedOut.length, 'every delivery report counted', 30_000);
    const texts = sentTexts().filter((t) => !t.startsWith('+84909999999'));
    expect(texts).toHaveLength(VIP - optedOut.length);
    expect(new Set(texts).size).toBe(texts.length);
    const expected = [];
    for (let i = 0; i < VIP; i++) {
      if (i % 67 === 5) continue;
      expected.push(`${phoneOf(i)}: Chào ${i % 2 ? 'anh' : 'chị'} Khách ${i}! Ánh Dương tặng bạn ưu đãi 20% tháng 12.`);
    }
    expect(texts.sort()).toEqual(expected.sort());
    expect((await admin.get<RunningCampaign[]>('/api/campaigns/running')).data).toEqual([]);
    const done = await campaign(id);
    expect(done.counts).toMatchObject({ recipients: VIP - optedOut.length, pending: 0, delivered: VIP - optedOut.length, failed: 0, partsSent: VIP - optedOut.length });
  }, 120_000);

  it('records per recipient: each with its state, the excluded with their reason, in pages', async () => {
    const ex = await admin.get<{ items: CampaignRecipient[] }>(`/api/campaigns/${id}/recipients?state=excluded`);
    expect(ex.data.items.map((r) => r.reason).sort()).toEqual(['invalid_phone', 'no_phone', 'opted_out', 'opted_out', 'opted_out']);
    const page1 = await admin.get<{ items: CampaignRecipient[]; nextAfter: number }>(`/api/campaigns/${id}/recipients?state=delivered&limit=150`);
    expect(page1.data.items).toHaveLength(150);
    expect(page1.data.items[0]).toMatchObject({ state: 'delivered', parts: 1, text: 'Chào chị Khách 0! Ánh Dương tặng bạn ưu đãi 20% tháng 12.' });
    const page2 = await admin.get<{ items: CampaignRecipient[]; nextAfter: number | null }>(`/api/campaigns/${id}/recipients?state=delivered&limit=150&after=${page1.data.nextAfter}`);
    expect(page2.data.items).toHaveLength(VIP - optedOut.length - 150);
    expect(page2.data.nextAfter).toBeNull();
    const outbox = tb.box.ctx.sms.outbox.get(page1.data.items[0]!.outboxId!);
    expect(outbox).toMatchObject({ origin: 'campaign', purpose: 'campaign', campaignId: id });
  });

  it('send records by studio day and origin, and both downloads in the reader\'s language', async () => {
    const days = await admin.get<SendRecordDay[]>('/api/sms/records?days=2');
    expect(days.status).toBe(200);
    expect(days.data).toEqual([
      { day: '2026-12-02', origin: 'campaign', messages: VIP - optedOut.length, parts: VIP - optedOut.length, queued: 0, sent: 0, delivered: VIP - optedOut.length, failed: 0, unknown: 0, cancelled: 0 },
      expect.objectContaining({ day: '2026-12-02', origin: 'manual', messages: 1 }),
    ]);
    const sheet = async (path: string) => {
      const res = await fetch(new URL(path, tb.url), { headers: { cookie: admin.sessionCookie! } });
      expect(res.status).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
      const ws = book.worksheets[0]!;
      return Array.from({ length: ws.rowCount }, (_, i) => (ws.getRow(i + 1).values as unknown[]).slice(1));
    };
    const rows = await sheet(`/api/exports/campaigns/${id}?lang=zh-CN`);
    expect(rows[0]).toEqual(['客户编号', '姓名', '号码', '内容', '条数', '状态', '未发原因', '发出时间', '送达时间', '错误']);
    expect(rows).toHaveLength(1 + VIP + 2);
    expect(rows[1]!.slice(3, 6)).toEqual(['Chào chị Khách 0! Ánh Dương tặng bạn ưu đãi 20% tháng 12.', 1, '已送达']);
    expect(rows.filter((r) => r[6] === '已退订')).toHaveLength(optedOut.length);
    const excluded = await sheet(`/api/exports/campaigns/${id}?state=excluded&lang=vi`);
    expect(excluded.slice(1).map((r) => r[6]).sort()).toEqual(['Không có số', 'Số không nhận được SMS', 'Đã từ chối nhận tin', 'Đã từ chối nhận tin', 'Đã từ chối nhận tin'].sort());
    const byDay = await sheet('/api/exports/sms-records?days=1&lang=en');
    expect(byDay[0]).toEqual(['Day', 'Origin', 'Messages', 'Parts', 'Waiting', 'Sent', 'Delivered', 'Failed', 'Unknown', 'Cancelled']);
    expect(byDay[1]).toEqual(['2026-12-02', 'Campaign', VIP - optedOut.length, VIP - optedOut.length, 0, 0, VIP - optedOut.length, 0, 0, 0]);
    expect((await admin.get('/api/sms/records?days=0')).status).toBe(400);
  });

  it('cancel: what is not yet in the outbox never goes', async () => {
    const r = await admin.post<Campaign>('/api/campaigns', { name: 'Lần hai', filter, body: 'Nhắc lại: {name}', language: 'vi' });
    const second = r.data.id;
    const start = sim.sent.length;
    await waitFor(() => sim.sent.length >= start + 5, 'the second campaign started', 20_000);
    expect((await admin.post(`/api/campaigns/${second}/cancel`)).status).toBe(200);
    await pause(1500);
    const c = await campaign(second);
    expect(c.state).toBe('cancelled');
    expect(c.counts.cancelled).toBeGreaterThan(100);
    expect(sim.sent.length - start).toBe(c.counts.sent + c.counts.delivered + c.counts.sending);
    expect((await admin.post(`/api/campaigns/${second}/resume`)).status).toBe(409);
  }, 60_000);

  it('waits out the quiet hours, then goes on at their end; a customer who opted out after the build is skipped', async () => {
    now = hcm(2, 22);
    const r = await admin.post<Campaign>('/api/campaigns', { name: 'Đêm', filter, body: 'Sáng mai: {name}', language: 'vi' });
    expect(r.status).toBe(202);
    const night = r.data.id;
    await waitFor(async () => (await campaign(night)).state === 'running', 'recipients written');
    // Opted out after the build, before anything went: skipped when its turn comes.
    const late = (await admin.get<CampaignRecipient[] | { items: CampaignRecipient[] }>(`/api/campaigns/${night}/recipients?state=pending&limit=1`)).data;
    const lateOne = (Array.isArray(late) ? late : late.items)[0]!;
    const lateId = lateOne.customer.id;
    expect((await admin.put(`/api/customers/${lateId}/sms-opt-out`, { optedOut: true })).status).toBe(200);
    const start = sim.sent.length;
    await pause(2000);
    expect(sim.sent.length).toBe(start);
    expect((await campaign(night)).counts.pending).toBe(VIP - optedOut.length);
    // 04:00, still quiet (and the session, idle for at most 8 h, is kept alive by this look).
    now = hcm(3, 4);
    await pause(1500);
    expect(sim.sent.length).toBe(start);
    expect((await campaign(night)).counts.pending).toBe(VIP - optedOut.length);
    now = hcm(3, 8);
    await waitFor(async () => (await campaign(night)).state === 'done', 'the night campaign done at 08:00', 60_000);
    const c = await campaign(night);
    expect(c.counts.excluded.opted_out).toBe(optedOut.length + 1);
    // Done is all handed to the outbox; the last two may still be with the modem.
    await waitFor(() => sim.sent.length - start === VIP - optedOut.length - 1, 'the last ones sent', 20_000);
    expect(sentTexts().slice(start).some((t) => t.startsWith(`${lateOne.to}:`))).toBe(false);
    // Replies and opt-outs per campaign: two recipients answer, one of them with STOP.
    const got = (await admin.get<CampaignRecipient[] | { items: CampaignRecipient[] }>(`/api/campaigns/${night}/recipients?after=0&limit=200`)).data;
    const [a, b] = (Array.isArray(got) ? got : got.items).filter((x) => x.outboxId !== null);
    sim.receiveText(a!.to!, 'Cảm ơn, mai em ghé.');
    sim.receiveText(b!.to!, 'STOP');
    await waitFor(async () => {
      const n = (await campaign(night)).counts;
      return n.replies === 2 && n.optOuts === 1 ? n : null;
    }, 'two replies and one opt-out counted', 20_000);
  }, 90_000);

  it('needs the campaigns right', async () => {
    await admin.post('/api/groups', { name: 'Desk', permissions: { customers: ['view'], sms: ['view', 'add'] } });
    const g = (await admin.get<{ id: number; name: string }[]>('/api/groups')).data.find((x) => x.name === 'Desk')!;
    await admin.post('/api/users', { username: 'desk', displayName: 'Desk', password: 'desk-password-123', groupIds: [g.id] });
    const { ApiClient } = await import('../helpers/http-client.js');
    const desk = new ApiClient(tb.url);
    expect((await desk.post('/api/auth/login', { username: 'desk', password: 'desk-password-123' })).status).toBe(200);
    expect((await desk.get('/api/campaigns')).status).toBe(403);
    expect((await desk.post('/api/campaigns', { name: 'x', filter, body: 'x', language: 'vi' })).status).toBe(403);
    expect((await desk.post('/api/segments/count', { filter })).status).toBe(403);
    expect((await desk.get('/api/exports/campaigns/1')).status).toBe(403);
    expect((await desk.get('/api/sms/records')).status).toBe(200);
  });
});
