import { constants as fsConstants } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import type { CardInfo } from '../../api-types.js';
import type { Logger } from '../../log.js';
import { systemClock, type Clock } from '../../util/clock.js';
import { BlockDiscovery } from './block-discovery.js';
import { readerRejection, selectCards, type CardCandidate, type CardPolicy } from './card-candidates.js';
import { safeIdPart } from './card-id.js';
import { CardMounter } from './card-mounter.js';
import { CardSourceBase, type CardSource, type CardSourceStatus } from './card-source.js';
import { execRunner, type CommandRunner } from './command-runner.js';
import type { BlockNode } from './lsblk.js';
import { readMountTable, type MountTableReader } from './mount-table.js';
import { SerialQueue } from '../copy/serial-queue.js';
import { loadUsbEvents, type UsbEvents } from './usb-events.js';

export interface BlockCardSourceOptions extends CardPolicy {
  log: Logger;
  /** Filesystem type → mount command template ({device}, {mountpoint}, {fstype}). */
  mountCommands: Readonly<Record<string, string>>;
  unmountCommand: string;
  lazyUnmountCommand: string;
  /** The periodic look; USB events only add quicker looks. */
  pollMs: number;
  /** 'auto': usb-detection when installed; null: polling only; or a source of events (tests). */
  usb: 'auto' | UsbEvents | null;
  run?: CommandRunner;
  mountTable?: MountTableReader;
  clock?: Clock;
  /** Mount attempts for a card before it is reported unreadable (until it is taken out). */
  maxMountAttempts?: number;
  /**
   * Open empty readers each poll: the SCSI disk driver checks for a new card when its device is
   * opened, so cards are noticed even where the kernel's own media polling is off.
   */
  pokeEmptyReaders?: boolean;
  /** Where the kernel says whether it polls readers for new cards (tests point it elsewhere). */
  mediaPollSettingFile?: string;
}

interface Mounted {
  info: CardInfo;
  /** The card as found: the same device holding another card (a quick swap) is a different one. */
  key: string;
  mountpoint: string;
}

/** Looks again this long after a USB event: a reader's disk and partitions appear over seconds. */
const USB_FOLLOW_UP_MS = [300, 1000, 2500, 5000];

const keyOf = (c: CardCandidate) => `${c.node.path}|${c.cardId}|${c.node.sizeBytes}`;
const deviceAndSize = (key: string) => {
  const parts = key.split('|');
  return `${parts[0]}|${parts[parts.length - 1]}`;
};

/**
 * Memory cards on a Pi: block devices found with lsblk (each poll and after each USB event),
 * mounted read-only under the mount base as they appear, unmounted on eject (after ingest)
 * or, lazily, when the card is pulled out. The rules for what is a card are in card-candidates.ts.
 */
export class BlockCardSource extends CardSourceBase implements CardSource {
  private readonly run: CommandRunner;
  private readonly discovery: BlockDiscovery;
  private readonly mounter: CardMounter;
  private readonly clock: Clock;
  private readonly queue = new SerialQueue();
  private readonly mounted = new Map<string, Mounted>();
  /** Ejected cards still in a reader (key → cardId): not mounted again until taken out. */
  private readonly ejected = new Map<string, string>();
  private readonly failures = new Map<string, { attempts: number; error: string; cardId: string; device: string }>();
  private usb: UsbEvents | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private followUps: NodeJS.Timeout[] = [];
  private running = false;
  private lastError: string | null = null;
  private warning: string | null = null;
  /** What was passed over and why, as last logged: "why is my card not seen?" is answered in the log. */
  private lastIgnored = '';

  constructor(private readonly opt: BlockCardSourceOptions) {
    super(opt.log);
    this.run = opt.run ?? execRunner;
    this.clock = opt.clock ?? systemClock;
    this.discovery = new BlockDiscovery(this.run);
    this.mounter = new CardMounter({
      mountBase: opt.mountBase,
      mountCommands: opt.mountCommands,
      unmountCommand: opt.unmountCommand,
      lazyUnmountCommand: opt.lazyUnmountCommand,
      run: this.run,
      mountTable: opt.mountTable ?? readMountTable,
    });
  }

  async start(): Promise<void> {
    this.running = true;
    const stale = await this.mounter.cleanStale();
    if (stale.length) this.log.warn({ stale }, 'unmounted cards left mounted by an earlier run');
    this.warning = await kernelPollingWarning(this.opt.mediaPollSettingFile ?? '/sys/module/block/parameters/events_dfl_poll_msecs');
    if (this.warning) this.log.warn(this.warning);
    this.usb = this.opt.usb === 'auto' ? await loadUsbEvents(this.log) : this.opt.usb;
    this.usb?.onChange(() => this.followUsbEvent());
    await this.rescan().catch((err: unknown) => this.log.error({ err }, 'card scan failed'));
    this.schedulePoll();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    for (const t of this.followUps) clearTimeout(t);
    this.followUps = [];
    this.usb?.stop();
    this.usb = null;
    // Leave nothing mounted: the next start begins from a clean mount base anyway.
    await this.queue.run(async () => {
      for (const m of this.mounted.values()) {
        await this.mounter.unmount(m.mountpoint, { lazy: true }).catch((err: unknown) => this.log.warn({ err, mountpoint: m.mountpoint }, 'unmount at stop failed'));
      }
      this.mounted.clear();
    });
  }

  cards(): CardInfo[] {
    return [...this.mounted.values()].map((m) => m.info);
  }

  status(): CardSourceStatus {
    const cards = this.cards();
    const problems = [...this.failures.values()]
      .filter((f) => f.attempts >= this.maxAttempts)
      .map((f) => `card ${f.device} cannot be read: ${f.error}`);
    const ejected = [...this.ejected.values()].map((id) => `${id} ejected: safe to remove`);
    const detail = [this.running ? this.lastError : 'not started', ...problems, ...ejected, this.warning].filter(Boolean).join('; ') || null;
    return {
      state: this.running && !this.lastError ? 'ok' : 'down',
      kind: 'block',
      path: this.opt.mountBase,
      cardPresent: cards.length > 0,
      cards,
      detail,
    };
  }

  async eject(cardId: string): Promise<void> {
    await this.queue.run(async () => {
      const m = this.mounted.get(cardId);
      if (!m) throw new Error(`no card ${cardId} is mounted`);
      await this.mounter.unmount(m.mountpoint, { lazy: false, device: m.info.device ?? '', fsType: m.info.fsType });
      this.mounted.delete(cardId);
      this.ejected.set(m.key, cardId);
      this.emitSafe('card-ejected', { cardId });
    });
  }

  rescan(): Promise<void> {
    return this.queue.run(() => this.scan());
  }

  private get maxAttempts(): number {
    return this.opt.maxMountAttempts ?? 3;
  }

  private async scan(): Promise<void> {
    if (!this.running) return;
    let found: ReturnType<typeof selectCards>;
    let nodes: BlockNode[];
    try {
      nodes = await this.discovery.list((_node, disk) => readerRejection(disk, this.opt) === null);
      found = selectCards(nodes, this.opt);
      if (this.lastError) this.log.info('card discovery works again');
      this.lastError = null;
    } catch (err) {
      const message = `card discovery failed: ${(err as Error).message}`;
      if (message !== this.lastError) this.log.error({ err }, 'card discovery failed');
      this.lastError = message;
      return;
    }
    const ignored = found.ignored.map((i) => `${i.device}: ${i.reason}`).join('; ');
    if (ignored !== this.lastIgnored) this.log.info({ ignored: found.ignored }, 'block devices that are not cards');
    this.lastIgnored = ignored;
    const present = new Set(found.cards.map(keyOf));
    // A card whose device is still there, same size, but whose filesystem could not be named
    // this time (udev busy, probe failed) is not pulled out: never unmount a card mid-copy on a
    // hiccup. A pull shows as the device gone, its size 0, or another filesystem on it.
    const unnamed = new Set(nodes.filter((n) => n.sizeBytes > 0 && !n.fsType).map((n) => `${n.path}|${n.sizeBytes}`));
    const stillIn = (key: string) => present.has(key) || unnamed.has(deviceAndSize(key));

    for (const [cardId, m] of this.mounted) {
      if (stillIn(m.key)) continue;
      // Pulled out: whatever still reads from it gets I/O errors; detach the mount at once.
      this.mounted.delete(cardId);
      await this.mounter.unmount(m.mountpoint, { lazy: true }).catch((err: unknown) => this.log.warn({ err, cardId }, 'lazy unmount failed'));
      this.emitSafe('card-removed', { cardId });
    }
    for (const [key, cardId] of this.ejected) {
      if (stillIn(key)) continue;
      this.ejected.delete(key);
      this.emitSafe('card-removed', { cardId });
    }
    for (const key of this.failures.keys()) if (!present.has(key)) this.failures.delete(key);

    for (const c of found.cards) await this.consider(c);
    if (this.opt.pokeEmptyReaders ?? true) await Promise.all(found.emptyReaders.map(poke));
  }

  private async consider(c: CardCandidate): Promise<void> {
    const key = keyOf(c);
    if (this.ejected.has(key) || [...this.mounted.values()].some((m) => m.key === key)) return;
    const failure = this.failures.get(key);
    if (failure && failure.attempts >= this.maxAttempts) return;
    let cardId = c.cardId;
    if (this.mounted.has(cardId)) {
      // Two cards with one volume serial (cloned with dd): keep them apart by device.
      cardId = `${cardId}-${safeIdPart(c.node.name)}`;
      this.log.warn({ cardId: c.cardId, device: c.node.path }, 'two cards share a filesystem UUID');
    }
    const fsType = c.node.fsType!;
    try {
      const root = await this.mounter.mount(c.node.path, fsType, cardId);
      const info: CardInfo = {
        cardId,
        label: c.node.label,
        root,
        fsType,
        device: c.node.path,
        sizeBytes: c.node.sizeBytes,
        readOnly: true,
        insertedAt: this.clock().toISOString(),
      };
      this.failures.delete(key);
      this.mounted.set(cardId, { info, key, mountpoint: root });
      this.emitSafe('card-inserted', info);
    } catch (err) {
      const attempts = (failure?.attempts ?? 0) + 1;
      const error = (err as Error).message;
      this.failures.set(key, { attempts, error, cardId, device: c.node.path });
      this.log.warn({ err, device: c.node.path, attempts }, 'card mount failed');
      if (attempts >= this.maxAttempts) this.emitSafe('card-error', { cardId, device: c.node.path, message: error });
    }
  }

  private followUsbEvent(): void {
    for (const t of this.followUps) clearTimeout(t);
    this.followUps = USB_FOLLOW_UP_MS.map((ms) => {
      const t = setTimeout(() => void this.rescan().catch((err: unknown) => this.log.error({ err }, 'card scan failed')), ms);
      t.unref();
      return t;
    });
  }

  private schedulePoll(): void {
    if (!this.running) return;
    this.pollTimer = setTimeout(() => {
      void this.rescan()
        .catch((err: unknown) => this.log.error({ err }, 'card scan failed'))
        .finally(() => this.schedulePoll());
    }, this.opt.pollMs);
    this.pollTimer.unref();
  }
}

/** Opening a removable SCSI disk makes the kernel check for a new medium (sd_open). */
async function poke(device: string): Promise<void> {
  const fh = await open(device, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK).catch(() => null);
  await fh?.close();
}

/**
 * systemd's 60-block.rules turns on the kernel's media polling (2 s) for card readers; without
 * it, a card swapped in a reader that stays plugged in may go unnoticed until the reader is
 * opened. Empty readers are opened each poll (poke) to cover the insert; say so for the rest.
 */
async function kernelPollingWarning(settingFile: string): Promise<string | null> {
  const v = await readFile(settingFile, 'utf8').catch(() => null);
  if (v === null || v.trim() !== '0') return null;
  return 'the kernel does not poll card readers for new cards (block.events_dfl_poll_msecs=0): swapping cards without a pause may go unnoticed';
}
