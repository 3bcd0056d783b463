// Caller ID in a browser (H2), end to end: the SIM800 simulator on a pty writes RING + CLIP,
// the daemon finds the customer, and headless Chromium shows the card over whatever screen is
// open; a tab opened mid-ring shows it too; NO CARRIER closes it everywhere and the call log
// has the row. An unknown number offers "new customer" with the number filled in.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactRecord, Customer } from '../../firmware/src/api-types.js';
import type { ModemSimulator } from '../../firmware/src/modem/simulator/modem-simulator.js';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { waitFor } from '../../firmware/test/helpers/wait-for.js';
import { CHROMIUM, ensureBundle } from './ui-bundle.js';
import { logIn } from './log-in.js';

describe('caller ID popup in a browser', () => {
  let tb: TestBox;
  let sim: ModemSimulator;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let hoa: Customer;
  let admin: ApiClient;

  beforeAll(async () => {
    ensureBundle();
    tb = await startTestBox({
      // A long ring timeout: the calls here end when the test hangs up, never by themselves.
      config: { modem: { kind: 'simulator', simulatorSendDelayMs: 0 }, callerId: { ringTimeoutSeconds: 60 } },
    });
    admin = new ApiClient(tb.url);
    await admin.post('/api/setup', SETUP);
    hoa = (await admin.post<Customer>('/api/customers', { name: 'Trần Thị Hoa', phones: [{ number: '138 1234 5678' }], stage: 'ordered' })).data;
    sim = tb.box.modem!.simulator!.simulator;
    await waitFor(() => tb.box.modem!.isReady, 'modem ready');
    browser = await chromium.launch(CHROMIUM);
    context = await browser.newContext();
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await tb?.close();
  });

  const popup = (p: Page) => p.locator('.call-popup');
  const streams = () => tb.box.ctx.events.listenerCount;

  it('shows the customer on any screen when they phone, and closes when they hang up', { timeout: 60_000 }, async () => {
    await page.goto(tb.url);
    await logIn(page, SETUP.admin.username, SETUP.admin.password);
    // Any screen: the status page.
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Status' }).click();
    await page.getByRole('heading', { level: 1, name: 'Box status' }).waitFor();
    // The page's event stream is open on the box before the phone rings.
    await waitFor(() => streams() >= 1, 'the browser event stream');

    sim.urc('RING', '+CLIP: "+8613812345678",145,"",0,"",0');
    const card = page.getByRole('dialog', { name: 'Trần Thị Hoa' });
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain('138 1234 5678');
    await expect(card.textContent()).resolves.toContain(hoa.customerNo);
    await expect(card.textContent()).resolves.toContain('Ordered, not shot');
    await expect(card.textContent()).resolves.toContain('Incoming call · Mobile line');
    expect(await card.getByRole('link', { name: 'Open customer' }).getAttribute('href')).toBe(`#/customers/${hoa.id}`);
    expect(await card.getByRole('link', { name: 'Send SMS' }).getAttribute('href')).toBe(`#/sms/compose?customerId=${hoa.id}`);
    expect(await card.getByRole('button', { name: 'Add a contact record' }).count()).toBe(1);
    // No contact records yet: no last contact on the card.
    await expect(card.textContent()).resolves.not.toContain('Last contact');
    // Not for a known customer.
    expect(await card.getByRole('link', { name: 'New customer' }).count()).toBe(0);
    // The status page is still there underneath.
    expect(await page.getByRole('heading', { level: 1, name: 'Box status' }).isVisible()).toBe(true);

    // A tab opened while it rings asks the box and shows the same card.
    const late = await context.newPage();
    await late.goto(`${tb.url}#/customers`);
    await late.getByRole('dialog', { name: 'Trần Thị Hoa' }).waitFor();

    // The caller gives up: the card goes away everywhere.
    sim.urc('NO CARRIER');
    await popup(page).waitFor({ state: 'detached' });
    await popup(late).waitFor({ state: 'detached' });
    await late.close();

    // The call log has it, as missed, and Hoa waits to be called back.
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Calls' }).click();
    await page.getByRole('heading', { level: 1, name: 'Calls' }).waitFor();
    const row = page.locator('table.calls-table tbody tr').first();
    await row.getByRole('link', { name: 'Trần Thị Hoa' }).waitFor();
    await expect(row.textContent()).resolves.toContain('Missed');
    await expect(row.textContent()).resolves.toContain('138 1234 5678');
    const toCallBack = page.locator('.call-back-list li');
    await toCallBack.getByRole('link', { name: 'Trần Thị Hoa' }).waitFor();
    await toCallBack.getByRole('button', { name: 'Called back' }).click();
    await page.getByText('No missed calls from customers to return.').waitFor();
    await row.getByText(/called back .* by Boss/).waitFor();
  });

  it('an unknown number offers "new customer" with the number filled in', { timeout: 60_000 }, async () => {
    sim.urc('RING', '+CLIP: "13900001111",129,"",0,"",0');
    const card = page.getByRole('dialog', { name: 'Unknown number' });
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain('139 0000 1111');
    await card.getByRole('link', { name: 'New customer' }).click();
    await page.getByRole('heading', { level: 1, name: 'New customer' }).waitFor();
    await expect(page.getByLabel('Phone', { exact: true }).inputValue()).resolves.toBe('139 0000 1111');
    // Still ringing: the card stays over the form until the call ends.
    expect(await card.isVisible()).toBe(true);
    sim.urc('NO CARRIER');
    await popup(page).waitFor({ state: 'detached' });
    // The log shows the call without a customer; it is not one to call back.
    await page.goto(`${tb.url}#/calls`);
    const row = page.locator('table.calls-table tbody tr').first();
    await row.getByText('139 0000 1111').waitFor();
    await expect(row.textContent()).resolves.toContain('Unknown number');
  });

  it('a withheld number says so, on a phone-sized screen too', { timeout: 60_000 }, async () => {
    await page.setViewportSize({ width: 375, height: 667 });
    await page.goto(`${tb.url}#/customers`);
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    sim.urc('RING', '+CLIP: "",128,"",0,"",1');
    const card = page.getByRole('dialog', { name: 'Number withheld' });
    await card.waitFor();
    // Nothing to open or create for a number nobody knows.
    expect(await card.getByRole('link').count()).toBe(0);
    // The whole card is on the screen, across its width, at the bottom.
    const box = (await card.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    expect(box.width).toBeGreaterThan(300);
    expect(box.y + box.height).toBeLessThanOrEqual(667);
    // Hidden by hand in this tab; the call goes on.
    await card.getByRole('button', { name: 'Hide this call' }).click();
    await popup(page).waitFor({ state: 'detached' });
    expect(tb.box.ctx.calls.active()).toHaveLength(1);
    sim.urc('NO CARRIER');
    await waitFor(() => tb.box.ctx.calls.active().length === 0, 'call ended');
  });
  it('shows the last contact note, and a contact record written in the popup is saved with the call', { timeout: 60_000 }, async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const earlier = await admin.post<ContactRecord>(`/api/customers/${hoa.id}/contacts`, { channel: 'visit', note: 'Chose the garden package', at: '2020-01-05T03:00:00Z' });
    expect(earlier.status).toBe(201);
    await page.goto(`${tb.url}#/customers`);
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    await waitFor(() => streams() >= 1, 'the browser event stream');
    // A second tab, to see the card change there too.
    const other = await context.newPage();
    await other.goto(`${tb.url}#/status`);
    await other.getByRole('heading', { level: 1, name: 'Box status' }).waitFor();

    sim.urc('RING', '+CLIP: "13812345678",129,"",0,"",0');
    const card = page.getByRole('dialog', { name: 'Trần Thị Hoa' });
    await card.waitFor();
    await card.getByText('Chose the garden package').waitFor();
    await expect(card.textContent()).resolves.toContain('Last contact');
    await expect(card.textContent()).resolves.toContain('Visit');
    const callId = tb.box.ctx.calls.active()[0]!.callId;
    // The other tab (events shared between tabs) shows the same card.
    await other.getByRole('dialog', { name: 'Trần Thị Hoa' }).getByText('Chose the garden package').waitFor();

    await card.getByRole('button', { name: 'Add a contact record' }).click();
    // Preset to a phone call; an empty note is refused before anything is sent.
    await expect(card.getByLabel('Channel').inputValue()).resolves.toBe('phone');
    await card.getByRole('button', { name: 'Save record' }).click();
    await card.getByText('Write what was said.').waitFor();
    await card.getByLabel('Note').fill('Wants to move the shoot to Sunday');
    await card.getByRole('button', { name: 'Save record' }).click();
    await card.getByText('Contact record saved.').waitFor();
    // The new note is the last contact, here and on the other screen.
    await card.getByText('Wants to move the shoot to Sunday').waitFor();
    await expect(card.textContent()).resolves.not.toContain('Chose the garden package');
    await other.getByRole('dialog', { name: 'Trần Thị Hoa' }).getByText('Wants to move the shoot to Sunday').waitFor();

    const saved = await admin.get<ContactRecord[]>(`/api/customers/${hoa.id}/contacts`);
    expect(saved.data[0]).toMatchObject({ channel: 'phone', note: 'Wants to move the shoot to Sunday', callId, createdBy: { name: 'Boss' } });
    // The box's own list of active calls agrees (a tab opened now shows the same).
    expect(tb.box.ctx.calls.active()[0]?.customer?.lastContact?.note).toBe('Wants to move the shoot to Sunday');

    sim.urc('NO CARRIER');
    await popup(page).waitFor({ state: 'detached' });
    await other.close();

    // The customer's page lists both records, newest first, and adds one more.
    await page.goto(`${tb.url}#/customers/${hoa.id}`);
    const section = page.locator('section.contact-records');
    await section.getByRole('heading', { name: 'Contact records' }).waitFor();
    await section.getByText('Wants to move the shoot to Sunday').waitFor();
    const notes = () => section.locator('.contact-note').allTextContents();
    await expect(notes()).resolves.toEqual(['Wants to move the shoot to Sunday', 'Chose the garden package']);
    await section.getByRole('button', { name: 'Add a contact record' }).click();
    await section.getByLabel('Channel').selectOption('wechat');
    await section.getByLabel('Note').fill('Sent the sample photos');
    await section.getByRole('button', { name: 'Save record' }).click();
    await section.locator('.contact-note').first().getByText('Sent the sample photos').waitFor();
    await expect(section.locator('li').first().textContent()).resolves.toContain('WeChat');
    expect((await admin.get<ContactRecord[]>(`/api/customers/${hoa.id}/contacts`)).data[0]).toMatchObject({ channel: 'wechat', callId: null });
  });
});
