// Start-up recovery of card ingest: what a crash, kill or power cut left behind is put right
// before any new job runs (IngestService.start and the CLI run it after taking the ingest lock).
//
//  1. Pending rows (file-commit.ts explains how each crash window leaves one). For each disk:
//       - the final name exists with the recorded size and hash (read from the disk)  -> good;
//         a temporary name still beside it (crash between link and unlink) is removed;
//       - else the temporary name exists with the recorded size and hash -> renamed to the
//         final name (ours: the row claimed it) -> good;
//       - else nothing usable: a temporary with other bytes is removed (it was never
//         complete); a final name with other bytes is left alone and reported.
//     Then: both disks good -> the row is 'verified' (it was just read back) and counted on its
//     job; neither disk has it -> nothing was stored: the row goes (a repair goes back to its
//     earlier state), the file is copied again on the next ingest of the card; one disk only
//     -> the row stays, 'missing' or 'mismatch', with an error naming the disk, the good copy
//     is kept, and the next ingest of the card writes both again.
// Only what this engine wrote (jobs with its library and backup roots): another engine sharing
// the database (the library-only one, whose backup is a holding folder) recovers its own.
//
//  2. Every temporary file (`.studio-box-tmp-*`) in the folders of the jobs that were running
//     is removed from both disks: after step 1 no row needs one.
//  3. Jobs that were running (queued, copying, verifying) become 'interrupted' (code
//     'crashed'), their counters showing what was stored and verified.
// Each step is idempotent and each file is settled in its own transaction, so recovery that
// is itself interrupted simply runs again.
import { readdir, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Logger } from '../../log.js';
import { exists, fsyncDir, type Roots } from './file-commit.js';
import type { DiskRole } from '../ingest-errors.js';
import type { FileRow, IngestStore } from './ingest-store.js';
import { isTempName } from './library-layout.js';
import { diskFs, unverifiedReason } from './disk-fs.js';
import { isProof, readBack, type ReadBackMethod } from './read-back.js';
import { weakerMethod } from './verifier.js';

export interface RecoveryReport {
  /** Pending files found complete on both disks and recorded as verified. */
  filesRecorded: number;
  /** Pending files found on neither disk: rows removed (or repairs reverted). */
  filesDropped: number;
  /** Pending files found on one disk only, or with other bytes: kept, marked missing/mismatch. */
  filesDamaged: number;
  tempFilesRemoved: number;
  jobsInterrupted: number;
}

export interface RecoveryHooks {
  /** After each pending row is settled (tests kill the process here). */
  point?(name: 'recovery-file-settled'): void;
}


type Side = { state: 'good'; method: ReadBackMethod } | { state: 'absent' } | { state: 'bad'; why: string };

async function matches(path: string, f: FileRow): Promise<{ ok: true; method: ReadBackMethod } | { ok: false; why: string }> {
  try {
    const r = await readBack(path);
    if (r.size === f.size && r.hash === f.hash) return { ok: true, method: r.method };
    return { ok: false, why: `${r.size} bytes with hash ${r.hash}, expected ${f.size} bytes with ${f.hash}` };
  } catch (err) {
    return { ok: false, why: (err as Error).message };
  }
}

async function settleSide(role: DiskRole, root: string, finalRel: string, tmpRel: string | null, f: FileRow, log: Logger): Promise<Side> {
  const final = join(root, finalRel);
  const tmp = tmpRel ? join(root, tmpRel) : null;
  const tmpThere = tmp !== null && (await exists(tmp));
  if (await exists(final)) {
    const m = await matches(final, f);
    if (m.ok) {
      if (tmpThere) await unlink(tmp!);
      return { state: 'good', method: m.method };
    }
    if (tmpThere) {
      const t = await matches(tmp!, f);
      if (t.ok) {
        // Only reachable for a repair (rename over our own bad copy) or a disk that lost data.
        await rename(tmp!, final);
        await fsyncDir(role, dirname(final));
        return { state: 'good', method: t.method };
      }
      await unlink(tmp!);
    }
    log.error({ role, path: finalRel, why: m.why }, 'recovery: final file does not have the recorded bytes');
    return { state: 'bad', why: `${role} copy ${finalRel}: ${m.why}` };
  }
  if (tmpThere) {
    const t = await matches(tmp!, f);
    if (t.ok) {
      await rename(tmp!, final);
      await fsyncDir(role, dirname(final));
      return { state: 'good', method: t.method };
    }
    await unlink(tmp!); // never complete: the crash came before its fsync
  }
  return { state: 'absent' };
}

export async function recoverIngest(deps: { store: IngestStore; roots: Roots; log: Logger; hooks?: RecoveryHooks | undefined }): Promise<RecoveryReport> {
  const { store, roots, log } = deps;
  const report: RecoveryReport = { filesRecorded: 0, filesDropped: 0, filesDamaged: 0, tempFilesRemoved: 0, jobsInterrupted: 0 };

  // 1. Pending rows.
  for (const f of store.pendingFiles(roots)) {
    const lib = await settleSide('library', roots.library, f.library_path, f.library_tmp, f, log);
    const bak = await settleSide('backup', roots.backup, f.backup_path, f.backup_tmp, f, log);
    if (lib.state === 'good' && bak.state === 'good') {
      // Right bytes on both disks; verified only if both reads were proof (else read back later).
      const weak = !isProof(lib.method) ? { role: 'library' as const, method: lib.method } : !isProof(bak.method) ? { role: 'backup' as const, method: bak.method } : null;
      const note = weak ? `copied, not yet verified: ${unverifiedReason(weak.role, roots[weak.role], weak.method, await diskFs(roots[weak.role]))}` : null;
      store.markRecovered(f.id, weakerMethod(lib.method, bak.method), note);
      report.filesRecorded++;
    } else if (lib.state === 'absent' && bak.state === 'absent') {
      if (f.prior_state) store.revertRepair(f.id);
      else store.deleteFile(f.id);
      report.filesDropped++;
    } else {
      const why = [lib, bak]
        .map((s, i) => (s.state === 'absent' ? `${i ? 'backup' : 'library'} copy not found` : s.state === 'bad' ? s.why : null))
        .filter(Boolean)
        .join('; ');
      const bad = lib.state === 'bad' || bak.state === 'bad';
      store.markBad(f.id, f.job_id, bad ? 'mismatch' : 'missing', `after a crash: ${why}`);
      report.filesDamaged++;
    }
    log.info({ fileId: f.id, path: f.library_path, library: lib.state, backup: bak.state }, 'recovery: pending file settled');
    deps.hooks?.point?.('recovery-file-settled');
  }

  // 2 and 3. Temporary files of the jobs that were running, then the jobs themselves.
  for (const job of store.activeJobs(roots)) {
    for (const [role, root] of [['library', roots.library], ['backup', roots.backup]] as const) {
      const dir = join(root, job.folder, job.subfolder);
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      const temps = names.filter(isTempName);
      for (const name of temps) {
        await unlink(join(dir, name)).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err;
        });
        report.tempFilesRemoved++;
        log.info({ role, dir, name }, 'recovery: temporary file removed');
      }
      // The removals must be on the disk before the job is marked interrupted: after that no
      // recovery looks in this folder again, and a power cut would bring the temporaries back
      // (found by engine-power-cut.test.ts).
      if (temps.length) await fsyncDir(role, dir);
    }
    const j = store.job(job.id);
    store.setState(job.id, 'interrupted', {
      errorCode: 'crashed',
      error: `The box stopped during this copy (power cut, crash or restart). ${j.filesCopied} of ${j.filesTotal} files were stored on both disks, ${j.filesVerified} verified. Insert the card again to finish.`,
    });
    report.jobsInterrupted++;
  }
  if (report.filesRecorded + report.filesDropped + report.filesDamaged + report.tempFilesRemoved + report.jobsInterrupted > 0) {
    log.warn(report, 'ingest recovered after an unclean stop');
  }
  return report;
}
