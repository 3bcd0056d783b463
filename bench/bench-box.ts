// The box's services on a fresh database in a temp folder, wired as main.ts wires them, but
// without HTTP or hardware: a benchmark measures the service code, not the network stack.
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UserRef } from '../firmware/src/api-types.js';
import { AuditLog } from '../firmware/src/audit/audit-log.js';
import { UserService } from '../firmware/src/auth/user-service.js';
import { CustomerService } from '../firmware/src/crm/customer-service.js';
import { openDatabase, type Db } from '../firmware/src/db/connection.js';
import { migrate } from '../firmware/src/db/migrate.js';
import { migrations } from '../firmware/src/db/migrations/index.js';
import { EventHub } from '../firmware/src/events/event-hub.js';
import { createLogger } from '../firmware/src/log.js';
import { SettingsService } from '../firmware/src/settings/settings-service.js';
import { systemClock } from '../firmware/src/util/clock.js';

export interface BenchBox {
  dataDir: string;
  db: Db;
  customers: CustomerService;
  /** The admin the setup made; the actor for everything the benchmark does. */
  admin: UserRef;
  /** Size of the database file plus its WAL, after folding the WAL back into the file. */
  dbBytes(): number;
  close(): void;
}

/** A set-up box (admin user, studio settings for China). BENCH_KEEP_DATA=1 (or `keep`) keeps the folder. */
export async function openBenchBox(opts: { keep?: boolean } = {}): Promise<BenchBox> {
  const dataDir = mkdtempSync(join(tmpdir(), 'studio-box-bench-'));
  const dbFile = join(dataDir, 'studio-box.db');
  const db = openDatabase(dbFile);
  migrate(db, migrations, systemClock);

  const audit = new AuditLog(db, systemClock);
  const events = new EventHub(systemClock, createLogger('silent'));
  const settings = new SettingsService(db, audit, systemClock);
  const users = new UserService(db, audit, systemClock);
  const customers = new CustomerService(db, audit, events, systemClock, () => settings.country());
  // As the daemon's first start on an empty database does: the search index is marked current,
  // so a daemon started on the seeded folder (boot bench) does not rebuild it for every customer.
  customers.ensureSearchIndex();

  // What the first-run wizard does: the first admin (actor null), then the studio settings.
  const user = await users.create(null, { username: 'admin', displayName: 'Bench Admin', password: 'bench-password-1', isAdmin: true });
  const admin = { id: user.id, name: user.displayName };
  db.transaction(() =>
    settings.save(admin, { studioName: 'Bench Studio', language: 'zh-CN', timeZone: 'Asia/Shanghai', currency: 'CNY', country: 'CN' }),
  )();

  const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
  return {
    dataDir,
    db,
    customers,
    admin,
    dbBytes() {
      db.pragma('wal_checkpoint(TRUNCATE)');
      return size(dbFile) + size(`${dbFile}-wal`);
    },
    close() {
      db.close();
      if (opts.keep) return;
      if (process.env.BENCH_KEEP_DATA === '1') console.log(`data kept in ${dataDir}`);
      else rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
