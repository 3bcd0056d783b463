// The daemon killed (SIGKILL) at random moments during its reminder runs, again and again, as
// the automatic-message crash test does (firmware/test/care/auto-sms-crash.test.ts): 900
// customers have their birthday today (a third of them on the lunar calendar) and 300 booked
// shoots are tomorrow, each kind texting the customer. Every start makes up the run (the last
// one is removed from `reminder_runs`, so the run looks missed). Every start after the first
// finds some of the reminders' "SMS queued" marks cleared — what a crash between the outbox row
// and the mark would leave if they were ever written apart — so the outbox's idempotency key
// alone must hold; so does the last, clean run. Afterwards each due reminder has exactly one
// outbox message. The kills are random but seeded: the seed is printed, and
// REMINDER_CRASH_SEED=<n> replays a run's choices (the moments also depend on the machine).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { REMINDER_KINDS, type ReminderRule, type ReminderKind } from '../../src/api-types.js';
import { AuditLog } from '../../src/audit/audit-log.js';
import { CareSettingsStore, DEFAULT_AUTO_RULES } from '../../src/care/care-settings.js';
import { CustomerService } from '../../src/crm/customer-service.js';
import { openDatabase, type Db } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { EventHub } from '../../src/events/event-hub.js';
import { lunarBirthdayIn, lunarOf } from '../../src/reminders/lunar-dates.js';
import { ReminderSettings } from '../../src/reminders/reminder-settings.js';
import { SettingsService } from '../../src/settings/settings-service.js';
import { systemClock } from '../../src/util/clock.js';
import { addDays, atLocalTime, localDate, type LocalDate } from '../../src/util/local-time.js';
import { ensureBuilt } from '../helpers/cli-daemon.js';
import { exited, noonZone, seeded, startDaemon, stderrOf } from '../helpers/crash-daemon.js';
import { waitFor } from '../helpers/wait-for.js';

const SOLAR = 600;
const LUNAR = 300;
const SHOOTS = 300;
const EXPECTED = SOLAR + LUNAR + SHOOTS;
const KILLS = 16;

const SEED = Number(process.env.REMINDER_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const { rand, between } = seeded(SEED);

let dir: string;
let db: Db;
let today: string;
let tomorrow: string;
/** The key each due reminder's SMS must carry, and its customer. */
const expectedKeys = new Map<string, number>();

const iso = (d: LocalDate) => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'sb-reminder-crash-'));
  db = openDatabase(join(dir, 'data', 'studio-box.db'));
  migrate(db, migrations);
  const audit = new AuditLog(db, systemClock);
  const timeZone = noonZone();
  new SettingsService(db, audit, systemClock).save(null, { studioName: 'Crash Studio', language: 'en', timeZone, currency: 'CNY', country: 'CN' });
  new CareSettingsStore(db, audit, systemClock).save(null, { quietHours: { start: '00:00', end: '00:00' }, storePhone: '021 5555 0101', automatic: DEFAULT_AUTO_RULES });
  db.prepare(`INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at, updated_at) VALUES (1, 'a', 'A', 'x', 1, '', '')`).run();
  const actor = { id: 1, name: 'A' };
  // Birthdays on the day at 00:00 and shoots the day before at 00:00, both texting the customer
  // (so all are due now, about noon); every other kind off.
  const on = (daysBefore: number): Omit<ReminderRule, 'kind'> => ({ enabled: true, daysBefore, hour: 0, repeatDaily: false, sms: true });
  const rules = Object.fromEntries(REMINDER_KINDS.map((k) => [k, { enabled: false, daysBefore: 0, hour: 9, repeatDaily: false, sms: false }])) as Record<ReminderKind, Omit<ReminderRule, 'kind'>>;
  db.transaction(() => new ReminderSettings(db, audit, systemClock).save(actor, { ...rules, birthday: on(0), shoot: on(1) }))();

  const customers = new CustomerService(db, audit, new EventHub(systemClock, pino({ level: 'silent' })), systemClock, () => 'CN');
  const day = localDate(new Date(), timeZone);
  today = iso(day);
  tomorrow = iso(addDays(day, 1));
  // Born in 1990 on today's lunar month and day: a solar day of birth that is not today's.
  const lunarToday = lunarOf(day);
  const lunarBorn = iso(lunarBirthdayIn(1990, lunarToday.month, lunarToday.day));
  expect(lunarBorn.slice(5)).not.toBe(today.slice(5));
  const shootAt = atLocalTime(addDays(day, 1), 15, 0, timeZone).toISOString();
  const order = db.prepare(
    `INSERT INTO orders (order_no, customer_id, title, state, state_changed_at, total_minor, currency, service_at, sample_at, staff, note, created_at, created_by, updated_at, updated_by)
     VALUES (?, ?, 'Portrait', 'booked', ?, 100000, 'CNY', ?, NULL, '', '', ?, 1, ?, 1)`,
  );
  db.transaction(() => {
    for (let i = 0; i < EXPECTED; i++) {
      const lunar = i >= SOLAR && i < SOLAR + LUNAR;
      const birthday = i < SOLAR ? `1990-${today.slice(5)}` : lunar ? lunarBorn : null;
      const c = customers.create(actor, {
        name: `Customer ${i}`, gender: i % 2 ? 'male' : 'female', phones: [{ number: `138${String(i).padStart(8, '0')}` }], birthday, birthdayLunar: lunar,
      });
      if (birthday) expectedKeys.set(`reminder:birthday:${c.id}:${today}`, c.id);
      else {
        const now = new Date().toISOString();
        const id = Number(order.run(`T-${i}`, c.id, now, shootAt, now, now).lastInsertRowid);
        expectedKeys.set(`reminder:shoot:${id}:${tomorrow}`, c.id);
      }
    }
  })();
}, 180_000);

afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
const queued = () => count(`SELECT COUNT(*) AS n FROM sms_outbox WHERE origin = 'reminder'`);
const marked = () => count(`SELECT COUNT(*) AS n FROM reminders WHERE sms_queued_at IS NOT NULL`);
const runs = () => count(`SELECT COUNT(*) AS n FROM reminder_runs`);

/** Clears the "SMS queued" mark of a random share of the reminders: the key alone must hold. */
function clearSomeMarks(): number {
  const ids = (db.prepare(`SELECT id FROM reminders WHERE sms_queued_at IS NOT NULL ORDER BY id`).all() as { id: number }[]).filter(() => rand() < 0.3);
  const clear = db.prepare(`UPDATE reminders SET sms_queued_at = NULL WHERE id = ?`);
  db.transaction(() => ids.forEach((r) => clear.run(r.id)))();
  return ids.length;
}

describe('reminder runs under random kills', () => {
  it(`queues each due reminder's SMS exactly once across ${KILLS} SIGKILLs (seed ${SEED})`, async () => {
    console.log(`reminder crash test: seed ${SEED} (replay with REMINDER_CRASH_SEED=${SEED})`);
    const afterKills: number[] = [];
    let marksCleared = 0;
    // Kills that left a run half done: some messages queued, or some cleared marks restored.
    let midRun = 0;
    for (let i = 0; i < KILLS; i++) {
      // The run looks missed, so the start makes it up; after the first kill each start also
      // finds some marks cleared.
      db.prepare(`DELETE FROM reminder_runs`).run();
      if (i > 0) marksCleared += clearSomeMarks();
      const [q, m] = [queued(), marked()];
      const child = startDaemon(dir);
      // Every other daemon, and the first (so the first queueing is cut short), dies at a random
      // moment after its run has begun (a start takes seconds on a busy machine, a run well under
      // one); the others at a random moment of their start.
      const inRun = i % 2 === 1 || i === 0;
      if (inRun) await waitFor(() => queued() > q || marked() > m || runs() > 0 || child.exitCode !== null, 'the run under way', 60_000, 5);
      await new Promise((r) => setTimeout(r, inRun ? between(0, 150) : between(100, 3000)));
      child.kill('SIGKILL');
      await exited(child);
      afterKills.push(queued());
      if ((queued() > q && queued() < EXPECTED) || (marked() > m && marked() < EXPECTED)) midRun++;
    }

    // One last clean run, left to finish, that also finds some marks cleared.
    db.prepare(`DELETE FROM reminder_runs`).run();
    const finalCleared = clearSomeMarks();
    const child = startDaemon(dir);
    const stderr = stderrOf(child);
    try {
      await waitFor(() => runs() > 0, 'the clean run finished', 180_000, 100).catch((e: Error) => {
        throw new Error(`${e.message}: ${queued()} of ${EXPECTED} queued; daemon said: ${stderr().slice(-2000)}`);
      });
    } finally {
      child.kill('SIGTERM');
      await exited(child);
    }
    expect(stderr()).not.toMatch(/uncaught|TypeError|ReferenceError/i);

    // The kills did land in the middle of runs, and the key was put to the test.
    expect(midRun, `messages after each kill: ${afterKills.join(', ')}`).toBeGreaterThan(0);
    expect(finalCleared).toBeGreaterThan(0);

    // Exactly once, by key and by customer: the keys are exactly the due reminders'.
    const rows = db.prepare(`SELECT customer_id, idempotency_key, purpose, body, state FROM sms_outbox WHERE origin = 'reminder'`).all() as {
      customer_id: number; idempotency_key: string; purpose: string; body: string; state: string;
    }[];
    expect(count(`SELECT COUNT(*) AS n FROM sms_outbox`)).toBe(EXPECTED);
    expect(rows).toHaveLength(EXPECTED);
    expect(new Set(rows.map((r) => r.idempotency_key)).size).toBe(EXPECTED);
    expect(new Set(rows.map((r) => r.customer_id)).size).toBe(EXPECTED);
    for (const r of rows) {
      expect(expectedKeys.get(r.idempotency_key), r.idempotency_key).toBe(r.customer_id);
      expect(r.state).toBe('queued');
      expect(r.body).toMatch(/\bCustomer \d+\b/);
    }
    expect(rows.filter((r) => r.purpose === 'birthday')).toHaveLength(SOLAR + LUNAR);
    expect(rows.filter((r) => r.purpose === 'shoot')).toHaveLength(SHOOTS);
    // One set of parts per message, never a second.
    expect(count(`SELECT COUNT(*) AS n FROM (SELECT outbox_id, seq FROM sms_outbox_parts GROUP BY outbox_id, seq HAVING COUNT(*) > 1)`)).toBe(0);

    // The reminders table: one row per occurrence, each marked.
    expect(count(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM reminders GROUP BY kind, subject_id, occurrence_date HAVING COUNT(*) > 1)`)).toBe(0);
    expect(count(`SELECT COUNT(*) AS n FROM reminders WHERE kind = 'birthday' AND occurrence_date = '${today}'`)).toBe(SOLAR + LUNAR);
    expect(count(`SELECT COUNT(*) AS n FROM reminders WHERE kind = 'shoot' AND occurrence_date = '${tomorrow}'`)).toBe(SHOOTS);
    expect(count(`SELECT COUNT(*) AS n FROM reminders WHERE sms_queued_at IS NULL AND occurrence_date IN ('${today}', '${tomorrow}')`)).toBe(0);
    console.log(`reminder crash test: seed ${SEED}, ${KILLS} kills, messages after each: ${afterKills.join(' ')}; ${midRun} kills mid-run; marks cleared ${marksCleared} + ${finalCleared}; ${EXPECTED} queued once each`);
  }, 600_000);
});
