// What a file on a memory card is, from its name alone (pure: no file system access).
//
// The copy engine copies photo, raw, video and sidecar files and leaves the rest; the card
// prompt counts them. A name is all we look at because a card holds thousands of files and
// opening each one would cost more than the whole scan; the few files whose name lies (a
// JPEG called .CR2) still get copied, since both kinds are copied, and EXIF/thumbnail code
// sniffs the bytes itself.
//
// Missing a real photo is the expensive mistake (a customer's original is lost), copying a
// stray file is the cheap one. So: every RAW extension we know of is listed, not only the
// common ones; "other" (unknown but not junk) is reported separately so the card prompt can
// say "3 other files not copied" and nobody is surprised.

export type FileKind = 'photo' | 'raw' | 'video' | 'sidecar' | 'other' | 'system';

/** Kinds the copy engine copies to the library and the backup. */
export const COPIED_KINDS: ReadonlySet<FileKind> = new Set(['photo', 'raw', 'video', 'sidecar']);

// Extensions are compared lower-case and without the dot.
/**
 * Images that a camera or phone writes. HIF: Canon/Sony 10-bit HEIF. PNG and TIFF: rare on
 * cameras, common from phones and scanners, and the copy engine's list (source-scan.ts) has them.
 */
export const PHOTO_EXTENSIONS: ReadonlySet<string> = new Set(['jpg', 'jpeg', 'jpe', 'heic', 'heif', 'hif', 'png', 'tif', 'tiff']);

/**
 * Camera RAW files. The issue's list (cr2 cr3 nef arw dng raf orf rw2 pef srw) plus the other
 * makers' formats still met on studio cards or old archives: crw (old Canon), nrw (Nikon
 * compacts), srf/sr2 (old Sony), raw/rwl (Panasonic, Leica), iiq (Phase One), 3fr/fff
 * (Hasselblad), x3f (Sigma), mos (Leaf), erf (Epson), mef (Mamiya), kdc/dcr (Kodak),
 * mrw (Minolta), gpr (GoPro, DNG-based).
 */
export const RAW_EXTENSIONS: ReadonlySet<string> = new Set([
  'cr2', 'cr3', 'nef', 'arw', 'dng', 'raf', 'orf', 'rw2', 'pef', 'srw',
  'crw', 'nrw', 'srf', 'sr2', 'raw', 'rwl', 'iiq', '3fr', 'fff', 'x3f', 'mos', 'erf', 'mef', 'kdc', 'dcr', 'mrw', 'gpr',
]);

/** Video containers cameras write: MP4/MOV everywhere, MTS/M2TS (AVCHD), AVI (old compacts), MXF (pro bodies), CRM (Canon Cinema RAW Light). */
export const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set(['mp4', 'm4v', 'mov', 'mts', 'm2ts', 'avi', 'mxf', '3gp', 'crm']);

/**
 * Files that belong to a photo or clip and are worthless without it but also make it whole:
 * XMP (ratings, edits), THM (Canon/GoPro clip thumbnails), WAV (voice memos attached to a
 * photo), XML (Sony clip metadata), SRT (drone telemetry). Small, so copying them costs nothing.
 */
export const SIDECAR_EXTENSIONS: ReadonlySet<string> = new Set(['xmp', 'thm', 'wav', 'xml', 'srt']);

/**
 * Folders no camera writes photos into: OS and indexer droppings (macOS, Windows, Android)
 * and fsck's recovered fragments. Compared case-insensitively (FAT and exFAT are).
 */
const SYSTEM_DIRS: ReadonlySet<string> = new Set([
  '.trashes', '.spotlight-v100', '.fseventsd', '.temporaryitems', '.documentrevisions-v100',
  'system volume information', '$recycle.bin', 'recycler', 'recycled', 'lost.dir', 'found.000', '.thumbnails',
]);

/** Files that are never photos: Windows/macOS metadata and fsck fragments (FILE0000.CHK). */
const SYSTEM_FILES: ReadonlySet<string> = new Set(['thumbs.db', 'ehthumbs.db', 'desktop.ini', '.ds_store', 'icon\r']);

/** The last path component, whichever separator the name came with (cards are read on Linux, uploads come from Windows). */
export function baseName(pathOrName: string): string {
  const cut = Math.max(pathOrName.lastIndexOf('/'), pathOrName.lastIndexOf('\\'));
  return cut < 0 ? pathOrName : pathOrName.slice(cut + 1);
}

/** "IMG_0001.JPG" -> "jpg"; "" when there is none ("README", ".profile", "name."). */
export function extensionOf(pathOrName: string): string {
  const name = baseName(pathOrName);
  const dot = name.lastIndexOf('.');
  return dot <= 0 || dot === name.length - 1 ? '' : name.slice(dot + 1).toLowerCase();
}

/**
 * Whether a folder should be walked at all. Hidden folders (dot-names) are skipped: no
 * camera makes one, and macOS makes many.
 */
export function isSystemDir(name: string): boolean {
  const lower = baseName(name).toLowerCase();
  return lower.startsWith('.') || SYSTEM_DIRS.has(lower);
}

/** What kind of file a name is. Pure and total: every string gets a kind. */
export function classifyName(pathOrName: string): FileKind {
  const name = baseName(pathOrName);
  const lower = name.toLowerCase();
  // Dot-files are AppleDouble resource forks ("._IMG_0001.JPG", which would otherwise look
  // like a JPEG and break every decoder), .DS_Store and friends: never a camera's.
  if (name === '' || lower.startsWith('.') || SYSTEM_FILES.has(lower)) return 'system';
  const ext = extensionOf(name);
  if (ext === 'chk' && /^file\d{4}\.chk$/.test(lower)) return 'system';
  if (PHOTO_EXTENSIONS.has(ext)) return 'photo';
  if (RAW_EXTENSIONS.has(ext)) return 'raw';
  if (VIDEO_EXTENSIONS.has(ext)) return 'video';
  if (SIDECAR_EXTENSIONS.has(ext)) return 'sidecar';
  return 'other';
}

export function isCopied(kind: FileKind): boolean {
  return COPIED_KINDS.has(kind);
}

/** Kinds whose capture time and camera can come from EXIF (videos carry theirs elsewhere). */
export function hasExif(kind: FileKind): boolean {
  return kind === 'photo' || kind === 'raw';
}
