// Taking, checking and restoring a copy of the box's database (A2).
//
// Consistent while writes go on: SQLite's online backup API (better-sqlite3 `db.backup()`),
// every page in one step inside one read transaction, so the copy is one moment of the
// database, never half a transaction; in WAL mode writers go on meanwhile. Then gzip, to a temporary name, fsync,
// rename, fsync of the folder: after a power cut a backup name holds a whole backup or does
// not exist.
//
// A restore is staged: the checked database is put at <dataDir>/restore-pending.sqlite
// (again temporary name, fsync, rename), and the switch happens when the box (re)starts,
// before anything opens the database (applyPendingRestore): the current database and its WAL
// move to <dataDir>/before-restore/<time>/, the pending one takes its place.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, open, readdir, rename, rm, stat, statfs, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import Database from 'better-sqlite3';
import type { Db } from '../db/connection.js';
import { BackupCryptoError, decryptor, encryptor, isEncryptedFile } from './backup-crypto.js';
import { backupName, parseBackupName } from './backup-names.js';

export const PENDING_RESTORE = 'restore-pending.sqlite';
export const DB_FILE = 'studio-box.db';

export async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * mkdir -p, for good: every folder it makes is fsynced into its parent. A new folder's name is
 * in its parent's entries, which only an fsync of the parent puts on the disk; without it a
 * power cut can take the folder away with every backup committed in it (found by
 * test/backup/backup-power-cut.test.ts: the first backup into a new `backups/`, reported made,
 * gone after the cut).
 */
export async function mkdirDurable(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (first === undefined) return;
  // `first` is the top folder made; it and everything below it down to `dir` are new.
  for (let d = dir; ; d = dirname(d)) {
    await fsyncPath(dirname(d));
    if (d === first || dirname(d) === d) break;
  }
}

/** Moves `tmp` to `final` for good: the file's bytes, then the name, each synced. */
async function commit(tmp: string, final: string): Promise<void> {
  await fsyncPath(tmp);
  await rename(tmp, final);
  await fsyncPath(dirname(final));
}

/** Temporary files of backups, verifications, copies and restores, before their rename. */
const TMP_PREFIX = '.studio-box-tmp-';
const tmpName = (dir: string, tag: string) => join(dir, `${TMP_PREFIX}${tag}-${randomBytes(5).toString('hex')}`);

/** Takes a consistent backup of `db` into `dir` (encrypted when a passphrase is given); returns its name and size. */
export async function takeBackup(db: Db, dir: string, schemaVersion: number, at: Date, passphrase: string | null = null, o: { logN?: number } = {}): Promise<{ name: string; file: string; size: number }> {
  await mkdirDurable(dir);
  const raw = tmpName(dir, 'backup');
  const gz = tmpName(dir, 'backup-gz');
  try {
    // All pages in one step: the step reads inside one read transaction, so the copy is one
    // moment even while other connections write (in WAL mode they are not held up). Stepwise
    // copying restarts whenever another connection writes, and under steady writes never ends.
    await db.backup(raw, { progress: () => 0x7fffffff });
    const out = createWriteStream(gz, { flags: 'wx', mode: 0o600 });
    if (passphrase) await pipeline(createReadStream(raw), createGzip({ level: 6 }), encryptor(passphrase, o), out);
    else await pipeline(createReadStream(raw), createGzip({ level: 6 }), out);
    const name = backupName(at, schemaVersion, !!passphrase);
    const file = join(dir, name);
    await commit(gz, file);
    return { name, file, size: (await stat(file)).size };
  } finally {
    await unlink(raw).catch(() => undefined);
    await unlink(gz).catch(() => undefined);
  }
}

/** Copies a finished backup into another folder (the backup disk) with the same care. */
export async function copyDurably(file: string, dir: string): Promise<string> {
  await mkdirDurable(dir);
  const tmp = tmpName(dir, 'copy');
  const final = join(dir, basename(file));
  try {
    await copyFile(file, tmp);
    await commit(tmp, final);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  return final;
}

/** The backup names in `dir`, newest first (a missing folder has none). */
export async function listBackupNames(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names.filter((n) => parseBackupName(n)).sort().reverse();
}

export class BackupCheckError extends Error {
  constructor(
    message: string,
    /** 'passphrase' when the passphrase is missing or wrong; the backup is fine for all we know. */
    readonly field: 'backup' | 'passphrase' = 'backup',
  ) {
    super(message);
    this.name = 'BackupCheckError';
  }
}

export interface BackupContents {
  schemaVersion: number;
  customers: number;
  orders: number;
  lastPaymentAt: string | null;
  /** Newest change the audit log records: what the backup's data reach to. */
  lastChangeAt: string | null;
}

/** What a database file holds; throws BackupCheckError when it is not a sound Studio Box database. */
/**
 * A restored database starts with no session: those in the backup were ended since (logout, a
 * password reset, a disabled user) or belong to browsers that moved on; none may come back to
 * life. Everyone logs in again. Written back into the one file (no WAL left beside it).
 */
function endSessions(file: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
    db.exec('DELETE FROM sessions');
  } finally {
    db.close();
  }
}

function inspectDatabase(file: string, newestSchema: number): BackupContents {
  let db: Db;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new BackupCheckError(`not a database: ${(err as Error).message}`);
  }
  try {
    let integrity: string;
    try {
      integrity = (db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    } catch (err) {
      throw new BackupCheckError(`not a database: ${(err as Error).message}`);
    }
    if (integrity !== 'ok') throw new BackupCheckError(`the database is damaged: ${integrity.slice(0, 300)}`);
    const one = <T>(sql: string): T | null => {
      try {
        return db.prepare(sql).pluck().get() as T;
      } catch {
        return null;
      }
    };
    const schemaVersion = one<number>('SELECT MAX(version) FROM schema_version');
    if (schemaVersion === null) throw new BackupCheckError('not a Studio Box database (no schema version)');
    if (schemaVersion > newestSchema) throw new BackupCheckError(`the backup's schema version ${schemaVersion} is newer than this software knows (${newestSchema}): update the software first`);
    return {
      schemaVersion,
      customers: one<number>('SELECT COUNT(*) FROM customers') ?? 0,
      orders: one<number>('SELECT COUNT(*) FROM orders') ?? 0,
      lastPaymentAt: one<string>('SELECT MAX(at) FROM payments'),
      lastChangeAt: one<string>('SELECT MAX(at) FROM audit_log'),
    };
  } finally {
    db.close();
  }
}

/** Room an unpacked backup must leave free where it is unpacked (the SD card). */
const KEEP_FREE_BYTES = 256 * 1024 * 1024;

/**
 * Stops an unpacked database that would not fit: a backup (or a crafted file) that unpacks to
 * more than the free space, less a reserve, is refused before the card is full.
 */
async function sizeGuard(dir: string): Promise<Transform> {
  const fs = await statfs(dir);
  const room = fs.bavail * fs.bsize - KEEP_FREE_BYTES;
  let n = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      n += chunk.length;
      if (n > room) return done(new BackupCheckError(`the backup unpacks to more than the ${Math.max(0, Math.floor(room / 1e6))} MB free on the box's SD card`));
      done(null, chunk);
    },
  });
}

/** Unpacks a backup (gzip, decrypted first when it is encrypted) into `out`. */
async function unpack(file: string, out: string, passphrase: string | null): Promise<void> {
  try {
    const encrypted = await isEncryptedFile(file);
    const guard = await sizeGuard(dirname(out));
    const write = createWriteStream(out, { flags: 'wx', mode: 0o600 });
    if (encrypted) await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), decryptor(passphrase), createGunzip(), guard, write);
    else await pipeline(createReadStream(file), createGunzip(), guard, write);
  } catch (err) {
    await unlink(out).catch(() => undefined);
    if (err instanceof BackupCheckError) throw err;
    if (err instanceof BackupCryptoError) throw new BackupCheckError(err.message, err.reason === 'damaged' ? 'backup' : 'passphrase');
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new BackupCheckError(`no such backup: ${file}`);
    throw new BackupCheckError(`not a Studio Box backup (${code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' ? 'not gzip data, or cut short' : (err as Error).message})`);
  }
}

/** Unpacks and checks a backup: integrity_check, schema version not newer than the code; what it holds. */
export async function verifyBackup(file: string, scratchDir: string, newestSchema: number, passphrase: string | null = null): Promise<BackupContents> {
  await mkdir(scratchDir, { recursive: true });
  const out = tmpName(scratchDir, 'verify');
  try {
    await unpack(file, out, passphrase);
    return inspectDatabase(out, newestSchema);
  } finally {
    await unlink(out).catch(() => undefined);
  }
}

/** Checks the backup and puts it where the next start switches to it. */
export async function stageRestore(file: string, dataDir: string, newestSchema: number, passphrase: string | null = null): Promise<BackupContents> {
  const out = tmpName(dataDir, 'restore');
  try {
    await unpack(file, out, passphrase);
    const contents = inspectDatabase(out, newestSchema);
    endSessions(out);
    await commit(out, join(dataDir, PENDING_RESTORE));
    return contents;
  } finally {
    for (const f of [out, `${out}-wal`, `${out}-shm`]) await unlink(f).catch(() => undefined);
  }
}

/**
 * At start, before the database is opened: a staged restore takes the database's place. The
 * database it replaces (with its WAL and shared-memory files) is kept in
 * before-restore/<time>/. Returns that folder, or null when nothing was staged.
 */
export async function applyPendingRestore(dataDir: string, at: Date): Promise<string | null> {
  const pending = join(dataDir, PENDING_RESTORE);
  try {
    await stat(pending);
  } catch {
    return null;
  }
  const aside = join(dataDir, 'before-restore', at.toISOString().replace(/[:.]/g, '-'));
  await mkdirDurable(aside);
  for (const suffix of ['', '-wal', '-shm']) {
    const f = join(dataDir, `${DB_FILE}${suffix}`);
    try {
      await rename(f, join(aside, `${DB_FILE}${suffix}`));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  await fsyncPath(aside);
  await rename(pending, join(dataDir, DB_FILE));
  await fsyncPath(dataDir);
  return aside;
}

/** A temporary file untouched this long belongs to nothing running (a backup of a big database takes minutes). */
export const STALE_TMP_AGE_MS = 3_600_000;

/**
 * Removes the temporary files in `dir` that a backup, copy or restore cut short (a power cut, a
 * kill) left behind: a whole raw copy of the database among them, which nothing else would ever
 * remove. Only those untouched for STALE_TMP_AGE_MS: a younger one may be another process's
 * work in progress (`studio-box backup now` or `restore` beside the daemon). Returns the names.
 */
export async function removeStaleTemps(dir: string, now: Date): Promise<string[]> {
  const removed: string[] = [];
  for (const n of await readdir(dir).catch(() => [] as string[])) {
    if (!n.startsWith(TMP_PREFIX)) continue;
    const st = await stat(join(dir, n)).catch(() => null);
    if (!st?.isFile() || now.getTime() - st.mtimeMs <= STALE_TMP_AGE_MS) continue;
    await unlink(join(dir, n)).then(() => removed.push(n), () => undefined);
  }
  return removed;
}

/** Removes a staged restore that was not applied (the admin changed their mind). */
export async function dropPendingRestore(dataDir: string): Promise<void> {
  await rm(join(dataDir, PENDING_RESTORE), { force: true });
}
