// A CustomerService on a fresh in-memory database with one admin, for the search tests.
import type { CountryCode } from 'libphonenumber-js';
import { pino } from 'pino';
import { AuditLog } from '../../src/audit/audit-log.js';
import { CustomerService } from '../../src/crm/customer-service.js';
import { openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { EventHub } from '../../src/events/event-hub.js';
import { systemClock } from '../../src/util/clock.js';

export function customerService(country: () => CountryCode = () => 'CN') {
  const db = openDatabase(':memory:');
  migrate(db, migrations);
  db.prepare(`INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at, updated_at) VALUES (1, 'a', 'A', 'x', 1, '', '')`).run();
  const customers = new CustomerService(db, new AuditLog(db, systemClock), new EventHub(systemClock, pino({ level: 'silent' })), systemClock, country);
  return { db, customers, actor: { id: 1, name: 'A' } };
}
