import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pino } from 'pino';
import type { CardInfo } from '../../api-types.js';
import type { Logger } from '../../log.js';
import { systemClock, type Clock } from '../../util/clock.js';
import { FOLDER_CARD_MARKER, folderCardId } from './card-id.js';
import { CardSourceBase, type CardSource, type CardSourceStatus } from './card-source.js';
import { SerialQueue } from '../copy/serial-queue.js';
import { treeSignature } from './tree-signature.js';

export interface FolderCardSourceOptions {
  log?: Logger;
  /** The periodic look: fs.watch misses events (network drives, editors' rename dances, macOS). */
  pollMs?: number;
  /** A new folder is a card once its contents have not changed for this long (a copy into the slot takes time). */
  settleMs?: number;
  /** fs.watch on the slot for a quick answer; off: the poll only. */
  watch?: boolean;
  clock?: Clock;
}

interface Slot {
  /** Contents as last seen, and since when they have looked like that. */
  signature: string;
  since: number;
  card: CardInfo | null;
  ejected: boolean;
}

/**
 * The development card slot: a folder (default ./data/card-slot) where a sub-folder that
 * appears is an inserted card, and disappears when it is removed. A symbolic link to a folder
 * counts too (a real card mounted by the laptop: `ln -s /media/me/EOS_DIGITAL data/card-slot/`).
 * The card's root is the folder itself, not read-only: the copy engine only ever reads it.
 */
export class FolderCardSource extends CardSourceBase implements CardSource {
  private readonly pollMs: number;
  private readonly settleMs: number;
  private readonly clock: Clock;
  private readonly useWatch: boolean;
  private readonly slots = new Map<string, Slot>();
  private readonly queue = new SerialQueue();
  private watcher: FSWatcher | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private soonTimer: NodeJS.Timeout | null = null;
  private running = false;
  private lastError: string | null = null;

  constructor(
    private readonly path: string,
    opts: FolderCardSourceOptions = {},
  ) {
    super(opts.log ?? pino({ level: 'silent' }));
    this.pollMs = opts.pollMs ?? 2000;
    this.settleMs = opts.settleMs ?? 1500;
    this.clock = opts.clock ?? systemClock;
    this.useWatch = opts.watch ?? true;
  }

  async start(): Promise<void> {
    await mkdir(this.path, { recursive: true });
    this.running = true;
    if (this.useWatch) this.startWatch();
    await this.rescan();
    this.schedulePoll();
  }

  private startWatch(): void {
    try {
      this.watcher = watch(this.path, () => this.soon(100));
      this.watcher.on('error', (err) => {
        this.log.warn({ err }, 'card slot watch failed; polling only');
        this.watcher?.close();
        this.watcher = null;
      });
    } catch (err) {
      this.log.warn({ err }, 'cannot watch the card slot; polling only');
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.watcher?.close();
    this.watcher = null;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.soonTimer) clearTimeout(this.soonTimer);
    await this.queue.run(async () => undefined);
  }

  cards(): CardInfo[] {
    return [...this.slots.values()].filter((s) => s.card && !s.ejected).map((s) => s.card!);
  }

  status(): CardSourceStatus {
    const cards = this.cards();
    const ejected = [...this.slots.entries()].filter(([, s]) => s.ejected).map(([name]) => name);
    const arriving = [...this.slots.entries()].filter(([, s]) => !s.card).map(([name]) => name);
    const detail =
      this.lastError ??
      (ejected.length ? `ejected, remove the folder: ${ejected.join(', ')}` : arriving.length ? `still changing: ${arriving.join(', ')}` : null);
    return {
      state: this.running && !this.lastError ? 'simulated' : 'down',
      kind: 'folder',
      path: this.path,
      cardPresent: cards.length > 0,
      cards,
      detail: this.running ? detail : 'not started',
    };
  }

  async eject(cardId: string): Promise<void> {
    await this.queue.run(async () => {
      const slot = [...this.slots.values()].find((s) => s.card?.cardId === cardId && !s.ejected);
      if (!slot) throw new Error(`no card ${cardId} is inserted`);
      slot.ejected = true;
      this.emitSafe('card-ejected', { cardId });
    });
  }

  rescan(): Promise<void> {
    return this.queue.run(() => this.scan());
  }

  private async scan(): Promise<void> {
    if (!this.running) return;
    let names: string[];
    try {
      names = await this.folderNames();
      this.lastError = null;
    } catch (err) {
      // The slot itself is gone (deleted, unmounted): so are the cards in it.
      this.lastError = `card slot ${this.path}: ${(err as Error).message}`;
      names = [];
    }
    for (const [name, slot] of this.slots) {
      if (names.includes(name)) continue;
      this.slots.delete(name);
      if (slot.card) this.emitSafe('card-removed', { cardId: slot.card.cardId });
    }
    const now = this.clock().getTime();
    for (const name of names) {
      const slot = this.slots.get(name);
      if (slot?.card) continue;
      const dir = join(this.path, name);
      const signature = await treeSignature(dir).catch(() => null);
      if (signature === null) continue; // vanished between readdir and walk: the next scan sees it gone
      if (!slot || slot.signature !== signature) {
        this.slots.set(name, { signature, since: now, card: null, ejected: false });
        this.soon(this.settleMs + 50);
      } else if (now - slot.since >= this.settleMs) {
        slot.card = await this.cardInfo(name, dir);
        this.emitSafe('card-inserted', slot.card);
      } else {
        this.soon(slot.since + this.settleMs - now + 50);
      }
    }
  }

  /** Sub-folders (or links to folders), hidden ones left out (.DS_Store, .Trashes). */
  private async folderNames(): Promise<string[]> {
    const out: string[] = [];
    for (const d of await readdir(this.path, { withFileTypes: true })) {
      if (d.name.startsWith('.')) continue;
      if (d.isDirectory()) out.push(d.name);
      else if (d.isSymbolicLink() && (await stat(join(this.path, d.name)).then((s) => s.isDirectory(), () => false))) out.push(d.name);
    }
    return out;
  }

  private async cardInfo(name: string, dir: string): Promise<CardInfo> {
    const marker = await readFile(join(dir, FOLDER_CARD_MARKER), 'utf8').catch(() => null);
    return {
      cardId: folderCardId(name, marker),
      label: name,
      root: dir,
      fsType: 'folder',
      device: null,
      sizeBytes: null,
      readOnly: false,
      insertedAt: this.clock().toISOString(),
    };
  }

  /** A scan shortly (debounces bursts of watch events; re-checks a folder that is settling). */
  private soon(ms: number): void {
    if (!this.running) return;
    if (this.soonTimer) clearTimeout(this.soonTimer);
    this.soonTimer = setTimeout(() => {
      this.soonTimer = null;
      void this.rescan().catch((err: unknown) => this.log.error({ err }, 'card slot scan failed'));
    }, ms);
    this.soonTimer.unref();
  }

  private schedulePoll(): void {
    if (!this.running) return;
    this.pollTimer = setTimeout(() => {
      void this.rescan()
        .catch((err: unknown) => this.log.error({ err }, 'card slot scan failed'))
        .finally(() => this.schedulePoll());
    }, this.pollMs);
    this.pollTimer.unref();
  }
}
