// A group SMS to 600 customers while the built daemon is SIGKILLed at random moments, again and
// again: while it writes the recipients, and while it hands them to the (simulated) modem. The
// recipients are written a chunk per transaction with the cursor, and each outbox row is written
// with its key `campaign:<campaign>:<customer>` in the same transaction that marks the recipient
// queued, so afterwards every recipient has exactly one outbox message (none lost, none twice),
// with its own text, and the opted-out ones none.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.js';
import { CareSettingsStore, DEFAULT_AUTO_RULES } from '../../src/care/care-settings.js';
import { CustomerService } from '../../src/crm/customer-service.js';
import { openDatabase, type Db } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { EventHub } from '../../src/events/event-hub.js';
import { SettingsService } from '../../src/settings/settings-service.js';
import { systemClock } from '../../src/util/clock.js';
import { ensureBuilt } from '../helpers/cli-daemon.js';
import { exited, seeded, startDaemon } from '../helpers/crash-daemon.js';
import { waitFor } from '../helpers/wait-for.js';

const CUSTOMERS = 600;
const OPTED_OUT = 12;
const KILLS = 16;
let dir: string;
let db: Db;
const { between } = seeded(20261215);
const MODEM = { STUDIO_BOX_MODEM__KIND: 'simulator', STUDIO_BOX_MODEM__SIMULATOR_SEND_DELAY_MS: '0', STUDIO_BOX_SMS__PER_MINUTE: '100000' };

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'sb-campaign-crash-'));
  db = openDatabase(join(dir, 'data', 'studio-box.db'));
  migrate(db, migrations);
  const audit = new AuditLog(db, systemClock);
  new SettingsService(db, audit, systemClock).save(null, { studioName: 'Crash Studio', language: 'en', timeZone: 'UTC', currency: 'CNY', country: 'CN' });
  new CareSettingsStore(db, audit, systemClock).save(null, { quietHours: { start: '00:00', end: '00:00' }, storePhone: '', automatic: DEFAULT_AUTO_RULES });
  db.prepare(`INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at, updated_at) VALUES (1, 'a', 'A', 'x', 1, '', '')`).run();
  const customers = new CustomerService(db, audit, new EventHub(systemClock, pino({ level: 'silent' })), systemClock, () => 'CN');
  const now = new Date().toISOString();
  db.transaction(() => {
    for (let i = 0; i < CUSTOMERS; i++) {
      const c = customers.create({ id: 1, name: 'A' }, { name: `Customer ${i}`, phones: [{ number: `138${String(i).padStart(8, '0')}` }], stage: 'history' });
      if (i % 50 === 7) db.prepare(`INSERT INTO sms_opt_outs (customer_id, at, via) VALUES (?, ?, 'staff')`).run(c.id, now);
    }
    // The campaign as POST /api/campaigns writes it: 'building', nothing written yet.
    db.prepare(
      `INSERT INTO campaigns (name, filter, body, language, state, send_at, created_at, created_by, updated_at) VALUES ('Crash', '{"stages":["history"]}', 'Hello {name}, 20% off in December at {store}.', 'en', 'building', ?, ?, 1, ?)`,
    ).run(now, now, now);
  })();
}, 180_000);

afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
const recipients = () => count(`SELECT COUNT(*) AS n FROM campaign_recipients`);
const inOutbox = () => count(`SELECT COUNT(*) AS n FROM sms_outbox WHERE campaign_id IS NOT NULL`);
const state = () => (db.prepare(`SELECT state FROM campaigns`).get() as { state: string }).state;

describe('a campaign under random kills', () => {
  it(`queues each recipient exactly once across ${KILLS} SIGKILLs`, async () => {
    const afterKills: string[] = [];
    for (let i = 0; i < KILLS && state() !== 'done'; i++) {
      const before = inOutbox();
      const child = startDaemon(dir, MODEM);
      // Every other daemon dies once it is handing messages to the modem; the others at a random
      // moment of their start (which is when the recipients are written).
      const inRun = i % 2 === 1;
      if (inRun) await waitFor(() => inOutbox() > before || child.exitCode !== null, 'sending under way', 60_000, 5);
      await new Promise((r) => setTimeout(r, inRun ? between(0, 600) : between(100, 3000)));
      child.kill('SIGKILL');
      await exited(child);
      afterKills.push(`${recipients()}/${inOutbox()}`);
    }

    const child = startDaemon(dir, MODEM);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      await waitFor(() => state() === 'done' && count(`SELECT COUNT(*) AS n FROM sms_outbox WHERE campaign_id IS NOT NULL AND state IN ('queued', 'sending')`) === 0, 'the campaign sent', 300_000, 100).catch((e: Error) => {
        throw new Error(`${e.message}: ${state()}, ${inOutbox()} in the outbox; daemon said: ${stderr.slice(-2000)}`);
      });
    } finally {
      child.kill('SIGTERM');
      await exited(child);
    }
    expect(stderr).not.toMatch(/uncaught|TypeError|ReferenceError/i);
    // Kills landed in the middle of sending.
    expect(afterKills.some((s) => Number(s.split('/')[1]) > 0 && Number(s.split('/')[1]) < CUSTOMERS - OPTED_OUT), `after each kill: ${afterKills.join(' ')}`).toBe(true);

    expect(recipients()).toBe(CUSTOMERS);
    expect(count(`SELECT COUNT(*) AS n FROM campaign_recipients WHERE state = 'excluded' AND reason = 'opted_out'`)).toBe(OPTED_OUT);
    const rows = db.prepare(`SELECT customer_id, idempotency_key, body, state FROM sms_outbox WHERE campaign_id IS NOT NULL`).all() as {
      customer_id: number; idempotency_key: string; body: string; state: string;
    }[];
    expect(rows).toHaveLength(CUSTOMERS - OPTED_OUT);
    expect(new Set(rows.map((r) => r.customer_id)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.idempotency_key)).size).toBe(rows.length);
    const names = new Map((db.prepare('SELECT id, name FROM customers').all() as { id: number; name: string }[]).map((c) => [c.id, c.name]));
    for (const r of rows) {
      expect(r.idempotency_key).toBe(`campaign:1:${r.customer_id}`);
      expect(r.body).toBe(`Hello ${names.get(r.customer_id)}, 20% off in December at Crash Studio.`);
      // Sent, or "unknown" when a kill hit it between AT+CMGS and its answer: never re-sent by itself.
      expect(['sent', 'delivered', 'unknown']).toContain(r.state);
    }
    expect(count(`SELECT COUNT(*) AS n FROM sms_outbox WHERE campaign_id IS NOT NULL AND state = 'unknown'`)).toBeLessThanOrEqual(KILLS);
    // Each recipient points at its own message.
    expect(count(`SELECT COUNT(*) AS n FROM campaign_recipients r JOIN sms_outbox o ON o.id = r.outbox_id AND o.customer_id = r.customer_id WHERE r.state = 'queued'`)).toBe(CUSTOMERS - OPTED_OUT);
    console.log(`campaign crash test: ${afterKills.length} kills, recipients/outbox after each: ${afterKills.join(' ')}`);
  }, 600_000);
});
