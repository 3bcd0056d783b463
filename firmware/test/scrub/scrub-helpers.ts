// A customer's card copied by the real ingest engine onto two disks, for the scrub's tests.
import type { Db } from '../../src/db/connection.js';
import { IngestService } from '../../src/ingest/ingest-service.js';
import { rawLike, silentLog, writeTree } from '../ingest/engine-helpers.js';

export interface StoredRow {
  id: number;
  library_path: string;
  backup_path: string;
  hash: string;
  size: number;
}

/** Ingests a card of `n` RAW-like files (plus `extra`) from `cardDir`; returns the stored rows in id order. */
export async function ingestCard(
  db: Db,
  roots: { library: string; backup: string },
  customerId: number,
  cardDir: string,
  n: number,
  extra: Record<string, Buffer> = {},
  /** FUSE disks: the job ends "copied to both disks but not verified", which is expected there. */
  opts: { unverifiable?: boolean } = {},
): Promise<StoredRow[]> {
  const spec: Record<string, Buffer> = { ...extra };
  for (let i = 0; i < n; i++) spec[`IMG_${String(100 + i).padStart(4, '0')}.CR2`] = rawLike(60_000 + i * 1000);
  writeTree(cardDir, { '100CANON': spec });
  const clock = () => new Date();
  const ingest = new IngestService({ db, clock, log: silentLog, libraryRoot: roots.library, backupRoot: roots.backup, timeZone: () => 'Asia/Ho_Chi_Minh' });
  await ingest.start();
  const job = await ingest.waitForJob((await ingest.startJob({ sourceRoot: cardDir, customerId })).id);
  await ingest.stop();
  const unverified = opts.unverifiable && job.state === 'failed' && /copied to both disks but not verified/.test(job.error ?? '');
  if (job.state !== 'done' && !unverified) throw new Error(`ingest ended ${job.state}: ${job.error}`);
  return db.prepare(`SELECT id, library_path, backup_path, hash, size FROM ingest_files WHERE customer_id = ? ORDER BY id`).all(customerId) as StoredRow[];
}
