// Which block devices are memory cards. Pure, so that every rule is tested on recorded lsblk
// output. The rules err on the side of "not a card": mounting the wrong thing read-only is
// harmless, but the box must never treat the disk it runs from or a library disk as a card.
import { blockCardId } from './card-id.js';
import type { BlockNode } from './lsblk.js';
import { isUnder } from './mount-table.js';

/** Filesystems cameras write (FAT32 ≤ 32 GB cards, exFAT SDXC/CFexpress) and NTFS USB disks. */
export const CARD_FS_TYPES = ['vfat', 'exfat', 'ntfs'] as const;
export type CardFsType = (typeof CARD_FS_TYPES)[number];
/** Card readers are USB; `mmc` is the Pi's own SD slot, free when the Pi boots from USB/NVMe. */
export const CARD_TRANSPORTS = ['usb', 'mmc'] as const;

/** A disk identified by filesystem UUID and/or label (the library and backup disks). */
export interface DiskIdentity {
  uuid?: string | null | undefined;
  label?: string | null | undefined;
}

export interface CardPolicy {
  fsTypes: readonly string[];
  transports: readonly string[];
  /** Loop devices have no transport; allowed only for tests and demos. */
  allowLoopDevices: boolean;
  /** Our own mounts live here; a mount anywhere else means the disk is in use by something else. */
  mountBase: string;
  /** The library and backup disks: never a card, nor anything else on the same physical disk. */
  exclude: readonly (DiskIdentity & { name: string })[];
  /** Narrows further (tests: only the loop devices the test made; other processes have theirs). */
  deviceFilter?: ((disk: BlockNode) => boolean) | undefined;
}

export interface CardCandidate {
  node: BlockNode;
  cardId: string;
}

export interface IgnoredDevice {
  device: string;
  reason: string;
}

/** Mount points that mean "this disk runs the system". */
const SYSTEM_MOUNTS = ['/', '/boot', '/boot/firmware', '/usr', '/var', '/home', '/media/root-ro', '/media/root-rw', '[SWAP]'];

export interface CardSelection {
  cards: CardCandidate[];
  ignored: IgnoredDevice[];
  /** Readers with no card in: removable disks of size 0 that pass every rule. */
  emptyReaders: string[];
}

export function selectCards(nodes: readonly BlockNode[], policy: CardPolicy): CardSelection {
  const cards: CardCandidate[] = [];
  const ignored: IgnoredDevice[] = [];
  const emptyReaders: string[] = [];
  const byTop = new Map<string, BlockNode[]>();
  for (const n of nodes) byTop.set(n.top, [...(byTop.get(n.top) ?? []), n]);
  const parents = new Set(nodes.map((n) => n.parent).filter((p): p is string => p !== null));

  for (const [top, members] of byTop) {
    const disk = members.find((n) => n.path === top);
    if (!disk) continue;
    const reason = diskRejection(disk, members, policy);
    if (reason) {
      ignored.push({ device: top, reason });
      continue;
    }
    if (disk.sizeBytes === 0) {
      ignored.push({ device: top, reason: 'no card in the reader' });
      if (disk.removable) emptyReaders.push(top);
      continue;
    }
    let seen = 0;
    for (const n of members) {
      if (parents.has(n.path) || !n.fsType) continue;
      seen++;
      if (!policy.fsTypes.includes(n.fsType)) {
        ignored.push({ device: n.path, reason: `filesystem ${n.fsType} is not a camera card's` });
      } else if (n.sizeBytes > 0) {
        cards.push({ node: n, cardId: blockCardId(n.fsType, n.uuid, n.label, n.sizeBytes) });
      }
    }
    // A card just pushed in: the partitions or udev's probe may come a poll later.
    if (seen === 0) ignored.push({ device: top, reason: 'no filesystem found (yet)' });
  }
  return { cards, ignored, emptyReaders };
}

/**
 * The cheap part of the rules, from the disk alone (kind, transport, filter): whether it is
 * worth looking at more closely (probing its filesystems, opening an empty reader). Null = yes.
 */
export function readerRejection(disk: BlockNode, policy: CardPolicy): string | null {
  if (policy.deviceFilter && !policy.deviceFilter(disk)) return 'left out by the device filter';
  if (disk.type === 'loop') {
    return policy.allowLoopDevices ? null : 'loop device (cardSource.allowLoopDevices is off)';
  }
  if (disk.type !== 'disk') return `a ${disk.type} device, not a disk`;
  if (!disk.transport || !policy.transports.includes(disk.transport)) {
    return `transport ${disk.transport ?? 'unknown'} is not a card reader's (allowed: ${policy.transports.join(', ')})`;
  }
  return null;
}

/** Why a whole disk (and everything on it) is not a card reader; null when it may be one. */
function diskRejection(disk: BlockNode, members: readonly BlockNode[], policy: CardPolicy): string | null {
  const cheap = readerRejection(disk, policy);
  if (cheap) return cheap;
  for (const n of members) {
    for (const mp of n.mountpoints) {
      if (SYSTEM_MOUNTS.includes(mp) || mp.startsWith('/boot/')) return `holds the system (${n.path} is mounted at ${mp})`;
    }
  }
  for (const n of members) {
    for (const ex of policy.exclude) {
      if (sameIdentity(n, ex)) return `is the ${ex.name} disk (${n.path})`;
    }
  }
  for (const n of members) {
    const elsewhere = n.mountpoints.find((mp) => !isUnder(mp, policy.mountBase));
    if (elsewhere) return `in use: ${n.path} is mounted at ${elsewhere}`;
  }
  return null;
}

/** Case-insensitive on purpose: for exclusion, matching too much is the safe side. */
function sameIdentity(n: BlockNode, id: DiskIdentity): boolean {
  if (id.uuid && n.uuid && id.uuid.toLowerCase() === n.uuid.toLowerCase()) return true;
  if (id.label && n.label && id.label.toLowerCase() === n.label.toLowerCase()) return true;
  return false;
}
