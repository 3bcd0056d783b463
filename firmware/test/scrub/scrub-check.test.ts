// The pure parts of the scrub: what two read-backs mean, and the read cap.
import { describe, expect, it } from 'vitest';
import { classify, decide, describeCopy, type CopyState } from '../../src/scrub/scrub-check.js';
import { createPacer, paceDelay } from '../../src/scrub/read-pace.js';

const expected = { size: 10, hash: 'a'.repeat(32) };
const err = (code: string) => Object.assign(new Error(`${code}: failed`), { code });

describe('classify', () => {
  it('names each outcome of reading one copy', () => {
    expect(classify(expected, { size: 10, hash: 'a'.repeat(32) })).toEqual({ kind: 'ok' });
    expect(classify(expected, { size: 10, hash: 'b'.repeat(32) })).toEqual({ kind: 'mismatch', size: 10, hash: 'b'.repeat(32) });
    expect(classify(expected, { size: 9, hash: 'a'.repeat(32) })).toEqual({ kind: 'mismatch', size: 9, hash: 'a'.repeat(32) });
    expect(classify(expected, { error: err('ENOENT') })).toEqual({ kind: 'missing' });
    expect(classify(expected, { error: err('ENOTDIR') })).toEqual({ kind: 'missing' });
    expect(classify(expected, { error: err('EIO') })).toEqual({ kind: 'unreadable', error: 'EIO: failed' });
    expect(classify(expected, { error: new Error('no code') })).toEqual({ kind: 'unreadable', error: 'no code' });
  });
});

describe('decide: every pair of copy states', () => {
  const states: CopyState[] = [{ kind: 'ok' }, { kind: 'missing' }, { kind: 'mismatch', size: 1, hash: 'b' }, { kind: 'unreadable', error: 'EIO' }];
  for (const lib of states) {
    for (const bak of states) {
      it(`library ${lib.kind}, backup ${bak.kind}`, () => {
        const v = decide(lib, bak);
        if (lib.kind === 'ok' && bak.kind === 'ok') expect(v).toEqual({ action: 'none' });
        else if (lib.kind === 'ok') expect(v).toEqual({ action: 'repair', target: 'backup', from: 'library', bad: bak });
        else if (bak.kind === 'ok') expect(v).toEqual({ action: 'repair', target: 'library', from: 'backup', bad: lib });
        // Never a repair FROM a bad copy: both bad is an alarm, nothing is written.
        else expect(v).toEqual({ action: 'alarm', library: lib, backup: bak });
        expect(describeCopy('library', lib)).toMatch(/^library copy /);
      });
    }
  }
});

describe('the read cap', () => {
  it('paceDelay: the wait that keeps bytes/elapsed at the rate', () => {
    expect(paceDelay(0, 0, 1e6)).toBe(0);
    expect(paceDelay(1e6, 0, 1e6)).toBe(1000);
    expect(paceDelay(1e6, 400, 1e6)).toBe(600);
    expect(paceDelay(1e6, 1500, 1e6)).toBe(0);
    expect(paceDelay(1e6, 0, 0)).toBe(0); // no cap
    expect(paceDelay(1e6, 0, Infinity)).toBe(0);
  });

  it('a pacer over a fake clock averages the rate, and an idle gap is not a burst allowance', async () => {
    let t = 0;
    const slept: number[] = [];
    const p = createPacer(() => 1e6, () => t, async (ms) => {
      slept.push(ms);
      t += ms;
    });
    for (let i = 0; i < 4; i++) await p.pace(250_000);
    expect(t).toBe(1000); // 1 MB at 1 MB/s
    t += 60_000; // paused a minute
    await p.pace(500_000);
    expect(slept.at(-1)).toBe(500); // not free because of the minute
  });
});
