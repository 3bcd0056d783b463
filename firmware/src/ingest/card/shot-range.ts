// "Shot between … and …" for the card prompt (pure parts).
//
// Reading EXIF from every file on a 2,000-file card means 2,000+ random reads on the card
// before the prompt can show; a person is waiting at the box. We read a bounded sample
// instead: the files with the earliest and latest mtimes (the camera writes both the file
// time and EXIF from the same clock, so the extremes of one are the extremes of the other)
// plus the first and last by name (in case a card was copied around and the mtimes lost).
// The result is the range of the sample's EXIF times; if none has one, the range of all
// mtimes. It can miss a file whose mtime and EXIF disagree (edited in camera): it is a
// prompt, not a record; each file's own EXIF time is read when it is copied.

export interface SampleCandidate {
  relPath: string;
  mtimeMs: number;
}

/** Up to `perEnd` earliest + `perEnd` latest by mtime, + `byName` first and last by path; no duplicates. */
export function pickTimeSample<T extends SampleCandidate>(files: readonly T[], perEnd = 4, byName = 2): T[] {
  const byTime = [...files].sort((a, b) => a.mtimeMs - b.mtimeMs || (a.relPath < b.relPath ? -1 : 1));
  const byPath = [...files].sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
  const picked = new Set<T>([
    ...byTime.slice(0, perEnd),
    ...byTime.slice(Math.max(perEnd, byTime.length - perEnd)),
    ...byPath.slice(0, byName),
    ...byPath.slice(Math.max(byName, byPath.length - byName)),
  ]);
  return [...picked];
}

export interface ShotRange {
  from: string | null;
  to: string | null;
  source: 'exif' | 'mtime' | null;
}

/** Earliest and latest of the EXIF times if any, else of the mtimes. */
export function shotRange(exifTimes: readonly (string | null)[], mtimesMs: readonly number[]): ShotRange {
  const exif = exifTimes.filter((t): t is string => t !== null).map((t) => Date.parse(t)).filter(Number.isFinite);
  if (exif.length > 0) {
    return { from: new Date(Math.min(...exif)).toISOString(), to: new Date(Math.max(...exif)).toISOString(), source: 'exif' };
  }
  const m = mtimesMs.filter((t) => Number.isFinite(t) && t > 0);
  if (m.length === 0) return { from: null, to: null, source: null };
  let lo = m[0]!;
  let hi = m[0]!;
  for (const t of m) {
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return { from: new Date(lo).toISOString(), to: new Date(hi).toISOString(), source: 'mtime' };
}
