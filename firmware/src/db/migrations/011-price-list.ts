import type { Migration } from '../migrate.js';

/**
 * The price list (A3, F1) and what each group may give off a bill (seed 001: "store staff can
 * only invoice within the scope of authorization").
 *
 * A price item is retired, never deleted: bills name the items they sold. A package says what
 * it includes in words ("30 photos selected, 2 albums") and, when photos are counted, how many
 * are included and the price of each extra one. Prices are in the currency's minor unit.
 *
 * A group's discount limit is a percentage of a bill's gross (0 = no discount at all); a user
 * may give the largest limit of their groups, an admin anything.
 */
export const priceList: Migration = {
  version: 11,
  name: 'price-list',
  up(db) {
    db.exec(`
      CREATE TABLE price_items (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('package', 'service', 'product')),
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
        currency TEXT NOT NULL,
        includes TEXT NOT NULL DEFAULT '',
        photos_included INTEGER CHECK (photos_included >= 0),
        extra_photo_minor INTEGER CHECK (extra_photo_minor >= 0),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL
      ) STRICT;
      CREATE TRIGGER price_items_no_delete BEFORE DELETE ON price_items
        BEGIN SELECT RAISE(ABORT, 'a price item is retired, never deleted'); END;

      ALTER TABLE groups ADD COLUMN discount_limit_pct INTEGER NOT NULL DEFAULT 0 CHECK (discount_limit_pct BETWEEN 0 AND 100);
    `);
  },
};
