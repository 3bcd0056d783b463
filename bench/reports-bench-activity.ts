// The reports bench's activity (issue 20): what the SMS, staff-contacts, photos and disk-growth
// reports read, for the same busy year: ten campaigns taking a tenth of the hand-sent SMS,
// 300,000 stored photos and a storage sample a day (seedActivity, before the setup); and, once
// the bench staff exist (reports-seed-books.ts staffAfterSetup), their 60,000 contact records
// and 20,000 visit plans (seedStaffActivity).
import type { Db } from '../firmware/src/db/connection.js';

const DAY = 86_400_000;

export function seedActivity(db: Db, rand: () => number, now: number): void {
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
  const past = () => at(rand() * 365);
  db.transaction(() => {
    const c = db.prepare(`INSERT INTO campaigns (name, filter, body, language, state, send_at, built, created_at, updated_at) VALUES (?, '{}', 'Hi', 'zh-CN', 'done', ?, 1, ?, ?)`);
    for (let i = 1; i <= 10; i++) c.run(`Campaign ${i}`, at(400), at(400), at(400));
    db.prepare(`UPDATE sms_outbox SET origin = 'campaign', campaign_id = 1 + id % 10 WHERE id % 10 = 0 AND purpose IS NULL`).run();
    const customers = (db.prepare('SELECT MAX(id) AS n FROM customers').get() as { n: number }).n;
    const job = Number(
      db.prepare(`INSERT INTO ingest_jobs (customer_id, folder, source_root, library_root, backup_root, state, created_at, updated_at) VALUES (1, 'C1/bench', '/card', '/lib', '/bak', 'done', ?, ?)`).run(at(400), at(400)).lastInsertRowid,
    );
    const f = db.prepare(`INSERT INTO ingest_files (job_id, customer_id, subfolder, size, hash, hash_alg, library_path, backup_path, state, created_at, updated_at) VALUES (?, ?, 'originals', ?, ?, 'sha256', ?, ?, 'verified', ?, ?)`);
    for (let i = 0; i < 300_000; i++) {
      const t = past();
      f.run(job, 1 + Math.floor(rand() * customers), 8_000_000 + Math.floor(rand() * 20_000_000), `h${i}`, `b/${i}.jpg`, `b/${i}.jpg`, t, t);
    }
    const s = db.prepare(`INSERT INTO storage_samples (day, at, library_used, library_free, backup_used, backup_free, photos) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    for (let d = 365; d >= 1; d--) {
      const used = (365 - d) * 15_000_000_000;
      s.run(at(d).slice(0, 10), at(d), used, 4e12 - used, used, 4e12 - used, (365 - d) * 820);
    }
  })();
}

/** Contact records and visit plans of the staff made after the setup (users staff0..staff6). */
export function seedStaffActivity(db: Db, rand: () => number, now: number): void {
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
  const staff = (db.prepare("SELECT id FROM users WHERE username LIKE 'staff%'").all() as { id: number }[]).map((u) => u.id);
  const customers = (db.prepare('SELECT MAX(id) AS n FROM customers').get() as { n: number }).n;
  const who = () => staff[Math.floor(rand() * staff.length)]!;
  const customer = () => 1 + Math.floor(rand() * customers);
  db.transaction(() => {
    const rec = db.prepare(`INSERT INTO contact_records (customer_id, at, channel, note, created_at, created_by) VALUES (?, ?, 'phone', 'called', ?, ?)`);
    for (let i = 0; i < 60_000; i++) {
      const t = at(rand() * 365);
      rec.run(customer(), t, t, who());
    }
    const plan = db.prepare(`INSERT INTO visit_plans (customer_id, due_date, staff_id, purpose, state, closed_at, created_at, updated_at) VALUES (?, ?, ?, 'visit', ?, ?, ?, ?)`);
    for (let i = 0; i < 20_000; i++) {
      const made = rand() * 365;
      const r = rand();
      const state = r < 0.6 ? 'done' : r < 0.9 ? 'open' : 'cancelled';
      plan.run(customer(), at(made - rand() * 30).slice(0, 10), who(), state, state === 'open' ? null : at(made / 2), at(made), at(made));
    }
  })();
  db.exec('ANALYZE contact_records; ANALYZE visit_plans');
}
