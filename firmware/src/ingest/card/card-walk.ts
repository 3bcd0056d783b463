// Walking a memory card: which folders hold the camera's files, and every file under them.
//
// Cameras write photos under DCIM (the DCF standard), but several write video elsewhere:
// Sony and Panasonic AVCHD under PRIVATE/AVCHD/BDMV/STREAM (.MTS), Sony XAVC under
// PRIVATE/M4ROOT/CLIP (.MP4, with .XML sidecars), older Sony under MP_ROOT. Walking only
// DCIM would leave a wedding's video on the card. M4ROOT is entered at CLIP only: its
// THMBNL and SUB folders hold the camera's own thumbnails and proxy clips. A card with none
// of these folders (a USB stick, a card someone filled by hand) is walked whole.
// Names are matched case-insensitively: FAT and exFAT do not keep case reliably.
import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { type FileKind, classifyName, isSystemDir } from './classify.js';

/** Known media folders, as path segments from the card's root. */
export const MEDIA_ROOTS: readonly (readonly string[])[] = [
  ['DCIM'],
  ['PRIVATE', 'AVCHD', 'BDMV', 'STREAM'],
  ['PRIVATE', 'M4ROOT', 'CLIP'],
  ['MP_ROOT'],
];

export interface CardFile {
  /** Absolute path. */
  path: string;
  /** Path from the card's root, with "/" separators ("DCIM/100CANON/IMG_0001.JPG"). */
  relPath: string;
  name: string;
  kind: FileKind;
  size: number;
  mtimeMs: number;
}

export interface WalkProblems {
  /** Folders that could not be read, with the error code. */
  problems: string[];
  /** True when a limit (depth, number of entries) stopped the walk early. */
  truncated: boolean;
}

async function entriesOf(dir: string): Promise<Dirent[]> {
  return readdir(dir, { withFileTypes: true });
}

/** The sub-folder of `dir` whose name equals `name` ignoring case, or null. */
async function findChildDir(dir: string, name: string): Promise<string | null> {
  let entries: Dirent[];
  try {
    entries = await entriesOf(dir);
  } catch {
    return null;
  }
  const want = name.toLowerCase();
  for (const e of entries) {
    if (e.name.toLowerCase() !== want) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) return p;
    if (!e.isSymbolicLink() && !e.isFile()) {
      // Some FUSE file systems report no type in readdir: ask.
      try {
        if ((await lstat(p)).isDirectory()) return p;
      } catch {
        /* gone */
      }
    }
  }
  return null;
}

export interface CardRoots {
  /** The DCIM folders (absolute): zero or one on a real card. */
  dcimRoots: string[];
  /** Every folder to walk: the media folders found, or the card's root when there are none. */
  walkRoots: string[];
}

export async function findCardRoots(root: string): Promise<CardRoots> {
  const found: string[] = [];
  for (const segments of MEDIA_ROOTS) {
    let dir: string | null = root;
    for (const s of segments) {
      dir = await findChildDir(dir, s);
      if (!dir) break;
    }
    if (dir) found.push(dir);
  }
  const dcimRoots = found.filter((p) => relative(root, p).toLowerCase() === 'dcim');
  return { dcimRoots, walkRoots: found.length > 0 ? found : [root] };
}

export interface WalkOptions {
  /** Stats in flight at once: a card behind FUSE or USB answers faster with a few queued. */
  statConcurrency?: number;
  maxDepth?: number;
  maxEntries?: number;
}

/**
 * Every file under `walkRoots` (system folders skipped, symbolic links ignored), with its
 * kind, size and mtime. Files are yielded folder by folder; `report` collects unreadable
 * folders and whether a limit cut the walk short.
 */
export async function* walkFiles(root: string, walkRoots: readonly string[], report: WalkProblems, options: WalkOptions = {}): AsyncGenerator<CardFile> {
  const concurrency = options.statConcurrency ?? 16;
  const maxDepth = options.maxDepth ?? 12;
  const maxEntries = options.maxEntries ?? 500_000;
  let seen = 0;
  const stack: Array<{ dir: string; depth: number }> = walkRoots.map((dir) => ({ dir, depth: 0 })).reverse();
  while (stack.length > 0) {
    const { dir, depth } = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = await entriesOf(dir);
    } catch (err) {
      report.problems.push(`${relative(root, dir) || '.'}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    const files: Dirent[] = [];
    for (const e of entries) {
      if (++seen > maxEntries) {
        report.truncated = true;
        break;
      }
      if (e.isSymbolicLink()) continue;
      if (e.isDirectory()) {
        if (isSystemDir(e.name)) continue;
        if (depth + 1 > maxDepth) report.truncated = true;
        else subdirs.push(join(dir, e.name));
      } else {
        files.push(e); // a file, or an entry whose type readdir did not say
      }
    }
    for (let i = 0; i < files.length; i += concurrency) {
      const batch = files.slice(i, i + concurrency);
      const stats = await Promise.all(batch.map((e) => lstat(join(dir, e.name)).catch(() => null)));
      for (const [j, e] of batch.entries()) {
        const st = stats[j];
        if (!st) continue;
        const path = join(dir, e.name);
        if (st.isDirectory()) {
          // readdir gave no type (FUSE): a folder after all.
          if (!isSystemDir(e.name) && depth + 1 <= maxDepth) subdirs.push(path);
          continue;
        }
        if (!st.isFile()) continue;
        yield {
          path,
          relPath: relative(root, path).split('\\').join('/'),
          name: e.name,
          kind: classifyName(e.name),
          size: st.size,
          mtimeMs: st.mtimeMs,
        };
      }
    }
    if (report.truncated && seen > maxEntries) return;
    for (const s of subdirs.reverse()) stack.push({ dir: s, depth: depth + 1 });
  }
}
