// The front desk of card ingest: what happens between "a card went in" and "safe to remove".
//
//   card inserted ─► scan (count, size, shot between … and …) ─► shown on every screen with
//   both disks' free space, warnings and the customers it probably belongs to (the customer it
//   was copied for before, today's shoots, recent ones)
//     ─► a person picks the customer (or "next card goes to …" was set: it starts by itself)
//     ─► preflight: both disks there and with room; a missing backup only with an admin's override
//     ─► the copy engine's job (progress on every screen, the ingest LED blinking, thumbnails paused)
//     ─► done: the card is unmounted, "N new files copied to library and backup, verified;
//        M were already there; safe to remove"; thumbnails and EXIF of the new files in the background.
//
// Events published (server-sent to the screens): card.inserted / card.removed / card.ejected /
// card.error, ingest.card (a card's scan is ready or its state changed), ingest.next,
// ingest.started, ingest.progress (throttled), ingest.finished, ingest.failed, photos.changed
// (a customer has new files); main.ts adds ingest.backupCaughtUp and thumb.ready.
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CustomerRef, IngestCard, PhotoKind, IngestEnded, IngestJobInfo, IngestPreflight, IngestProgressInfo, IngestSuggestion, NextCard, UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Actor } from '../auth/user-service.js';
import type { Db } from '../db/connection.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import type { Gpio } from '../hw/gpio.js';
import { LedBlinker } from '../hw/led-blinker.js';
import type { Logger } from '../log.js';
import type { Clock } from '../util/clock.js';
import type { BackupHolding } from './disks/backup-holding.js';
import type { CardInfo, CardSource } from './card/card-source.js';
import type { Disk } from './disks/disk.js';
import { IngestBusyError } from './ingest-errors.js';
import { endMessage, toJobInfo } from './job-info.js';
import type { IngestService } from './ingest-service.js';
import type { IngestJob, IngestProgress } from './ingest-types.js';
import type { PhotoMetaCache } from './photos/photo-meta-cache.js';
import type { RecoveryReport } from './copy/recovery.js';
import { cardSuggestions } from './card/card-suggestions.js';
import { preflightView } from './card/preflight.js';
import { scanCard, scanSummary, type CardScan } from './card/scan-card.js';
import type { ThumbJob } from './thumbnail-queue.js';

export interface ThumbWork {
  pause(): Promise<void>;
  resume(): void;
  enqueue(job: ThumbJob): void;
}

export interface IngestDeskOptions {
  db: Db;
  /** Every card copy, started by a person or by "next card goes to", gets its audit line here. */
  audit?: AuditLog;
  /** The copy engine: library and backup. */
  ingest: IngestService;
  /**
   * The same engine with its backup copy pointed at the holding folder on the library disk
   * (backup-holding.ts), for an admin's override of a missing backup disk. Null: no override.
   */
  libraryOnly: IngestService | null;
  holding: BackupHolding | null;
  cardSource: CardSource;
  library: Disk;
  backup: Disk;
  events: { publish(type: string, data: unknown): unknown };
  thumbs: ThumbWork;
  metas: PhotoMetaCache | null;
  gpio: Gpio;
  clock: Clock;
  log: Logger;
  /** The studio's time zone (settings), for "today" and EXIF times. */
  timeZone: () => string;
  lowSpaceWarnBytes: number;
  /** Where browser uploads are staged (photo-library.ts): jobs from there are 'upload' jobs. */
  uploadRoot: string;
  /** Replaces scanCard (tests). */
  scan?: (root: string, timeZone: string) => Promise<CardScan>;
  /** Least time between two ingest.progress events of a job. */
  progressIntervalMs?: number;
  blinkMs?: number;
  ejectAttempts?: number;
  ejectRetryMs?: number;
}

interface CardEntry {
  card: CardInfo;
  scan: CardScan | null;
  scanError: string | null;
  scanning: Promise<void> | null;
  jobId: number | null;
  autoStartProblem: string | null;
}

const ACTIVE = new Set(['queued', 'copying', 'verifying']);

export class IngestDesk {
  private readonly cardsById = new Map<string, CardEntry>();
  /** Jobs started here from a card: job id → card id. */
  private readonly cardJobs = new Map<number, string>();
  /** Jobs of the library-only engine whose copy is running or queued. */
  private readonly libraryOnlyJobs = new Set<number>();
  private readonly running = new Set<number>();
  private readonly progress = new Map<number, { p: IngestProgressInfo; sentAt: number; phase: string }>();
  private nextCard: NextCard | null = null;
  private readonly led: LedBlinker;
  private readonly offs: (() => void)[] = [];
  private readonly afterJobs = new Set<Promise<void>>();
  private stopped = false;
  private enginesReady = false;
  private engineRetry: NodeJS.Timeout | null = null;

  constructor(private readonly o: IngestDeskOptions) {
    this.led = new LedBlinker(o.gpio, 'ingest', o.blinkMs ?? 400);
  }

  // ------------------------------------------------------------------ life cycle

  /** Listens to the card source and the engines; call before the card source starts. */
  start(): void {
    const cs = this.o.cardSource;
    const on = <A extends unknown[]>(emitter: { on(e: string, fn: (...a: A) => void): unknown; off(e: string, fn: (...a: A) => void): unknown }, event: string, fn: (...a: A) => void) => {
      emitter.on(event, fn);
      this.offs.push(() => emitter.off(event, fn));
    };
    on(cs, 'card-inserted', (card: CardInfo) => this.onInserted(card));
    on(cs, 'card-removed', (e: { cardId: string }) => this.onGone('card.removed', e.cardId));
    on(cs, 'card-ejected', (e: { cardId: string }) => this.onGone('card.ejected', e.cardId));
    on(cs, 'card-error', (e: unknown) => void this.o.events.publish('card.error', e));
    for (const engine of [this.o.ingest, this.o.libraryOnly]) {
      if (!engine) continue;
      on(engine, 'job-started', (job: IngestJob) => this.onJobStarted(job));
      on(engine, 'progress', (p: IngestProgress) => this.onProgress(p));
      on(engine, 'job-finished', (job: IngestJob) => this.onJobEnded(job));
      on(engine, 'job-failed', (job: IngestJob) => this.onJobEnded(job));
    }
    this.offs.push(
      this.o.gpio.onEjectButton(() => {
        for (const c of this.o.cardSource.cards()) void this.eject(c.cardId).catch((err: unknown) => this.o.log.warn({ err, cardId: c.cardId }, 'eject button: card not unmounted'));
      }),
    );
    for (const card of this.o.cardSource.cards()) this.onInserted(card);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const off of this.offs.splice(0)) off();
    this.led.set(false);
    await Promise.all([...this.cardsById.values()].map((e) => e.scanning));
    await Promise.all([...this.afterJobs]);
  }

  /**
   * Takes the ingest lock and runs start-up recovery (both engines; recovery.ts), logging what
   * it found. While `studio-box ingest` holds the lock in a shell, tries again every retryMs.
   */
  async startEngines(retryMs = 30_000): Promise<RecoveryReport | null> {
    try {
      const report = await this.o.ingest.start();
      const what = report.filesRecorded + report.filesDropped + report.filesDamaged + report.tempFilesRemoved + report.jobsInterrupted;
      this.o.log.info({ ...report }, what ? 'ingest recovered after an unclean stop' : 'ingest: nothing to recover');
      await this.o.libraryOnly?.start();
      this.enginesReady = true;
      return report;
    } catch (err) {
      if (!(err instanceof IngestBusyError) || this.stopped) throw err;
      this.o.log.error({ err }, 'ingest: another process holds the ingest lock; trying again later');
      this.engineRetry = setTimeout(() => void this.startEngines(retryMs).catch((e: unknown) => this.o.log.error({ err: e }, 'ingest: cannot start')), retryMs);
      this.engineRetry.unref();
      return null;
    }
  }

  async stopEngines(): Promise<void> {
    if (this.engineRetry) clearTimeout(this.engineRetry);
    if (!this.enginesReady) return;
    this.enginesReady = false;
    await this.o.libraryOnly?.stop();
    await this.o.ingest.stop();
  }

  /**
   * The engine asks this before a job copies anything: are the disks it writes to still the
   * mounted disks (a USB disk that dropped off leaves an empty mount point on the SD card)?
   */
  async checkDisks(which: 'both' | 'library'): Promise<string | null> {
    for (const d of which === 'both' ? [this.o.library, this.o.backup] : [this.o.library]) {
      if (!(await d.stillMounted())) return `the ${d.role} disk is not mounted at ${d.root}`;
    }
    return null;
  }

  /** Null when both disks can be written to; else why not (uploads have no override). */
  async disksReady(): Promise<string | null> {
    const h = await this.health();
    for (const d of [h.library, h.backup]) {
      if (d.state === 'down') return `the ${d.role} disk is not available (${d.error ?? d.reason ?? 'down'})`;
    }
    if (!this.enginesReady) return 'another program is copying (studio-box ingest in a shell)';
    return null;
  }

  // ------------------------------------------------------------------ cards

  /** The cards inserted now, with their scan, the disks' verdict and the customers to offer. */
  async cards(): Promise<IngestCard[]> {
    const entries = [...this.cardsById.values()];
    if (entries.length === 0) return [];
    const health = await this.health();
    return entries.map((e) => ({
      card: e.card,
      scan: e.scan ? scanSummary(e.scan) : null,
      scanError: e.scanError,
      preflight: this.preflightOf(health, this.bytesOf(e), false),
      suggestions: this.suggestions(e.card.cardId),
      job: this.lastJobOf(e),
      autoStartProblem: e.autoStartProblem,
    }));
  }

  /** The job copying this card now, or the last one that copied it (an interrupted copy to finish, or "already copied"). */
  private lastJobOf(e: CardEntry): IngestJobInfo | null {
    if (e.jobId !== null) return this.jobInfo(this.o.ingest.getJob(e.jobId));
    const r = this.o.db.prepare('SELECT id FROM ingest_jobs WHERE card_id = ? ORDER BY id DESC LIMIT 1').get(e.card.cardId) as { id: number } | undefined;
    return r ? this.jobInfo(this.o.ingest.getJob(r.id)) : null;
  }

  /** Waits for the card's scan (tests, and a start right after insertion). */
  async scanned(cardId: string): Promise<void> {
    await this.cardsById.get(cardId)?.scanning;
  }

  private onInserted(card: CardInfo): void {
    if (this.stopped) return;
    const entry: CardEntry = { card, scan: null, scanError: null, scanning: null, jobId: null, autoStartProblem: null };
    this.cardsById.set(card.cardId, entry);
    this.o.events.publish('card.inserted', card);
    entry.scanning = this.scanEntry(entry);
  }

  private async scanEntry(entry: CardEntry): Promise<void> {
    const tz = this.o.timeZone();
    try {
      entry.scan = await (this.o.scan ?? ((root, timeZone) => scanCard(root, { timeZone, wholeCard: true })))(entry.card.root, tz);
      this.o.log.info({ cardId: entry.card.cardId, files: entry.scan.files, bytes: entry.scan.bytes, ms: entry.scan.durationMs }, 'card scanned');
    } catch (err) {
      entry.scanError = (err as Error).message;
      this.o.log.warn({ err, cardId: entry.card.cardId }, 'card scan failed');
    }
    entry.scanning = null;
    if (this.cardsById.get(entry.card.cardId) !== entry) return; // pulled out meanwhile
    this.o.events.publish('ingest.card', { cardId: entry.card.cardId });
    await this.autoStart(entry);
  }

  private onGone(type: 'card.removed' | 'card.ejected', cardId: string): void {
    this.cardsById.delete(cardId);
    this.o.events.publish(type, { cardId });
  }

  /** Unmounts a card ("safe to remove"). Refused while it is being copied. */
  async eject(cardId: string): Promise<void> {
    const entry = this.cardsById.get(cardId);
    if (!entry) throw new NotFoundError(`card ${cardId}`);
    if (entry.jobId !== null && ACTIVE.has(this.o.ingest.getJob(entry.jobId).state)) {
      throw new ConflictError('this card is being copied; it can be removed when the copy is done', 'card_busy');
    }
    try {
      await this.o.cardSource.eject(cardId);
    } catch (err) {
      throw new ConflictError(`the card could not be unmounted: ${(err as Error).message}`, 'card_busy');
    }
  }

  // ------------------------------------------------------------------ disks

  private async health() {
    const [library, backup] = await Promise.all([this.o.library.health(), this.o.backup.health()]);
    return { library, backup };
  }

  private bytesOf(e: CardEntry): number {
    return e.scan?.bytes ?? e.card.sizeBytes ?? 0;
  }

  private preflightOf(h: { library: IngestPreflight['library']; backup: IngestPreflight['backup'] }, cardBytes: number, override: boolean): IngestPreflight {
    return preflightView(h, { cardBytes, override, lowSpaceWarnBytes: this.o.lowSpaceWarnBytes, canHold: this.o.libraryOnly !== null });
  }

  // ------------------------------------------------------------------ customers to offer

  /** The customer this card was copied for before, today's shoots (stage "ordered", due today in the studio's zone), then recent ones. */
  suggestions(cardId: string | null, limit = 12): IngestSuggestion[] {
    return cardSuggestions(this.o.db, { cardId, limit, now: this.o.clock(), timeZone: this.o.timeZone() });
  }

  // ------------------------------------------------------------------ next card goes to …

  next(): NextCard | null {
    return this.nextCard;
  }

  setNext(customerId: number | null, orderLabel: string | null, actor: UserRef): NextCard | null {
    if (customerId === null) {
      this.nextCard = null;
    } else {
      const c = this.customerRef(customerId);
      if (!c) throw new NotFoundError(`customer ${customerId}`);
      this.nextCard = { customer: c, orderLabel: orderLabel?.trim() || null, setBy: { id: actor.id, name: actor.name }, setAt: this.o.clock().toISOString() };
    }
    this.o.log.info({ next: this.nextCard?.customer.id ?? null, by: actor.id }, 'next card goes to');
    this.o.events.publish('ingest.next', this.nextCard);
    return this.nextCard;
  }

  private async autoStart(entry: CardEntry): Promise<void> {
    const next = this.nextCard;
    if (!next || entry.jobId !== null || this.stopped) return;
    const before = this.suggestions(entry.card.cardId, 1)[0];
    if (before?.reason === 'same-card' && before.customer.id !== next.customer.id) {
      entry.autoStartProblem = `this card was copied for ${before.customer.name} (${before.customer.customerNo}) before; choose the customer`;
      this.o.events.publish('ingest.card', { cardId: entry.card.cardId });
      return;
    }
    try {
      const actor = { id: next.setBy?.id ?? 0, name: next.setBy?.name ?? '', isAdmin: false };
      await this.startFromCard({ cardId: entry.card.cardId, customerId: next.customer.id, orderLabel: next.orderLabel, override: false }, actor, true);
      this.nextCard = null;
      this.o.events.publish('ingest.next', null);
    } catch (err) {
      entry.autoStartProblem = (err as Error).message;
      this.o.log.warn({ err, cardId: entry.card.cardId }, 'next card: could not start by itself');
      this.o.events.publish('ingest.card', { cardId: entry.card.cardId });
    }
  }

  // ------------------------------------------------------------------ jobs

  /** Copies an inserted card into a customer's folder. 409 when the disks say no (preflight), 403 for a non-admin override. */
  async startFromCard(
    input: { cardId: string; customerId: number; orderLabel?: string | null | undefined; override?: boolean | undefined; subfolder?: PhotoKind | undefined },
    actor: Actor,
    /** Started by itself ("next card goes to"), on behalf of whoever set that. */
    automatic = false,
  ): Promise<IngestJobInfo> {
    const entry = this.cardsById.get(input.cardId);
    if (!entry) throw new NotFoundError(`card ${input.cardId} (it may have been removed)`);
    if (input.override && !actor.isAdmin) throw new ForbiddenError('only an admin can copy a card without the backup disk');
    if (entry.jobId !== null && ACTIVE.has(this.o.ingest.getJob(entry.jobId).state)) {
      throw new ConflictError('this card is being copied already', 'card_busy');
    }
    if (!this.customerRef(input.customerId)) throw new NotFoundError(`customer ${input.customerId}`);
    if (!this.enginesReady) throw new ConflictError('another program is copying (studio-box ingest in a shell); try again when it is done', 'ingest_busy');
    await entry.scanning;
    const health = await this.health();
    const pf = this.preflightOf(health, this.bytesOf(entry), input.override === true);
    if (!pf.ok) {
      const code = pf.overridable ? 'backup_missing' : 'preflight_failed';
      const tail = pf.overridable ? (actor.isAdmin ? ' An admin can copy to the library only.' : ' Only an admin can copy without it.') : '';
      throw new ConflictError(`Cannot copy this card: ${pf.blockers.map((b) => b.message).join('; ')}.${tail}`, code);
    }
    const libraryOnly = !pf.useBackup;
    const engine = libraryOnly ? this.o.libraryOnly! : this.o.ingest;
    // The two engines share the disks: one card at a time across both.
    const other = libraryOnly ? [...this.cardJobs.keys()].filter((id) => !this.libraryOnlyJobs.has(id)) : [...this.libraryOnlyJobs];
    if (other.some((id) => ACTIVE.has(this.o.ingest.getJob(id).state))) {
      throw new ConflictError('another card is being copied; start this one when it is done', 'busy');
    }
    void this.o.thumbs.pause();
    let job: IngestJob;
    try {
      // The engine checks the destination's free space before it makes any folder.
      if (libraryOnly && this.o.holding) await mkdir(this.o.holding.root, { recursive: true });
      job = await engine.startJob({
        sourceRoot: entry.card.root,
        customerId: input.customerId,
        orderLabel: input.orderLabel ?? null,
        cardId: entry.card.cardId,
        cardLabel: entry.card.label,
        subfolder: input.subfolder ?? 'originals',
        userId: actor.id || null,
      });
    } catch (err) {
      if (this.running.size === 0) this.o.thumbs.resume();
      throw err;
    }
    entry.jobId = job.id;
    entry.autoStartProblem = null;
    this.cardJobs.set(job.id, entry.card.cardId);
    if (libraryOnly) this.libraryOnlyJobs.add(job.id);
    this.o.log.info({ jobId: job.id, cardId: entry.card.cardId, customerId: input.customerId, libraryOnly, by: actor.id }, 'card copy started');
    const info = this.jobInfo(job);
    this.o.audit?.record(actor.id ? actor : null, {
      action: 'create',
      entity: 'ingest_job',
      entityId: job.id,
      summary: `card ${input.cardId} copied for customer ${info.customer?.customerNo ?? input.customerId}${info.backupPending ? ' WITHOUT the backup disk (admin override)' : ''}${automatic ? ' (started by itself: next card goes to this customer)' : ''}`,
      detail: { ...input, folder: info.folder, automatic },
    });
    this.o.events.publish('ingest.card', { cardId: entry.card.cardId });
    return info;
  }

  /** Recent jobs, newest first, with progress and problems. */
  jobs(opts: { limit?: number; customerId?: number } = {}): IngestJobInfo[] {
    return this.o.ingest.listJobs({ limit: opts.limit ?? 20, customerId: opts.customerId }).map((j) => this.jobInfo(j));
  }

  jobInfo(job: IngestJob): IngestJobInfo {
    const upload = job.sourceRoot === this.o.uploadRoot || job.sourceRoot.startsWith(this.o.uploadRoot + '/');
    return toJobInfo(job, {
      kind: upload ? 'upload' : this.cardJobs.has(job.id) || job.cardId !== null ? 'card' : 'folder',
      customer: this.customerRef(job.customerId),
      backupPending: this.o.holding !== null && resolve(job.backupRoot) === resolve(this.o.holding.root),
      progress: ACTIVE.has(job.state) ? (this.progress.get(job.id)?.p ?? null) : null,
      problems: this.o.ingest.jobProblems(job.id),
    });
  }

  private customerRef(id: number): CustomerRef | null {
    const r = this.o.db.prepare('SELECT id, customer_no, name FROM customers WHERE id = ?').get(id) as { id: number; customer_no: string; name: string } | undefined;
    return r ? { id: r.id, customerNo: r.customer_no, name: r.name } : null;
  }

  private onJobStarted(job: IngestJob): void {
    this.running.add(job.id);
    this.led.set(true);
    void this.o.thumbs.pause();
    this.o.events.publish('ingest.started', this.jobInfo(job));
  }

  private onProgress(p: IngestProgress): void {
    const now = performance.now();
    const last = this.progress.get(p.jobId);
    const info: IngestProgressInfo = { ...p };
    if (last && last.phase === p.phase && now - last.sentAt < (this.o.progressIntervalMs ?? 500)) {
      last.p = info;
      return;
    }
    this.progress.set(p.jobId, { p: info, sentAt: now, phase: p.phase });
    this.o.events.publish('ingest.progress', info);
  }

  private onJobEnded(job: IngestJob): void {
    const p = this.afterJob(job).catch((err: unknown) => this.o.log.error({ err, jobId: job.id }, 'after the copy: failed'));
    this.afterJobs.add(p);
    void p.finally(() => this.afterJobs.delete(p));
  }

  private async afterJob(job: IngestJob): Promise<void> {
    this.running.delete(job.id);
    this.progress.delete(job.id);
    this.libraryOnlyJobs.delete(job.id);
    if (this.running.size === 0) this.led.set(false);
    const cardId = this.cardJobs.get(job.id) ?? null;

    let eject: { safe: boolean; error: string | null } | null = null;
    if (cardId !== null && job.state === 'done') eject = await this.ejectAfterCopy(cardId);
    const info = this.jobInfo(job);
    const ended: IngestEnded = { job: info, message: endMessage(job, eject, info.backupPending), safeToRemove: eject?.safe ?? false, ejectError: eject && !eject.safe ? eject.error : null };
    this.o.log.info({ jobId: job.id, state: job.state, copied: job.filesCopied, skipped: job.filesSkipped, failed: job.filesFailed, safeToRemove: ended.safeToRemove }, ended.message);
    this.o.events.publish(job.state === 'done' ? 'ingest.finished' : 'ingest.failed', ended);
    if (job.filesCopied > 0) this.o.events.publish('photos.changed', { customerId: job.customerId });
    if (cardId !== null) {
      const entry = this.cardsById.get(cardId);
      if (entry) this.o.events.publish('ingest.card', { cardId });
    }

    // The new files' thumbnails and EXIF, in the background once no copy runs.
    const files = this.o.ingest.listFiles(job.customerId).filter((f) => f.jobId === job.id);
    for (const f of files) this.o.thumbs.enqueue({ key: f.hash, source: this.o.ingest.pathsOf(f).library, name: f.name });
    if (this.running.size === 0) {
      this.o.thumbs.resume();
      void this.o.holding?.catchUp();
    }
    for (const f of files) {
      if (this.stopped || this.running.size > 0) break;
      await this.o.metas?.get(f.hash, this.o.ingest.pathsOf(f).library, f.name);
    }
  }

  /** The card is done with: unmount it; a busy card gets a few more tries. */
  private async ejectAfterCopy(cardId: string): Promise<{ safe: boolean; error: string | null }> {
    if (!this.cardsById.has(cardId)) return { safe: false, error: 'the card was already taken out' };
    const attempts = this.o.ejectAttempts ?? 3;
    let error = 'unknown';
    for (let i = 1; i <= attempts; i++) {
      try {
        await this.o.cardSource.eject(cardId);
        return { safe: true, error: null };
      } catch (err) {
        error = (err as Error).message;
        this.o.log.warn({ err, cardId, attempt: i }, 'card could not be unmounted after the copy');
        if (i < attempts) await new Promise((r) => setTimeout(r, this.o.ejectRetryMs ?? 1000));
      }
    }
    return { safe: false, error };
  }

  /** Moves backup copies held on the library disk to the backup disk now (also runs every minute). */
  async catchUpBackup(): Promise<{ moved: number; left: number; skipped: string | null } | null> {
    if (!this.o.holding) return null;
    return this.o.holding.catchUp();
  }

  /** Card copies running now (the ingest LED blinks while any runs). */
  copyingJobs(): number {
    return this.running.size;
  }

  /** Whether the library-only engine is copying (the holding mover waits for it). */
  libraryOnlyBusy(): boolean {
    return this.libraryOnlyJobs.size > 0;
  }
}
