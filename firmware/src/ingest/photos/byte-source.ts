// Random access to a file's bytes, behind an interface so that the format parsers (JPEG
// markers, TIFF IFDs, ISO boxes) are pure logic testable on in-memory buffers, and so that
// exactly one place opens and closes file handles.
//
// Why not hand exifr a path: exifr 7 opens its own FileHandle and leaves it open when a
// file is broken (zero bytes, truncated, bad IFD offset); Node then closes it on garbage
// collection with a deprecation warning, and a card of broken files would run the daemon out
// of descriptors. We read the bytes ourselves and give exifr buffers.
import { open } from 'node:fs/promises';

export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes at `offset`; shorter at the end of the file, empty past it. Never throws for a range outside the file. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** An in-memory source (tests, and bytes already read). */
export function bufferSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: async (offset, length) => {
      if (!(offset >= 0) || !(length > 0) || offset >= bytes.length) return new Uint8Array(0);
      return bytes.subarray(offset, Math.min(bytes.length, offset + length));
    },
  };
}

/** A source over a byte range of another one (an embedded JPEG inside a RAW file). */
export function sliceSource(src: ByteSource, start: number, length: number): ByteSource {
  const size = Math.max(0, Math.min(length, src.size - start));
  return {
    size,
    read: (offset, len) => {
      if (!(offset >= 0) || !(len > 0) || offset >= size) return Promise.resolve(new Uint8Array(0));
      return src.read(start + offset, Math.min(len, size - offset));
    },
  };
}

/**
 * Opens `path` read-only, runs `fn` on it and closes it whatever happens. Reads are clamped
 * to `maxRead` bytes per call so a corrupt length field cannot make us allocate gigabytes.
 */
export async function withFileSource<T>(path: string, fn: (src: ByteSource) => Promise<T>, maxRead = 64 * 1024 * 1024): Promise<T> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const src: ByteSource = {
      size,
      read: async (offset, length) => {
        if (!(offset >= 0) || !(length > 0) || offset >= size) return new Uint8Array(0);
        const want = Math.min(length, size - offset, maxRead);
        const buf = Buffer.allocUnsafe(want);
        let got = 0;
        // A read may return fewer bytes than asked (FUSE file systems do); loop until done or EOF.
        while (got < want) {
          const { bytesRead } = await fh.read(buf, got, want - got, offset + got);
          if (bytesRead === 0) break;
          got += bytesRead;
        }
        return got === want ? buf : buf.subarray(0, got);
      },
    };
    return await fn(src);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/** Big/little-endian integer reads on a byte array; undefined outside it (parsers check). */
export function u16(b: Uint8Array, at: number, le: boolean): number | undefined {
  if (at < 0 || at + 2 > b.length) return undefined;
  return le ? b[at]! | (b[at + 1]! << 8) : (b[at]! << 8) | b[at + 1]!;
}

export function u32(b: Uint8Array, at: number, le: boolean): number | undefined {
  if (at < 0 || at + 4 > b.length) return undefined;
  const v = le
    ? b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)
    : (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;
  return v >>> 0;
}

/** A 64-bit big-endian size (ISO boxes); undefined when it does not fit a safe integer. */
export function u64be(b: Uint8Array, at: number): number | undefined {
  const hi = u32(b, at, false);
  const lo = u32(b, at + 4, false);
  if (hi === undefined || lo === undefined || hi >= 2 ** 21) return undefined;
  return hi * 2 ** 32 + lo;
}

export function ascii(b: Uint8Array, at: number, length: number): string {
  let s = '';
  for (let i = at; i < at + length && i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}
