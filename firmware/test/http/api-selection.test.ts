// Photo selection over real HTTP (O4, issue 19 item 4): a shoot of real JPEGs ingested through
// the card slot, a session opened for its order (package from the order's bill), marks and
// retouch wishes, the tally and the price of extras, rights, bad input, a resumed session,
// finishing (selected/ with the kept originals byte for byte, the production sheet, the
// Lightroom filter), and the thumbnails' cache headers (ETag, 304).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THUMB_SHEET_GAP, thumbSheetSlot, type Customer, type Order, type PriceItem, type SelectionSession, type SelectionStart } from '../../src/api-types.js';
import { hashOf } from '../ingest/engine-helpers.js';
import { sheetId, sheetPath } from '../../src/ingest/photos/thumb-sheets.js';
import { ApiClient, userWith } from '../helpers/http-client.js';
import { rowCount, startSetUpBox } from '../helpers/set-up-box.js';
import { ingestShoot } from '../helpers/shoot.js';
import type { TestBox } from '../helpers/test-box.js';

let tb: TestBox;
let admin: ApiClient;
let desk: ApiClient;
let tablet: ApiClient;
let viewer: ApiClient;
let lan: Customer;
let order: Order;
let pkg: PriceItem;

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox({ config: { cardSource: { pollSeconds: 0.1, settleSeconds: 0.1 } } }));
  desk = (await userWith(admin, 'desk', { customers: ['view'], orders: ['view', 'add'], finance: ['view', 'add'], ingest: ['view', 'add'], photos: ['view', 'add', 'edit', 'print'] })).client;
  tablet = (await userWith(admin, 'tablet', { photos: ['view', 'edit'] })).client;
  viewer = (await userWith(admin, 'viewer', { customers: ['view'], orders: ['view'] })).client;
  lan = (await admin.post<Customer>('/api/customers', { name: 'Nguyễn Thị Lan' })).data;
  order = (await desk.post<Order>(`/api/customers/${lan.id}/orders`, { title: 'Wedding A', totalMinor: 0 })).data;
  pkg = (await admin.post<PriceItem>('/api/price-items', { kind: 'package', name: 'Wedding A', priceMinor: 880000, includes: '3 photos', photosIncluded: 3, extraPhotoMinor: 5000 })).data;
  const b = await desk.post(`/api/orders/${order.id}/bill`, { lines: [{ priceItemId: pkg.id }] });
  expect(b.status, JSON.stringify(b.error)).toBe(201);
  await ingestShoot(tb, desk, lan.id, order.orderNo, 8);
}, 120_000);
afterAll(() => tb?.close());

describe('a selection session', () => {
  let s: SelectionSession;

  it('proposes the order’s folder and the bill’s package, refuses those without the right', async () => {
    const r = await desk.get<SelectionStart>(`/api/orders/${order.id}/selection`);
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data).toMatchObject({ orderNo: order.orderNo, session: null, latestSession: null, suggestedFolder: order.orderNo, folders: [{ folder: order.orderNo, originals: 8 }] });
    expect(r.data.package).toEqual({ name: 'Wedding A', photosIncluded: 3, extraPhotoMinor: 5000, currency: 'CNY' });
    expect((await viewer.get(`/api/orders/${order.id}/selection`)).status).toBe(403);
    expect((await tablet.post(`/api/orders/${order.id}/selection`, {})).status).toBe(403);
    expect((await desk.get(`/api/orders/9999/selection`)).status).toBe(404);
  });

  it('refuses bad input naming the field, and opens nothing', async () => {
    const before = rowCount(tb, 'selection_sessions');
    for (const [body, field] of [
      [{ folder: 'not a folder' }, 'folder'],
      [{ photosIncluded: -1 }, 'photosIncluded'],
      [{ extraPhotoMinor: 1.5 }, 'extraPhotoMinor'],
      [{ priceItemId: 'x' }, 'priceItemId'],
      [{ priceItemId: 9999 }, 'priceItemId'],
      [{ colour: 'red' }, 'colour'],
    ] as const) {
      const r = await desk.post(`/api/orders/${order.id}/selection`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.error?.fields?.[0]?.path).toBe(field);
    }
    expect((await desk.post(`/api/orders/abc/selection`, {})).error?.fields?.[0]?.path).toBe('id');
    expect(rowCount(tb, 'selection_sessions')).toBe(before);
  });

  it('opens once: a second open (another tablet, a reload) answers the same session', async () => {
    const r = await desk.post<SelectionSession>(`/api/orders/${order.id}/selection`, {});
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    s = r.data;
    expect(s).toMatchObject({ orderId: order.id, folder: order.orderNo, state: 'open', package: { photosIncluded: 3, extraPhotoMinor: 5000 } });
    expect(s.photos.map((p) => p.name)).toEqual(Array.from({ length: 8 }, (_, i) => `IMG_${String(i + 1).padStart(4, '0')}.JPG`));
    expect(s.tally).toEqual({ total: 8, keep: 0, maybe: 0, no: 0, unmarked: 8, extra: 0, extraMinor: 0 });
    const again = await desk.post<SelectionSession>(`/api/orders/${order.id}/selection`, { photosIncluded: 99 });
    expect(again.status).toBe(200);
    expect(again.data.id).toBe(s.id);
    expect(again.data.package.photosIncluded).toBe(3);
  });

  it('keeps marks and wishes, counts extras against the package, and survives a reload', async () => {
    const put = (i: number, body: unknown, c = tablet) => c.put<{ mark: string | null; note: string; tally: SelectionSession['tally'] }>(`/api/selections/${s.id}/photos/${s.photos[i]!.fileId}`, body);
    for (const i of [0, 1, 2, 3, 4]) expect((await put(i, { mark: 'keep' })).status).toBe(200);
    expect((await put(5, { mark: 'maybe' })).status).toBe(200);
    const no = await put(6, { mark: 'no' });
    expect(no.data.tally).toEqual({ total: 8, keep: 5, maybe: 1, no: 1, unmarked: 1, extra: 2, extraMinor: 10000 });
    const noted = await put(0, { note: '  Slimmer arms, remove the exit sign  ' });
    expect(noted.data).toMatchObject({ mark: 'keep', note: 'Slimmer arms, remove the exit sign' });
    // A reload: everything read back from the box.
    const back = (await tablet.get<SelectionSession>(`/api/selections/${s.id}`)).data;
    expect(back.photos.map((p) => p.mark)).toEqual(['keep', 'keep', 'keep', 'keep', 'keep', 'maybe', 'no', null]);
    expect(back.photos[0]!.note).toBe('Slimmer arms, remove the exit sign');
    expect(back.tally.extraMinor).toBe(10000);
    // Audited.
    const audits = tb.box.ctx.db.prepare(`SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'selection' AND entity_id = ?`).get(s.id) as { n: number };
    expect(audits.n).toBe(1 + 8);
  });

  it('refuses bad marks, unknown photos and those without the right, and changes nothing', async () => {
    const before = JSON.stringify(tb.box.ctx.db.prepare(`SELECT * FROM selection_marks ORDER BY file_id`).all());
    const url = `/api/selections/${s.id}/photos/${s.photos[7]!.fileId}`;
    expect((await tablet.put(url, { mark: 'love' })).error?.fields?.[0]?.path).toBe('mark');
    expect((await tablet.put(url, {})).status).toBe(400);
    expect((await tablet.put(url, { note: 'x'.repeat(2001) })).error?.fields?.[0]?.path).toBe('note');
    expect((await tablet.put(`/api/selections/${s.id}/photos/x`, { mark: 'keep' })).error?.fields?.[0]?.path).toBe('fileId');
    expect((await tablet.put(`/api/selections/${s.id}/photos/999999`, { mark: 'keep' })).status).toBe(404);
    expect((await tablet.put(`/api/selections/999/photos/${s.photos[7]!.fileId}`, { mark: 'keep' })).status).toBe(404);
    expect((await viewer.put(url, { mark: 'keep' })).status).toBe(403);
    expect((await viewer.get(`/api/selections/${s.id}`)).status).toBe(403);
    expect(JSON.stringify(tb.box.ctx.db.prepare(`SELECT * FROM selection_marks ORDER BY file_id`).all())).toBe(before);
  });

  it('serves thumbnails as cached files with an ETag (304 when unchanged), the original only on its own route', async () => {
    const key = s.photos[0]!.key;
    expect(s.thumbSizes).toEqual([160, 320, 1280]);
    const etags: string[] = [];
    for (const size of [160, 320]) {
      const first = await fetch(new URL(`/api/thumbs/${key}/${size}`, tb.url), { headers: { cookie: tablet.sessionCookie! } });
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toContain('max-age=31536000');
      const meta = await sharp(Buffer.from(await first.arrayBuffer())).metadata();
      expect(Math.max(meta.width, meta.height)).toBe(size);
      const etag = first.headers.get('etag');
      expect(etag).toBeTruthy();
      etags.push(etag!);
      const again = await fetch(new URL(`/api/thumbs/${key}/${size}`, tb.url), { headers: { cookie: tablet.sessionCookie!, 'if-none-match': etag! } });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
    }
    expect(new Set(etags).size).toBe(2); // each size its own validator
    const original = await fetch(new URL(`/api/selections/${s.id}/photos/${s.photos[0]!.fileId}/original`, tb.url), { headers: { cookie: tablet.sessionCookie! } });
    expect(original.status).toBe(200);
    expect(hashOf(Buffer.from(await original.arrayBuffer()))).toBe(key);
  });

  it('serves the grid’s thumbnail sheets: the photos’ thumbnails in one image, cached for good; bad keys refused', async () => {
    const keys = s.photos.map((x) => x.key);
    const get = (path: string, client: ApiClient | null = tablet, headers: Record<string, string> = {}) =>
      fetch(new URL(path, tb.url), { headers: { ...(client ? { cookie: client.sessionCookie! } : {}), ...headers } });
    // Made ahead when the session was opened, in the grid's sizes (not the full-screen one).
    await tb.box.ctx.sheets.warmed();
    const made = (size: number) => existsSync(sheetPath(tb.box.ctx.thumbs.cacheDir, sheetId(keys, size)));
    expect([made(160), made(320), made(1280)]).toEqual([true, true, false]);
    const first = await get(`/api/thumb-sheets/160/${keys.join('.')}`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/jpeg');
    expect(first.headers.get('cache-control')).toContain('immutable');
    const sheet = Buffer.from(await first.arrayBuffer());
    const meta = await sharp(sheet).metadata();
    expect([meta.width, meta.height]).toEqual([160, keys.length * thumbSheetSlot(160).pitch - THUMB_SHEET_GAP]);
    // Slot 3 holds photo 3's picture: its middle matches the middle of that photo's own thumbnail.
    const mid = async (img: Buffer, top: number, height: number) => [...(await sharp(img).extract({ left: 70, top: top + Math.floor(height / 2) - 5, width: 20, height: 10 }).removeAlpha().resize(1, 1).raw().toBuffer())];
    const own = Buffer.from(await (await get(`/api/thumbs/${keys[3]}/160`)).arrayBuffer());
    const ownMeta = await sharp(own).metadata();
    const [a, b] = [await mid(sheet, 3 * thumbSheetSlot(160).pitch, thumbSheetSlot(160).height), await mid(own, 0, ownMeta.height)];
    expect(a.every((v, i) => Math.abs(v - b[i]!) <= 16), `${a} vs ${b}`).toBe(true);
    // …and not another photo's (each photo of the shoot has its own tint).
    const own0 = Buffer.from(await (await get(`/api/thumbs/${keys[0]}/160`)).arrayBuffer());
    const c = await mid(own0, 0, (await sharp(own0).metadata()).height);
    expect(a.some((v, i) => Math.abs(v - c[i]!) > 40), `${a} vs ${c}`).toBe(true);
    const etag = first.headers.get('etag')!;
    expect((await get(`/api/thumb-sheets/160/${keys.join('.')}`, tablet, { 'if-none-match': etag })).status).toBe(304);
    const other = await get(`/api/thumb-sheets/320/${keys.join('.')}`);
    expect(other.status).toBe(200);
    expect(other.headers.get('etag')).not.toBe(etag);
    expect((await get(`/api/thumb-sheets/1000/${keys[0]}`)).status).toBe(404);
    expect((await get(`/api/thumb-sheets/160/${'ab'.repeat(16)}`)).status).toBe(404);
    expect((await get(`/api/thumb-sheets/160/${Array.from({ length: 25 }, () => keys[0]).join('.')}`)).status).toBe(400);
    expect((await get(`/api/thumb-sheets/160/${keys[0]}.NOT-HEX`)).status).toBe(400);
    expect((await get(`/api/thumb-sheets/160/${keys[0]}`, viewer)).status).toBe(403);
    expect((await get(`/api/thumb-sheets/160/${keys[0]}`, null)).status).toBe(401);
  });

  it('will not finish with maybes left; finishing copies the kept originals, the sheet and the Lightroom filter into selected/', async () => {
    expect(await tablet.post(`/api/selections/${s.id}/finish`)).toMatchObject({ status: 409, error: { code: 'maybes_left' } });
    expect((await desk.get(`/api/selections/${s.id}/sheet`)).status).toBe(409);
    await tablet.put(`/api/selections/${s.id}/photos/${s.photos[5]!.fileId}`, { mark: 'no' });
    expect((await viewer.post(`/api/selections/${s.id}/finish`)).status).toBe(403);
    const r = await tablet.post<{ session: SelectionSession; copied: number; alreadyThere: number }>(`/api/selections/${s.id}/finish`);
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data).toMatchObject({ copied: 5, alreadyThere: 0, session: { state: 'finished', lightroom: 'IMG_0001, IMG_0002, IMG_0003, IMG_0004, IMG_0005' } });
    const dir = join(tb.dataDir, 'library', r.data.session.selectedDir!);
    expect(r.data.session.selectedDir).toBe(`${lan.customerNo} ${lan.name}/${order.orderNo}/selected`);
    expect(readdirSync(dir).sort()).toEqual(['IMG_0001.JPG', 'IMG_0002.JPG', 'IMG_0003.JPG', 'IMG_0004.JPG', 'IMG_0005.JPG', 'lightroom-filter.txt', 'production-sheet.html']);
    for (const p of s.photos.slice(0, 5)) expect(hashOf(readFileSync(join(dir, p.name)))).toBe(p.key);
    expect(readFileSync(join(dir, 'lightroom-filter.txt'), 'utf8')).toBe('IMG_0001, IMG_0002, IMG_0003, IMG_0004, IMG_0005\n');
    const sheet = readFileSync(join(dir, 'production-sheet.html'), 'utf8');
    expect(sheet).toContain('Slimmer arms, remove the exit sign');
    expect(sheet).toContain(order.orderNo);
    expect(sheet).not.toContain('IMG_0006');
    const printed = await fetch(new URL(`/api/selections/${s.id}/sheet`, tb.url), { headers: { cookie: desk.sessionCookie! } });
    expect(printed.status).toBe(200);
    expect(printed.headers.get('content-type')).toContain('text/html');
    expect(await printed.text()).toContain('Slimmer arms, remove the exit sign');
    expect((await tablet.get(`/api/selections/${s.id}/sheet`)).status).toBe(403);
    // Finished is finished: no more marks, no second finish.
    expect((await tablet.put(`/api/selections/${s.id}/photos/${s.photos[7]!.fileId}`, { mark: 'keep' })).status).toBe(409);
    expect((await tablet.post(`/api/selections/${s.id}/finish`)).status).toBe(409);
    expect(existsSync(join(dir, '..', 'originals', 'IMG_0008.JPG'))).toBe(true);
  });

  it('a new round on the same order opens a new session; finishing it again keeps identical files as they are', async () => {
    const start = (await desk.get<SelectionStart>(`/api/orders/${order.id}/selection`)).data;
    expect(start.session).toEqual({ id: s.id, state: 'finished' });
    // The tablet's one request: the latest session in full, as GET /api/selections/:id has it.
    expect(start.latestSession).toEqual((await desk.get<SelectionSession>(`/api/selections/${s.id}`)).data);
    const r = await desk.post<SelectionSession>(`/api/orders/${order.id}/selection`, { priceItemId: pkg.id, photosIncluded: null });
    expect(r.status).toBe(201);
    expect(r.data.id).not.toBe(s.id);
    expect(r.data.package).toMatchObject({ name: 'Wedding A', photosIncluded: null, extraPhotoMinor: 5000 });
    for (const i of [0, 7]) await tablet.put(`/api/selections/${r.data.id}/photos/${r.data.photos[i]!.fileId}`, { mark: 'keep' });
    const done = await tablet.post<{ copied: number; alreadyThere: number; session: SelectionSession }>(`/api/selections/${r.data.id}/finish`);
    expect(done.data).toMatchObject({ copied: 1, alreadyThere: 1, session: { tally: { keep: 2, extra: 0, extraMinor: 0 } } });
  });
});
