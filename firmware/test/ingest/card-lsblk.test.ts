// Which block devices are cards, on lsblk output from the machines the box meets. The Pi
// samples follow util-linux 2.38 (bookworm), 2.36 (bullseye) and the older all-strings form;
// container-loops-no-udev.json was recorded on the CI machine (no udev: lsblk names no filesystem).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectCards, type CardPolicy } from '../../src/ingest/card/card-candidates.js';
import { LsblkParseError, parseLsblk, type BlockNode } from '../../src/ingest/card/lsblk.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', 'lsblk', name), 'utf8');
const nodes = (name: string) => parseLsblk(fixture(name));

const PI_POLICY: CardPolicy = {
  fsTypes: ['vfat', 'exfat', 'ntfs'],
  transports: ['usb', 'mmc'],
  allowLoopDevices: false,
  mountBase: '/run/studio-box/cards',
  exclude: [
    { name: 'library', uuid: '3f1c6a52-8d0e-4b7e-9a51-2c0f3e7b9d41' },
    { name: 'backup', uuid: '5E2A-91C4' },
  ],
};

const cardsOf = (name: string, policy: CardPolicy = PI_POLICY) =>
  selectCards(nodes(name), policy).cards.map((c) => ({ device: c.node.path, cardId: c.cardId, fsType: c.node.fsType, label: c.node.label }));
const reasonFor = (name: string, device: string, policy: CardPolicy = PI_POLICY) =>
  selectCards(nodes(name), policy).ignored.find((i) => i.device === device)?.reason;

describe('parseLsblk', () => {
  it('flattens the tree; partitions know their disk and inherit its transport', () => {
    const n = nodes('pi4-reader-card.json');
    const sdc1 = n.find((x) => x.name === 'sdc1')!;
    expect(sdc1).toEqual<BlockNode>({
      name: 'sdc1',
      path: '/dev/sdc1',
      type: 'part',
      removable: true,
      hotplug: true,
      sizeBytes: 63847792640,
      fsType: 'exfat',
      uuid: '6A3B-0F12',
      label: 'EOS_DIGITAL',
      mountpoints: [],
      transport: 'usb',
      parent: '/dev/sdc',
      top: '/dev/sdc',
    });
    expect(n.map((x) => x.name)).toEqual(['sda', 'sda1', 'sdb', 'sdb1', 'sdc', 'sdc1', 'sdd', 'mmcblk0', 'mmcblk0p1', 'mmcblk0p2', 'zram0']);
    expect(n.find((x) => x.name === 'zram0')!.mountpoints).toEqual(['[SWAP]']);
  });

  it('reads bullseye lsblk (MOUNTPOINT, no TRAN for mmc) the same way', () => {
    const n = nodes('bullseye-mountpoint.json');
    expect(n.find((x) => x.name === 'mmcblk0p2')).toMatchObject({ mountpoints: ['/'], transport: 'mmc', top: '/dev/mmcblk0' });
    expect(n.find((x) => x.name === 'sdc1')).toMatchObject({ transport: 'usb', mountpoints: [] });
  });

  it('reads the all-strings form of old lsblk, and makes /dev paths without a PATH column', () => {
    const n = nodes('legacy-strings.json');
    expect(n.find((x) => x.name === 'sdc1')).toMatchObject({ path: '/dev/sdc1', removable: true, sizeBytes: 63847792640, top: '/dev/sdc', transport: 'usb' });
    expect(n.find((x) => x.name === 'mmcblk0')).toMatchObject({ removable: false, hotplug: false, transport: 'mmc' });
  });

  it('reads the recorded container output: loops, no filesystem names without udev', () => {
    const n = nodes('container-loops-no-udev.json');
    expect(n.map((x) => [x.name, x.type, x.sizeBytes, x.fsType])).toEqual([
      ['loop0', 'loop', 67108864, null],
      ['loop1', 'loop', 67108864, null],
      ['zram0', 'disk', 0, null],
      ['vda', 'disk', 274877906944, null],
    ]);
  });

  it('rejects what is not lsblk JSON with a LsblkParseError', () => {
    expect(() => parseLsblk('lsblk: unknown column: MOUNTPOINTS')).toThrow(LsblkParseError);
    expect(() => parseLsblk('{"devices": []}')).toThrow(/blockdevices/);
    expect(() => parseLsblk('{"blockdevices": [{"type": "disk"}]}')).toThrow(/no name/);
    expect(() => parseLsblk('{"blockdevices": [42]}')).toThrow(LsblkParseError);
    expect(parseLsblk('{"blockdevices": []}')).toEqual([]);
  });
});

describe('selectCards on a Pi 4 with an always-attached two-slot reader', () => {
  it('an empty reader is no card, and says so (it is a removable disk of size 0)', () => {
    const sel = selectCards(nodes('pi4-reader-empty.json'), PI_POLICY);
    expect(sel.cards).toEqual([]);
    expect(sel.emptyReaders).toEqual(['/dev/sdc', '/dev/sdd']);
    expect(reasonFor('pi4-reader-empty.json', '/dev/sdc')).toBe('no card in the reader');
  });

  it('a card pushed into the reader is found, with its volume serial as id', () => {
    expect(cardsOf('pi4-reader-card.json')).toEqual([{ device: '/dev/sdc1', cardId: 'exfat-6A3B-0F12', fsType: 'exfat', label: 'EOS_DIGITAL' }]);
    expect(selectCards(nodes('pi4-reader-card.json'), PI_POLICY).emptyReaders).toEqual(['/dev/sdd']);
  });

  it('never the SD card the system runs from, the swap, or the library and backup disks', () => {
    expect(reasonFor('pi4-reader-card.json', '/dev/mmcblk0')).toBe('holds the system (/dev/mmcblk0p1 is mounted at /boot/firmware)');
    expect(reasonFor('pi4-reader-card.json', '/dev/zram0')).toMatch(/^transport unknown/);
    expect(reasonFor('pi4-reader-card.json', '/dev/sda')).toBe('is the library disk (/dev/sda1)');
    expect(reasonFor('pi4-reader-card.json', '/dev/sdb')).toBe('is the backup disk (/dev/sdb1)');
  });

  it('a backup disk that is connected but not mounted is excluded by its UUID alone', () => {
    expect(cardsOf('pi4-backup-unmounted.json')).toEqual([]);
    expect(reasonFor('pi4-backup-unmounted.json', '/dev/sdb')).toBe('is the backup disk (/dev/sdb1)');
    // …which is why config requires the UUID or label: without it the exFAT backup disk looks like a card.
    const unconfigured = { ...PI_POLICY, exclude: [] };
    expect(cardsOf('pi4-backup-unmounted.json', unconfigured).map((c) => c.device)).toEqual(['/dev/sdb1']);
  });

  it('exclusion by label ignores case (matching too much is the safe side)', () => {
    const byLabel = { ...PI_POLICY, exclude: [{ name: 'backup', label: 'backup' }] };
    expect(reasonFor('pi4-backup-unmounted.json', '/dev/sdb', byLabel)).toBe('is the backup disk (/dev/sdb1)');
  });

  it('a card already mounted by the box (under the mount base) is still the card', () => {
    expect(cardsOf('pi4-card-mounted.json').map((c) => c.cardId)).toEqual(['exfat-6A3B-0F12']);
  });

  it('a card some other program mounted elsewhere is left alone', () => {
    expect(cardsOf('pi4-card-automounted.json')).toEqual([]);
    expect(reasonFor('pi4-card-automounted.json', '/dev/sdc')).toBe('in use: /dev/sdc1 is mounted at /media/pi/EOS_DIGITAL');
  });

  it('a mount base that only shares a prefix with a foreign mount does not count as ours', () => {
    const policy = { ...PI_POLICY, mountBase: '/run/studio-box/card' };
    expect(reasonFor('pi4-card-mounted.json', '/dev/sdc', policy)).toMatch(/^in use: \/dev\/sdc1 is mounted at \/run\/studio-box\/cards\//);
  });
});

describe('selectCards on a Pi 5 booting from NVMe', () => {
  it('finds the card in the free SD slot, an NTFS USB disk and a CF card without partition table', () => {
    expect(cardsOf('pi5-nvme-sd-slot.json')).toEqual([
      { device: '/dev/mmcblk0p1', cardId: 'vfat-E2C1-7A90', fsType: 'vfat', label: 'NIKON D850' },
      { device: '/dev/sde1', cardId: 'ntfs-7C3A1F9B3A1F5252', fsType: 'ntfs', label: 'T7 Shield' },
      { device: '/dev/sdg', cardId: 'exfat-1A2B-3C4D', fsType: 'exfat', label: 'CANON' },
    ]);
  });

  it('never the NVMe system disk; a Linux-formatted stick is named but not taken', () => {
    expect(reasonFor('pi5-nvme-sd-slot.json', '/dev/nvme0n1')).toMatch(/^transport nvme is not a card reader's/);
    expect(reasonFor('pi5-nvme-sd-slot.json', '/dev/sdf1')).toBe("filesystem ext4 is not a camera card's");
  });

  it('transports and filesystem types are configurable', () => {
    const usbOnly = { ...PI_POLICY, transports: ['usb'], fsTypes: ['exfat'] };
    expect(cardsOf('pi5-nvme-sd-slot.json', usbOnly).map((c) => c.device)).toEqual(['/dev/sdg']);
    expect(reasonFor('pi5-nvme-sd-slot.json', '/dev/mmcblk0', usbOnly)).toMatch(/^transport mmc/);
  });

  it('a system disk is refused even when its transport is allowed', () => {
    const everything = { ...PI_POLICY, transports: ['usb', 'mmc', 'nvme'] };
    expect(reasonFor('pi5-nvme-sd-slot.json', '/dev/nvme0n1', everything)).toBe('holds the system (/dev/nvme0n1p1 is mounted at /boot/firmware)');
  });
});

describe('selectCards on old lsblk versions and in the container', () => {
  it('bullseye: the card is found, the boot SD (mounted at /boot) is not', () => {
    expect(cardsOf('bullseye-mountpoint.json').map((c) => c.cardId)).toEqual(['vfat-B4F0-11E2']);
    expect(reasonFor('bullseye-mountpoint.json', '/dev/mmcblk0')).toBe('holds the system (/dev/mmcblk0p1 is mounted at /boot)');
  });

  it('legacy strings: the same card as on bookworm', () => {
    expect(cardsOf('legacy-strings.json').map((c) => c.cardId)).toEqual(['exfat-6A3B-0F12']);
  });

  it('loops are cards only when allowed, and only with a filesystem (blkid fills it in without udev)', () => {
    const n = nodes('container-loops-no-udev.json');
    expect(selectCards(n, PI_POLICY).ignored.find((i) => i.device === '/dev/loop0')?.reason).toBe('loop device (cardSource.allowLoopDevices is off)');
    const loops = { ...PI_POLICY, allowLoopDevices: true };
    expect(selectCards(n, loops).ignored.find((i) => i.device === '/dev/loop0')?.reason).toBe('no filesystem found (yet)');
    const probed = n.map((x) => (x.name === 'loop0' ? { ...x, fsType: 'vfat', uuid: '1234-ABCD', label: 'EOS_DIGITAL' } : x));
    expect(selectCards(probed, loops).cards.map((c) => c.cardId)).toEqual(['vfat-1234-ABCD']);
    expect(selectCards(probed, loops).ignored.find((i) => i.device === '/dev/vda')?.reason).toMatch(/^transport unknown/);
  });

  it('the device filter narrows to chosen disks', () => {
    const n = parseLsblk(fixture('container-loops-no-udev.json')).map((x) => ({ ...x, fsType: 'vfat', uuid: x.name }));
    const policy = { ...PI_POLICY, allowLoopDevices: true, deviceFilter: (d: BlockNode) => d.path === '/dev/loop1' };
    expect(selectCards(n, policy).cards.map((c) => c.node.path)).toEqual(['/dev/loop1']);
    expect(selectCards(n, policy).ignored.find((i) => i.device === '/dev/loop0')?.reason).toBe('left out by the device filter');
  });

  it('a partition of size 0 (stale udev data after a pull) is not a card', () => {
    const n = nodes('pi4-reader-card.json').map((x) => (x.name === 'sdc1' ? { ...x, sizeBytes: 0 } : x));
    expect(selectCards(n, PI_POLICY).cards).toEqual([]);
  });
});
