// Progress of one job for the screens: counts, MB/s over the last few seconds, time left.
// Pure apart from the injected monotonic clock, so it is tested with a fake one.
import type { IngestProgress } from '../ingest-types.js';

/** Rates are measured over this window: long enough to be steady, short enough to follow a slow file. */
const WINDOW_MS = 5000;

interface Sample {
  t: number;
  copied: number;
  verified: number;
}

export class ProgressTracker {
  totalFiles = 0;
  totalBytes = 0;
  /** Card files dealt with (read and copied, read and found already there, or failed) and their bytes. */
  files = 0;
  bytes = 0;
  /** Files on both disks and recorded, durably (their group committed); safe once also verified. */
  filesStored = 0;
  filesVerified = 0;
  filesToVerify = 0;
  private copyBytesLeft = 0;
  private verifyBytesTotal = 0;
  private copiedCum = 0;
  private verifiedCum = 0;
  private readonly samples: Sample[] = [];

  constructor(private readonly now: () => number = () => performance.now()) {
    this.samples.push({ t: now(), copied: 0, verified: 0 });
  }

  /** What the card holds, and how much of it must be read (not already there). */
  setTotals(files: number, bytes: number, bytesToCopy: number): void {
    this.totalFiles = files;
    this.totalBytes = bytes;
    this.copyBytesLeft = bytesToCopy;
  }

  /** A chunk of the card read and written to both disks. */
  copied(n: number): void {
    this.copiedCum += n;
    this.copyBytesLeft = Math.max(0, this.copyBytesLeft - n);
    this.sample();
  }

  /** A card file finished (copied, found a duplicate, or failed): size is its full size, read bytes are counted by copied(). */
  fileDone(size: number, bytesRead: number): void {
    this.files++;
    this.bytes += size;
    // A file that failed part-way leaves the rest of its bytes unread.
    this.copyBytesLeft = Math.max(0, this.copyBytesLeft - (size - bytesRead));
  }

  /** A card file seen before read differently than stored: it is read again, to be copied. */
  reread(size: number): void {
    this.copyBytesLeft += size;
  }

  /** A group of files committed: on both disks and recorded, durably. */
  stored(files: number): void {
    this.filesStored += files;
  }

  willVerify(size: number): void {
    this.filesToVerify++;
    this.verifyBytesTotal += size;
  }

  verifiedBytes(n: number): void {
    this.verifiedCum += n;
    this.sample();
  }

  verifyFileDone(): void {
    this.filesVerified++;
  }

  private sample(): void {
    const t = this.now();
    const last = this.samples.at(-1)!;
    // One sample per 100 ms is plenty for a 5 s window (the oldest one stays put: it is the origin).
    if (t - last.t < 100 && this.samples.length > 1) {
      last.copied = this.copiedCum;
      last.verified = this.verifiedCum;
    } else this.samples.push({ t, copied: this.copiedCum, verified: this.verifiedCum });
    while (this.samples.length > 2 && t - this.samples[1]!.t > WINDOW_MS) this.samples.shift();
  }

  /** Bytes per second of copying and of read-back over the window (0 when nothing moved). */
  rates(): { copy: number; verify: number } {
    const first = this.samples[0]!;
    const last = this.samples.at(-1)!;
    const seconds = (Math.max(this.now(), last.t) - first.t) / 1000;
    if (seconds <= 0) return { copy: 0, verify: 0 };
    return { copy: (last.copied - first.copied) / seconds, verify: (last.verified - first.verified) / seconds };
  }

  snapshot(jobId: number, phase: 'copying' | 'verifying'): IngestProgress {
    const r = this.rates();
    // Before read-back has a rate of its own, assume it keeps up with the copy.
    const verifyRate = r.verify > 0 ? r.verify : r.copy;
    const backlog = Math.max(0, this.verifyBytesTotal - this.verifiedCum);
    let secondsLeft: number | null = null;
    if (phase === 'copying' && r.copy > 0) {
      // Read-backs run alongside the copy: what is left at the end is the backlog they have
      // then, which grows only if they are slower than the copy.
      const copyTime = this.copyBytesLeft / r.copy;
      const backlogAtEnd = Math.max(0, backlog + this.copyBytesLeft - verifyRate * copyTime);
      secondsLeft = copyTime + backlogAtEnd / verifyRate;
    } else if (phase === 'verifying' && verifyRate > 0) {
      secondsLeft = backlog / verifyRate;
    }
    return {
      jobId,
      phase,
      files: this.files,
      bytes: this.bytes,
      totalFiles: this.totalFiles,
      totalBytes: this.totalBytes,
      filesStored: this.filesStored,
      filesVerified: this.filesVerified,
      filesToVerify: this.filesToVerify,
      mbPerSecond: Math.round(((phase === 'copying' ? r.copy : r.verify) / 1e6) * 10) / 10,
      secondsLeft: secondsLeft === null ? null : Math.round(secondsLeft),
    };
  }
}
