// The one worker that copies stored files to the share, oldest first.
//
// While the PC is off (or the password changed, or its disk is full) nothing is marked and
// nothing is lost: the worker waits with a doubling pause (capped), tries again by itself, and
// logs a warning when the trouble starts or changes, not on every try (the journal on an SD
// card is not flooded by a PC switched off for the weekend). A file that fails on its own (a
// name the share refuses) is put aside for an hour and the others go on.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { MirrorState, ShareProblem } from '../api/mirror.js';
import type { Logger } from '../log.js';
import type { Clock } from '../util/clock.js';
import type { MirrorCandidate, MirrorStore } from './mirror-store.js';
import { formatShareAddress, remotePathOf } from './share-address.js';
import type { ShareConfig } from './share-settings.js';
import { ShareError, SmbClient, type ShareSession, type SmbOptions } from './smb-client.js';
import { PROBLEM_WORDS, SHARE_WIDE } from './smb-output.js';

/** The pause before try `n` (1, 2, …) after failures in a row: base·2^(n-1), at most `cap`. */
export function backoffMs(n: number, baseMs: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, Math.min(n - 1, 30)));
}

/** A mirror group: at most this many files, or this many bytes (the last file may pass it). */
const BATCH_FILES = 8;
const BATCH_BYTES = 200e6;

interface Staged {
  f: MirrorCandidate;
  remote: string;
  local: string;
}

export interface MirrorWorkerOptions {
  store: MirrorStore;
  share: () => ShareConfig | null;
  /** The library disk's root as jobs record it (absolute and as configured). */
  libraryRoots: string[];
  clock: Clock;
  log: Logger;
  /** First pause after a share-wide failure (default 5 s); doubles up to `retryCapMs` (default 10 min). */
  retryBaseMs?: number;
  retryCapMs?: number;
  /** A file that failed on its own waits this long (default 1 h). */
  fileRetryMs?: number;
  /** Looks for new files this often when idle (default 15 s); `wake()` looks at once. */
  idlePollMs?: number;
  smb?: SmbOptions;
}

export class MirrorWorker {
  private stopped = false;
  private running: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private streak = 0;
  private streakProblem: ShareProblem | null = null;
  private cleared = false;
  private lastGroupEnd = 0;
  state: MirrorState = 'off';
  nextTryAt: Date | null = null;
  /** Bytes per second, a moving average of the copies. */
  rate: number | null = null;

  constructor(private readonly o: MirrorWorkerOptions) {}

  start(): void {
    this.stopped = false;
    this.running ??= this.loop().catch((err: unknown) => this.o.log.error({ err }, 'mirror worker stopped by an error'));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.running;
    this.running = null;
  }

  /**
   * New files: the worker looks at once (while it waits after a failure, it tries once and
   * keeps its back-off). New settings or "try now" (`fresh`): the back-off starts again.
   */
  wake(fresh = false): void {
    this.woken = true;
    if (fresh) this.streak = 0;
    this.wakeUp?.();
  }

  private async pause(ms: number): Promise<void> {
    if (this.woken || this.stopped) {
      this.woken = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      this.wakeUp = done;
      function done() {
        clearTimeout(t);
        resolve();
      }
    });
    this.wakeUp = null;
    this.woken = false;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const cfg = this.o.share();
      if (!cfg || !cfg.enabled) {
        this.state = 'off';
        this.nextTryAt = null;
        await this.pause(60_000);
        continue;
      }
      const failure = await this.pass(cfg);
      if (this.stopped) break;
      if (failure) {
        this.streak++;
        const ms = backoffMs(this.streak, this.o.retryBaseMs ?? 5000, this.o.retryCapMs ?? 600_000);
        this.state = 'waiting';
        this.nextTryAt = new Date(this.o.clock().getTime() + ms);
        await this.pause(ms);
        this.nextTryAt = null;
      } else {
        this.state = 'idle';
        await this.pause(this.o.idlePollMs ?? 15_000);
      }
    }
    this.state = 'off';
  }

  /**
   * One pass over the queue; returns the share-wide failure that stopped it, if one did. The
   * files go through one smbclient session (one login), opened again if it ends, in groups of
   * up to BATCH_FILES files or BATCH_BYTES bytes: the puts of a group in one exchange, their
   * renames in the next (share-session.ts). Groups are pipelined: the next group's puts are
   * queued in smbclient while this process reads the last group's answers, renames and marks
   * them, so smbclient never waits for this process (at most two groups' puts outstanding).
   */
  private async pass(cfg: ShareConfig): Promise<ShareError | null> {
    const share = formatShareAddress(cfg);
    const client = new SmbClient(cfg, this.o.smb);
    let session: ShareSession | null = null;
    let after = 0;
    let wide: ShareError | null = null;
    /** Groups sent and not finished (renamed and marked), oldest first. */
    const flights: Promise<void>[] = [];
    /** Groups whose puts smbclient has not done yet. */
    let ahead: Promise<void>[] = [];
    const settle = async () => {
      await Promise.all(flights.splice(0));
      ahead = [];
    };
    this.cleared = false;
    try {
      for (;;) {
        const batch = this.o.store.candidates(share, this.o.libraryRoots, after, 50);
        if (batch.length === 0) break;
        after = batch.at(-1)!.id;
        let group: Staged[] = [];
        let bytes = 0;
        for (const [i, f] of batch.entries()) {
          if (this.stopped || wide) break;
          this.state = 'copying';
          const remote = remotePathOf(cfg, f.libraryPath);
          try {
            if (!session?.alive) {
              await settle();
              if (wide) break;
              session = await client.session();
            }
            const needed = await this.check(session, f, share, remote);
            if (needed) {
              group.push({ f, remote, local: needed });
              bytes += f.size;
            }
          } catch (err) {
            wide = this.fileFailed(err, f, share, remote);
            if (wide) break;
          }
          if (group.length && (group.length >= BATCH_FILES || bytes >= BATCH_BYTES || i === batch.length - 1)) {
            try {
              if (!session?.alive) {
                await settle();
                if (wide) break;
                session = await client.session();
              }
              while (ahead.length >= 2) await ahead.shift();
              const sent = group;
              const b = session.startBatch(sent.map((g) => ({ local: g.local, remote: g.remote, size: g.f.size, tempTag: String(g.f.id) })));
              ahead.push(b.putsDone);
              const t0 = performance.now();
              flights.push(
                b.done.then(
                  (results) => this.record(sent, results, share, t0),
                  (err: unknown) => {
                    wide ??= this.fileFailed(err, null, share, '');
                  },
                ),
              );
            } catch (err) {
              wide ??= this.fileFailed(err, null, share, '');
            }
            group = [];
            bytes = 0;
          }
        }
        // A file's failure may leave the candidates list ending mid-group: nothing is left unsent.
        if (this.stopped || wide) break;
      }
      await settle();
      return wide;
    } finally {
      await settle().catch(() => undefined);
      await session?.close();
    }
  }

  /** A file's own failure is recorded and the pass goes on; a failure of the whole share is returned. */
  private fileFailed(err: unknown, f: MirrorCandidate | null, share: string, remote: string): ShareError | null {
    const e = err instanceof ShareError ? err : new ShareError('local', (err as Error).message);
    if (SHARE_WIDE.has(e.problem) || !f) {
      this.failed(e, share);
      return e;
    }
    this.o.store.markFailed(f, share, remote, e.message, new Date(this.o.clock().getTime() + (this.o.fileRetryMs ?? 3_600_000)));
    this.o.log.warn({ fileId: f.id, path: f.libraryPath, problem: e.problem, detail: e.detail }, 'a file could not be mirrored; it is tried again later');
    return null;
  }

  /** The library file checked; its local path when it must be copied, null when the share already has it (a re-check). */
  private async check(session: ShareSession, f: MirrorCandidate, share: string, remote: string): Promise<string | null> {
    const local = join(f.libraryRoot, f.libraryPath);
    const st = await stat(local).catch((err: NodeJS.ErrnoException) => {
      throw new ShareError('local', `${f.libraryPath}: ${err.code ?? err.message}`);
    });
    if (st.size !== f.size) throw new ShareError('local', `${f.libraryPath} holds ${st.size} bytes, the library recorded ${f.size}`);
    if (f.prior === 'recheck' && (await session.sizeOf(remote)) === f.size) {
      this.o.store.markMirrored(f, share, remote, 'size');
      this.recovered();
      return null;
    }
    return local;
  }

  /** A group's answers: the files that landed marked in one transaction (one sync of the database for the group, not two a file). */
  private record(group: Staged[], results: (number | ShareError)[], share: string, t0: number): void {
    let sent = 0;
    this.o.store.db.transaction(() => {
      group.forEach((g, i) => {
        const r = results[i]!;
        if (typeof r === 'number') {
          this.o.store.markMirrored(g.f, share, g.remote, 'size');
          sent += r;
        }
      });
      if (sent > 0 && !this.cleared) this.o.store.clearError();
    })();
    group.forEach((g, i) => {
      const r = results[i]!;
      if (typeof r !== 'number') this.fileFailed(r, g.f, share, g.remote);
    });
    if (sent > 0) {
      this.cleared = true;
      this.recovered();
    }
    // The group's time from its puts being queued (behind the group before it) to its end:
    // the rate of the pipeline, not of one group alone.
    const ms = performance.now() - Math.max(t0, this.lastGroupEnd);
    this.lastGroupEnd = performance.now();
    if (sent > 256 * 1024 && ms > 0) {
      const r = (sent / ms) * 1000;
      this.rate = this.rate === null ? r : this.rate * 0.8 + r * 0.2;
    }
  }

  private failed(e: ShareError, share: string): void {
    this.o.store.setError(e.problem, e.message);
    if (this.streakProblem !== e.problem) {
      this.o.log.warn({ share, problem: e.problem, detail: e.detail }, `mirror waits: ${PROBLEM_WORDS[e.problem]}; it tries again by itself`);
    } else {
      this.o.log.debug({ share, problem: e.problem, tries: this.streak + 1 }, 'mirror still waiting');
    }
    this.streakProblem = e.problem;
  }

  private recovered(): void {
    if (this.streakProblem) {
      this.o.log.info({ after: this.streakProblem }, 'the share answers again; the mirror catches up');
    }
    this.streakProblem = null;
    this.streak = 0;
  }
}
