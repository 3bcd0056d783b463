// Database backups (A2): every night on a schedule (node-cron, the studio's time zone) and on
// "Back up now"; kept in <dataDir>/backups, copied to the backup disk and to the studio PC's
// share; the last N daily and M monthly kept in each place. Restore: checked, staged, and the
// box restarts its services to switch (db-backup.ts).
import { stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupInfo, BackupList, BackupRunResult, BackupUploadInfo, UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Readable } from 'node:stream';
import type { Clock } from '../util/clock.js';
import { ZonedCron } from '../util/zoned-cron.js';
import { backupsToKeep, parseBackupName } from './backup-names.js';
import { BackupPassphraseStore } from './backup-passphrase.js';
import { BackupUploads } from './backup-uploads.js';
import { BackupCheckError, copyDurably, listBackupNames, removeStaleTemps, stageRestore, takeBackup, verifyBackup, type BackupContents } from './db-backup.js';

/** The backup disk's folder for database backups. */
export const DB_BACKUP_DISK_FOLDER = 'studio-box-database-backups';

export interface BackupServiceOptions {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  dataDir: string;
  schemaVersion: number;
  /** The backup disk's folder for database backups; null while the disk is not there. */
  backupDiskDir: () => Promise<string | null>;
  /** Copies a finished backup to the share and prunes it there; 'off' when no share is set up. */
  toShare: (file: string, keep: (names: string[]) => Set<string>) => Promise<'ok' | 'off'>;
  timeZone: () => string;
  config: { schedule: string; enabled: boolean; keepDaily: number; keepMonthly: number; maxUploadMB: number };
  /** Asked after a restore is staged: the box closes and starts again on the restored database. */
  requestRestart: () => void;
  /** scrypt cost for new encrypted backups (log2 N; default 15). Tests use less. */
  scryptLogN?: number;
}

export class BackupService {
  readonly dir: string;
  readonly passphrase: BackupPassphraseStore;
  readonly uploads: BackupUploads;
  private cron: ZonedCron | null = null;
  private running: Promise<BackupRunResult> | null = null;
  last: BackupRunResult | null = null;

  constructor(private readonly o: BackupServiceOptions) {
    this.dir = join(o.dataDir, 'backups');
    this.passphrase = new BackupPassphraseStore(o.dataDir);
    this.uploads = new BackupUploads(o.dataDir, o.config.maxUploadMB * 1e6);
  }

  async start(): Promise<void> {
    await this.uploads.clear();
    if (!this.o.config.enabled) return;
    // node-cron on the studio's clock, re-planned when the settings' zone changes (util/zoned-cron.ts).
    this.cron = new ZonedCron({
      timeZone: this.o.timeZone,
      jobs: [
        {
          pattern: this.o.config.schedule,
          name: 'db-backup',
          run: () => void this.backUp('schedule', null).catch((err: unknown) => this.o.log.error({ err }, 'scheduled database backup failed')),
        },
      ],
    });
    this.cron.start();
  }

  async stop(): Promise<void> {
    await this.cron?.stop();
    this.cron = null;
    await this.running?.catch(() => undefined);
  }

  nextScheduledAt(): Date | null {
    return this.cron?.nextRun(0) ?? null;
  }

  /**
   * Which backups retention keeps, the one just made always among them: names have a second's
   * resolution, and another made in the same second (an encrypted one sorts first) would
   * otherwise take its day's place and have it deleted as it is reported made.
   */
  private keeping = (justMade: string) => (names: string[]) =>
    backupsToKeep(names, this.o.config.keepDaily, this.o.config.keepMonthly, this.o.timeZone()).add(justMade);

  /** Takes a backup now (one at a time: a second caller gets the same one). */
  backUp(trigger: 'schedule' | 'admin' | 'cli', actor: UserRef | null): Promise<BackupRunResult> {
    this.running ??= this.run(trigger, actor).finally(() => (this.running = null));
    return this.running;
  }

  private async run(trigger: 'schedule' | 'admin' | 'cli', actor: UserRef | null): Promise<BackupRunResult> {
    const at = this.o.clock();
    const b = await takeBackup(this.o.db, this.dir, this.o.schemaVersion, at, await this.passphrase.get(), { logN: this.o.scryptLogN });
    const keep = this.keeping(b.name);
    await this.prune(this.dir, keep);
    const result: BackupRunResult = { name: b.name, size: b.size, at: at.toISOString(), trigger, backupDisk: 'ok', share: 'ok', problems: [] };
    try {
      const dir = await this.o.backupDiskDir();
      if (!dir) {
        result.backupDisk = 'failed';
        result.problems.push('the backup disk is not there');
      } else {
        await copyDurably(b.file, dir);
        await this.prune(dir, keep);
      }
    } catch (err) {
      result.backupDisk = 'failed';
      result.problems.push(`backup disk: ${(err as Error).message}`);
    }
    try {
      result.share = await this.o.toShare(b.file, keep);
    } catch (err) {
      result.share = 'failed';
      result.problems.push(`shared folder: ${(err as Error).message}`);
    }
    this.last = result;
    this.o.audit.record(actor, { action: 'backup', entity: 'database', summary: `database backup ${b.name} (${trigger})${result.problems.length ? `: ${result.problems.join('; ')}` : ''}`, detail: result });
    (result.problems.length ? this.o.log.warn : this.o.log.info).call(this.o.log, { name: b.name, size: b.size, problems: result.problems }, 'database backed up');
    return result;
  }

  private async prune(dir: string, keeping: (names: string[]) => Set<string>): Promise<void> {
    const names = await listBackupNames(dir);
    const keep = keeping(names);
    for (const n of names) if (!keep.has(n)) await unlink(join(dir, n)).catch(() => undefined);
    // A backup cut short by a power cut (or a kill) leaves its temporary files (a whole raw copy
    // of the database among them) that nothing else would ever remove: those untouched for an
    // hour go (a backup being written now, e.g. by `studio-box backup now` beside the daemon,
    // is younger).
    await removeStaleTemps(dir, this.o.clock());
  }

  async list(): Promise<BackupList> {
    const names = await listBackupNames(this.dir);
    const diskDir = await this.o.backupDiskDir().catch(() => null);
    const onDisk = new Set(diskDir ? await listBackupNames(diskDir) : []);
    const items: BackupInfo[] = [];
    for (const name of names) {
      const p = parseBackupName(name)!;
      const size = await stat(join(this.dir, name)).then((s) => s.size, () => 0);
      items.push({ name, at: p.at.toISOString(), schemaVersion: p.schemaVersion, size, onBackupDisk: onDisk.has(name), encrypted: p.encrypted });
    }
    return { items, last: this.last, nextScheduledAt: this.nextScheduledAt()?.toISOString() ?? null, passphraseSet: await this.passphrase.isSet() };
  }

  /** A backup of this box by name (never a path: the API cannot name other files). */
  private fileOf(name: string): string {
    if (!parseBackupName(name)) throw new ValidationError([{ path: 'name', message: 'not a backup name' }]);
    return join(this.dir, name);
  }

  /** What a backup of this box holds; an encrypted one needs its passphrase (asked of the admin, not taken from the box). */
  async inspect(name: string, passphrase: string | null = null): Promise<BackupContents> {
    return await this.check(this.fileOf(name), passphrase);
  }

  /** Checks any backup file (the CLI's verify). */
  async check(file: string, passphrase: string | null = null): Promise<BackupContents> {
    try {
      return await verifyBackup(file, join(this.o.dataDir, 'run', 'backup-check'), this.o.schemaVersion, passphrase);
    } catch (err) {
      if (err instanceof BackupCheckError && /^no such backup/.test(err.message)) throw new NotFoundError('backup');
      if (err instanceof BackupCheckError) throw new ValidationError([{ path: err.field, message: err.message }]);
      throw err;
    }
  }

  /** Sets or removes the passphrase new backups are encrypted with (the passphrase itself is never recorded). */
  async setPassphrase(actor: UserRef, passphrase: string | null): Promise<{ passphraseSet: boolean }> {
    await this.passphrase.set(passphrase);
    this.o.audit.record(actor, { action: 'update', entity: 'settings', summary: passphrase === null ? 'backup encryption turned off: new backups are not encrypted' : 'new backup passphrase: new backups are encrypted with it' });
    return { passphraseSet: passphrase !== null };
  }

  /**
   * Restores a backup of this box: checked and staged (then restartNow()). `confirm`
   * must repeat the backup's name (the UI asks the admin to type or confirm it); an encrypted
   * backup needs its passphrase. A wrong passphrase or a damaged file stages nothing.
   */
  async restore(actor: UserRef, name: string, confirm: string, passphrase: string | null = null): Promise<BackupContents> {
    const file = this.fileOf(name);
    if (confirm !== name) throw new ValidationError([{ path: 'confirm', message: "must repeat the backup's name: restoring replaces every customer, order and payment made since" }]);
    return await this.stage(actor, file, name, passphrase);
  }

  /**
   * A backup file an admin uploads (streamed to disk, at most backup.maxUploadMB): an
   * unencrypted one is checked at once and its contents returned; an encrypted one waits for
   * its passphrase (checkUpload). A file that is not a sound backup is removed: a 400 on
   * `backup`, nothing else changed.
   */
  async upload(body: Readable, declaredBytes: number | null, fileName: string | null): Promise<BackupUploadInfo> {
    const u = await this.uploads.receive(body, declaredBytes);
    const name = fileName && parseBackupName(fileName) ? fileName : null;
    const info: BackupUploadInfo = { id: u.id, size: u.size, encrypted: u.encrypted, name, at: name ? parseBackupName(name)!.at.toISOString() : null, contents: null };
    if (!u.encrypted) info.contents = await this.checkUploadFile(u.id, u.file, null);
    return info;
  }

  /** What an uploaded backup holds (with the passphrase of an encrypted one: a wrong one keeps the upload for another try). */
  async checkUpload(id: string, passphrase: string | null): Promise<BackupContents> {
    return await this.checkUploadFile(id, await this.uploads.fileOf(id), passphrase);
  }

  private async checkUploadFile(id: string, file: string, passphrase: string | null): Promise<BackupContents> {
    try {
      return await this.check(file, passphrase);
    } catch (err) {
      if (!(err instanceof ValidationError && err.fields.some((f) => f.path === 'passphrase'))) await this.uploads.remove(id);
      throw err;
    }
  }

  /** Restores an uploaded backup as restore() does a kept one; `confirm` repeats the upload's id. */
  async restoreUpload(actor: UserRef, id: string, confirm: string, passphrase: string | null = null): Promise<BackupContents> {
    const file = await this.uploads.fileOf(id);
    if (confirm !== id) throw new ValidationError([{ path: 'confirm', message: "must repeat the upload's id: restoring replaces every customer, order and payment made since" }]);
    const contents = await this.stage(actor, file, `an uploaded file (${id})`, passphrase);
    await this.uploads.remove(id);
    return contents;
  }

  /** An upload the admin does not restore after all. */
  async dropUpload(id: string): Promise<void> {
    await this.uploads.fileOf(id);
    await this.uploads.remove(id);
  }

  private async stage(actor: UserRef, file: string, label: string, passphrase: string | null): Promise<BackupContents> {
    let contents: BackupContents;
    try {
      contents = await stageRestore(file, this.o.dataDir, this.o.schemaVersion, passphrase);
    } catch (err) {
      if (err instanceof BackupCheckError) throw new ValidationError([{ path: err.field, message: err.message }]);
      throw err;
    }
    // Recorded in the database being replaced (kept aside), and logged.
    this.o.audit.record(actor, { action: 'restore', entity: 'database', summary: `database restore from ${label} staged; the box restarts on it`, detail: contents });
    this.o.log.warn({ backup: label, by: actor.name, contents }, 'database restore staged: restarting on it');
    return contents;
  }

  /** After the restore's answer went out: the box closes and starts again on the restored database. */
  restartNow(): void {
    this.o.requestRestart();
  }
}
