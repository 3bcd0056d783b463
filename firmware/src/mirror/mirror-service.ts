// The mirror (H4) as the rest of the box sees it: the share's settings and "Test", the worker,
// the status page's figures, "Mirror everything again", and the scrub's third copy.
import { randomBytes } from 'node:crypto';
import { mkdir, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { MirrorStatus, ShareTestResult, UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { readBack } from '../ingest/copy/read-back.js';
import type { Logger } from '../log.js';
import type { ScrubFile } from '../scrub/scrub-store.js';
import type { Clock } from '../util/clock.js';
import { MirrorStore } from './mirror-store.js';
import { MirrorWorker, type MirrorWorkerOptions } from './mirror-worker.js';
import { formatShareAddress, remotePathOf } from './share-address.js';
import { parseBackupName } from '../backup/backup-names.js';

/** The share's folder for the database backups, beside the customers' folders. */
export const DB_BACKUP_FOLDER = 'Studio Box database backups';
import { authFileText, checkedAddress, ShareSettingsStore, writePrivateFile, type ShareInput } from './share-settings.js';
import { ShareError, SmbClient, type SmbOptions } from './smb-client.js';

export interface MirrorServiceOptions {
  db: Db;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  dataDir: string;
  libraryRoot: string;
  worker?: Partial<Pick<MirrorWorkerOptions, 'retryBaseMs' | 'retryCapMs' | 'fileRetryMs' | 'idlePollMs'>>;
  smb?: SmbOptions;
}

export class MirrorService {
  readonly store: MirrorStore;
  readonly settings: ShareSettingsStore;
  private readonly worker: MirrorWorker;
  private readonly roots: string[];
  private readonly scratch: string;

  constructor(private readonly o: MirrorServiceOptions) {
    this.store = new MirrorStore(o.db, o.clock);
    this.settings = new ShareSettingsStore({ db: o.db, audit: o.audit, clock: o.clock, dataDir: o.dataDir });
    this.roots = [...new Set([o.libraryRoot, resolve(o.libraryRoot)])];
    this.scratch = join(o.dataDir, 'run', 'mirror');
    this.worker = new MirrorWorker({ store: this.store, share: () => this.settings.config(), libraryRoots: this.roots, clock: o.clock, log: o.log, smb: o.smb, ...o.worker });
  }

  async start(): Promise<void> {
    await rm(this.scratch, { recursive: true, force: true });
    await mkdir(this.scratch, { recursive: true });
    this.worker.start();
  }

  stop(): Promise<void> {
    return this.worker.stop();
  }

  /** New files may be in the library: look now. */
  wake(): void {
    this.worker.wake();
  }

  async saveShare(actor: UserRef, input: ShareInput) {
    const saved = await this.settings.save(actor, input);
    this.worker.wake(true);
    return saved;
  }

  /**
   * "Test" with the settings in the form (saved or not). A password left empty uses the stored
   * one. The unsaved password is in a private temporary file for the test only.
   */
  async test(input: ShareInput): Promise<ShareTestResult> {
    const a = checkedAddress(input.address);
    const password = input.password ?? (await this.settings.storedPassword());
    const tag = randomBytes(6).toString('hex');
    const authFile = join(this.o.dataDir, 'secrets', `test-${tag}.auth`);
    const probeLocal = join(this.scratch, `probe-${tag}.txt`);
    await mkdir(this.scratch, { recursive: true });
    await writePrivateFile(authFile, authFileText(input.user, password ?? '', input.domain));
    await writeFile(probeLocal, `Studio Box test of the shared folder, ${this.o.clock().toISOString()}. Safe to delete.\r\n`);
    try {
      const client = new SmbClient({ ...a, port: input.port, authFile }, { ...this.o.smb, timeoutSeconds: 15 });
      const r = await client.test(`.studio-box-probe-${tag}.txt`, probeLocal);
      this.o.log.info({ share: formatShareAddress(a), ok: r.ok, problem: r.problem }, 'shared folder tested');
      return r;
    } finally {
      await unlink(authFile).catch(() => undefined);
      await unlink(probeLocal).catch(() => undefined);
    }
  }

  status(): MirrorStatus {
    const cfg = this.settings.config();
    const share = cfg ? formatShareAddress(cfg) : null;
    const c = this.store.counts(cfg?.enabled ? share : null, this.roots);
    const rate = this.worker.rate;
    return {
      state: this.worker.state,
      share,
      ...c,
      ...this.store.last(),
      nextTryAt: this.worker.nextTryAt?.toISOString() ?? null,
      bytesPerSecond: rate === null ? null : Math.round(rate),
      etaSeconds: rate && c.queueBytes ? Math.ceil(c.queueBytes / rate) : c.queueBytes === 0 ? 0 : null,
    };
  }

  /** "Mirror everything again": every file's size on the share is checked, and copied again when it differs. */
  recheckAll(actor: UserRef): { files: number } {
    const files = this.o.db.transaction(() => {
      const n = this.store.recheckAll();
      this.o.audit.record(actor, { action: 'recheck', entity: 'mirror', summary: `mirror everything again: ${n} files to check on the share` });
      return n;
    })();
    this.worker.wake(true);
    return { files };
  }

  /**
   * The scrub's third copy (scrub-runner.ts `thirdCopy`): the share's copy of a file bad on
   * both disks, fetched into the box and hashed. Only bytes with the recorded hash are
   * offered; the caller removes the file (`release`).
   */
  async thirdCopy(f: ScrubFile): Promise<string | null> {
    const cfg = this.settings.config();
    if (!cfg) return null;
    const copy = this.store.mirroredCopy(f.id, formatShareAddress(cfg), f.hash);
    if (!copy) return null;
    const local = join(this.scratch, `third-${f.id}-${randomBytes(4).toString('hex')}`);
    try {
      await new SmbClient(cfg, this.o.smb).download(copy.remotePath, local, copy.size);
      const back = await readBack(local);
      if (back.size !== f.size || back.hash !== f.hash) {
        this.o.log.warn({ fileId: f.id, remote: copy.remotePath, size: back.size, hash: back.hash }, 'the share holds other bytes for this file');
        await unlink(local).catch(() => undefined);
        return null;
      }
      this.store.markContentChecked(f.id);
      return local;
    } catch (err) {
      await unlink(local).catch(() => undefined);
      this.o.log.warn({ fileId: f.id, err: err instanceof ShareError ? err.message : err }, 'the share copy could not be fetched');
      return null;
    }
  }

  /**
   * A database backup to the share, in "<folder>/Studio Box database backups/", and the old
   * ones there pruned like the local ones. 'off' when no share is set up (or it is paused).
   */
  async uploadBackup(file: string, keep: (names: string[]) => Set<string>): Promise<'ok' | 'off'> {
    const cfg = this.settings.config();
    if (!cfg?.enabled) return 'off';
    const client = new SmbClient(cfg, this.o.smb);
    const dir = remotePathOf(cfg, DB_BACKUP_FOLDER);
    const name = basename(file);
    await client.upload(file, `${dir}/${name}`, (await stat(file)).size, 'db-backup');
    const there = (await client.list(`${dir}/studio-box-db-*`)).filter((n) => parseBackupName(n));
    const kept = keep(there);
    for (const n of there) if (!kept.has(n)) await client.remove(`${dir}/${n}`);
    return 'ok';
  }

  async release(path: string): Promise<void> {
    await unlink(path).catch(() => undefined);
  }
}
