// EXIF tag values through exifr, and the pure mapping from tags to what the box shows.
//
// exifr is given the TIFF block only (found by our own container code), with numeric keys
// and no value revival: revived dates are built in the process's time zone, and we want
// the raw "YYYY:MM:DD HH:MM:SS" string (see capture-time.ts).
import { captureTimeFrom } from './capture-time.js';

export const T = {
  ImageWidth: 0x100,
  ImageHeight: 0x101,
  Make: 0x10f,
  Model: 0x110,
  Orientation: 0x112,
  ModifyDate: 0x132,
  DateTimeOriginal: 0x9003,
  CreateDate: 0x9004,
  OffsetTime: 0x9010,
  OffsetTimeOriginal: 0x9011,
  OffsetTimeDigitized: 0x9012,
  SubSecTime: 0x9290,
  SubSecTimeOriginal: 0x9291,
  SubSecTimeDigitized: 0x9292,
  ExifImageWidth: 0xa002,
  ExifImageHeight: 0xa003,
  LensMake: 0xa433,
  LensModel: 0xa434,
} as const;

export type TagValues = Record<number, unknown>;

export interface ExifBlocks {
  ifd0: TagValues;
  exif: TagValues;
}

const IFD0_TAGS = [T.Make, T.Model, T.Orientation, T.ModifyDate, T.ImageWidth, T.ImageHeight];
const EXIF_TAGS = [
  T.DateTimeOriginal, T.CreateDate, T.OffsetTime, T.OffsetTimeOriginal, T.OffsetTimeDigitized,
  T.SubSecTime, T.SubSecTimeOriginal, T.SubSecTimeDigitized, T.ExifImageWidth, T.ExifImageHeight, T.LensMake, T.LensModel,
];

const QUIET = {
  gps: false, interop: false, ifd1: false, makerNote: false, userComment: false,
  xmp: false, icc: false, iptc: false, jfif: false, ihdr: false,
  translateKeys: false, translateValues: false, reviveValues: false, sanitize: true,
  mergeOutput: false, silentErrors: true,
};
/** exifr loads with the first photo read, not at the daemon's start (idle memory, issue 17). */
const loadExifr = async () => (await import('exifr')).default;

// One options object each: exifr caches its parsed options by identity.
const TIFF_OPTIONS = { ...QUIET, tiff: true, ifd0: { pick: IFD0_TAGS }, exif: { pick: EXIF_TAGS } };
/** For a TIFF whose first IFD holds EXIF tags (Canon CR3's CMT2 block). */
const FLAT_OPTIONS = { ...QUIET, tiff: true, exif: false };

interface ExifrOutput {
  ifd0?: TagValues;
  exif?: TagValues;
  errors?: unknown[];
}

function firstError(out: ExifrOutput | undefined): string | null {
  const e = out?.errors?.[0];
  return e === undefined ? null : e instanceof Error ? e.message : String(e);
}

/** IFD0 + EXIF IFD of a TIFF block (the payload of a JPEG's APP1, or a whole TIFF-based RAW's head). */
export async function exifFromTiff(tiff: Uint8Array): Promise<{ blocks: ExifBlocks; error: string | null }> {
  try {
    const out = (await (await loadExifr()).parse(tiff, TIFF_OPTIONS)) as ExifrOutput | undefined;
    return { blocks: { ifd0: out?.ifd0 ?? {}, exif: out?.exif ?? {} }, error: firstError(out) };
  } catch (err) {
    return { blocks: { ifd0: {}, exif: {} }, error: (err as Error).message };
  }
}

/** Every tag of the first IFD of a TIFF block, for CR3's CMT1/CMT2 boxes (each is a TIFF of one IFD). */
export async function firstIfdOfTiff(tiff: Uint8Array): Promise<{ tags: TagValues; error: string | null }> {
  try {
    const out = (await (await loadExifr()).parse(tiff, FLAT_OPTIONS)) as ExifrOutput | undefined;
    return { tags: out?.ifd0 ?? {}, error: firstError(out) };
  } catch (err) {
    return { tags: {}, error: (err as Error).message };
  }
}

export interface MetaFields {
  capturedAt: string | null;
  capturedLocal: string | null;
  captureOffset: string | null;
  captureSource: 'DateTimeOriginal' | 'CreateDate' | 'ModifyDate' | null;
  make: string | null;
  model: string | null;
  lens: string | null;
  width: number | null;
  height: number | null;
  orientation: number | null;
  /** Why there is no capture time, when there is none. */
  timeProblem: string | null;
}

function text(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  // Padding NULs and spaces are common; some cameras fill unknown fields with spaces only.
  const s = v.replace(/\0/g, '').trim();
  return s === '' ? null : s;
}

function positiveInt(v: unknown): number | null {
  const n = typeof v === 'number' ? v : Array.isArray(v) && typeof v[0] === 'number' ? v[0] : NaN;
  return Number.isInteger(n) && n > 0 && n < 1_000_000 ? n : null;
}

/**
 * Pure: tags -> fields. Capture time: DateTimeOriginal (when the shutter fired), else
 * CreateDate (when it was digitised: the same on a camera), else ModifyDate (IFD0 DateTime,
 * which cameras also set to the shot time), each with its own offset tag when present.
 */
export function fieldsFromTags(b: ExifBlocks, timeZone: string): MetaFields {
  const { ifd0, exif } = b;
  const tries = [
    ['DateTimeOriginal', exif[T.DateTimeOriginal], exif[T.SubSecTimeOriginal], exif[T.OffsetTimeOriginal]],
    ['CreateDate', exif[T.CreateDate], exif[T.SubSecTimeDigitized], exif[T.OffsetTimeDigitized]],
    ['ModifyDate', ifd0[T.ModifyDate], exif[T.SubSecTime], exif[T.OffsetTime]],
  ] as const;
  let time = null;
  let captureSource: MetaFields['captureSource'] = null;
  let timeProblem: string | null = null;
  for (const [name, dt, sub, off] of tries) {
    if (dt === undefined) continue;
    time = captureTimeFrom(dt, sub, off, timeZone);
    if (time) {
      captureSource = name;
      break;
    }
    timeProblem ??= `${name} ${JSON.stringify(dt)} is not a date`;
  }
  if (!time) timeProblem ??= 'no capture date in EXIF';
  const orientation = positiveInt(ifd0[T.Orientation]);
  const lensModel = text(exif[T.LensModel]);
  return {
    capturedAt: time?.utc ?? null,
    capturedLocal: time?.local ?? null,
    captureOffset: time?.offset ?? null,
    captureSource,
    make: text(ifd0[T.Make]),
    model: text(ifd0[T.Model]),
    lens: lensModel,
    width: positiveInt(exif[T.ExifImageWidth]),
    height: positiveInt(exif[T.ExifImageHeight]),
    orientation: orientation !== null && orientation <= 8 ? orientation : null,
    timeProblem: time ? null : timeProblem,
  };
}
