// The status page's appliance cards in a browser. Network: the box's NAME.local address and its
// IP addresses; an admin renames the box, a bad name refused in the form before anything runs.
// Software update: an admin picks the release, its SHA256SUMS and signature; a release that
// does not match its SHA256SUMS is refused on the page; the right one is handed to the helper.
// The commands are recording scripts here (the root helper on the Pi: firmware/test/system/).
// The front panel's LEDs (H5): off the Pi, the LEDs the box would light, each with its reasons;
// the backup folder gone lights fault, and the card says why.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentAddresses } from '../../firmware/src/system/box-network.js';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { recordingCommand } from '../../firmware/test/helpers/recording-command.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { ensureBundle } from './ui-bundle.js';
import { openAdminPage } from './browser-box.js';

const scratch = mkdtempSync(join(tmpdir(), 'sb-system-ui-'));
const rename = recordingCommand(scratch, 'rename.sh');
const update = recordingCommand(scratch, 'update.sh');

describe('the network and update cards on the status page', () => {
  let tb: TestBox;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureBundle();
    // No nearly-full threshold: the test machine's free space must not light the fault LED.
    tb = await startTestBox({ config: { disks: { lowSpaceWarnBytes: 0 }, system: { renameCommand: `${rename.path} set-hostname {name}`, updateCommand: `${update.path} update {file}` } } });
    await new ApiClient(tb.url).post('/api/setup', SETUP);
    ({ browser, page } = await openAdminPage(tb.url));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('shows NAME.local and the addresses; an admin renames the box', { timeout: 60_000 }, async () => {
    await page.goto(`${tb.url}#/status`);
    const card = page.getByTestId('network-card');
    const port = new URL(tb.url).port;
    await expect(card.getByTestId('mdns-url').textContent()).resolves.toBe(`http://${hostname()}.local:${port}/`);
    const first = currentAddresses()[0];
    if (first) await card.getByText(`http://${first.family === 'IPv6' ? `[${first.address}]` : first.address}:${port}/`).waitFor();

    const field = card.getByLabel('Box name');
    await field.fill('Front_Desk');
    await card.getByRole('button', { name: 'Rename' }).click();
    await card.getByText('Use 1–63 lower-case letters').waitFor();
    expect(rename.calls()).toBeNull();

    await field.fill('front-desk');
    await card.getByRole('button', { name: 'Rename' }).click();
    await card.getByText(`Renamed: the box is now at http://front-desk.local:${port}/`).waitFor();
    expect(rename.calls()).toBe('set-hostname front-desk\n');
    await expect(card.getByTestId('mdns-url').textContent()).resolves.toBe(`http://front-desk.local:${port}/`);
  });

  it('refuses a release that does not match its SHA256SUMS, then hands the right one on', { timeout: 60_000 }, async () => {
    const name = 'studio-box-1.2.0-linux-arm64.tar.gz';
    const release = join(scratch, name);
    writeFileSync(release, 'release bytes');
    const sums = join(scratch, 'SHA256SUMS');
    writeFileSync(sums, `${createHash('sha256').update('release bytes').digest('hex')}  ${name}\n`);
    const sig = join(scratch, 'SHA256SUMS.sig');
    writeFileSync(sig, Buffer.from([0, 1, 2, 250, 251, 255]));
    mkdirSync(join(scratch, 'wrong'));
    const wrongSums = join(scratch, 'wrong', 'SHA256SUMS');
    writeFileSync(wrongSums, `${'0'.repeat(64)}  ${name}\n`);

    await page.goto(`${tb.url}#/status`);
    const card = page.getByTestId('update-card');
    await card.getByText('No update has been installed from this page.').waitFor();
    await card.getByTestId('update-release').setInputFiles(release);
    await card.getByTestId('update-sums').setInputFiles(wrongSums);
    await card.getByRole('button', { name: 'Upload and install' }).click();
    await card.getByText(/does not match its SHA256SUMS \(damaged or the wrong one\)/).waitFor();
    expect(update.calls()).toBeNull();

    await card.getByTestId('update-sums').setInputFiles(sums);
    await card.getByTestId('update-sig').setInputFiles(sig);
    await card.getByRole('button', { name: 'Upload and install' }).click();
    await card.getByText(/Received intact\./).waitFor();
    await card.getByText('Installing…').waitFor();
    const dir = join(tb.box.ctx.config.dataDir, 'updates');
    expect(update.calls()).toBe(`update ${join(dir, name)}\n`);
    expect([...readFileSync(join(dir, 'SHA256SUMS.sig'))]).toEqual([0, 1, 2, 250, 251, 255]);
  });

  it('shows the LEDs the box would light, each with its reasons; no backup disk lights fault with why', { timeout: 60_000 }, async () => {
    await page.goto(`${tb.url}#/status`);
    const card = page.getByTestId('led-card');
    await card.getByText('This computer has no panel wired: these are the LEDs the box would light.').waitFor();
    const row = (led: string) => card.locator(`li[data-led="${led}"]`);
    await expect(row('ready').getAttribute('data-mode')).resolves.toBe('on');
    await row('ready').getByText('The box is running and serving this page.').waitFor();
    await row('unread-sms').getByText('Every SMS has been read.').waitFor();
    await row('fault').getByText('Nothing is wrong.').waitFor();
    await expect(card.locator('li[data-led]').evaluateAll((ls) => ls.map((l) => `${l.getAttribute('data-led')}:${l.getAttribute('data-mode')}`))).resolves.toEqual([
      'ready:on',
      'ingest:off',
      'unread-sms:off',
      'fault:off',
      'call:off',
    ]);

    const backupDir = join(tb.dataDir, 'backup');
    rmSync(backupDir, { recursive: true, force: true });
    try {
      await page.reload();
      await row('fault').getByText('No backup disk: not connected. Cards get no second copy until it is back.').waitFor();
      await expect(row('fault').getAttribute('data-mode')).resolves.toBe('on');
      await expect(row('fault').locator('.led-mode').textContent()).resolves.toBe('lit');
    } finally {
      mkdirSync(backupDir);
    }
  });
});
