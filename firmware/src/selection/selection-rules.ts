// Pure rules of a photo selection (O4): the tally against the package, whether a session may
// be finished, and the Lightroom filter. No I/O here; tested exhaustively.
import type { SelectionMark, SelectionPackage, SelectionTally } from '../api-types.js';
import { splitExtension } from '../ingest/copy/library-layout.js';

/** Counts the marks and prices the photos kept beyond the package's included number. */
export function tally(marks: readonly (SelectionMark | null)[], pkg: Pick<SelectionPackage, 'photosIncluded' | 'extraPhotoMinor'>): SelectionTally {
  const t = { total: marks.length, keep: 0, maybe: 0, no: 0, unmarked: 0 };
  for (const m of marks) {
    if (m === null) t.unmarked++;
    else t[m]++;
  }
  const extra = pkg.photosIncluded === null ? 0 : Math.max(0, t.keep - pkg.photosIncluded);
  return { ...t, extra, extraMinor: pkg.extraPhotoMinor === null ? null : extra * pkg.extraPhotoMinor };
}

/** Why a session cannot be finished now, or null. Maybes must be decided; at least one photo kept. */
export function whyNotFinish(t: SelectionTally): { code: string; message: string } | null {
  if (t.maybe > 0) return { code: 'maybes_left', message: `${t.maybe} photo(s) are still marked maybe: keep or drop them first` };
  if (t.keep === 0) return { code: 'nothing_kept', message: 'no photo is marked keep' };
  return null;
}

/**
 * The Lightroom filter of the chosen files: their names without extension, comma-separated
 * (Library filter, Text, Filename, Contains: a comma means "or", and without the extension
 * the RAW and the JPEG of a shot both match). Duplicates are dropped, order kept.
 */
export function lightroomFilter(names: readonly string[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const n of names) {
    const base = splitExtension(n)[0].replace(/,/g, ' ').trim();
    if (!base || seen.has(base.toLowerCase())) continue;
    seen.add(base.toLowerCase());
    out.push(base);
  }
  return out.join(', ');
}
