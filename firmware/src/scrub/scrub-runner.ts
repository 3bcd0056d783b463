// One pass of the scrub: every stored file after the run's position, both copies read back
// from the disk (read-back.ts: O_DIRECT, else after dropping the file from the page cache) at
// a capped rate, compared with the recorded XXH3-128, and put right from the good copy.
//
// Order and resumption: files in id order; the run's position (the last id fully handled) is
// saved every few files and whenever the pass stops, so after a pause or a restart the pass
// goes on where it was (at most the last few files are read again, which changes nothing).
//
// Never a false alarm from a disk that went away: a missing or unreadable copy is believed
// only if both disks still answer `disksReady()` afterwards; otherwise the pass stops as
// paused ('disk') without recording anything and without moving past the file.
//
// Never beside an ingest: before each file, and again before writing a repair, the pass waits
// while `busy()` (a card is being copied); the copy engine may be repairing the same rows.
import type { ScrubFinding } from '../api-types.js';
import type { Logger } from '../log.js';
import { readBack, type ReadBackMethod } from '../ingest/copy/read-back.js';
import { weakerMethod } from '../ingest/copy/verifier.js';
import { join } from 'node:path';
import { classify, decide, describeCopy, type CopyState, type DiskRole } from './scrub-check.js';
import { repairCopy, RepairError } from './scrub-repair.js';
import type { RunProgress, ScrubFile, ScrubRoots, ScrubStore } from './scrub-store.js';

export interface ScrubRunnerDeps {
  store: ScrubStore;
  roots: ScrubRoots;
  log: Logger;
  /** Aborted to pause or stop the pass; the pass saves its position and returns 'aborted'. */
  signal: AbortSignal;
  /** Awaited per chunk read (the rate cap, read-pace.ts). */
  pace?: (n: number) => Promise<void>;
  /** True while an ingest job runs: the pass waits. */
  busy?: () => boolean;
  /** Null when both disks are there; else why not. */
  disksReady: () => Promise<string | null>;
  /**
   * A third copy when neither disk has a good one: a local path holding the file's bytes,
   * already checked against the recorded hash, or null. The mirror (H4) fetches it from the
   * studio PC's share (mirror-service.ts); both disks are then written again from it.
   */
  thirdCopy?: (f: ScrubFile) => Promise<string | null>;
  /** Removes what thirdCopy() fetched, once used. */
  releaseThirdCopy?: (path: string) => Promise<void>;
  onFinding?: (f: ScrubFinding) => void;
  onProgress?: (p: RunProgress) => void;
  /** Milliseconds between checks while waiting for an ingest (default 2000). */
  busyPollMs?: number;
}

export type PassEnd = { end: 'done' } | { end: 'aborted' } | { end: 'disk'; reason: string };

const SAVE_EVERY_FILES = 25;

/** The weaker of two read-backs (the engine's rule, verifier.ts); null (not read) counts as the weakest. */
export function weaker(a: ReadBackMethod | null, b: ReadBackMethod | null): ReadBackMethod {
  return !a || !b ? 'cached' : weakerMethod(a, b);
}
const SAVE_EVERY_MS = 5000;

async function readCopy(path: string, f: ScrubFile, d: ScrubRunnerDeps): Promise<{ state: CopyState; method: ReadBackMethod | null }> {
  try {
    const r = await readBack(path, { signal: d.signal, pace: d.pace });
    return { state: classify(f, r), method: r.method };
  } catch (err) {
    if (d.signal.aborted) throw err;
    return { state: classify(f, { error: err as Error }), method: null };
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

async function waitWhileBusy(d: ScrubRunnerDeps): Promise<void> {
  while (d.busy?.() && !d.signal.aborted) await sleep(d.busyPollMs ?? 2000, d.signal);
}

export async function runScrubPass(runId: number, customerId: number | null, d: ScrubRunnerDeps): Promise<PassEnd> {
  const { store, log } = d;
  const p = store.progress(runId);
  let unsaved = 0;
  let savedAt = performance.now();
  const save = (force = false) => {
    if (!force && unsaved < SAVE_EVERY_FILES && performance.now() - savedAt < SAVE_EVERY_MS) return;
    store.saveProgress(runId, p);
    unsaved = 0;
    savedAt = performance.now();
    d.onProgress?.({ ...p });
  };
  const abs = (f: ScrubFile, role: DiskRole) => (role === 'library' ? join(f.libraryRoot, f.libraryPath) : join(f.backupRoot, f.backupPath));
  const rootOf = (f: ScrubFile, role: DiskRole) => (role === 'library' ? f.libraryRoot : f.backupRoot);
  const finding = (x: Parameters<ScrubStore['addFinding']>[0]) => {
    const made = store.addFinding(x);
    log.warn({ file: made.path, disk: made.disk, kind: made.kind, outcome: made.outcome, detail: made.detail }, 'scrub finding');
    d.onFinding?.(made);
  };

  try {
    for (;;) {
      const batch = store.filesAfter(d.roots, customerId, p.position, 100);
      if (batch.length === 0) break;
      for (const f of batch) {
        await waitWhileBusy(d);
        d.signal.throwIfAborted();
        const lib = await readCopy(abs(f, 'library'), f, d);
        const bak = await readCopy(abs(f, 'backup'), f, d);
        const verdict = decide(lib.state, bak.state);
        if (verdict.action !== 'none') {
          const gone = await d.disksReady();
          if (gone) {
            save(true);
            return { end: 'disk', reason: gone };
          }
          await waitWhileBusy(d);
          d.signal.throwIfAborted();
          if (!store.unchanged(f)) {
            // The copy engine changed the row meanwhile (a re-ingest repaired it): its business.
            p.position = f.id;
            continue;
          }
        }
        if (verdict.action === 'none') {
          store.markGood(f, weaker(lib.method, bak.method));
        } else if (verdict.action === 'repair') {
          p.filesBad++;
          const detail = describeCopy(verdict.target, verdict.bad);
          try {
            const method = await repairCopy(verdict.target, rootOf(f, verdict.target), abs(f, verdict.from), abs(f, verdict.target), f, { signal: d.signal, pace: d.pace });
            store.db.transaction(() => {
              store.markGood(f, weaker(method, verdict.from === 'library' ? lib.method : bak.method));
              finding({ runId, file: f, disk: verdict.target, kind: verdict.bad.kind as 'mismatch' | 'missing' | 'unreadable', outcome: 'repaired', detail: `${detail}; written again from the ${verdict.from} copy and read back with the recorded hash` });
            })();
            p.filesRepaired++;
          } catch (err) {
            if (d.signal.aborted && !(err instanceof RepairError)) throw err;
            const why = `${detail}; repair from the ${verdict.from} copy failed: ${(err as Error).message}`;
            store.db.transaction(() => {
              store.markOneCopy(f, why);
              finding({ runId, file: f, disk: verdict.target, kind: verdict.bad.kind as 'mismatch' | 'missing' | 'unreadable', outcome: 'repair_failed', detail: why });
            })();
          }
        } else {
          p.filesBad++;
          const third = d.thirdCopy ? await d.thirdCopy(f) : null;
          const bad = `${describeCopy('library', verdict.library)}; ${describeCopy('backup', verdict.backup)}`;
          let repairedFromThird = false;
          let thirdFailure: string | null = null;
          if (third) {
            // Both disks written again from the share's copy, which thirdCopy() hashed already.
            try {
              await waitWhileBusy(d);
              d.signal.throwIfAborted();
              const mLib = await repairCopy('library', f.libraryRoot, third, abs(f, 'library'), f, { signal: d.signal, pace: d.pace });
              const mBak = await repairCopy('backup', f.backupRoot, third, abs(f, 'backup'), f, { signal: d.signal, pace: d.pace });
              store.db.transaction(() => {
                store.markGood(f, weaker(mLib, mBak));
                finding({ runId, file: f, disk: 'both', kind: 'both_bad', outcome: 'repaired', detail: `${bad}; both written again from the copy on the studio PC's shared folder and read back with the recorded hash` });
              })();
              p.filesRepaired++;
              repairedFromThird = true;
            } catch (err) {
              if (d.signal.aborted && !(err instanceof RepairError)) throw err;
              thirdFailure = (err as Error).message;
            } finally {
              await d.releaseThirdCopy?.(third);
            }
          }
          if (!repairedFromThird) {
            p.filesLost++;
            const detail = `${bad}; ${
              thirdFailure
                ? `writing them again from the shared folder's copy failed: ${thirdFailure}`
                : d.thirdCopy
                  ? 'no good copy on the studio PC either (no shared folder set up, the file not mirrored yet, or the PC cannot be reached): re-ingest the card if it still exists'
                  : 'no other copy is known (the network mirror is not set up): re-ingest the card if it still exists'
            }`;
            store.db.transaction(() => {
              store.markNoGoodCopy(f, detail);
              finding({ runId, file: f, disk: 'both', kind: 'both_bad', outcome: 'unrepairable', detail });
            })();
          }
        }
        p.position = f.id;
        p.filesChecked++;
        p.bytesChecked += f.size * 2;
        unsaved++;
        save();
      }
    }
    save(true);
    return { end: 'done' };
  } catch (err) {
    save(true);
    if (d.signal.aborted) return { end: 'aborted' };
    throw err;
  }
}
