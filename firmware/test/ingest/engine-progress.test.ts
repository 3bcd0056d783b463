import { describe, expect, it } from 'vitest';
import { ProgressTracker } from '../../src/ingest/copy/progress.js';
import { progressLine } from '../../src/cli/ingest-command.js';

describe('ingest progress', () => {
  it('counts files and bytes, measures MB/s over the last seconds and estimates the time left', () => {
    let t = 0;
    const p = new ProgressTracker(() => t);
    // Every card file is read, also those already there (they are proved by their hash).
    p.setTotals(8, 80e6, 80e6);
    expect(p.snapshot(1, 'copying')).toMatchObject({ files: 0, bytes: 0, totalFiles: 8, totalBytes: 80e6, filesStored: 0, mbPerSecond: 0, secondsLeft: null });
    // 40 MB in 1 s, one file of 10 MB at a time.
    for (let i = 0; i < 4; i++) {
      for (let k = 0; k < 10; k++) {
        t += 25;
        p.copied(1e6);
      }
      p.fileDone(10e6, 10e6);
      p.willVerify(10e6);
    }
    p.stored(3); // a commit group of three: durable on both disks, not yet verified
    let s = p.snapshot(1, 'copying');
    expect(s.files).toBe(4);
    expect(s.bytes).toBe(40e6);
    expect(s.filesStored).toBe(3);
    expect(s.mbPerSecond).toBeCloseTo(40, 0);
    // 40 MB left at 40 MB/s, and a read-back backlog of 40 MB at (assumed) the same rate.
    expect(s.secondsLeft).toBe(2);
    // Read-backs at 80 MB/s: the backlog shrinks while copying; only the copy is left.
    for (let k = 0; k < 40; k++) {
      t += 12.5;
      p.verifiedBytes(1e6);
    }
    for (let k = 0; k < 4; k++) p.verifyFileDone();
    s = p.snapshot(1, 'copying');
    expect(s.filesVerified).toBe(4);
    expect(s.filesToVerify).toBe(4);
    expect(s.secondsLeft).toBeGreaterThanOrEqual(1);
    expect(s.secondsLeft).toBeLessThanOrEqual(3);
    // Verifying only: time left is the backlog at the read-back rate.
    p.willVerify(16e6);
    s = p.snapshot(1, 'verifying');
    expect(s.mbPerSecond).toBeGreaterThan(0);
    expect(s.secondsLeft).toBeGreaterThan(0);
    expect(progressLine(s)).toMatch(/^verifying 4\/5 files/);
  });

  it('forgets rates older than the window: a stall shows as 0 MB/s, not the old average', () => {
    let t = 0;
    const p = new ProgressTracker(() => t);
    p.setTotals(1, 10e6, 10e6);
    for (let k = 0; k < 5; k++) {
      t += 100;
      p.copied(1e6);
    }
    expect(p.snapshot(1, 'copying').mbPerSecond).toBeGreaterThan(5);
    t += 20_000;
    p.copied(0);
    expect(p.snapshot(1, 'copying').mbPerSecond).toBe(0);
    expect(p.snapshot(1, 'copying').secondsLeft).toBeNull();
  });

  it('a file that failed part-way leaves no bytes to copy behind', () => {
    let t = 0;
    const p = new ProgressTracker(() => t);
    p.setTotals(2, 20e6, 20e6);
    t += 500;
    p.copied(3e6);
    p.fileDone(10e6, 3e6);
    t += 500;
    p.copied(10e6);
    p.fileDone(10e6, 10e6);
    const s = p.snapshot(1, 'copying');
    expect(s.files).toBe(2);
    expect(s.secondsLeft).toBe(0);
  });
});
