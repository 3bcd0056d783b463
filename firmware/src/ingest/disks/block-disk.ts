import { mkdir, realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { DiskHealth } from '../../api-types.js';
import type { Logger } from '../../log.js';
import { BlockDiscovery } from '../card/block-discovery.js';
import type { DiskIdentity } from '../card/card-candidates.js';
import { execRunner, runChecked, type CommandRunner } from '../card/command-runner.js';
import { expandTemplate } from '../card/command-template.js';
import { isLowSpace, spaceOf, type Disk, type DiskRole } from './disk.js';
import type { BlockNode } from '../card/lsblk.js';
import { isReadOnly, mountAt, readMountTable, type MountEntry, type MountTableReader } from '../card/mount-table.js';
import { SerialQueue } from '../copy/serial-queue.js';

export interface BlockDiskOptions {
  role: DiskRole;
  /** Which disk: by filesystem UUID (preferred: unique) or label. Never by /dev name. */
  identity: DiskIdentity;
  /** The disk's mount point, and the library root: the disk must be mounted exactly here. */
  path: string;
  /**
   * Mounts it at `path` when it is connected but not mounted ({device}, {mountpoint},
   * {fstype}), e.g. `mount -o rw,noatime,nosuid,nodev,noexec {device} {mountpoint}`.
   * Null: never mount, only find it (fstab or systemd mounts it).
   */
  mountCommand: string | null;
  log: Logger;
  run?: CommandRunner;
  mountTable?: MountTableReader;
  /** Between automatic mount attempts: health() is asked often, a failing mount must not spin. */
  mountRetryMs?: number;
}

type Found = { kind: 'found'; node: BlockNode } | { kind: 'missing' } | { kind: 'ambiguous'; nodes: BlockNode[] };

/**
 * One of the two USB disks on the Pi, identified by filesystem UUID or label from config,
 * whatever /dev name it got this boot. health() finds it, mounts it at its configured place
 * when needed, and says plainly what is wrong: not connected, not mounted, read-only.
 */
export class BlockDisk implements Disk {
  readonly role: DiskRole;
  readonly root: string;
  private readonly run: CommandRunner;
  private readonly discovery: BlockDiscovery;
  private readonly mountTable: MountTableReader;
  private readonly queue = new SerialQueue();
  private lastMountAttempt = 0;
  private lastMountError: string | null = null;
  /** st_dev of the root when health() last found the disk mounted there. */
  private mountedDev: number | null = null;

  constructor(private readonly opt: BlockDiskOptions) {
    if (!opt.identity.uuid && !opt.identity.label) throw new Error(`disks.${opt.role}: a uuid or a label is required to find the disk`);
    this.role = opt.role;
    this.root = resolve(opt.path);
    this.run = opt.run ?? execRunner;
    this.discovery = new BlockDiscovery(this.run);
    this.mountTable = opt.mountTable ?? readMountTable;
  }

  async start(): Promise<void> {
    const h = await this.health();
    this.opt.log.info({ role: this.role, state: h.state, reason: h.reason, device: h.device, error: h.error }, 'disk');
  }

  health(): Promise<DiskHealth> {
    return this.queue.run(() => this.check(true));
  }

  async lowSpace(thresholdBytes: number): Promise<boolean | null> {
    return isLowSpace(await this.health(), thresholdBytes);
  }

  async stillMounted(): Promise<boolean> {
    if (this.mountedDev === null) return false;
    const dev = this.mountedDev;
    return stat(this.root).then(
      (s) => s.dev === dev,
      () => false,
    );
  }

  private async check(mayMount: boolean): Promise<DiskHealth> {
    const id = this.opt.identity;
    const base = { role: this.role, path: this.root, uuid: id.uuid ?? null, label: id.label ?? null, device: null, fsType: null };
    const down = (reason: NonNullable<DiskHealth['reason']>, error: string, node?: BlockNode): DiskHealth => {
      this.mountedDev = null;
      return { ...base, ...(node ? { device: node.path, fsType: node.fsType } : {}), state: 'down', reason, error, freeBytes: null, totalBytes: null };
    };
    let found: Found;
    try {
      found = this.pick(await this.discovery.list());
    } catch (err) {
      return down('error', (err as Error).message);
    }
    const what = id.uuid ? `UUID ${id.uuid}` : `label "${id.label}"`;
    if (found.kind === 'missing') return down('not-connected', `no disk with ${what} is connected`);
    if (found.kind === 'ambiguous') {
      return down('ambiguous', `${found.nodes.length} disks have the ${what} (${found.nodes.map((n) => n.path).join(', ')}); give each its own label or use the UUID`);
    }
    const node = found.node;
    const target = await realpath(this.root).catch(() => this.root);
    const table = await this.mountTable();
    const top = mountAt(table, target);
    const mine = (m: MountEntry) => m.source === node.path || node.mountpoints.includes(m.mountpoint);
    if (!top || !mine(top)) {
      if (top) return down('not-mounted', `another filesystem (${top.source}) is mounted at ${this.root}`, node);
      const elsewhere = table.filter(mine).map((m) => m.mountpoint);
      const mounted = elsewhere.length ? elsewhere : node.mountpoints;
      if (mounted.length) return down('not-mounted', `mounted at ${mounted.join(', ')}, not at ${this.root}`, node);
      if (mayMount && (await this.tryMount(node))) return this.check(false);
      return down('not-mounted', this.lastMountError ?? `connected as ${node.path} but not mounted at ${this.root}`, node);
    }
    if (isReadOnly(top)) {
      return down('read-only', `mounted read-only at ${this.root} (after filesystem errors the kernel does this: check the disk)`, node);
    }
    try {
      const space = await spaceOf(this.root);
      this.mountedDev = (await stat(this.root)).dev;
      return { ...base, device: node.path, fsType: node.fsType, state: 'ok', reason: null, error: null, ...space };
    } catch (err) {
      return down('error', (err as Error).message, node);
    }
  }

  /** UUID decides when configured (compared without case: vfat serials are upper case); else the exact label. */
  private pick(nodes: BlockNode[]): Found {
    const id = this.opt.identity;
    const matches = id.uuid
      ? nodes.filter((n) => n.uuid !== null && n.uuid.toLowerCase() === id.uuid!.toLowerCase())
      : nodes.filter((n) => n.label === id.label);
    // lsblk lists a device-mapper device once under each of its parents: count it once.
    const unique = [...new Map(matches.map((n) => [n.path, n])).values()];
    if (unique.length === 0) return { kind: 'missing' };
    if (unique.length > 1) return { kind: 'ambiguous', nodes: unique };
    return { kind: 'found', node: unique[0]! };
  }

  private async tryMount(node: BlockNode): Promise<boolean> {
    const template = this.opt.mountCommand;
    if (!template) return false;
    const now = Date.now();
    if (this.lastMountAttempt && now - this.lastMountAttempt < (this.opt.mountRetryMs ?? 30_000)) return false;
    this.lastMountAttempt = now;
    try {
      await mkdir(this.root, { recursive: true });
      await runChecked(this.run, expandTemplate(template, { device: node.path, mountpoint: this.root, fstype: node.fsType ?? '' }), { timeoutMs: 60_000 });
      this.lastMountError = null;
      this.opt.log.info({ role: this.role, device: node.path, path: this.root }, 'disk mounted');
      return true;
    } catch (err) {
      this.lastMountError = `could not mount ${node.path} at ${this.root}: ${(err as Error).message}`;
      this.opt.log.error({ err, role: this.role }, 'disk mount failed');
      return false;
    }
  }
}
