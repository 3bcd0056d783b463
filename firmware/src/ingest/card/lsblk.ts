// The block devices as `lsblk --json` reports them, flattened into one list where every node
// knows its top-level disk. Pure: the tests feed it recorded output.
//
// Tolerates the formats of the util-linux versions found on Raspberry Pi OS images:
// 2.38 (bookworm): MOUNTPOINTS array (with `null` for "not mounted"), booleans, numbers;
// 2.36 (bullseye): no MOUNTPOINTS column, a single `mountpoint`;
// before 2.33: every value a string ("rm": "1", "size": "31914983424").

/** The columns asked for; MOUNTPOINTS needs util-linux ≥ 2.37 (see LSBLK_COLUMNS_OLD). */
export const LSBLK_COLUMNS = 'NAME,PATH,TYPE,RM,HOTPLUG,SIZE,FSTYPE,UUID,LABEL,MOUNTPOINTS,TRAN';
export const LSBLK_COLUMNS_OLD = 'NAME,PATH,TYPE,RM,HOTPLUG,SIZE,FSTYPE,UUID,LABEL,MOUNTPOINT,TRAN';
export const lsblkArgv = (columns = LSBLK_COLUMNS): string[] => ['lsblk', '--json', '-b', '-o', columns];

export interface BlockNode {
  name: string;
  /** /dev/… */
  path: string;
  /** disk, part, loop, rom, crypt, lvm… */
  type: string;
  removable: boolean;
  hotplug: boolean;
  /** 0 for a card reader without a card. */
  sizeBytes: number;
  fsType: string | null;
  uuid: string | null;
  label: string | null;
  /** Where it is mounted ("[SWAP]" for active swap); empty when not mounted. */
  mountpoints: string[];
  /** usb, mmc, sata, nvme…; a partition gets its disk's (old lsblk reports it on the disk only). */
  transport: string | null;
  /** Path of the parent node; null for a top-level disk. */
  parent: string | null;
  /** Path of the top-level disk this node is on (itself for a disk). */
  top: string;
}

export class LsblkParseError extends Error {
  override name = 'LsblkParseError';
}

/** Parses `lsblk --json` output. Throws LsblkParseError when it is not lsblk's shape. */
export function parseLsblk(json: string): BlockNode[] {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (err) {
    throw new LsblkParseError(`lsblk output is not JSON: ${(err as Error).message}`);
  }
  const devices = isObject(doc) ? doc['blockdevices'] : undefined;
  if (!Array.isArray(devices)) throw new LsblkParseError('lsblk output has no "blockdevices" list');
  const out: BlockNode[] = [];
  for (const d of devices) flatten(d, null, null, out);
  return out;
}

function flatten(raw: unknown, parent: BlockNode | null, topTransport: string | null, out: BlockNode[]): void {
  if (!isObject(raw)) throw new LsblkParseError('a block device entry is not an object');
  const name = str(raw['name']);
  if (!name) throw new LsblkParseError('a block device entry has no name');
  const path = str(raw['path']) ?? `/dev/${name}`;
  const ownTransport = str(raw['tran']) ?? (parent ? null : transportFromName(name));
  const node: BlockNode = {
    name,
    path,
    type: str(raw['type']) ?? 'unknown',
    removable: bool(raw['rm']),
    hotplug: bool(raw['hotplug']),
    sizeBytes: num(raw['size']),
    fsType: str(raw['fstype']),
    uuid: str(raw['uuid']),
    label: str(raw['label']),
    mountpoints: mountpointsOf(raw),
    transport: ownTransport ?? topTransport,
    parent: parent?.path ?? null,
    top: parent?.top ?? path,
  };
  out.push(node);
  const children = raw['children'];
  if (Array.isArray(children)) for (const c of children) flatten(c, node, node.transport, out);
}

/** Old lsblk leaves TRAN empty for MMC; the built-in SD slot is always mmcblkN. */
function transportFromName(name: string): string | null {
  return /^mmcblk\d+$/.test(name) ? 'mmc' : null;
}

function mountpointsOf(raw: Record<string, unknown>): string[] {
  const many = raw['mountpoints'];
  const list = Array.isArray(many) ? many : [raw['mountpoint']];
  return list.filter((m): m is string => typeof m === 'string' && m.length > 0);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}

function bool(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 'true';
}

function num(v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return 0;
}
