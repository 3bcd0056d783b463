// The search index against a naive reference: for any names and any fragment, the customers
// found are exactly those whose folded name (or its pinyin) contains the folded fragment.
// Real SQLite, real FTS5.
import fc from 'fast-check';
import type { CountryCode } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { displayPhone } from '../../src/crm/phone.js';
import { pinyinForms } from '../../src/crm/pinyin.js';
import { indexLookup, parseSearchQuery } from '../../src/crm/search-text.js';
import { foldText } from '../../src/util/fold.js';
import { customerService } from '../helpers/customer-service.js';

const service = customerService;

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

  it('property: finds exactly the customers whose name or its pinyin contains the fragment', () => {
    // What a name can be found by: its folded text; for a Chinese name its pinyin, whole
    // (also with ü as v) or initials, and by 1-2 letters only the start of a syllable or a
    // piece of the initials. pinyinForms itself is held by pinyin-search.test.ts.
    const sources = (n: string) => {
      const py = pinyinForms(n);
      return [foldText(n), ...(py ? [foldText(py.full), py.fullV ?? '', py.initials] : [])].filter(Boolean);
    };
    const matches = (n: string, q: string) => {
      const py = pinyinForms(n);
      if (foldText(n).includes(q)) return true;
      if (!py) return false;
      if ([...q].length >= 3) return sources(n).some((f) => f.includes(q));
      const typed = py.syllables.flatMap((s) => [foldText(s), s.replace(/ü/g, 'v')]);
      return py.initials.includes(q) || typed.some((s) => s.startsWith(q));
    };
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 15 }), fc.nat(), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 4 }), (names, pick, form, start, len) => {
        const { db, customers, actor } = service();
        const ids = names.map((n) => customers.create(actor, { name: n }).id);
        // A fragment of one of the names or of its pinyin (sometimes crossing words), or of nothing.
        const from_ = sources(names[pick % names.length]!);
        const chars = [...from_[form % from_.length]!];
        const from = start % chars.length;
        const q = chars.slice(from, from + len).join('');
        const parsed = parseSearchQuery(q);
        if (parsed.kind !== 'name') return;
        const expected = ids.filter((_, i) => matches(names[i]!, parsed.text)).sort((a, b) => b - a);
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
