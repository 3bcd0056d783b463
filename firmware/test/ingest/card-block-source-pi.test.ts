// BlockCardSource as on a Pi (udev names the filesystems, the kernel mounts vfat/exfat): the
// commands are answered by a stand-in that plays lsblk from the recorded Pi samples and keeps
// a mount table, so the exact commands the box would run on the Pi are checked. The same code
// runs against real devices in card-block-source.test.ts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardInfo } from '../../src/api-types.js';
import { BlockCardSource } from '../../src/ingest/card/block-card-source.js';
import { CARD_FS_TYPES, CARD_TRANSPORTS } from '../../src/ingest/card/card-candidates.js';
import { DEFAULT_LAZY_UNMOUNT_COMMAND, DEFAULT_UNMOUNT_COMMAND, KERNEL_MOUNT_COMMANDS } from '../../src/ingest/card/card-mounter.js';
import type { CommandResult, CommandRunner } from '../../src/ingest/card/command-runner.js';
import type { MountEntry } from '../../src/ingest/card/mount-table.js';

type Dev = Record<string, unknown> & { name: string; children?: Dev[] };
const fixture = (name: string): Dev[] =>
  (JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'lsblk', name), 'utf8')) as { blockdevices: Dev[] }).blockdevices;

/** A Pi's block devices and mount table, changed by the test, read by the source through commands. */
class FakePi {
  devices: Dev[] = fixture('pi4-reader-empty.json');
  table: MountEntry[] = [];
  commands: string[][] = [];
  /** What `mount` does to options (a template that forgets `ro`, a driver that ignores it). */
  mountAs: 'as-asked' | 'rw' = 'as-asked';
  lsblkFails = false;

  set(name: string): void {
    this.devices = fixture(name);
  }

  run: CommandRunner = async (argv) => {
    this.commands.push([...argv]);
    const ok = (stdout = ''): CommandResult => ({ code: 0, stdout, stderr: '' });
    if (argv[0] === 'lsblk' && this.lsblkFails) return { code: 1, stdout: '', stderr: 'lsblk: out of memory' };
    if (argv[0] === 'lsblk') return ok(JSON.stringify({ blockdevices: this.devices.map((d) => this.withMounts(d)) }));
    if (argv[0] === 'mount') {
      const mountpoint = argv[argv.length - 1]!;
      const source = argv[argv.length - 2]!;
      const opts = (argv[argv.indexOf('-o') + 1] ?? '').split(',');
      const options = this.mountAs === 'rw' ? ['rw', ...opts.filter((o) => o !== 'ro')] : opts;
      this.table.push({ devId: '8:33', mountpoint, options, fsType: argv[argv.indexOf('-t') + 1] ?? '?', source, superOptions: [] });
      return ok();
    }
    if (argv[0] === 'umount') {
      const mp = argv[argv.length - 1]!;
      const before = this.table.length;
      this.table = this.table.filter((m) => m.mountpoint !== mp);
      return before === this.table.length ? { code: 32, stdout: '', stderr: `umount: ${mp}: not mounted.` } : ok();
    }
    return { code: 127, stdout: '', stderr: `${argv[0]}: not expected here` };
  };

  mounts = async () => this.table.map((m) => ({ ...m }));

  private withMounts(d: Dev): Dev {
    const path = (d['path'] as string | undefined) ?? `/dev/${d.name}`;
    const mine = this.table.filter((m) => m.source === path).map((m) => m.mountpoint);
    const given = ((d['mountpoints'] as (string | null)[] | undefined) ?? []).filter((x): x is string => typeof x === 'string');
    const mps = [...given, ...mine];
    return { ...d, mountpoints: mps.length ? mps : [null], ...(d.children ? { children: d.children.map((c) => this.withMounts(c)) } : {}) };
  }
}

describe('BlockCardSource on a (simulated) Pi 4 with a reader that stays plugged in', () => {
  let pi: FakePi;
  let base: string;
  let pollSetting: string;
  let src: BlockCardSource;
  let inserted: CardInfo[];
  let removed: string[];
  let errors: string[];

  beforeEach(() => {
    pi = new FakePi();
    base = mkdtempSync(join(tmpdir(), 'sb-pi-cards-'));
    // systemd's 60-block.rules sets the kernel's media polling to 2 s on Raspberry Pi OS.
    pollSetting = join(base, 'events_dfl_poll_msecs');
    writeFileSync(pollSetting, '2000\n');
    src = new BlockCardSource({
      log: pino({ level: 'silent' }),
      mountBase: base,
      mountCommands: KERNEL_MOUNT_COMMANDS,
      unmountCommand: DEFAULT_UNMOUNT_COMMAND,
      lazyUnmountCommand: DEFAULT_LAZY_UNMOUNT_COMMAND,
      pollMs: 60_000,
      usb: null,
      fsTypes: CARD_FS_TYPES,
      transports: CARD_TRANSPORTS,
      allowLoopDevices: false,
      exclude: [
        { name: 'library', uuid: '3f1c6a52-8d0e-4b7e-9a51-2c0f3e7b9d41' },
        { name: 'backup', uuid: '5E2A-91C4' },
      ],
      run: pi.run,
      mountTable: pi.mounts,
      pokeEmptyReaders: false,
      mediaPollSettingFile: pollSetting,
    });
    inserted = [];
    removed = [];
    errors = [];
    src.on('card-inserted', (c) => inserted.push(c));
    src.on('card-removed', (c) => removed.push(c.cardId));
    src.on('card-error', (e) => errors.push(e.message));
  });

  afterEach(async () => {
    await src.stop();
    rmSync(base, { recursive: true, force: true });
  });

  const mountCommands = () => pi.commands.filter((c) => c[0] === 'mount' || c[0] === 'umount');

  it('mounts the card with the kernel driver, read-only, never touching the system or library disks', async () => {
    await src.start();
    expect(inserted).toEqual([]);
    pi.set('pi4-reader-card.json');
    await src.rescan();
    const mp = join(base, 'exfat-6A3B-0F12');
    expect(mountCommands()).toEqual([['mount', '-t', 'exfat', '-o', 'ro,nosuid,nodev,noexec', '/dev/sdc1', mp]]);
    expect(inserted).toEqual([
      { cardId: 'exfat-6A3B-0F12', label: 'EOS_DIGITAL', root: mp, fsType: 'exfat', device: '/dev/sdc1', sizeBytes: 63847792640, readOnly: true, insertedAt: inserted[0]!.insertedAt },
    ]);
    // udev named every filesystem: no blkid probing on the Pi.
    expect(pi.commands.filter((c) => c[0] === 'blkid')).toEqual([]);
    await src.rescan();
    expect(mountCommands()).toHaveLength(1);
  });

  it('the reader unplugged with the card mounted: removed, lazily unmounted; plugged back: the same card', async () => {
    pi.set('pi4-reader-card.json');
    await src.start();
    const mp = inserted[0]!.root;
    pi.devices = fixture('pi4-reader-card.json').filter((d) => d.name !== 'sdc');
    await src.rescan();
    expect(removed).toEqual(['exfat-6A3B-0F12']);
    expect(mountCommands().at(-1)).toEqual(['umount', '-l', mp]);
    expect(pi.table).toEqual([]);
    pi.set('pi4-reader-card.json');
    await src.rescan();
    expect(inserted.map((c) => c.cardId)).toEqual(['exfat-6A3B-0F12', 'exfat-6A3B-0F12']);
  });

  it('eject unmounts (not lazily); the card is not mounted again until it has been out', async () => {
    pi.set('pi4-reader-card.json');
    await src.start();
    const mp = inserted[0]!.root;
    await src.eject('exfat-6A3B-0F12');
    expect(mountCommands().at(-1)).toEqual(['umount', mp]);
    await src.rescan();
    expect(inserted).toHaveLength(1);
    expect(src.status().detail).toBe('exfat-6A3B-0F12 ejected: safe to remove');
    pi.set('pi4-reader-empty.json');
    await src.rescan();
    expect(removed).toEqual(['exfat-6A3B-0F12']);
    expect(src.status().detail).toBeNull();
    pi.set('pi4-reader-card.json');
    await src.rescan();
    expect(inserted).toHaveLength(2);
  });

  it('a mount that comes out read-write is undone and reported', async () => {
    pi.mountAs = 'rw';
    pi.set('pi4-reader-card.json');
    await src.start();
    await src.rescan();
    await src.rescan();
    expect(inserted).toEqual([]);
    expect(pi.table).toEqual([]);
    expect(mountCommands().filter((c) => c[0] === 'mount')).toHaveLength(3);
    expect(errors).toEqual([expect.stringMatching(/^refused \/dev\/sdc1: the mount command mounted it read-write/)]);
  });

  it('a card an automounter holds is left alone', async () => {
    pi.set('pi4-card-automounted.json');
    await src.start();
    expect(inserted).toEqual([]);
    expect(mountCommands()).toEqual([]);
  });

  it('says so when the kernel does not poll readers for new cards', async () => {
    writeFileSync(pollSetting, '0\n');
    await src.start();
    expect(src.status()).toMatchObject({ state: 'ok', detail: expect.stringMatching(/^the kernel does not poll card readers/) });
  });

  it('lsblk failing is a status, not a crash, and no card is taken for removed', async () => {
    pi.set('pi4-reader-card.json');
    await src.start();
    pi.lsblkFails = true;
    await src.rescan();
    expect(removed).toEqual([]);
    expect(src.status()).toMatchObject({ state: 'down', cardPresent: true });
    expect(src.status().detail).toMatch(/^card discovery failed: lsblk --json .* failed \(exit 1\): lsblk: out of memory/);
    pi.lsblkFails = false;
    await src.rescan();
    expect(src.status()).toMatchObject({ state: 'ok', detail: null });
    expect(inserted).toHaveLength(1);
  });
});
