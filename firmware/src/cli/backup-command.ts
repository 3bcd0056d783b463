// `studio-box backup now | list | verify FILE | restore FILE [--yes]` (A2). Works beside a
// running daemon: SQLite's online backup reads the database while the daemon writes it, and a
// restore is only staged here — it takes the database's place at the box's next start.
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { AuditLog } from '../audit/audit-log.js';
import { BackupService, DB_BACKUP_DISK_FOLDER } from '../backup/backup-service.js';
import { BackupCheckError, listBackupNames, stageRestore, verifyBackup, type BackupContents } from '../backup/db-backup.js';
import type { Config } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { schemaVersion } from '../db/migrate.js';
import { migrations } from '../db/migrations/index.js';
import { MirrorService } from '../mirror/mirror-service.js';
import { SettingsService } from '../settings/settings-service.js';
import { systemClock } from '../util/clock.js';
import { existsSync } from 'node:fs';
import { BackupPassphraseStore } from '../backup/backup-passphrase.js';

export const BACKUP_USAGE = `usage: studio-box backup now | list | verify FILE | restore FILE [--yes]
  now      take a backup of the database now (also to the backup disk and the shared folder)
  list     the backups kept on this box, newest first
  verify   check a backup file (integrity, schema version) and show what it holds
  restore  check a backup and put it in the database's place at the box's next start
           (without --yes it only shows what would be restored)
  An encrypted backup (.sqlite.gz.enc) is opened with the passphrase in the environment
  variable STUDIO_BOX_BACKUP_PASSPHRASE, else with the one set on this box.
`;

export interface BackupIo {
  config: Config;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** The environment (STUDIO_BOX_BACKUP_PASSPHRASE); process.env by default. */
  env?: Record<string, string | undefined>;
}

const newest = () => migrations.at(-1)!.version;

function describe(c: BackupContents): string {
  return [
    `  schema version  ${c.schemaVersion}`,
    `  customers       ${c.customers}`,
    `  orders          ${c.orders}`,
    `  last payment    ${c.lastPaymentAt ?? '(none)'}`,
    `  last change     ${c.lastChangeAt ?? '(none)'}`,
  ].join('\n');
}

export async function backupCommand(args: string[], flags: { yes: boolean; json: boolean }, io: BackupIo): Promise<number> {
  const [sub, file] = args;
  const out = (s: string) => io.stdout.write(s + '\n');
  const dataDir = io.config.dataDir;
  try {
    if (sub === 'verify' || sub === 'restore') {
      if (!file) {
        io.stderr.write(BACKUP_USAGE);
        return 2;
      }
      const path = resolve(file);
      const passphrase = io.env?.STUDIO_BOX_BACKUP_PASSPHRASE || (await new BackupPassphraseStore(dataDir).get());
      const contents = await verifyBackup(path, join(dataDir, 'run', 'backup-check'), newest(), passphrase);
      if (flags.json) out(JSON.stringify(contents));
      else out(`${path}: a sound Studio Box database backup\n${describe(contents)}`);
      if (sub === 'verify') return 0;
      if (!flags.yes) {
        out('\nRestoring replaces every customer, order and payment of this box with the backup\'s (the current database is kept aside). Run again with --yes to restore.');
        return 2;
      }
      await stageRestore(path, dataDir, newest(), passphrase);
      out(`Restore staged: the backup takes the database's place when the box starts next (the current database is kept in ${join(dataDir, 'before-restore')}/). Restart the box now: systemctl restart studio-box (or stop and start npm start).`);
      return 0;
    }
    if (sub === 'list') {
      const dir = join(dataDir, 'backups');
      const names = await listBackupNames(dir);
      const disk = new Set(await listBackupNames(join(io.config.disks.backup.path, DB_BACKUP_DISK_FOLDER)));
      if (flags.json) out(JSON.stringify(names.map((n) => ({ name: n, file: join(dir, n), onBackupDisk: disk.has(n) }))));
      else if (names.length === 0) out('no backups yet');
      else for (const n of names) out(`${join(dir, n)}${disk.has(n) ? '  (also on the backup disk)' : ''}`);
      return 0;
    }
    if (sub === 'now') {
      const db = openDatabase(join(dataDir, 'studio-box.db'));
      try {
        const log = pino({ level: 'silent' });
        const clock = systemClock;
        const audit = new AuditLog(db, clock);
        const settings = new SettingsService(db, audit, clock);
        const timeZone = () => settings.get()?.timeZone ?? 'UTC';
        const mirror = new MirrorService({ db, audit, clock, log, dataDir, libraryRoot: io.config.disks.library.path, smb: { timeoutSeconds: io.config.mirror.smbTimeoutSeconds, nameResolveOrder: io.config.mirror.nameResolveOrder } });
        const backups = new BackupService({
          db, audit, clock, log, dataDir, schemaVersion: schemaVersion(db), timeZone, config: io.config.backup,
          backupDiskDir: async () => (existsSync(io.config.disks.backup.path) ? join(io.config.disks.backup.path, DB_BACKUP_DISK_FOLDER) : null),
          toShare: (f, keep) => mirror.uploadBackup(f, keep),
          requestRestart: () => undefined,
        });
        const r = await backups.backUp('cli', null);
        if (flags.json) out(JSON.stringify(r));
        else {
          out(`${join(backups.dir, r.name)} (${r.size} bytes)`);
          out(`  backup disk: ${r.backupDisk}   shared folder: ${r.share}`);
          for (const p of r.problems) out(`  problem: ${p}`);
        }
        return r.problems.length ? 1 : 0;
      } finally {
        db.close();
      }
    }
    io.stderr.write(BACKUP_USAGE);
    return 2;
  } catch (err) {
    if (err instanceof BackupCheckError) {
      io.stderr.write(`studio-box backup: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
