// Runs one ingest job: scan the card, skip what is already stored, copy the rest to both disks
// (tee-copy.ts, file-commit.ts), read every copy back (verifier.ts), and end in one of:
//   done         every media file of the card is on both disks and verified;
//   interrupted  the card was pulled (or the box is stopping): what was done is recorded and
//                kept, ingesting the same card again finishes it;
//   failed       a disk is full or failing, a copy did not verify, or files could not be read
//                while the card stayed in: a person must look (the error says what).
// Whatever the end, no temporary file is left behind and nothing partial has a final name.
import { mkdir, readdir, stat, statfs, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Logger } from '../log.js';
import { commitNew, commitRepair, ContentClash, fsyncDir, NameClash, type CommitPoint, type Roots } from './copy/file-commit.js';
import { DestinationError, SourceError, type DiskRole } from './ingest-errors.js';
import type { FileRow, IngestStore, SourceIdentity } from './copy/ingest-store.js';
import type { IngestErrorCode, IngestJob, IngestJobState } from './ingest-types.js';
import { nameKey, pickFreeName, sanitizeFileName, SUBFOLDERS, tempName } from './copy/library-layout.js';
import type { ProgressTracker } from './copy/progress.js';
import { scanSource, type ScanOptions, type SourceFile } from './card/source-scan.js';
import { teeCopy } from './copy/tee-copy.js';
import { Verifier, type VerifierHooks, type VerifyItem } from './copy/verifier.js';

/** Test seams: named points of the copy (tests kill the process there) and the read-back. */
export interface IngestHooks extends VerifierHooks {
  point?(name: CommitPoint | 'job-planned' | 'recovery-file-settled', info: { jobId: number; fileIndex: number }): void;
  /** Lists a card folder (tests shuffle it: no order the filesystem gives may leak into the copy). */
  listFolder?: ScanOptions['readdir'];
}

export interface JobDeps {
  store: IngestStore;
  roots: Roots;
  log: Logger;
  signal: AbortSignal;
  progress: ProgressTracker;
  /** Called after planning, before the first byte is copied. */
  onStarted: (job: IngestJob) => void;
  /** Called on every chunk; the service throttles. */
  onProgress: (phase: 'copying' | 'verifying') => void;
  /** The box's own disk check (mounted, the right disk, backup present): a problem, or null. */
  checkDisks?: (() => Promise<string | null>) | undefined;
  hooks?: IngestHooks | undefined;
}

interface Work {
  file: SourceFile;
  identity: SourceIdentity;
  /** Set when the card file is known and its stored copy is bad: copy again over it. */
  repair: FileRow | null;
}

// Free space a job needs beyond its bytes: per-file allocation slack and the folders.
const SPACE_MARGIN = 16 << 20;
const PER_FILE_SLACK = 64 << 10;

const mb = (n: number) => `${(n / 1e6).toFixed(n < 10e9 ? 1 : 0)} MB`;

/** Still readable, with the same top-level entries as when the job began? A pulled card is not. */
async function cardStillThere(root: string, topLevel: readonly string[]): Promise<boolean> {
  try {
    const now = new Set(await readdir(root));
    return topLevel.every((n) => now.has(n));
  } catch {
    return false;
  }
}

/** Names in use in a destination folder on either disk, and claimed by this job. Case-insensitive. */
class FolderNames {
  private readonly taken = new Set<string>();

  constructor(
    private readonly store: IngestStore,
    private readonly relDir: string,
  ) {}

  async load(dirs: string[]): Promise<void> {
    for (const d of dirs) for (const n of await readdir(d)) this.taken.add(nameKey(n));
  }

  choose(name: string): string {
    return pickFreeName(name, (c) => this.taken.has(nameKey(c)) || this.store.pathTaken(`${this.relDir}/${c}`));
  }

  claim(name: string): void {
    this.taken.add(nameKey(name));
  }
}

async function ensureFolders(roots: Roots, job: IngestJob): Promise<void> {
  for (const [role, root] of [['library', roots.library], ['backup', roots.backup]] as const) {
    try {
      for (const sub of SUBFOLDERS) {
        const dir = join(root, job.folder, sub);
        const first = await mkdir(dir, { recursive: true });
        // New folders must be durable before files in them are recorded: fsync each parent
        // from the first folder created up to the root.
        if (first) for (let d = dir; d !== dirname(first) && d.length >= root.length; d = dirname(d)) await fsyncDir(role, dirname(d));
      }
    } catch (err) {
      if (err instanceof DestinationError) throw err;
      throw new DestinationError(role, `cannot create the folders on the ${role} disk: ${(err as Error).message}`, err);
    }
  }
}

/**
 * Both disk roots must exist (they are never created here: on the Pi a missing root is an
 * unmounted disk, and creating it would put the library on the SD card) and have room.
 */
async function checkDisks(roots: Roots, bytes: number, files: number): Promise<DestinationError | null> {
  const need = bytes + files * PER_FILE_SLACK + SPACE_MARGIN;
  for (const [role, root] of [['library', roots.library], ['backup', roots.backup]] as const) {
    let free: number;
    try {
      if (!(await stat(root)).isDirectory()) throw Object.assign(new Error(`${root} is not a folder`), { code: 'ENOTDIR' });
      const s = await statfs(root);
      free = Number(s.bavail) * Number(s.bsize);
    } catch (err) {
      return new DestinationError(role, `The ${role} disk is not there (${(err as Error).message}). Nothing was copied.`, err);
    }
    if (files > 0 && free < need) {
      const err = Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
      return new DestinationError(role, `The ${role} disk has ${mb(free)} free; this card needs ${mb(need)}. Nothing was copied.`, err);
    }
  }
  return null;
}

export async function runIngestJob(job: IngestJob, deps: JobDeps): Promise<IngestJob> {
  const { store, roots, log, signal, progress } = deps;
  const relDir = `${job.folder}/${job.subfolder}`;
  let fileIndex = 0;
  const point = (name: CommitPoint | 'job-planned') => deps.hooks?.point?.(name, { jobId: job.id, fileIndex });
  let stop: { state: IngestJobState; code: IngestErrorCode; message: string } | null = null;
  let sourceFailures = 0;
  let phase: 'copying' | 'verifying' = 'copying';

  store.setState(job.id, 'copying');

  // 1. What is on the card.
  let files: SourceFile[];
  let topLevel: string[];
  try {
    topLevel = await readdir(job.sourceRoot);
    files = await scanSource(job.sourceRoot, { readdir: deps.hooks?.listFolder });
  } catch (err) {
    const message = `The card could not be read: ${(err as Error).message}`;
    store.setState(job.id, 'interrupted', { errorCode: 'card_removed', error: message });
    return store.job(job.id);
  }
  const bytesTotal = files.reduce((a, f) => a + f.size, 0);
  store.setTotals(job.id, files.length, bytesTotal);

  const names = new FolderNames(store, relDir);

  // 2. What is already stored (by card file identity, without reading the card).
  const work: Work[] = [];
  const toVerify: VerifyItem[] = [];
  let skippedFiles = 0;
  let skippedBytes = 0;
  for (const file of files) {
    const identity: SourceIdentity = { cardId: job.cardId, relPath: file.relPath, size: file.size, mtimeMs: file.mtimeMs };
    const row = store.fileBySource(job.customerId, identity);
    if (row && (row.state === 'verified' || row.state === 'copied')) {
      skippedFiles++;
      skippedBytes += file.size;
      // Copied by a job that was interrupted before reading it back: read it back now.
      if (row.state === 'copied') {
        toVerify.push({
          fileId: row.id,
          size: row.size,
          hash: row.hash,
          libraryPath: row.library_path,
          backupPath: row.backup_path,
          sourcePath: file.relPath,
          roots: { library: row.job_library_root, backup: row.job_backup_root },
        });
      }
    } else {
      work.push({ file, identity, repair: row && (row.state === 'mismatch' || row.state === 'missing') ? row : null });
    }
  }
  store.addCounts(job.id, { filesSkipped: skippedFiles, bytesSkipped: skippedBytes });
  const bytesToCopy = work.reduce((a, w) => a + w.file.size, 0);
  progress.setTotals(files.length, bytesTotal, bytesToCopy);
  progress.skipped(skippedFiles, skippedBytes);

  // 3. Both disks there, with room; the folders.
  try {
    const problem = (await deps.checkDisks?.()) ?? null;
    if (problem) throw new DestinationError('library', problem);
    const short = await checkDisks(roots, bytesToCopy, work.length);
    if (short) throw short;
    if (work.length || toVerify.length) await ensureFolders(roots, job);
    if (work.length) await names.load([join(roots.library, relDir), join(roots.backup, relDir)]);
  } catch (err) {
    const e = err instanceof DestinationError ? err : new DestinationError('library', (err as Error).message, err);
    store.setState(job.id, 'failed', { errorCode: e.isFull ? 'disk_full' : 'disk_error', error: e.message });
    log.error({ jobId: job.id, err: e }, 'ingest cannot start');
    return store.job(job.id);
  }

  // The read-backs stop with the job: on the service's stop, and on an unexpected error below.
  const verifyAbort = new AbortController();
  const verifier = new Verifier(store, roots, job.id, {
    signal: AbortSignal.any([signal, verifyAbort.signal]),
    log,
    hooks: deps.hooks,
    onBytes: (n) => {
      progress.verifiedBytes(n);
      deps.onProgress(phase);
    },
    onFile: () => progress.verifyFileDone(),
  });
  const verify = (item: VerifyItem) => {
    progress.willVerify(item.size);
    verifier.push(item);
  };
  point('job-planned');
  deps.onStarted(store.job(job.id));
  try {
    return await copyAndVerify();
  } catch (err) {
    verifyAbort.abort(err);
    await verifier.drain().catch(() => undefined);
    throw err;
  }

  async function copyAndVerify(): Promise<IngestJob> {
    for (const item of toVerify) verify(item);

    // 4. Copy, one file at a time (the card is read sequentially: fastest for a card).
    for (const w of work) {
      if (signal.aborted) {
        stop = { state: 'interrupted', code: 'stopped', message: 'The box was stopped during the copy.' };
        break;
      }
      fileIndex++;
      const tmp = tempName(job.id, fileIndex);
      let read = 0;
      let result;
      try {
        result = await teeCopy(
          join(job.sourceRoot, w.file.relPath),
          [
            { role: 'library', path: join(roots.library, relDir, tmp) },
            { role: 'backup', path: join(roots.backup, relDir, tmp) },
          ],
          {
            expectedSize: w.file.size,
            signal,
            onBytes: (n) => {
              read += n;
              progress.copied(n);
              deps.onProgress('copying');
            },
          },
        );
      } catch (err) {
        progress.fileDone(w.file.size, read);
        if (signal.aborted) {
          stop = { state: 'interrupted', code: 'stopped', message: 'The box was stopped during the copy.' };
          break;
        }
        if (err instanceof SourceError) {
          if (!(await cardStillThere(job.sourceRoot, topLevel))) {
            stop = { state: 'interrupted', code: 'card_removed', message: 'The card was removed during the copy.' };
            break;
          }
          // The card is still in but this file cannot be read (bad sector, damaged file): note it, go on.
          sourceFailures++;
          store.addCounts(job.id, { filesFailed: 1 });
          store.addProblem(job.id, { sourcePath: w.file.relPath, code: 'source_error', message: err.message });
          log.warn({ jobId: job.id, file: w.file.relPath, err }, 'card file unreadable');
          continue;
        }
        if (err instanceof DestinationError) {
          stop = diskStop(err);
          break;
        }
        throw err;
      }
      point('temps-written');

      try {
        const outcome = await place(w, result, tmp);
        if (outcome) verify(outcome);
      } catch (err) {
        if (err instanceof DestinationError) {
          stop = diskStop(err);
          break;
        }
        throw err;
      } finally {
        progress.fileDone(w.file.size, read);
        deps.onProgress('copying');
      }
    }

    // 5. The read-backs still queued (also after a pulled card or a full disk: they need only
    // the disks). Not when the box is stopping: 'copied' files are read back next time.
    phase = 'verifying';
    if (!signal.aborted) {
      if (stop === null) store.setState(job.id, 'verifying');
      deps.onProgress('verifying');
      try {
        await verifier.drain();
      } catch (err) {
        if (!signal.aborted) throw err;
      }
    }
    if (signal.aborted && !stop) stop = { state: 'interrupted', code: 'stopped', message: 'The box was stopped during the copy.' };

    // 6. The end state.
    const j = store.job(job.id);
    const summary = `${j.filesCopied} new files copied to library and backup, ${j.filesVerified} verified; ${j.filesSkipped} were already there`;
    if (stop) {
      const tail = stop.state === 'interrupted' ? ' Insert the card again to finish.' : '';
      store.setState(job.id, stop.state, { errorCode: stop.code, error: `${stop.message} ${summary}.${tail}` });
    } else if (verifier.failed > 0) {
      store.setState(job.id, 'failed', { errorCode: 'verify_failed', error: `${verifier.failed} files did not read back as written (see the problems list); keep the card. ${summary}.` });
    } else if (sourceFailures > 0) {
      store.setState(job.id, 'failed', { errorCode: 'source_error', error: `${sourceFailures} files could not be read from the card (see the problems list). ${summary}.` });
    } else {
      store.setState(job.id, 'done', { errorCode: null, error: null });
    }
    const end = store.job(job.id);
    log.info({ jobId: job.id, state: end.state, copied: end.filesCopied, skipped: end.filesSkipped, verified: end.filesVerified, failed: end.filesFailed }, 'ingest job ended');
    return end;
  }

  function diskStop(err: DestinationError): { state: IngestJobState; code: IngestErrorCode; message: string } {
    log.error({ jobId: job.id, err }, 'ingest stopped by a disk error');
    return err.isFull
      ? { state: 'failed', code: 'disk_full', message: `The ${err.role} disk is full: the copy stopped. Make room and insert the card again.` }
      : { state: 'failed', code: 'disk_error', message: `The ${err.role} disk failed: ${err.message}.` };
  }

  /**
   * Gives the copied temporaries their place: a duplicate of stored bytes is dropped, a repair
   * goes over the bad copy, a new file gets a free name. Returns what to read back, if anything.
   */
  async function place(w: Work, result: { size: number; hash: string }, tmp: string): Promise<VerifyItem | null> {
    const dropTemps = () => removeTemps(roots, relDir, tmp);
    const commit = {
      store,
      roots,
      jobId: job.id,
      customerId: job.customerId,
      subfolder: job.subfolder,
      relDir,
      tmpName: tmp,
      size: result.size,
      hash: result.hash,
      source: w.identity,
      point,
    };
    const existing = store.fileByContent(job.customerId, result.size, result.hash);
    const target = w.repair ?? (existing && (existing.state === 'mismatch' || existing.state === 'missing') ? existing : null);
    if (target) {
      if (target.hash !== result.hash || target.size !== result.size) {
        // The card now reads differently than when this file was first copied: neither read
        // can be trusted. Keep everything as it is and say so.
        await dropTemps();
        store.addCounts(job.id, { filesFailed: 1 });
        sourceFailures++;
        store.addProblem(job.id, {
          sourcePath: w.file.relPath,
          fileId: target.id,
          code: 'source_error',
          message: `${w.file.relPath} reads differently than when first copied (was ${target.hash}, now ${result.hash}): the card or the reader may be failing`,
        });
        return null;
      }
      await commitRepair(commit, target.id, target.library_path, target.backup_path).catch(async (err: unknown) => {
        await dropTemps();
        throw err;
      });
      if (!w.repair) store.linkDuplicate(job.customerId, w.identity, target.id, job.id);
      return { fileId: target.id, size: result.size, hash: result.hash, libraryPath: target.library_path, backupPath: target.backup_path, sourcePath: w.file.relPath };
    }
    if (existing) {
      // Same bytes already stored for this customer (another card, a copy renamed): keep one.
      await dropTemps();
      store.linkDuplicate(job.customerId, w.identity, existing.id, job.id);
      return null;
    }
    const wanted = sanitizeFileName(w.file.name);
    for (;;) {
      const name = names.choose(wanted);
      names.claim(name);
      try {
        const fileId = await commitNew(commit, name);
        const path = `${relDir}/${name}`;
        return { fileId, size: result.size, hash: result.hash, libraryPath: path, backupPath: path, sourcePath: w.file.relPath };
      } catch (err) {
        if (err instanceof NameClash) continue; // someone made that name since we looked: next suffix
        await dropTemps();
        if (err instanceof ContentClash) {
          const now = store.fileByContent(job.customerId, result.size, result.hash);
          if (now) {
            store.linkDuplicate(job.customerId, w.identity, now.id, job.id);
            return null;
          }
        }
        throw err;
      }
    }
  }
}

async function removeTemps(roots: Roots, relDir: string, tmp: string): Promise<void> {
  for (const [role, root] of [['library', roots.library], ['backup', roots.backup]] as [DiskRole, string][]) {
    await unlink(join(root, relDir, tmp)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw new DestinationError(role, `cannot remove ${tmp}: ${err.message}`, err);
    });
  }
}
