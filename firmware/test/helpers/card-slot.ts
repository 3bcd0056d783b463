// Memory cards for tests of the whole box: a DCIM tree of real JPEGs (sharp, with EXIF capture
// time and camera), a RAW-like file and a clip, "inserted" into the development card slot
// (<dataDir>/card-slot) by renaming a finished folder into it, and "pulled" by renaming it out.
import { mkdirSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import sharp from 'sharp';
import { hashOf, rawLike, videoLike } from '../ingest/engine-helpers.js';

export interface CardSpec {
  /** JPEG count (IMG_0001.JPG…), each with its own capture time. */
  jpegs: number;
  /** EXIF DateTimeOriginal of the first JPEG ("YYYY:MM:DD HH:MM:SS", camera local time); each next one a minute later. */
  firstShot: string;
  raw?: boolean;
  video?: boolean;
  make?: string;
  model?: string;
}

export interface WrittenFile {
  relPath: string;
  name: string;
  size: number;
  hash: string;
  bytes: Buffer;
}

function shotPlus(first: string, minutes: number): string {
  const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(first);
  if (!m) throw new Error(`bad EXIF time ${first}`);
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]! + minutes, +m[6]!));
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}:${p(d.getUTCMonth() + 1)}:${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/**
 * A real JPEG with EXIF capture time and camera; noise keeps every one distinct, and `tint` (a
 * card's photos each get their own) lets a test tell one photo's picture from another's.
 */
export async function exifJpeg(shotAt: string, make = 'Canon', model = 'Canon EOS R6', width = 600, height = 400, tint?: { r: number; g: number; b: number }): Promise<Buffer> {
  const noise = sharp({ create: { width, height, channels: 3, background: { r: 90, g: 140, b: 200 }, noise: { type: 'gaussian', mean: 128, sigma: 30 } } });
  return (tint ? noise.tint(tint) : noise)
    .jpeg({ quality: 80 })
    .withExif({ IFD0: { Make: make, Model: model }, IFD2: { DateTimeOriginal: shotAt } })
    .toBuffer();
}

/** Pure: photo i's tint, a hue around the colour wheel (seven apart: neighbours differ). */
export function cardTint(i: number): { r: number; g: number; b: number } {
  const h = ((i * 7) % 24) / 24;
  const c = (o: number) => Math.round(127.5 + 127.5 * Math.cos(2 * Math.PI * (h + o)));
  return { r: c(0), g: c(1 / 3), b: c(2 / 3) };
}

/** Writes a card's files under `root` (DCIM/100CANON/…), with old, distinct mtimes. */
export async function writeCard(root: string, spec: CardSpec): Promise<WrittenFile[]> {
  const files: [string, Buffer][] = [];
  for (let i = 1; i <= spec.jpegs; i++) {
    files.push([`DCIM/100CANON/IMG_${String(i).padStart(4, '0')}.JPG`, await exifJpeg(shotPlus(spec.firstShot, i - 1), spec.make, spec.model, 600, 400, cardTint(i))]);
  }
  if (spec.raw) files.push(['DCIM/100CANON/IMG_0100.CR2', rawLike(300_000)]);
  if (spec.video) files.push(['DCIM/100CANON/MVI_0200.MP4', videoLike(200_000)]);
  const out: WrittenFile[] = [];
  let t = Date.UTC(2026, 10, 23, 3, 0, 0) / 1000;
  for (const [rel, bytes] of files) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, bytes);
    utimesSync(p, t, t);
    t += 2;
    out.push({ relPath: relative(root, p), name: rel.slice(rel.lastIndexOf('/') + 1), size: bytes.length, hash: hashOf(bytes), bytes });
  }
  // What cameras leave besides photos: never copied.
  mkdirSync(join(root, 'MISC'), { recursive: true });
  writeFileSync(join(root, 'MISC', 'AUTPRINT.MRK'), 'print order\n');
  return out;
}

/** The card slot of a test box, and a place beside it where cards are built and kept while out. */
export class CardSlot {
  readonly slot: string;
  readonly shelf: string;

  constructor(dataDir: string) {
    this.slot = join(dataDir, 'card-slot');
    this.shelf = join(dataDir, 'card-shelf');
    mkdirSync(this.shelf, { recursive: true });
  }

  /** Builds a card on the shelf (not yet inserted). */
  async make(name: string, spec: CardSpec): Promise<WrittenFile[]> {
    return writeCard(join(this.shelf, name), spec);
  }

  /** Pushes the card in: one rename, as a card appears at once. */
  insert(name: string): void {
    mkdirSync(this.slot, { recursive: true });
    renameSync(join(this.shelf, name), join(this.slot, name));
  }

  /** Pulls the card out (back onto the shelf, to be inserted again). */
  pull(name: string): void {
    renameSync(join(this.slot, name), join(this.shelf, name));
  }
}
