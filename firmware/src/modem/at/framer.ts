import { Transform, type TransformCallback } from 'node:stream';

/**
 * Framing of the bytes a modem sends: lines split on CR, LF or any mix of them, the `> `
 * prompt of AT+CMGS (which has no line ending, so a readline parser never delivers it),
 * and a length cap so a stream of garbage without line endings cannot grow without bound.
 * Pure and synchronous: bytes in, frames out; it never throws.
 */
export type Frame =
  | { kind: 'line'; text: string }
  | { kind: 'prompt' }
  | { kind: 'overflow'; bytes: number };

export const DEFAULT_MAX_LINE_BYTES = 4096;

const CR = 0x0d;
const LF = 0x0a;
const GT = 0x3e;
const SPACE = 0x20;

export class LineFramer {
  private buf: Buffer;
  private len = 0;
  /** Bytes dropped since the line overflowed; -1 while not overflowing. */
  private dropping = -1;

  constructor(private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES) {
    this.buf = Buffer.alloc(Math.min(256, maxLineBytes));
  }

  /** Feeds a chunk; returns the frames it completes (possibly none). */
  push(chunk: Uint8Array): Frame[] {
    const out: Frame[] = [];
    for (const byte of chunk) {
      if (byte === CR || byte === LF) {
        this.endLine(out);
        continue;
      }
      if (this.dropping >= 0) {
        this.dropping++;
        continue;
      }
      if (this.len >= this.maxLineBytes) {
        // Over-long line: report it once, then drop bytes up to the next line ending.
        this.dropping = this.len + 1;
        this.len = 0;
        continue;
      }
      this.append(byte);
      // `> ` at the start of a line is the prompt: deliver it now, nothing else will follow.
      if (this.len === 2 && this.buf[0] === GT && this.buf[1] === SPACE) {
        this.len = 0;
        out.push({ kind: 'prompt' });
      }
    }
    return out;
  }

  /** The bytes of the unfinished line (for diagnostics). */
  pending(): string {
    return this.buf.subarray(0, this.len).toString('latin1');
  }

  /** Forgets a half line, e.g. after the port was re-opened. */
  reset(): void {
    this.len = 0;
    this.dropping = -1;
  }

  private endLine(out: Frame[]): void {
    if (this.dropping >= 0) {
      out.push({ kind: 'overflow', bytes: this.dropping });
      this.dropping = -1;
      return;
    }
    if (this.len === 0) return; // the LF of a CRLF, or a blank line
    // latin1 maps every byte to one character: lossless and never throws on garbage.
    const text = this.buf.subarray(0, this.len).toString('latin1');
    this.len = 0;
    out.push({ kind: 'line', text });
  }

  private append(byte: number): void {
    if (this.len === this.buf.length) {
      const bigger = Buffer.alloc(Math.min(this.buf.length * 2, this.maxLineBytes));
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    this.buf[this.len++] = byte;
  }
}

/** The same framing as a stream: bytes in, `Frame` objects out (for piping a port). */
export class AtFrameStream extends Transform {
  private readonly framer: LineFramer;

  constructor(maxLineBytes = DEFAULT_MAX_LINE_BYTES) {
    super({ readableObjectMode: true });
    this.framer = new LineFramer(maxLineBytes);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    for (const frame of this.framer.push(chunk)) this.push(frame);
    done();
  }
}
