// The search index against a naive reference: for any names and any fragment, the customers
// found are exactly those whose folded name contains the folded fragment. Real SQLite, real FTS5.
import fc from 'fast-check';
import type { CountryCode } from 'libphonenumber-js';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.js';
import { CustomerService } from '../../src/crm/customer-service.js';
import { displayPhone } from '../../src/crm/phone.js';
import { indexLookup, parseSearchQuery } from '../../src/crm/search-text.js';
import { openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { EventHub } from '../../src/events/event-hub.js';
import { systemClock } from '../../src/util/clock.js';
import { foldText } from '../../src/util/fold.js';

function service(country: () => CountryCode = () => 'CN') {
  const db = openDatabase(':memory:');
  migrate(db, migrations);
  db.prepare(`INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at, updated_at) VALUES (1, 'a', 'A', 'x', 1, '', '')`).run();
  const customers = new CustomerService(db, new AuditLog(db, systemClock), new EventHub(systemClock, pino({ level: 'silent' })), systemClock, country);
  return { db, customers, actor: { id: 1, name: 'A' } };
}

// Small alphabets so that fragments often hit: Chinese, Vietnamese letters with marks, Latin.
const letter = fc.constantFrom(...'王李小明芳华阮陈ăâđêôơưàáạảãếềệởữA aBbnguyễnthịhoaĐứcSmi'.split(''));
const name = fc.array(letter, { minLength: 1, maxLength: 10 }).map((cs) => cs.join('').trim()).filter((n) => n.length > 0);

describe('customer search', () => {
  it('short name pieces use the index, never a scan', () => {
    expect(indexLookup({ kind: 'name', text: '王' })).toHaveProperty('match');
    expect(indexLookup({ kind: 'name', text: '小明' })).toHaveProperty('match');
    expect(indexLookup({ kind: 'name', text: 'thi' })).toHaveProperty('match');
    expect(indexLookup({ kind: 'phone', text: '56' })).toHaveProperty('like');
  });

  it('property: finds exactly the customers whose name contains the fragment', () => {
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 15 }), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 4 }), (names, pick, start, len) => {
        const { db, customers, actor } = service();
        const ids = names.map((n) => customers.create(actor, { name: n }).id);
        // A fragment of one of the names (sometimes crossing words), or of nothing.
        const source = names[pick % names.length]!;
        const chars = [...source];
        const from = start % chars.length;
        const q = chars.slice(from, from + len).join('');
        const parsed = parseSearchQuery(q);
        if (parsed.kind !== 'name') return;
        const expected = ids.filter((_, i) => foldText(names[i]!).includes(parsed.text)).sort((a, b) => b - a);
        const found = customers.search(q, 100).items.map((c) => c.id);
        expect(found).toEqual(expected);
        db.close();
      }),
      { numRuns: 150 },
    );
  });

  it('rebuilds the index when the indexing changes, and only then', () => {
    const { db, customers, actor } = service();
    customers.create(actor, { name: 'Trần Thị Hoa', phones: [{ number: '13812345678' }] });
    expect(customers.ensureSearchIndex()).toBe(1); // no version stored yet
    expect(customers.ensureSearchIndex()).toBe(0);
    db.prepare(`UPDATE settings SET value = '1' WHERE key = 'customer_search_version'`).run();
    db.prepare('DELETE FROM customer_search').run();
    expect(customers.search('hoa', 10).items).toEqual([]);
    expect(customers.ensureSearchIndex()).toBe(1);
    expect(customers.search('hoa', 10).items.map((c) => c.name)).toEqual(['Trần Thị Hoa']);
    expect(customers.search('5678', 10).items.map((c) => c.name)).toEqual(['Trần Thị Hoa']);
  });

  it('shows each phone in the form for the studio country of the moment (the display forms are cached per country)', () => {
    let country: CountryCode = 'CN';
    const { db, customers, actor } = service(() => country);
    customers.create(actor, { name: 'Trần Thị Hoa', phones: [{ number: '13812345678' }, { number: '+84 912 345 678' }] });
    const shown = () => customers.search('hoa', 10).items[0]!.phones.map((p) => p.display);
    const expected = (c: CountryCode) => ['+8613812345678', '+84912345678'].map((e164) => displayPhone(e164, c));
    expect(shown()).toEqual(expected('CN'));
    expect(shown()[0]).toBe('138 1234 5678'); // national in the studio's country
    expect(shown()).toEqual(expected('CN'));
    country = 'VN';
    expect(shown()).toEqual(expected('VN'));
    expect(shown()[0]).toMatch(/^\+86 /); // international elsewhere
    db.close();
  });
});
