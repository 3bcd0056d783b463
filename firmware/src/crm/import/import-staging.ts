// The rows of an import waiting to be saved, in two TEMP tables of the box's connection. Why:
// saving 50,000 customers one statement at a time (row, number, phones, search entry: about
// 250,000 statements, and the pinyin of every name) held the event loop for 10 s on the shared
// development machine: calls and SMS would wait and keep-alive connections dropped. Rows are
// staged in small pieces while the file is read (the search text computed then), and the one
// transaction that makes them customers is a handful of set-based statements.
import type { ImportedCustomer } from '../../api-types.js';
import type { Db } from '../../db/connection.js';
import { customerSearchText } from '../search-text.js';

/** customer_no of a staged row until its id is known: unique, and never a real number (those start with C). */
const STAGED_PREFIX = 'import-';

export class ImportStaging {
  private seq = 0;

  constructor(private readonly db: Db) {
    db.exec(`
      DROP TABLE IF EXISTS temp.import_rows;
      DROP TABLE IF EXISTS temp.import_phones;
      CREATE TEMP TABLE import_rows (
        seq INTEGER PRIMARY KEY, name TEXT NOT NULL, gender TEXT, birthday TEXT, address TEXT NOT NULL, area TEXT NOT NULL,
        occupation TEXT NOT NULL, source TEXT NOT NULL, business_type TEXT, baby_birth_date TEXT, wedding_date TEXT,
        notes TEXT NOT NULL, tags TEXT NOT NULL, email TEXT, stage TEXT NOT NULL, stage_added_at TEXT, stage_due_at TEXT, search_text TEXT NOT NULL
      );
      CREATE TEMP TABLE import_phones (seq INTEGER NOT NULL, position INTEGER NOT NULL, e164 TEXT NOT NULL);
    `);
  }

  get size(): number {
    return this.seq;
  }

  /** Stages rows, in file order, in one (temp-only) transaction. */
  add(rows: ImportedCustomer[]): void {
    const row = this.db.prepare(`INSERT INTO temp.import_rows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const phone = this.db.prepare(`INSERT INTO temp.import_phones VALUES (?, ?, ?)`);
    this.db.transaction(() => {
      for (const c of rows) {
        const seq = ++this.seq;
        row.run(seq, c.name, c.gender, c.birthday, c.address, c.area, c.occupation, c.source, c.businessType, c.babyBirthDate, c.weddingDate, c.notes, JSON.stringify(c.tags), c.email, c.stage, c.stageAddedAt, c.stageDueAt, customerSearchText(c.name, c.phones, c.email));
        c.phones.forEach((e164, i) => phone.run(seq, i, e164));
      }
    })();
  }

  /** Staged phones that a customer has already (at most `limit`). Call inside the saving transaction. */
  takenPhones(limit: number): { e164: string; id: number; customer_no: string; name: string }[] {
    return this.db
      .prepare(
        `SELECT p.e164, c.id, c.customer_no, c.name FROM temp.import_phones s JOIN customer_phones p ON p.e164 = s.e164
         JOIN customers c ON c.id = p.customer_id ORDER BY s.seq LIMIT ?`,
      )
      .all(limit) as { e164: string; id: number; customer_no: string; name: string }[];
  }

  /**
   * Makes every staged row a customer, with its phones, search entry and number; the new ids in
   * file order. Call inside the saving transaction.
   */
  save(actorId: number, now: string): number[] {
    const own = `c.customer_no = '${STAGED_PREFIX}' || s.seq`;
    this.db
      .prepare(
        `INSERT INTO customers (customer_no, name, gender, birthday, address, area, occupation, source, business_type,
           baby_birth_date, wedding_date, notes, tags, email, stage, stage_added_at, stage_due_at, created_at, created_by, updated_at, updated_by)
         SELECT '${STAGED_PREFIX}' || seq, name, gender, birthday, address, area, occupation, source, business_type,
           baby_birth_date, wedding_date, notes, tags, email, stage, coalesce(stage_added_at, @now), stage_due_at, @now, @actor, @now, @actor
         FROM temp.import_rows ORDER BY seq`,
      )
      .run({ now, actor: actorId });
    this.db.prepare(`INSERT INTO customer_phones (customer_id, position, e164, label) SELECT c.id, s.position, s.e164, '' FROM temp.import_phones s JOIN customers c ON ${own}`).run();
    this.db.prepare(`INSERT INTO customer_search (rowid, text) SELECT c.id, s.search_text FROM temp.import_rows s JOIN customers c ON ${own}`).run();
    const ids = (this.db.prepare(`SELECT c.id FROM temp.import_rows s JOIN customers c ON ${own} ORDER BY s.seq`).all() as { id: number }[]).map((r) => r.id);
    // The numbers customer-service.ts gives (search-text.ts customerNumber: C and six digits or more).
    this.db.prepare(`UPDATE customers SET customer_no = printf('C%06d', id) WHERE customer_no >= '${STAGED_PREFIX}' AND customer_no < '${STAGED_PREFIX.slice(0, -1)}.'`).run();
    return ids;
  }

  drop(): void {
    this.db.exec('DROP TABLE IF EXISTS temp.import_rows; DROP TABLE IF EXISTS temp.import_phones;');
  }
}
