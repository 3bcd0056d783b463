// The background thumbnail queue and its cache on a real folder.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THUMB_GENERATOR, isThumbKey, removeTempFiles, thumbnailPath, writeFileAtomic } from '../../src/ingest/photos/thumbnail-cache.js';
import { type Renderer, type ThumbJob, ThumbnailQueue } from '../../src/ingest/thumbnail-queue.js';
import { renderThumbnails } from '../../src/ingest/photos/thumbnail-render.js';
import { waitFor } from '../helpers/wait-for.js';
import { cr2Like, makeJpeg, noise } from './meta-fixtures.js';

const scratch = mkdtempSync(join(tmpdir(), 'sb-thumbq-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
const dir = () => {
  const d = join(scratch, `d${n++}`);
  mkdirSync(d, { recursive: true });
  return d;
};
const key = (i: number) => i.toString(16).padStart(32, '0');

let jpeg: Buffer;
let raw: Buffer;
beforeAll(async () => {
  jpeg = await makeJpeg(1600, 1200, { orientation: 1 });
  raw = cr2Like(await makeJpeg(1600, 1200), await makeJpeg(160, 120), { orientation: 6 });
});

/** A renderer that counts calls and can be held until released. */
function spyRenderer(inner: Renderer = renderThumbnails) {
  const calls: string[] = [];
  let gate: Promise<void> | null = null;
  let open: () => void = () => undefined;
  const render: Renderer = async (path, source, options) => {
    calls.push(path);
    if (gate) await gate;
    return inner(path, source, options);
  };
  return {
    render,
    calls,
    hold() {
      gate = new Promise((r) => (open = r));
    },
    release() {
      gate = null;
      open();
    },
  };
}

function setup(files: Record<string, Buffer>, render?: Renderer) {
  const lib = dir();
  const cacheDir = join(dir(), 'thumbs');
  const jobs: ThumbJob[] = Object.entries(files).map(([name, bytes], i) => {
    writeFileSync(join(lib, name), bytes);
    return { key: key(i + 1), source: join(lib, name) };
  });
  const q = new ThumbnailQueue({ cacheDir, ...(render ? { render } : {}) });
  return { q, jobs, cacheDir, lib };
}

describe('cache paths and atomic writes', () => {
  it('keys are lower-case hex; paths are sharded by the first two digits', () => {
    expect(thumbnailPath('/c', 'ab'.repeat(16), 320)).toBe(`/c/ab/${'ab'.repeat(16)}-320.jpg`);
    for (const bad of ['', '../../etc/passwd', 'AB'.repeat(16), 'ab', 'g'.repeat(32), `${'a'.repeat(31)}/`]) {
      expect(isThumbKey(bad), bad).toBe(false);
      expect(() => thumbnailPath('/c', bad, 320)).toThrow(RangeError);
    }
    expect(() => thumbnailPath('/c', 'a'.repeat(32), 0)).toThrow(RangeError);
    expect(() => thumbnailPath('/c', 'a'.repeat(32), 1.5)).toThrow(RangeError);
  });

  it('writeFileAtomic leaves the complete file and no temporary; start() removes a crash\'s temporaries', async () => {
    const d = dir();
    const p = join(d, 'ab', 'x.jpg');
    await writeFileAtomic(p, Buffer.from('hello'));
    expect(readFileSync(p, 'utf8')).toBe('hello');
    expect(readdirSync(join(d, 'ab'))).toEqual(['x.jpg']);
    writeFileSync(join(d, 'ab', 'x.jpg.tmp-0123456789ab'), 'half');
    writeFileSync(join(d, 'ab', 'keep.jpg'), 'other');
    expect(await removeTempFiles(d)).toBe(1);
    expect(readdirSync(join(d, 'ab')).sort()).toEqual(['keep.jpg', 'x.jpg']);
  });
});

describe('ThumbnailQueue', () => {
  it('makes every size for photos and RAWs, atomically, into the sharded cache', async () => {
    const { q, jobs, cacheDir } = setup({ 'IMG_0001.JPG': jpeg, 'IMG_0002.CR2': raw });
    await q.start();
    for (const j of jobs) q.enqueue(j);
    await q.drained();
    for (const j of jobs) {
      for (const size of [160, 320, 1280]) {
        const meta = await sharp(q.thumbnailPath(j.key, size)).metadata();
        expect(Math.max(meta.width, meta.height)).toBe(size);
      }
    }
    // The RAW was turned by its orientation 6: portrait.
    expect((await sharp(q.thumbnailPath(jobs[1]!.key, 320)).metadata()).height).toBe(320);
    expect(readdirSync(join(cacheDir, '00')).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(q.stats()).toMatchObject({ queued: 0, running: 0, done: 2, failed: 0, errors: 0 });
  });

  it('a size added after a library was made is made from the cached largest, lazily, with the bytes ingest would give', async () => {
    const spy = spyRenderer();
    const { jobs, cacheDir, lib } = setup({ 'IMG_0001.JPG': jpeg });
    const job = jobs[0]!;
    // The library as an older box made it: 320 and 1280 only.
    const old = new ThumbnailQueue({ cacheDir, sizes: [320, 1280] });
    expect(await old.request(job)).toEqual({ status: 'ready' });
    const before = [320, 1280].map((s) => readFileSync(old.thumbnailPath(job.key, s)));
    // What a box with the 160 size makes at ingest, in another cache.
    const fresh = new ThumbnailQueue({ cacheDir: join(dir(), 'thumbs') });
    expect(await fresh.request(job)).toEqual({ status: 'ready' });
    // The source gone (a library disk away): the 160 still comes, from the cached 1280.
    rmSync(join(lib, 'IMG_0001.JPG'));
    const q = new ThumbnailQueue({ cacheDir, render: spy.render });
    expect(await q.lookup(job.key, 160)).toEqual({ status: 'missing' });
    const served = await q.serve(job, 160);
    expect(served).toEqual({ status: 'ready', path: q.thumbnailPath(job.key, 160) });
    expect(spy.calls).toEqual([]);
    expect(readFileSync(q.thumbnailPath(job.key, 160)).equals(readFileSync(fresh.thumbnailPath(job.key, 160)))).toBe(true);
    const meta = await sharp(q.thumbnailPath(job.key, 160)).metadata();
    expect(Math.max(meta.width, meta.height)).toBe(160);
    // The sizes already there are left as they were.
    expect([320, 1280].map((s) => readFileSync(q.thumbnailPath(job.key, s)).equals(before[[320, 1280].indexOf(s)]!))).toEqual([true, true]);
  });

  it('a file that cannot be rendered is recorded once and not retried, until it changes', async () => {
    const spy = spyRenderer();
    const { q, jobs, cacheDir } = setup({ 'broken.jpg': noise(5000, 1) }, spy.render);
    const job = jobs[0]!;
    const first = await q.request(job);
    expect(first).toMatchObject({ status: 'failed' });
    const record = JSON.parse(readFileSync(join(cacheDir, '00', `${job.key}.failed.json`), 'utf8'));
    expect(record).toMatchObject({ generator: THUMB_GENERATOR, sourceSize: 5000 });
    // Asked again, by the background or by a screen: answered from the record.
    for (let i = 0; i < 5; i++) expect(await q.request(job)).toMatchObject({ status: 'failed' });
    q.enqueue(job);
    await q.drained();
    expect(spy.calls.length).toBe(1);
    expect(await q.lookup(job.key, 320)).toMatchObject({ status: 'failed' });
    // The file is replaced by a good one (new size and mtime): tried again, succeeds, record removed.
    writeFileSync(job.source, jpeg);
    utimesSync(job.source, new Date(), new Date(Date.now() + 5000));
    expect(await q.request(job)).toEqual({ status: 'ready' });
    expect(spy.calls.length).toBe(2);
    expect(existsSync(join(cacheDir, '00', `${job.key}.failed.json`))).toBe(false);
  });

  it('a missing source is a passing error: not recorded, tried again next time', async () => {
    const spy = spyRenderer();
    const { q, jobs, cacheDir } = setup({ 'IMG.JPG': jpeg }, spy.render);
    rmSync(jobs[0]!.source);
    expect(await q.request(jobs[0]!)).toEqual({ status: 'error', reason: 'source unreadable: ENOENT' });
    expect(existsSync(join(cacheDir, '00'))).toBe(false);
    writeFileSync(jobs[0]!.source, jpeg);
    expect(await q.request(jobs[0]!)).toEqual({ status: 'ready' });
  });

  it('videos and sidecars: unsupported, without touching the renderer or the disk', async () => {
    const spy = spyRenderer();
    const { q, jobs, cacheDir } = setup({ 'MVI_0001.MP4': noise(100, 1), 'IMG.XMP': Buffer.from('<x/>') }, spy.render);
    for (const j of jobs) expect(await q.request(j)).toMatchObject({ status: 'unsupported' });
    expect(spy.calls).toEqual([]);
    expect(existsSync(cacheDir)).toBe(false);
  });

  it('one job at a time by default; a key is queued once', async () => {
    let running = 0;
    let most = 0;
    const render: Renderer = async (...args) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      try {
        return await renderThumbnails(...args);
      } finally {
        running--;
      }
    };
    const files = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`IMG_${i}.JPG`, jpeg]));
    const spy = spyRenderer(render);
    const { q, jobs } = setup(files, spy.render);
    for (const j of jobs) for (let k = 0; k < 3; k++) q.enqueue(j);
    await q.drained();
    expect(most).toBe(1);
    expect(spy.calls.length).toBe(6);
  });

  it('pause() waits for the job in hand, then nothing starts until resume(); requests wait too', async () => {
    const spy = spyRenderer();
    const { q, jobs } = setup({ 'a.jpg': jpeg, 'b.jpg': jpeg, 'c.jpg': jpeg }, spy.render);
    spy.hold();
    q.enqueue(jobs[0]!);
    q.enqueue(jobs[1]!);
    await waitFor(() => spy.calls.length === 1, 'a to start rendering'); // and held there
    let paused = false;
    const pausing = q.pause().then(() => (paused = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(paused).toBe(false); // still waiting for a
    spy.release();
    await pausing;
    expect(q.stats()).toMatchObject({ running: 0, queued: 1, paused: true });
    const request = q.request(jobs[2]!);
    await new Promise((r) => setTimeout(r, 50));
    expect(spy.calls.length).toBe(1); // neither b nor c started while paused
    expect(await q.serve(jobs[2]!, 320, { waitMs: 30 })).toEqual({ status: 'pending' });
    q.resume();
    expect(await request).toEqual({ status: 'ready' });
    await q.drained();
    // The request (c) went before the older background job (b).
    expect(spy.calls.map((p) => p.slice(-5))).toEqual(['a.jpg', 'c.jpg', 'b.jpg']);
  });

  it('serve(): the path when ready, generated on demand when missing, errors for unknown sizes and keys', async () => {
    const { q, jobs } = setup({ 'a.jpg': jpeg });
    const r = await q.serve(jobs[0]!, 1280, { waitMs: 10_000 });
    expect(r).toEqual({ status: 'ready', path: q.thumbnailPath(jobs[0]!.key, 1280) });
    expect(await q.serve(jobs[0]!, 320)).toEqual({ status: 'ready', path: q.thumbnailPath(jobs[0]!.key, 320) });
    expect(await q.serve(jobs[0]!, 500)).toMatchObject({ status: 'error' });
    expect(await q.serve({ ...jobs[0]!, key: '../x' }, 320)).toMatchObject({ status: 'error' });
    expect(await q.lookup(jobs[0]!.key, 320)).toMatchObject({ status: 'ready' });
    expect(await q.lookup(key(999), 320)).toEqual({ status: 'missing' });
  });

  it('an existing thumbnail is not made again (a re-queued job after a restart)', async () => {
    const spy = spyRenderer();
    const { q, jobs, cacheDir } = setup({ 'a.jpg': jpeg }, spy.render);
    await q.request(jobs[0]!);
    const again = new ThumbnailQueue({ cacheDir, render: spy.render });
    expect(await again.request(jobs[0]!)).toEqual({ status: 'ready' });
    expect(spy.calls.length).toBe(1);
  });

  it('stop() answers the waiting requests and refuses new work', async () => {
    const spy = spyRenderer();
    const { q, jobs } = setup({ 'a.jpg': jpeg, 'b.jpg': jpeg }, spy.render);
    spy.hold();
    const a = q.request(jobs[0]!);
    const b = q.request(jobs[1]!);
    const stopping = q.stop();
    spy.release();
    await stopping;
    expect(await a).toEqual({ status: 'ready' }); // was running: finished
    expect(await b).toEqual({ status: 'error', reason: 'thumbnail queue stopped' });
    expect(await q.request(jobs[1]!)).toEqual({ status: 'error', reason: 'thumbnail queue stopped' });
  });

  it('a renderer that throws a plain error is reported, not recorded, and the queue goes on', async () => {
    let first = true;
    const render: Renderer = async (...args) => {
      if (first) {
        first = false;
        throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
      }
      return renderThumbnails(...args);
    };
    const { q, jobs } = setup({ 'a.jpg': jpeg, 'b.jpg': jpeg }, render);
    expect(await q.request(jobs[0]!)).toMatchObject({ status: 'error', reason: 'EIO: i/o error, read' });
    expect(await q.request(jobs[1]!)).toEqual({ status: 'ready' });
    expect(await q.request(jobs[0]!)).toEqual({ status: 'ready' });
  });
});
