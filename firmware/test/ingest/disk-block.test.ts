// BlockDisk on real disks: ext4 and exFAT images on loop devices, found by filesystem UUID or
// label (never by /dev name), mounted at the configured place, and every way it can be wrong.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DiskHealth } from '../../src/api-types.js';
import { BlockDisk, type BlockDiskOptions } from '../../src/ingest/disks/block-disk.js';
import { execRunner, type CommandRunner } from '../../src/ingest/card/command-runner.js';
import { FolderDisk } from '../../src/ingest/disks/disk.js';
import { LoopLab, loopSkipReason } from './card-loop-lab.js';

const skip = loopSkipReason();
const log = pino({ level: 'silent' });
const EXT4_MOUNT = 'mount -o rw,noatime,nosuid,nodev,noexec {device} {mountpoint}';
const sh = async (...argv: string[]) => {
  const r = await execRunner(argv);
  if (r.code !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
};
/** Labels unique to this run: other test files make loop disks at the same time. */
const tag = () => randomBytes(3).toString('hex').toUpperCase();

describe('BlockDisk needs an identity', () => {
  it('refuses to be made without uuid or label', () => {
    expect(() => new BlockDisk({ role: 'library', identity: {}, path: '/srv/x', mountCommand: null, log })).toThrow('disks.library: a uuid or a label is required to find the disk');
  });
});

describe.skipIf(skip !== null)(`BlockDisk on loop devices${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: LoopLab;
  const attached: string[] = [];

  const attach = (img: string) => {
    const dev = lab.attach(img);
    attached.push(dev);
    return dev;
  };
  const make = (over: Partial<BlockDiskOptions> & Pick<BlockDiskOptions, 'identity' | 'path'>) => new BlockDisk({ role: 'library', mountCommand: null, log, ...over });

  beforeAll(() => {
    lab = new LoopLab('sb-disk-');
  });

  afterEach(async () => {
    for (const mp of lab.mountsUnder(lab.dir)) await execRunner(['umount', '-l', mp]);
    for (const dev of attached.splice(0)) {
      try {
        lab.detach(dev);
      } catch {
        // the test detached it
      }
    }
  });

  afterAll(() => {
    expect(lab?.cleanup() ?? []).toEqual([]);
  });

  it('says "not connected" when no disk has the UUID', async () => {
    const uuid = randomUUID();
    const d = make({ identity: { uuid }, path: join(lab.dir, 'nowhere') });
    const h = await d.health();
    expect(h).toEqual<DiskHealth>({
      role: 'library',
      path: join(lab.dir, 'nowhere'),
      state: 'down',
      reason: 'not-connected',
      error: `no disk with UUID ${uuid} is connected`,
      freeBytes: null,
      totalBytes: null,
      uuid,
      label: null,
      device: null,
      fsType: null,
    });
    expect(await d.lowSpace(1)).toBeNull();
    expect(await d.stillMounted()).toBe(false);
  });

  it('finds the disk by UUID whatever its /dev name, says "not mounted", and mounts it at its place when allowed', async () => {
    const uuid = randomUUID();
    const img = lab.image(`lib-${tag()}`, 'ext4', { label: `L${tag()}`, serial: uuid });
    const dev = attach(img);
    const path = join(lab.dir, 'library');
    const h1 = await make({ identity: { uuid: uuid.toUpperCase() }, path }).health();
    expect(h1).toMatchObject({ state: 'down', reason: 'not-mounted', device: dev, fsType: 'ext4', error: `connected as ${dev} but not mounted at ${path}` });

    const d = make({ identity: { uuid }, path, mountCommand: EXT4_MOUNT });
    const h = await d.health();
    const fs = statfsSync(path);
    expect(h).toMatchObject({ state: 'ok', reason: null, error: null, device: dev, fsType: 'ext4', uuid, path });
    expect(h.totalBytes).toBe(fs.blocks * fs.bsize);
    expect(h.freeBytes).toBe(fs.bavail * fs.bsize);
    expect(h.totalBytes!).toBeGreaterThan(40 * 1024 * 1024);
    expect(h.totalBytes!).toBeLessThanOrEqual(64 * 1024 * 1024);
    expect(d.root).toBe(path);
    writeFileSync(join(path, 'written-to-the-disk'), 'x');
    expect(await d.stillMounted()).toBe(true);
    expect(await d.lowSpace(h.freeBytes! + 1)).toBe(true);
    expect(await d.lowSpace(1024)).toBe(false);

    // The disk drops off: the mount point is an empty folder again, and it must not look like the disk.
    await sh('umount', path);
    expect(await d.stillMounted()).toBe(false);
  });

  it('finds it by label; two disks with one label are refused as ambiguous', async () => {
    const label = `B${tag()}`;
    const dev1 = attach(lab.image(`a-${tag()}`, 'ext4', { label }));
    const path = join(lab.dir, 'by-label');
    const d = make({ identity: { label }, path, mountCommand: EXT4_MOUNT, role: 'backup' });
    expect(await d.health()).toMatchObject({ role: 'backup', state: 'ok', device: dev1, label });
    const dev2 = attach(lab.image(`b-${tag()}`, 'ext4', { label }));
    const h = await d.health();
    expect(h).toMatchObject({ state: 'down', reason: 'ambiguous' });
    expect(h.error).toContain(`2 disks have the label "${label}"`);
    expect(h.error).toContain(dev1);
    expect(h.error).toContain(dev2);
  });

  it('says "read-only" when the filesystem went read-only (as the kernel does after errors)', async () => {
    const uuid = randomUUID();
    attach(lab.image(`ro-${tag()}`, 'ext4', { label: `R${tag()}`, serial: uuid }));
    const path = join(lab.dir, 'ro');
    const d = make({ identity: { uuid }, path, mountCommand: EXT4_MOUNT });
    expect((await d.health()).state).toBe('ok');
    await sh('mount', '-o', 'remount,ro', path);
    expect(await d.health()).toMatchObject({ state: 'down', reason: 'read-only' });
  });

  it('mounted somewhere else, or something else mounted at its place: "not mounted", and it does not mount twice', async () => {
    const uuid = randomUUID();
    const dev = attach(lab.image(`else-${tag()}`, 'ext4', { label: `E${tag()}`, serial: uuid }));
    const elsewhere = join(lab.dir, 'elsewhere');
    mkdirSync(elsewhere, { recursive: true });
    await sh('mount', dev, elsewhere);
    const path = join(lab.dir, 'expected');
    const calls: string[][] = [];
    const run: CommandRunner = (argv, o) => {
      calls.push([...argv]);
      return execRunner(argv, o);
    };
    const d = make({ identity: { uuid }, path, mountCommand: EXT4_MOUNT, run });
    expect(await d.health()).toMatchObject({ state: 'down', reason: 'not-mounted', error: `mounted at ${elsewhere}, not at ${path}` });
    expect(calls.filter((c) => c[0] === 'mount')).toEqual([]);

    await sh('umount', elsewhere);
    const other = attach(lab.image(`other-${tag()}`, 'ext4', { label: `O${tag()}` }));
    mkdirSync(path, { recursive: true });
    await sh('mount', other, path);
    expect(await d.health()).toMatchObject({ state: 'down', reason: 'not-mounted', error: `another filesystem (${other}) is mounted at ${path}` });
  });

  it('an exFAT backup disk through exfat-fuse, its UUID given in lower case', async () => {
    const img = lab.image(`x-${tag()}`, 'exfat', { label: `X${tag()}` });
    const dev = attach(img);
    const uuid = lab.uuidOf(dev);
    const path = join(lab.dir, 'exfat-backup');
    const d = make({ role: 'backup', identity: { uuid: uuid.toLowerCase() }, path, mountCommand: 'mount.exfat-fuse -o rw,nosuid,nodev,noexec {device} {mountpoint}' });
    const h = await d.health();
    expect(h).toMatchObject({ role: 'backup', state: 'ok', device: dev, fsType: 'exfat' });
    expect(h.freeBytes!).toBeGreaterThan(50 * 1024 * 1024);
    writeFileSync(join(path, 'copy.tmp'), 'x');
  });

  it('a failing mount is reported, and not retried on every health check', async () => {
    const uuid = randomUUID();
    const dev = attach(lab.image(`fail-${tag()}`, 'ext4', { label: `F${tag()}`, serial: uuid }));
    const path = join(lab.dir, 'fail');
    let mounts = 0;
    const run: CommandRunner = (argv, o) => {
      if (argv[0] === 'mount') mounts++;
      return execRunner(argv, o);
    };
    // A wrong filesystem type in the template, as a typo in config would be.
    const d = make({ identity: { uuid }, path, mountCommand: 'mount -t xfs {device} {mountpoint}', run, mountRetryMs: 600 });
    const h = await d.health();
    expect(h).toMatchObject({ state: 'down', reason: 'not-mounted', device: dev });
    expect(h.error).toMatch(new RegExp(`^could not mount ${dev} at ${path}: mount -t xfs .* failed \\(exit \\d+\\)`));
    await d.health();
    await d.health();
    expect(mounts).toBe(1);
    await new Promise((r) => setTimeout(r, 700));
    await d.health();
    expect(mounts).toBe(2);
  });
});

describe.skipIf(skip !== null)(`FolderDisk${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: LoopLab;
  beforeAll(() => {
    lab = new LoopLab('sb-folder-disk-');
  });
  afterAll(() => {
    expect(lab?.cleanup() ?? []).toEqual([]);
  });

  it('ok with space; read-only when its filesystem is; down when missing', async () => {
    const ok = new FolderDisk('library', join(lab.dir, 'lib'), true);
    await ok.start();
    expect(await ok.health()).toMatchObject({ state: 'ok', reason: null, error: null });
    expect(await ok.stillMounted()).toBe(true);

    const roDir = join(lab.dir, 'ro');
    mkdirSync(roDir);
    await sh('mount', '-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', roDir);
    const ro = new FolderDisk('backup', roDir, false);
    expect(await ro.health()).toMatchObject({ state: 'down', reason: 'read-only', error: `${roDir} is not writable` });
    expect(await ro.lowSpace(1)).toBeNull();

    const gone = new FolderDisk('backup', join(lab.dir, 'missing'), false);
    // A missing folder is an unplugged disk (the UI says "not connected, expected at …")…
    expect(await gone.health()).toMatchObject({ state: 'down', reason: 'not-connected', freeBytes: null });
    expect(await gone.stillMounted()).toBe(false);
    // …a file where the folder should be is a fault.
    writeFileSync(join(lab.dir, 'a-file'), 'x');
    expect(await new FolderDisk('backup', join(lab.dir, 'a-file'), false).health()).toMatchObject({ state: 'down', reason: 'error' });
  });
});
