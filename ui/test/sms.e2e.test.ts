// SMS in a browser (H1, S4, S5), against the real daemon with the SIM800 simulator on a real
// pty: a person opens a customer, writes Chinese text and sees the part count before sending,
// follows the state to "sent" (the simulator holds the PDUs); a reply arrives, the letter in
// the top bar counts and flashes, the inbox shows it with its sender, opening it stops the
// letter, Reply answers it and the answer is in the outbox. Failed and unknown messages are
// explained and sent again; the status page shows the modem. No skipping.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, InboxMessage, OutboxMessage, SmsPage } from '../../firmware/src/api-types.js';
import { decodePdu } from '../../firmware/src/modem/pdu/decode-pdu.js';
import { encodeDeliver } from '../../firmware/src/modem/pdu/encode-deliver.js';
import type { SmsSubmit } from '../../firmware/src/modem/pdu/pdu-types.js';
import type { ModemSimulator } from '../../firmware/src/modem/simulator/modem-simulator.js';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { waitFor } from '../../firmware/test/helpers/wait-for.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const TS = { year: 2026, month: 11, day: 23, hour: 9, minute: 30, second: 0, offsetMinutes: 480 };
// 80 Chinese characters: Unicode, more than 70, so two parts of at most 67.
const CHINESE = '您好，您的婚纱照已经修好了，请在本周六之前到店选片。'.repeat(4).slice(0, 80);
const REPLY = '好的，谢谢！周六上午十点到。';

describe('SMS in the browser', () => {
  let tb: TestBox;
  let admin: ApiClient;
  let sim: ModemSimulator;
  let hoa: Customer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), 'ui'], { cwd: root });
    tb = await startTestBox({ config: { modem: { kind: 'simulator', simulatorSendDelayMs: 0 }, sms: { perMinute: 10_000 } } });
    admin = new ApiClient(tb.url);
    expect((await admin.post('/api/setup', SETUP)).status).toBe(201);
    sim = tb.box.modem!.simulator!.simulator;
    await waitFor(() => tb.box.modem!.isReady, 'modem ready', 15_000);
    hoa = (await admin.post<Customer>('/api/customers', { name: 'Trần Thị Hoa', phones: [{ number: '138 1234 5678' }] })).data;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    // A browser in another zone than the studio's: times must follow the studio (Asia/Shanghai).
    context = await browser.newContext({ timezoneId: 'America/New_York' });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await tb?.close();
  });

  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
  const letter = () => page.locator('a.sms-letter');
  const animation = () => letter().evaluate((el) => getComputedStyle(el).animationName);
  const submitted = (i: number): SmsSubmit => {
    const r = decodePdu(sim.sent[i]!.pdu);
    if (!r.ok || r.pdu.type !== 'submit') throw new Error(`sent PDU ${i} is not a SUBMIT`);
    return r.pdu;
  };
  const inboxItems = async () => (await admin.get<SmsPage<InboxMessage>>('/api/sms/inbox')).data.items;
  const outboxItems = async () => (await admin.get<SmsPage<OutboxMessage>>('/api/sms/outbox')).data.items;
  const studioTime = (iso: string) =>
    page.evaluate((at) => new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(new Date(at)), iso);

  it('sends Chinese text to a customer from their page: 2 parts announced, sent as 2 UCS-2 parts', { timeout: 60_000 }, async () => {
    await page.goto(tb.url);
    await page.getByLabel('User name').fill(SETUP.admin.username);
    await page.getByLabel('Password').fill(SETUP.admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await heading('Today');
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Customers' }).click();
    await heading('Customers');
    // Nothing unread yet: the letter is there, quiet.
    expect(await letter().getAttribute('aria-label')).toBe('SMS inbox: nothing unread');
    expect(await animation()).toBe('none');

    await page.locator('table.customers-table').getByRole('link', { name: 'Trần Thị Hoa' }).click();
    await heading(/Trần Thị Hoa/);
    const conversation = page.locator('section.sms-conversation');
    await conversation.getByText('No SMS with this customer yet.').waitFor();
    await conversation.getByRole('button', { name: 'Send SMS' }).click();
    await conversation.getByText('To: Trần Thị Hoa').waitFor();
    await conversation.getByText('138 1234 5678').waitFor();

    const box = conversation.getByLabel('Message');
    await box.fill('Hello');
    await conversation.getByText('5 characters · GSM-7 · 1 part (up to 160) · 155 left in this part').waitFor();
    await box.fill(CHINESE);
    // Before sending: how many parts, in which alphabet.
    await conversation.getByText('80 characters · Unicode · 2 parts (67 per part) · 54 left in this part').waitFor();
    // Chinese is Unicode by nature: no warning about a stray character.
    expect(await conversation.locator('.field-warning').count()).toBe(0);

    const before = sim.sent.length;
    await conversation.getByRole('button', { name: 'Send' }).click();
    const bubble = conversation.locator('li.sms-bubble.out', { hasText: CHINESE });
    await bubble.waitFor();
    await bubble.locator('.sms-state', { hasText: 'Sent' }).waitFor({ timeout: 15_000 });
    expect(await bubble.textContent()).toContain('To 138 1234 5678');

    // The modem got exactly two UCS-2 parts of one long message, to the customer's phone.
    expect(sim.sent.length).toBe(before + 2);
    const parts = [submitted(before), submitted(before + 1)];
    for (const pdu of parts) {
      expect(pdu.destination.number).toBe('+8613812345678');
      expect(pdu.userData.dcs.alphabet).toBe('ucs2');
    }
    expect(parts.map((p) => p.userData.concat?.seq)).toEqual([1, 2]);
    expect(parts[0]!.userData.concat!.ref).toBe(parts[1]!.userData.concat!.ref);
    expect(parts.map((p) => p.userData.text).join('')).toBe(CHINESE);
    const stored = (await outboxItems()).find((m) => m.body === CHINESE)!;
    expect(stored).toMatchObject({ customer: { id: hoa.id }, encoding: 'ucs2', partsTotal: 2, state: 'sent', createdBy: { name: 'Boss' } });
  });

  it('a reply makes the letter count and flash; the inbox shows it; opening it stops the letter', { timeout: 60_000 }, async () => {
    const conversation = page.locator('section.sms-conversation');
    sim.injectSms(encodeDeliver({ from: '+8613812345678', text: REPLY, timestamp: TS }).parts[0]!.hex);

    await page.getByRole('link', { name: 'SMS inbox: 1 unread' }).waitFor({ timeout: 15_000 });
    expect(await letter().locator('.count').textContent()).toBe('1');
    expect(await animation()).toBe('sms-flash');
    // The customer's page shows it too, without a reload.
    await conversation.locator('li.sms-bubble.in.unread', { hasText: REPLY }).waitFor();

    await letter().click();
    await heading('SMS');
    expect(page.url()).toMatch(/#\/sms$/);
    await page.getByRole('tab', { name: 'Inbox', selected: true }).waitFor();
    const item = page.locator('ul.sms-list li', { hasText: REPLY });
    await item.waitFor();
    expect(await item.getAttribute('class')).toContain('unread');
    expect(await item.locator('.sms-from').textContent()).toBe('138 1234 5678');
    expect(await item.getByRole('link', { name: 'Trần Thị Hoa' }).getAttribute('href')).toBe(`#/customers/${hoa.id}`);
    const received = (await inboxItems()).find((m) => m.body === REPLY)!;
    expect(await item.locator('time').textContent()).toBe(await studioTime(received.receivedAt));

    await item.getByRole('button', { name: /^Open/ }).click();
    await page.getByRole('link', { name: 'SMS inbox: nothing unread' }).waitFor({ timeout: 10_000 });
    expect(await letter().locator('.count').count()).toBe(0);
    expect(await animation()).toBe('none');
    await item.getByText(/Read .* by Boss/).waitFor();
    await waitFor(async () => (await item.getAttribute('class'))?.includes('unread') === false, 'shown as read');
    expect((await admin.get('/api/sms/unread')).data.count).toBe(0);
  });

  it('replies from the inbox: the number is filled in, a stray character is pointed out, the answer is in the outbox', { timeout: 60_000 }, async () => {
    const received = (await inboxItems()).find((m) => m.body === REPLY)!;
    await page.locator('ul.sms-list li', { hasText: REPLY }).getByRole('link', { name: /^Reply/ }).click();
    await heading('Reply by SMS');
    await page.locator('blockquote.sms-quote', { hasText: REPLY }).waitFor();
    expect(await page.getByLabel('Phone number').inputValue()).toBe('+8613812345678');
    // Whose number it is, before sending.
    await page.getByText('This number belongs to:').waitFor();

    const box = page.getByLabel('Message');
    await box.fill('See you Saturday, Hoa’s album is ready');
    // One curly apostrophe makes the whole text Unicode: said, with the culprit.
    await page.getByText('Sent as Unicode because of ’').waitFor();
    await page.getByText('38 characters · Unicode · 1 part (up to 70)').waitFor();
    await box.fill("See you Saturday, Hoa's album is ready");
    await page.getByText('38 characters · GSM-7 · 1 part (up to 160)').waitFor();
    expect(await page.locator('.field-warning').count()).toBe(0);
    await page.getByRole('button', { name: 'Send' }).click();

    await heading('SMS');
    await page.getByRole('tab', { name: 'Outbox', selected: true }).waitFor();
    await page.getByText('SMS to 138 1234 5678 queued.').waitFor();
    const row = page.locator('table.sms-outbox tbody tr', { hasText: "Hoa's album is ready" });
    await row.locator('.sms-state', { hasText: 'Sent' }).waitFor({ timeout: 15_000 });
    expect(await row.getByRole('link', { name: 'Trần Thị Hoa' }).count()).toBe(1);
    const answer = (await outboxItems()).find((m) => m.body === "See you Saturday, Hoa's album is ready")!;
    expect(answer).toMatchObject({ inReplyTo: received.id, encoding: 'gsm7', partsTotal: 1, customer: { id: hoa.id } });
    expect(submitted(sim.sent.length - 1).userData.text).toBe("See you Saturday, Hoa's album is ready");
    expect(await row.textContent()).toContain(`Queued ${await studioTime(answer.createdAt)}`);
  });

  it('shows the box’s validation errors by field', { timeout: 30_000 }, async () => {
    await page.getByRole('link', { name: 'New message' }).click();
    await heading('New SMS');
    await page.getByLabel('Phone number').fill('call me');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Please correct the marked fields.').waitFor();
    const number = page.getByLabel('Phone number');
    const message = page.getByLabel('Message');
    expect(await number.getAttribute('aria-invalid')).toBe('true');
    expect(await message.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await number.getAttribute('id')}-error`.replace(/:/g, '\\:')).textContent()).toBe('Only digits, spaces, +, -, ( ) allowed');
    expect(await page.locator(`#${await message.getAttribute('id')}-error`.replace(/:/g, '\\:')).textContent()).toBe('Required');

    // Picking a customer by name instead of a number.
    await page.getByLabel('Or find a customer').fill('Hoa');
    await page.getByRole('button', { name: /Trần Thị Hoa/ }).click();
    await page.getByText('To: Trần Thị Hoa').waitFor();
    await message.fill('Ảnh đã xong');
    await page.getByText('11 characters · Unicode · 1 part (up to 70)').waitFor();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('table.sms-outbox tbody tr', { hasText: 'Ảnh đã xong' }).locator('.sms-state', { hasText: 'Sent' }).waitFor({ timeout: 15_000 });
  });

  it('a refused message shows the modem’s words and is sent again with Resend', { timeout: 60_000 }, async () => {
    sim.failNextSends(21);
    const r = await admin.post<OutboxMessage>('/api/sms', { customerId: hoa.id, text: 'refused once' });
    expect(r.status).toBe(201);
    const row = page.locator('table.sms-outbox tbody tr', { hasText: 'refused once' });
    await row.locator('.sms-state', { hasText: 'Failed' }).waitFor({ timeout: 15_000 });
    await row.getByText('Modem: +CMS ERROR: 21').waitFor();
    await row.getByRole('button', { name: 'Resend' }).click();
    await row.locator('.sms-state', { hasText: 'Sent' }).waitFor({ timeout: 15_000 });
    expect(await row.getByRole('button', { name: 'Resend' }).count()).toBe(0);
  });

  it('a message cut off by the modem vanishing is "unknown", explained, and resent only after the person confirms', { timeout: 60_000 }, async () => {
    const handle = tb.box.modem!.simulator!;
    sim.sendDelayMs = 1500;
    const r = await admin.post<OutboxMessage>('/api/sms', { customerId: hoa.id, text: 'in flight when the modem went' });
    const row = page.locator('table.sms-outbox tbody tr', { hasText: 'in flight when the modem went' });
    await waitFor(async () => (await admin.get<OutboxMessage>(`/api/sms/outbox/${r.data.id}`)).data.state === 'sending', 'sending');
    await new Promise((res) => setTimeout(res, 200));
    await handle.vanish();
    await row.locator('.sms-state', { hasText: 'Unknown' }).waitFor({ timeout: 15_000 });
    await row.getByText('this message may or may not have gone out').waitFor();
    sim.sendDelayMs = 0;
    await handle.reappear();
    await waitFor(() => tb.box.modem!.isReady, 'modem back', 15_000);

    // Declining the question sends nothing.
    const sent = sim.sent.length;
    page.once('dialog', (d) => void d.dismiss());
    await row.getByRole('button', { name: 'Resend' }).click();
    await page.waitForTimeout(300);
    expect((await admin.get<OutboxMessage>(`/api/sms/outbox/${r.data.id}`)).data.state).toBe('unknown');
    expect(sim.sent.length).toBe(sent);

    let question = '';
    page.once('dialog', (d) => ((question = d.message()), void d.accept()));
    await row.getByRole('button', { name: 'Resend' }).click();
    await row.locator('.sms-state', { hasText: 'Sent' }).waitFor({ timeout: 15_000 });
    expect(question).toContain('may or may not have gone out');
    expect(question).toContain('may already have reached 138 1234 5678');
  });

  it('the status page shows the modem: IMEI, operator, SIM, network, signal, SMS centre', { timeout: 30_000 }, async () => {
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Status' }).click();
    await heading('Box status');
    const card = page.locator('section.modem-card');
    await card.getByText('867959030000001').waitFor({ timeout: 15_000 });
    await card.getByText('CHINA MOBILE').waitFor();
    const text = await card.textContent();
    expect(text).toContain('SIMCOM_SIM800L');
    expect(text).toContain('Registered (home network)');
    expect(text).toContain('CSQ 20 · -73 dBm');
    expect(text).toContain('+8613800100500');
    expect(await card.getByRole('img', { name: '4 of 4 bars' }).count()).toBe(1);
  });

  it('the status page says when the modem keeps restarting by itself (its power supply)', { timeout: 60_000 }, async () => {
    const card = page.locator('section.modem-card');
    for (let i = 1; i <= 3; i++) {
      sim.reboot(50);
      await waitFor(async () => (await admin.get<{ restarts: { total: number } }>('/api/modem')).data.restarts.total === i, `restart ${i} noticed`, 15_000);
      await waitFor(() => !sim.settings.echo && sim.settings.clcc, 'set up again', 15_000);
    }
    // "Today" is the studio's day; three restarts within seconds of its midnight would say "in the last 24 hours".
    await card.getByText(/The modem restarted 3 times (today|in the last 24 hours) — check the power supply\./).waitFor({ timeout: 15_000 });
    expect(await card.locator('.field-warning').count()).toBeGreaterThan(0);
    // The count and the time of the last one (kept in the database: restart-log.test.ts, modem-reboot.test.ts).
    await card.getByText(/^3 times in all; the last at /).waitFor({ timeout: 15_000 });
  });

  it('with reduced motion the letter does not flash but stays highlighted', { timeout: 30_000 }, async () => {
    const calm = await browser.newContext({ reducedMotion: 'reduce' });
    try {
      const p2 = await calm.newPage();
      await p2.goto(tb.url);
      await p2.getByLabel('User name').fill(SETUP.admin.username);
      await p2.getByLabel('Password').fill(SETUP.admin.password);
      await p2.getByRole('button', { name: 'Log in' }).click();
      await p2.getByRole('link', { name: 'SMS inbox: nothing unread' }).waitFor();
      sim.injectSms(encodeDeliver({ from: '0901234567', text: 'quiet please', timestamp: TS }).parts[0]!.hex);
      const l = p2.getByRole('link', { name: 'SMS inbox: 1 unread' });
      await l.waitFor({ timeout: 15_000 });
      const style = await l.evaluate((el) => ({ animation: getComputedStyle(el).animationName, background: getComputedStyle(el).backgroundColor }));
      expect(style).toEqual({ animation: 'none', background: 'rgb(255, 197, 61)' });
    } finally {
      await calm.close();
    }
  });
});
