import type { Migration } from '../migrate.js';

/**
 * Contact records (C3): each time the studio and a customer were in touch, with a note. A
 * record written from the caller-ID popup keeps its call; the call log may lose the call
 * (SET NULL), the record stays. Records go with their customer. The index serves "the
 * customer's records, newest first" and "the last contact" on the caller's card.
 */
export const contacts: Migration = {
  version: 5,
  name: 'contacts',
  up(db) {
    db.exec(`
      CREATE TABLE contact_records (
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        -- When the contact happened, UTC ISO.
        at TEXT NOT NULL,
        channel TEXT NOT NULL CHECK (channel IN ('phone', 'sms', 'visit', 'wechat', 'other')),
        note TEXT NOT NULL,
        call_id INTEGER REFERENCES calls(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id) ON DELETE SET NULL
      ) STRICT;
      CREATE INDEX contact_records_customer ON contact_records(customer_id, at);
    `);
  },
};
