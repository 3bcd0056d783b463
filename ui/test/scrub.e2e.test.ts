// The scrub in a browser: an admin starts a check on the status page; a backup copy deleted is
// repaired; a photo bad on both disks raises the alarm banner on every screen of an admin until
// an admin acknowledges it.
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../firmware/src/api-types.js';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { ingestCard, type StoredRow } from '../../firmware/test/scrub/scrub-helpers.js';
import { Scratch } from '../../firmware/test/ingest/engine-helpers.js';
import { ensureBundle } from './ui-bundle.js';
import { logIn } from './log-in.js';
import { openAdminPage } from './browser-box.js';

const scratch = new Scratch('sb-scrub-ui-');

describe('the scrub on the status page and the alarm banner', () => {
  let tb: TestBox;
  let browser: Browser;
  let page: Page;
  let rows: StoredRow[];
  let roots: { library: string; backup: string };
  let admin: ApiClient;

  beforeAll(async () => {
    ensureBundle();
    tb = await startTestBox();
    admin = new ApiClient(tb.url);
    await admin.post('/api/setup', SETUP);
    const lan = (await admin.post<Customer>('/api/customers', { name: 'Nguyễn Lan', phones: [{ number: '139 0000 3333' }] })).data;
    roots = { library: tb.box.ctx.config.disks.library.path, backup: tb.box.ctx.config.disks.backup.path };
    rows = await ingestCard(tb.box.ctx.db, roots, lan.id, scratch.folder('card'), 4);
    ({ browser, page } = await openAdminPage(tb.url));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
    scratch.cleanup();
  });

  it('Check now: one copy repaired, one photo with no good copy raises the banner; Acknowledge clears it', { timeout: 60_000 }, async () => {
    unlinkSync(join(roots.backup, rows[0]!.backup_path));
    const lib = join(roots.library, rows[1]!.library_path);
    const bad = readFileSync(lib);
    bad[10] = bad[10]! ^ 1;
    writeFileSync(lib, bad);
    unlinkSync(join(roots.backup, rows[1]!.backup_path));
    await expect(page.getByTestId('scrub-alarm').count()).resolves.toBe(0);

    await page.goto(`${tb.url}#/status`);
    const card = page.getByTestId('scrub-card');
    await card.getByText('No check has run yet.').waitFor();
    await card.getByRole('button', { name: 'Check now' }).click();
    await card.getByText(/Last check: done, .*: 4 files, 1 repaired, 1 with no good copy\./).waitFor();
    await card.getByRole('heading', { name: 'No good copy' }).waitFor();
    expect(await card.locator('.scrub-alarms').textContent()).toContain(rows[1]!.library_path);
    // The banner, on this screen and on every other one.
    await page.getByTestId('scrub-alarm').getByText('Photos with no good copy left on either disk: 1.').waitFor();
    await page.goto(`${tb.url}#/customers`);
    await page.getByTestId('scrub-alarm').waitFor();

    await page.goto(`${tb.url}#/status`);
    await card.locator('.scrub-alarms').getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByTestId('scrub-alarm').waitFor({ state: 'detached' });
    expect(readFileSync(join(roots.backup, rows[0]!.backup_path)).equals(readFileSync(join(roots.library, rows[0]!.library_path)))).toBe(true);
    const audit = tb.box.ctx.db.prepare(`SELECT action FROM audit_log WHERE action LIKE 'scrub.%' ORDER BY id`).all() as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['scrub.start', 'scrub.repair', 'scrub.alarm', 'scrub.done', 'scrub.acknowledge']);
  });

  // The box's event stream opens a moment after the screen (the tab first claims to be the
  // one holding it): an alarm raised in that moment was never seen, and the banner stayed
  // hidden. The stream's greeting now makes the banner look again.
  it('an alarm raised before the event stream opened still shows the banner once it opens', { timeout: 60_000 }, async () => {
    const lib = join(roots.library, rows[2]!.library_path);
    const bad = readFileSync(lib);
    bad[10] = bad[10]! ^ 1;
    writeFileSync(lib, bad);
    unlinkSync(join(roots.backup, rows[2]!.backup_path));

    const context = await browser.newContext();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let asked = 0;
    await context.route('**/api/events**', async (route) => {
      asked++;
      await held;
      await route.continue();
    });
    const late = await context.newPage();
    await late.goto(tb.url);
    await logIn(late, SETUP.admin.username, SETUP.admin.password);
    await expect.poll(() => asked, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await late.getByTestId('scrub-alarm').count()).toBe(0);

    const run = (await admin.post<{ id: number }>('/api/scrub/runs', {})).data;
    await expect
      .poll(() => (tb.box.ctx.db.prepare(`SELECT state FROM scrub_runs WHERE id = ?`).get(run.id) as { state: string }).state, { timeout: 20_000 })
      .toBe('done');
    expect(await late.getByTestId('scrub-alarm').count()).toBe(0);
    release();
    // rows[1], acknowledged above, is still bad on both disks: this run raised it again.
    expect((await admin.get<{ open: number }>('/api/scrub/alarm')).data.open).toBe(2);
    await late.getByTestId('scrub-alarm').getByText('Photos with no good copy left on either disk: 2.').waitFor();
    await context.close();
  });
});
