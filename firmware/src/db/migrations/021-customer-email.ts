import type { Migration } from '../migrate.js';

/**
 * The customer's e-mail address (C1, for S6 e-mail marketing): one address or NULL, stored as
 * the form validated it (trimmed, domain in lower case). Searched through the customer_search
 * index (search-text.ts adds it to a customer's text), so no index of its own.
 */
export const customerEmail: Migration = {
  version: 21,
  name: 'customer-email',
  up(db) {
    db.exec(`ALTER TABLE customers ADD COLUMN email TEXT CHECK (email IS NULL OR (length(email) BETWEEN 3 AND 254 AND email LIKE '%_@_%'));`);
  },
};
