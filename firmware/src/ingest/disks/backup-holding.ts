// The second copy of a card copied while the backup disk was missing (an admin's override).
//
// The copy engine always writes two copies and reads both back. When an admin accepts copying
// a card without the backup disk, the box runs the engine with the backup copy pointed at a
// holding folder on the library disk (`<library>/.studio-box-backup-pending/`, laid out exactly
// like the backup disk). The database then records each file's backup path as usual, relative
// to the backup root; until the backup disk is back those bytes sit in the holding folder.
// Two copies on one disk protect against a bad sector, not against losing the disk: screens
// say "backup pending" for those jobs until this mover has put them on the backup disk.
//
// catchUp() moves them. Jobs record the roots they wrote to, so the held jobs are those whose
// backup root is the holding folder. For each of their stored files it copies the held copy to
// the backup disk under a temporary name, fsyncs it, gives it its final name without replacing
// anything, fsyncs the folder, reads it back from the disk and compares the hash the database
// recorded; only then is the held copy removed. When every file of a job is on the backup
// disk, the job's backup root becomes the backup disk's. A crash at any point leaves the held
// copy (or an already complete copy, recognised by its hash), so the next run simply goes on.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, open, readdir, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Db } from '../../db/connection.js';
import type { Logger } from '../../log.js';
import type { Disk } from './disk.js';
import { fsyncDir, placeNoReplace } from '../copy/file-commit.js';
import { TEMP_PREFIX } from '../copy/library-layout.js';
import { readBack } from '../copy/read-back.js';

export const HOLDING_FOLDER = '.studio-box-backup-pending';
const MOVE_TEMP = `${TEMP_PREFIX}move-`;

export interface CatchUpResult {
  moved: number;
  /** Held files the backup disk has other bytes for, or that are gone: left as they are. */
  left: number;
  /** Why nothing was done (backup disk not there, busy). */
  skipped: string | null;
}

export class BackupHolding {
  private running: Promise<CatchUpResult> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly reported = new Set<string>();

  constructor(
    private readonly opts: {
      /** The holding folder: `<library root>/.studio-box-backup-pending`. */
      root: string;
      backup: Disk;
      db: Db;
      log: Logger;
      /** True while a library-only copy writes into the holding folder: nothing is moved then. */
      busy: () => boolean;
      onMoved?: (r: CatchUpResult) => void;
      intervalMs?: number;
    },
  ) {}

  get root(): string {
    return this.opts.root;
  }

  start(): void {
    const every = this.opts.intervalMs ?? 60_000;
    const tick = () => {
      this.timer = setTimeout(() => void this.catchUp().finally(tick), every);
      this.timer.unref();
    };
    void this.catchUp().finally(tick);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Files still in the holding folder. */
  async pending(): Promise<number> {
    return (await this.heldFiles(this.opts.root)).length;
  }

  /** Moves what is held to the backup disk when it is there. One run at a time. */
  catchUp(): Promise<CatchUpResult> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  private async heldFiles(dir: string): Promise<string[]> {
    const out: string[] = [];
    const walk = async (d: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(d, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const p = join(d, e.name);
        if (e.isDirectory()) await walk(p);
        else if (e.isFile() && !e.name.startsWith(TEMP_PREFIX)) out.push(p);
      }
    };
    await walk(dir);
    return out.sort();
  }

  /**
   * Library-only jobs (their backup root is the holding folder) that are over, with their
   * stored files. Jobs record their roots: once every file of a job is on the backup disk, the
   * job's backup root becomes the backup disk's and the database says where the copy really is.
   */
  private heldJobs(): { jobId: number; files: { size: number; hash: string; backup_path: string }[] }[] {
    const jobs = this.opts.db
      .prepare(`SELECT id FROM ingest_jobs WHERE backup_root = ? AND state NOT IN ('queued', 'copying', 'verifying') ORDER BY id`)
      .all(resolve(this.opts.root)) as { id: number }[];
    return jobs.map((j) => ({
      jobId: j.id,
      files: this.opts.db.prepare(`SELECT size, hash, backup_path FROM ingest_files WHERE job_id = ? AND state IN ('copied', 'verified') ORDER BY id`).all(j.id) as {
        size: number;
        hash: string;
        backup_path: string;
      }[],
    }));
  }

  private async run(): Promise<CatchUpResult> {
    const result: CatchUpResult = { moved: 0, left: 0, skipped: null };
    if (this.opts.busy()) return { ...result, skipped: 'a library-only copy is running' };
    const jobs = this.heldJobs();
    if (jobs.length === 0) return result;
    const disk = this.opts.backup;
    const health = await disk.health();
    if ((health.state !== 'ok' && health.state !== 'simulated') || !(await disk.stillMounted())) {
      return { ...result, skipped: `the backup disk is not there: ${health.error ?? health.state}` };
    }
    for (const job of jobs) {
      let allThere = true;
      for (const f of job.files) {
        if (this.opts.busy()) return result;
        try {
          const r = await this.moveOne(f, disk.root);
          if (r === 'moved') result.moved++;
          else if (r === 'left') {
            result.left++;
            allThere = false;
          }
        } catch (err) {
          result.left++;
          allThere = false;
          this.opts.log.error({ err, file: f.backup_path }, 'backup catch-up: cannot move a held file; it stays on the library disk');
        }
      }
      if (allThere) {
        this.opts.db.prepare('UPDATE ingest_jobs SET backup_root = ? WHERE id = ? AND backup_root = ?').run(resolve(disk.root), job.jobId, resolve(this.opts.root));
        this.opts.log.info({ jobId: job.jobId, files: job.files.length }, 'backup catch-up: the job\'s files are on the backup disk now');
      }
    }
    await this.pruneEmpty(this.opts.root);
    if (result.moved > 0) {
      this.opts.log.info(result, 'backup catch-up: held copies moved to the backup disk');
      this.opts.onMoved?.(result);
    }
    return result;
  }

  /** Puts one stored file's held copy on the backup disk: 'moved', 'there' (already was), or 'left'. */
  private async moveOne(row: { size: number; hash: string; backup_path: string }, backupRoot: string): Promise<'moved' | 'there' | 'left'> {
    const rel = row.backup_path;
    const held = join(this.opts.root, rel);
    const dest = join(backupRoot, rel);
    const there = await readBack(dest).catch(() => null);
    const heldExists = await stat(held).then(
      () => true,
      () => false,
    );
    if (there) {
      if (there.size === row.size && there.hash === row.hash) {
        if (heldExists) await unlink(held);
        return heldExists ? 'moved' : 'there';
      }
      if (!this.reported.has(rel)) this.opts.log.error({ file: rel }, 'backup catch-up: the backup disk has other bytes under this name; both kept');
      this.reported.add(rel);
      return 'left';
    }
    if (!heldExists) {
      if (!this.reported.has(rel)) this.opts.log.error({ file: rel }, 'backup catch-up: the held copy is gone and the backup disk does not have it');
      this.reported.add(rel);
      return 'left';
    }
    const dir = dirname(dest);
    await mkdir(dir, { recursive: true });
    for (const name of await readdir(dir)) if (name.startsWith(MOVE_TEMP)) await unlink(join(dir, name)).catch(() => undefined);
    const tmp = join(dir, `${MOVE_TEMP}${randomBytes(6).toString('hex')}`);
    try {
      await copyFile(held, tmp, constants.COPYFILE_EXCL);
      const fh = await open(tmp, 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      await placeNoReplace('backup', tmp, dest);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw err;
    }
    await fsyncDir('backup', dir);
    const back = await readBack(dest);
    if (back.size !== row.size || back.hash !== row.hash) {
      throw new Error(`${rel} read back from the backup disk as ${back.hash}, expected ${row.hash}`);
    }
    await unlink(held);
    return 'moved';
  }

  private async pruneEmpty(dir: string): Promise<boolean> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return false;
    }
    let empty = true;
    for (const e of entries) {
      if (e.isDirectory() && (await this.pruneEmpty(join(dir, e.name)))) continue;
      empty = false;
    }
    if (empty && dir !== this.opts.root) {
      await rmdir(dir).catch(() => undefined);
      return true;
    }
    return empty;
  }
}
