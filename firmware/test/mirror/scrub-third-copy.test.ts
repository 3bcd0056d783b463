// The scrub's third copy: a photo bad on both disks is written again on both from the copy on
// the studio PC's share (a real smbd), fetched and hashed first. A share copy with other bytes
// is not used: the alarm stays.
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.js';
import type { Db } from '../../src/db/connection.js';
import { EventHub } from '../../src/events/event-hub.js';
import { MirrorService } from '../../src/mirror/mirror-service.js';
import { ScrubService } from '../../src/scrub/scrub-service.js';
import { addCustomer, hashOf, Scratch, silentLog } from '../ingest/engine-helpers.js';
import { ingestCard, type StoredRow } from '../scrub/scrub-helpers.js';
import { waitFor } from '../helpers/wait-for.js';
import { SMB_PASSWORD, SMB_USER, smbdSkipReason, type Smbd } from './smbd-harness.js';
import { mirrorBed } from './mirror-bed.js';

const skip = smbdSkipReason();
if (skip) console.warn(`SKIPPED scrub-third-copy: ${skip}`);
const scratch = new Scratch('sb-third-');
const clock = () => new Date();

describe.skipIf(!!skip)('scrub repairs a file bad on both disks from the share', () => {
  let smbd: Smbd;
  let db: Db;
  let mirror: MirrorService;
  let rows: StoredRow[];
  let roots: { library: string; backup: string };
  let dataDir: string;

  beforeAll(async () => {
    ({ smbd, db, dataDir, roots } = await mirrorBed(scratch));
    rows = await ingestCard(db, roots, addCustomer(db, '0007', 'Phạm Văn Đức 王'), scratch.folder('card'), 4);
    mirror = new MirrorService({ db, audit: new AuditLog(db, clock), clock, log: silentLog, dataDir, libraryRoot: roots.library, worker: { idlePollMs: 200 }, smb: { nameResolveOrder: 'host' } });
    await mirror.start();
    await mirror.saveShare({ id: 1, name: 'admin' }, { address: '//127.0.0.1/photos', port: smbd.port, user: SMB_USER, domain: '', password: SMB_PASSWORD, enabled: true });
    await waitFor(() => mirror.status().mirroredFiles === 4, 'all four mirrored', 60_000);
  }, 90_000);
  afterAll(async () => {
    await mirror?.stop();
    db?.close();
    await smbd?.cleanup();
    scratch.cleanup();
  });

  it('writes both disks again from the share; a share copy with other bytes is not used', async () => {
    const [good, other] = [rows[0]!, rows[1]!];
    for (const r of [good, other]) {
      const lib = join(roots.library, r.library_path);
      const bytes = readFileSync(lib);
      bytes[50] = bytes[50]! ^ 0xff;
      writeFileSync(lib, bytes);
      unlinkSync(join(roots.backup, r.backup_path));
    }
    // The share's copy of the second file is damaged too.
    const shared = join(smbd.photos, other.library_path);
    const b = readFileSync(shared);
    b[10] = b[10]! ^ 1;
    writeFileSync(shared, b);

    const scrub = new ScrubService({
      db, clock, log: silentLog, audit: new AuditLog(db, clock), events: new EventHub(clock, silentLog),
      roots: { library: roots.library, backups: [roots.backup] },
      disksReady: async () => null, readBytesPerSecond: () => 0, pollMs: 0,
      thirdCopy: (f) => mirror.thirdCopy(f), releaseThirdCopy: (p) => mirror.release(p),
    });
    const run = scrub.request('admin', null, null);
    scrub.start();
    const end = await scrub.waitForRun(run.id);
    await scrub.stop();
    expect(end).toMatchObject({ state: 'done', filesChecked: 4, filesBad: 2, filesRepaired: 1, filesLost: 1 });

    expect(hashOf(readFileSync(join(roots.library, good.library_path)))).toBe(good.hash);
    expect(hashOf(readFileSync(join(roots.backup, good.backup_path)))).toBe(good.hash);
    const findings = scrub.store.findings({ runId: run.id, limit: 10 });
    expect(findings.find((f) => f.fileId === good.id)).toMatchObject({ disk: 'both', kind: 'both_bad', outcome: 'repaired' });
    expect(findings.find((f) => f.fileId === good.id)!.detail).toMatch(/shared folder/);
    expect(findings.find((f) => f.fileId === other.id)).toMatchObject({ disk: 'both', kind: 'both_bad', outcome: 'unrepairable' });
    expect(db.prepare('SELECT state FROM ingest_files WHERE id = ?').get(good.id)).toMatchObject({ state: expect.stringMatching(/^(verified|copied)$/) });
    expect(db.prepare('SELECT checked FROM mirror_files WHERE file_id = ?').get(good.id)).toEqual({ checked: 'content' });
    // Nothing fetched is left in the box, nothing overwritten for the file without a good copy.
    expect(readdirSync(join(dataDir, 'run', 'mirror')).filter((n) => n.startsWith('third-'))).toEqual([]);
    expect(existsSync(join(roots.backup, other.backup_path))).toBe(false);
  });
});
