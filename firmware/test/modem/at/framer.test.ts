import { describe, expect, it } from 'vitest';
import { AtFrameStream, LineFramer, type Frame } from '../../../src/modem/at/framer.js';

function frames(chunks: (string | Buffer)[], max?: number): Frame[] {
  const f = new LineFramer(max);
  return chunks.flatMap((c) => f.push(typeof c === 'string' ? Buffer.from(c, 'latin1') : c));
}

const line = (text: string): Frame => ({ kind: 'line', text });

describe('LineFramer', () => {
  it('splits on CRLF, LF, CR and mixed endings, skipping blank lines', () => {
    expect(frames(['\r\nOK\r\n'])).toEqual([line('OK')]);
    expect(frames(['A\nB\rC\r\n\r\nD\n\rE\r\r\r'])).toEqual(['A', 'B', 'C', 'D', 'E'].map(line));
  });

  it('delivers the `> ` prompt, which has no line ending, at once', () => {
    expect(frames(['\r\n> '])).toEqual([{ kind: 'prompt' }]);
    expect(frames(['\r\n>', ' '])).toEqual([{ kind: 'prompt' }]);
    // After the prompt, the echoed payload is a line of its own.
    expect(frames(['\r\n> 0011\x1a\r\n\r\n+CMGS: 7\r\n'])).toEqual([{ kind: 'prompt' }, line('0011\x1a'), line('+CMGS: 7')]);
  });

  it('does not take a `>` inside a line for a prompt', () => {
    expect(frames(['a> b\r\n', '>x\r\n'])).toEqual([line('a> b'), line('>x')]);
  });

  it('reassembles lines split byte by byte', () => {
    const text = '\r\n+CMTI: "SM",3\r\n\r\nOK\r\n\r\n> ';
    const chunks = [...Buffer.from(text, 'latin1')].map((b) => Buffer.of(b));
    expect(frames(chunks)).toEqual([line('+CMTI: "SM",3'), line('OK'), { kind: 'prompt' }]);
  });

  it('keeps a half line until its end arrives', () => {
    const f = new LineFramer();
    expect(f.push(Buffer.from('+CSQ: 2'))).toEqual([]);
    expect(f.pending()).toBe('+CSQ: 2');
    expect(f.push(Buffer.from('0,0\r\nO'))).toEqual([line('+CSQ: 20,0')]);
    expect(f.push(Buffer.from('K\r\n'))).toEqual([line('OK')]);
  });

  it('reports an over-long line once and resynchronises at the next line ending', () => {
    const long = 'x'.repeat(100);
    expect(frames([long.slice(0, 40), long.slice(40), '\r\nOK\r\n'], 16)).toEqual([
      { kind: 'overflow', bytes: 100 },
      line('OK'),
    ]);
    expect(frames(['y'.repeat(16) + '\r\n'], 16)).toEqual([line('y'.repeat(16))]);
  });

  it('passes garbage bytes through losslessly and never throws', () => {
    const garbage = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x1b, 0x0d, 0x0a]);
    expect(frames([garbage])).toEqual([line('\x00\xff\xfe\x80\x1b')]);
    const f = new LineFramer(64);
    for (let i = 0; i < 2000; i++) {
      const chunk = Buffer.from(Array.from({ length: (i % 37) + 1 }, (_, j) => (i * 31 + j * 17) % 256));
      expect(() => f.push(chunk)).not.toThrow();
    }
  });

  it('works as a Transform stream', async () => {
    const s = new AtFrameStream();
    const got: Frame[] = [];
    s.on('data', (f: Frame) => got.push(f));
    s.write(Buffer.from('\r\nRING\r\n\r\n> '));
    s.end();
    await new Promise((r) => s.on('end', r));
    expect(got).toEqual([line('RING'), { kind: 'prompt' }]);
  });
});
