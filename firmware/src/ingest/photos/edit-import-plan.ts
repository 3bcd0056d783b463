// Planning an import of edited files (first edits 初修, refined 精修, design pages 设计) into
// a customer's order folder (pure).
//
// Retouchers hand back files from a card, a USB stick or a browser upload. Before anything
// is written the screen shows what will happen: "12 files into refined; IMG_0001.jpg becomes
// IMG_0001 (2).jpg because it is already there; 2 were already imported". The copy engine
// then writes under exactly these names. Names follow library-layout.ts (the engine's
// module): made safe for Windows/SMB, compared case-insensitively (exFAT/NTFS/SMB), a clash
// gets " (2)", " (3)"… before the extension, never an overwrite.
//
// A file whose content hash equals one already in the folder is skipped: staff re-upload
// the same batch more often than one would think.
import { baseName, classifyName } from '../card/classify.js';
import { type Subfolder, nameKey, pickFreeName, sanitizeFileName } from '../copy/library-layout.js';

export type EditTarget = Exclude<Subfolder, 'originals'>;
export const EDIT_TARGETS: readonly EditTarget[] = ['first-edits', 'refined', 'design'];

export interface PlanInput {
  /** As given: a bare name, a browser's "C:\\fakepath\\x.jpg", or a relative path from a folder upload. */
  name: string;
  /** Content hash (hex) when already known, to skip a file that is already in the folder. */
  hash?: string | null;
}

export interface ExistingFile {
  name: string;
  hash?: string | null;
}

export type PlannedFile =
  | { input: string; action: 'copy'; name: string; /** True when the name differs from the incoming one (made safe or suffixed). */ renamed: boolean }
  | { input: string; action: 'skip'; reason: 'system-file' | 'already-there' | 'duplicate-in-batch'; /** The file it duplicates. */ sameAs?: string };

export interface EditImportPlan {
  target: EditTarget;
  files: PlannedFile[];
  copies: number;
  skips: number;
}

export function isEditTarget(v: unknown): v is EditTarget {
  return typeof v === 'string' && (EDIT_TARGETS as readonly string[]).includes(v);
}

/**
 * Plans final names for `incoming` files going into the `target` folder, which already holds
 * `existing`. Deterministic: the same inputs in the same order give the same plan.
 */
export function planEditImport(target: EditTarget, incoming: readonly PlanInput[], existing: readonly ExistingFile[]): EditImportPlan {
  const taken = new Set(existing.map((f) => nameKey(f.name)));
  const byHash = new Map<string, string>();
  for (const f of existing) if (f.hash) byHash.set(f.hash.toLowerCase(), f.name);
  const batchHashes = new Map<string, string>();
  const files: PlannedFile[] = [];
  for (const item of incoming) {
    const raw = baseName(item.name);
    if (classifyName(raw) === 'system') {
      files.push({ input: item.name, action: 'skip', reason: 'system-file' });
      continue;
    }
    const hash = item.hash?.toLowerCase();
    if (hash && byHash.has(hash)) {
      files.push({ input: item.name, action: 'skip', reason: 'already-there', sameAs: byHash.get(hash)! });
      continue;
    }
    if (hash && batchHashes.has(hash)) {
      files.push({ input: item.name, action: 'skip', reason: 'duplicate-in-batch', sameAs: batchHashes.get(hash)! });
      continue;
    }
    const name = pickFreeName(sanitizeFileName(raw), (c) => taken.has(nameKey(c)));
    taken.add(nameKey(name));
    if (hash) batchHashes.set(hash, name);
    files.push({ input: item.name, action: 'copy', name, renamed: name !== raw });
  }
  const copies = files.filter((f) => f.action === 'copy').length;
  return { target, files, copies, skips: files.length - copies };
}
