// The daemon killed (SIGKILL) at random moments while its scheduled automatic messages are
// being queued (the run at start: 1,500 customers to tell about tomorrow's pickup), again and
// again, as the SMS crash test does. Each message's idempotency key is written in the same
// transaction as its outbox row, so afterwards every due message is queued exactly once: none
// lost, none twice, whatever moment the kills hit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { AuditLog } from '../../src/audit/audit-log.js';
import { CareSettingsStore, DEFAULT_AUTO_RULES } from '../../src/care/care-settings.js';
import { CustomerService } from '../../src/crm/customer-service.js';
import { openDatabase, type Db } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { EventHub } from '../../src/events/event-hub.js';
import { SettingsService } from '../../src/settings/settings-service.js';
import { systemClock } from '../../src/util/clock.js';
import { addDays, atLocalTime, localDate } from '../../src/util/local-time.js';
import { ensureBuilt } from '../helpers/cli-daemon.js';
import { exited, noonZone, seeded, startDaemon } from '../helpers/crash-daemon.js';
import { waitFor } from '../helpers/wait-for.js';

const CUSTOMERS = 1500;
const KILLS = 24;
let dir: string;
let db: Db;

// Deterministic randomness, so a failure can be replayed.
const { between } = seeded(20261202);

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'sb-auto-crash-'));
  db = openDatabase(join(dir, 'data', 'studio-box.db'));
  migrate(db, migrations);
  const audit = new AuditLog(db, systemClock);
  const timeZone = noonZone();
  new SettingsService(db, audit, systemClock).save(null, { studioName: 'Crash Studio', language: 'en', timeZone, currency: 'CNY', country: 'CN' });
  new CareSettingsStore(db, audit, systemClock).save(null, {
    quietHours: { start: '00:00', end: '00:00' }, storePhone: '', automatic: { ...DEFAULT_AUTO_RULES, day_before_pickup: { enabled: true, templateId: null, hour: 0 } },
  });
  db.prepare(`INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at, updated_at) VALUES (1, 'a', 'A', 'x', 1, '', '')`).run();
  const customers = new CustomerService(db, audit, new EventHub(systemClock, pino({ level: 'silent' })), systemClock, () => 'CN');
  const tomorrow = addDays(localDate(new Date(), timeZone), 1);
  const due = atLocalTime(tomorrow, 15, 0, timeZone).toISOString();
  db.transaction(() => {
    for (let i = 0; i < CUSTOMERS; i++) {
      customers.create({ id: 1, name: 'A' }, { name: `Customer ${i}`, phones: [{ number: `138${String(i).padStart(8, '0')}` }], stage: 'selected', stageDueAt: due });
    }
  })();
}, 180_000);

afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const queued = (): number => (db.prepare(`SELECT COUNT(*) AS n FROM sms_outbox WHERE purpose = 'day_before_pickup'`).get() as { n: number }).n;

describe('scheduled automatic SMS under random kills', () => {
  it(`queues each due message exactly once across ${KILLS} SIGKILLs`, async () => {
    const afterKills: number[] = [];
    for (let i = 0; i < KILLS; i++) {
      const before = queued();
      const child = startDaemon(dir);
      // Every other daemon, and the first, dies at a random moment after its run has begun (a
      // start takes seconds on a busy machine: kills counted from the start alone would rarely
      // land in the run, and a first run finished before its kill left nothing to interrupt);
      // the others at a random moment of their start.
      const inRun = i % 2 === 1 || i === 0;
      if (inRun) await waitFor(() => queued() > before || child.exitCode !== null, 'the run under way', 60_000, 5);
      await new Promise((r) => setTimeout(r, inRun ? between(0, 400) : between(100, 3000)));
      child.kill('SIGKILL');
      await exited(child);
      afterKills.push(queued());
      if (queued() === CUSTOMERS) break;
    }

    // One last clean run, left to finish.
    const child = startDaemon(dir);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      await waitFor(() => queued() === CUSTOMERS, 'every due message queued', 180_000, 100).catch((e: Error) => {
        throw new Error(`${e.message}: ${queued()} of ${CUSTOMERS}; daemon said: ${stderr.slice(-2000)}`);
      });
    } finally {
      child.kill('SIGTERM');
      await exited(child);
    }
    expect(stderr).not.toMatch(/uncaught|TypeError|ReferenceError/i);

    // The kills did land in the middle of runs (else this test proves little).
    expect(afterKills.some((n) => n > 0 && n < CUSTOMERS), `rows after each kill: ${afterKills.join(', ')}`).toBe(true);
    // Exactly once: one row per customer, one key each, with the customer's own text.
    const rows = db.prepare(`SELECT customer_id, idempotency_key, to_number, body, state FROM sms_outbox WHERE purpose = 'day_before_pickup'`).all() as {
      customer_id: number; idempotency_key: string; to_number: string; body: string; state: string;
    }[];
    expect(rows).toHaveLength(CUSTOMERS);
    expect(new Set(rows.map((r) => r.customer_id)).size).toBe(CUSTOMERS);
    expect(new Set(rows.map((r) => r.idempotency_key)).size).toBe(CUSTOMERS);
    expect(new Set(rows.map((r) => r.to_number)).size).toBe(CUSTOMERS);
    for (const r of rows) {
      expect(r.state).toBe('queued');
      expect(r.body).toMatch(/^Dear Customer \d+, your album is ready to collect tomorrow at 15:00 at Crash Studio\. Tel$/);
    }
    // Nothing else was written twice either: one outbox part per message.
    expect((db.prepare(`SELECT COUNT(*) AS n FROM sms_outbox_parts`).get() as { n: number }).n).toBe(CUSTOMERS);
    console.log(`auto SMS crash test: ${afterKills.length} kills, rows after each: ${afterKills.join(' ')}; ${CUSTOMERS} queued once each`);
  }, 600_000);
});
