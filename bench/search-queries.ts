// What people type into the customer search, for the search benchmarks: weighted makers of
// name fragments and phone fragments drawn from the generated customers.
import { pinyinForms } from '../firmware/src/crm/pinyin.js';
import { digitsOnly, foldText } from '../firmware/src/util/fold.js';
import { pick, type FakeCustomer, type Rand } from './fake-customers.js';

export interface Query {
  q: string;
  subkind: string;
}
export type QueryMaker = [subkind: string, weight: number, make: (rand: Rand) => string];

// Characters and letter runs no generated name contains.
const NO_MATCH_SHORT = ['龘', '靐', '龘靐', 'vq', 'ǂ']; // not 'qx': any two initials can be a name's (i, u, v never start a syllable)
const NO_MATCH_LONG = ['龘靐齉', 'qzxv', 'Xqzvk', 'wvkqz', 'zzyq'];

export function nameQueryMakers(people: FakeCustomer[]): QueryMaker[] {
  const of = (kind: FakeCustomer['kind']) => people.filter((p) => p.kind === kind);
  const zh = of('zh');
  const zh3 = zh.filter((p) => p.name.length === 3);
  const vi = of('vi');
  const latin = of('latin');
  // Typed without diacritics, as most people type Vietnamese on a Chinese keyboard.
  const plain = (s: string) => foldText(s);
  // Chinese names typed in pinyin, ü as v as input methods type it.
  const typed = (chinese: string) => {
    const p = pinyinForms(chinese)!;
    return p.fullV ?? p.full;
  };
  return [
    ['zh pinyin, surname', 5, (r) => typed(pick(r, zh).parts[0]!)],
    ['zh pinyin, full name', 5, (r) => typed(pick(r, zh).name)],
    ['zh pinyin initials, 2–3', 5, (r) => pinyinForms(pick(r, zh).name)!.initials],
    ['zh surname, 1 char', 15, (r) => pick(r, zh).parts[0]!],
    ['zh 2 chars (given / surname+1)', 15, (r) => (r() < 0.5 ? pick(r, zh3).parts[1]! : pick(r, zh).name.slice(0, 2))],
    ['zh full name, 3 chars', 5, (r) => pick(r, zh3).name],
    [
      'vi without diacritics',
      20,
      (r) => {
        const [family, middle, given] = pick(r, vi).parts as [string, string, string];
        return plain(pick(r, [`${family} ${middle}`, `${middle} ${given}`, family, given]));
      },
    ],
    ['vi with diacritics', 10, (r) => pick(r, vi).parts.slice(r() < 0.5 ? 2 : 1).join(' ')],
    [
      'latin, 3–5 letters',
      20,
      (r) => {
        const part = pick(r, pick(r, latin).parts);
        const len = Math.min(part.length, 3 + Math.floor(r() * 3));
        const at = Math.floor(r() * (part.length - len + 1));
        return part.slice(at, at + len);
      },
    ],
    ['no match, 1–2 chars', 7, (r) => pick(r, NO_MATCH_SHORT)],
    ['no match, ≥3 chars', 8, (r) => pick(r, NO_MATCH_LONG)],
  ];
}

export function phoneQueryMakers(people: FakeCustomer[], rand: Rand, finds: (q: string) => boolean): QueryMaker[] {
  const lastDigits = (r: Rand, n: number) => digitsOnly(pick(r, pick(r, people).phones)).slice(-n);
  // Random digit runs the search itself confirms match nobody.
  const absent: string[] = [];
  while (absent.length < 20) {
    const q = lastDigits(rand, 6 + Math.floor(rand() * 3)).replace(/^./, (d) => String((Number(d) + 5) % 10));
    if (!finds(q)) absent.push(q);
  }
  return [
    ['last 4 digits', 40, (r) => lastDigits(r, 4)],
    ['last 6–8 digits', 45, (r) => lastDigits(r, 6 + Math.floor(r() * 3))],
    ['no match, 6–8 digits', 15, (r) => pick(r, absent)],
  ];
}

/** `count` queries, each from a maker chosen at random in proportion to its weight. */
export function queries(makers: QueryMaker[], count: number, rand: Rand): Query[] {
  const total = makers.reduce((n, [, w]) => n + w, 0);
  return Array.from({ length: count }, () => {
    let x = rand() * total;
    const [subkind, , make] = makers.find(([, w]) => (x -= w) < 0) ?? makers[0]!;
    return { q: make(rand), subkind };
  });
}
