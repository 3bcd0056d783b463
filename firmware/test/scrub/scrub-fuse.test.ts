// Honest verification holds in the scrub too: on disks mounted through FUSE (here the power-cut
// lab's pass-through layer over ext4 images, never cut) a read-back cannot be proved to come
// from the disk, so a scrub repairs what is bad but never turns a file 'verified'.
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.js';
import { ScrubService } from '../../src/scrub/scrub-service.js';
import { weaker } from '../../src/scrub/scrub-runner.js';
import { addCustomer, hashFile, silentLog, testDb } from '../ingest/engine-helpers.js';
import { PowerCutLab, powerCutSkipReason } from '../ingest/power-cut/power-cut-lab.js';
import { ingestCard } from './scrub-helpers.js';

const skip = powerCutSkipReason();
if (skip) console.warn(`SKIPPED scrub-fuse: ${skip}`);
const lab = new PowerCutLab('sb-scrub-fuse-');
afterAll(() => lab.cleanup());

describe('weaker', () => {
  it('takes the read-back with less proof', () => {
    expect(weaker('direct', 'direct')).toBe('direct');
    expect(weaker('direct', 'evicted')).toBe('evicted');
    expect(weaker('direct-fuse', 'evicted')).toBe('direct-fuse'); // evicted is proof, direct-fuse is not
    expect(weaker('evicted', 'direct-fuse')).toBe('direct-fuse');
    expect(weaker('cached', 'direct')).toBe('cached');
    expect(weaker(null, 'direct')).toBe('cached');
  });
});

describe.skipIf(!!skip)('the scrub on FUSE disks', () => {
  it('repairs a missing copy, but the files stay "copied, not verified"', async () => {
    const library = await lab.lossy(await lab.disk('lib', 'ext4', 48), 'lib', 1);
    const backup = await lab.lossy(await lab.disk('bak', 'ext4', 48), 'bak', 2);
    const db = testDb(lab.scratch.path('data/studio-box.db'));
    try {
      const roots = { library: library.path, backup: backup.path };
      const rows = await ingestCard(db, roots, addCustomer(db, 'C000111', 'Vũ Nam'), lab.scratch.folder('card'), 3, {}, { unverifiable: true });
      const states = () => db.prepare('SELECT state FROM ingest_files ORDER BY id').all().map((r) => (r as { state: string }).state);
      expect(states()).toEqual(['copied', 'copied', 'copied']); // the engine could not verify through FUSE
      unlinkSync(join(backup.path, rows[1]!.backup_path));
      db.prepare(`UPDATE ingest_files SET state = 'missing', error = 'backup copy missing' WHERE id = ?`).run(rows[1]!.id);

      const s = new ScrubService({
        db, clock: () => new Date(), log: silentLog, audit: new AuditLog(db, () => new Date()),
        roots: { library: roots.library, backups: [roots.backup] }, disksReady: async () => null, readBytesPerSecond: () => 0, pollMs: 0,
      });
      const run = s.request('admin', null, null);
      s.start();
      const end = await s.waitForRun(run.id);
      await s.stop();
      expect(end).toMatchObject({ state: 'done', filesChecked: 3, filesRepaired: 1, filesLost: 0 });
      expect(hashFile(join(backup.path, rows[1]!.backup_path))).toBe(rows[1]!.hash);
      expect(states()).toEqual(['copied', 'copied', 'copied']);
    } finally {
      db.close();
      await library.unmount();
      await backup.unmount();
    }
  }, 60_000);
});
