// A daemon's mirror worker in a process of its own, for mirror-kill.test.ts to kill -9 while
// it copies: `node mirror-child.mjs DATA_DIR LIBRARY_ROOT` (the share is already saved there).
// With `--until-done` (mirror-power-cut.test.ts) it stops and exits 0 once nothing is left to
// copy, as a run whose work the test can measure.
import { join } from 'node:path';
import pino from 'pino';
import { AuditLog } from '../../src/audit/audit-log.js';
import { openDatabase } from '../../src/db/connection.js';
import { MirrorService } from '../../src/mirror/mirror-service.js';

const [dataDir, libraryRoot, until] = process.argv.slice(2) as [string, string, string | undefined];
const db = openDatabase(join(dataDir, 'studio-box.db'));
const clock = () => new Date();
const mirror = new MirrorService({ db, audit: new AuditLog(db, clock), clock, log: pino({ level: 'silent' }), dataDir, libraryRoot, worker: { idlePollMs: 200 }, smb: { nameResolveOrder: 'host' } });
await mirror.start();
process.stdout.write('started\n');
if (until === '--until-done') {
  const done = setInterval(() => {
    const s = mirror.status();
    if (s.failedFiles > 0) {
      // Put aside for an hour: a run that cannot end by itself; the test fails on it.
      process.stdout.write(`failed: ${s.failedFiles} files failed (${JSON.stringify(s.lastError)})\n`);
      process.exit(3);
    }
    if (s.queueFiles !== 0 || s.state !== 'idle') return;
    clearInterval(done);
    void mirror.stop().then(() => {
      db.close();
      process.stdout.write(`done: ${s.mirroredFiles} mirrored, ${s.failedFiles} failed\n`);
      process.exit(0);
    });
  }, 50);
} else setInterval(() => undefined, 1 << 30);
