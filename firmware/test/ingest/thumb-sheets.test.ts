// Thumbnail sheets: the pixels (each picture fitted and centred in its slot on the backdrop
// colour), the names, the keys a request may carry, and the making through a real
// thumbnail queue: nothing is written while a thumbnail is still being made, one making for
// many askers, an empty slot for a file no thumbnail can be made of.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { THUMB_SHEET_BACKDROP, THUMB_SHEET_GAP, THUMB_SHEET_MAX, thumbSheetSlot } from '../../src/api/ingest.js';
import { backdropRgb, composeSheet, parseSheetKeys, sheetId, sheetPath, ThumbSheets } from '../../src/ingest/photos/thumb-sheets.js';
import { type Renderer, type ThumbJob, ThumbnailQueue } from '../../src/ingest/thumbnail-queue.js';
import { renderThumbnails } from '../../src/ingest/photos/thumbnail-render.js';

const scratch = mkdtempSync(join(tmpdir(), 'sb-sheets-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const key = (i: number) => i.toString(16).padStart(32, '0');

async function solid(path: string, width: number, height: number, rgb: [number, number, number]): Promise<string> {
  await sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } }).jpeg({ quality: 95 }).toFile(path);
  return path;
}

/** The sheet's pixel at (x, y): [r, g, b, alpha]. */
async function pixels(sheet: Buffer) {
  const { data, info } = await sharp(sheet).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { info, at: (x: number, y: number) => [...data.subarray((y * info.width + x) * 4, (y * info.width + x) * 4 + 4)] };
}

const near = (got: number[], want: [number, number, number]) => got.slice(0, 3).every((v, i) => Math.abs(v - want[i]!) <= 12) && got[3]! > 240;
const BACK = backdropRgb();
const backdrop = (got: number[]) => near(got, BACK);

describe('composeSheet', () => {
  it('fits each thumbnail into its ¾-high slot, centred on the backdrop, which also fills an empty slot', async () => {
    const red = await solid(join(scratch, 'red.jpg'), 160, 107, [220, 30, 30]); // landscape 3:2
    const green = await solid(join(scratch, 'green.jpg'), 107, 160, [30, 200, 40]); // portrait
    const blue = await solid(join(scratch, 'blue.jpg'), 80, 60, [30, 40, 220]); // small 4:3: enlarged to fill
    const sheet = await composeSheet([red, green, null, blue], 160);
    const slot = thumbSheetSlot(160);
    expect(slot).toEqual({ width: 160, height: 120, pitch: 120 + THUMB_SHEET_GAP });
    const meta = await sharp(sheet).metadata();
    expect(meta.format).toBe('jpeg');
    expect(BACK).toEqual([0x2b, 0x2e, 0x34]);
    expect(THUMB_SHEET_BACKDROP).toBe('#2b2e34');
    expect([meta.width, meta.height]).toEqual([160, 4 * slot.pitch - THUMB_SHEET_GAP]);
    const p = await pixels(sheet);
    const top = (i: number) => i * slot.pitch;
    // Red: full width, 107 high, centred: the backdrop above and below.
    expect(near(p.at(80, top(0) + 60), [220, 30, 30])).toBe(true);
    expect(near(p.at(2, top(0) + 60), [220, 30, 30])).toBe(true);
    expect(backdrop(p.at(80, top(0) + 1))).toBe(true);
    expect(backdrop(p.at(80, top(0) + 118))).toBe(true);
    // Green: 120 high (fitted), 80 wide, centred: the backdrop at the sides.
    expect(near(p.at(80, top(1) + 60), [30, 200, 40])).toBe(true);
    expect(near(p.at(80, top(1) + 2), [30, 200, 40])).toBe(true);
    expect(backdrop(p.at(10, top(1) + 60))).toBe(true);
    expect(backdrop(p.at(150, top(1) + 60))).toBe(true);
    // The empty slot: the backdrop only.
    for (const [x, y] of [[80, 60], [5, 12], [155, 105]] as const) expect(backdrop(p.at(x, top(2) + y))).toBe(true);
    // Blue (4:3) fills its slot to the edges.
    expect(near(p.at(3, top(3) + 3), [30, 40, 220])).toBe(true);
    expect(near(p.at(156, top(3) + 116), [30, 40, 220])).toBe(true);
  });
});

describe('names and keys', () => {
  it('names a sheet by its keys in order and its size', () => {
    const a = sheetId([key(1), key(2)], 160);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(sheetId([key(1), key(2)], 160)).toBe(a);
    expect(sheetId([key(2), key(1)], 160)).not.toBe(a);
    expect(sheetId([key(1), key(2)], 320)).not.toBe(a);
    expect(sheetId([key(1)], 160)).not.toBe(a);
    expect(sheetPath('/c', a)).toBe(`/c/${a.slice(0, 2)}/${a}.sheet.jpg`);
    expect(() => sheetPath('/c', '../x')).toThrow(RangeError);
  });

  it('takes 1 to 24 lower-case hex keys and says what is wrong with anything else', () => {
    const ks = Array.from({ length: THUMB_SHEET_MAX }, (_, i) => key(i + 1));
    expect(parseSheetKeys(ks.join('.'))).toEqual({ keys: ks });
    expect(parseSheetKeys(key(7))).toEqual({ keys: [key(7)] });
    expect(parseSheetKeys([...ks, key(99)].join('.'))).toEqual({ error: `at most ${THUMB_SHEET_MAX} thumbnails a sheet, not 25` });
    for (const bad of ['', `${key(1)}.`, `${key(1)}..${key(2)}`, 'ABCDEF0123456789ABCDEF', '../../etc/passwd', `${key(1)}/x`]) {
      expect('error' in parseSheetKeys(bad), bad).toBe(true);
    }
  });
});

describe('ThumbSheets with a real thumbnail queue', () => {
  async function setup(render?: Renderer) {
    const lib = join(scratch, `lib-${Math.random().toString(16).slice(2)}`);
    mkdirSync(lib, { recursive: true });
    const jobs = new Map<string, ThumbJob>();
    const colours: [number, number, number][] = [[200, 40, 40], [40, 200, 40], [40, 40, 200]];
    for (const [i, c] of colours.entries()) {
      const source = await solid(join(lib, `p${i}.jpg`), 600, 400, c);
      jobs.set(key(i + 1), { key: key(i + 1), source });
    }
    writeFileSync(join(lib, 'broken.jpg'), Buffer.from('not a jpeg at all'));
    jobs.set(key(9), { key: key(9), source: join(lib, 'broken.jpg') });
    const thumbs = new ThumbnailQueue({ cacheDir: join(lib, 'thumbs'), ...(render ? { render } : {}) });
    await thumbs.start();
    return { thumbs, sheets: new ThumbSheets({ thumbs, jobOf: (k) => jobs.get(k) ?? null }), cacheDir: join(lib, 'thumbs') };
  }
  const sheetFiles = (cacheDir: string) => (existsSync(cacheDir) ? readdirSync(cacheDir, { recursive: true }).map(String).filter((f) => f.endsWith('.sheet.jpg')) : []);

  it('makes the thumbnails it needs, then the sheet once, however many ask at once', async () => {
    const { thumbs, sheets, cacheDir } = await setup();
    const keys = [key(1), key(2), key(3)];
    const answers = await Promise.all([1, 2, 3, 4].map(() => sheets.serve(keys, 160, { waitMs: 20_000 })));
    expect(answers.every((a) => a.status === 'ready')).toBe(true);
    expect(sheetFiles(cacheDir)).toHaveLength(1);
    const path = (answers[0] as { path: string }).path;
    const p = await pixels(await import('node:fs').then((fs) => fs.readFileSync(path)));
    expect(p.info.height).toBe(3 * thumbSheetSlot(160).pitch - THUMB_SHEET_GAP);
    expect(near(p.at(80, 60), [200, 40, 40])).toBe(true);
    expect(near(p.at(80, thumbSheetSlot(160).pitch * 2 + 60), [40, 40, 200])).toBe(true);
    await thumbs.stop();
  });

  it('answers pending (and writes nothing) while a thumbnail is being made, ready after', async () => {
    let open: () => void = () => undefined;
    const gate = new Promise<void>((r) => (open = r));
    const { thumbs, sheets, cacheDir } = await setup(async (path, source, options) => {
      if (path.endsWith('p1.jpg')) await gate;
      return renderThumbnails(path, source, options);
    });
    const keys = [key(1), key(2)];
    expect(await sheets.serve(keys, 160, { waitMs: 300 })).toMatchObject({ status: 'pending' });
    expect(sheetFiles(cacheDir)).toEqual([]);
    open();
    await thumbs.drained();
    expect(await sheets.serve(keys, 160, { waitMs: 5000 })).toMatchObject({ status: 'ready' });
    expect(sheetFiles(cacheDir)).toHaveLength(1);
    await thumbs.stop();
  });

  it('leaves the slot of a file no thumbnail can be made of empty; says which key it does not know', async () => {
    const { thumbs, sheets } = await setup();
    const s = await sheets.serve([key(9), key(1)], 160, { waitMs: 20_000 });
    expect(s.status).toBe('ready');
    const p = await pixels(await import('node:fs').then((fs) => fs.readFileSync((s as { path: string }).path)));
    expect(backdrop(p.at(80, 60))).toBe(true);
    expect(near(p.at(80, thumbSheetSlot(160).pitch + 60), [200, 40, 40])).toBe(true);
    expect(await sheets.serve([key(1), key(42)], 160)).toEqual({ status: 'not_found', key: key(42) });
    await thumbs.stop();
  });

  it('makes sheets ahead when asked to warm, each once, in the background', async () => {
    const { thumbs, sheets, cacheDir } = await setup();
    sheets.warm([{ keys: [key(1), key(2)], size: 160 }, { keys: [key(1), key(2)], size: 160 }, { keys: [key(3)], size: 320 }]);
    sheets.warm([{ keys: [key(3)], size: 320 }]);
    await sheets.warmed();
    expect(sheetFiles(cacheDir).sort()).toEqual([sheetId([key(1), key(2)], 160), sheetId([key(3)], 320)].map((id) => `${id.slice(0, 2)}/${id}.sheet.jpg`).sort());
    await thumbs.stop();
  });

  it('stops making ahead when stopped: the sheet under way finishes, the rest are not made', async () => {
    const { thumbs, sheets, cacheDir } = await setup();
    sheets.warm([1, 2, 3].map((i) => ({ keys: [key(i)], size: 160 })));
    await sheets.stop();
    expect(sheetFiles(cacheDir).length).toBeLessThanOrEqual(1);
    sheets.warm([{ keys: [key(2)], size: 320 }]);
    await sheets.warmed();
    expect(sheetFiles(cacheDir).length).toBeLessThanOrEqual(1);
    await thumbs.stop();
  });
});
