// `studio-box scrub [--customer ID]`: re-read every stored file on both disks now, repairing a
// bad copy from the good one (scrub/). Against the daemon's database, beside a running daemon:
//   - the daemon runs (it holds the ingest lock): the command asks it, by writing a 'requested'
//     run into the database, which the daemon picks up within seconds, and follows that run;
//   - no daemon: the command takes the ingest lock (no daemon or `studio-box ingest` can start
//     meanwhile) and reads the disks itself, continuing a run a stop left open.
// Ctrl-C stops reading; the run stays open and goes on at the next start of the daemon or of
// this command, from where it was.
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pino } from 'pino';
import type { ScrubRun } from '../api-types.js';
import { AuditLog } from '../audit/audit-log.js';
import type { Config } from '../config.js';
import { openDatabase, type Db } from '../db/connection.js';
import { migrate } from '../db/migrate.js';
import { migrations } from '../db/migrations/index.js';
import { AppError } from '../errors.js';
import { HOLDING_FOLDER } from '../ingest/disks/backup-holding.js';
import { IngestBusyError } from '../ingest/ingest-errors.js';
import { acquireIngestLock } from '../ingest/ingest-lock.js';
import type { Logger } from '../log.js';
import { ScrubService } from '../scrub/scrub-service.js';
import type { ScrubRoots } from '../scrub/scrub-store.js';
import { systemClock } from '../util/clock.js';

export const SCRUB_USAGE = `usage: studio-box scrub [--customer ID|C000123]
  Reads every stored file (or one customer's) back from the library AND backup disks and
  compares it with the hash recorded when it was copied. A bad or missing copy on one disk is
  written again from the good copy on the other; a file with no good copy is reported.
  Beside a running daemon, the daemon does the reading and this command follows it.
  Exit status: 0 done, 1 failed or files with no good copy, 2 usage, 3 paused or stopped,
  75 another scrub is open.
`;

export interface ScrubIo {
  config: Config;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  log?: Logger;
  /** Milliseconds between looks at a run the daemon does (default 1000). */
  followMs?: number;
  /** Milliseconds between progress lines (default 5000). */
  progressMs?: number;
}

const mb = (n: number) => (n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : `${(n / 1e6).toFixed(1)} MB`);

export function scrubProgressLine(r: ScrubRun): string {
  return `scrub run ${r.id}: ${r.state}${r.pauseReason ? ` (${r.pauseReason})` : ''}  ${r.filesChecked}/${r.filesTotal} files  ${mb(r.bytesChecked)} read  ${r.filesRepaired} repaired  ${r.filesLost} with no good copy`;
}

/** The disks are there: each root is a folder, and a disk identified by UUID/label is a mount point (not the SD card's folder). */
export function diskRootsProblem(config: Config): string | null {
  for (const role of ['library', 'backup'] as const) {
    const d = config.disks[role];
    if (!existsSync(d.path) || !statSync(d.path).isDirectory()) return `the ${role} disk is not there (${d.path} is not a folder)`;
    if ((d.uuid || d.label) && statSync(d.path).dev === statSync(dirname(resolve(d.path))).dev) return `the ${role} disk is not mounted at ${d.path}`;
  }
  return null;
}

export function scrubRootsOf(config: Config): ScrubRoots {
  const library = resolve(config.disks.library.path);
  return { library, backups: [resolve(config.disks.backup.path), join(library, HOLDING_FOLDER)] };
}

function customerIdOf(db: Db, ref: string): number | undefined {
  return /^\d+$/.test(ref) ? Number(ref) : (db.prepare('SELECT id FROM customers WHERE customer_no = ? COLLATE NOCASE').get(ref) as { id: number } | undefined)?.id;
}

export async function scrubCommand(args: { customer?: string | undefined }, io: ScrubIo): Promise<number> {
  const { config } = io;
  const log = io.log ?? pino({ level: 'warn', base: { app: 'studio-box', cmd: 'scrub' } }, pino.destination({ fd: 2, sync: true }));
  const db = openDatabase(join(config.dataDir, 'studio-box.db'));
  let release: (() => void) | null = null;
  let service: ScrubService | null = null;
  const onSignal = () => void service?.stop();
  try {
    migrate(db, migrations, systemClock);
    let customerId: number | null = null;
    if (args.customer !== undefined) {
      const id = customerIdOf(db, args.customer.trim());
      if (id === undefined || !db.prepare('SELECT 1 FROM customers WHERE id = ?').get(id)) {
        io.stderr.write(`studio-box: customer ${args.customer} not found\n`);
        return 2;
      }
      customerId = id;
    }
    const audit = new AuditLog(db, systemClock);
    const problem = diskRootsProblem(config);
    const readRate = () => config.scrub.readMBps * 1e6;
    const svc = new ScrubService({ db, clock: systemClock, log, audit, roots: scrubRootsOf(config), disksReady: async () => diskRootsProblem(config), readBytesPerSecond: readRate, pollMs: 0 });
    try {
      release = acquireIngestLock(db, systemClock, `studio-box scrub (shell, pid ${process.pid})`);
    } catch (err) {
      if (!(err instanceof IngestBusyError)) throw err;
      // The daemon holds the disks: ask it. A shell ingest would never pick the request up.
      if (!err.holder.what.startsWith('studio-box daemon')) {
        io.stderr.write(`studio-box: ${err.message}\n`);
        return 75;
      }
      return await askDaemon(svc, customerId, io, err.holder.what);
    }
    if (problem) {
      io.stderr.write(`studio-box: ${problem}; is it plugged in and mounted?\n`);
      return 1;
    }
    let run = svc.store.openRun();
    if (run) {
      if (customerId !== null && run.customerId !== customerId) {
        io.stderr.write(`studio-box: scrub run ${run.id} is still open (${run.state}); it is continued first. Run this again afterwards.\n`);
      }
      io.stdout.write(`continuing scrub run ${run.id} (${run.state})\n`);
      if (run.state === 'paused') run = svc.resume(null);
    } else {
      try {
        run = svc.request('cli', customerId, null);
      } catch (err) {
        if (err instanceof AppError) {
          io.stderr.write(`studio-box: ${err.message}\n`);
          return 75;
        }
        throw err;
      }
    }
    service = svc;
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const ticker = setInterval(() => io.stdout.write(scrubProgressLine(svc.store.run(run.id)!) + '\n'), io.progressMs ?? 5000);
    ticker.unref();
    svc.start();
    const end = await svc.waitForRun(run.id);
    clearInterval(ticker);
    await svc.stop();
    return report(svc, svc.store.run(end.id)!, io);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await service?.stop();
    release?.();
    db.close();
  }
}

async function askDaemon(svc: ScrubService, customerId: number | null, io: ScrubIo, holder: string): Promise<number> {
  let run: ScrubRun;
  try {
    run = svc.request('cli', customerId, null);
  } catch (err) {
    if (err instanceof AppError) {
      io.stderr.write(`studio-box: ${err.message}; the box's status page shows it\n`);
      return 75;
    }
    throw err;
  }
  io.stdout.write(`${holder} has the disks: asked it to scrub (run ${run.id}); following it (Ctrl-C stops following, not the scrub)\n`);
  let lastLine = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, io.followMs ?? 1000));
    const now = svc.store.run(run.id)!;
    if (now.state !== 'requested' && now.state !== 'running') return report(svc, now, io);
    if (performance.now() - lastLine >= (io.progressMs ?? 5000)) {
      lastLine = performance.now();
      io.stdout.write(scrubProgressLine(now) + '\n');
    }
  }
}

function report(svc: ScrubService, run: ScrubRun, io: ScrubIo): number {
  for (const f of svc.store.findings({ runId: run.id, limit: 1000 }).reverse()) {
    io.stdout.write(`  ${f.outcome.padEnd(13)} ${f.disk.padEnd(7)} ${f.path}: ${f.detail}\n`);
  }
  io.stdout.write(scrubProgressLine(run) + '\n');
  if (run.state === 'done') {
    io.stdout.write(
      run.filesLost > 0
        ? `done: ${run.filesLost} files have no good copy on either disk (see above); insert their card again if it still exists.\n`
        : `done: ${run.filesChecked} files read on both disks; ${run.filesRepaired} copies repaired.\n`,
    );
    return run.filesLost > 0 ? 1 : 0;
  }
  if (run.state === 'paused' || run.state === 'running') {
    io.stdout.write(`${run.state === 'paused' ? `paused${run.error ? `: ${run.error}` : ''}` : 'stopped'}; the scrub goes on from here at the next start.\n`);
    return 3;
  }
  io.stdout.write(`${run.state}${run.error ? `: ${run.error}` : ''}\n`);
  return 1;
}
