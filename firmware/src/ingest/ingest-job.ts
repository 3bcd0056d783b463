// Runs one ingest job: scan the card, skip what is already stored, copy the rest to both disks
// (tee-copy.ts, file-commit.ts), read every copy back (verifier.ts), and end in one of:
//   done         every media file of the card is on both disks and verified;
//   interrupted  the card was pulled (or the box is stopping): what was done is recorded and
//                kept, ingesting the same card again finishes it;
//   failed       a disk is full or failing, a copy did not verify, files could not be read
//                while the card stayed in, or copies could not be verified because a disk
//                cannot prove its reads (not_verified: a FUSE disk): a person must look (the
//                error says what). Only 'done' says "safe to remove the card".
// Whatever the end, no temporary file is left behind and nothing partial has a final name.
import { mkdir, readdir, stat, statfs } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Logger } from '../log.js';
import { fsyncDir, type CommitPoint, type Roots } from './copy/file-commit.js';
import { Placer, removeTemps, type Staged } from './copy/placer.js';
import { DestinationError, SourceError } from './ingest-errors.js';
import type { FileRow, IngestStore, SourceIdentity } from './copy/ingest-store.js';
import type { IngestErrorCode, IngestJob, IngestJobState } from './ingest-types.js';
import { SUBFOLDERS, tempName } from './copy/library-layout.js';
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
  /** Group commit limits (default DEFAULT_BATCH); tests of single crash windows use files: 1. */
  batch?: Partial<BatchLimits> | undefined;
  /** Monotonic milliseconds (default performance.now). */
  now?: (() => number) | undefined;
}

interface Work {
  file: SourceFile;
  identity: SourceIdentity;
  /** Stored before under this card identity (verified or copied): proved by hashing the card's bytes. */
  known: FileRow | null;
  /** Set when the card file is known and its stored copy is bad: copy again over it. */
  repair: FileRow | null;
}

/** A file read and written under temporary names, waiting for its group's commit. */
interface Pending {
  staged: Staged;
  /** Its temporaries fsynced and closed. */
  durable: Promise<void>;
}

type Stop = { state: IngestJobState; code: IngestErrorCode; message: string };

/**
 * When a group of copied files is committed: whichever limit is reached first. Files become
 * "copied" (on both disks, durable, recorded) a group at a time; larger groups cost fewer
 * fsyncs and commits, smaller ones make files safe sooner. The time limit keeps a slow card's
 * files becoming safe every few seconds.
 */
export interface BatchLimits {
  files: number;
  bytes: number;
  ms: number;
}
export const DEFAULT_BATCH: BatchLimits = { files: 32, bytes: 256 << 20, ms: 2000 };

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
  const limits: BatchLimits = { ...DEFAULT_BATCH, ...deps.batch };
  const now = deps.now ?? (() => performance.now());
  const relDir = `${job.folder}/${job.subfolder}`;
  const point = (name: CommitPoint | 'job-planned', fileIndex: number) => deps.hooks?.point?.(name, { jobId: job.id, fileIndex });
  let stop: Stop | null = null;
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

  // 2. What may already be stored. A card file seen before (same card, path, size and time) is
  // still read: it counts as "already there" only when its bytes hash to the stored copy's
  // (no skip without proof: another card can hold a different photo under the same name).
  const work: Work[] = files.map((file) => {
    const identity: SourceIdentity = { cardId: job.cardId, relPath: file.relPath, size: file.size, mtimeMs: file.mtimeMs };
    const row = store.fileBySource(job.customerId, identity) ?? null;
    const stored = row && (row.state === 'verified' || row.state === 'copied') ? row : null;
    return { file, identity, known: stored, repair: row && (row.state === 'mismatch' || row.state === 'missing') ? row : null };
  });
  const bytesToWrite = work.reduce((a, w) => a + (w.known ? 0 : w.file.size), 0);
  progress.setTotals(files.length, bytesTotal, bytesTotal);

  // 3. Both disks there, with room; the folders.
  const placer = new Placer(store, roots, job, point);
  try {
    const problem = (await deps.checkDisks?.()) ?? null;
    if (problem) throw new DestinationError('library', problem);
    const short = await checkDisks(roots, bytesToWrite, work.filter((w) => !w.known).length);
    if (short) throw short;
    if (work.length) await ensureFolders(roots, job);
    if (work.length) await placer.loadNames();
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
  point('job-planned', 0);
  deps.onStarted(store.job(job.id));
  try {
    return await copyAndVerify();
  } catch (err) {
    verifyAbort.abort(err);
    await verifier.drain().catch(() => undefined);
    throw err;
  }

  async function copyAndVerify(): Promise<IngestJob> {
    // 4. The pipeline. The card is read file after file without waiting for the disks: each
    // file's fsyncs run in the background (teeCopy `background`) while the next file is read,
    // and files are committed in groups (placer.ts, one transaction and one folder fsync per
    // disk for the group) while the next group is read. At most one group is committing while
    // the next is read, so what is in flight stays bounded: two chunks of the file being read,
    // plus the page cache the kernel is already writing out.
    let group: Pending[] = [];
    let groupBytes = 0;
    let groupStarted = 0;
    let committing: Promise<void> = Promise.resolve();
    let unexpected: unknown = null;
    let fileIndex = 0;

    const commit = async (g: Pending[]): Promise<void> => {
      try {
        await Promise.all(g.map((p) => p.durable));
      } catch (err) {
        await Promise.allSettled(g.map((p) => p.durable));
        for (const p of g) await removeTemps(roots, relDir, p.staged.tmp).catch(() => undefined);
        throw err;
      }
      for (const p of g) point('temps-written', p.staged.index);
      const items = await placer.placeGroup(g.map((p) => p.staged));
      for (const p of placer.problems.splice(0)) {
        sourceFailures++;
        store.addCounts(job.id, { filesFailed: 1 });
        store.addProblem(job.id, { sourcePath: p.sourcePath, fileId: p.fileId, code: 'source_error', message: p.message });
      }
      progress.stored(items.length);
      for (const it of items) verify(it);
      deps.onProgress('copying');
    };
    /** Hands the group to the committer once the previous group is committed. */
    const flush = async (): Promise<void> => {
      const g = group;
      group = [];
      groupBytes = 0;
      await committing;
      if (g.length === 0) return;
      if (stop?.code === 'disk_full' || stop?.code === 'disk_error' || signal.aborted || unexpected) {
        await discard(g);
        return;
      }
      committing = commit(g).catch((err: unknown) => {
        if (err instanceof DestinationError) stop ??= diskStop(err);
        else unexpected ??= err;
      });
    };

    for (const w of work) {
      if (signal.aborted) {
        stop ??= { state: 'interrupted', code: 'stopped', message: 'The box was stopped during the copy.' };
        break;
      }
      if (stop || unexpected) break;
      fileIndex++;
      const source = join(job.sourceRoot, w.file.relPath);
      let read = 0;
      const onBytes = (n: number) => {
        read += n;
        progress.copied(n);
        deps.onProgress('copying');
      };
      try {
        if (w.known) {
          // Seen before: read and hash it (no disk writes); the same bytes as stored = already there.
          const r = await teeCopy(source, [], { expectedSize: w.file.size, signal, onBytes });
          if (r.size === w.known.size && r.hash === w.known.hash) {
            store.addCounts(job.id, { filesSkipped: 1, bytesSkipped: w.file.size });
            progress.fileDone(w.file.size, read);
            // Copied by a job that was interrupted before reading it back: read it back now.
            if (w.known.state === 'copied') verify(rowItem(w.known, w.file.relPath));
            continue;
          }
          log.warn({ jobId: job.id, file: w.file.relPath, stored: w.known.hash, card: r.hash }, 'card file differs from the stored file of the same name, size and time: copied as a new file');
          progress.reread(w.file.size);
          read = 0;
        }
        const tmp = tempName(job.id, fileIndex);
        const r = await teeCopy(
          source,
          [
            { role: 'library', path: join(roots.library, relDir, tmp) },
            { role: 'backup', path: join(roots.backup, relDir, tmp) },
          ],
          { expectedSize: w.file.size, signal, onBytes, background: true },
        );
        progress.fileDone(w.file.size, read);
        if (group.length === 0) groupStarted = now();
        group.push({ staged: { index: fileIndex, name: w.file.name, relPath: w.file.relPath, identity: w.identity, repair: w.repair, tmp, size: r.size, hash: r.hash }, durable: r.durable });
        groupBytes += r.size;
        if (group.length >= limits.files || groupBytes >= limits.bytes || now() - groupStarted >= limits.ms) await flush();
      } catch (err) {
        if (read < w.file.size) progress.fileDone(w.file.size, read);
        if (signal.aborted) {
          stop ??= { state: 'interrupted', code: 'stopped', message: 'The box was stopped during the copy.' };
          break;
        }
        if (err instanceof SourceError) {
          if (!(await cardStillThere(job.sourceRoot, topLevel))) {
            stop ??= { state: 'interrupted', code: 'card_removed', message: 'The card was removed during the copy.' };
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
          stop ??= diskStop(err);
          break;
        }
        unexpected ??= err;
        break;
      }
    }
    // What was read completely is committed (also after a pulled card: those files are good),
    // except when the box is stopping or a disk failed.
    await flush();
    await committing;
    if (unexpected) throw unexpected;

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
    } else if (verifier.unverified > 0) {
      // Both copies are there and read back right, but not provably from the disks: not "safe".
      store.setState(job.id, 'failed', {
        errorCode: 'not_verified',
        error: `${verifier.unverified} files were copied to both disks but not verified: ${verifier.unverifiedReason} Keep the card until they are. ${summary}.`,
      });
    } else {
      store.setState(job.id, 'done', { errorCode: null, error: null });
    }
    const end = store.job(job.id);
    log.info({ jobId: job.id, state: end.state, copied: end.filesCopied, skipped: end.filesSkipped, verified: end.filesVerified, failed: end.filesFailed }, 'ingest job ended');
    return end;
  }

  /** Temporaries of a group that will not be committed (stopping, a disk failed). */
  async function discard(g: Pending[]): Promise<void> {
    await Promise.allSettled(g.map((p) => p.durable));
    for (const p of g) await removeTemps(roots, relDir, p.staged.tmp).catch(() => undefined);
  }

  function diskStop(err: DestinationError): Stop {
    log.error({ jobId: job.id, err }, 'ingest stopped by a disk error');
    return err.isFull
      ? { state: 'failed', code: 'disk_full', message: `The ${err.role} disk is full: the copy stopped. Make room and insert the card again.` }
      : { state: 'failed', code: 'disk_error', message: `The ${err.role} disk failed: ${err.message}.` };
  }
}

/** A stored row to read back again. */
function rowItem(row: FileRow, sourcePath: string): VerifyItem {
  return {
    fileId: row.id,
    size: row.size,
    hash: row.hash,
    libraryPath: row.library_path,
    backupPath: row.backup_path,
    sourcePath,
    roots: { library: row.job_library_root, backup: row.job_backup_root },
  };
}
