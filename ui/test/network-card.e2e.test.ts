// The status page's network card in a browser: the box's NAME.local address and its IP
// addresses; an admin renames the box (the rename command is a recording script here, the root
// helper on the Pi); a bad name is refused in the form before anything runs.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { currentAddresses } from '../../firmware/src/system/box-network.js';
import { CHROMIUM, ensureBundle } from './ui-bundle.js';
import { logIn } from './log-in.js';

const scratch = mkdtempSync(join(tmpdir(), 'sb-net-ui-'));
const calls = join(scratch, 'calls');
const helper = join(scratch, 'rename.sh');
writeFileSync(helper, `#!/bin/sh\necho "$@" >>'${calls}'\n`);
chmodSync(helper, 0o755);

describe('the network card on the status page', () => {
  let tb: TestBox;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureBundle();
    tb = await startTestBox({ config: { system: { renameCommand: `${helper} set-hostname {name}` } } });
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
    expect(existsSync(calls)).toBe(false);

    await field.fill('front-desk');
    await card.getByRole('button', { name: 'Rename' }).click();
    await card.getByText(`Renamed: the box is now at http://front-desk.local:${port}/`).waitFor();
    expect(readFileSync(calls, 'utf8')).toBe('set-hostname front-desk\n');
    await expect(card.getByTestId('mdns-url').textContent()).resolves.toBe(`http://front-desk.local:${port}/`);
  });
});
