import type { Migration } from '../migrate.js';

/**
 * Photo selection (O4, issue 19 item 4): a customer chooses the shoot's photos on a tablet.
 *
 * A session belongs to an order and to one order folder of the customer's library
 * ("<customer folder>/<order folder>"); its photos are that folder's originals. At most one
 * session of an order is open (partial unique index); a finished one is kept as it was, with
 * where its `selected/` folder went and the Lightroom filter it wrote.
 *
 * The package's counts are copied in when the session is opened (from the order's bill, the
 * price list or what staff typed): a later price change does not change a selection.
 *
 * A mark is one row per photo touched: keep / maybe / no (or none yet) and the retouch wish.
 */
export const selection: Migration = {
  version: 28,
  name: 'selection',
  up(db) {
    db.exec(`
      CREATE TABLE selection_sessions (
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE RESTRICT,
        customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
        folder TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'finished')),
        package_name TEXT,
        photos_included INTEGER CHECK (photos_included >= 0),
        extra_photo_minor INTEGER CHECK (extra_photo_minor >= 0),
        currency TEXT NOT NULL,
        selected_dir TEXT,
        lightroom TEXT,
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        finished_at TEXT,
        finished_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        CHECK ((state = 'open') = (finished_at IS NULL))
      ) STRICT;
      CREATE UNIQUE INDEX selection_one_open ON selection_sessions(order_id) WHERE state = 'open';
      CREATE INDEX selection_by_order ON selection_sessions(order_id, id);

      CREATE TABLE selection_marks (
        session_id INTEGER NOT NULL REFERENCES selection_sessions(id) ON DELETE RESTRICT,
        file_id INTEGER NOT NULL REFERENCES ingest_files(id) ON DELETE RESTRICT,
        mark TEXT CHECK (mark IN ('keep', 'maybe', 'no')),
        note TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        PRIMARY KEY (session_id, file_id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
