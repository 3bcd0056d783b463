// Gives a group of copied card files their places on both disks (file-commit.ts does the
// crash-safe steps): a duplicate of stored bytes is dropped, a repair goes over the bad copy,
// new files get free names and are committed together (one transaction, one folder fsync per
// disk for the whole group). Returns what to read back.
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { DestinationError, type DiskRole } from '../ingest-errors.js';
import type { IngestJob } from '../ingest-types.js';
import { commitNew, commitNewGroup, commitRepair, ContentClash, NameClash, type CommitInput, type CommitPoint, type Roots } from './file-commit.js';
import type { FileRow, IngestStore, SourceIdentity } from './ingest-store.js';
import { nameKey, pickFreeName, sanitizeFileName } from './library-layout.js';
import type { VerifyItem } from './verifier.js';

/** A card file read and written to both disks under a temporary name. */
export interface Staged {
  /** 1-based position in the job's copy order (the crash points name it). */
  index: number;
  name: string;
  relPath: string;
  identity: SourceIdentity;
  /** Set when the card file is known and its stored copy is bad: copy again over it. */
  repair: FileRow | null;
  tmp: string;
  size: number;
  hash: string;
}

/** What happened to a card file that was not stored. */
export interface PlaceProblem {
  sourcePath: string;
  fileId: number;
  message: string;
}

/** Names in use in a destination folder on either disk, and claimed by this job. Case-insensitive. */
class FolderNames {
  private readonly taken = new Set<string>();

  constructor(
    private readonly store: IngestStore,
    private readonly relDir: string,
  ) {}

  async load(dirs: string[]): Promise<void> {
    for (const d of dirs) for (const n of await readdir(d)) this.taken.add(nameKey(n));
  }

  choose(name: string): string {
    const chosen = pickFreeName(name, (c) => this.taken.has(nameKey(c)) || this.store.pathTaken(`${this.relDir}/${c}`));
    this.taken.add(nameKey(chosen));
    return chosen;
  }
}

export async function removeTemps(roots: Roots, relDir: string, tmp: string): Promise<void> {
  for (const [role, root] of [['library', roots.library], ['backup', roots.backup]] as [DiskRole, string][]) {
    await unlink(join(root, relDir, tmp)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw new DestinationError(role, `cannot remove ${tmp}: ${err.message}`, err);
    });
  }
}

export class Placer {
  private readonly names: FolderNames;
  private readonly relDir: string;
  /** Files the card now reads differently than when first copied (not stored, a problem each). */
  readonly problems: PlaceProblem[] = [];

  constructor(
    private readonly store: IngestStore,
    private readonly roots: Roots,
    private readonly job: IngestJob,
    private readonly point: (p: CommitPoint, index: number) => void,
  ) {
    this.relDir = `${job.folder}/${job.subfolder}`;
    this.names = new FolderNames(store, this.relDir);
  }

  async loadNames(): Promise<void> {
    await this.names.load([join(this.roots.library, this.relDir), join(this.roots.backup, this.relDir)]);
  }

  private input(s: Staged): CommitInput {
    return {
      store: this.store,
      roots: this.roots,
      jobId: this.job.id,
      customerId: this.job.customerId,
      subfolder: this.job.subfolder,
      relDir: this.relDir,
      tmpName: s.tmp,
      size: s.size,
      hash: s.hash,
      source: s.identity,
      point: (p) => this.point(p, s.index),
    };
  }

  private item(s: Staged, fileId: number, libraryPath: string, backupPath: string): VerifyItem {
    return { fileId, size: s.size, hash: s.hash, libraryPath, backupPath, sourcePath: s.relPath };
  }

  /**
   * Places every file of the group (their temporaries are fsynced). On a disk error the
   * group's temporaries not yet placed are removed and the error is thrown.
   */
  async placeGroup(group: readonly Staged[]): Promise<VerifyItem[]> {
    const verify: VerifyItem[] = [];
    const fresh: Staged[] = [];
    try {
      for (const s of group) {
        const r = await this.placeKnown(s);
        if (r === 'new') fresh.push(s);
        else if (r) verify.push(r);
      }
      const chosen = fresh.map((s) => ({ s, c: this.input(s), name: this.names.choose(sanitizeFileName(s.name)) }));
      const outcomes = await commitNewGroup(chosen);
      for (const [i, o] of outcomes.entries()) {
        const { s, name } = chosen[i]!;
        if ('fileId' in o) verify.push(this.item(s, o.fileId, `${this.relDir}/${name}`, `${this.relDir}/${name}`));
        else {
          // Nothing of it changed: the same bytes stored meanwhile (drop ours), or the name taken.
          if (o.clash instanceof ContentClash) {
            await removeTemps(this.roots, this.relDir, s.tmp);
            this.linkNow(s);
          } else {
            const r = await this.placeAlone(s);
            if (r) verify.push(r);
          }
        }
      }
      return verify;
    } catch (err) {
      // What was not committed is not ours to keep; a file committed stays.
      for (const s of group) if (!verify.some((v) => v.sourcePath === s.relPath)) await removeTemps(this.roots, this.relDir, s.tmp).catch(() => undefined);
      throw err;
    }
  }

  /** A duplicate or a repair (handled here, returns what to read back or null), or 'new'. */
  private async placeKnown(s: Staged): Promise<VerifyItem | null | 'new'> {
    const existing = this.store.fileByContent(this.job.customerId, s.size, s.hash);
    const target = s.repair ?? (existing && (existing.state === 'mismatch' || existing.state === 'missing') ? existing : null);
    if (target) {
      if (target.hash !== s.hash || target.size !== s.size) {
        // The card now reads differently than when this file was first copied: neither read
        // can be trusted. Keep everything as it is and say so.
        await removeTemps(this.roots, this.relDir, s.tmp);
        this.problems.push({
          sourcePath: s.relPath,
          fileId: target.id,
          message: `${s.relPath} reads differently than when first copied (was ${target.hash}, now ${s.hash}): the card or the reader may be failing`,
        });
        return null;
      }
      await commitRepair(this.input(s), target.id, target.library_path, target.backup_path).catch(async (err: unknown) => {
        await removeTemps(this.roots, this.relDir, s.tmp);
        throw err;
      });
      if (!s.repair) this.store.linkDuplicate(this.job.customerId, s.identity, target.id, this.job.id);
      return this.item(s, target.id, target.library_path, target.backup_path);
    }
    if (existing) {
      // Same bytes already stored for this customer (another card, a copy renamed): keep one.
      await removeTemps(this.roots, this.relDir, s.tmp);
      this.store.linkDuplicate(this.job.customerId, s.identity, existing.id, this.job.id);
      return null;
    }
    return 'new';
  }

  /** The same bytes were stored meanwhile (another engine): a duplicate after all. */
  private linkNow(s: Staged): null {
    const now = this.store.fileByContent(this.job.customerId, s.size, s.hash);
    if (now) this.store.linkDuplicate(this.job.customerId, s.identity, now.id, this.job.id);
    return null;
  }

  /** One new file on its own, trying the next free name while the chosen one is taken. */
  private async placeAlone(s: Staged): Promise<VerifyItem | null> {
    for (;;) {
      const name = this.names.choose(sanitizeFileName(s.name));
      try {
        const fileId = await commitNew(this.input(s), name);
        return this.item(s, fileId, `${this.relDir}/${name}`, `${this.relDir}/${name}`);
      } catch (err) {
        if (err instanceof NameClash) continue; // someone made that name since we looked: next suffix
        await removeTemps(this.roots, this.relDir, s.tmp);
        if (err instanceof ContentClash) return this.linkNow(s);
        throw err;
      }
    }
  }
}
