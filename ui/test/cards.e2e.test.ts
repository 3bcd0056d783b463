// Member cards in Chromium on a phone-sized screen (issue 18 items 4 and 6): the card shows its
// number as a barcode and a QR code (the images as rendered on the page are read back with
// ZXing and must say the card number); stored value moves from the main card to its attached
// card; Scan opens the camera (Chromium's fake camera plays a video of the card's barcode) and
// finds the card's holder; where the page has no live camera, a photo of the QR code does.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, MemberCard, MemberCardType } from '../../firmware/src/api-types.js';
import { SETUP, type ApiClient } from '../../firmware/test/helpers/http-client.js';
import { readCodes } from '../../firmware/test/helpers/read-codes.js';
import { startSetUpBox } from '../../firmware/test/helpers/set-up-box.js';
import type { TestBox } from '../../firmware/test/helpers/test-box.js';
import { logIn } from './log-in.js';
import { CHROMIUM, ensureBundle } from './ui-bundle.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

let tb: TestBox;
let admin: ApiClient;
let dir: string;
let browser: Browser;
let hoa: Customer;
let main: MemberCard;
let kid: MemberCard;

const image = async (path: string) => Buffer.from(await (await fetch(new URL(path, tb.url), { headers: { cookie: admin.sessionCookie! } })).arrayBuffer());

/** A still video (YUV4MPEG2, 4:2:0) of an image centred on white, for Chromium's fake camera. */
async function y4m(picture: Buffer, width = 640, height = 480): Promise<Buffer> {
  const inner = await sharp(picture, { density: 144 }).resize({ width: width - 80, height: height - 80, fit: 'inside' }).flatten({ background: '#ffffff' }).toBuffer();
  const rgb = await sharp({ create: { width, height, channels: 3, background: '#ffffff' } }).composite([{ input: inner, gravity: 'centre' }]).removeAlpha().raw().toBuffer();
  const y = Buffer.alloc(width * height);
  const u = Buffer.alloc((width / 2) * (height / 2));
  const v = Buffer.alloc((width / 2) * (height / 2));
  for (let row = 0; row < height; row++)
    for (let col = 0; col < width; col++) {
      const i = (row * width + col) * 3;
      const [r, g, b] = [rgb[i]!, rgb[i + 1]!, rgb[i + 2]!];
      y[row * width + col] = Math.round(0.257 * r + 0.504 * g + 0.098 * b + 16);
      if (row % 2 === 0 && col % 2 === 0) {
        const j = (row / 2) * (width / 2) + col / 2;
        u[j] = Math.round(-0.148 * r - 0.291 * g + 0.439 * b + 128);
        v[j] = Math.round(0.439 * r - 0.368 * g - 0.071 * b + 128);
      }
    }
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, u, v]);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), frame, frame]);
}

async function phonePage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(tb.url);
  await logIn(page, SETUP.admin.username, SETUP.admin.password);
  return page;
}

beforeAll(async () => {
  ensureBundle();
  ({ tb, admin } = await startSetUpBox());
  hoa = (await admin.post<Customer>('/api/customers', { name: 'Trần Thị Hoa', phones: [{ number: '138 1234 5678' }] })).data;
  const family = (await admin.post<MemberCardType>('/api/member-card-types', { name: 'Family', sharesStoredValue: true })).data;
  main = (await admin.post<MemberCard>(`/api/customers/${hoa.id}/member-cards`, { typeId: family.id, cardNo: 'VIP-0012' })).data;
  kid = (await admin.post<MemberCard>(`/api/customers/${hoa.id}/member-cards`, { typeId: family.id, mainCardId: main.id })).data;
  expect((await admin.post(`/api/member-cards/${main.id}/top-ups`, { amountMinor: 50000, method: 'cash' })).status).toBe(201);
  dir = mkdtempSync(join(tmpdir(), 'sb-cards-e2e-'));
  writeFileSync(join(dir, 'card.y4m'), await y4m(await image(`/api/member-cards/${main.id}/code.svg`)));
  browser = await chromium.launch({
    ...CHROMIUM,
    args: [...CHROMIUM.args, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${join(dir, 'card.y4m')}`],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  tb?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('member cards on a phone', () => {
  it('shows each card as a barcode and a QR code that read back as its number; moves stored value to the attached card', async () => {
    const context = await browser.newContext(PHONE);
    try {
      const page = await phonePage(context);
      await page.goto(`${tb.url}#/customers/${hoa.id}`);
      const card = page.locator(`li.member-card[data-card-no="${main.cardNo}"]`);
      const bar = card.locator('img.card-barcode');
      const qr = card.locator('img.card-qr');
      await bar.waitFor();
      await page.waitForFunction((no) => [...document.querySelectorAll<HTMLImageElement>(`[data-card-codes="${no}"] img`)].every((i) => i.complete && i.naturalWidth > 0), main.cardNo);
      // What the phone shows, as pixels: ZXing reads the card number back from each.
      expect(await readCodes(await bar.screenshot())).toEqual([['Code128', 'VIP-0012']]);
      expect(await readCodes(await qr.screenshot())).toEqual([['QRCode', 'VIP-0012']]);
      expect((await bar.boundingBox())!.width).toBeLessThanOrEqual(390);

      await card.getByRole('button', { name: 'Move stored value' }).click();
      const form = card.locator('form.transfer-form');
      await form.getByLabel('Other card').selectOption(String(kid.id));
      await form.getByLabel('Amount (CNY)').fill('120');
      await form.getByLabel('Note').fill('for the little one');
      await form.getByRole('button', { name: 'Move stored value' }).click();
      await card.getByText(new RegExp(`^Moved .*120\\.00.* from card ${main.cardNo} to card ${kid.cardNo}\\.$`)).waitFor();
      await card.locator('.stored-balance').getByText('380.00').waitFor();
      // The attached card, on the same page, follows by itself (server events).
      await page.locator(`li.member-card[data-card-no="${kid.cardNo}"] .stored-balance`).getByText('120.00').waitFor();
      await card.locator('table.stored-statement').getByText(`Moved to ${kid.cardNo}`).waitFor();
    } finally {
      await context.close();
    }
  }, 120_000);

  it('Scan opens the camera, reads the card’s barcode and opens its holder’s page', async () => {
    const context = await browser.newContext(PHONE);
    try {
      const page = await phonePage(context);
      await page.goto(`${tb.url}#/customers`);
      await page.getByRole('button', { name: 'Scan' }).click();
      await page.getByRole('heading', { name: 'Scan a member card' }).waitFor();
      await page.waitForURL(new RegExp(`#/customers/${hoa.id}$`), { timeout: 60_000 });
      await page.getByRole('heading', { level: 1, name: 'Trần Thị Hoa' }).waitFor();
      expect(await page.locator('video').count()).toBe(0); // the camera is let go
    } finally {
      await context.close();
    }
  }, 120_000);

  it('without a live camera (plain HTTP on a phone), a photo of the card’s QR code finds it; a photo without a code says so', async () => {
    const context = await browser.newContext(PHONE);
    try {
      await context.addInitScript(() => Object.defineProperty(window, 'isSecureContext', { value: false }));
      const page = await phonePage(context);
      await page.goto(`${tb.url}#/customers`);
      await page.getByRole('button', { name: 'Scan' }).click();
      const input = page.locator('.card-scan input[type=file]');
      const blank = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#ffffff' } }).png().toBuffer();
      await input.setInputFiles({ name: 'blank.png', mimeType: 'image/png', buffer: blank });
      await page.getByText('No barcode or QR code was found in the photo.', { exact: false }).waitFor();
      const photo = await sharp(await image(`/api/member-cards/${kid.id}/code.svg?kind=qrcode`), { density: 144 }).flatten({ background: '#ffffff' }).png().toBuffer();
      await input.setInputFiles({ name: 'card.png', mimeType: 'image/png', buffer: photo });
      await page.waitForURL(new RegExp(`#/customers/${hoa.id}$`), { timeout: 60_000 });
    } finally {
      await context.close();
    }
  }, 120_000);
});
