// The shared-folder mirror and the database backups in a browser, against a real smbd: an
// admin tests a wrong password (the reason shown per step), then the right one, saves, and the
// card shows the photos copied; "Back up now" lists a backup whose restore panel says what it
// holds and waits for the confirmation.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../firmware/src/api-types.js';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { Scratch } from '../../firmware/test/ingest/engine-helpers.js';
import { SMB_PASSWORD, SMB_USER, Smbd, smbdSkipReason } from '../../firmware/test/mirror/smbd-harness.js';
import { ingestCard } from '../../firmware/test/scrub/scrub-helpers.js';
import { openAdminPage } from './browser-box.js';
import { ensureBundle } from './ui-bundle.js';

const skip = smbdSkipReason();
if (skip) console.warn(`SKIPPED mirror e2e: ${skip}`);
const scratch = new Scratch('sb-mirror-ui-');

describe.skipIf(!!skip)('the mirror and backup cards on the status page', () => {
  let smbd: Smbd;
  let tb: TestBox;
  let browser: Browser;
  let page: Page;
  let customer: Customer;

  beforeAll(async () => {
    ensureBundle();
    smbd = new Smbd();
    await smbd.start();
    tb = await startTestBox({ config: { mirror: { nameResolveOrder: 'host', idlePollSeconds: 0.5 } } });
    const admin = new ApiClient(tb.url);
    await admin.post('/api/setup', SETUP);
    customer = (await admin.post<Customer>('/api/customers', { name: 'Trần Thị Hoa 陈' })).data;
    ({ browser, page } = await openAdminPage(tb.url));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await tb?.close();
    await smbd?.cleanup();
    scratch.cleanup();
  });

  it('Test says why a wrong password fails; the right one is saved and the photos are copied', { timeout: 90_000 }, async () => {
    await page.goto(`${tb.url}#/status`);
    const card = page.getByTestId('mirror-card');
    await card.getByText('No shared folder is set up').waitFor();
    await card.getByText('Shared folder settings').click();
    const form = card.getByTestId('share-form');
    await form.getByLabel('Shared folder', { exact: true }).fill('//127.0.0.1/photos');
    await form.getByLabel('Port').fill(String(smbd.port));
    await form.getByLabel('User name').fill(SMB_USER);
    await form.getByLabel('Password').fill('wrong password');
    await form.getByRole('button', { name: 'Test' }).click();
    const steps = form.getByTestId('mirror-test');
    await steps.getByText(/Log in: failed — The user name or password was refused\./).waitFor();
    expect(await steps.textContent()).toMatch(/Find the PC: ok/);

    await form.getByLabel('Password').fill(SMB_PASSWORD);
    await form.getByRole('button', { name: 'Test' }).click();
    await form.getByText('The box can find the PC, log in, list, write and delete in the shared folder.').waitFor();
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Saved.').waitFor();
    // The password field is empty again and says one is stored.
    expect(await form.getByLabel('Password').inputValue()).toBe('');
    expect(await form.getByLabel('Password').getAttribute('placeholder')).toMatch(/stored/);
    await card.getByText('Shared folder: //127.0.0.1/photos').waitFor();

    const roots = { library: tb.box.ctx.config.disks.library.path, backup: tb.box.ctx.config.disks.backup.path };
    await ingestCard(tb.box.ctx.db, roots, customer.id, scratch.folder('card'), 3);
    tb.box.ctx.mirror.wake();
    await card.getByText('Copied: 3 files').waitFor({ timeout: 60_000 });
    await card.getByText('up to date').waitFor();
  });

  it('Back up now lists a backup; its restore panel shows what it holds and needs the confirmation', { timeout: 60_000 }, async () => {
    const card = page.getByTestId('backup-card');
    await card.getByText('No backup yet.').waitFor();
    await card.getByRole('button', { name: 'Back up now' }).click();
    await card.getByText(/Last backup studio-box-db-.*: backup disk ok, shared folder ok/).waitFor();
    await card.getByRole('button', { name: 'Restore…' }).click();
    const panel = card.getByTestId('restore-panel');
    await panel.getByText(/This backup holds — customers: 1; orders: 0;/).waitFor();
    const go = panel.getByRole('button', { name: 'Restore this backup' });
    expect(await go.isDisabled()).toBe(true);
    await panel.getByText('I understand: replace the database with this backup').click();
    expect(await go.isDisabled()).toBe(false);
  });

  it('an admin sets a backup passphrase; the next backup is encrypted and its restore asks for the passphrase', { timeout: 60_000 }, async () => {
    const card = page.getByTestId('backup-card');
    const crypto = card.getByTestId('backup-crypto');
    await crypto.getByText(/Backups are not encrypted/).waitFor();
    await crypto.getByLabel(/New backup passphrase/).fill('short');
    await crypto.getByRole('button', { name: 'Set passphrase' }).click();
    await crypto.getByText(/at least 10 characters/).first().waitFor();
    await crypto.getByLabel(/New backup passphrase/).fill('Ảnh cưới 2026 陈家');
    await crypto.getByRole('button', { name: 'Set passphrase' }).click();
    await crypto.getByText(/New backups are encrypted with the backup passphrase/).waitFor();
    expect(await crypto.getByLabel(/New backup passphrase/).inputValue()).toBe('');
    await card.getByRole('button', { name: 'Back up now' }).click();
    await card.getByText(/Last backup studio-box-db-.*\.enc: backup disk ok, shared folder ok/).waitFor();
    const newest = card.locator('.backup-list li').first();
    expect(await newest.textContent()).toContain('encrypted');
    await newest.getByRole('button', { name: 'Restore…' }).click();
    const panel = newest.getByTestId('restore-panel');
    await panel.getByLabel('This backup is encrypted: its passphrase').fill('not the right one');
    await panel.getByRole('button', { name: 'Open backup' }).click();
    await panel.getByText(/passphrase is wrong/).waitFor();
    await panel.getByLabel('This backup is encrypted: its passphrase').fill('Ảnh cưới 2026 陈家');
    await panel.getByRole('button', { name: 'Open backup' }).click();
    await panel.getByText(/This backup holds — customers: 1; orders: 0;/).waitFor();
  });
});
