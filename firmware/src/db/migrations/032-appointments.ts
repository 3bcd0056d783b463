import type { Migration } from '../migrate.js';

/**
 * Appointments (O3, docs/appointments.md): the studio's rooms and its calendar of shoots,
 * make-up, selections, sample viewings and pickups, each for a customer (and maybe one of
 * their orders) in a room with people. Times are UTC ISO; set-up and clearing-up minutes are
 * the appointment's own. An appointment is cancelled, never deleted (its audit trail names it).
 * Working hours and days off are settings (key 'appointments'), not tables.
 */
export const appointments: Migration = {
  version: 32,
  name: 'appointments',
  up(db) {
    db.exec(`
      CREATE TABLE rooms (
        id INTEGER PRIMARY KEY,
        position INTEGER NOT NULL,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL
      ) STRICT;

      CREATE TABLE appointments (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('shoot', 'makeup', 'selection', 'sample_viewing', 'pickup')),
        customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
        order_id INTEGER REFERENCES orders(id) ON DELETE RESTRICT,
        room_id INTEGER REFERENCES rooms(id) ON DELETE RESTRICT,
        starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL CHECK (ends_at > starts_at),
        setup_before INTEGER NOT NULL CHECK (setup_before BETWEEN 0 AND 240),
        setup_after INTEGER NOT NULL CHECK (setup_after BETWEEN 0 AND 240),
        note TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL DEFAULT 'booked' CHECK (state IN ('booked', 'cancelled')),
        override_reason TEXT,
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL
      ) STRICT;
      CREATE INDEX appointments_time ON appointments(state, starts_at);
      CREATE INDEX appointments_customer ON appointments(customer_id);
      CREATE INDEX appointments_order ON appointments(order_id) WHERE order_id IS NOT NULL;

      CREATE TABLE appointment_people (
        appointment_id INTEGER NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        post TEXT NOT NULL CHECK (post IN ('front_desk', 'photographer', 'makeup', 'retoucher', 'designer')),
        PRIMARY KEY (appointment_id, user_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX appointment_people_user ON appointment_people(user_id);
    `);
  },
};
