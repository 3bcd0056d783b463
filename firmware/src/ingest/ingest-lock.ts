// One ingesting process at a time per database: the daemon, or `studio-box ingest` in a shell.
// Start-up recovery deletes temporary files and marks running jobs interrupted, which would
// wreck a copy that another live process is making. Node has no flock(), and the database is
// the thing both share, so the owner is a row: (pid, boot id). A row whose process is gone
// (killed, crashed, or from before a reboot: another boot id) is taken over.
import { readFileSync } from 'node:fs';
import type { Db } from '../db/connection.js';
import { isoNow, type Clock } from '../util/clock.js';
import { IngestBusyError } from './ingest-errors.js';

export function bootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return ''; // not Linux: pids alone
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the ingest lock for this process, or throws IngestBusyError naming the holder. */
export function acquireIngestLock(db: Db, clock: Clock, what: string): () => void {
  const boot = bootId();
  db.transaction(() => {
    const row = db.prepare('SELECT pid, boot_id, what, since FROM ingest_owner WHERE id = 1').get() as
      | { pid: number; boot_id: string; what: string; since: string }
      | undefined;
    if (row && row.pid !== process.pid && row.boot_id === boot && alive(row.pid)) {
      throw new IngestBusyError({ pid: row.pid, what: row.what, since: row.since });
    }
    db.prepare(
      `INSERT INTO ingest_owner (id, pid, boot_id, what, since) VALUES (1, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET pid = excluded.pid, boot_id = excluded.boot_id, what = excluded.what, since = excluded.since`,
    ).run(process.pid, boot, what, isoNow(clock));
  }).immediate();
  return () => {
    db.prepare('DELETE FROM ingest_owner WHERE id = 1 AND pid = ?').run(process.pid);
  };
}
