// scanCard: what is on an inserted card, for the "card inserted: N files, X GB, shot
// between … and …" prompt. Stats every file (sizes and mtimes come from the directory, no
// file is opened) and reads EXIF from a bounded sample (see shot-range.ts).
import type { CardFileCounts, CardScanSummary } from '../../api-types.js';
import { type CardFile, type WalkOptions, type WalkProblems, findCardRoots, walkFiles } from './card-walk.js';
import { hasExif, isCopied } from './classify.js';
import { readPhotoMeta } from '../photos/photo-meta.js';
import { pickTimeSample, shotRange } from './shot-range.js';
import { mapLimit } from '../../util/map-limit.js';

export interface ScanOptions extends WalkOptions {
  /** The box's IANA time zone, for EXIF times without an offset. */
  timeZone: string;
  /** Earliest and latest files (by mtime) whose EXIF is read. */
  samplePerEnd?: number;
  /** EXIF reads at once. */
  metaConcurrency?: number;
  /**
   * Walk the whole card even when it has DCIM, so the prompt counts exactly what a copy
   * engine that walks the whole card will take. Default false: DCIM and the video folders.
   */
  wholeCard?: boolean;
}

export interface CardScan extends CardFileCounts {
  root: string;
  /** DCIM folders found (absolute paths). */
  dcimRoots: string[];
  /** Folders walked: DCIM and the known video folders, or the card's root when it has none. */
  walkedRoots: string[];
  otherBytes: number;
  /** System junk skipped (AppleDouble "._" files, Thumbs.db…); system folders are not even entered. */
  skipped: number;
  /** UTC ISO; null when the card has no photos or videos. */
  shotFrom: string | null;
  shotTo: string | null;
  shotTimeSource: 'exif' | 'mtime' | null;
  /** Files whose EXIF was read for the range. */
  sampled: number;
  problems: string[];
  truncated: boolean;
  durationMs: number;
}


/** Scans the card mounted (or, on a laptop, copied) at `root`. Never throws for what is on the card. */
export async function scanCard(root: string, options: ScanOptions): Promise<CardScan> {
  const started = performance.now();
  const found = await findCardRoots(root);
  const roots = options.wholeCard ? { ...found, walkRoots: [root] } : found;
  const report: WalkProblems = { problems: [], truncated: false };
  const counts = { files: 0, bytes: 0, photos: 0, raws: 0, videos: 0, sidecars: 0, others: 0, otherBytes: 0, skipped: 0 };
  const withExif: CardFile[] = [];
  const mtimes: number[] = [];
  for await (const f of walkFiles(root, roots.walkRoots, report, options)) {
    if (f.kind === 'system') {
      counts.skipped++;
      continue;
    }
    if (!isCopied(f.kind)) {
      counts.others++;
      counts.otherBytes += f.size;
      continue;
    }
    counts.files++;
    counts.bytes += f.size;
    if (f.kind === 'photo') counts.photos++;
    else if (f.kind === 'raw') counts.raws++;
    else if (f.kind === 'video') counts.videos++;
    else counts.sidecars++;
    if (f.kind !== 'sidecar') mtimes.push(f.mtimeMs);
    if (hasExif(f.kind)) withExif.push(f);
  }
  const sample = pickTimeSample(withExif, options.samplePerEnd ?? 4);
  const metas = await mapLimit(sample, options.metaConcurrency ?? 4, (f) => readPhotoMeta(f.path, { timeZone: options.timeZone }));
  const range = shotRange(metas.map((m) => m.capturedAt), mtimes);
  return {
    root,
    dcimRoots: roots.dcimRoots,
    walkedRoots: roots.walkRoots,
    ...counts,
    shotFrom: range.from,
    shotTo: range.to,
    shotTimeSource: range.source,
    sampled: sample.length,
    problems: report.problems,
    truncated: report.truncated,
    durationMs: Math.round(performance.now() - started),
  };
}

/** The scan as the screens see it (the first five problems). */
export function scanSummary(s: CardScan): CardScanSummary {
  return {
    files: s.files,
    bytes: s.bytes,
    photos: s.photos,
    raws: s.raws,
    videos: s.videos,
    sidecars: s.sidecars,
    others: s.others,
    shotFrom: s.shotFrom,
    shotTo: s.shotTo,
    shotTimeSource: s.shotTimeSource,
    problems: s.problems.slice(0, 5),
  };
}
