// Giving a copied file its final names on both disks and recording it: the crash-safe step.
//
// When this runs, teeCopy has written the bytes to a temporary name in each destination folder
// (`.studio-box-tmp-<job>-<n>`) and fsynced both files. Then, in this order, each step durable
// before the next:
//
//   2. INSERT the row, state 'pending', with the final AND temporary names, size and hash
//      (and the card file identity). COMMIT (SQLite WAL, synchronous=FULL: on disk).
//   3. link() library temp -> final name, unlink the temp (rename without replace; see place()).
//   4. the same on the backup disk.
//   5. fsync both destination folders: the new names are on disk.
//   6. UPDATE state 'copied', temporary names cleared. COMMIT.
//
// Why the intent (2) comes BEFORE the renames rather than "rename, then insert": a final file
// with no row at all cannot be told apart, after a crash, from a file a person copied into the
// folder over SMB, and its hash would be unknown. With the intent first, every file under a
// final name that we made has a row that names it and says what its bytes must hash to.
//
// What start-up recovery (recovery.ts) finds after a crash or power cut in each window:
//   before 2   temporary files only, no row. Removed (they may be partial). The file is
//              copied again when the card is next ingested.
//   2 .. 3     a pending row; both temporaries complete (fsynced in step 1), no final name.
//   3 .. 5     a pending row; the library file under its final name (or, after a power cut
//              before 5, possibly still under its temporary name: a rename is only durable
//              once its folder is fsynced), the backup under its temporary name or final.
//   5 .. 6     a pending row; both final names.
//   For a pending row, recovery takes each disk in turn: the final name if it exists with the
//   recorded size and hash (read from the disk), else the temporary name if it does (and
//   renames it), and records the row as verified when both disks check out. When neither
//   disk has it, nothing was stored: the row goes (re-ingest copies the file). When only one
//   has it, the row is kept as 'missing' with the good copy; the next ingest of that card
//   writes both again. Bytes are never visible under a final name before they are on disk
//   (fsync in 1), so a final name never holds a partial file.
//   after 6    a 'copied' row: both files in place; the next ingest of that card reads them
//              back (verification), it does not copy them again.
import { link, lstat, open, rename, statfs, unlink } from 'node:fs/promises';
import { NO_DIR_SYNC_NEEDED } from './disk-fs.js';
import { dirname, join } from 'node:path';
import type { IngestStore, Roots, SourceIdentity } from './ingest-store.js';
import { DestinationError, type DiskRole } from '../ingest-errors.js';
import type { Subfolder } from './library-layout.js';

/** Named points of the sequence above; tests kill the process at each (see IngestHooks). */
export type CommitPoint = 'temps-written' | 'pending-recorded' | 'library-placed' | 'backup-placed' | 'folders-synced' | 'file-recorded';

export type { Roots } from './ingest-store.js';

/** The same bytes were stored for this customer since we looked (another engine): a duplicate after all. */
export class ContentClash extends Error {
  constructor() {
    super('the same content was stored meanwhile');
    this.name = 'ContentClash';
  }
}

/** The name was taken on a disk after we looked (someone else wrote it): choose another. */
export class NameClash extends Error {
  constructor(readonly role: DiskRole, readonly path: string) {
    super(`${path} already exists on the ${role} disk`);
    this.name = 'NameClash';
  }
}

// link() is refused by FAT/exFAT (EPERM) and by some FUSE drivers (ENOSYS).
const NO_LINK = new Set(['EPERM', 'ENOSYS', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'EXDEV']);

/** Whether a name exists (a dangling link counts); errors other than ENOENT are thrown. */
export async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/**
 * Renames tmp to final WITHOUT replacing an existing final (rename(2) would replace it
 * silently). link()+unlink() is atomic about that where links exist (ext4, NTFS via ntfs-3g);
 * on FAT/exFAT we check and rename, which is exposed only to a writer making that very name in
 * that folder between the two calls. A crash between link and unlink leaves both names on one
 * inode; recovery removes the temporary name.
 */
export async function placeNoReplace(role: DiskRole, tmp: string, final: string): Promise<void> {
  try {
    await link(tmp, final);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') throw new NameClash(role, final);
    if (!NO_LINK.has(code)) throw new DestinationError(role, `cannot name ${final}: ${(err as Error).message}`, err);
    try {
      if (await exists(final)) throw new NameClash(role, final);
      await rename(tmp, final);
    } catch (e) {
      if (e instanceof NameClash) throw e;
      throw new DestinationError(role, `cannot name ${final}: ${(e as Error).message}`, e);
    }
    return;
  }
  try {
    await unlink(tmp);
  } catch (err) {
    throw new DestinationError(role, `cannot remove ${tmp}: ${(err as Error).message}`, err);
  }
}

/** Replaces final with tmp (repairs: final is a file the database says is ours and bad). */
async function placeReplacing(role: DiskRole, tmp: string, final: string): Promise<void> {
  try {
    await rename(tmp, final);
  } catch (err) {
    throw new DestinationError(role, `cannot name ${final}: ${(err as Error).message}`, err);
  }
}

/**
 * fsync of a folder: makes the names created or removed in it durable. An error is a failure of
 * the disk (the renames may not survive a power cut), except on a filesystem known to need no
 * folder fsync (disk-fs.ts: tmpfs, ramfs). A FUSE driver without fsyncdir does not get here:
 * the kernel answers success for it.
 */
export async function fsyncDir(role: DiskRole, dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch (err) {
    const fsType = await statfs(dir).then((s) => Number(s.type), () => null);
    if (fsType !== null && NO_DIR_SYNC_NEEDED.has(fsType)) return;
    throw new DestinationError(role, `cannot sync folder ${dir} (so its new names may not survive a power cut): ${(err as Error).message}`, err);
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

export interface CommitInput {
  store: IngestStore;
  roots: Roots;
  jobId: number;
  customerId: number;
  subfolder: Subfolder;
  /** "<customer folder>/<order folder>/<subfolder>", relative to each root. */
  relDir: string;
  tmpName: string;
  size: number;
  hash: string;
  source: SourceIdentity;
  point?: (p: CommitPoint) => void;
}

/** Steps 2-6 for a new file under `name`. Returns the file id. Throws NameClash (nothing changed: choose another name) or DestinationError. */
export async function commitNew(c: CommitInput, name: string): Promise<number> {
  const rel = (n: string) => `${c.relDir}/${n}`;
  const abs = (root: string, n: string) => join(root, c.relDir, n);
  let fileId: number;
  try {
    fileId = c.store.insertPending({
      jobId: c.jobId,
      customerId: c.customerId,
      subfolder: c.subfolder,
      size: c.size,
      hash: c.hash,
      libraryPath: rel(name),
      backupPath: rel(name),
      libraryTmp: rel(c.tmpName),
      backupTmp: rel(c.tmpName),
      source: c.source,
    });
  } catch (err) {
    throw clashOf(err, rel(name)) ?? err;
  }
  c.point?.('pending-recorded');
  let libraryPlaced = false;
  try {
    await placeNoReplace('library', abs(c.roots.library, c.tmpName), abs(c.roots.library, name));
    libraryPlaced = true;
    c.point?.('library-placed');
    await placeNoReplace('backup', abs(c.roots.backup, c.tmpName), abs(c.roots.backup, name));
    c.point?.('backup-placed');
    await finish(c, fileId);
    return fileId;
  } catch (err) {
    // Undo in reverse, so the row and the disks agree again: the library final name back to
    // its temporary name, then the row. If the undo fails too (a dying disk) the pending row
    // stays and start-up recovery resolves it like a crash.
    try {
      if (libraryPlaced) await rename(abs(c.roots.library, name), abs(c.roots.library, c.tmpName));
      c.store.deleteFile(fileId);
    } catch {
      /* recovery's job now */
    }
    throw err;
  }
}

/**
 * Steps 2-6 for a repair: new copies over the recorded final names of a mismatch/missing file.
 * The caller has checked that the new copies have the recorded hash (c.hash === the row's).
 */
export async function commitRepair(c: CommitInput, fileId: number, libraryPath: string, backupPath: string): Promise<void> {
  const tmpRel = `${c.relDir}/${c.tmpName}`;
  c.store.markRepairPending(fileId, { jobId: c.jobId, libraryTmp: tmpRel, backupTmp: tmpRel });
  c.point?.('pending-recorded');
  try {
    await placeReplacing('library', join(c.roots.library, tmpRel), join(c.roots.library, libraryPath));
    c.point?.('library-placed');
    await placeReplacing('backup', join(c.roots.backup, tmpRel), join(c.roots.backup, backupPath));
    c.point?.('backup-placed');
    // The temporaries are in this job's folder; the final names may be in an older one.
    await finish(c, fileId, [...new Set([c.relDir, dirname(libraryPath), dirname(backupPath)])]);
  } catch (err) {
    // Back to what it was (mismatch/missing); temporaries left are removed by the caller's
    // cleanup or at start-up.
    try {
      c.store.revertRepair(fileId);
    } catch {
      /* recovery's job now */
    }
    throw err;
  }
}

export type GroupOutcome = { fileId: number } | { clash: NameClash | ContentClash };

/**
 * Steps 2-6 for a group of new files, each step once for the whole group: ONE transaction
 * records every intent, then the renames, then one fsync per folder and disk, then ONE
 * transaction marks them all copied. Crash windows and recovery are those of a single file
 * (above), for every file of the group at once; a file is copied only when the whole group is.
 * All items share store, roots and relDir. An item whose name or content was taken meanwhile
 * comes back as a clash with nothing of it changed (the caller retries it alone); a disk error
 * undoes what it can of the group (recovery does the rest) and is thrown.
 */
export async function commitNewGroup(items: readonly { c: CommitInput; name: string }[]): Promise<GroupOutcome[]> {
  if (items.length === 0) return [];
  const { store, roots } = items[0]!.c;
  const rel = (c: CommitInput, n: string) => `${c.relDir}/${n}`;
  const abs = (root: string, c: CommitInput, n: string) => join(root, c.relDir, n);
  const out: GroupOutcome[] = store.db.transaction(() =>
    items.map(({ c, name }): GroupOutcome => {
      try {
        // A nested transaction: a refused row rolls back alone (a savepoint), the rest stay.
        return { fileId: c.store.insertPending({ jobId: c.jobId, customerId: c.customerId, subfolder: c.subfolder, size: c.size, hash: c.hash, libraryPath: rel(c, name), backupPath: rel(c, name), libraryTmp: rel(c, c.tmpName), backupTmp: rel(c, c.tmpName), source: c.source }) };
      } catch (err) {
        const clash = clashOf(err, rel(c, name));
        if (clash) return { clash };
        throw err;
      }
    }),
  )();
  const live = items.map((it, i) => ({ ...it, fileId: 'fileId' in out[i]! ? out[i].fileId : 0, library: false, backup: false })).filter((x) => x.fileId > 0);
  for (const x of live) x.c.point?.('pending-recorded');
  const undo = async (x: (typeof live)[number]) => {
    try {
      if (x.backup) await rename(abs(roots.backup, x.c, x.name), abs(roots.backup, x.c, x.c.tmpName));
      if (x.library) await rename(abs(roots.library, x.c, x.name), abs(roots.library, x.c, x.c.tmpName));
      store.deleteFile(x.fileId);
    } catch {
      /* recovery's job now */
    }
  };
  try {
    for (const role of ['library', 'backup'] as const) {
      for (const x of live) {
        if (x.fileId === 0) continue;
        try {
          await placeNoReplace(role, abs(roots[role], x.c, x.c.tmpName), abs(roots[role], x.c, x.name));
        } catch (err) {
          if (!(err instanceof NameClash)) throw err;
          // Someone made that name on this disk since we looked: this file alone goes back.
          await undo(x);
          out[items.findIndex((it) => it.c === x.c)] = { clash: err };
          x.fileId = 0;
          continue;
        }
        x[role] = true;
        x.c.point?.(role === 'library' ? 'library-placed' : 'backup-placed');
      }
    }
    const placed = live.filter((x) => x.fileId > 0);
    const dirs = [...new Set(placed.map((x) => x.c.relDir))];
    await Promise.all(dirs.flatMap((d) => [fsyncDir('library', join(roots.library, d)), fsyncDir('backup', join(roots.backup, d))]));
    for (const x of placed) x.c.point?.('folders-synced');
    store.db.transaction(() => {
      for (const x of placed) store.markCopied(x.fileId, x.c.jobId);
    })();
    for (const x of placed) x.c.point?.('file-recorded');
    return out;
  } catch (err) {
    for (const x of [...live].reverse()) if (x.fileId > 0) await undo(x);
    throw err;
  }
}

function clashOf(err: unknown, relPath: string): NameClash | ContentClash | null {
  // Another engine on the same database claimed the name or stored the bytes since we looked.
  const e = err as { code?: string; message?: string };
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' && /library_path|backup_path/.test(e.message ?? '')) return new NameClash('library', relPath);
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' && /\.hash/.test(e.message ?? '')) return new ContentClash();
  return null;
}

async function finish(c: CommitInput, fileId: number, relDirs: string[] = [c.relDir]): Promise<void> {
  await Promise.all(relDirs.flatMap((d) => [fsyncDir('library', join(c.roots.library, d)), fsyncDir('backup', join(c.roots.backup, d))]));
  c.point?.('folders-synced');
  c.store.markCopied(fileId, c.jobId);
  c.point?.('file-recorded');
}
