// A daemon's mirror worker in a process of its own, for mirror-kill.test.ts to kill -9 while
// it copies: `node mirror-child.mjs DATA_DIR LIBRARY_ROOT` (the share is already saved there).
import { join } from 'node:path';
import pino from 'pino';
import { AuditLog } from '../../src/audit/audit-log.js';
import { openDatabase } from '../../src/db/connection.js';
import { MirrorService } from '../../src/mirror/mirror-service.js';

const [dataDir, libraryRoot] = process.argv.slice(2) as [string, string];
const db = openDatabase(join(dataDir, 'studio-box.db'));
const clock = () => new Date();
const mirror = new MirrorService({ db, audit: new AuditLog(db, clock), clock, log: pino({ level: 'silent' }), dataDir, libraryRoot, worker: { idlePollMs: 200 }, smb: { nameResolveOrder: 'host' } });
await mirror.start();
process.stdout.write('started\n');
setInterval(() => undefined, 1 << 30);
