// The scrub's low I/O priority: a cap on its read rate.
//
// Why a rate cap and not only ionice: the I/O classes (ionice -c3 "idle") are honoured by the
// BFQ scheduler only; USB disks on Raspberry Pi OS use mq-deadline, which ignores them, and
// ionice would also slow the daemon's own ingest (the priority is per thread, and the reads run
// in libuv's shared thread pool). A cap works on every scheduler and leaves the disks mostly
// idle for a card copy or a browser loading thumbnails. The scrub also waits while an ingest
// runs (scrub-runner.ts), and the daemon's process may still be given a nice/ionice by systemd.

/** Milliseconds to wait so that `bytes` read since `startMs` do not exceed `bytesPerSecond`. */
export function paceDelay(bytes: number, elapsedMs: number, bytesPerSecond: number): number {
  if (!(bytesPerSecond > 0) || !Number.isFinite(bytesPerSecond)) return 0;
  const due = (bytes / bytesPerSecond) * 1000;
  return Math.max(0, Math.ceil(due - elapsedMs));
}

export interface Pacer {
  /** Call after each chunk read; resolves when reading may go on. */
  pace(n: number): Promise<void>;
}

/**
 * A pacer over a window that restarts after each idle stretch longer than a second, so time
 * spent paused or waiting for an ingest does not become a burst allowance.
 */
export function createPacer(bytesPerSecond: () => number, now: () => number = () => performance.now(), sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))): Pacer {
  let start = now();
  let last = start;
  let bytes = 0;
  return {
    async pace(n) {
      const t = now();
      if (t - last > 1000) {
        start = t;
        bytes = 0;
      }
      bytes += n;
      const wait = paceDelay(bytes, t - start, bytesPerSecond());
      if (wait > 0) await sleep(wait);
      last = now();
    },
  };
}
