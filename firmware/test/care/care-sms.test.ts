// The idempotent queue for SMS the box sends by itself (care/care-sms.ts), on a real database:
// a key is used once, opted-out customers get no marketing, quiet hours hold messages until the
// morning in the order they were queued, transactional ones go at once.
import { beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { AuditLog } from '../../src/audit/audit-log.js';
import { CareSettingsStore } from '../../src/care/care-settings.js';
import { CareSms, type CareSmsInput } from '../../src/care/care-sms.js';
import { OptOutStore } from '../../src/care/opt-out-store.js';
import { CustomerService } from '../../src/crm/customer-service.js';
import { openDatabase, type Db } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { EventHub } from '../../src/events/event-hub.js';
import { OutboxStore } from '../../src/modem/sms/outbox-store.js';
import type { OutboxMessage } from '../../src/api-types.js';

let now = new Date('2026-12-02T03:00:00Z'); // 11:00 in Shanghai
const clock = () => now;
const actor = { id: 1, name: 'A' };
let db: Db;
let outbox: OutboxStore;
let optOuts: OptOutStore;
let settings: CareSettingsStore;
let care: CareSms;
let customers: CustomerService;
let queuedEvents: OutboxMessage[];

beforeEach(() => {
  now = new Date('2026-12-02T03:00:00Z');
  db = openDatabase(':memory:');
  migrate(db, migrations);
  db.prepare(`INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at, updated_at) VALUES (1, 'a', 'A', 'x', 1, '', '')`).run();
  const audit = new AuditLog(db, clock);
  customers = new CustomerService(db, audit, new EventHub(clock, pino({ level: 'silent' })), clock, () => 'CN');
  outbox = new OutboxStore(db, audit, clock);
  optOuts = new OptOutStore(db, audit, clock);
  settings = new CareSettingsStore(db, audit, clock);
  queuedEvents = [];
  care = new CareSms({ db, outbox, customers, optOuts, settings, timeZone: () => 'Asia/Shanghai', clock, onQueued: (m) => queuedEvents.push(m) });
});

const customer = (name: string, phone: string | null) => customers.create(actor, { name, phones: phone ? [{ number: phone }] : [] });
const input = (customerId: number, over: Partial<CareSmsInput> = {}): CareSmsInput => ({
  key: `reminder:birthday:${customerId}:2026-12-02`, origin: 'reminder', purpose: 'birthday', customerId, transactional: false, text: 'Happy birthday!', ...over,
});

describe('queueing a care SMS', () => {
  it('queues once per key: the second call returns the first message and writes nothing', () => {
    const c = customer('Hoa', '13812345678');
    const a = care.queue(input(c.id));
    expect(a).toMatchObject({ status: 'queued', heldUntil: null, message: { to: '+8613812345678', state: 'queued', origin: 'reminder', purpose: 'birthday', body: 'Happy birthday!', customer: { id: c.id } } });
    const b = care.queue(input(c.id, { text: 'another text' }));
    expect(b.status).toBe('duplicate');
    expect(b.status === 'duplicate' && b.message.id).toBe(a.status === 'queued' && a.message.id);
    expect((db.prepare('SELECT COUNT(*) AS n FROM sms_outbox').get() as { n: number }).n).toBe(1);
    expect(queuedEvents).toHaveLength(1);
    // The UNIQUE index itself refuses a second row with the key (another writer, a bug).
    expect(() =>
      db.prepare(`INSERT INTO sms_outbox (to_number, body, encoding, parts_total, state, next_attempt_at, created_at, updated_at, idempotency_key) VALUES ('1', 'b', 'gsm7', 1, 'queued', '', '', '', ?)`).run(input(c.id).key),
    ).toThrow(/UNIQUE/);
    // Manual sends have no key: any number of them.
    outbox.enqueue({ to: '+8613812345678', body: 'x' }, actor);
    outbox.enqueue({ to: '+8613812345678', body: 'x' }, actor);
    expect(outbox.list({ limit: 10 }).items.map((m) => m.origin)).toEqual(['manual', 'manual', 'reminder']);
  });

  it('an opted-out customer: marketing is recorded as withheld (cancelled, never sent), transactional goes', () => {
    const c = customer('Lan', '13912345678');
    optOuts.set(c.id, true, actor);
    const r = care.queue(input(c.id));
    expect(r).toMatchObject({ status: 'opted-out', message: { state: 'cancelled', error: 'the customer opted out of marketing SMS' } });
    expect(outbox.nextDue()).toBeNull();
    // Asked again (the next run): still the same row, not a second.
    expect(care.queue(input(c.id)).status).toBe('duplicate');
    const t = care.queue(input(c.id, { key: 'automatic:payment-taken:7', origin: 'automatic', purpose: 'payment-taken', transactional: true, text: 'Received 500' }));
    expect(t).toMatchObject({ status: 'queued', message: { state: 'queued' } });
    expect(outbox.nextDue()?.body).toBe('Received 500');
    // Reversed by staff: the next occurrence goes out.
    optOuts.set(c.id, false, actor);
    expect(care.queue(input(c.id, { key: 'reminder:birthday:x:2027-12-02' })).status).toBe('queued');
    const audit = db.prepare(`SELECT action, summary FROM audit_log WHERE entity = 'customer' AND entity_id = ? ORDER BY id`).all(c.id) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['create', 'opt-out', 'opt-in']);
  });

  it('quiet hours (21:00–08:00 Shanghai by default) hold marketing until 08:00, then they go in the order queued; transactional ones do not wait', () => {
    const a = customer('A', '13800000001');
    const b = customer('B', '13800000002');
    now = new Date('2026-12-02T13:30:00Z'); // 21:30
    const r1 = care.queue(input(b.id, { key: 'k1', text: 'first' }));
    now = new Date('2026-12-02T17:00:00Z'); // 01:00
    const r2 = care.queue(input(a.id, { key: 'k2', text: 'second' }));
    expect(r1).toMatchObject({ status: 'queued', heldUntil: '2026-12-03T00:00:00.000Z', message: { nextAttemptAt: '2026-12-03T00:00:00.000Z' } });
    expect(r2).toMatchObject({ status: 'queued', heldUntil: '2026-12-03T00:00:00.000Z' });
    const receipt = care.queue(input(a.id, { key: 'k3', text: 'receipt', transactional: true, origin: 'automatic', purpose: 'payment-taken' }));
    expect(receipt).toMatchObject({ status: 'queued', heldUntil: null });
    // At 01:00 only the receipt is due.
    expect(outbox.nextDue()?.body).toBe('receipt');
    outbox.cancel(receipt.status === 'queued' ? receipt.message.id : 0, actor);
    now = new Date('2026-12-02T23:59:59Z'); // 07:59:59
    expect(outbox.nextDue()).toBeNull();
    now = new Date('2026-12-03T00:00:00Z'); // 08:00
    const first = outbox.nextDue();
    expect(first?.body).toBe('first');
    outbox.markSending(first!.id, 1, true);
    outbox.markSent(first!.id, 1, 1);
    expect(outbox.nextDue()?.body).toBe('second');
    // The window follows the settings; start == end: no quiet hours.
    settings.save(actor, { ...settings.get(), quietHours: { start: '00:00', end: '00:00' } });
    now = new Date('2026-12-03T17:00:00Z');
    expect(care.queue(input(a.id, { key: 'k4' }))).toMatchObject({ status: 'queued', heldUntil: null });
  });

  it('a customer without a phone: nothing written; bad input: a clear error, nothing written', () => {
    const c = customer('No phone', null);
    expect(care.queue(input(c.id))).toEqual({ status: 'no-phone' });
    expect(() => care.queue(input(c.id, { key: ' ' }))).toThrow(/key/);
    expect(() => care.queue(input(c.id, { text: '' }))).toThrow(/text: empty/);
    expect(() => care.queue(input(999_999))).toThrow(/customer 999999 not found/);
    expect((db.prepare('SELECT COUNT(*) AS n FROM sms_outbox').get() as { n: number }).n).toBe(0);
    expect(queuedEvents).toEqual([]);
  });
});
