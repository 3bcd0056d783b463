// `studio-box ingest --from PATH --customer ID [--order LABEL]`: a card (or any folder) into
// a customer's folder on both disks, verified, from a shell, with a progress line. The same
// engine as the daemon; the two cannot ingest at the same time (the ingest lock says who has it).
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { AuditLog } from '../audit/audit-log.js';
import type { Config } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrate } from '../db/migrate.js';
import { migrations } from '../db/migrations/index.js';
import { AppError } from '../errors.js';
import { IngestBusyError } from '../ingest/ingest-errors.js';
import type { BatchLimits, IngestHooks } from '../ingest/ingest-job.js';
import { IngestService } from '../ingest/ingest-service.js';
import type { IngestJob, IngestProgress } from '../ingest/ingest-types.js';
import type { Logger } from '../log.js';
import { SettingsService } from '../settings/settings-service.js';
import { systemClock, type Clock } from '../util/clock.js';

export const INGEST_USAGE = `usage: studio-box ingest --from PATH --customer ID|C000123 [--order LABEL] [--card-id ID]
  Copies every photo and video under PATH into the customer's folder on the library AND
  backup disks, reads both copies back, and skips what is already there.
  Exit status: 0 done, 1 failed, 2 usage, 3 interrupted (card removed, stopped), 75 busy.
`;

export interface IngestArgs {
  from?: string | undefined;
  customer?: string | undefined;
  order?: string | undefined;
  cardId?: string | undefined;
}

export interface IngestIo {
  config: Config;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  /** Default: warnings and errors as JSON on standard error. */
  log?: Logger;
  /** Test seams (crash points). */
  hooks?: IngestHooks;
  /** Milliseconds between progress lines when stdout is not a terminal (default 5000). */
  plainProgressMs?: number;
  /** Names the dated shoot folder; default the system clock (tests pin it). */
  clock?: Clock;
  /** Group commit limits (tests of one crash window commit file by file). */
  batch?: Partial<BatchLimits>;
}

const gb = (n: number) => (n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : `${(n / 1e6).toFixed(1)} MB`);
const clock = (s: number | null) => (s === null ? '--:--' : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`);

export function progressLine(p: IngestProgress): string {
  return p.phase === 'copying'
    ? `copying   ${p.files}/${p.totalFiles} files  ${gb(p.bytes)} of ${gb(p.totalBytes)}  ${p.mbPerSecond.toFixed(1)} MB/s  stored ${p.filesStored}  verified ${p.filesVerified}/${p.filesToVerify}  ${clock(p.secondsLeft)} left`
    : `verifying ${p.filesVerified}/${p.filesToVerify} files  ${p.mbPerSecond.toFixed(1)} MB/s  ${clock(p.secondsLeft)} left`;
}

export function summaryLine(j: IngestJob): string {
  if (j.state === 'done') {
    return `done: ${j.filesCopied} new files copied to library and backup, verified; ${j.filesSkipped} were already there. Safe to remove the card.`;
  }
  return `${j.state}: ${j.error ?? ''}`;
}

export async function ingestCommand(args: IngestArgs, io: IngestIo): Promise<number> {
  if (!args.from || !args.customer) {
    io.stderr.write(INGEST_USAGE);
    return 2;
  }
  const { config } = io;
  const log = io.log ?? pino({ level: 'warn', base: { app: 'studio-box', cmd: 'ingest' } }, pino.destination({ fd: 2, sync: true }));
  // The disks must be there: creating a missing mount point's folder would put the library on
  // the SD card.
  for (const [role, path] of [['library', config.disks.library.path], ['backup', config.disks.backup.path]] as const) {
    if (!existsSync(path) || !statSync(path).isDirectory()) {
      io.stderr.write(`studio-box: the ${role} disk is not there (${path} is not a folder); is it plugged in and mounted?\n`);
      return 1;
    }
  }
  const db = openDatabase(join(config.dataDir, 'studio-box.db'));
  let service: IngestService | null = null;
  const onSignal = () => void service?.stop();
  try {
    migrate(db, migrations, systemClock);
    const ref = args.customer.trim();
    const customerId = /^\d+$/.test(ref) ? Number(ref) : (db.prepare('SELECT id FROM customers WHERE customer_no = ? COLLATE NOCASE').get(ref) as { id: number } | undefined)?.id;
    if (customerId === undefined) {
      io.stderr.write(`studio-box: customer ${ref} not found\n`);
      return 1;
    }
    const settings = new SettingsService(db, new AuditLog(db, systemClock), systemClock);
    const svc = new IngestService({
      db,
      clock: io.clock ?? systemClock,
      log,
      libraryRoot: config.disks.library.path,
      backupRoot: config.disks.backup.path,
      timeZone: () => settings.get()?.timeZone ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'),
      owner: `studio-box ingest (shell, pid ${process.pid})`,
      hooks: io.hooks,
      ...(io.batch ? { batch: io.batch } : {}),
    });
    try {
      const recovered = await svc.start();
      if (recovered.jobsInterrupted || recovered.filesRecorded || recovered.filesDropped || recovered.filesDamaged) {
        io.stdout.write(
          `recovered from an unclean stop: ${recovered.jobsInterrupted} jobs marked interrupted, ${recovered.filesRecorded} files completed, ${recovered.filesDropped} dropped, ${recovered.filesDamaged} damaged, ${recovered.tempFilesRemoved} temporary files removed\n`,
        );
      }
    } catch (err) {
      if (err instanceof IngestBusyError) {
        io.stderr.write(`studio-box: ${err.message}\n`);
        return 75; // EX_TEMPFAIL
      }
      throw err;
    }
    service = svc;
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);

    const tty = !!io.stdout.isTTY;
    let lastPlain = -Infinity;
    svc.on('job-started', (j) => {
      // What is already there is known only once each file is read and its hash compared.
      io.stdout.write(`ingest: ${j.filesTotal} files (${gb(j.bytesTotal)}) from ${j.sourceRoot} into "${j.folder}/${j.subfolder}"\n`);
    });
    svc.on('progress', (p) => {
      if (tty) io.stdout.write(`\r${progressLine(p).padEnd(100)}`);
      else if (performance.now() - lastPlain >= (io.plainProgressMs ?? 5000)) {
        lastPlain = performance.now();
        io.stdout.write(progressLine(p) + '\n');
      }
    });
    let job: IngestJob;
    try {
      job = await svc.startJob({ sourceRoot: args.from, customerId, orderLabel: args.order ?? null, cardId: args.cardId ?? null });
    } catch (err) {
      if (err instanceof AppError) {
        io.stderr.write(`studio-box: ${err.message}\n`);
        return 1;
      }
      throw err;
    }
    const end = await svc.waitForJob(job.id);
    if (tty) io.stdout.write('\n');
    io.stdout.write(summaryLine(end) + '\n');
    for (const p of svc.jobProblems(end.id)) io.stderr.write(`  ${p.sourcePath ?? ''}: ${p.message}\n`);
    return end.state === 'done' ? 0 : end.state === 'interrupted' ? 3 : 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await service?.stop();
    db.close();
  }
}
