// A database restore through the browser, end to end, on the real daemon (`studio-box serve`
// built in dist/, as systemd starts it): back up, change data, restore — a kept backup, then an
// uploaded file — and each time the box closes and starts its services again in the same
// process (no new process, the same port), the page reloads by itself, the admin is logged out
// (sessions are not restored: docs/security.md), and exactly the backed-up data is there.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupRunResult, CustomerPage } from '../../firmware/src/api-types.js';
import { ensureBuilt, processesMentioning, serve, type Daemon } from '../../firmware/test/helpers/cli-daemon.js';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { openAdminPage } from './browser-box.js';
import { ensureBundle } from './ui-bundle.js';

describe('restore through the browser restarts the box on the backed-up data', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'sb-restore-e2e-'));
  let d: Daemon;
  let url: string;
  let browser: Browser;
  let page: Page;
  let pid: number;

  /** A fresh API login (every restore ends all sessions). */
  const api = async () => {
    const c = new ApiClient(url);
    const r = await c.post('/api/auth/login', { username: SETUP.admin.username, password: SETUP.admin.password });
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    return c;
  };
  const names = async (c: ApiClient) => (await c.get<CustomerPage>('/api/customers?limit=100')).data.items.map((x) => x.name).sort();
  /** After the restore's answer: the page reloads itself once the box is back, on the login form. */
  const backOnLoginForm = async (restarts: number) => {
    await page.getByTestId('backup-card').getByText('Restored. The box is restarting; this page reloads by itself.').waitFor();
    await page.getByLabel('User name').waitFor({ timeout: 60_000 });
    expect(d.err().match(/Studio Box is running again/g)?.length ?? 0).toBe(restarts);
    // The same process answers on the same address.
    expect(d.child.pid).toBe(pid);
    expect((await fetch(new URL('/api/health', url))).status).toBe(200);
  };

  beforeAll(async () => {
    ensureBuilt();
    ensureBundle();
    // No modem: this is about the database. Any free port: the restart keeps the one it got.
    d = serve(cwd, [], { STUDIO_BOX_MODEM__KIND: 'none' });
    url = (await d.waitOut(/Open (http:\/\/\S+\/)/, 60_000))[1]!;
    pid = d.child.pid!;
    const admin = new ApiClient(url);
    const s = await admin.post('/api/setup', SETUP);
    expect(s.status, JSON.stringify(s.error)).toBe(201);
    for (const name of ['Nguyễn Thị Lan', '张伟']) expect((await admin.post('/api/customers', { name })).status).toBe(201);
    ({ browser, page } = await openAdminPage(url));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    if (d) expect(await d.stop()).toBe(0);
    expect(processesMentioning(cwd)).toEqual([]);
    rmSync(cwd, { recursive: true, force: true });
  });

  it('a backup chosen on the status page', { timeout: 120_000 }, async () => {
    await page.goto(`${url}#/status`);
    const card = page.getByTestId('backup-card');
    await card.getByRole('button', { name: 'Back up now' }).click();
    await card.getByText(/Last backup studio-box-db-/).waitFor();
    const admin = await api();
    const backedUp = await names(admin);
    expect(backedUp).toEqual(['Nguyễn Thị Lan', '张伟'].sort());
    // Changed after the backup: one added, one renamed.
    expect((await admin.post('/api/customers', { name: 'Added after the backup' })).status).toBe(201);
    const lan = (await admin.get<CustomerPage>('/api/customers?limit=100')).data.items.find((c) => c.name === 'Nguyễn Thị Lan')!;
    expect((await admin.patch(`/api/customers/${lan.id}`, { name: 'Renamed after the backup' })).status).toBe(200);

    await card.locator('.backup-list li').first().getByRole('button', { name: 'Restore…' }).click();
    const panel = card.getByTestId('restore-panel');
    await panel.getByText(/This backup holds — customers: 2; orders: 0;/).waitFor();
    await panel.getByText('I understand: replace the database with this backup').click();
    await panel.getByRole('button', { name: 'Restore this backup' }).click();
    await backOnLoginForm(1);
    // Logged out: the old session is gone.
    expect((await fetch(new URL('/api/auth/me', url), { headers: { cookie: admin.sessionCookie! } })).status).toBe(401);
    expect(await names(await api())).toEqual(backedUp);
    // The admin logs in again in the browser and sees the backed-up customers, not the changes.
    // (The login form came back on the status page: the login stays there, not on "Today".)
    await page.goto(`${url}#/customers`);
    await page.getByLabel('User name').fill(SETUP.admin.username);
    await page.getByLabel('Password').fill(SETUP.admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('Nguyễn Thị Lan').first().waitFor();
    expect(await page.getByText('Added after the backup').count()).toBe(0);
    expect(await page.getByText('Renamed after the backup').count()).toBe(0);
  });

  it('a backup file uploaded on the status page', { timeout: 120_000 }, async () => {
    const admin = await api();
    const b = await admin.post<BackupRunResult>('/api/backups');
    expect(b.status, JSON.stringify(b.error)).toBe(201);
    const backedUp = await names(admin);
    // The file as it would come back from the share or a stick (and renamed on the way).
    const file = join(cwd, 'from the studio PC.sqlite.gz');
    copyFileSync(join(cwd, 'data', 'backups', b.data.name), file);
    expect((await admin.post('/api/customers', { name: 'Second change' })).status).toBe(201);

    await page.goto(`${url}#/status`);
    const up = page.getByTestId('backup-upload');
    await up.locator('input[type=file]').setInputFiles(file);
    await up.getByText(/Uploaded .* MB: a backup taken at an unknown time/).waitFor();
    const panel = up.getByTestId('restore-panel');
    await panel.getByText(/This backup holds — customers: 2; orders: 0;/).waitFor();
    await panel.getByText('I understand: replace the database with this backup').click();
    await panel.getByRole('button', { name: 'Restore this backup' }).click();
    await backOnLoginForm(2);
    expect(await names(await api())).toEqual(backedUp);
    expect(backedUp).not.toContain('Second change');
  });
});
