// scanCard on card trees in a folder, and on an exFAT image mounted through FUSE.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachLoop, detachLoop } from '../helpers/loop-device.js';
import { scanCard } from '../../src/ingest/card/scan-card.js';
import { cr2Like, makeJpeg, makePlainJpeg, noise } from './meta-fixtures.js';

const scratch = mkdtempSync(join(tmpdir(), 'sb-scan-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
const VN = { timeZone: 'Asia/Ho_Chi_Minh' };

/** Writes a card tree: relative path -> bytes (mtime optional, as [bytes, Date]). */
function card(files: Record<string, Buffer | [Buffer, Date]>): string {
  const root = join(scratch, `card${n++}`);
  for (const [rel, v] of Object.entries(files)) {
    const [bytes, mtime] = Array.isArray(v) ? v : [v, null];
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), bytes);
    if (mtime) utimesSync(join(root, rel), mtime, mtime);
  }
  mkdirSync(root, { recursive: true });
  return root;
}

let j9: Buffer; // shot 09:00 local (+07:00)
let j10: Buffer;
let j1130: Buffer;
let cr2: Buffer;
beforeAll(async () => {
  j9 = await makeJpeg(64, 48, { make: 'Canon', dateTimeOriginal: '2024:05:01 09:00:00' });
  j10 = await makeJpeg(64, 48, { make: 'Canon', dateTimeOriginal: '2024:05:01 10:00:00' });
  j1130 = await makeJpeg(64, 48, { make: 'Canon', dateTimeOriginal: '2024:05:01 11:30:00' });
  cr2 = cr2Like(await makeJpeg(320, 240), await makeJpeg(160, 120), { make: 'Canon', dateTimeOriginal: '2024:05:01 10:30:00' });
});

/** A camera card: what a Canon/Sony body leaves, plus what a Mac and a PC add. */
function cameraCard(dcim = 'DCIM') {
  const files: Record<string, Buffer> = {
    [`${dcim}/100CANON/IMG_0001.JPG`]: j9,
    [`${dcim}/100CANON/IMG_0002.JPG`]: j10,
    [`${dcim}/100CANON/IMG_0002.CR2`]: cr2,
    [`${dcim}/100CANON/IMG_0002.XMP`]: Buffer.from('<x:xmpmeta/>'),
    [`${dcim}/100CANON/MVI_0003.MP4`]: noise(30_000, 1),
    [`${dcim}/101CANON/IMG_0004.JPG`]: j1130,
    [`${dcim}/100CANON/._IMG_0001.JPG`]: Buffer.alloc(4096),
    [`${dcim}/100CANON/Thumbs.db`]: Buffer.alloc(100),
    [`${dcim}/CANONMSC/M0100.CTG`]: Buffer.alloc(50),
    [`${dcim}/.Trashes/501/IMG_9999.JPG`]: j9,
    'PRIVATE/M4ROOT/CLIP/C0001.MP4': noise(20_000, 2),
    'PRIVATE/M4ROOT/CLIP/C0001M01.XML': Buffer.from('<NonRealTimeMeta/>'),
    'PRIVATE/M4ROOT/THMBNL/C0001T01.JPG': j9,
    'PRIVATE/M4ROOT/SUB/C0001S03.MP4': noise(500, 3),
    'MISC/AUTPRINT.MRK': Buffer.from('[HDR]'),
    'System Volume Information/IndexerVolumeGuid': Buffer.alloc(76),
    'stray.jpg': j9,
  };
  return files;
}

const copiedBytes = (files: Record<string, Buffer>, rels: string[]) => rels.reduce((s, r) => s + files[r]!.length, 0);

describe('scanCard', () => {
  it('a camera card: DCIM and the Sony clip folder, junk skipped, shot range from EXIF', async () => {
    const files = cameraCard();
    const root = card(files);
    const s = await scanCard(root, VN);
    const copied = [
      'DCIM/100CANON/IMG_0001.JPG', 'DCIM/100CANON/IMG_0002.JPG', 'DCIM/100CANON/IMG_0002.CR2', 'DCIM/100CANON/IMG_0002.XMP',
      'DCIM/100CANON/MVI_0003.MP4', 'DCIM/101CANON/IMG_0004.JPG', 'PRIVATE/M4ROOT/CLIP/C0001.MP4', 'PRIVATE/M4ROOT/CLIP/C0001M01.XML',
    ];
    expect(s).toMatchObject({
      root,
      dcimRoots: [join(root, 'DCIM')],
      walkedRoots: [join(root, 'DCIM'), join(root, 'PRIVATE/M4ROOT/CLIP')],
      files: 8,
      bytes: copiedBytes(files, copied),
      photos: 3,
      raws: 1,
      videos: 2,
      sidecars: 2,
      others: 1, // CANONMSC/M0100.CTG
      otherBytes: 50,
      skipped: 2, // ._IMG_0001.JPG, Thumbs.db
      shotFrom: '2024-05-01T02:00:00.000Z',
      shotTo: '2024-05-01T04:30:00.000Z',
      shotTimeSource: 'exif',
      problems: [],
      truncated: false,
    });
    expect(s.sampled).toBe(4);
  });

  it('wholeCard: also counts media outside the camera folders (to match a copy that walks everything)', async () => {
    const files = cameraCard();
    const s = await scanCard(card(files), { ...VN, wholeCard: true });
    // + PRIVATE/M4ROOT/THMBNL/C0001T01.JPG, PRIVATE/M4ROOT/SUB/C0001S03.MP4, stray.jpg; still no system folders.
    expect(s).toMatchObject({ files: 11, photos: 5, videos: 3, others: 2, skipped: 2 });
    expect(s.dcimRoots).toHaveLength(1);
  });

  it('finds media folders whatever their case (a FAT card read on ext4 keeps what was written)', async () => {
    const files = cameraCard('dcim');
    const s = await scanCard(card(files), VN);
    expect(s).toMatchObject({ files: 8, photos: 3, shotTimeSource: 'exif' });
    expect(s.dcimRoots[0]).toMatch(/\/dcim$/);
  });

  it('no DCIM: the whole card is walked, system folders and files still skipped', async () => {
    const root = card({
      'Wedding/ceremony/A001.jpg': j9,
      'Wedding/party/A002.NEF': noise(1000, 4),
      '$RECYCLE.BIN/S-1-5/$R123.jpg': j9,
      '.Spotlight-V100/Store-V2/x.jpg': j9,
      'Wedding/._A001.jpg': Buffer.alloc(10),
      'notes.txt': Buffer.from('hello'),
    });
    const s = await scanCard(root, VN);
    expect(s).toMatchObject({ dcimRoots: [], walkedRoots: [root], files: 2, photos: 1, raws: 1, others: 1, skipped: 1, shotFrom: '2024-05-01T02:00:00.000Z' });
  });

  it('without EXIF times, the range comes from file times; videos count too', async () => {
    const plain = await makePlainJpeg(32, 32);
    const root = card({
      'DCIM/100MEDIA/DJI_0001.JPG': [plain, new Date('2024-06-01T08:00:00Z')],
      'DCIM/100MEDIA/DJI_0002.JPG': [plain, new Date('2024-06-01T09:00:00Z')],
      'DCIM/100MEDIA/DJI_0003.MP4': [noise(1000, 5), new Date('2024-06-01T10:15:00Z')],
      'DCIM/100MEDIA/DJI_0003.SRT': [Buffer.from('1\n'), new Date('2024-06-02T00:00:00Z')], // sidecars do not stretch the range
    });
    const s = await scanCard(root, VN);
    expect(s).toMatchObject({ files: 4, shotFrom: '2024-06-01T08:00:00.000Z', shotTo: '2024-06-01T10:15:00.000Z', shotTimeSource: 'mtime' });
  });

  it('an empty card and a missing folder: zeros and nulls, no exception', async () => {
    expect(await scanCard(card({}), VN)).toMatchObject({ files: 0, bytes: 0, shotFrom: null, shotTo: null, shotTimeSource: null, problems: [] });
    const gone = await scanCard(join(scratch, 'no-such-card'), VN);
    expect(gone).toMatchObject({ files: 0, shotFrom: null });
    expect(gone.problems).toEqual(['.: ENOENT']);
  });

  it('broken photos on the card do not break the scan', async () => {
    const root = card({
      'DCIM/100CANON/IMG_0001.JPG': [Buffer.alloc(0), new Date('2024-01-01T00:00:00Z')],
      'DCIM/100CANON/IMG_0002.JPG': [noise(2000, 6), new Date('2024-01-02T00:00:00Z')],
      'DCIM/100CANON/IMG_0003.JPG': [j10.subarray(0, 100), new Date('2024-01-03T00:00:00Z')],
      'DCIM/100CANON/IMG_0004.JPG': [j10, new Date('2024-01-04T00:00:00Z')],
    });
    const s = await scanCard(root, VN);
    expect(s).toMatchObject({ files: 4, shotFrom: '2024-05-01T03:00:00.000Z', shotTo: '2024-05-01T03:00:00.000Z', shotTimeSource: 'exif' });
  });

  it('reads EXIF from a bounded sample only, which still brackets the shoot', async () => {
    const files: Record<string, [Buffer, Date]> = {};
    // 300 photos, one a minute from 08:00 local; the camera's clock drives both EXIF and mtime.
    for (let i = 0; i < 300; i++) {
      const t = new Date(Date.UTC(2024, 4, 1, 1, i)); // 08:00+07:00 + i minutes
      const local = new Date(t.getTime() + 7 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, ':');
      const name = `DCIM/${100 + Math.floor(i / 100)}CANON/IMG_${String(i).padStart(4, '0')}.JPG`;
      files[name] = [await makeJpeg(16, 16, { dateTimeOriginal: local }), t];
    }
    const s = await scanCard(card(files), VN);
    expect(s.files).toBe(300);
    expect(s.sampled).toBeLessThanOrEqual(12);
    expect(s).toMatchObject({ shotFrom: '2024-05-01T01:00:00.000Z', shotTo: '2024-05-01T05:59:00.000Z', shotTimeSource: 'exif' });
  });

  it('counts sparse 32 GB files without reading them', async () => {
    const root = card({ 'DCIM/100CANON/MVI_0001.MOV': Buffer.alloc(0), 'DCIM/100CANON/MVI_0002.MOV': Buffer.alloc(0) });
    for (const f of ['MVI_0001.MOV', 'MVI_0002.MOV']) truncateSync(join(root, 'DCIM/100CANON', f), 32 * 1024 ** 3);
    const started = performance.now();
    const s = await scanCard(root, VN);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(s).toMatchObject({ files: 2, videos: 2, bytes: 64 * 1024 ** 3 });
  });
});

// A real card file system: exFAT through FUSE (what many cards over 32 GB are), read-only.
const fuseSkip =
  process.platform !== 'linux' ? 'Linux only'
  : process.getuid?.() !== 0 ? 'needs root (losetup, mount)'
  : !existsSync('/dev/fuse') ? '/dev/fuse is missing'
  : null;

describe.skipIf(fuseSkip !== null)(`scanCard on exFAT through FUSE${fuseSkip ? ` (skipped: ${fuseSkip})` : ''}`, () => {
  const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  let img = '';
  let dev = '';
  let mnt = '';
  afterAll(() => {
    try {
      if (mnt) sh('umount', [mnt]);
    } catch {
      /* not mounted */
    }
    if (dev) detachLoop(dev, img);
  });

  it('same counts and range as from a folder', async () => {
    const files = cameraCard();
    const base = join(scratch, 'exfat');
    mkdirSync(base);
    img = join(base, 'card.img');
    writeFileSync(img, '');
    truncateSync(img, 64 * 1024 * 1024);
    sh('mkfs.exfat', ['-L', 'EOS_DIGITAL', img]);
    dev = attachLoop(img);
    mnt = join(base, 'mnt');
    mkdirSync(mnt);
    sh('mount.exfat-fuse', ['-o', 'rw', dev, mnt]);
    for (const [rel, bytes] of Object.entries(files)) {
      mkdirSync(dirname(join(mnt, rel)), { recursive: true });
      writeFileSync(join(mnt, rel), bytes);
    }
    sh('umount', [mnt]);
    sh('mount.exfat-fuse', ['-o', 'ro', dev, mnt]);
    const s = await scanCard(mnt, VN);
    const fromFolder = await scanCard(card(files), VN);
    const pick = (x: typeof s) => ({ ...x, root: '', durationMs: 0, dcimRoots: x.dcimRoots.length, walkedRoots: x.walkedRoots.length });
    expect(pick(s)).toEqual(pick(fromFolder));
    expect(s.files).toBe(8);
  });
});
