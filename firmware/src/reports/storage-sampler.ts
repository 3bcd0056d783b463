// The daily storage sample (R1, disk growth): once a studio day, each disk's used and free
// bytes and how many files the library stores, into storage_samples (migration 036). A node-cron
// job at 00:05 on the studio's clock (util/zoned-cron.ts: the settings' zone, re-planned when it
// changes), and once at start, so a box that was off at midnight samples on waking; a day that
// has its sample keeps it (the first one counts).
import type { DiskHealth } from '../api-types.js';
import type { Db } from '../db/connection.js';
import type { Logger } from '../log.js';
import type { Clock } from '../util/clock.js';
import { formatIsoDate, localDate } from '../util/local-time.js';
import { ZonedCron } from '../util/zoned-cron.js';

export interface StorageSamplerOptions {
  db: Db;
  clock: Clock;
  timeZone: () => string;
  disks: () => Promise<Pick<DiskHealth, 'role' | 'state' | 'freeBytes' | 'totalBytes'>[]>;
  log: Logger;
  /** Milliseconds between looks at the time zone (default 60000). */
  zoneCheckMs?: number;
}

export class StorageSampler {
  private readonly cron: ZonedCron;

  constructor(private readonly o: StorageSamplerOptions) {
    this.cron = new ZonedCron({ timeZone: o.timeZone, zoneCheckMs: o.zoneCheckMs, jobs: [{ pattern: '5 0 * * *', name: 'storage-sample', run: () => void this.sampleSafely() }] });
  }

  start(): void {
    this.cron.start();
    void this.sampleSafely();
  }

  async stop(): Promise<void> {
    await this.cron.stop();
  }

  /** Today's sample (the studio's today by the box's clock) unless there is one: true if written. */
  async sample(): Promise<boolean> {
    const now = this.o.clock();
    const day = formatIsoDate(localDate(now, this.o.timeZone()));
    if (this.o.db.prepare('SELECT 1 FROM storage_samples WHERE day = ?').get(day)) return false;
    const disks = await this.o.disks();
    const space = (role: DiskHealth['role']) => {
      const d = disks.find((x) => x.role === role);
      return d && d.state !== 'down' && d.freeBytes !== null && d.totalBytes !== null ? { used: d.totalBytes - d.freeBytes, free: d.freeBytes } : { used: null, free: null };
    };
    const lib = space('library');
    const bak = space('backup');
    const photos = (this.o.db.prepare('SELECT COUNT(*) AS n FROM ingest_files').get() as { n: number }).n;
    const r = this.o.db
      .prepare('INSERT OR IGNORE INTO storage_samples (day, at, library_used, library_free, backup_used, backup_free, photos) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(day, now.toISOString(), lib.used, lib.free, bak.used, bak.free, photos);
    return r.changes === 1;
  }

  private async sampleSafely(): Promise<void> {
    try {
      await this.sample();
    } catch (err) {
      this.o.log.error({ err }, 'storage sample failed');
    }
  }
}
