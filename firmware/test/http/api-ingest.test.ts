// Card ingest over real HTTP (H3), with the development card slot: a folder of real JPEGs
// (sharp, with EXIF) is pushed into <dataDir>/card-slot and the box does the rest: the card and
// its scan on the API, suggestions, the copy to both disks, the eject, the customer's photos
// with EXIF, thumbnails, re-insertion copying nothing, the backup disk missing (refused, then an
// admin's override and the catch-up when it is back), "next card goes to", and edited files
// imported through the upload route.
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerPhotos, IngestCard, IngestEnded, IngestJobInfo, NextCard, PhotoImportResult, ServerEvent, User } from '../../src/api-types.js';
import { localDate } from '../../src/ingest/copy/library-layout.js';
import { CardSlot, exifJpeg, type WrittenFile } from '../helpers/card-slot.js';
import { ApiClient, SETUP } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';
import { waitFor } from '../helpers/wait-for.js';
import { hashFile, listFiles } from '../ingest/engine-helpers.js';

let tb: TestBox;
let admin: ApiClient;
let staff: ApiClient;
let viewer: ApiClient;
let cards: CardSlot;
const events: ServerEvent[] = [];
let lan: { id: number; customerNo: string; name: string };
let minh: { id: number; customerNo: string; name: string };
let library: string;
let backup: string;

const TZ = SETUP.timeZone; // Asia/Shanghai, UTC+8

beforeAll(async () => {
  tb = await startTestBox({ config: { cardSource: { pollSeconds: 0.2, settleSeconds: 0.2 } } });
  library = join(tb.dataDir, 'library');
  backup = join(tb.dataDir, 'backup');
  cards = new CardSlot(tb.dataDir);
  tb.box.ctx.events.subscribe((e) => events.push(e));
  admin = new ApiClient(tb.url);
  await admin.post('/api/setup', SETUP);
  const desk = await admin.post('/api/groups', { name: 'Desk', permissions: { customers: ['view'], ingest: ['view', 'add'], photos: ['view', 'add'] } });
  await admin.post<User>('/api/users', { username: 'hoa', displayName: 'Hoa', password: 'hoa-password-1', groupIds: [desk.data.id] });
  const look = await admin.post('/api/groups', { name: 'Look only', permissions: { customers: ['view'] } });
  await admin.post<User>('/api/users', { username: 'tam', displayName: 'Tam', password: 'tam-password-1', groupIds: [look.data.id] });
  staff = new ApiClient(tb.url);
  await staff.post('/api/auth/login', { username: 'hoa', password: 'hoa-password-1' });
  viewer = new ApiClient(tb.url);
  await viewer.post('/api/auth/login', { username: 'tam', password: 'tam-password-1' });
  // Lan's shoot is today (noon in the studio's zone); Minh is someone else.
  const todayNoon = new Date(`${localDate(new Date(), TZ)}T04:00:00Z`).toISOString();
  minh = (await admin.post('/api/customers', { name: 'Phạm Văn Minh', stage: 'lead' })).data;
  lan = (await admin.post('/api/customers', { name: 'Nguyễn Thị Lan', stage: 'ordered', stageDueAt: todayNoon })).data;
}, 60_000);
afterAll(() => tb?.close());

const cardList = async (c = staff) => {
  const r = await c.get<IngestCard[]>('/api/ingest/cards');
  expect(r.status, JSON.stringify(r.error)).toBe(200);
  return r.data;
};
const scannedCard = (label: string) => waitFor(async () => (await cardList()).find((c) => c.card.label === label && c.scan !== null), `card ${label} scanned`);
const jobDone = (id: number) =>
  waitFor(async () => {
    const j = (await staff.get<IngestJobInfo[]>('/api/ingest/jobs')).data.find((x) => x.id === id);
    return j && ['done', 'failed', 'interrupted'].includes(j.state) ? j : null;
  }, `job ${id} to end`, 20_000);
const ended = (jobId: number) => waitFor(() => events.find((e) => (e.type === 'ingest.finished' || e.type === 'ingest.failed') && (e.data as IngestEnded).job.id === jobId)?.data as IngestEnded | undefined, `end event of job ${jobId}`);
const folderOf = (c: { customerNo: string; name: string }) => `${c.customerNo} ${c.name}`;

describe('card ingest over HTTP', () => {
  let first: WrittenFile[];
  let cardId: string;
  let jobId: number;
  let order: string;

  const auditOf = (jobId: number) =>
    tb.box.ctx.db.prepare(`SELECT user_name, summary FROM audit_log WHERE entity = 'ingest_job' AND entity_id = ?`).all(jobId) as { user_name: string; summary: string }[];

  it('shows an inserted card with its scan, both disks and today’s shoot first', async () => {
    first = await cards.make('EOS_DIGITAL', { jpegs: 4, firstShot: '2026:11:23 10:00:00', raw: true, video: true });
    cards.insert('EOS_DIGITAL');
    const c = await scannedCard('EOS_DIGITAL');
    cardId = c.card.cardId;
    expect(c.scan).toMatchObject({ files: 6, photos: 4, raws: 1, videos: 1, others: 1, bytes: first.reduce((a, f) => a + f.size, 0) });
    // EXIF times are camera-local (the studio's zone, UTC+8): 10:00 and 10:03 there.
    expect(c.scan!.shotFrom).toBe('2026-11-23T02:00:00.000Z');
    expect(c.scan!.shotTo).toBe('2026-11-23T02:03:00.000Z');
    expect(c.scan!.shotTimeSource).toBe('exif');
    expect(c.preflight).toMatchObject({ ok: true, blockers: [], useBackup: true, overridable: false });
    expect(c.preflight.library?.freeBytes).toBeGreaterThan(0);
    expect(c.preflight.backup?.freeBytes).toBeGreaterThan(0);
    expect(c.suggestions[0]).toMatchObject({ reason: 'today', customer: { id: lan.id } });
    expect(c.suggestions.map((s) => s.customer.id)).toContain(minh.id);
    expect(c.job).toBeNull();
    expect(events.some((e) => e.type === 'card.inserted' && (e.data as { cardId: string }).cardId === cardId)).toBe(true);
  });

  it('refuses what it cannot do with clear answers', async () => {
    expect((await staff.post('/api/ingest/jobs', { cardId: 'folder-nope', customerId: lan.id })).status).toBe(404);
    const bad = await staff.post('/api/ingest/jobs', { cardId, customerId: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.error?.fields?.[0]?.path).toBe('customerId');
    expect((await staff.post('/api/ingest/jobs', { cardId, customerId: 9999 })).status).toBe(404);
    // Rights: the viewer may see customers, not cards or photos.
    expect((await viewer.get('/api/ingest/cards')).status).toBe(403);
    expect((await viewer.post('/api/ingest/jobs', { cardId, customerId: lan.id })).status).toBe(403);
    expect((await viewer.get(`/api/customers/${lan.id}/photos`)).status).toBe(403);
  });

  it('copies the card to library and backup, verifies, ejects it and says so', async () => {
    const r = await staff.post<IngestJobInfo>('/api/ingest/jobs', { cardId, customerId: lan.id });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    jobId = r.data.id;
    expect(r.data).toMatchObject({ kind: 'card', customerId: lan.id, customer: { name: lan.name }, cardId, backupPending: false });
    // A second start of the same card while it copies is refused.
    const again = await staff.post('/api/ingest/jobs', { cardId, customerId: lan.id });
    expect([404, 409]).toContain(again.status);

    const job = await jobDone(jobId);
    expect(job).toMatchObject({ state: 'done', filesTotal: 6, filesCopied: 6, filesVerified: 6, filesSkipped: 0, filesFailed: 0, problems: [] });
    const end = await ended(jobId);
    expect(end.safeToRemove).toBe(true);
    expect(end.message).toBe('6 new files copied to library and backup, verified; 0 were already there; safe to remove');
    expect(events.some((e) => e.type === 'ingest.started' && (e.data as IngestJobInfo).id === jobId)).toBe(true);
    expect(events.some((e) => e.type === 'ingest.progress' && (e.data as { jobId: number }).jobId === jobId)).toBe(true);
    expect(events.some((e) => e.type === 'card.ejected' && (e.data as { cardId: string }).cardId === cardId)).toBe(true);
    // Ejected: no longer offered.
    expect((await cardList()).find((c) => c.card.cardId === cardId)).toBeUndefined();
    expect(auditOf(jobId)).toEqual([{ user_name: 'Hoa', summary: expect.stringContaining(`copied for customer ${lan.customerNo}`) }]);

    // Every file on both disks, with the card's bytes, under <no> <name>/<date> shoot/originals.
    order = job.folder.split('/')[1]!;
    expect(job.folder).toBe(`${folderOf(lan)}/${order}`);
    expect(order).toMatch(/^\d{4}-\d{2}-\d{2} shoot$/);
    for (const root of [library, backup]) {
      const dir = join(root, job.folder, 'originals');
      expect(listFiles(dir)).toEqual(first.map((f) => f.name).sort());
      for (const f of first) expect(hashFile(join(dir, f.name))).toBe(f.hash);
    }
  });

  it('lists the customer’s photos by order and kind, with capture time and camera', async () => {
    const r = await staff.get<CustomerPhotos>(`/api/customers/${lan.id}/photos`);
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data.thumbSizes).toEqual([160, 320, 1280]);
    expect(r.data.folders.map((f) => f.order)).toEqual([order]);
    const originals = r.data.folders[0]!.kinds.originals;
    expect(originals.map((p) => p.name).sort()).toEqual(first.map((f) => f.name).sort());
    const img1 = originals.find((p) => p.name === 'IMG_0001.JPG')!;
    expect(img1).toMatchObject({ kind: 'originals', capturedAt: '2026-11-23T02:00:00.000Z', camera: 'Canon EOS R6', width: 600, height: 400, thumbnail: true, state: 'verified' });
    expect(originals.find((p) => p.name === 'MVI_0200.MP4')).toMatchObject({ thumbnail: false, capturedAt: null });
    expect(r.data.folders[0]!.kinds.refined).toEqual([]);
    // Sorted by capture time.
    const jpegs = originals.filter((p) => p.name.endsWith('.JPG')).map((p) => p.name);
    expect(jpegs).toEqual(['IMG_0001.JPG', 'IMG_0002.JPG', 'IMG_0003.JPG', 'IMG_0004.JPG']);
  });

  it('will not delete a customer whose photos are on the disks', async () => {
    const r = await admin.call('DELETE', `/api/customers/${lan.id}`);
    expect(r.status).toBe(409);
    expect(r.error?.code).toBe('customer_has_photos');
    expect((await admin.get(`/api/customers/${lan.id}`)).status).toBe(200);
  });

  it('serves thumbnails by content hash, cached for good', async () => {
    const photos = (await staff.get<CustomerPhotos>(`/api/customers/${lan.id}/photos`)).data;
    const img = photos.folders[0]!.kinds.originals.find((p) => p.name === 'IMG_0002.JPG')!;
    const res = await waitFor(async () => {
      const x = await fetch(new URL(`/api/thumbs/${img.key}/320`, tb.url), { headers: { cookie: staff.sessionCookie! } });
      return x.status === 200 ? x : null;
    }, 'the thumbnail');
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toContain('immutable');
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width!, meta.height!)).toBe(320);
    // Unknown key, bad size, no right.
    expect((await staff.get(`/api/thumbs/${'0'.repeat(32)}/320`)).status).toBe(404);
    expect((await staff.get(`/api/thumbs/${img.key}/77`)).status).toBe(404);
    expect((await viewer.get(`/api/thumbs/${img.key}/320`)).status).toBe(403);
    // A clip has no thumbnail.
    const clip = photos.folders[0]!.kinds.originals.find((p) => p.name === 'MVI_0200.MP4')!;
    expect((await staff.get(`/api/thumbs/${clip.key}/320`)).status).toBe(404);
    // A RAW without an embedded preview: tried once in the background, then listed as having none.
    const raw = await waitFor(
      async () => (await staff.get<CustomerPhotos>(`/api/customers/${lan.id}/photos`)).data.folders[0]!.kinds.originals.find((p) => p.name === 'IMG_0100.CR2' && !p.thumbnail),
      'the RAW listed without a thumbnail',
    );
    const none = await staff.get(`/api/thumbs/${raw.key}/320`);
    expect(none.status).toBe(404);
    expect(none.error?.code).toBe('no_thumbnail');
  });

  it('copies nothing again when the same card is inserted again, and suggests its customer first', async () => {
    cards.pull('EOS_DIGITAL');
    await waitFor(() => events.some((e) => e.type === 'card.removed' && (e.data as { cardId: string }).cardId === cardId), 'card removed');
    cards.insert('EOS_DIGITAL');
    const c = await scannedCard('EOS_DIGITAL');
    expect(c.card.cardId).toBe(cardId);
    expect(c.suggestions[0]).toMatchObject({ reason: 'same-card', customer: { id: lan.id } });
    expect(c.job).toMatchObject({ id: jobId, state: 'done', filesCopied: 6 });
    const r = await staff.post<IngestJobInfo>('/api/ingest/jobs', { cardId, customerId: lan.id });
    expect(r.status).toBe(201);
    const job = await jobDone(r.data.id);
    expect(job).toMatchObject({ state: 'done', filesCopied: 0, filesSkipped: 6, filesFailed: 0 });
    expect((await ended(job.id)).message).toBe('0 new files copied to library and backup, verified; 6 were already there; safe to remove');
    for (const root of [library, backup]) expect(listFiles(join(root, folderOf(lan)))).toHaveLength(6);
  });

  it('refuses without the backup disk unless an admin overrides; the copy reaches the backup disk when it is back', async () => {
    cards.pull('EOS_DIGITAL');
    const second = await cards.make('SECOND', { jpegs: 2, firstShot: '2026:11:23 15:00:00' });
    renameSync(backup, `${backup}-away`);
    try {
      cards.insert('SECOND');
      const c = await scannedCard('SECOND');
      expect(c.preflight.ok).toBe(false);
      expect(c.preflight.blockers.map((b) => b.code)).toEqual(['backup-missing']);
      expect(c.preflight.overridable).toBe(true);
      expect(c.preflight.backup?.state).toBe('down');

      const refused = await staff.post('/api/ingest/jobs', { cardId: c.card.cardId, customerId: minh.id });
      expect(refused.status).toBe(409);
      expect(refused.error?.code).toBe('backup_missing');
      expect(refused.error?.message).toContain('backup disk is not available');
      const notAdmin = await staff.post('/api/ingest/jobs', { cardId: c.card.cardId, customerId: minh.id, override: true });
      expect(notAdmin.status).toBe(403);
      expect(listFiles(library).filter((f) => f.startsWith(folderOf(minh)))).toEqual([]);

      const r = await admin.post<IngestJobInfo>('/api/ingest/jobs', { cardId: c.card.cardId, customerId: minh.id, override: true });
      expect(r.status, JSON.stringify(r.error)).toBe(201);
      const job = await jobDone(r.data.id);
      expect(job).toMatchObject({ state: 'done', filesCopied: 2, filesVerified: 2, backupPending: true });
      const end = await ended(job.id);
      expect(end.message).toContain('the backup copy waits on the library disk');
      expect(end.safeToRemove).toBe(true);
      const held = join(library, '.studio-box-backup-pending', job.folder, 'originals');
      for (const f of second) {
        expect(hashFile(join(library, job.folder, 'originals', f.name))).toBe(f.hash);
        expect(hashFile(join(held, f.name))).toBe(f.hash);
      }
      // The override is in the audit log.
      const audit = tb.box.ctx.db.prepare(`SELECT summary FROM audit_log WHERE entity = 'ingest_job' ORDER BY id DESC LIMIT 1`).get() as { summary: string };
      expect(audit.summary).toContain('WITHOUT the backup disk');
    } finally {
      renameSync(`${backup}-away`, backup);
    }
    const moved = await tb.box.ctx.ingestDesk.catchUpBackup();
    expect(moved).toMatchObject({ moved: 2, left: 0 });
    const job = (await staff.get<IngestJobInfo[]>('/api/ingest/jobs')).data[0]!;
    expect(job.backupPending).toBe(false);
    for (const f of second) expect(hashFile(join(backup, job.folder, 'originals', f.name))).toBe(f.hash);
    expect(existsSync(join(library, '.studio-box-backup-pending', job.folder))).toBe(false);
  });

  it('starts by itself for the customer pre-selected as "next card goes to"', async () => {
    cards.pull('SECOND');
    const set = await staff.put<NextCard>('/api/ingest/next', { customerId: minh.id, orderLabel: 'ORD-7 album' });
    expect(set.status, JSON.stringify(set.error)).toBe(200);
    expect(set.data).toMatchObject({ customer: { id: minh.id }, orderLabel: 'ORD-7 album', setBy: { name: 'Hoa' } });
    expect((await staff.get<NextCard>('/api/ingest/next')).data?.customer.id).toBe(minh.id);
    expect((await viewer.put('/api/ingest/next', { customerId: null })).status).toBe(403);

    const third = await cards.make('THIRD', { jpegs: 2, firstShot: '2026:11:23 17:00:00', make: 'NIKON CORPORATION', model: 'NIKON Z 6' });
    cards.insert('THIRD');
    const started = await waitFor(() => events.find((e) => e.type === 'ingest.started' && (e.data as IngestJobInfo).cardLabel === 'THIRD')?.data as IngestJobInfo | undefined, 'auto-start');
    const job = await jobDone(started.id);
    expect(job).toMatchObject({ state: 'done', customerId: minh.id, folder: `${folderOf(minh)}/ORD-7 album`, filesCopied: 2 });
    for (const f of third) expect(hashFile(join(backup, job.folder, 'originals', f.name))).toBe(f.hash);
    expect((await staff.get('/api/ingest/next')).data).toBeNull();
    // Audited like a copy started by hand, on behalf of who chose "next card goes to".
    expect(auditOf(job.id)).toEqual([{ user_name: 'Hoa', summary: expect.stringMatching(new RegExp(`copied for customer ${minh.customerNo} \\(started by itself`)) }]);
    const photos = (await staff.get<CustomerPhotos>(`/api/customers/${minh.id}/photos`)).data;
    // Newest order first: the album, then the dated shoot of the override test.
    expect(photos.folders.map((f) => f.order)).toEqual(['ORD-7 album', expect.stringMatching(/^\d{4}-\d{2}-\d{2} shoot$/)]);
    expect(photos.folders.find((f) => f.order === 'ORD-7 album')!.kinds.originals[0]).toMatchObject({ camera: 'NIKON Z 6' });
  });

  it('does not start by itself with a card copied for someone else before', async () => {
    const removedBefore = events.filter((e) => e.type === 'card.removed').length;
    cards.pull('THIRD');
    await waitFor(() => events.filter((e) => e.type === 'card.removed').length > removedBefore, 'THIRD out');
    await staff.put('/api/ingest/next', { customerId: lan.id });
    cards.insert('THIRD');
    const c = await waitFor(async () => (await cardList()).find((x) => x.card.label === 'THIRD' && x.autoStartProblem !== null), 'auto-start refused');
    expect(c.autoStartProblem).toContain(minh.name);
    // What the card's last copy was: for Minh, done. Nothing new was started.
    expect(c.job).toMatchObject({ customerId: minh.id, state: 'done', cardLabel: 'THIRD' });
    expect(events.filter((e) => e.type === 'ingest.started' && (e.data as IngestJobInfo).cardLabel === 'THIRD')).toHaveLength(1);
    expect((await staff.get<NextCard>('/api/ingest/next')).data?.customer.id).toBe(lan.id);
    // Eject by hand: safe to remove.
    const ej = await staff.post(`/api/ingest/cards/${encodeURIComponent(c.card.cardId)}/eject`);
    expect(ej.status, JSON.stringify(ej.error)).toBe(200);
    await waitFor(async () => !(await cardList()).some((x) => x.card.label === 'THIRD'), 'ejected card gone from the list');
    expect((await staff.post(`/api/ingest/cards/${encodeURIComponent(c.card.cardId)}/eject`)).status).toBe(404);
    await staff.put('/api/ingest/next', { customerId: null });
  });

  it('takes a card of edited files into the refined folder of an order', async () => {
    const edits = await cards.make('RETOUCH', { jpegs: 2, firstShot: '2026:11:25 09:00:00' });
    cards.insert('RETOUCH');
    const c = await scannedCard('RETOUCH');
    expect((await staff.post('/api/ingest/jobs', { cardId: c.card.cardId, customerId: lan.id, subfolder: 'edits' })).status).toBe(400);
    const r = await staff.post<IngestJobInfo>('/api/ingest/jobs', { cardId: c.card.cardId, customerId: lan.id, orderLabel: order, subfolder: 'refined' });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    const job = await jobDone(r.data.id);
    expect(job).toMatchObject({ state: 'done', subfolder: 'refined', folder: `${folderOf(lan)}/${order}`, filesCopied: 2 });
    for (const root of [library, backup]) {
      for (const f of edits) expect(hashFile(join(root, folderOf(lan), order, 'refined', f.name))).toBe(f.hash);
    }
    const folder = (await staff.get<CustomerPhotos>(`/api/customers/${lan.id}/photos`)).data.folders.find((f) => f.order === order)!;
    expect(folder.kinds.refined.map((p) => p.name)).toEqual(['IMG_0001.JPG', 'IMG_0002.JPG']);
    cards.pull('RETOUCH');
  });

  it('imports edited files into refined / first edits / design, on both disks, never twice', async () => {
    const send = (kind: string, name: string, body: Buffer, who = staff) =>
      fetch(new URL(`/api/customers/${lan.id}/photos/import?kind=${kind}&order=${encodeURIComponent(order)}&name=${encodeURIComponent(name)}`, tb.url), {
        method: 'POST',
        headers: { cookie: who.sessionCookie!, origin: tb.url.replace(/\/$/, ''), 'content-type': 'application/octet-stream' },
        body,
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { data?: PhotoImportResult; error?: { code: string; message: string; fields?: { path: string }[] } } }));

    const edit = await exifJpeg('2026:11:23 10:00:00');
    const a = await send('refined', 'C:\\fakepath\\IMG_0001.JPG', edit);
    expect(a.status, JSON.stringify(a.body.error)).toBe(201);
    // IMG_0001.JPG is in refined already (from the retoucher's card): a suffix, never an overwrite.
    expect(a.body.data).toMatchObject({ action: 'copied', name: 'IMG_0001 (2).JPG', renamed: true, file: { kind: 'refined', state: 'verified' } });
    for (const root of [library, backup]) expect(readFileSync(join(root, folderOf(lan), order, 'refined', 'IMG_0001 (2).JPG')).equals(edit)).toBe(true);

    // The same bytes again: nothing new. Other bytes under the same name: the next suffix.
    const again = await send('refined', 'IMG_0001.JPG', edit);
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ action: 'skipped', reason: 'already-there', file: { name: 'IMG_0001 (2).JPG' } });
    const other = await exifJpeg('2026:11:23 10:00:00');
    const b = await send('refined', 'IMG_0001.JPG', other);
    expect(b.body.data).toMatchObject({ action: 'copied', name: 'IMG_0001 (3).JPG', renamed: true });
    const design = await send('design', 'page 01.jpg', await exifJpeg('2026:11:24 09:00:00'));
    expect(design.body.data).toMatchObject({ action: 'copied', name: 'page 01.jpg' });
    // An original sent back unchanged is already stored.
    const original = await send('first-edits', 'IMG_0003.JPG', first.find((f) => f.name === 'IMG_0003.JPG')!.bytes);
    expect(original.body.data).toMatchObject({ action: 'skipped', reason: 'already-there', file: { kind: 'originals' } });

    const photos = (await staff.get<CustomerPhotos>(`/api/customers/${lan.id}/photos`)).data;
    const folder = photos.folders.find((f) => f.order === order)!;
    expect(folder.kinds.refined.map((p) => p.name).sort()).toEqual(['IMG_0001 (2).JPG', 'IMG_0001 (3).JPG', 'IMG_0001.JPG', 'IMG_0002.JPG']);
    expect(folder.kinds.design.map((p) => p.name)).toEqual(['page 01.jpg']);
    expect(folder.kinds['first-edits']).toEqual([]);
    expect(events.some((e) => e.type === 'photos.changed' && (e.data as { customerId: number }).customerId === lan.id)).toBe(true);

    // Refused: not an edit folder, not a photo, empty, JSON, no right.
    expect((await send('originals', 'x.jpg', edit)).body.error?.fields?.[0]?.path).toBe('kind');
    expect((await send('refined', 'album.psd', Buffer.from('8BPS'))).status).toBe(400);
    expect((await send('refined', 'empty.jpg', Buffer.alloc(0))).status).toBe(400);
    const json = await staff.post(`/api/customers/${lan.id}/photos/import?kind=refined&order=${encodeURIComponent(order)}&name=a.jpg`, { a: 1 });
    expect(json.status).toBe(400);
    expect((await send('refined', 'z.jpg', edit, viewer)).status).toBe(403);
    expect(listFiles(join(tb.dataDir, 'run', 'imports'))).toEqual([]);
  });
});
