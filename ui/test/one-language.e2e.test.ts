// One language on the screen (issue 10): every page, in Chinese and in Vietnamese, walked in
// headless Chromium against a box with real data (customers, an order with a reversed payment,
// a member card with points, a contact record, an SMS on the simulated modem, a backup disk
// unplugged), and every visible text and label read back. It fails on English (a word of the
// English catalog that the page's own catalog does not use: the daemon's English, "simulated
// modem: messages go nowhere", an audit summary, an OS error), and on a raw catalog key.
// In Chinese, each page is also looked at on a phone: no short label one character per line.
// Text quoted from the machine on purpose (<code>: a path, a port, the modem's own answer,
// folded under "Technical details"; translate="no": a network operator's or a time zone's
// name) is not read.
import { readFileSync, rmSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Health } from '../../firmware/src/api-types.js';
import { ApiClient } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { waitFor } from '../../firmware/test/helpers/wait-for.js';
import { fullCatalog } from './full-catalog';
import { CHROMIUM, ensureBundle } from './ui-bundle.js';

// Every string of each language: its core catalog and every domain's (fetched with their pages;
// the System page's are the 'box' domain).
const [en, zhCN, vi] = await Promise.all([fullCatalog('en'), fullCatalog('zh-CN'), fullCatalog('vi')]);

const SETUP = {
  studioName: '光影工作室',
  language: 'zh-CN',
  timeZone: 'Asia/Shanghai',
  currency: 'CNY',
  country: 'CN',
  admin: { username: 'laowang', displayName: '王老板', password: 'correct horse 1' },
};

/** Words of three letters or more (ASCII: English words; Vietnamese words with marks split into pieces that are not). */
const words = (text: string) => (text.replace(/\{\w+\}/g, ' ').match(/[A-Za-z]{3,}/g) ?? []).map((w) => w.toLowerCase());
const vocabulary = (catalog: Record<string, string>) => new Set(Object.values(catalog).flatMap(words));
const ENGLISH = vocabulary(en);
const KEYS = new Set(Object.keys(en));

/** What is wrong with one piece of text shown in a language with this catalog. */
export function foreignIn(text: string, own: Set<string>): string[] {
  const found = words(text).filter((w) => ENGLISH.has(w) && !own.has(w));
  const keys = (text.match(/[a-zA-Z]+(?:\.[a-zA-Z0-9_]+)+/g) ?? []).filter((k) => KEYS.has(k));
  return [...found.map((w) => `English "${w}"`), ...keys.map((k) => `key ${k}`)];
}

const PAGES = [
  '#/',
  '#/customers',
  '#/customers/new',
  '#/customers/{id}',
  '#/customers/{id}/edit',
  '#/sms',
  '#/sms/outbox',
  '#/sms/compose',
  '#/campaigns',
  '#/calls',
  '#/users',
  '#/users/new',
  '#/users/1',
  '#/groups',
  '#/groups/new',
  '#/audit',
  '#/status',
  '#/system',
  '#/settings',
  '#/customers/import',
  '#/stages',
  '#/reminders',
  '#/templates',
  '#/till',
  '#/till/closing',
  '#/bill/{orderId}',
  '#/selection/{orderId}',
  '#/till/statements',
  '#/till/books',
  '#/workflow',
  '#/appointments',
  '#/reports',
  '#/tasks',
  '#/visits',
];

describe('one language on the screen', () => {
  let tb: TestBox;
  let browser: Browser;
  let customerId: number;
  let orderId: number;
  let backupPath: string;

  beforeAll(async () => {
    ensureBundle();
    tb = await startTestBox({ config: { modem: { kind: 'simulator', simulatorSendDelayMs: 0 } } });
    const admin = new ApiClient(tb.url);
    expect((await admin.post('/api/setup', SETUP)).status).toBe(201);
    customerId = (await admin.post<{ id: number }>('/api/customers', { name: '张伟', stage: 'lead', phones: [{ number: '13812345678', label: 'mobile' }] })).data.id;
    await admin.patch(`/api/customers/${customerId}`, { address: '北京市朝阳区' });
    const order = (await admin.post<{ id: number }>(`/api/customers/${customerId}/orders`, { title: '婚纱套餐', totalMinor: 500_000 })).data;
    orderId = order.id;
    const pay = (await admin.post<{ id: number }>(`/api/orders/${order.id}/payments`, { amountMinor: 100_000, method: 'cash' })).data;
    expect((await admin.post(`/api/payments/${pay.id}/reverse`, { reason: '重复录入' })).status).toBeLessThan(300);
    await admin.post(`/api/orders/${order.id}/state`, { state: 'shot' });
    const type = (await admin.post<{ id: number }>('/api/member-card-types', { name: '金卡' })).data;
    const card = (await admin.post<{ id: number }>(`/api/customers/${customerId}/member-cards`, { typeId: type.id })).data;
    await admin.post(`/api/member-cards/${card.id}/points`, { delta: 100, reason: '开卡赠送' });
    await admin.post(`/api/member-cards/${card.id}/points`, { delta: -20, reason: '兑换相框' });
    await admin.post(`/api/customers/${customerId}/contacts`, { channel: 'visit', note: '来店选片' });
    expect((await admin.post('/api/sms', { customerId, text: '您好，照片已经修好了。' })).status).toBeLessThan(300);
    await admin.post('/api/groups', { name: '前台', description: '', permissions: { customers: ['view'] } });
    // The backup disk unplugged: the status page must say so, not quote the OS.
    const health = async () => (await admin.get<Health>('/api/health')).data;
    backupPath = (await health()).disks.find((d) => d.role === 'backup')!.path;
    rmSync(backupPath, { recursive: true, force: true });
    await waitFor(async () => (await health()).disks.some((d) => d.role === 'backup' && d.reason === 'not-connected'), 'backup disk down');
    // A failed login for the audit log.
    await admin.post('/api/auth/logout');
    await admin.post('/api/auth/login', { username: 'laowang', password: 'wrong password' });
    browser = await chromium.launch(CHROMIUM);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  for (const [lang, catalog] of [
    ['zh-CN', zhCN],
    ['vi', vi],
  ] as const) {
    it(`shows every page in ${lang} only`, { timeout: 120_000 }, async () => {
      const own = vocabulary(catalog);
      const context = await browser.newContext({ locale: lang });
      await context.addInitScript((l) => localStorage.setItem('studio-box.language', l), lang);
      const page = await context.newPage();
      const problems: string[] = [];
      const read = async (where: string) => {
        // Visible text nodes and the labels a person or a screen reader meets; not <code>.
        const texts = await page.evaluate(() => {
          const out: string[] = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const el = n.parentElement;
            if (!el || !n.textContent?.trim() || el.closest('code, script, style, [translate=no]')) continue;
            if (el.tagName !== 'OPTION' && !el.checkVisibility()) continue;
            out.push(n.textContent.trim());
          }
          for (const el of document.querySelectorAll('[placeholder], [aria-label], [title], [data-label]')) {
            for (const a of ['placeholder', 'aria-label', 'title', 'data-label']) {
              const v = el.getAttribute(a);
              if (v) out.push(v);
            }
          }
          out.push(document.title);
          return out;
        });
        for (const text of texts) for (const p of foreignIn(text, own)) problems.push(`${where}: ${p} in "${text}"`);
        if (lang !== 'zh-CN') return;
        // On a phone, no short Chinese label stacks one character per line.
        await page.setViewportSize({ width: 390, height: 844 });
        const stacked = await page.evaluate(() => {
          const out: string[] = [];
          for (const el of document.querySelectorAll<HTMLElement>('label, dt, th, td, legend, button, a, .tag, h1, h2, span')) {
            const text = el.textContent?.trim() ?? '';
            if (text.length < 2 || text.length > 12 || el.children.length > 0 || !el.checkVisibility()) continue;
            const range = document.createRange();
            range.selectNodeContents(el);
            const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
            if (lines >= 2 && lines >= [...text].length) out.push(text);
          }
          return out;
        });
        for (const text of stacked) problems.push(`${where}: "${text}" one character per line on a phone`);
        await page.setViewportSize({ width: 1280, height: 720 });
      };

      await page.goto(tb.url);
      await page.locator('input[autocomplete=username]').waitFor();
      await read('login');
      await page.locator('input[autocomplete=username]').fill(SETUP.admin.username);
      await page.locator('input[type=password]').fill(SETUP.admin.password);
      await page.locator('button[type=submit]').click();
      await page.locator('.home').waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);

      for (const path of PAGES) {
        await page.goto(tb.url + path.replace('{id}', String(customerId)).replace('{orderId}', String(orderId)));
        await page.locator('main h1').first().waitFor();
        // Lists and panels fill in after the page: wait until nothing says "loading".
        await expect.poll(() => page.getByText(catalog['app.loading'], { exact: true }).count(), { timeout: 10_000 }).toBe(0);
        await page.waitForTimeout(300);
        await read(path);
        if (path === '#/status') {
          // The sentences from the machine codes, not the daemon's English.
          await page.getByText(catalog['modem.simulatedDetail']).waitFor();
          await page.getByText(catalog['disk.notConnected'].replace('{path}', backupPath)).waitFor();
        }
        if (path === '#/audit') {
          // Every kind of record can be picked, and the summaries are told in the page's language.
          const kinds = await page.locator('select option').allTextContents();
          for (const k of ['entity.order', 'entity.payment', 'entity.points', 'entity.member_card', 'entity.sms', 'entity.contact'] as const) expect(kinds).toContain(catalog[k]);
          const told = (key: keyof typeof catalog) => new RegExp('^' + catalog[key].replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '.+') + '$');
          await page.getByRole('cell', { name: told('audit.sum.payment.reverse') }).filter({ hasText: '重复录入' }).waitFor();
          await page.getByRole('cell', { name: told('audit.sum.points.deduct') }).filter({ hasText: '兑换相框' }).waitFor();
        }
      }
      await context.close();
      expect(problems).toEqual([]);
    });
  }

  it('walks every section the shell routes to (a new page joins PAGES)', () => {
    const shell = readFileSync(new URL('../src/shell.ts', import.meta.url), 'utf8');
    const sections = [...shell.matchAll(/^\s*case '([\w-]+)':/gm)].map((m) => m[1]!);
    expect(sections.length).toBeGreaterThan(10);
    const walked = new Set(PAGES.map((p) => p.replace(/^#\/?/, '').split('/')[0] || 'home'));
    expect(sections.filter((s) => !walked.has(s))).toEqual([]);
  });

  it('the checker itself catches English and raw keys', () => {
    const own = vocabulary(zhCN);
    expect(foreignIn('simulated modem: messages go nowhere', own).length).toBeGreaterThan(0);
    expect(foreignIn("ENOENT: no such file or directory, stat '/x/backup'", own).length).toBeGreaterThan(0);
    expect(foreignIn('status.title', own)).toContain('key status.title');
    expect(foreignIn(zhCN['status.title'], own)).toEqual([]);
    expect(foreignIn('张伟 C000001', own)).toEqual([]);
  });
});
