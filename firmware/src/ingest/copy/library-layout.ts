// Where ingested files go on each disk. Pure: no file system access, so it is tested alone.
//
//   <root>/<customer no> <customer name>/<order folder>/{originals,first-edits,refined,design}/<file>
//
// The tree must read well without the box: over SMB from the front-desk PC (Windows), with the
// disk plugged into any computer (the disks may be exFAT or NTFS), so every name we make is
// valid on FAT/exFAT/NTFS/SMB as well as on ext4.
//
// Order folder: there is no orders module yet. With an order label (`--order`, or what the
// screen asks) the folder is that label; without one it is a dated shoot folder,
// `2026-11-23 shoot`, the job's day in the studio's time zone. Two cards of one customer on the
// same day without an order go into the same folder, which is what a studio expects of "one
// shoot"; an order added later can be filed by renaming the folder (the database keeps paths,
// and that rename is the job of the orders issue).

export const SUBFOLDERS = ['originals', 'first-edits', 'refined', 'design'] as const;
export type Subfolder = (typeof SUBFOLDERS)[number];

/** Leftovers with this prefix are ours: only ever in a destination folder, removed at start-up. */
export const TEMP_PREFIX = '.studio-box-tmp-';

export const tempName = (jobId: number, n: number): string => `${TEMP_PREFIX}${jobId}-${n}`;
export const isTempName = (name: string): boolean => name.startsWith(TEMP_PREFIX);

// Windows refuses these as names, with or without an extension ("CON.jpg" too).
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;
// FAT/exFAT/NTFS/SMB forbid these; control characters are never useful in a name.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f"*/:<>?\\|]/g;

/**
 * Caps. ext4 allows 255 bytes per name, exFAT/NTFS 255 UTF-16 units; Chinese and Vietnamese
 * names take 3 bytes per character in UTF-8. Windows Explorer still stumbles on paths over 260
 * characters, so each part stays well under: customer names and order labels 60 characters,
 * file names 120 (extension kept), and never more than 240 UTF-8 bytes.
 */
export const MAX_FOLDER_CHARS = 60;
export const MAX_FILE_CHARS = 120;
const MAX_BYTES = 240;

/** Cuts to at most maxChars code points and maxBytes UTF-8 bytes, never inside a character. */
function cap(s: string, maxChars: number, maxBytes = MAX_BYTES): string {
  let out = '';
  let bytes = 0;
  let chars = 0;
  for (const ch of s) {
    const b = Buffer.byteLength(ch);
    if (chars + 1 > maxChars || bytes + b > maxBytes) break;
    out += ch;
    bytes += b;
    chars++;
  }
  return out;
}

const clean = (raw: string): string => raw.normalize('NFC').replace(FORBIDDEN, '_').replace(/^\s+/, '').replace(/[.\s]+$/, '');

function finish(s: string): string {
  s = s.replace(/[.\s]+$/, ''); // a cut may end on a space or dot
  return s === '' ? '_' : s;
}

/**
 * One path component made safe: forbidden characters become "_", no leading whitespace, no
 * trailing dots or whitespace (Windows drops them, so "a." and "a" would be the same file), no
 * reserved device names, never empty, ".", or "..". Unicode is normalised to NFC (macOS sends
 * NFD). Idempotent: a safe name is kept as it is.
 */
export function sanitizeName(raw: string, maxChars: number = MAX_FOLDER_CHARS): string {
  let s = clean(raw);
  if (RESERVED.test(s)) s = `_${s}`;
  return finish(cap(s, maxChars));
}

/** Splits "IMG_0001.JPG" into ["IMG_0001", ".JPG"]; ".hidden", "..x" and "x." have no extension. */
export function splitExtension(name: string): [base: string, ext: string] {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1 || /^\.+$/.test(name.slice(0, dot))) return [name, ''];
  return [name.slice(0, dot), name.slice(dot)];
}

/** A file name made safe like sanitizeName; when too long, the base is shortened, not the extension. */
export function sanitizeFileName(raw: string): string {
  let s = clean(raw);
  if (RESERVED.test(s)) s = `_${s}`;
  if ([...s].length > MAX_FILE_CHARS || Buffer.byteLength(s) > MAX_BYTES) {
    let [base, ext] = splitExtension(s);
    if ([...ext].length > 16) [base, ext] = [s, ''];
    s = cap(base, MAX_FILE_CHARS - [...ext].length, MAX_BYTES - Buffer.byteLength(ext)) + ext;
  }
  return finish(s);
}

export interface CustomerRef {
  customerNo: string;
  name: string;
}

/** "C000123 Nguyễn Thị Lan": the number first, so folders sort and are found by number. */
export function customerFolderName(c: CustomerRef): string {
  return sanitizeName(`${c.customerNo} ${c.name}`, MAX_FOLDER_CHARS);
}

/** YYYY-MM-DD of `at` in the given IANA time zone. */
export function localDate(at: Date, timeZone: string): string {
  // en-CA formats as 2026-11-23.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The order folder: the sanitized order label, or "<local date> shoot" without an order. */
export function orderFolderName(orderLabel: string | null | undefined, at: Date, timeZone: string): string {
  const label = orderLabel?.trim();
  return label ? sanitizeName(label, MAX_FOLDER_CHARS) : `${localDate(at, timeZone)} shoot`;
}

/**
 * Comparison key for "is this name taken": exFAT, NTFS and SMB are case-insensitive, so
 * IMG_0001.JPG and img_0001.jpg are the same file there. NFC so composed/decomposed forms match.
 */
export const nameKey = (name: string): string => name.normalize('NFC').toLowerCase();

/** The n-th candidate for a name: n = 1 is the name itself, then "IMG_0001 (2).JPG", … */
export function candidateName(name: string, n: number): string {
  if (n <= 1) return name;
  const [base, ext] = splitExtension(name);
  const suffix = ` (${n})`;
  // Keep within the cap: shorten the base, never the suffix or the extension.
  return cap(base, MAX_FILE_CHARS - ext.length - suffix.length, MAX_BYTES - Buffer.byteLength(ext + suffix)) + suffix + ext;
}

/** The first candidate of `name` (itself, then "name (2).ext", …) for which taken(candidate) is false. */
export function pickFreeName(name: string, taken: (candidate: string) => boolean): string {
  for (let n = 1; ; n++) {
    const c = candidateName(name, n);
    if (!taken(c)) return c;
  }
}

/** Relative folder of a job under each disk root: "<customer folder>/<order folder>". */
export function jobFolder(customerFolder: string, orderFolder: string): string {
  return `${customerFolder}/${orderFolder}`;
}
