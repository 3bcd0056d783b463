// The database backup's copy to the studio PC's shared folder, cut while it is being written
// (issue 17 item 6, the part backup-power-cut.test.ts leaves out). The copy is made by
// `studio-box backup now` (the built CLI) against a real smbd; the box goes away at random
// moments *while its smbclient is writing to the share*: its whole process group (smbclient
// too) is killed. For the share this is what a power cut of the box is — the PC keeps what it
// was sent, and the box's own disk only reads during the copy (its cuts are
// backup-power-cut.test.ts's). After every cut:
//   - every file under a backup name on the share unpacks and passes verification (a copy cut
//     short is never under a backup name);
// and after an uncut run the share holds the newest backup whole and no temporary file.
// Seeded (CRASH_SEED=n replays; the default is fixed). SHARE_CUTS sets the number of cuts (4).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.js';
import { parseBackupName } from '../../src/backup/backup-names.js';
import { verifyBackup } from '../../src/backup/db-backup.js';
import { schemaVersion } from '../../src/db/migrate.js';
import { DB_BACKUP_FOLDER, MirrorService } from '../../src/mirror/mirror-service.js';
import { ensureBuilt } from '../helpers/cli-daemon.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { Scratch, silentLog, testDb } from '../ingest/engine-helpers.js';
import { SMB_PASSWORD, SMB_USER, Smbd, smbdSkipReason } from '../mirror/smbd-harness.js';

const skip = smbdSkipReason();
if (skip) console.warn(`SKIPPED backup-share-cut: ${skip}`);
const CUTS = Number(process.env.SHARE_CUTS ?? 4);
const SEED = Number(process.env.CRASH_SEED ?? 17);
const CLI = join(import.meta.dirname, '../../../dist/firmware/src/bin.cjs');
const TEMP = /^\.studio-box-/;

describe.skipIf(!!skip)('the backup copy to the share, cut while it is written', () => {
  const scratch = new Scratch('sb-backup-share-cut-');
  let smbd: Smbd;
  let data: string;
  let newest: number;
  const shareDir = () => join(smbd.photos, DB_BACKUP_FOLDER);
  const onShare = () => (existsSync(shareDir()) ? readdirSync(shareDir()) : []);

  beforeAll(async () => {
    ensureBuilt();
    smbd = new Smbd();
    await smbd.start();
    data = scratch.folder('data');
    const db = testDb(join(data, 'studio-box.db'));
    newest = schemaVersion(db);
    db.prepare(`INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at, updated_at) VALUES (1, 'admin', 'admin', 'x', 1, '', '')`).run();
    // ~24 MB that does not compress: the copy to the share takes long enough to be cut in.
    db.exec(`CREATE TABLE ballast (b BLOB)`);
    const add = db.prepare(`INSERT INTO ballast (b) VALUES (randomblob(1048576))`);
    for (let i = 0; i < 24; i++) add.run();
    const clock = () => new Date();
    const mirror = new MirrorService({ db, audit: new AuditLog(db, clock), clock, log: silentLog, dataDir: data, libraryRoot: scratch.folder('library'), smb: { nameResolveOrder: 'host' } });
    await mirror.saveShare({ id: 1, name: 'admin' }, { address: '//127.0.0.1/photos', port: smbd.port, user: SMB_USER, domain: '', password: SMB_PASSWORD, enabled: true });
    db.close();
  }, 120_000);
  afterAll(async () => {
    scratch.cleanup();
    await smbd?.cleanup();
  });

  /** The share folder's files: name → size and modification time. */
  const listing = () => new Map(onShare().map((n) => [n, (({ size, mtimeMs }) => `${size} ${mtimeMs}`)(statSync(join(shareDir(), n)))]));
  const changed = (before: Map<string, string>) => [...listing()].some(([n, v]) => before.get(n) !== v);

  /** `backup now`, killed (its process group) `delayMs` after it starts writing to the share; null: left to finish. */
  async function backupNow(delayMs: number | null): Promise<{ cut: boolean; code: number | null; out: string }> {
    mkdirSync(join(data, 'bak'), { recursive: true });
    const before = listing();
    const child = spawn(process.execPath, [CLI, 'backup', 'now'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        TZ: 'UTC',
        STUDIO_BOX_DATA_DIR: data,
        STUDIO_BOX_DISKS__BACKUP__PATH: join(data, 'bak'),
        STUDIO_BOX_DISKS__LIBRARY__PATH: scratch.folder('library'),
        STUDIO_BOX_MIRROR__NAME_RESOLVE_ORDER: 'host',
        STUDIO_BOX_LOG__LEVEL: 'error',
      },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const ended = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let cut = false;
    if (delayMs !== null) {
      let done = false;
      void ended.then(() => (done = true));
      // The moment the copy starts: a file in the share's folder is new or has changed (whatever
      // its name: a copy written straight under its final name is caught too).
      while (!done && !changed(before)) await new Promise((r) => setTimeout(r, 2));
      if (!done) {
        await new Promise((r) => setTimeout(r, delayMs));
        if (!done) {
          process.kill(-child.pid!, 'SIGKILL');
          cut = true;
        }
      }
    }
    const code = await ended;
    return { cut, code, out };
  }

  /** Every file under a backup name on the share unpacks and verifies; their names. */
  async function sound(label: string): Promise<string[]> {
    const names = onShare().filter((n) => parseBackupName(n));
    for (const n of names) {
      await expect(verifyBackup(join(shareDir(), n), scratch.folder('verify'), newest), `${label}: ${n}`).resolves.toMatchObject({ schemaVersion: newest });
    }
    return names;
  }

  it(`${CUTS} cuts while the copy is written: no backup name on the share holds a cut copy; an uncut run leaves the newest whole and no temporary file`, async () => {
    const random = seededRandom(SEED);
    const why = `(replay with CRASH_SEED=${SEED})`;
    let cuts = 0;
    let misses = 0;
    let leftTemp = 0;
    while (cuts < CUTS) {
      // A backup name holds its whole copy at every moment (the copy goes to a temporary name
      // first), so the copy may be cut anywhere in its ~50–200 ms.
      const delay = Math.floor(random() * 60);
      const r = await backupNow(delay);
      const label = `after a cut ${delay} ms into the copy (${r.cut ? 'cut' : `ended by itself, exit ${r.code}`}) ${why}`;
      await sound(label);
      if (r.cut) {
        cuts++;
        if (onShare().some((n) => TEMP.test(n))) leftTemp++;
      } else {
        expect(r.code, `${label}\n${r.out}`).toBe(0);
        if (++misses > CUTS * 2) throw new Error(`${misses} copies ended before their cut ${why}`);
      }
    }
    // The cuts did land in copies (a half-written temporary file was left), or this proves little.
    expect(leftTemp, `no cut left a temporary file on the share ${why}`).toBeGreaterThan(0);

    const end = await backupNow(null);
    expect(end.code, end.out).toBe(0);
    const made = /\/(studio-box-db-\S+) \(\d+ bytes\)/.exec(end.out)?.[1];
    expect(made, end.out).toBeTruthy();
    expect(await sound('after the uncut run'), why).toContain(made);
    expect(onShare().filter((n) => TEMP.test(n)), `temporary files left on the share ${why}`).toEqual([]);
  }, 180_000);
});
