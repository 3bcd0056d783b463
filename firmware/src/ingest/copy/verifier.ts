// Reads both copies of each stored file back from their disks and compares the hashes.
//
// It runs alongside the copy, one file behind it: while the card streams file N+1, file N is
// read back from both disks (in parallel: they are separate devices on the box). With the card
// as the slowest part, the read-backs then mostly hide behind the copy instead of adding a
// second pass at the end. Each file's outcome is recorded at once (verified, or mismatch with
// the job counting a failure and a problem row naming the disk): a mismatch is never silent.
// A file whose read-back matched but cannot be proved to come from the disk (a FUSE disk, a
// cache that would not drop: read-back.ts isProof) stays 'copied', with the reason on it: it is
// "copied, not yet verified", and the job does not end 'done' (no "safe to remove").
import { join } from 'node:path';
import type { Logger } from '../../log.js';
import type { IngestStore } from './ingest-store.js';
import { diskFs, unverifiedReason } from './disk-fs.js';
import { isProof, readBack, type ReadBack, type ReadBackMethod } from './read-back.js';
import type { Roots } from './file-commit.js';

export interface VerifyItem {
  fileId: number;
  /** Where the copies are, when not under the verifying engine's roots (a file of another engine's job). */
  roots?: Roots;
  size: number;
  hash: string;
  libraryPath: string;
  backupPath: string;
  sourcePath: string | null;
}

export interface VerifierHooks {
  /** Before a file is read back (tests corrupt a copy here). */
  beforeVerify?(item: VerifyItem): Promise<void> | void;
}

// Proof first: 'evicted' (cache dropped, confirmed) is proof, 'direct-fuse' is not, so a pair of
// the two must count as 'direct-fuse' (not verified), never as 'evicted'.
const STRENGTH: ReadBackMethod[] = ['direct', 'evicted', 'direct-fuse', 'cached'];
export const weakerMethod = (a: ReadBackMethod, b: ReadBackMethod): ReadBackMethod => (STRENGTH.indexOf(a) >= STRENGTH.indexOf(b) ? a : b);

/** Compares one read-back with what was recorded; null when it matches. */
function problemOf(role: string, path: string, item: VerifyItem, r: ReadBack | Error): string | null {
  if (r instanceof Error) return `${role} copy ${path} could not be read back: ${r.message}`;
  if (r.size !== item.size) return `${role} copy ${path} is ${r.size} bytes, ${item.size} were written`;
  if (r.hash !== item.hash) return `${role} copy ${path} differs from what was written (read back ${r.hash}, expected ${item.hash})`;
  return null;
}

export type VerifyOutcome = { outcome: 'verified' } | { outcome: 'mismatch' } | { outcome: 'unverified'; reason: string };

/** Reads both copies of one file and records the outcome. */
export async function verifyFile(
  store: IngestStore,
  roots: Roots,
  jobId: number,
  item: VerifyItem,
  opts: { signal?: AbortSignal; onBytes?: (n: number) => void; log?: Logger } = {},
): Promise<VerifyOutcome> {
  // Both disks at once; progress counts the file's size once (half of each side's bytes).
  const half = (n: number) => opts.onBytes?.(n / 2);
  const at = item.roots ?? roots;
  const [lib, bak] = await Promise.all([
    readBack(join(at.library, item.libraryPath), { signal: opts.signal, onBytes: half }).catch((e: Error) => e),
    readBack(join(at.backup, item.backupPath), { signal: opts.signal, onBytes: half }).catch((e: Error) => e),
  ]);
  opts.signal?.throwIfAborted();
  const problems = [problemOf('library', item.libraryPath, item, lib), problemOf('backup', item.backupPath, item, bak)].filter((p): p is string => p !== null);
  if (problems.length) {
    opts.log?.error({ fileId: item.fileId, problems }, 'read-back mismatch');
    store.markBad(item.fileId, jobId, 'mismatch', problems.join('; '), item.sourcePath);
    return { outcome: 'mismatch' };
  }
  const method = weakerMethod((lib as ReadBack).method, (bak as ReadBack).method);
  if (!isProof(method)) {
    const role = isProof((lib as ReadBack).method) ? 'backup' : 'library';
    const root = at[role];
    const reason = unverifiedReason(role, root, role === 'library' ? (lib as ReadBack).method : (bak as ReadBack).method, await diskFs(root));
    opts.log?.warn({ fileId: item.fileId, method, reason }, 'copied, not verified');
    store.markUnverified(item.fileId, method, `copied, not yet verified: ${reason}`);
    return { outcome: 'unverified', reason };
  }
  store.markVerified(item.fileId, jobId, method);
  return { outcome: 'verified' };
}

/** A queue of files to verify, worked one file at a time in the background. */
export class Verifier {
  private readonly queue: VerifyItem[] = [];
  private active = false;
  private running: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  verified = 0;
  failed = 0;
  /** Copies that read back right but not provably from the disk, and the first reason why. */
  unverified = 0;
  unverifiedReason: string | null = null;

  constructor(
    private readonly store: IngestStore,
    private readonly roots: Roots,
    private readonly jobId: number,
    private readonly opts: { signal: AbortSignal; onBytes: (n: number) => void; onFile: () => void; log: Logger; hooks?: VerifierHooks | undefined },
  ) {}

  push(item: VerifyItem): void {
    this.queue.push(item);
    if (!this.active) {
      this.active = true;
      this.running = this.work();
    }
  }

  private async work(): Promise<void> {
    try {
      // `active` turns false in the same synchronous step that sees the queue empty, so an
      // item pushed later always starts a new worker.
      for (let item = this.queue.shift(); item; item = this.queue.shift()) {
        if (this.opts.signal.aborted || this.failure) return;
        try {
          await this.opts.hooks?.beforeVerify?.(item);
          const r = await verifyFile(this.store, this.roots, this.jobId, item, { signal: this.opts.signal, onBytes: this.opts.onBytes, log: this.opts.log });
          if (r.outcome === 'verified') this.verified++;
          else if (r.outcome === 'mismatch') this.failed++;
          else {
            this.unverified++;
            this.unverifiedReason ??= r.reason;
          }
          this.opts.onFile();
        } catch (err) {
          if (this.opts.signal.aborted) return;
          // Read errors are mismatches; what gets here is the database failing: stop, the job reports it.
          this.failure = err;
          return;
        }
      }
    } finally {
      this.active = false;
    }
  }

  /** Waits until every queued file is verified (or the signal aborted). Rethrows a database failure. */
  async drain(): Promise<void> {
    while (this.active) await this.running;
    if (this.failure) throw this.failure;
  }
}
