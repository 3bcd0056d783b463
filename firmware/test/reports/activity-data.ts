// The fixed data set of the activity reports (R1): SMS, contact records and visit plans (and,
// later, photos and disk samples), written straight into a set-up box's database. The studio
// is in Asia/Shanghai (UTC+8): a UTC instant at 16:00 or later is the next studio day. The
// range is 2026-01-01..2026-03-31; the hand-computed answers are in activity-reports.test.ts.
import type { Db } from '../../src/db/connection.js';

/** Two staff members besides the wizard's admin: their ids. */
export function insertStaff(db: Db): { lan: number; minh: number } {
  const ins = db.prepare(`INSERT INTO users (username, display_name, password_hash, created_at, updated_at) VALUES (?, ?, 'x', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')`);
  return { lan: Number(ins.run('lan', 'Lan').lastInsertRowid), minh: Number(ins.run('minh', 'Minh').lastInsertRowid) };
}

interface Sms {
  at: string;
  origin: string;
  purpose?: string;
  campaign?: 'A' | 'B';
  state: string;
  parts: number;
}

/**
 * s1 Jan 31 23:59 by hand delivered (1 part); s2 Feb 1 00:00 birthday delivered (2); s3 Feb 10
 * birthday failed (1); s4 Feb 10 campaign A sent (2); s5 Mar 5 campaign A delivered (1); s6
 * Mar 5 campaign B unknown (3); s7 Mar 6 by hand cancelled (1). Out: Dec 31 23:00, Apr 1 00:30.
 */
export const SMS: Sms[] = [
  { at: '2026-01-31T15:59:00.000Z', origin: 'manual', state: 'delivered', parts: 1 },
  { at: '2026-01-31T16:00:00.000Z', origin: 'reminder', purpose: 'birthday', state: 'delivered', parts: 2 },
  { at: '2026-02-10T04:00:00.000Z', origin: 'reminder', purpose: 'birthday', state: 'failed', parts: 1 },
  { at: '2026-02-10T05:00:00.000Z', origin: 'campaign', campaign: 'A', state: 'sent', parts: 2 },
  { at: '2026-03-05T04:00:00.000Z', origin: 'campaign', campaign: 'A', state: 'delivered', parts: 1 },
  { at: '2026-03-05T05:00:00.000Z', origin: 'campaign', campaign: 'B', state: 'unknown', parts: 3 },
  { at: '2026-03-06T05:00:00.000Z', origin: 'manual', state: 'cancelled', parts: 1 },
  { at: '2025-12-31T15:00:00.000Z', origin: 'manual', state: 'delivered', parts: 1 },
  { at: '2026-03-31T16:30:00.000Z', origin: 'campaign', campaign: 'A', state: 'delivered', parts: 1 },
];

/** Campaigns A ("Spring offer") and B ("Tết greetings") and the SMS above. */
export function insertSms(db: Db): void {
  const camp = db.prepare(
    `INSERT INTO campaigns (name, filter, body, language, state, send_at, built, created_at, updated_at) VALUES (?, '{}', 'Hi', 'vi', 'done', ?, 1, ?, ?)`,
  );
  const t = '2026-01-01T00:00:00.000Z';
  const ids = { A: Number(camp.run('Spring offer', t, t, t).lastInsertRowid), B: Number(camp.run('Tết greetings', t, t, t).lastInsertRowid) };
  const ins = db.prepare(
    `INSERT INTO sms_outbox (to_number, body, encoding, parts_total, state, next_attempt_at, created_at, updated_at, origin, purpose, campaign_id)
     VALUES ('+8613800000001', 'Xin chào', 'ucs2', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const s of SMS) ins.run(s.parts, s.state, s.at, s.at, s.at, s.origin, s.purpose ?? null, s.campaign ? ids[s.campaign] : null);
}

/**
 * Contact records: Lan Jan 31 23:59 and Feb 10, Minh Mar 1 and Apr 1 00:30 (out), one whose
 * writer is gone (Feb 11). Visit plans (the box's today is 2026-03-20): Lan p1 due Mar 10 done,
 * p2 due Mar 15 open (overdue), p3 due Mar 25 open, all three made in the range; Minh p4 due
 * Mar 19 cancelled (made Dec 30), p5 due Apr 2 open made Mar 31 23:59, p6 due Jan 5 done made
 * Dec 20.
 */
export function insertContacts(db: Db, staff: { lan: number; minh: number }, customerId: number): void {
  const rec = db.prepare(`INSERT INTO contact_records (customer_id, at, channel, note, created_at, created_by) VALUES (?, ?, 'phone', 'called', ?, ?)`);
  for (const [at, by] of [
    ['2026-01-31T15:59:00.000Z', staff.lan],
    ['2026-02-10T04:00:00.000Z', staff.lan],
    ['2026-03-01T04:00:00.000Z', staff.minh],
    ['2026-03-31T16:30:00.000Z', staff.minh],
    ['2026-02-11T04:00:00.000Z', null],
  ] as const) rec.run(customerId, at, at, by);
  const plan = db.prepare(
    `INSERT INTO visit_plans (customer_id, due_date, staff_id, purpose, state, closed_at, created_at, updated_at) VALUES (?, ?, ?, 'visit', ?, ?, ?, ?)`,
  );
  for (const [staffId, due, state, made] of [
    [staff.lan, '2026-03-10', 'done', '2026-02-01T04:00:00.000Z'],
    [staff.lan, '2026-03-15', 'open', '2026-02-01T04:00:00.000Z'],
    [staff.lan, '2026-03-25', 'open', '2026-03-01T04:00:00.000Z'],
    [staff.minh, '2026-03-19', 'cancelled', '2025-12-30T04:00:00.000Z'],
    [staff.minh, '2026-04-02', 'open', '2026-03-31T15:59:00.000Z'],
    [staff.minh, '2026-01-05', 'done', '2025-12-20T04:00:00.000Z'],
  ] as const) plan.run(customerId, due, staffId, state, state === 'open' ? null : made, made, made);
}

/**
 * Stored files: f1 Jan 31 23:59 (1.5 GB), f2 Feb 1 00:00 (0.5 GB), f3 Feb 1 11:00 (0.25 GB);
 * out: Apr 1 00:30.
 */
export function insertPhotos(db: Db, customerId: number): void {
  const t = '2026-01-01T00:00:00.000Z';
  const job = Number(
    db
      .prepare(`INSERT INTO ingest_jobs (customer_id, folder, source_root, library_root, backup_root, state, created_at, updated_at) VALUES (?, 'R1 Report customer 1/order', '/card', '/lib', '/bak', 'done', ?, ?)`)
      .run(customerId, t, t).lastInsertRowid,
  );
  const f = db.prepare(
    `INSERT INTO ingest_files (job_id, customer_id, subfolder, size, hash, hash_alg, library_path, backup_path, state, created_at, updated_at) VALUES (?, ?, 'originals', ?, ?, 'sha256', ?, ?, 'verified', ?, ?)`,
  );
  for (const [i, [at, size]] of ([
    ['2026-01-31T15:59:00.000Z', 1_500_000_000],
    ['2026-01-31T16:00:00.000Z', 500_000_000],
    ['2026-02-01T03:00:00.000Z', 250_000_000],
    ['2026-03-31T16:30:00.000Z', 9_000_000_000],
  ] as const).entries()) f.run(job, customerId, size, `h${i}`, `p${i}.jpg`, `p${i}.jpg`, at, at);
}

const GB = 1_000_000_000;
/** Daily samples: Jan 31, Feb 1 (backup disk away), Feb 15; out: Apr 1. */
export function insertSamples(db: Db): void {
  const s = db.prepare(`INSERT INTO storage_samples (day, at, library_used, library_free, backup_used, backup_free, photos) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  s.run('2026-01-31', '2026-01-30T16:05:00.000Z', 100 * GB, 900 * GB, 101 * GB, 899 * GB, 10);
  s.run('2026-02-01', '2026-01-31T16:05:00.000Z', 102 * GB, 898 * GB, null, null, 12);
  s.run('2026-02-15', '2026-02-14T16:05:00.000Z', 110 * GB, 890 * GB, 111 * GB, 889 * GB, 20);
  s.run('2026-04-01', '2026-03-31T16:05:00.000Z', 120 * GB, 880 * GB, 121 * GB, 879 * GB, 30);
}
