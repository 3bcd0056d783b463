import type { UserRef } from './core.js';
import type { Stage } from './customers.js';
import type { DiskHealth, CardInfo } from './system.js';
import type { CustomerRef } from './calls.js';

// Card ingest (H3)

/** Where a stored file sits in its order folder. */
export const PHOTO_KINDS = ['originals', 'first-edits', 'refined', 'design'] as const;
export type PhotoKind = (typeof PHOTO_KINDS)[number];
/** Where edited files can be imported (never into the originals). */
export const EDIT_KINDS = ['first-edits', 'refined', 'design'] as const;
export type EditKind = (typeof EDIT_KINDS)[number];

export const INGEST_JOB_STATES = ['queued', 'copying', 'verifying', 'done', 'interrupted', 'failed'] as const;
export type IngestJobState = (typeof INGEST_JOB_STATES)[number];

/** A card's files by kind: the screens' summary and the scan's (ingest/card/scan-card.ts). */
export interface CardFileCounts {
  /** Files the copy takes (photos, RAW, videos, sidecars) and their bytes. */
  files: number;
  bytes: number;
  photos: number;
  raws: number;
  videos: number;
  sidecars: number;
  /** Unknown files, left on the card (shown so nobody is surprised). */
  others: number;
}

/** What is on an inserted card, for "card inserted: N files, X GB, shot between … and …". */
export interface CardScanSummary extends CardFileCounts {
  /** UTC ISO; null when the card has no photos or videos. */
  shotFrom: string | null;
  shotTo: string | null;
  shotTimeSource: 'exif' | 'mtime' | null;
  /** The first few problems met while reading the card. */
  problems: string[];
}

export interface PreflightIssueInfo {
  /** e.g. backup-missing, library-full, backup-low-space, backup-skipped (see ingest/card/preflight.ts). */
  code: string;
  role: 'library' | 'backup' | null;
  /** English, for logs; the UI words it by code. */
  message: string;
}

/** May a card be copied now, and what must staff be told (both disks' free space with it). */
export interface IngestPreflight {
  ok: boolean;
  blockers: PreflightIssueInfo[];
  warnings: PreflightIssueInfo[];
  /** False with ok: library only (an admin overrode a missing backup disk). */
  useBackup: boolean;
  /** Free bytes each disk needs for this card. */
  needBytes: number;
  /** True when the only blockers are the backup disk's: an admin may copy anyway. */
  overridable: boolean;
  library: DiskHealth | null;
  backup: DiskHealth | null;
}

/** A customer offered for a card: the one it was copied for before, today's shoots, recent ones. */
export interface IngestSuggestion {
  customer: CustomerRef;
  reason: 'same-card' | 'today' | 'recent';
  stage: Stage;
  stageDueAt: string | null;
}

export interface IngestProgressInfo {
  jobId: number;
  /** copying: card to disks (read-backs run alongside); verifying: only read-backs are left. */
  phase: 'copying' | 'verifying';
  /** Card files dealt with (copied or already there) of totalFiles, and their bytes. */
  files: number;
  bytes: number;
  totalFiles: number;
  totalBytes: number;
  /**
   * Files on both disks and recorded durably (their commit group fsynced and committed). Not
   * yet "safe": a file is safe once it is also verified (read back from both disks).
   */
  filesStored: number;
  /** Read-backs done of those to do. */
  filesVerified: number;
  filesToVerify: number;
  /** Over the last few seconds, of the current phase (card bytes, or read-back bytes). */
  mbPerSecond: number;
  /** For the whole job (copy and read-back); null until there is a rate to go by. */
  secondsLeft: number | null;
}

export interface IngestProblemInfo {
  id: number;
  sourcePath: string | null;
  code: string;
  message: string;
  at: string;
}

/** A copy job's counts: the screens' (IngestJobInfo) and the engine's (ingest/ingest-types.ts). */
export interface IngestCounts {
  /** Media files on the card and their bytes. */
  filesTotal: number;
  bytesTotal: number;
  /** New files this job stored on both disks. */
  filesCopied: number;
  bytesCopied: number;
  /** Files that were already there (same card file, or same size and hash for this customer). */
  filesSkipped: number;
  bytesSkipped: number;
  /** Files this job read back from both disks with the right hash. */
  filesVerified: number;
  /** Files that could not be read from the card, or did not verify. */
  filesFailed: number;
}

/** A copy job as the screens show it (GET /api/ingest/jobs, ingest.* events). */
export interface IngestJobInfo extends IngestCounts {
  id: number;
  /** card: from an inserted card; upload: edited files sent from a browser; folder: `studio-box ingest`. */
  kind: 'card' | 'upload' | 'folder';
  customerId: number;
  customer: CustomerRef | null;
  orderLabel: string | null;
  /** "<customer no> <name>/<order folder>" on both disks. */
  folder: string;
  subfolder: PhotoKind;
  cardId: string | null;
  cardLabel: string | null;
  state: IngestJobState;
  errorCode: string | null;
  error: string | null;
  /**
   * Copied while the backup disk was missing (an admin's override): the second copy waits in a
   * holding folder on the library disk until the backup disk is back.
   */
  backupPending: boolean;
  createdAt: string;
  createdBy: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** The latest progress while it runs. */
  progress: IngestProgressInfo | null;
  problems: IngestProblemInfo[];
}

/** An inserted card (GET /api/ingest/cards). */
export interface IngestCard {
  card: CardInfo;
  /** Null while the card is being read. */
  scan: CardScanSummary | null;
  scanError: string | null;
  preflight: IngestPreflight;
  suggestions: IngestSuggestion[];
  /** The job copying this card, or the last one that copied it (before it was taken out, too). */
  job: IngestJobInfo | null;
  /** Why "next card goes to …" did not start by itself. */
  autoStartProblem: string | null;
}

/** "Next card goes to …" (GET/PUT /api/ingest/next). */
export interface NextCard {
  customer: CustomerRef;
  orderLabel: string | null;
  setBy: UserRef | null;
  setAt: string;
}

export interface NextCardSet {
  /** Null clears it. */
  customerId: number | null;
  orderLabel?: string | null;
}

export interface IngestStart {
  cardId: string;
  customerId: number;
  orderLabel?: string | null;
  /** Admins only: copy to the library although the backup disk is missing. */
  override?: boolean;
  /** Default originals; a card of edited files (from the retoucher) goes into first-edits, refined or design. */
  subfolder?: PhotoKind;
}

/** `ingest.finished` / `ingest.failed` events. */
export interface IngestEnded {
  job: IngestJobInfo;
  /** For people (English); the UI words it from the job's numbers. */
  message: string;
  /** The card was unmounted: it may be pulled out. */
  safeToRemove: boolean;
  /** Why the card could not be unmounted, when it could not. */
  ejectError: string | null;
}

/** One stored photo or video. */
export interface PhotoItem {
  id: number;
  name: string;
  kind: PhotoKind;
  size: number;
  /** Content hash: the thumbnail key (GET /api/thumbs/:key/:size). */
  key: string;
  state: 'copied' | 'verified' | 'mismatch' | 'missing';
  /** True for files thumbnails can be made of (photos, RAW). */
  thumbnail: boolean;
  /** From EXIF, UTC ISO; null when unknown. */
  capturedAt: string | null;
  camera: string | null;
  width: number | null;
  height: number | null;
  storedAt: string;
  jobId: number;
}

/** One order folder of a customer ("2026-11-23 shoot", or the order label). */
export interface PhotoFolder {
  order: string;
  kinds: Record<PhotoKind, PhotoItem[]>;
}

export interface CustomerPhotos {
  customerId: number;
  /** Newest first. */
  folders: PhotoFolder[];
  /** Thumbnail sizes served (long side, px). */
  thumbSizes: number[];
}

/** POST /api/customers/:id/photos/import answer. */
export interface PhotoImportResult {
  action: 'copied' | 'skipped';
  /** The name it has in the folder (copied) or the name sent (skipped). */
  name: string;
  renamed: boolean;
  reason: 'already-there' | 'duplicate-in-batch' | 'system-file' | null;
  /** The stored file it is (copied) or duplicates (already-there), when known. */
  file: PhotoItem | null;
}

/**
 * Thumbnail sheets, GET /api/thumb-sheets/:size/:keys (keys joined by '.', at most
 * THUMB_SHEET_MAX): the thumbnails of one size in one JPEG, a column of slots `size` wide and
 * ¾·size high, each picture fitted and centred on THUMB_SHEET_BACKDROP (the grid cell's own
 * colour, ui/styles.css .sel-open), THUMB_SHEET_GAP pixels between slots so no neighbour
 * bleeds in when the sheet is scaled. Cached for good (the keys are content hashes). Why: in
 * Chromium every image costs the page's main thread ~5 ms on a tablet, and a grid scrolled
 * quickly loads eight a frame; a sheet of 24 costs about what one thumbnail does
 * (docs/selection.md has the bench's figures).
 */
export const THUMB_SHEET_MAX = 24;
export const THUMB_SHEET_GAP = 2;
export const THUMB_SHEET_BACKDROP = '#2b2e34';

/** Pure: a sheet slot's size in pixels, and its pitch (slot + gap) down the column. */
export function thumbSheetSlot(size: number): { width: number; height: number; pitch: number } {
  const height = Math.round(size * 0.75);
  return { width: size, height, pitch: height + THUMB_SHEET_GAP };
}

/**
 * Pure: the sheets a grid of these photos loads, in order: the keys of the photos that have
 * thumbnails, THUMB_SHEET_MAX to a sheet. The box makes them ahead with the same rule
 * (thumb-sheets.ts `warm`), so the grid's first look finds them made.
 */
export function thumbSheetGroups(photos: readonly { key: string; thumbnail: boolean }[], max = THUMB_SHEET_MAX): { keys: string[]; members: number[] }[] {
  const withThumb = photos.map((p, i) => (p.thumbnail ? i : -1)).filter((i) => i >= 0);
  const out: { keys: string[]; members: number[] }[] = [];
  for (let s = 0; s * max < withThumb.length; s++) {
    const members = withThumb.slice(s * max, (s + 1) * max);
    out.push({ keys: members.map((i) => photos[i]!.key), members });
  }
  return out;
}
