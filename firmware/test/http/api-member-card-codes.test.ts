// A member card's number as a barcode and a QR code (M1, issue 18 item 6), over real HTTP: the
// SVG images read back (ZXing) as exactly the card's number, the right to see them, bad input;
// and the customer search finding a card's holder by the number, typed or scanned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGES, type Customer, type CustomerPage, type MemberCard, type MemberCardType } from '../../src/api-types.js';
import { ApiClient, userWith } from '../helpers/http-client.js';
import { readCodes } from '../helpers/read-codes.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';

let tb: TestBox;
let admin: ApiClient;
let hoa: Customer;
let minh: Customer;
let vip: MemberCard;
let boxNo: MemberCard;

const svg = async (client: ApiClient, path: string) => {
  const res = await fetch(new URL(path, tb.url), { headers: client.sessionCookie ? { cookie: client.sessionCookie } : {} });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
};

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox());
  hoa = (await admin.post<Customer>('/api/customers', { name: 'Trần Thị Hoa', phones: [{ number: '138 1234 5678' }] })).data;
  minh = (await admin.post<Customer>('/api/customers', { name: 'Lê Minh', phones: [{ number: '139 0000 1111' }] })).data;
  // Another customer whose phone contains the digits of Hoa's card number: the card's holder still comes first.
  await admin.post<Customer>('/api/customers', { name: 'Vũ Lan', phones: [{ number: '138 8001 2340' }] });
  const gold = (await admin.post<MemberCardType>('/api/member-card-types', { name: 'Gold' })).data;
  vip = (await admin.post<MemberCard>(`/api/customers/${hoa.id}/member-cards`, { typeId: gold.id, cardNo: '8800 1234' })).data;
  boxNo = (await admin.post<MemberCard>(`/api/customers/${minh.id}/member-cards`, { typeId: gold.id })).data;
});
afterAll(() => tb?.close());

describe('card codes', () => {
  it('draws the number as Code 128 and as QR: each reads back as exactly the card number', async () => {
    for (const card of [vip, boxNo]) {
      const bar = await svg(admin, `/api/member-cards/${card.id}/code.svg`);
      expect(bar.status).toBe(200);
      expect(bar.type).toMatch(/^image\/svg\+xml/);
      expect(await readCodes(bar.body)).toEqual([['Code128', card.cardNo]]);
      const qr = await svg(admin, `/api/member-cards/${card.id}/code.svg?kind=qrcode`);
      expect(await readCodes(qr.body)).toEqual([['QRCode', card.cardNo]]);
    }
    expect(vip.cardNo).toBe('88001234');
  });

  it('needs membership:view; a bad kind is a 400 naming it; an unknown card a 404', async () => {
    const none = (await userWith(admin, 'nobody', { customers: ['view'] })).client;
    expect((await svg(none, `/api/member-cards/${vip.id}/code.svg`)).status).toBe(403);
    expect((await svg(new ApiClient(tb.url), `/api/member-cards/${vip.id}/code.svg`)).status).toBe(401);
    const bad = await admin.get(`/api/member-cards/${vip.id}/code.svg?kind=ean13`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.error)).toContain('kind');
    expect((await admin.get('/api/member-cards/99999/code.svg')).status).toBe(404);
  });
});

describe('the barcode reader for Scan', () => {
  it('is served by the box itself as WebAssembly (no CDN), compressed when the browser takes gzip', async () => {
    const res = await fetch(new URL('/zxing_reader.wasm', tb.url), { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/wasm');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.subarray(0, 4).toString('latin1')).toBe('\0asm'); // a WebAssembly module
    expect(body.length).toBeGreaterThan(100_000);
  });
});

describe('customer search by card number', () => {
  const search = async (q: string, stage?: string) =>
    (await admin.get<CustomerPage>(`/api/customers?q=${encodeURIComponent(q)}${stage ? `&stage=${stage}` : ''}`)).data.items.map((c) => c.name);

  it('finds the holder first, whether the number is typed with spaces, in lower case or in full-width digits', async () => {
    expect((await search('88001234'))[0]).toBe('Trần Thị Hoa');
    expect(await search('88001234')).toContain('Vũ Lan'); // her phone still matches
    expect((await search('8800 1234'))[0]).toBe('Trần Thị Hoa');
    expect((await search('８８００１２３４'))[0]).toBe('Trần Thị Hoa');
    expect(await search(boxNo.cardNo.toLowerCase())).toEqual(['Lê Minh']);
  });

  it('finds no one for a number no card has, and keeps to the stage asked for', async () => {
    expect(await search('M999999')).toEqual([]);
    const stage = (await admin.get<Customer>(`/api/customers/${minh.id}`)).data.stage;
    expect(await search(boxNo.cardNo, stage)).toEqual(['Lê Minh']);
    const other = STAGES.find((s) => s !== stage)!;
    expect(await search(boxNo.cardNo, other)).toEqual([]);
  });
});
