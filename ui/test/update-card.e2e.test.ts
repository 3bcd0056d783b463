// A software update from the status page in a browser: an admin picks the release, its
// SHA256SUMS and signature; the box checks the checksum and hands the file to its helper (a
// recording script here; the root helper and apply-update on the Pi, tested in
// firmware/test/system/). A release that does not match its SHA256SUMS is refused on the page.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { CHROMIUM, ensureBundle } from './ui-bundle.js';
import { logIn } from './log-in.js';

const scratch = mkdtempSync(join(tmpdir(), 'sb-update-ui-'));
const calls = join(scratch, 'calls');
const helper = join(scratch, 'update.sh');
writeFileSync(helper, `#!/bin/sh\necho "$@" >>'${calls}'\n`);
chmodSync(helper, 0o755);
const NAME = 'studio-box-1.2.0-linux-arm64.tar.gz';
const release = join(scratch, NAME);
writeFileSync(release, 'release bytes');
const sums = join(scratch, 'SHA256SUMS');
writeFileSync(sums, `${createHash('sha256').update('release bytes').digest('hex')}  ${NAME}\n`);
const sig = join(scratch, 'SHA256SUMS.sig');
writeFileSync(sig, Buffer.from([0, 1, 2, 250, 251, 255]));
const wrongSums = join(scratch, 'wrong', 'SHA256SUMS');

describe('the update card on the status page', () => {
  let tb: TestBox;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureBundle();
    tb = await startTestBox({ config: { system: { updateCommand: `${helper} update {file}` } } });
    await new ApiClient(tb.url).post('/api/setup', SETUP);
    browser = await chromium.launch(CHROMIUM);
    page = await (await browser.newContext()).newPage();
    await page.goto(tb.url);
    await logIn(page, SETUP.admin.username, SETUP.admin.password);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('refuses a release that does not match its SHA256SUMS, then installs the right one', { timeout: 60_000 }, async () => {
    await page.goto(`${tb.url}#/status`);
    const card = page.getByTestId('update-card');
    await card.getByText('No update has been installed from this page.').waitFor();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(scratch, 'wrong'));
    writeFileSync(wrongSums, `${'0'.repeat(64)}  ${NAME}\n`);
    await card.getByTestId('update-release').setInputFiles(release);
    await card.getByTestId('update-sums').setInputFiles(wrongSums);
    await card.getByRole('button', { name: 'Upload and install' }).click();
    await card.getByText(/does not match its SHA256SUMS \(damaged or the wrong one\)/).waitFor();
    expect(existsSync(calls)).toBe(false);

    await card.getByTestId('update-sums').setInputFiles(sums);
    await card.getByTestId('update-sig').setInputFiles(sig);
    await card.getByRole('button', { name: 'Upload and install' }).click();
    await card.getByText(/Received intact\./).waitFor();
    await card.getByText('Installing…').waitFor();
    const dir = join(tb.box.ctx.config.dataDir, 'updates');
    expect(readFileSync(calls, 'utf8')).toBe(`update ${join(dir, NAME)}\n`);
    expect([...readFileSync(join(dir, 'SHA256SUMS.sig'))]).toEqual([0, 1, 2, 250, 251, 255]);
  });
});
