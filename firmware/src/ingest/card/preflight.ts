// Before a card is copied: may it start, and what must staff be told? Pure (disk health in,
// verdict out) so that every combination is tested and the UI, the CLI and the copy engine
// all decide the same way.
import type { DiskHealth, IngestPreflight } from '../../api-types.js';

/**
 * Warn when less than this would be left after the card. One full card (cards at studios are
 * 32–128 GB) rather than a percentage: 5 % of an 8 TB disk is 400 GB, ten more weddings, while
 * 5 % of a 500 GB disk is less than one card. The question staff need answered is "will the
 * next card fit?". Configurable (lowSpaceWarnBytes).
 */
export const DEFAULT_LOW_SPACE_WARN_BYTES = 32 * 1024 ** 3;

const MIN_HEADROOM = 64 * 1024 ** 2;

/**
 * Bytes a card needs on a disk: its bytes plus 1 % (at least 64 MiB) for what the files cost
 * beyond their size (cluster rounding, folders, the temporary name during the copy).
 */
export function spaceNeeded(cardBytes: number): number {
  return cardBytes === 0 ? 0 : cardBytes + Math.max(MIN_HEADROOM, Math.ceil(cardBytes / 100));
}

export type PreflightCode =
  | 'invalid-card-size'
  | 'library-missing'
  | 'library-read-only'
  | 'library-full'
  | 'library-low-space'
  | 'library-space-unknown'
  | 'library-degraded'
  | 'backup-missing'
  | 'backup-read-only'
  | 'backup-full'
  | 'backup-low-space'
  | 'backup-space-unknown'
  | 'backup-degraded'
  | 'same-disk'
  | 'backup-skipped';

export interface PreflightIssue {
  code: PreflightCode;
  role: 'library' | 'backup' | null;
  /** English, for logs and the CLI; the UI translates by code. */
  message: string;
}

export interface PreflightInput {
  /** health() of each disk; null when none is configured. */
  library: DiskHealth | null;
  backup: DiskHealth | null;
  /** Bytes to copy (the new files when known, else the whole card). */
  cardBytes: number;
  /** An admin accepted copying without a backup (backup missing, read-only or full). */
  adminOverride: boolean;
  lowSpaceWarnBytes?: number;
}

export interface PreflightResult {
  ok: boolean;
  blockers: PreflightIssue[];
  warnings: PreflightIssue[];
  /** Whether the backup disk can take the card; false with ok true = library only (admin override). */
  useBackup: boolean;
  /** What was required free on each disk. */
  needBytes: number;
}

export function ingestPreflight(input: PreflightInput): PreflightResult {
  const { library, backup, cardBytes, adminOverride } = input;
  const warnAt = input.lowSpaceWarnBytes ?? DEFAULT_LOW_SPACE_WARN_BYTES;
  const blockers: PreflightIssue[] = [];
  const warnings: PreflightIssue[] = [];
  if (!Number.isSafeInteger(cardBytes) || cardBytes < 0) {
    blockers.push({ code: 'invalid-card-size', role: null, message: `card size ${String(cardBytes)} is not a number of bytes` });
    return { ok: false, blockers, warnings, useBackup: false, needBytes: 0 };
  }
  const need = spaceNeeded(cardBytes);

  const lib = checkDisk('library', library, need, warnAt);
  blockers.push(...lib.blockers);
  warnings.push(...lib.warnings);

  const bak = checkDisk('backup', backup, need, warnAt);
  let backupProblems = bak.blockers;
  if (backupProblems.length === 0 && library && backup && sameDisk(library, backup)) {
    backupProblems = [{ code: 'same-disk', role: 'backup', message: `the backup is on the same disk as the library (${backup.uuid ?? backup.device ?? backup.path}): it would not be a backup` }];
  }
  const useBackup = backupProblems.length === 0;
  if (useBackup) {
    warnings.push(...bak.warnings);
  } else if (adminOverride) {
    for (const p of backupProblems) {
      warnings.push({ code: 'backup-skipped', role: 'backup', message: `copying to the library only, an admin accepted it: ${p.message}` });
    }
  } else {
    blockers.push(...backupProblems);
  }
  return { ok: blockers.length === 0, blockers, warnings, useBackup, needBytes: need };
}

function checkDisk(role: 'library' | 'backup', h: DiskHealth | null, need: number, warnAt: number): { blockers: PreflightIssue[]; warnings: PreflightIssue[] } {
  const blockers: PreflightIssue[] = [];
  const warnings: PreflightIssue[] = [];
  const name = role === 'library' ? 'the library disk' : 'the backup disk';
  if (!h) {
    blockers.push({ code: `${role}-missing`, role, message: `${name} is not configured` });
  } else if (h.state === 'down') {
    const why = h.error ?? h.reason ?? 'unavailable';
    blockers.push(h.reason === 'read-only' ? { code: `${role}-read-only`, role, message: `${name} is read-only: ${why}` } : { code: `${role}-missing`, role, message: `${name} is not available: ${why}` });
  } else {
    if (h.state === 'degraded') warnings.push({ code: `${role}-degraded`, role, message: `${name} reports a problem: ${h.error ?? 'degraded'}` });
    if (h.freeBytes === null) {
      warnings.push({ code: `${role}-space-unknown`, role, message: `free space on ${name} is unknown` });
    } else if (h.freeBytes < need) {
      blockers.push({ code: `${role}-full`, role, message: `the card does not fit on ${name}: it needs ${formatBytes(need)}, ${formatBytes(h.freeBytes)} is free` });
    } else if (h.freeBytes - need < warnAt) {
      warnings.push({ code: `${role}-low-space`, role, message: `${name} will have ${formatBytes(h.freeBytes - need)} free after this card (warning below ${formatBytes(warnAt)})` });
    }
  }
  return { blockers, warnings };
}

function sameDisk(a: DiskHealth, b: DiskHealth): boolean {
  if (a.uuid && b.uuid && a.uuid.toLowerCase() === b.uuid.toLowerCase()) return true;
  if (a.device && b.device && a.device === b.device) return true;
  return a.path === b.path;
}

/** 1234567890 → "1.2 GB" (decimal units, as disks are sold and as file managers show them). */
export function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}

/**
 * What the card dialog shows: the verdict, and whether an admin may copy to the library only
 * (`canHold`: this box has a library-only engine that holds the backup copy on the library
 * disk until the backup disk is back).
 */
export function preflightView(
  h: { library: IngestPreflight['library']; backup: IngestPreflight['backup'] },
  q: { cardBytes: number; override: boolean; lowSpaceWarnBytes: number; canHold: boolean },
): IngestPreflight {
  const base = { library: h.library, backup: h.backup, cardBytes: q.cardBytes, lowSpaceWarnBytes: q.lowSpaceWarnBytes };
  const r = withHolding(ingestPreflight({ ...base, adminOverride: q.override }), h.library, q.cardBytes, q.canHold);
  const overridden = q.override ? r : withHolding(ingestPreflight({ ...base, adminOverride: true }), h.library, q.cardBytes, q.canHold);
  return {
    ok: r.ok,
    blockers: r.blockers,
    warnings: r.warnings,
    useBackup: r.useBackup,
    needBytes: r.needBytes,
    overridable: !r.ok && overridden.ok && !overridden.useBackup && q.canHold,
    library: h.library,
    backup: h.backup,
  };
}

/** Library-only copies hold the second copy on the library disk too: it must take the card twice. */
function withHolding(r: PreflightResult, library: IngestPreflight['library'], bytes: number, canHold: boolean): PreflightResult {
  if (!r.ok || r.useBackup) return r;
  if (!canHold) {
    return { ...r, ok: false, blockers: [{ code: 'backup-missing', role: 'backup', message: 'the backup disk is missing and this box cannot copy without it' }] };
  }
  const need = spaceNeeded(bytes * 2);
  if (library?.freeBytes != null && library.freeBytes < need) {
    return {
      ...r,
      ok: false,
      blockers: [...r.blockers, { code: 'library-full', role: 'library', message: `without the backup disk the library disk keeps both copies: it needs ${formatBytes(need)}, ${formatBytes(library.freeBytes)} is free` }],
    };
  }
  return r;
}
