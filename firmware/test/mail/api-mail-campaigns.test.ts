// Group e-mail (S6) against real SMTP servers started here: personalised e-mails received,
// customers without an address or opted out skipped and counted, one recipient refused (failed
// with the reason, the rest sent), a server that goes away mid-run (the rest wait and go once it
// is back), a restart mid-run (each e-mail once), the request key, bad input and rights.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, MailCampaign, MailCampaignEstimate, MailRecipient, RunningCampaign } from '../../src/api-types.js';
import { ApiClient, SETUP, userWith } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';
import { waitFor } from '../helpers/wait-for.js';

interface Received {
  to: string[];
  data: string;
}

class Smtp {
  received: Received[] = [];
  server: SMTPServer | null = null;
  port = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (addr, _s, cb) => (addr.address.startsWith('nobody@') ? cb(Object.assign(new Error('No such user here'), { responseCode: 550 })) : cb()),
      onData: (stream, session, cb) => {
        let data = '';
        stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
        stream.on('end', () => {
          this.received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
          cb();
        });
      },
    });
    this.server.on('error', () => {});
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }

  to(address: string): Received[] {
    return this.received.filter((m) => m.to.includes(address));
  }
}

const smtp = new Smtp();
let dataDir: string;
let tb: TestBox;
let admin: ApiClient;
const people: Customer[] = [];

const CONFIG = { mail: { perMinute: 1200, retrySeconds: 0.3 } };
const rowCount = (table: string) => (tb.box.ctx.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const settle = (id: number) =>
  waitFor(async () => {
    const c = (await admin.get<MailCampaign>(`/api/mail-campaigns/${id}`)).data;
    return c.state === 'sending' ? null : c;
  }, 'the campaign to finish', 30_000, 50);

beforeAll(async () => {
  await smtp.start();
  dataDir = mkdtempSync(join(tmpdir(), 'studio-box-mail-'));
  tb = await startTestBox({ dataDir, config: CONFIG });
  admin = new ApiClient(tb.url);
  await admin.post('/api/setup', SETUP);
  expect((await admin.put('/api/mail/settings', { host: '127.0.0.1', port: smtp.port, security: 'none', user: '', from: 'Ánh Dương Studio <studio@example.com>' })).status).toBe(200);
  for (const c of [
    { name: 'Trần Thị Hoa', gender: 'female', email: 'hoa@example.com', tags: ['vip'] },
    { name: '王芳', gender: 'female', email: 'fang@example.cn', tags: ['vip'] },
    { name: 'Mary Smith', email: 'mary@example.org', tags: ['vip'] },
    { name: 'No Address', tags: ['vip'] },
    { name: 'Opted Out', email: 'out@example.com', tags: ['vip'] },
    { name: 'Same Mailbox', email: 'HOA@example.com'.replace('HOA', 'hoa'), tags: ['vip'] },
    { name: 'Nobody Here', email: 'nobody@example.com' },
  ]) {
    const r = await admin.post<Customer>('/api/customers', c);
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    people.push(r.data);
  }
  expect((await admin.put(`/api/customers/${people[4]!.id}/sms-opt-out`, { optedOut: true })).status).toBe(200);
});
afterAll(async () => {
  await tb?.close();
  await smtp.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const VIP = { tags: ['vip'] };
const BODY = { filter: VIP, subject: 'Ưu đãi cho {title} {name}', body: '{title} {name} ơi,\n{store} tặng bạn một buổi chụp mini.', language: 'vi' };

describe('group e-mail', () => {
  it('estimates: who gets it, who is skipped and why, three personalised previews', async () => {
    const r = await admin.post<MailCampaignEstimate>('/api/mail-campaigns/preview', { ...BODY, body: `${BODY.body} {nmae}` });
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data).toMatchObject({ chosen: 6, recipients: 3, skipped: { noEmail: 1, optedOut: 1, duplicateEmail: 1 }, unknownPlaceholders: ['{nmae}'] });
    expect(r.data.previews.map((p) => [p.email, p.subject])).toEqual([
      ['hoa@example.com', 'Ưu đãi cho chị Trần Thị Hoa'],
      ['fang@example.cn', 'Ưu đãi cho chị 王芳'],
      ['mary@example.org', 'Ưu đãi cho Mary Smith'],
    ]);
    expect(r.data.previews[0]!.body).toBe('Chị Trần Thị Hoa ơi,\nÁnh Dương Studio tặng bạn một buổi chụp mini. {nmae}');
  });

  it('chooses recipients by a saved segment of the group SMS, the same as by its filter', async () => {
    const seg = await admin.post<{ id: number }>('/api/segments', { name: 'VIP', filter: VIP });
    expect(seg.status, JSON.stringify(seg.error)).toBe(201);
    const { filter: _f, ...rest } = BODY;
    const bySegment = await admin.post<MailCampaignEstimate>('/api/mail-campaigns/preview', { ...rest, segmentId: seg.data.id });
    expect(bySegment.status, JSON.stringify(bySegment.error)).toBe(200);
    expect(bySegment.data).toEqual((await admin.post<MailCampaignEstimate>('/api/mail-campaigns/preview', BODY)).data);
    // Every condition of the filter holds: of three chosen VIPs, the one who opted out is not even chosen.
    const women = await admin.post<MailCampaignEstimate>('/api/mail-campaigns/preview', { ...BODY, filter: { ...VIP, notOptedOut: true, customerIds: [people[0]!.id, people[2]!.id, people[4]!.id] } });
    expect(women.data).toMatchObject({ chosen: 2, recipients: 2, skipped: { noEmail: 0, optedOut: 0, duplicateEmail: 0 } });
  });

  it('sends each recipient their own e-mail once; skips are counted; statuses per recipient', async () => {
    const before = smtp.received.length;
    const r = await admin.post<MailCampaign>('/api/mail-campaigns', { ...BODY, requestKey: 'vip-offer-0001' });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    expect(r.data).toMatchObject({ chosen: 6, skipped: { noEmail: 1, optedOut: 1, duplicateEmail: 1 } });
    const done = await settle(r.data.id);
    expect(done.state).toBe('done');
    expect(done.counts).toMatchObject({ sent: 3, failed: 0, queued: 0, sending: 0, unknown: 0 });
    expect(smtp.received.length - before).toBe(3);
    const hoa = smtp.to('hoa@example.com');
    expect(hoa).toHaveLength(1);
    expect(hoa[0]!.data).toMatch(/Subject: =\?UTF-8\?/);
    expect(hoa[0]!.data).toContain('From: =?UTF-8?');
    expect(smtp.to('out@example.com')).toEqual([]);
    const recipients = (await admin.get<MailRecipient[]>(`/api/mail-campaigns/${r.data.id}/recipients`)).data;
    expect(recipients.map((x) => [x.name, x.state])).toEqual([['Trần Thị Hoa', 'sent'], ['王芳', 'sent'], ['Mary Smith', 'sent']]);
    expect(recipients[0]!.sentAt).toEqual(expect.any(String));
    // The same request again (a double click, a retried POST) is the same campaign: nothing more goes.
    const again = await admin.post<MailCampaign>('/api/mail-campaigns', { ...BODY, requestKey: 'vip-offer-0001' });
    expect(again.status).toBe(200);
    expect(again.data.id).toBe(r.data.id);
    await new Promise((res) => setTimeout(res, 300));
    expect(smtp.to('hoa@example.com')).toHaveLength(1);
    const log = (await admin.get<{ items: { action: string; summary: string }[] }>('/api/audit?entity=mail_campaign&limit=5')).data.items;
    expect(log).toHaveLength(1);
    expect(log[0]!.summary).toContain('to 3 customers');
  });

  it('a recipient the server refuses fails with the reason; the others are sent', async () => {
    const ids = [people[6]!.id, people[2]!.id];
    const r = await admin.post<MailCampaign>('/api/mail-campaigns', { filter: { customerIds: ids }, subject: 'Hello {name}', body: 'Hi {name}' });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    const done = await settle(r.data.id);
    expect(done.counts).toMatchObject({ sent: 1, failed: 1 });
    const rs = (await admin.get<MailRecipient[]>(`/api/mail-campaigns/${r.data.id}/recipients?state=failed`)).data;
    expect(rs).toEqual([expect.objectContaining({ email: 'nobody@example.com', state: 'failed', reason: 'recipient_rejected', detail: expect.stringContaining('No such user') })]);
    expect(smtp.to('mary@example.org').at(-1)!.data).toContain('Hi Mary Smith');
  });

  it('a server that goes away mid-run: the rest wait, then go once it is back, each once', async () => {
    // 40 recipients, all with addresses.
    const many: number[] = [];
    for (let i = 0; i < 40; i++) many.push((await admin.post<Customer>('/api/customers', { name: `Khách ${i}`, email: `k${i}@example.vn`, tags: ['bulk'] })).data.id);
    const r = await admin.post<MailCampaign>('/api/mail-campaigns', { filter: { tags: ['bulk'] }, subject: 'Bulk {name}', body: 'x' });
    expect(r.status).toBe(201);
    await waitFor(() => (smtp.received.filter((m) => m.to[0]!.startsWith('k')).length >= 5 ? true : null), 'five sent', 20_000, 5);
    await smtp.stop();
    const waiting = await waitFor(async () => {
      const c = (await admin.get<MailCampaign>(`/api/mail-campaigns/${r.data.id}`)).data;
      return c.waiting ? c : null;
    }, 'the sender to wait', 20_000, 20);
    expect(waiting.waiting?.reason).toBe('connect');
    expect(waiting.state).toBe('sending');
    expect(waiting.counts.queued).toBeGreaterThan(0);
    // The progress shown on every page while it drains.
    const [shown, ...others] = (await admin.get<RunningCampaign[]>('/api/campaigns/running')).data;
    expect(others).toEqual([]);
    expect(shown).toMatchObject({ kind: 'mail', id: r.data.id, name: 'Bulk {name}', delivered: null, total: 40 });
    expect(shown!.queued).toBeGreaterThan(0);
    expect(shown!.queued + shown!.sent + shown!.failed).toBe(40);
    expect(Date.parse(shown!.finishBy!)).toBeGreaterThan(Date.now() - 60_000);
    await smtp.start();
    const done = await settle(r.data.id);
    expect((await admin.get<RunningCampaign[]>('/api/campaigns/running')).data).toEqual([]);
    expect(done.counts).toMatchObject({ sent: 40, failed: 0, unknown: 0 });
    for (let i = 0; i < 40; i++) expect(smtp.to(`k${i}@example.vn`), `k${i}`).toHaveLength(1);
  });

  it('resumes after a restart; one cut mid-send is "unknown" and never sent again', async () => {
    for (let i = 0; i < 20; i++) await admin.post('/api/customers', { name: `Restart ${i}`, email: `r${i}@example.vn`, tags: ['restart'] });
    const r = await admin.post<MailCampaign>('/api/mail-campaigns', { filter: { tags: ['restart'] }, subject: 'R {name}', body: 'x' });
    await waitFor(() => (smtp.received.some((m) => m.to[0]!.startsWith('r')) ? true : null), 'one sent', 20_000, 2);
    await tb.close();
    // As if the power went while one was with the server.
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(dataDir, 'studio-box.db'));
    const cut = db.prepare(`SELECT id, email FROM mail_recipients WHERE campaign_id = ? AND state = 'queued' ORDER BY id LIMIT 1`).get(r.data.id) as { id: number; email: string };
    db.prepare(`UPDATE mail_recipients SET state = 'sending' WHERE id = ?`).run(cut.id);
    db.close();
    tb = await startTestBox({ dataDir, config: CONFIG });
    admin = new ApiClient(tb.url);
    await admin.post('/api/auth/login', { username: SETUP.admin.username, password: SETUP.admin.password });
    const done = await settle(r.data.id);
    expect(done.counts).toMatchObject({ sent: 19, unknown: 1, queued: 0, sending: 0 });
    expect(smtp.to(cut.email)).toEqual([]);
    for (let i = 0; i < 20; i++) if (`r${i}@example.vn` !== cut.email) expect(smtp.to(`r${i}@example.vn`), `r${i}`).toHaveLength(1);
    const unknown = (await admin.get<MailRecipient[]>(`/api/mail-campaigns/${r.data.id}/recipients?state=unknown`)).data;
    expect(unknown).toEqual([expect.objectContaining({ email: cut.email, reason: 'interrupted' })]);
  });

  it('answers bad input with 400 naming the field and writes nothing; checks the rights', async () => {
    const audits = () => (tb.box.ctx.db.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'mail_campaign'`).get() as { n: number }).n;
    const before = [rowCount('mail_campaigns'), rowCount('mail_recipients'), audits()];
    const bad = await admin.post('/api/mail-campaigns', { filter: { customerIds: [] }, subject: ' ', body: '', language: 'fr', extra: 1 });
    expect(bad.status).toBe(400);
    expect([...new Set(bad.error?.fields?.map((f) => f.path))].sort()).toEqual(['body', 'extra', 'filter.customerIds', 'language', 'subject']);
    expect((await admin.post('/api/mail-campaigns', { ...BODY, filter: { stages: ['married'] } })).error?.fields?.map((f) => f.path)).toEqual(['filter.stages.0']);
    expect((await admin.post('/api/mail-campaigns', { ...BODY, filter: { everyone: true } })).status).toBe(400);
    const { filter: _f, ...noAudience } = BODY;
    expect((await admin.post('/api/mail-campaigns', noAudience)).error?.fields?.map((f) => f.path)).toEqual(['filter']);
    expect((await admin.post('/api/mail-campaigns/preview', { ...noAudience, segmentId: 99999 })).error?.fields?.map((f) => f.path)).toEqual(['segmentId']);
    expect((await admin.post('/api/mail-campaigns', { ...BODY, requestKey: 'no spaces!' })).error?.fields?.map((f) => f.path)).toEqual(['requestKey']);
    // Nobody to send to: 409, nothing written.
    const none = await admin.post('/api/mail-campaigns', { ...BODY, filter: { customerIds: [people[3]!.id, people[4]!.id, 99999] } });
    expect(none.status).toBe(409);
    expect(none.error?.code).toBe('no_recipients');
    expect((await admin.get('/api/mail-campaigns/99999')).status).toBe(404);
    expect((await admin.get('/api/mail-campaigns/1/recipients?state=lost')).status).toBe(400);
    const { client: viewer } = await userWith(admin, 'viewer', { campaigns: ['view'] });
    const { client: checker } = await userWith(admin, 'checker', { campaigns: ['view', 'add'] });
    const { client: stranger } = await userWith(admin, 'stranger', { customers: ['view'], sms: ['view', 'add', 'edit'] });
    expect((await viewer.post('/api/mail-campaigns', BODY)).status).toBe(403);
    expect((await viewer.post('/api/mail-campaigns/preview', BODY)).status).toBe(403);
    expect((await checker.post('/api/mail-campaigns/preview', BODY)).status).toBe(200);
    expect((await checker.post('/api/mail-campaigns', BODY)).status).toBe(403);
    expect((await viewer.post('/api/mail-campaigns/1/cancel', {})).status).toBe(403);
    expect((await viewer.get('/api/mail-campaigns')).status).toBe(200);
    expect((await stranger.get('/api/mail-campaigns')).status).toBe(403);
    expect((await stranger.post('/api/mail-campaigns/preview', BODY)).status).toBe(403);
    expect([rowCount('mail_campaigns'), rowCount('mail_recipients'), audits()]).toEqual(before);
  });
});
