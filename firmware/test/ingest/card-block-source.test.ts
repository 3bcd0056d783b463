// BlockCardSource on real block devices: FAT and exFAT images on loop devices, found through
// lsblk (+ blkid, there is no udev here), mounted read-only through FUSE (this kernel has no
// vfat/exfat; /proc/filesystems lists fuse and fuseblk), pulled, swapped, ejected.
import { EventEmitter } from 'node:events';
import { open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CardInfo } from '../../src/api-types.js';
import { BlockCardSource, type BlockCardSourceOptions } from '../../src/ingest/card/block-card-source.js';
import { CARD_FS_TYPES } from '../../src/ingest/card/card-candidates.js';
import { DEFAULT_LAZY_UNMOUNT_COMMAND, DEFAULT_UNMOUNT_COMMAND, FUSE_MOUNT_COMMANDS } from '../../src/ingest/card/card-mounter.js';
import type { CardError } from '../../src/ingest/card/card-source.js';
import { execRunner, type CommandRunner } from '../../src/ingest/card/command-runner.js';
import { mountAt, parseMountInfo } from '../../src/ingest/card/mount-table.js';
import type { UsbEvents } from '../../src/ingest/card/usb-events.js';
import { waitFor } from '../helpers/wait-for.js';
import { LoopLab, loopSkipReason } from './card-loop-lab.js';

const skip = loopSkipReason();
const log = pino({ level: 'silent' });
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

interface Recorder {
  inserted: CardInfo[];
  removed: string[];
  ejected: string[];
  errors: CardError[];
}

function record(src: BlockCardSource): Recorder {
  const r: Recorder = { inserted: [], removed: [], ejected: [], errors: [] };
  src.on('card-inserted', (c) => r.inserted.push(c));
  src.on('card-removed', (c) => r.removed.push(c.cardId));
  src.on('card-ejected', (c) => r.ejected.push(c.cardId));
  src.on('card-error', (e) => r.errors.push(e));
  return r;
}

const mountTable = async () => parseMountInfo(await readFile('/proc/self/mountinfo', 'utf8'));

describe.skipIf(skip !== null)(`BlockCardSource on loop devices${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: LoopLab;
  let mountBase: string;
  /** Only the loops this file made: other test files attach loops of their own at the same time. */
  const mine = new Set<string>();
  const sources: BlockCardSource[] = [];

  const make = (over: Partial<BlockCardSourceOptions> = {}): BlockCardSource => {
    const src = new BlockCardSource({
      log,
      mountBase,
      mountCommands: FUSE_MOUNT_COMMANDS,
      unmountCommand: DEFAULT_UNMOUNT_COMMAND,
      lazyUnmountCommand: DEFAULT_LAZY_UNMOUNT_COMMAND,
      pollMs: 150,
      usb: null,
      fsTypes: CARD_FS_TYPES,
      transports: ['usb', 'mmc'],
      allowLoopDevices: true,
      exclude: [],
      deviceFilter: (d) => mine.has(d.path),
      ...over,
    });
    sources.push(src);
    return src;
  };
  const attach = (img: string) => {
    const dev = lab.attach(img);
    mine.add(dev);
    return dev;
  };

  beforeAll(() => {
    lab = new LoopLab('sb-card-');
    mountBase = join(lab.dir, 'cards');
  });

  afterEach(async () => {
    for (const s of sources.splice(0)) await s.stop();
    // Each test starts with no cards in: the next source must not find this test's loops.
    for (const dev of mine) {
      try {
        lab.detach(dev);
      } catch {
        // detached by the test itself
      }
    }
    mine.clear();
  });

  afterAll(() => {
    const problems = lab?.cleanup() ?? [];
    expect(problems).toEqual([]);
  });

  it('finds a FAT card, mounts it read-only through fusefat, and its files read back', async () => {
    const img = lab.image('fat', 'vfat', { label: 'EOS_DIGITAL', serial: '1234ABCD', files: { 'DCIM/100CANON/IMG_0001.JPG': JPEG } });
    const dev = attach(img);
    const src = make();
    const rec = record(src);
    await src.start();
    const card = await waitFor(() => rec.inserted[0], 'card-inserted');
    expect(card).toEqual<CardInfo>({
      cardId: 'vfat-1234-ABCD',
      label: 'EOS_DIGITAL',
      root: join(mountBase, 'vfat-1234-ABCD'),
      fsType: 'vfat',
      device: dev,
      sizeBytes: 64 * 1024 * 1024,
      readOnly: true,
      insertedAt: card.insertedAt,
    });
    expect(await readFile(join(card.root, 'DCIM/100CANON/IMG_0001.JPG'))).toEqual(JPEG);
    await expect(writeFile(join(card.root, 'DCIM/new.txt'), 'x')).rejects.toMatchObject({ code: 'EROFS' });
    const m = mountAt(await mountTable(), card.root)!;
    expect(m.options).toContain('ro');
    expect(m.source).toBe(dev);
    expect(src.cards()).toEqual([card]);
    expect(src.status()).toMatchObject({ state: 'ok', kind: 'block', path: mountBase, cardPresent: true, cards: [card] });
    // Polls go on: still one card, no second event.
    await new Promise((r) => setTimeout(r, 500));
    expect(rec.inserted).toHaveLength(1);
  });

  it('finds an exFAT card through exfat-fuse; eject unmounts it and it is not mounted again while it stays in', async () => {
    const img = lab.image('exfat', 'exfat', { label: 'SONY', files: { 'DCIM/100MSDCF/DSC00001.ARW': 'raw bytes' } });
    const dev = attach(img);
    const cardId = `exfat-${lab.uuidOf(dev)}`;
    const src = make();
    const rec = record(src);
    await src.start();
    const card = await waitFor(() => rec.inserted.find((c) => c.cardId === cardId), 'exFAT card-inserted');
    expect(card).toMatchObject({ label: 'SONY', fsType: 'exfat', device: dev, readOnly: true });
    expect(await readFile(join(card.root, 'DCIM/100MSDCF/DSC00001.ARW'), 'utf8')).toBe('raw bytes');
    await expect(writeFile(join(card.root, 'x'), 'x')).rejects.toMatchObject({ code: 'EROFS' });

    await src.eject(cardId);
    expect(rec.ejected).toEqual([cardId]);
    expect(mountAt(await mountTable(), card.root)).toBeNull();
    expect(src.cards()).toEqual([]);
    expect(src.status().detail).toContain(`${cardId} ejected: safe to remove`);
    await src.rescan();
    await src.rescan();
    expect(rec.inserted).toHaveLength(1);
    await expect(src.eject(cardId)).rejects.toThrow(/no card/);

    // Taken out: removed. Put back: the same card, the same id, mounted again.
    lab.detach(dev);
    await waitFor(() => rec.removed.includes(cardId), 'card-removed after the loop is detached');
    const again = attach(img);
    const back = await waitFor(() => rec.inserted[1], 'card-inserted again');
    expect(back).toMatchObject({ cardId, device: again, root: card.root });
  });

  it('a card pulled while mounted is removed and lazily unmounted; the next card in the same reader is found', async () => {
    const img = lab.image('reader', 'vfat', { label: 'CARD_A', serial: 'AAAA0001', files: { 'DCIM/a.jpg': JPEG } });
    const dev = attach(img);
    const src = make();
    const rec = record(src);
    await src.start();
    const a = await waitFor(() => rec.inserted.find((c) => c.cardId === 'vfat-AAAA-0001'), 'card A');
    lab.pull(img, dev);
    await waitFor(() => rec.removed.includes('vfat-AAAA-0001'), 'card A removed');
    expect(mountAt(await mountTable(), a.root)).toBeNull();
    expect(src.status()).toMatchObject({ cardPresent: false, cards: [] });

    lab.swapIn(img, dev, 'vfat', { label: 'CARD_B', serial: 'BBBB0002', files: { 'DCIM/b.jpg': JPEG } });
    const b = await waitFor(() => rec.inserted.find((c) => c.cardId === 'vfat-BBBB-0002'), 'card B in the same reader');
    expect(b.device).toBe(dev);
    expect(await readFile(join(b.root, 'DCIM/b.jpg'))).toEqual(JPEG);
  });

  it('a moment where the filesystem cannot be named (probe fails) does not pull a mounted card', async () => {
    const img = lab.image('hiccup', 'vfat', { label: 'HICCUP', serial: '41CC0008' });
    const dev = attach(img);
    let blkidFails = false;
    const run: CommandRunner = (argv, o) =>
      blkidFails && argv[0] === 'blkid' ? Promise.resolve({ code: 2, stdout: '', stderr: '' }) : execRunner(argv, o);
    const src = make({ run });
    const rec = record(src);
    await src.start();
    const card = await waitFor(() => rec.inserted[0], 'card-inserted');
    blkidFails = true;
    await src.rescan();
    await src.rescan();
    expect(rec.removed).toEqual([]);
    expect(mountAt(await mountTable(), card.root)).not.toBeNull();
    blkidFails = false;
    await src.rescan();
    expect(rec.inserted).toHaveLength(1);
    // A real pull still counts, probe or not.
    blkidFails = true;
    lab.pull(img, dev);
    await waitFor(() => rec.removed.includes(card.cardId), 'card-removed');
  });

  it('eject refuses while a file on the card is open, so "safe to remove" is never said too early', async () => {
    const img = lab.image('busy', 'vfat', { label: 'BUSY', serial: 'C0DE0003', files: { 'DCIM/busy.jpg': JPEG } });
    attach(img);
    const src = make();
    const rec = record(src);
    await src.start();
    const card = await waitFor(() => rec.inserted[0], 'card-inserted');
    const fh = await open(join(card.root, 'DCIM/busy.jpg'), 'r');
    try {
      await expect(src.eject(card.cardId)).rejects.toThrow(/busy/i);
      expect(rec.ejected).toEqual([]);
      expect(src.cards().map((c) => c.cardId)).toEqual([card.cardId]);
    } finally {
      await fh.close();
    }
    await src.eject(card.cardId);
    expect(rec.ejected).toEqual([card.cardId]);
  });

  it('refuses a mount command that mounts read-write, and leaves nothing mounted', async () => {
    const img = lab.image('rw', 'exfat', { label: 'RW' });
    const dev = attach(img);
    const src = make({ mountCommands: { exfat: 'mount.exfat-fuse -o rw {device} {mountpoint}' }, maxMountAttempts: 1 });
    const rec = record(src);
    await src.start();
    const err = await waitFor(() => rec.errors[0], 'card-error');
    expect(err).toMatchObject({ device: dev, cardId: `exfat-${lab.uuidOf(dev)}` });
    expect(err.message).toMatch(/mounted it read-write/);
    expect(rec.inserted).toEqual([]);
    expect(lab.mountsUnder(mountBase)).toEqual([]);
    expect(src.status().detail).toMatch(/cannot be read: refused/);
  });

  it('a failing mount command is retried a few times, then reported and left alone until the card comes out', async () => {
    const img = lab.image('nokernel', 'vfat', { label: 'NOFS', serial: 'DEAD0004' });
    const dev = attach(img);
    const mounts: string[][] = [];
    const run: CommandRunner = (argv, o) => {
      if (argv[0] === 'mount') mounts.push([...argv]);
      return execRunner(argv, o);
    };
    // This kernel has no vfat: the Pi's default command fails here, as a wrong template would.
    const src = make({ run, mountCommands: { vfat: 'mount -t vfat -o ro {device} {mountpoint}' }, maxMountAttempts: 2 });
    const rec = record(src);
    await src.start();
    const err = await waitFor(() => rec.errors[0], 'card-error');
    expect(err.message).toMatch(/^mount -t vfat -o ro \/dev\/loop\d+ .* failed \(exit \d+\): .*vfat/);
    await src.rescan();
    await src.rescan();
    expect(mounts).toHaveLength(2);
    expect(rec.errors).toHaveLength(1);
    expect(lab.mountsUnder(mountBase)).toEqual([]);
    lab.detach(dev);
    await src.rescan();
    expect(src.status().detail ?? '').not.toMatch(/cannot be read/);
  });

  it('the library and backup disks are never cards, even on an allowed device', async () => {
    const img = lab.image('backupdisk', 'exfat', { label: 'BACKUP' });
    attach(img);
    const src = make({ exclude: [{ name: 'backup', label: 'BACKUP' }] });
    const rec = record(src);
    await src.start();
    await src.rescan();
    expect(rec.inserted).toEqual([]);
    expect(lab.mountsUnder(mountBase)).toEqual([]);
  });

  it('cleans up mounts a crashed run left under the mount base, then mounts the card afresh', async () => {
    const img = lab.image('stale', 'vfat', { label: 'STALE', serial: '5EA10005' });
    const dev = attach(img);
    const stale = join(mountBase, 'vfat-5EA1-0005');
    await execRunner(['mkdir', '-p', stale]);
    expect((await execRunner(['fusefat', '-o', `ro,fsname=${dev}`, dev, stale])).code).toBe(0);
    const leftover = join(mountBase, 'leftover');
    await execRunner(['mkdir', '-p', leftover]);
    expect((await execRunner(['fusefat', '-o', 'ro', dev, leftover])).code).toBe(0);

    const src = make();
    const rec = record(src);
    await src.start();
    const card = await waitFor(() => rec.inserted[0], 'card-inserted');
    expect(card.root).toBe(stale);
    expect(lab.mountsUnder(mountBase)).toEqual([stale]);
  });

  it('a USB event makes it look at once, long before the next poll', async () => {
    const usb = new (class extends EventEmitter implements UsbEvents {
      stopped = false;
      onChange(fn: () => void) {
        this.on('change', fn);
      }
      stop() {
        this.stopped = true;
      }
    })();
    const src = make({ pollMs: 60_000, usb });
    const rec = record(src);
    await src.start();
    const img = lab.image('usb', 'vfat', { label: 'USB', serial: '05B00006' });
    attach(img);
    await new Promise((r) => setTimeout(r, 800));
    expect(rec.inserted).toEqual([]); // the poll is a minute away
    const t0 = Date.now();
    usb.emit('change');
    await waitFor(() => rec.inserted[0], 'card-inserted after the USB event', 5000);
    expect(Date.now() - t0).toBeLessThan(2000);
    await src.stop();
    expect(usb.stopped).toBe(true);
  });

  it('stop() unmounts its cards', async () => {
    const img = lab.image('stop', 'vfat', { label: 'STOP', serial: '570B0007' });
    attach(img);
    const src = make();
    const rec = record(src);
    await src.start();
    const card = await waitFor(() => rec.inserted[0], 'card-inserted');
    await src.stop();
    expect(mountAt(await mountTable(), card.root)).toBeNull();
    expect(src.status()).toMatchObject({ state: 'down', detail: expect.stringContaining('not started') });
  });
});
