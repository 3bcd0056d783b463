// A restore and the box's next start in a process of their own, for backup-power-cut.test.ts to
// cut the power under: `node restore-child.mjs restore DATA_DIR FILE` stages FILE (checked,
// temporary name, fsync, rename) and then starts as the box does (the staged database takes the
// current one's place, the current one goes aside, the database is opened);
// `node restore-child.mjs start DATA_DIR` only starts (the box after the power came back).
import { join } from 'node:path';
import { applyPendingRestore, stageRestore } from '../../src/backup/db-backup.js';
import { openDatabase } from '../../src/db/connection.js';
import { migrations } from '../../src/db/migrations/index.js';

const [mode, dataDir, file] = process.argv.slice(2) as [string, string, string | undefined];
if (mode === 'restore') await stageRestore(file!, dataDir, migrations.at(-1)!.version);
const aside = await applyPendingRestore(dataDir, new Date());
const db = openDatabase(join(dataDir, 'studio-box.db'));
const n = db.prepare('SELECT COUNT(*) FROM customers').pluck().get() as number;
db.close();
process.stdout.write(`customers ${n}${aside ? `; the replaced database is in ${aside}` : ''}\n`);
