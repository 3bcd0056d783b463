// The card-ingest engine as the rest of the box uses it: start a job, follow it, list files.
//
// Jobs run one at a time, in the order started (a second card waits as 'queued'): both cards
// would share the same two disks anyway, and one writer per destination folder keeps name
// choice simple. Events (for the screens, via server-sent events):
//   job-started   IngestJob, after the card is scanned and before the first byte is copied
//   progress      IngestProgress, at most every progressIntervalMs (250 ms) and at each phase end
//   job-finished  IngestJob in state 'done'
//   job-failed    IngestJob in state 'failed' or 'interrupted' (errorCode, error say why)
import { EventEmitter } from 'node:events';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Db } from '../db/connection.js';
import { ValidationError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Clock } from '../util/clock.js';
import { IngestNotReadyError } from './ingest-errors.js';
import { acquireIngestLock } from './ingest-lock.js';
import { runIngestJob, type BatchLimits, type IngestHooks } from './ingest-job.js';
import { IngestStore, toIngestedFile } from './copy/ingest-store.js';
import type { IngestedFile, IngestJob, IngestProblem, IngestProgress, StartJobInput } from './ingest-types.js';
import { customerFolderName, jobFolder, orderFolderName, SUBFOLDERS } from './copy/library-layout.js';
import { ProgressTracker } from './copy/progress.js';
import { recoverIngest, type RecoveryReport } from './copy/recovery.js';
import { verifyFile } from './copy/verifier.js';

export interface IngestServiceOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  /** The library and backup disks' roots (their mount points on the Pi). */
  libraryRoot: string;
  backupRoot: string;
  /** The studio's time zone, for the dated shoot folder; default the system's. */
  timeZone?: () => string;
  /** Named in the "ingest is busy" message another process gets. */
  owner?: string;
  /**
   * Asked before each job copies anything: whether both disks are the right ones and mounted
   * (disk.ts / the disk identification), or that the backup is missing without an admin's
   * override. A message stops the job ('failed', disk_error); null lets it run. The engine
   * itself only checks that both roots exist and have room.
   */
  checkDisks?: () => Promise<string | null>;
  /** Also called for each progress event (besides the 'progress' event). */
  onProgress?: (p: IngestProgress) => void;
  progressIntervalMs?: number;
  /** Group commit limits (ingest-job.ts DEFAULT_BATCH); tests of one crash window use files: 1. */
  batch?: Partial<BatchLimits>;
  /** Test seams only. */
  hooks?: IngestHooks;
  /** Monotonic milliseconds (tests); default performance.now. */
  now?: () => number;
}

export interface IngestEvents {
  'job-started': [IngestJob];
  progress: [IngestProgress];
  'job-finished': [IngestJob];
  'job-failed': [IngestJob];
}

const systemTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export class IngestService extends EventEmitter<IngestEvents> {
  readonly store: IngestStore;
  private readonly roots;
  /** Job ids, and read-back sweeps (verifyUnverified), run one at a time in order. */
  private readonly queue: (number | ((signal: AbortSignal) => Promise<void>))[] = [];
  private readonly waiters = new Map<number, ((j: IngestJob) => void)[]>();
  private running: Promise<void> = Promise.resolve();
  private draining = false;
  private abort = new AbortController();
  private releaseLock: (() => void) | null = null;
  private started = false;

  constructor(private readonly opts: IngestServiceOptions) {
    super();
    this.store = new IngestStore(opts.db, opts.clock);
    this.roots = { library: resolve(opts.libraryRoot), backup: resolve(opts.backupRoot) };
  }

  /**
   * Takes the ingest lock (IngestBusyError if another live process holds it) and recovers what
   * an unclean stop left (recovery.ts). Must complete before startJob.
   */
  async start(): Promise<RecoveryReport> {
    this.releaseLock = acquireIngestLock(this.opts.db, this.opts.clock, this.opts.owner ?? `studio-box (pid ${process.pid})`);
    try {
      const hooks = this.opts.hooks;
      const report = await recoverIngest({
        store: this.store,
        roots: this.roots,
        log: this.opts.log,
        hooks: hooks?.point ? { point: (name) => hooks.point?.(name, { jobId: 0, fileIndex: 0 }) } : undefined,
      });
      this.abort = new AbortController();
      this.started = true;
      return report;
    } catch (err) {
      this.releaseLock();
      this.releaseLock = null;
      throw err;
    }
  }

  /** Stops the running job at the next chunk (it ends 'interrupted'), drops queued ones, frees the lock. */
  async stop(): Promise<void> {
    this.started = false;
    this.abort.abort(new Error('ingest stopped'));
    for (const item of this.queue.splice(0)) {
      if (typeof item === 'function') {
        await item(this.abort.signal); // sees the abort at once
        continue;
      }
      this.store.setState(item, 'interrupted', { errorCode: 'stopped', error: 'The box was stopped before this card was copied. Insert it again.' });
      this.settle(this.store.job(item));
    }
    await this.running;
    this.releaseLock?.();
    this.releaseLock = null;
  }

  /** Queues a job and returns it ('queued'); it runs when the jobs before it are finished. */
  startJob(input: StartJobInput): Promise<IngestJob> {
    return this.enqueue(input);
  }

  private async enqueue(input: StartJobInput): Promise<IngestJob> {
    if (!this.started) throw new IngestNotReadyError();
    const problems: { path: string; message: string }[] = [];
    const sourceRoot = resolve(input.sourceRoot);
    const st = await stat(sourceRoot).catch(() => null);
    if (!st?.isDirectory()) problems.push({ path: 'sourceRoot', message: `${input.sourceRoot} is not a readable folder` });
    const subfolder = input.subfolder ?? 'originals';
    if (!SUBFOLDERS.includes(subfolder)) problems.push({ path: 'subfolder', message: `must be one of ${SUBFOLDERS.join(', ')}` });
    for (const [name, root] of Object.entries(this.roots)) {
      if (sourceRoot === root || sourceRoot.startsWith(root + '/') || root.startsWith(sourceRoot + '/')) {
        problems.push({ path: 'sourceRoot', message: `must not be inside the ${name} disk, nor contain it` });
      }
    }
    if (problems.length) throw new ValidationError(problems);
    const customer = this.store.customer(input.customerId); // NotFoundError
    const folder = jobFolder(
      this.store.customerFolder(customer.id) ?? customerFolderName(customer),
      orderFolderName(input.orderLabel, this.opts.clock(), (this.opts.timeZone ?? systemTimeZone)()),
    );
    const job = this.store.createJob({
      roots: this.roots,
      customerId: customer.id,
      orderLabel: input.orderLabel?.trim() || null,
      folder,
      subfolder,
      sourceRoot,
      cardId: input.cardId ?? null,
      cardLabel: input.cardLabel ?? null,
      userId: input.userId ?? null,
    });
    this.opts.log.info({ jobId: job.id, customerId: customer.id, folder, sourceRoot }, 'ingest job queued');
    this.queue.push(job.id);
    this.kick();
    return job;
  }

  /**
   * Reads back every stored file that was copied but never verified (its job was stopped, or
   * the box died between copy and read-back), without needing the card. Queued like a job, so
   * it never runs beside one. Main can run it in the background after start().
   */
  verifyUnverified(): Promise<{ verified: number; failed: number; unverified: number }> {
    if (!this.started) return Promise.reject(new IngestNotReadyError());
    return new Promise((resolve, reject) => {
      this.queue.push(async (signal) => {
        let verified = 0;
        let failed = 0;
        // Read back right, but not provably from the disk (a FUSE disk): still 'copied'.
        let unverified = 0;
        try {
          for (const f of this.store.unverifiedFiles(this.roots)) {
            if (signal.aborted) break;
            const item = { fileId: f.id, size: f.size, hash: f.hash, libraryPath: f.library_path, backupPath: f.backup_path, sourcePath: null };
            const r = await verifyFile(this.store, this.roots, f.job_id, item, { signal, log: this.opts.log });
            if (r.outcome === 'verified') verified++;
            else if (r.outcome === 'mismatch') failed++;
            else unverified++;
          }
          resolve({ verified, failed, unverified });
        } catch (err) {
          if (signal.aborted) resolve({ verified, failed, unverified });
          else reject(err as Error);
        }
      });
      this.kick();
    });
  }

  private kick(): void {
    if (this.draining) return;
    this.draining = true;
    this.running = this.drain();
  }

  /** Resolves with the job once it is done, failed or interrupted. */
  waitForJob(id: number): Promise<IngestJob> {
    const job = this.store.job(id);
    if (job.state === 'done' || job.state === 'failed' || job.state === 'interrupted') return Promise.resolve(job);
    return new Promise((resolve) => {
      const list = this.waiters.get(id) ?? [];
      list.push(resolve);
      this.waiters.set(id, list);
    });
  }

  getJob(id: number): IngestJob {
    return this.store.job(id);
  }

  listJobs(opts: { limit?: number; customerId?: number } = {}): IngestJob[] {
    return this.store.jobs({ limit: Math.min(Math.max(opts.limit ?? 50, 1), 500), customerId: opts.customerId });
  }

  /** A customer's stored files (for the thumbnail grid), by path. */
  listFiles(customerId: number): IngestedFile[] {
    return this.store.files(customerId).filter((f) => f.state !== 'pending').map(toIngestedFile);
  }

  /** Per-file problems of a job (unreadable on the card, did not verify). */
  jobProblems(jobId: number): IngestProblem[] {
    return this.store.problems(jobId);
  }

  /** Absolute paths of a stored file on both disks. */
  pathsOf(file: IngestedFile): { library: string; backup: string } {
    return { library: resolve(this.roots.library, file.libraryPath), backup: resolve(this.roots.backup, file.backupPath) };
  }

  /** emit(), but a listener that throws is logged: it must not break the copy or the queue. */
  private tell<K extends keyof IngestEvents>(event: K, ...args: IngestEvents[K]): void {
    try {
      (this.emit as (e: K, ...a: IngestEvents[K]) => boolean)(event, ...args);
    } catch (err) {
      this.opts.log.error({ err, event }, 'ingest event listener failed');
    }
  }

  private settle(job: IngestJob): void {
    for (const w of this.waiters.get(job.id) ?? []) w(job);
    this.waiters.delete(job.id);
  }

  private async drain(): Promise<void> {
    try {
      // `draining` turns false in the same synchronous step that sees the queue empty, so a
      // job queued after that always starts a new drain.
      for (let id = this.queue.shift(); id !== undefined; id = this.queue.shift()) {
        if (typeof id === 'function') {
          await id(this.abort.signal);
          continue;
        }
        const job = await this.runOne(id);
        this.settle(job);
        if (job.state === 'done') this.tell('job-finished', job);
        else this.tell('job-failed', job);
      }
    } finally {
      this.draining = false;
    }
  }

  private async runOne(id: number): Promise<IngestJob> {
    const progress = new ProgressTracker(this.opts.now);
    const interval = this.opts.progressIntervalMs ?? 250;
    const now = this.opts.now ?? (() => performance.now());
    let last = -Infinity;
    let lastPhase: string | null = null;
    const publish = (phase: 'copying' | 'verifying', force = false) => {
      const t = now();
      if (!force && phase === lastPhase && t - last < interval) return;
      last = t;
      lastPhase = phase;
      const p = progress.snapshot(id, phase);
      try {
        this.opts.onProgress?.(p);
      } catch (err) {
        this.opts.log.error({ err }, 'ingest onProgress callback failed');
      }
      this.tell('progress', p);
    };
    try {
      const end = await runIngestJob(this.store.job(id), {
        store: this.store,
        roots: this.roots,
        log: this.opts.log.child({ jobId: id }),
        signal: this.abort.signal,
        progress,
        hooks: this.opts.hooks,
        batch: this.opts.batch,
        checkDisks: this.opts.checkDisks,
        onStarted: (job) => {
          this.tell('job-started', job);
          publish('copying', true);
        },
        onProgress: (phase) => publish(phase),
      });
      publish(end.state === 'done' ? 'verifying' : lastPhase === 'verifying' ? 'verifying' : 'copying', true);
      return end;
    } catch (err) {
      // A bug or the database failing: the job must not stay 'copying' until the next start.
      this.opts.log.error({ err, jobId: id }, 'ingest job crashed');
      this.store.setState(id, 'failed', { errorCode: 'internal', error: `Internal error: ${(err as Error).message}` });
      return this.store.job(id);
    }
  }
}
