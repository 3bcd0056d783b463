// Group e-mail (S6) in a browser against a real smtp-server started here (login required, one
// mailbox that does not exist): on the Group e-mail page a person sets the server and its
// "Send test" says what is wrong (no such host, TLS on a plain port, a wrong password, a refused
// recipient) until it is right; then chooses the customers with the group SMS's filter, sees the
// count and three personalised previews, sends, and watches each recipient's status arrive,
// the refused one failed with the reason.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { openAdminPage } from './browser-box.js';
import { startTestSmtp, type TestSmtp } from './test-smtp.js';
import { ensureBundle } from './ui-bundle.js';

describe('the Group e-mail page', () => {
  let tb: TestBox;
  let browser: Browser;
  let page: Page;
  let smtp: TestSmtp;
  let port = 0;
  let received: TestSmtp['received'] = [];

  beforeAll(async () => {
    ensureBundle();
    smtp = await startTestSmtp();
    ({ port, received } = smtp);
    tb = await startTestBox({ config: { mail: { perMinute: 6000, retrySeconds: 0.5 } } });
    const admin = new ApiClient(tb.url);
    await admin.post('/api/setup', SETUP);
    const actor = { id: 1, name: 'Admin' };
    const ids: number[] = [];
    tb.box.ctx.db.transaction(() => {
      for (let i = 0; i < 5; i++) ids.push(tb.box.ctx.customers.create(actor, { name: `Guest ${i}`, tags: ['VIP'], email: `guest${i}@example.com` }).id);
      tb.box.ctx.customers.create(actor, { name: 'No Address', tags: ['VIP'] });
      ids.push(tb.box.ctx.customers.create(actor, { name: 'Opted Out', tags: ['VIP'], email: 'out@example.com' }).id);
      tb.box.ctx.customers.create(actor, { name: 'Nobody', tags: ['VIP'], email: 'nobody@example.com' });
      tb.box.ctx.customers.create(actor, { name: 'Not VIP', email: 'other@example.com' });
    })();
    expect((await admin.put(`/api/customers/${ids[5]}/sms-opt-out`, { optedOut: true })).status).toBe(200);
    ({ browser, page } = await openAdminPage(tb.url));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await tb?.close();
    await smtp?.close();
  });

  it('"Send test" names what is wrong, until the server is set right', { timeout: 120_000 }, async () => {
    await page.goto(`${tb.url}#/campaigns/mail`);
    await page.getByRole('heading', { name: 'Group e-mail', level: 1 }).waitFor();
    const card = page.locator('section.mail-settings');
    const save = async () => {
      await card.getByRole('button', { name: 'Save' }).click();
      await card.getByText('E-mail settings saved.').waitFor();
    };
    const test = async (to: string, says: RegExp) => {
      await card.getByLabel('Send a test e-mail to').fill(to);
      await card.getByRole('button', { name: 'Send test' }).click();
      await card.getByText(says).waitFor({ timeout: 40_000 });
    };
    await card.getByLabel('SMTP server').fill('no-such-host.invalid');
    await card.getByLabel('Encryption').selectOption('none');
    await card.getByLabel('Port').fill(String(port));
    await card.getByLabel('User name (usually the address)').fill('studio@example.com');
    await card.getByLabel('Password or authorisation code').fill('wrong');
    await card.getByLabel('Sender', { exact: true }).fill('Studio <studio@example.com>');
    await save();
    await test('hoa@example.com', /The server name could not be found/);

    await card.getByLabel('SMTP server').fill('127.0.0.1');
    await card.getByLabel('Encryption').selectOption('tls');
    await card.getByLabel('Port').fill(String(port));
    await save();
    await test('hoa@example.com', /The encrypted connection failed/);

    await card.getByLabel('Encryption').selectOption('none');
    await card.getByLabel('Port').fill(String(port));
    await save();
    await test('hoa@example.com', /The server refused the user name or password/);

    await card.getByLabel('Password or authorisation code').fill('code-1234');
    await save();
    await test('nobody@example.com', /The server refused the recipient address/);
    await test('hoa@example.com', /The test e-mail was accepted by the server for hoa@example.com/);
    expect(received.map((m) => m.to)).toEqual([['hoa@example.com']]);
  });

  it('chooses customers as for a group SMS, previews three, sends, and shows each recipient', { timeout: 120_000 }, async () => {
    const form = page.locator('section.mail-campaign-new');
    const status = form.locator('.segment-count');
    // "Only customers who take marketing" is ticked by default: the opted-out one is not chosen.
    await status.getByText('8 customers').waitFor();
    await form.getByLabel('Tags (commas between)').fill('VIP');
    await status.getByText('7 customers').waitFor();
    await form.getByLabel('Subject').fill('An offer for {name}');
    await form.getByLabel('Text', { exact: true }).fill('Dear {name},\n20% off in December at ');
    await form.getByRole('button', { name: '{store}', exact: true }).click();
    await form.getByRole('button', { name: 'Check before sending' }).click();
    await form.getByTestId('mail-count').getByText('6 e-mails will go out (of 7 customers chosen)').waitFor();
    await form.getByText('Skipped: 1 without an address, 0 opted out, 0 sharing an address with another').waitFor();
    const previews = form.locator('.mail-previews li');
    expect(await previews.count()).toBe(3);
    expect(await previews.nth(0).textContent()).toContain('An offer for Guest 0');
    expect(await previews.nth(1).locator('pre').textContent()).toBe(`Dear Guest 1,\n20% off in December at ${SETUP.studioName}`);
    await form.getByRole('button', { name: 'Send 6 e-mails' }).click();
    await form.getByText('Sending has started.').waitFor();

    const row = page.locator('table.mail-campaigns tbody tr').first();
    await row.getByTestId('mail-progress').getByText('5 sent, 1 failed, 0 unknown, 0 waiting, of 6').waitFor({ timeout: 60_000 });
    await row.getByTestId('mail-state').getByText('Done').waitFor();
    for (let i = 0; i < 5; i++) expect(received.filter((m) => m.to.includes(`guest${i}@example.com`)), `guest${i}`).toHaveLength(1);
    expect(received.find((m) => m.to.includes('guest2@example.com'))!.data).toContain('Guest 2');

    await row.getByRole('button', { name: 'Records' }).click();
    const list = page.locator('section.mail-recipients');
    await list.getByText('Records of “An offer for {name}”').waitFor();
    const nobody = list.locator('tr[data-email="nobody@example.com"]');
    await nobody.getByText('The server refused the recipient address.').waitFor();
    expect(await nobody.getByTestId('recipient-state').textContent()).toBe('Failed');
    expect(await list.locator('tbody tr').count()).toBe(6);
    await list.getByLabel('State').selectOption('sent');
    // The unfiltered list also has a fifth row: wait for the refused one to leave, then count.
    await nobody.waitFor({ state: 'detached' });
    expect(await list.locator('tbody tr').count()).toBe(5);
  });
});
